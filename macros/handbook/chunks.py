"""A generated page's Markdown in pieces that convert alone, so that the preview converts again
only the pieces a save changed.

Python-Markdown turns a page into HTML in one pass, and the index pages a title edit touches cost
most of a rebuild. A heading or a `<div>` at the top level, after a blank line, starts a piece whose
HTML does not depend on what came before: nothing open can run across it. `split_markdown` cuts
there, except right after a raw HTML block, and refuses a text where something could still reach
across (a reference definition, a fence, a comment, raw `<pre>`, `<script>` or `<style>`, a `</div>`
that closes nothing). Two pieces that give the same id to an element are not independent either
(the table of contents makes a heading's id unique across the page); `Converted.join` says so and
the page is converted whole. tests/test_chunks.py compares the result with MkDocs' own conversion.

A long list is most of an index page, and a title edit changes one of its entries: `parts_of` also
cuts a long, tight list at the top level into its entries (`ListItem`), each converted as a list of
its own and joined back into one. Only where nothing can join two entries: no blank line anywhere in
the list (which would make every entry a paragraph), no block inside an entry that is not a nested
list or its text, no list right before it or right after it (Python-Markdown would merge the two),
and no raw HTML block right before it (for the same reason as `split_markdown`).

The preview keeps the pieces in a `PieceCache`; `Seeding` makes them while the preview is idle.
"""

from __future__ import annotations

import copy
import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial

from markdown.extensions.toc import nest_toc_tokens
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, get_toc

# Extensions whose output for a piece does not depend on the rest of the page. Any other
# (footnotes, abbreviations, snippets, ...) can join pieces, so a page under it converts whole.
# (MkDocs always adds `fenced_code`; `split_markdown` refuses a page with a fence.)
INDEPENDENT_EXTENSIONS = frozenset({"toc", "attr_list", "admonition", "md_in_html", "tables", "fenced_code",
                                    "pymdownx.details"})

_REACHES_ACROSS = re.compile(
    r"^ {0,3}(?:\[[^\]\n]*\]:|```|~~~)|<!--|<(?:pre|script|style)\b", re.MULTILINE | re.IGNORECASE
)
_STARTS_PIECE = re.compile(r"#{1,6}[ \t]|<div[\s>]")
_OPENS = re.compile(r"<div[\s>]", re.IGNORECASE)
_CLOSES = re.compile(r"</div\s*>", re.IGNORECASE)


def split_markdown(text: str) -> list[str] | None:
    """The text cut before each top-level heading or `<div>` that follows a blank line; `None`
    where a construct could reach from one piece into another. Joined, the pieces are the text."""
    if _REACHES_ACROSS.search(text):
        return None
    pieces: list[str] = []
    start = 0
    depth = 0
    blank_before = True
    position = 0
    after_html = False  # the last line with text ends a raw HTML block, whose HTML ends in a blank line
    markdown_block = False  # the top-level `<div>` open now has its content read as Markdown
    for line in text.splitlines(keepends=True):
        if depth == 0 and blank_before and not after_html and position > start and _STARTS_PIECE.match(line):
            pieces.append(text[start:position])
            start = position
        if depth == 0 and _OPENS.match(line):
            markdown_block = "markdown=" in line
        depth += len(_OPENS.findall(line)) - len(_CLOSES.findall(line))
        if depth < 0:
            return None
        stripped = line.strip()
        blank_before = not stripped
        if stripped:
            closes_markdown = depth == 0 and markdown_block and _CLOSES.search(line) is not None
            after_html = stripped.endswith(">") and not closes_markdown
        position += len(line)
    pieces.append(text[start:])
    return pieces


# A list shorter than this converts fast enough whole, and its entries would only add pieces.
LONG_LIST = 16
_ITEM = re.compile(r"- \S")
_NESTED = re.compile(r"    +(?:- )?\S")
# What an entry's line may not start with: a block of its own (raw HTML, a heading, a table, an
# admonition, a quote, an attribute list, a setext underline) rather than text or a nested list.
_BLOCK_START = re.compile(r"(?:- )?[<#|!>{=]|(?:- )?-{2,}|(?:- )?[*+] |(?:- )?\d+[.)] ")
_LIST_START = re.compile(r"[-*+] |\d+[.)] | ")


