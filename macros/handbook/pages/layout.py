"""Where the generated lists put their entries: pages of a fixed size, and the tags.

A page that listed the whole handbook would grow with it, and so would the time to build and load
it. Every list here is cut into pages of at most a fixed number of entries, and an entry that links
to many playbooks shows a fixed number of them and counts the rest. The largest page then stays the
same size however many playbooks there are.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from markupsafe import Markup

from handbook.check.audiences import exercise_audience
from handbook.check.handbook import Handbook, ItemRecord, LoadedPlaybook
from handbook.pages.counterparts import ordered_situations
from handbook.pages.render import anchor
from handbook.schema.models import KIND_BY_FIELD, KINDS, Kind
from handbook.schema.names import AUDIENCE_NAMES

PER_INDEX_PAGE = 50  # entries on one page of an index or a tag's listing
PER_PRINT_PART = 10  # playbooks on one page of the whole handbook
SHOWN_LINKS = 8  # links an entry shows before it counts the rest ("and 40 more")
SITUATION_LINKS = 4  # patterns and warnings a situation shows before the rest are a link away

T = TypeVar("T")


def index_uri(folder: str) -> Callable[[int], str]:
    """Page n of an index: `folder/index.md`, then `folder/page/2.md` (no clash with an id)."""
    return lambda n: f"{folder}/index.md" if n == 1 else f"{folder}/page/{n}.md"


def part_uri(folder: str) -> Callable[[int], str]:
    """Part n of something printed in parts: `folder/index.md`, then `folder/part-2.md`."""
    return lambda n: f"{folder}/index.md" if n == 1 else f"{folder}/part-{n}.md"


def relative(from_uri: str, to_uri: str) -> Markup:
    """The link from one page of docs/ to another, as Markdown wants it (to the .md file)."""
    return Markup(posixpath.relpath(to_uri, posixpath.dirname(from_uri) or "."))  # noqa: S704 - built from ids


def page_of(folder: str, page_id: str) -> Markup:
    """The Markdown file, under docs/, of one item's page: `folder/<id>.md`."""
    return Markup(f"{anchor(folder)}/{anchor(page_id)}.md")  # noqa: S704 - a path of ids


@dataclass(frozen=True)
class Chunk(Generic[T]):
    """One page of a list: its entries and where it sits among the others."""

    number: int
    count: int
    start: int  # position of the first entry in the whole list, from 1
    total: int
    entries: Sequence[T]
    uri: Callable[[int], str] = field(repr=False, compare=False)

    @property
    def src_uri(self) -> str:
        return self.uri(self.number)

    @property
    def end(self) -> int:
        return self.start + len(self.entries) - 1

    @property
    def root(self) -> Markup:
        """The way from this page up to docs/, for links to any other page."""
        return Markup("../" * self.src_uri.count("/"))  # noqa: S704 - dots and slashes only

    def link(self, number: int) -> Markup:
        """The link from this page to page `number` of the same list."""
        return relative(self.src_uri, self.uri(number))


