"""Stories: asks told whole, each defined once and used by id elsewhere. The check that every
story follows one of its playbook's sources, that every moment shows a pattern, anti-pattern or
motivator, and that every id a story names is defined.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from handbook.problems import Problem, shown
from handbook.schema.models import KIND_BY_FIELD
from handbook.schema.stories import Story

if TYPE_CHECKING:
    from handbook.check.handbook import Handbook, LoadedPlaybook

Loc = tuple[Any, ...]
SHOWN_KINDS = ("patterns", "anti_patterns", "motivators", "gains", "principles")
SHOWN_WORDS = "framing pattern, anti-pattern, motivator, gain or principle"


@dataclass(frozen=True)
class StoryRecord:
    """A story and the playbook that defines it."""

    story: Story
    defined_in: str


def defined_stories(playbook: LoadedPlaybook) -> Iterator[tuple[int, Story]]:
    """The stories a playbook defines (not those it uses by id), with their place in its list."""
    for i, entry in enumerate(playbook.model.stories):
        if not isinstance(entry, str):
            yield i, entry


def story_index(handbook: Handbook) -> dict[str, StoryRecord]:
    """Every story by id, the first definition winning (a second is reported as a clash)."""
    found: dict[str, StoryRecord] = {}
    for playbook in handbook.ordered():
        for _, story in defined_stories(playbook):
            found.setdefault(story.id, StoryRecord(story, playbook.id))
    return found


def stories_of(playbook: LoadedPlaybook, handbook: Handbook) -> list[StoryRecord]:
    """The stories a playbook shows, defined there or used by id, in its order."""
    index = handbook.stories
    return [index[entry if isinstance(entry, str) else entry.id] for entry in playbook.model.stories
            if (entry if isinstance(entry, str) else entry.id) in index]


def check_stories(handbook: Handbook, broken_ids: AbstractSet[str] = frozenset()) -> list[Problem]:
    """Every problem with stories, each at its place: an unknown story, source, situation or item,
    a source the playbook does not list, a moment that shows nothing, and a playbook none of whose
    stories follows one of its sources. An id defined in a file that failed its own checks
    (`broken_ids`) counts as what it is named for."""
    problems: list[Problem] = []
    index = handbook.stories

    def kind_of(item_id: str) -> str | None:
        return "known" if item_id in broken_ids else _kind_of(handbook, item_id)

    def report(playbook: LoadedPlaybook, loc: Loc, message: str) -> None:
        problems.append(Problem(playbook.path, *playbook.doc.position(loc), message))

    for playbook in handbook.ordered():
        listed = {entry if isinstance(entry, str) else entry.id for entry in playbook.model.sources}
        for i, entry in enumerate(playbook.model.stories):
            if isinstance(entry, str):
                if entry not in index and entry not in broken_ids:
                    report(playbook, ("stories", i), _unknown(entry, "story", list(index)))
                continue
            if kind_of(entry.source) not in ("sources", "known"):
                report(playbook, ("stories", i, "source"), _wrong(handbook, entry.source, ("sources",), "source"))
            elif entry.source not in listed:
                report(playbook, ("stories", i, "source"), f"the story follows '{entry.source}', which is not "
                       "among this playbook's 'sources'; add it there, so the page credits it")
            for j, situation in enumerate(entry.situations):
                if kind_of(situation) not in ("situations", "known"):
                    report(playbook, ("stories", i, "situations", j),
                           _wrong(handbook, situation, ("situations",), "situation"))
            for j, moment in enumerate(entry.moments):
                if not moment.shows:
                    report(playbook, ("stories", i, "moments", j), f"this moment links to nothing; name in "
                           f"'shows' the {SHOWN_WORDS} it shows (by id), or leave the moment out")
                for k, item_id in enumerate(moment.shows):
                    if kind_of(item_id) not in (*SHOWN_KINDS, "known"):
                        report(playbook, ("stories", i, "moments", j, "shows", k),
                               _wrong(handbook, item_id, SHOWN_KINDS, SHOWN_WORDS))
        shown_here = stories_of(playbook, handbook)
        if len(shown_here) == len(playbook.model.stories) and not any(
                record.story.source in listed for record in shown_here):
            problems.append(Problem(playbook.path, *playbook.doc.position(("stories",), key=True),
                                    "none of this playbook's stories follows one of its 'sources'; tell "
                   "one ask from a post it lists (with that post's id in 'source'), or list by id a story "
                   "another playbook tells from one of them"))
    return problems


def _kind_of(handbook: Handbook, item_id: str) -> str | None:
    record = handbook.items.get(item_id)
    return record.kind.field if record is not None else None


def _wrong(handbook: Handbook, item_id: str, fields: tuple[str, ...], wanted: str) -> str:
    record = handbook.items.get(item_id)
    if record is not None:
        article = "an" if record.kind.singular[0] in "aeiou" else "a"
        return (f"'{item_id}' is {article} {record.kind.singular} (defined in playbook '{record.defined_in}'), "
                f"but a {wanted} is needed here")
    known = [i for i, r in handbook.items.items() if r.kind in tuple(KIND_BY_FIELD[f] for f in fields)]
    return _unknown(item_id, wanted, known)


def _unknown(item_id: str, wanted: str, known: list[str]) -> str:
    close = difflib.get_close_matches(item_id, known, n=1)
    hint = f"; did you mean '{close[0]}'?" if close else f"; define it, or name an existing {wanted.split(',')[0]}"
    return f"{shown(item_id)} names no {wanted} in the handbook{hint}"
