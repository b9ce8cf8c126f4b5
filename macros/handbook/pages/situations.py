"""A page per situation, answering it on one screen of a phone: the line to say first, the map of
what to say when they answer, what to watch out for, the exercise that practises it and the
playbooks that go deeper. Also the situations page and the home page's list, both grouped by who
stands across from the reader (counterparts.py).
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from handbook.check.conversations import Lines, SpokenLine, Step, conversation
from handbook.check.handbook import Handbook, ItemRecord, LoadedPlaybook
from handbook.pages.counterparts import OTHER, Counterpart, counterparts, ordered_situations
from handbook.pages.frontmatter import front_matter
from handbook.pages.layout import Chunk, Layout, Shown, first_few, kind_chunks, page_of, uses_uri
from handbook.pages.render import render
from handbook.pages.spellings import other_spellings
from handbook.pages.stories import stories_answering
from handbook.schema.items import Item
from handbook.schema.models import KIND_BY_FIELD
from handbook.schema.names import ACROSS_NAMES

# Search weighs a page by this: a situation's page answers its words best, then a playbook (2);
# a list of links only leads to them.
SITUATION_BOOST = 3
LISTING_BOOST = 0.5
HOME_PER_GROUP = 15  # situations each group shows on the home page before it links to the rest


@dataclass(frozen=True)
class Watch:
    """What to watch out for: a pattern's own warning, or an anti-pattern to avoid."""

    title: str
    text: str
    uri: Markup  # from docs/, built from ids


@dataclass(frozen=True)
class SituationPage:
    """Everything one situation's page shows."""

    record: ItemRecord
    steps: list[Step]
    watch: Watch | None
    exercise: Item | None
    playbooks: Shown[LoadedPlaybook]


def home_of(handbook: Handbook, item: Item) -> LoadedPlaybook:
    """The playbook that defines an item, where it is written out in full."""
    return handbook.playbooks[handbook.items[item.id].defined_in]


def line_uri(handbook: Handbook, line: SpokenLine) -> Markup:
    """Where a line is written, from docs/: its pattern on its playbook, or its exercise's page."""
    if line.kind == "exercises":
        return Markup(f"{page_of('exercises', line.owner.id)}#scripts")  # noqa: S704 - ids
    return item_uri(handbook, line.owner)


def item_uri(handbook: Handbook, item: Item) -> Markup:
    """An item's full text, from docs/: on its home playbook's page."""
    return Markup(f"{page_of('playbooks', home_of(handbook, item).id)}#{item.id}")  # noqa: S704 - ids


def start_of(situation: Any, handbook: Handbook, lines: Lines) -> str | None:
    """The id the situation's conversation starts from: its `first_line`, else the first pattern
    with a line to say in the first playbook that serves it."""
    if situation.first_line:
        return str(situation.first_line)
    for playbook in handbook.used_by(situation.id):
        for pattern in playbook.items(KIND_BY_FIELD["patterns"], handbook):
            if lines.first_of(pattern) is not None:
                return pattern.id
    return None


def situation_page(record: ItemRecord, handbook: Handbook, lines: Lines) -> SituationPage:
    """What a situation's page shows, worked out from its first line and its playbooks."""
    situation = record.item
    start = start_of(situation, handbook, lines)
    steps = conversation(lines, start) if start else []
    users = handbook.used_by(situation.id)
    first_pattern = steps[0].pattern if steps else None
    watch = None
    if first_pattern is not None and getattr(first_pattern, "watch_out", None):
        watch = Watch(first_pattern.title, first_pattern.watch_out,  # type: ignore[attr-defined]
                      item_uri(handbook, first_pattern))
    else:
        habits = [i for p in users for i in p.items(KIND_BY_FIELD["anti_patterns"], handbook)]
        if habits:
            watch = Watch(habits[0].title, habits[0].summary, item_uri(handbook, habits[0]))  # type: ignore[attr-defined]
    return SituationPage(record, steps, watch, _exercise_for(steps, users, handbook, lines),
                         first_few(users, everything=uses_uri(situation.id)(1)))


def _exercise_for(steps: list[Step], users: Sequence[LoadedPlaybook], handbook: Handbook,
                  lines: Lines) -> Item | None:
    """The exercise whose line starts the conversation, else one that practises its first pattern
    (one for the first week first), else the first exercise of the first playbook."""
    if steps and steps[0].line is not None and steps[0].line.kind == "exercises":
        return steps[0].line.owner
    pattern = steps[0].pattern if steps else None
    if pattern is not None:
        practising = [r.item for r in handbook.practised_by(pattern.id)]
        if practising:
            return sorted(practising, key=lambda e: not e.first_week)[0]  # type: ignore[attr-defined]
    for playbook in users:
        exercises = playbook.items(KIND_BY_FIELD["exercises"], handbook)
        if exercises:
            return exercises[0]
    return None