@dataclass(frozen=True)
class ListItem:
    """One entry of a long, tight list at the top level, converted as a one-entry list of its own;
    `first` says it starts the list."""

    text: str
    first: bool


Part = str | ListItem


def parts_of(text: str) -> list[Part] | None:
    """`split_markdown`'s pieces, each long list in them cut into its entries; None where it refuses."""
    pieces = split_markdown(text)
    if pieces is None:
        return None
    return [part for piece in pieces for part in _cut_lists(piece)]


def _cut_lists(piece: str) -> list[Part]:
    """`piece` with each long, tight list at its top level cut into entries, the text around kept whole."""
    lines = piece.splitlines(keepends=True)
    parts: list[Part] = []
    start = 0  # where the text not yet in `parts` begins, as a line number
    index = 0
    previous_list = False  # whether the block before this one holds a list
    previous_end = ""  # its last line, stripped
    while index < len(lines):
        if not lines[index].strip():
            index += 1
            continue
        end = index
        while end < len(lines) and lines[end].strip():
            end += 1
        block = lines[index:end]
        entries = _entries(block)
        if (entries is not None and len(entries) >= LONG_LIST
                and not previous_list
                and not previous_end.endswith(">")  # a raw HTML block's HTML ends in a blank line of its own
                and not _LIST_START.match(_next_text(lines, end))):
            before = "".join(lines[start:index])
            if before.strip():  # blank lines alone convert to nothing, and would add a line break
                parts.append(before)
            parts += [ListItem("".join(entry), first=number == 0) for number, entry in enumerate(entries)]
            start = end
        # A list anywhere in the block before (after a heading line, say) would take ours in.
        previous_list = any(_LIST_START.match(line) for line in block)
        previous_end = lines[end - 1].strip()
        index = end
    rest = "".join(lines[start:])
    return [*parts, rest] if rest.strip() or not parts else parts


def _next_text(lines: list[str], start: int) -> str:
    """The first line from `start` on that is not blank, or an empty string."""
    return next((lines[number] for number in range(start, len(lines)) if lines[number].strip()), "")


def _entries(block: list[str]) -> list[list[str]] | None:
    """The entries of `block` (lines without a blank one) if it is a tight list of plain entries."""
    entries: list[list[str]] = []
    for line in block:
        if _BLOCK_START.match(line.lstrip(" ")):
            return None
        if _ITEM.match(line):
            entries.append([line])
        elif entries and _NESTED.match(line):
            entries[-1].append(line)
        else:
            return None
    return entries


@dataclass(frozen=True)
class Heading:
    """One entry of a page's table of contents, as the `toc` extension lists it (flat)."""

    level: int
    id: str
    name: str