def chunks(entries: Sequence[T], size: int, uri: Callable[[int], str]) -> list[Chunk[T]]:
    """`entries` cut into pages of at most `size`; an empty list is still one (empty) page."""
    count = max(1, -(-len(entries) // size))
    return [Chunk(n + 1, count, n * size + 1, len(entries), entries[n * size:(n + 1) * size], uri)
            for n in range(count)]


@dataclass(frozen=True)
class Shown(Generic[T]):
    """The first few of a list that could be long, how many are left out, and the page (from
    docs/) that lists them all, when some are left out."""

    shown: Sequence[T]
    more: int
    everything: Markup | None = None


def first_few(values: Sequence[T], limit: int = SHOWN_LINKS, everything: str | None = None) -> Shown[T]:
    more = max(0, len(values) - limit)
    return Shown(values[:limit], more, Markup(everything) if more and everything else None)  # noqa: S704 - ids


def uses_uri(item_id: str) -> Callable[[int], str]:
    """The pages listing every playbook that uses an item: `uses/<id>/`, then `uses/<id>/page/2/`."""
    return index_uri(f"uses/{anchor(item_id)}")


def practised_uri(item_id: str) -> Callable[[int], str]:
    """The pages listing every exercise that practises an item."""
    return index_uri(f"practised/{anchor(item_id)}")


@dataclass(frozen=True)
class Tag:
    """A facet a page carries: who it is for, what kind of page it is, or a topic."""

    group: str  # "audience", "kind" or "topic"
    key: str  # an id: the audience, the kind or the topic itself
    name: str

    @property
    def folder(self) -> Markup:
        return Markup(f"tags/{self.group}/{anchor(self.key)}")  # noqa: S704 - a path of ids

    @property
    def page(self) -> Markup:
        """The first page of the tag's listing, from docs/."""
        return Markup(f"{self.folder}/index.md")  # noqa: S704 - a path of ids


@dataclass(frozen=True)
class Tagged:
    """An entry of a tag's listing: a page, its kind, and its title and a line about it.

    The title and line are read from the playbook when a listing shows them, not when the entry is
    made, so the listing's page notes the playbook it shows (see loader.reading).
    """

    src_uri: Markup  # built from ids
    kind: str
    about: Callable[[], tuple[str, str]]  # the title and the line

    @property
    def title(self) -> str:
        return self.about()[0]

    @property
    def summary(self) -> str:
        return self.about()[1]


TAG_GROUPS = {"audience": "Who it is for", "kind": "Kind of page", "topic": "Topic"}
KIND_TAGS = {name: Tag("kind", name.lower(), name) for name in ("Playbook", "Exercise", "Checklist")}


def playbook_tags(playbook: LoadedPlaybook) -> list[Tag]:
    """A playbook's tags: its kind, its audiences, then its topics."""
    return [KIND_TAGS["Playbook"], *(Tag("audience", a, AUDIENCE_NAMES[a]) for a in playbook.model.audience),
            *(Tag("topic", t, t) for t in playbook.model.tags)]


def exercise_tags(record: ItemRecord, handbook: Handbook) -> list[Tag]:
    """An exercise's tags: its kind, then who it is for (its own audience, else its playbooks')."""
    audiences = exercise_audience(record.item, handbook.used_by(record.item.id))
    return [KIND_TAGS["Exercise"], *(Tag("audience", a, AUDIENCE_NAMES[a]) for a in audiences)]


def paged_title(title: str, chunk: Chunk[Any], word: str = "page") -> str:
    """A list's title, with the page number when the list takes more than one page."""
    return title if chunk.count == 1 else f"{title}, {word} {chunk.number} of {chunk.count}"


def kind_chunks(handbook: Handbook, kind: Kind) -> list[Chunk[ItemRecord]]:
    """The pages of one kind's index: situations in their groups' order, the rest as listed."""
    entries = ordered_situations(handbook) if kind.field == "situations" else handbook.of_kind(kind)
    return chunks(entries, PER_INDEX_PAGE, index_uri(kind.slug))


class Layout:
    """Every paged list of one handbook, and where each item's entry is found."""

    def __init__(self, handbook: Handbook) -> None:
        self.kinds = {kind.field: kind_chunks(handbook, kind) for kind in KINDS}
        self.playbooks = chunks(handbook.ordered(), PER_INDEX_PAGE, index_uri("playbooks"))
        self.print = chunks(handbook.ordered(), PER_PRINT_PART, part_uri("print"))
        self._entry = {record.item.id: chunk.src_uri
                       for pages in self.kinds.values() for chunk in pages for record in chunk.entries}
        self.tagged = self._tagged(handbook)

    def entry(self, item_id: str) -> Markup:
        """Where an item's entry is, from docs/: its kind's index page, and its anchor."""
        return Markup(f"{self._entry[item_id]}#{anchor(item_id)}")  # noqa: S704 - a path of ids

    @staticmethod
    def _tagged(handbook: Handbook) -> dict[Tag, list[Tagged]]:
        tagged: dict[Tag, list[Tagged]] = {}
        for playbook in handbook.ordered():
            entry = Tagged(page_of("playbooks", playbook.id), "Playbook",
                           lambda p=playbook: (p.model.title, p.model.summary))  # type: ignore[misc]
            for tag in playbook_tags(playbook):
                tagged.setdefault(tag, []).append(entry)
        for record in handbook.of_kind(KIND_BY_FIELD["exercises"]):
            entry = Tagged(page_of("exercises", record.item.id), "Exercise",
                           lambda r=record: (r.item.title, r.item.summary))  # type: ignore[misc]
            for tag in exercise_tags(record, handbook):
                tagged.setdefault(tag, []).append(entry)
        return tagged

    def add_checklist(self, src_uri: Markup, about: Callable[[], tuple[str, str]]) -> None:
        """A checklist page joins the Checklist tag's listing; `about` gives its title and a line."""
        self.tagged.setdefault(KIND_TAGS["Checklist"], []).append(Tagged(src_uri, "Checklist", about))

    def tags(self) -> list[tuple[str, str, list[tuple[Tag, int]]]]:
        """Every tag with its count, by group: audiences and kinds in their order, topics by name."""
        order = {("audience", a): n for n, a in enumerate(AUDIENCE_NAMES)}
        order.update({("kind", k.key): n for n, k in enumerate(KIND_TAGS.values())})
        groups = []
        for group, title in TAG_GROUPS.items():
            found = sorted((t for t in self.tagged if t.group == group),
                           key=lambda t: (order.get((t.group, t.key), 0), t.key))
            groups.append((group, title, [(t, len(self.tagged[t])) for t in found]))
        return groups
