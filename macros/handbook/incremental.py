"""Pages made again only where an edit can change them: what keeps the preview quick at any size.

A generation is made of pieces (a page, a playbook's body, the pages listing one item's users),
each made inside `loader.reading`, which notes every playbook whose content the piece read. The
next generation takes a piece as it was when none of those playbooks has changed since (by the
sha256 of its file), and makes it again otherwise.

A piece depends on the content it reads and on what is decided outside any piece: which pages
exist, what each lists, in what order. So every piece is made again when that, the `structure` of
the handbook, changes: each playbook's data without its free text, and the order of every kind's
items. Text edited, the common case, leaves the structure alone (an item's title does not when it
moves the item in its index); an id, an order, a tag or a new item changes it. Templates edited in
the preview change it too. tests/test_regenerate.py compares the pages with a fresh generation
after every kind of edit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from pydantic import BaseModel

from .loader import Handbook, LoadedPlaybook, note_read, reading
from .models import KINDS
from .render import check_templates

T = TypeVar("T")

# The fields of free text: each is read only while a piece is made, so editing one changes only
# the pieces that read its playbook. Any other field belongs to the structure.
TEXT_FIELDS = frozenset({
    "title", "summary", "body", "watch_out", "instead", "say", "when", "answer", "question", "adds",
    "ask_yourself", "before_you_ask", "time", "author", "link", "prepare", "notice", "reflect", "steps",
})


class Piece(Protocol):
    """Makes a named piece of a generation, or takes it from the last one: `Pieces.piece`."""

    def __call__(self, name: str, make: Callable[[], T], *, also: Iterable[str] = ()) -> T: ...


@dataclass
class Generation:
    """What one generation made: every piece, with the playbooks it read, and what it was made from."""

    key: object  # the templates and the handbook's structure
    digests: dict[str, str]  # each playbook's sha256, by id
    skeletons: dict[str, object]  # each playbook's data without its free text, by sha256
    made: dict[str, tuple[Any, frozenset[str]]] = field(default_factory=dict)
    counts: list[int] = field(default_factory=lambda: [0, 0])  # pieces made, pieces taken as they were


class Pieces:
    """The pieces of one generation, each made again or taken from `previous`."""

    def __init__(self, handbook: Handbook, previous: Generation | None) -> None:
        handbook.settle()
        skeletons = previous.skeletons if previous is not None else {}
        self.generation = Generation(None, {p.id: p.digest for p in handbook.playbooks.values()}, {})
        for playbook in handbook.playbooks.values():
            known = skeletons.get(playbook.digest)
            self.generation.skeletons[playbook.digest] = known if known is not None else skeleton(playbook)
        self.generation.key = (check_templates(), structure(handbook, self.generation.skeletons))
        self._previous = previous if previous is not None and previous.key == self.generation.key else None
        old = self._previous.digests if self._previous is not None else {}
        self._changed = {i for i, digest in self.generation.digests.items() if old.get(i) != digest}

    def piece(self, name: str, make: Callable[[], T], *, also: Iterable[str] = ()) -> T:
        """What `make` makes, or made last time when no playbook it read has changed since.

        `also` names pieces this one is made from, whose reads count as its own.
        """
        kept = self._previous.made.get(name) if self._previous is not None else None
        if kept is not None and not kept[1] & self._changed:
            note_read(*kept[1])  # for a piece this one is part of
            self.generation.made[name] = kept
            self.generation.counts[1] += 1
            return kept[0]  # type: ignore[no-any-return]
        with reading() as read:
            value = make()
            for other in also:
                read |= self.generation.made[other][1]
        self.generation.made[name] = (value, frozenset(read))
        self.generation.counts[0] += 1
        return value


def structure(handbook: Handbook, skeletons: dict[str, object]) -> tuple[object, ...]:
    """Everything that decides which pages there are and what each lists, in what order."""
    return (tuple((p.id, p.path, skeletons[p.digest]) for p in handbook.ordered()),
            tuple(tuple(record.item.id for record in handbook.of_kind(kind)) for kind in KINDS))


def skeleton(playbook: LoadedPlaybook) -> object:
    """A playbook's data without its free text (TEXT_FIELDS), as nested tuples."""
    return _bones(playbook.model)


def _bones(value: Any) -> object:
    if isinstance(value, BaseModel):
        return (type(value).__name__, *((name, _bones(entry)) for name, entry in value.__dict__.items()
                                        if name not in TEXT_FIELDS))
    if isinstance(value, list):
        return tuple(_bones(entry) for entry in value)
    return value