@dataclass(frozen=True)
class Converted:
    """What converting one piece gave: its HTML and what MkDocs reads from the conversion."""

    html: str
    headings: tuple[Heading, ...]
    title: str | None
    anchor_ids: frozenset[str]
    # By the linked file's src_uri: a File would keep its whole build (every page) alive.
    links_to_anchors: dict[str, dict[str, str]] | None = field(default=None, compare=False)
    # For a ListItem: "first" or "next", its HTML the `<li>` alone; "odd" if it did not convert to
    # one list entry. Empty for any other piece.
    entry: str = ""

    @staticmethod
    def join(pieces: list[Converted]) -> Converted | None:
        """The pieces as one page (the title is the first piece's), or `None` when two pieces hold
        the same id, where converting the page whole could have named them otherwise, or when list
        entries do not make up whole lists."""
        anchors: set[str] = set()
        for piece in pieces:
            if not anchors.isdisjoint(piece.anchor_ids):
                return None
            anchors |= piece.anchor_ids
        blocks: list[str] = []
        entries: list[str] | None = None  # of the list being joined
        for piece in pieces:
            if piece.entry == "odd" or (piece.entry == "next" and entries is None):
                return None
            if entries is not None and piece.entry != "next":
                blocks.append("<ul>\n" + "\n".join(entries) + "\n</ul>")
                entries = None
            if piece.entry == "first":
                entries = [piece.html]
            elif piece.entry == "next" and entries is not None:
                entries.append(piece.html)
            else:
                blocks.append(piece.html)
        if entries is not None:
            blocks.append("<ul>\n" + "\n".join(entries) + "\n</ul>")
        links: dict[str, dict[str, str]] | None = None
        for piece in pieces:
            if piece.links_to_anchors is not None:
                links = {} if links is None else links
                for target, found in piece.links_to_anchors.items():
                    first = links.setdefault(target, {})
                    for anchor, link in found.items():
                        first.setdefault(anchor, link)  # as MkDocs keeps the first link to an anchor
        return Converted(
            html="\n".join(blocks),
            headings=tuple(heading for piece in pieces for heading in piece.headings),
            title=pieces[0].title if pieces else None,
            anchor_ids=frozenset(anchors),
            links_to_anchors=links,
        )


class PieceCache:
    """Each page's pieces as last converted, dropped whenever what a conversion depends on besides
    the text (the Markdown settings, the set of pages links resolve against) changes.

    A page with no pieces here yet is converted whole: a piece costs a conversion of its own (about
    0.8 ms on top of its text), which would make the preview's first build a third slower, and the
    first save that touches a page no faster. `Seeding` converts the pieces afterwards, while the
    preview is idle.
    """

    def __init__(self) -> None:
        self._context: object = None
        self._pages: dict[str, dict[Part, Converted]] = {}
        self.epoch = 0  # how many times the pieces were dropped
        self.converted = 0

    def set_context(self, context: object) -> None:
        if context != self._context:
            self._context = context
            self._pages.clear()
            self.epoch += 1

    def has_pieces(self, page: str) -> bool:
        """Whether any piece of `page` is here, converted or seeded."""
        return bool(self._pages.get(page))

    def convert(self, page: str, pieces: Iterable[Part], convert_one: Callable[[Part], Converted]) -> list[Converted]:
        """Each piece converted, or as it was the last time this page had it."""
        previous = self._pages.get(page, {})
        now: dict[Part, Converted] = {}
        result: list[Converted] = []
        for piece in pieces:
            done = now.get(piece) or previous.get(piece)
            if done is None:
                done = convert_one(piece)
                self.converted += 1
            now[piece] = done
            result.append(done)
        self._pages[page] = now
        return result

    def seed(self, page: str, pieces: Iterable[Part], convert_one: Callable[[Part], Converted],
             stop: threading.Event) -> None:
        """Convert each piece of `page` the cache does not hold yet, until `stop` is set."""
        known = self._pages.setdefault(page, {})
        for piece in pieces:
            if stop.is_set():
                return
            if piece not in known:
                known[piece] = convert_one(piece)
                self.converted += 1


