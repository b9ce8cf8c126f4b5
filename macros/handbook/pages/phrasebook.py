"""The phrasebook: every line to say in the handbook, once, grouped by the moment it is for, each
with the pattern (or exercise) it belongs to and a situation it answers. Made to be read before a
hard conversation, and to print on two pages."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

from handbook.check.conversations import Lines, SpokenLine, conversation
from handbook.check.handbook import Handbook
from handbook.pages.counterparts import ordered_situations
from handbook.pages.frontmatter import front_matter
from handbook.pages.layout import chunks, index_uri, paged_title
from handbook.pages.render import render
from handbook.pages.situations import line_uri, start_of
from handbook.schema.items import Item
from handbook.schema.models import KIND_BY_FIELD
from handbook.schema.names import MOMENT_NAMES

PHRASEBOOK_PAGE = "phrasebook/index.md"
# Lines on one page: the real handbook's fit on one, which prints on two sheets; a big one is paged.
PER_PAGE = 100
OTHER_MOMENT = ("other", "Other moments")


@dataclass(frozen=True)
class Phrase:
    """One line of the phrasebook: the line, where it is written, and a situation it answers."""

    line: SpokenLine
    uri: Markup  # from docs/
    situation: Item | None


@dataclass(frozen=True)
class MomentGroup:
    key: str
    label: str
    phrases: list[Phrase]


def phrasebook(handbook: Handbook) -> list[MomentGroup]:
    """Every line once, by moment in MOMENT_NAMES' order (lines without one last), in reading order within."""
    lines = Lines(handbook)
    # Each line's situation: the one whose map reaches it soonest, the first in order on a tie.
    nearest: dict[int, tuple[int, int, Item]] = {}
    for n, record in enumerate(ordered_situations(handbook)):
        start = start_of(record.item, handbook, lines)
        for step in conversation(lines, start) if start else []:
            if step.line is not None:
                key = id(step.line.script)
                if key not in nearest or nearest[key][:2] > (step.number, n):
                    nearest[key] = (step.number, n, record.item)
    answers = {key: found[2] for key, found in nearest.items()}
    groups: dict[str, list[Phrase]] = {}
    for line in lines.all:
        situation = answers.get(id(line.script))
        if situation is None:
            served = line.playbook.items(KIND_BY_FIELD["situations"], handbook)
            situation = served[0] if served else None
        groups.setdefault(line.script.moment or OTHER_MOMENT[0], []).append(
            Phrase(line, line_uri(handbook, line), situation))
    labels = {**MOMENT_NAMES, OTHER_MOMENT[0]: OTHER_MOMENT[1]}
    return [MomentGroup(key, labels[key], groups[key]) for key in labels if key in groups]


def phrasebook_pages(handbook: Handbook) -> dict[str, str]:
    """The phrasebook's pages, by path under docs/: one, or pages of PER_PAGE lines in the same order."""
    flat = [(group, phrase) for group in phrasebook(handbook) for phrase in group.phrases]
    pages = chunks(flat, PER_PAGE, index_uri("phrasebook"))
    return {page.src_uri: render(
        "phrasebook.md.j2",
        front_matter=front_matter(paged_title("Phrasebook", page), hide=["navigation", "toc"], printable=True),
        title=paged_title("Phrasebook", page), groups=regrouped(page.entries), chunk=page, root=page.root,
        count=page.total)
        for page in pages}


def regrouped(entries: Sequence[tuple[MomentGroup, Phrase]]) -> list[MomentGroup]:
    """One page's lines under their moments' headings, in the order they come."""
    groups: dict[str, MomentGroup] = {}
    for group, phrase in entries:
        groups.setdefault(group.key, MomentGroup(group.key, group.label, [])).phrases.append(phrase)
    return list(groups.values())
