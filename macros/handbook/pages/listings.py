"""The complete lists behind every "and N more": the playbooks that use an item, the exercises
that practise it.

An entry on an index or an exercise page shows the first few of a long list and links here for
the rest. A listing exists only for an item whose list was cut, and is paged like every other
list, so no page grows with the handbook.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from handbook.check.handbook import Handbook, LoadedPlaybook
from handbook.pages.frontmatter import front_matter
from handbook.pages.layout import (
    PER_INDEX_PAGE,
    SHOWN_LINKS,
    SITUATION_LINKS,
    Chunk,
    chunks,
    practised_uri,
    uses_uri,
)
from handbook.pages.render import render
from handbook.schema.items import Item
from handbook.schema.models import KIND_BY_FIELD


@dataclass(frozen=True)
class UseEntry:
    """A playbook that uses an item; for a situation, also the patterns and warnings it brings."""

    playbook: LoadedPlaybook
    patterns: list[Item]
    warnings: list[Item]


def listing_pages(handbook: Handbook, item_id: str) -> dict[str, str]:
    """The listing pages of one item, by path under docs/: of its playbooks, and of the exercises
    that practise it, where its entry cuts either list short."""
    pages: dict[str, str] = {}
    record = handbook.items[item_id]
    users = handbook.used_by(item_id)
    situation = record.kind.field == "situations"
    entries = [_use_entry(p, handbook, situation) for p in users]
    if len(users) > SHOWN_LINKS or (situation and _situation_is_cut(entries)):
        for chunk in chunks(entries, PER_INDEX_PAGE, uses_uri(item_id)):
            pages[chunk.src_uri] = _render("uses.md.j2", f"Playbooks for: {record.item.title}", chunk,
                                           record=record)
    practised = handbook.practised_by(item_id)
    if len(practised) > SHOWN_LINKS:
        for exercises in chunks(practised, PER_INDEX_PAGE, practised_uri(item_id)):
            pages[exercises.src_uri] = _render("practised.md.j2", f"Exercises for: {record.item.title}",
                                               exercises, record=record)
    return pages


def _render(template: str, title: str, chunk: Chunk[Any], **context: object) -> str:
    shown = title if chunk.count == 1 else f"{title}, page {chunk.number} of {chunk.count}"
    return render(template, front_matter=front_matter(shown, search={"exclude": True}), title=shown,
                  chunk=chunk, root=chunk.root, **context)


def _situation_is_cut(entries: list[UseEntry]) -> bool:
    """Whether a situation's entry names fewer patterns or warnings than its playbooks bring: the
    same count pages.situation_entry cuts at."""
    patterns = {id(i) for e in entries for i in e.patterns}
    warnings = {id(i) for e in entries for i in e.warnings}
    return len(patterns) > SITUATION_LINKS or len(warnings) > SITUATION_LINKS


def _use_entry(playbook: LoadedPlaybook, handbook: Handbook, situation: bool) -> UseEntry:
    if not situation:
        return UseEntry(playbook, [], [])
    warnings = [i for k in ("anti_patterns", "when_not_to_use") for i in playbook.items(KIND_BY_FIELD[k], handbook)]
    return UseEntry(playbook, playbook.items(KIND_BY_FIELD["patterns"], handbook), warnings)