class Seeding:
    """The pages converted whole, converted in pieces in a thread of their own while the preview is
    idle, so that the next save that touches one finds its pieces ready.

    `stop` before a rebuild (it returns once the piece being converted is done) and `start` after.
    Pages holding more than `limit` pieces in all are not seeded: at 1,000 playbooks the first build's
    42,000 pieces take a minute of the processor, in which every save waits for the seeding's garbage
    to be collected. There only the pages a save converted again are seeded, about 1,500 pieces.
    """

    def __init__(self, cache: PieceCache, limit: int = 5000) -> None:
        self._cache = cache
        self.limit = limit
        self._pending: list[tuple[int, Page, MkDocsConfig, Files]] = []
        self._work: list[tuple[int, Page, MkDocsConfig, Files, list[Part]]] = []
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def add(self, page: Page, config: MkDocsConfig, files: Files) -> None:
        self._pending.append((self._cache.epoch, page, config, files))

    def start(self) -> None:
        self.stop()
        if self._pending or self._work:
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name="handbook-seeding", daemon=True)
            self._thread.start()

    def wait(self) -> None:
        """Return once every page added is seeded (or seeding was stopped)."""
        if self._thread is not None:
            self._thread.join()

    def stop(self) -> None:
        if self._thread is not None:
            self._stop.set()
            self._thread.join()
            self._thread = None

    def _run(self) -> None:
        # What a stop left undone, then the pages added since, each cut into its pieces.
        for epoch, page, config, files in self._pending:
            pieces = parts_of(page.markdown or "")
            if pieces is not None and len(pieces) > 1:
                self._work.append((epoch, page, config, files, pieces))
        self._pending.clear()
        self._work = [work for work in self._work if work[0] == self._cache.epoch]
        if sum(len(work[4]) for work in self._work) > self.limit:
            self._work.clear()
            return
        while self._work and not self._stop.is_set():
            _, page, config, files, pieces = self._work[-1]
            self._cache.seed(page.file.src_uri, pieces,
                             partial(_convert_alone, page, config=config, files=files), self._stop)
            if not self._stop.is_set():
                self._work.pop()


def _headings(links: Iterable[AnchorLink]) -> Iterable[Heading]:
    for link in links:
        yield Heading(link.level, link.id, link.title)
        yield from _headings(link.children)


def _convert_alone(page: Page, text: Part, config: MkDocsConfig, files: Files) -> Converted:
    # MkDocs' own conversion, on a copy of the page that holds only this text.
    part = copy.copy(page)
    part.markdown = text.text if isinstance(text, ListItem) else text
    Page.render(part, config, files)
    html, entry = part.content or "", ""
    if isinstance(text, ListItem):  # a list of one entry: keep the entry
        inner = html.removeprefix("<ul>\n").removesuffix("\n</ul>")
        whole = len(inner) == len(html) - len("<ul>\n\n</ul>") and inner.startswith("<li>") and inner.endswith("</li>")
        html, entry = (inner, "first" if text.first else "next") if whole else (html, "odd")
    return Converted(
        html=html,
        headings=tuple(_headings(part.toc)),
        title=part._title_from_render,
        anchor_ids=frozenset(part.present_anchor_ids or ()),
        links_to_anchors=None if part.links_to_anchors is None else {
            target.src_uri: found for target, found in part.links_to_anchors.items()},
        entry=entry,
    )


def independent(config: MkDocsConfig) -> bool:
    """Whether the site's Markdown extensions convert a piece the same alone as in its page."""
    return all(isinstance(name, str) and name in INDEPENDENT_EXTENSIONS for name in config.markdown_extensions)


def render_in_pieces(page: Page, config: MkDocsConfig, files: Files, cache: PieceCache,
                     seeding: Seeding | None = None) -> None:
    """`page.render(config, files)`, converting again only the pieces the cache does not hold; whole
    while it holds none, leaving the pieces to `seeding`."""
    if not cache.has_pieces(page.file.src_uri):
        Page.render(page, config, files)
        if seeding is not None and independent(config):
            seeding.add(page, config, files)
        return
    pieces = parts_of(page.markdown or "") if independent(config) else None
    if pieces is None or len(pieces) == 1:
        Page.render(page, config, files)
        return
    joined = Converted.join(cache.convert(page.file.src_uri, pieces,
                                          lambda part: _convert_alone(page, part, config, files)))
    if joined is None:
        Page.render(page, config, files)
        return
    page.content = joined.html
    page.toc = get_toc(nest_toc_tokens([{"level": h.level, "id": h.id, "name": h.name} for h in joined.headings]))
    page._title_from_render = joined.title
    page.present_anchor_ids = set(joined.anchor_ids)
    if joined.links_to_anchors is not None:
        page.links_to_anchors = {file: found for target, found in joined.links_to_anchors.items()
                                 if (file := files.src_uris.get(target)) is not None}