def situation_pages(handbook: Handbook, layout: Layout) -> dict[str, str]:
    """Every situation's page, by path under docs/: `situations/<id>.md`."""
    lines = Lines(handbook)
    ordered = ordered_situations(handbook)
    homes = group_homes(layout.kinds["situations"])
    pages = {}
    for n, record in enumerate(ordered):
        page = situation_page(record, handbook, lines)
        situation = record.item
        steps = page.steps
        spoken = [s.line.script.say for s in steps if s.line is not None]
        following = ordered[n + 1] if n + 1 < len(ordered) else None
        variants = other_spellings([situation.title, *situation.phrases, *spoken])  # type: ignore[attr-defined]
        pages[str(page_of("situations", situation.id))] = render(
            "situation.md.j2",
            front_matter=front_matter(situation.title, search={"boost": SITUATION_BOOST},
                                      tags=search_words(situation.phrases, other_spellings(  # type: ignore[attr-defined]
                                          [situation.title, *situation.phrases, *spoken], held_too=True))),  # type: ignore[attr-defined]
            root=Markup("../"),
            page=page,
            situation=situation,
            group=_group_label(situation),
            group_home=homes[_group_key(situation)],
            line_uri=lambda line: line_uri(handbook, line),
            item_uri=lambda item: item_uri(handbook, item),
            layout=layout,
            credits=lambda item: [handbook.items[s].item for s in getattr(item, "sources", [])
                                  if s in handbook.items],
            following=following.item if following is not None else None,
            variants=variants,
            stories=stories_answering(situation.id, handbook),
        )
    return pages


def _group_label(situation: Any) -> str:
    return ACROSS_NAMES.get(situation.across or "", OTHER[1])


def _group_key(situation: Any) -> str:
    return getattr(situation, "across", None) or OTHER[0]


def group_homes(pages: list[Chunk[ItemRecord]]) -> dict[str, Markup]:
    """Where each group of situations is anchored: the index page (from docs/) on which it begins, so
    that a link to a group finds it however many pages the index has."""
    homes: dict[str, Markup] = {}
    for chunk in pages:
        for record in chunk.entries:
            homes.setdefault(_group_key(record.item), Markup(chunk.src_uri))  # noqa: S704 - a path of ids
    return homes


def render_situation_index(chunk: Chunk[ItemRecord], handbook: Handbook, title: str) -> str:
    """A page of the situations, grouped by who stands across from the reader, each linking to its page."""
    earlier = ordered_situations(handbook)[:chunk.start - 1]
    begun = {getattr(record.item, "across", None) or OTHER[0] for record in earlier}
    return render("situations_grouped.md.j2",
                  front_matter=front_matter(title, search={"boost": LISTING_BOOST}),
                  title=title, chunk=chunk, root=chunk.root, groups=counterparts(list(chunk.entries)),
                  begun=begun)


def render_situations_home(handbook: Handbook, per_group: int = HOME_PER_GROUP) -> str:
    """The home page's opening: the situations grouped by who stands across from the reader, each
    group's first few linking to their pages and the rest a link away."""
    homes = group_homes(kind_chunks(handbook, KIND_BY_FIELD["situations"]))
    groups: list[tuple[Counterpart, Shown[ItemRecord]]] = [
        (group, first_few(group.situations, per_group, f"{homes[group.key]}#across-{group.key}"))
        for group in counterparts(ordered_situations(handbook))]
    return render("situations_home.md.j2", groups=groups,
                  total=len(handbook.of_kind(KIND_BY_FIELD["situations"])))


def playbook_spellings(playbook: LoadedPlaybook, by_kind: dict[Any, list[Item]]) -> list[str]:
    """The other spellings of the words a playbook's page leads with: its title, summary and
    phrases, and the titles and summaries of the items it uses."""
    model = playbook.model
    texts = [model.title, model.summary, *model.phrases]
    for items in by_kind.values():
        texts += [text for item in items for text in (item.title, getattr(item, "summary", ""))]
    return other_spellings(texts)


def search_words(phrases: list[str], variants: list[str]) -> list[str]:
    """A page's words for search, given as its front matter's tags: Material's search weighs a tag
    above a title, and neither engine shows these tags on the page (overrides/partials/tags.html).
    The reader's phrases, then the other spellings of the page's words; HTML-escaped like a title,
    since a theme template might print a tag raw."""
    return list(dict.fromkeys(html.escape(word, quote=False) for word in [*phrases, *variants]))
