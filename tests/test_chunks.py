"""A generated page converted in pieces (chunks.py) is the page MkDocs converts whole: the same HTML,
table of contents, title and anchors, for the real handbook's pages and for Markdown of every kind
the pieces could meet; and a piece is converted again only when its text changes."""

from __future__ import annotations

import copy
import os
from collections.abc import Iterator
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mkdocs.commands.build import get_files
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import get_navigation
from mkdocs.structure.pages import Page

from handbook.chunks import (
    LONG_LIST,
    Converted,
    ListItem,
    PieceCache,
    Seeding,
    parts_of,
    render_in_pieces,
    split_markdown,
)
from tests.conftest import ROOT, copy_project

# --- where a page is cut ---------------------------------------------------------------------


def test_a_page_is_cut_before_each_top_level_heading_and_div_after_a_blank_line() -> None:
    text = "# Title\n\nIntro.\n\n## One { #one }\n\nText.\n\n<div markdown=\"1\">\n\n## Two\n\n</div>\n\n## Three\n"
    assert split_markdown(text) == ["# Title\n\nIntro.\n\n", "## One { #one }\n\nText.\n\n",
                                    "<div markdown=\"1\">\n\n## Two\n\n</div>\n\n", "## Three\n"]


def test_nothing_inside_a_div_is_cut_however_deep() -> None:
    text = "<div markdown=\"1\">\n\n<div>\n\n## Inner\n\n</div>\n\n## Still inside\n\n</div>\n"
    assert split_markdown(text) == [text]


def test_a_heading_right_after_a_line_or_after_raw_html_stays_with_it() -> None:
    # No blank line: the heading follows a paragraph line. After a raw HTML block Python-Markdown
    # leaves a blank line of its own, which a cut would lose.
    assert split_markdown("Text\n## Heading\n") == ["Text\n## Heading\n"]
    text = "<div class=\"raw\">\n<p>x</p>\n</div>\n\n## After\n"
    assert split_markdown(text) == [text]
    assert split_markdown("<p>raw</p>\n\n## After\n") == ["<p>raw</p>\n\n## After\n"]


@pytest.mark.parametrize("text", [
    "## A\n\n[x][ref]\n\n## B\n\n[ref]: https://example.org/\n",
    "## A\n\n```\n## not a heading\n```\n",
    "## A\n\n~~~\ncode\n~~~\n\n## B\n",
    "## A\n\n<!-- a comment\n\n## B\n-->\n",
    "## A\n\n<pre>\n\n## B\n</pre>\n",
    "## A\n\n<script>\n\n## B\n</script>\n",
    "## A\n\n</div>\n\n## B\n",
], ids=["a reference definition", "a backtick fence", "a tilde fence", "a comment", "raw pre", "a script",
        "a div closed that never opened"])
def test_a_page_where_something_could_reach_across_a_cut_is_not_cut(text: str) -> None:
    assert split_markdown(text) is None


_LINES = st.sampled_from(["", "", "# H", "## H { #h }", "<div markdown=\"1\">", "<div>", "</div>", "text",
                          "- item", "    indented", "<p>raw</p>", "!!! note", "\t"])


@given(st.lists(_LINES, max_size=30))
def test_the_pieces_joined_are_the_text(lines: list[str]) -> None:
    text = "\n".join(lines)
    pieces = split_markdown(text)
    assert pieces is None or "".join(pieces) == text


def _long_list(count: int = LONG_LIST, nested: str = "") -> str:
    return "".join(f"- [Entry {n}](page.md): text {n}\n{nested}" for n in range(count))


def test_a_long_tight_list_is_cut_into_its_entries() -> None:
    nested = "    - *Try:* [one](other/target.md#somewhere), [two](page.md)\n"
    text = "# Title\n\nIntro.\n\n" + _long_list(nested=nested) + "\nAfter.\n{ .pager }\n\n## Next\n\n" + _long_list()
    parts = parts_of(text)
    assert parts is not None
    assert parts[0] == "# Title\n\nIntro.\n\n"
    assert parts[1:LONG_LIST + 1] == [ListItem(f"- [Entry {n}](page.md): text {n}\n{nested}", first=n == 0)
                                      for n in range(LONG_LIST)]
    assert parts[LONG_LIST + 1] == "\nAfter.\n{ .pager }\n\n"  # the blank line ends the list
    assert parts[LONG_LIST + 2] == "## Next\n\n"
    assert len(parts) == 2 * LONG_LIST + 3


@pytest.mark.parametrize("text", [
    _long_list(LONG_LIST - 1),
    _long_list().replace("\n- [Entry 3]", "\n\n- [Entry 3]"),
    "- before\n\n" + _long_list(),
    "1. before\n\n" + _long_list(),
    _long_list() + "\n    indented after\n",
    _long_list() + "\n* another list\n",
    _long_list() + "lazy line\n",
    _long_list().replace("text 3", "text 3\n  two spaces"),
    _long_list().replace("text 3", "text 3\n    <div>"),
    _long_list().replace("text 3", "text 3\n    # heading"),
    _long_list().replace("text 3", "text 3\n    1. numbered"),
    _long_list().replace("text 3", "text 3\n{ .attrs }"),
    _long_list().replace("- [Entry 3]", "- # [Entry 3]"),
    "<div class=\"raw\">\n<p>raw</p>\n</div>\n\n" + _long_list(),
    "# Title\n- a list right under a heading\n\n" + _long_list(),
], ids=["a short list", "a blank line inside", "after a list", "after a numbered list", "before an indented block",
        "before another list", "a line not indented", "a line indented two spaces", "raw HTML inside",
        "a heading inside", "a numbered list inside", "an attribute list", "a heading as an entry",
        "right after raw HTML", "after a block that ends in a list"])
def test_a_list_that_could_join_another_block_is_not_cut(text: str) -> None:
    parts = parts_of(text)
    assert parts is not None and not any(isinstance(part, ListItem) for part in parts)


# --- joining converted pieces -----------------------------------------------------------------


def _converted(html: str, ids: set[str], links: dict[Any, dict[str, str]] | None = None) -> Converted:
    return Converted(html=html, headings=(), title=None, anchor_ids=frozenset(ids), links_to_anchors=links)


def test_two_pieces_with_the_same_id_are_not_joined() -> None:
    # Whole, the table of contents would have renamed the second heading's id.
    assert Converted.join([_converted("<h2 id=\"a\">A</h2>", {"a"}), _converted("<h2 id=\"a\">A</h2>", {"a"})]) is None


def test_joined_pieces_keep_the_first_link_to_an_anchor_as_mkdocs_does() -> None:
    joined = Converted.join([_converted("1", {"a"}, {"f": {"x": "first"}}),
                             _converted("2", {"b"}, {"f": {"x": "second", "y": "other"}})])
    assert joined is not None
    assert joined.html == "1\n2"
    assert joined.links_to_anchors == {"f": {"x": "first", "y": "other"}}


def test_a_piece_is_converted_again_only_when_its_text_changed() -> None:
    cache = PieceCache()
    done: list[str] = []

    def convert(text: str) -> Converted:
        done.append(text)
        return _converted(text.upper(), set())

    cache.set_context("site")
    cache.convert("page.md", ["a", "b", "c"], convert)
    assert [c.html for c in cache.convert("page.md", ["a", "B", "c"], convert)] == ["A", "B", "C"]
    assert done == ["a", "b", "c", "B"]
    cache.convert("other.md", ["a"], convert)  # another page's pieces are its own
    cache.set_context("another site")
    cache.convert("page.md", ["a"], convert)
    assert done == ["a", "b", "c", "B", "a", "a"]


def test_a_page_has_pieces_once_converted_in_pieces_until_the_site_changes() -> None:
    cache = PieceCache()
    assert not cache.has_pieces("page.md")
    cache.convert("page.md", ["a", "b"], lambda text: _converted(text, set()))
    assert cache.has_pieces("page.md") and not cache.has_pieces("other.md")
    cache.set_context("another site")
    assert not cache.has_pieces("page.md")


# --- against MkDocs itself --------------------------------------------------------------------


def _same(page: Page, config: MkDocsConfig, files: Files, cache: PieceCache) -> None:
    """Convert `page` whole as MkDocs does and in pieces, and compare everything MkDocs reads."""
    whole = copy.copy(page)
    Page.render(whole, config, files)
    pieces = copy.copy(page)
    render_in_pieces(pieces, config, files, cache)
    assert pieces.content == whole.content
    assert str(pieces.toc) == str(whole.toc)
    assert [item.title for item in pieces.toc] == [item.title for item in whole.toc]
    assert pieces._title_from_render == whole._title_from_render
    assert pieces.present_anchor_ids == whole.present_anchor_ids
    assert pieces.links_to_anchors == whole.links_to_anchors


@pytest.fixture(scope="module")
def markdown_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[MkDocsConfig, Files, Page]]:
    """A bare MkDocs site with the handbook's Markdown settings and a few pages to link to."""
    folder = tmp_path_factory.mktemp("markdown-site")

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)  # mkdocs.yml's !ENV
    extensions = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader)["markdown_extensions"]  # noqa: S506
    (folder / "docs" / "other").mkdir(parents=True)
    for name in ("index.md", "page.md", "other/target.md"):
        (folder / "docs" / name).write_text("# A page\n\n## Somewhere { #somewhere }\n", encoding="utf-8")
    config_file = folder / "mkdocs.yml"
    config_file.write_text(yaml.safe_dump({"site_name": "Pieces", "markdown_extensions": extensions}), encoding="utf-8")
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    config = load_config(str(config_file))
    files = get_files(config)
    get_navigation(files, config)
    page = files.get_file_from_path("page.md").page  # type: ignore[union-attr]
    assert page is not None
    yield config, files, page


# Blocks of every kind a generated page holds, and some it never does, so that cuts meet lists,
# admonitions, raw HTML, Markdown in divs, links between pages and headings whose ids collide.
_BLOCKS = st.sampled_from([
    "# Title", "# Somewhere", "## Somewhere", "## Again { #again }", "### Deeper { #deeper }", "## Again { #again }",
    "Plain text with *emphasis*, `code` and a [link](other/target.md#somewhere).",
    "A line\nthat goes on", "- one\n- two", "- one\n\n    more of one", "1. first\n2. second",
    "!!! note \"Mind\"\n\n    Inside the note.", "> quoted", "    indented code",
    "<div markdown=\"1\">\n\n## In a div { #in-div }\n\nText.\n\n</div>", "<div class=\"raw\">\n<p>raw</p>\n</div>",
    "<div class=\"outer\" markdown=\"1\">\n\n<div class=\"inner\" markdown=\"1\">\n\n- x\n\n</div>\n\n</div>",
    "<p>raw paragraph</p>", "| a | b |\n| --- | --- |\n| 1 | 2 |", "Text\n{ .lead }", "---", "[to a page](page.md)",
    "[to an anchor](#somewhere)", "<span>inline</span> text", "Setext\n======",
    "<!-- a comment", "-->", "[defined]: other/target.md", "[by reference][defined]", "```\n\n## in a fence\n\n```",
    _long_list(), _long_list(nested="    - *Try:* [a](other/target.md#somewhere), [b](page.md)\n    more text\n"),
    _long_list(LONG_LIST + 2, nested="    - nested\n        - deeper\n"),
    _long_list().replace("text 5", "text 5 { #entry }"),
    _long_list().replace("text 7", "text 7\n\n    loose"), _long_list() + "{ .after }", "- single\n- short",
    _long_list().replace("- [Entry", "* [Entry"), "1. " + _long_list()[2:],
])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_BLOCKS, min_size=1, max_size=12), st.sampled_from(["\n\n", "\n\n\n", "\n"]))
def test_markdown_of_every_kind_converts_in_pieces_as_it_does_whole(
        markdown_site: tuple[MkDocsConfig, Files, Page], blocks: list[str], gap: str) -> None:
    config, files, page = markdown_site
    cache = PieceCache()
    _seeded(cache, page, "\n\n".join(reversed(blocks)) + "\n", config, files)  # pieces of another text
    page.markdown = gap.join(blocks) + "\n"
    for _ in range(2):  # the pieces not held converted, then every piece kept
        _same(page, config, files, cache)


def _seeded(cache: PieceCache, page: Page, text: str, config: MkDocsConfig, files: Files) -> None:
    """`page` with `text` converted as the preview's first build does (whole), then seeded."""
    seeding = Seeding(cache)
    first = copy.copy(page)
    first.markdown = text
    render_in_pieces(first, config, files, cache, seeding)
    seeding.start()
    seeding.wait()


@pytest.fixture(scope="module")
def real_handbook(tmp_path_factory: pytest.TempPathFactory) -> tuple[MkDocsConfig, Files, list[Page]]:
    """The real handbook's generated pages, read, with the files they link to."""
    project = copy_project(tmp_path_factory.mktemp("pieces-project"), ROOT / "playbooks")
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    config = load_config(str(project / "mkdocs.yml"))
    config.plugins.on_startup(command="build", dirty=False)
    config = config.plugins.on_config(config)
    files = config.plugins.on_files(get_files(config), config=config)
    get_navigation(files, config)
    generated = str(project / ".cache" / "handbook" / "pages")
    pages = [file.page for file in files.documentation_pages()
             if file.page is not None and (file.abs_src_path or "").startswith(generated)]
    for page in pages:
        page.read_source(config)
    return config, files, pages


def test_every_generated_page_of_the_real_handbook_converts_in_pieces_as_it_does_whole(
        real_handbook: tuple[MkDocsConfig, Files, list[Page]]) -> None:
    config, files, pages = real_handbook
    assert len(pages) > 100
    cache = PieceCache()
    cut = [page for page in pages if len(parts_of(page.markdown or "") or []) > 1]
    # The pages a title edit touches are the ones worth cutting, and they are cut.
    assert {"print/index.md", "patterns/index.md", "sources/index.md"} <= {page.file.src_uri for page in cut}
    with_entries = {page.file.src_uri for page in cut if any(isinstance(part, ListItem)
                                                             for part in parts_of(page.markdown or "") or [])}
    assert {"sources/index.md", "tags/index.md"} <= with_entries  # long lists, converted entry by entry
    for page in pages:
        _same(page, config, files, cache)
    assert cache.converted == 0  # without seeding, every page is converted whole
    edited = []  # each page with its first line changed: every piece but the first kept
    for page in pages:
        _seeded(cache, page, page.markdown or "", config, files)
        copied = copy.copy(page)
        copied.markdown = "Changed\n" + (page.markdown or "")
        edited.append(copied)
    converted = cache.converted
    assert converted > len(cut)
    for page in edited:
        _same(page, config, files, cache)
    assert cache.converted == converted + len(cut)


def test_an_edited_piece_is_the_only_one_converted_again(real_handbook: tuple[MkDocsConfig, Files, list[Page]]) -> None:
    config, files, pages = real_handbook
    page = next(page for page in pages if page.file.src_uri == "print/index.md")
    cache = PieceCache()
    _seeded(cache, page, page.markdown or "", config, files)
    before = cache.converted
    edited = copy.copy(page)
    first_title = next(line for line in (page.markdown or "").splitlines() if line.startswith("# ") and "{ #" in line)
    edited.markdown = (page.markdown or "").replace(first_title, first_title.replace("# ", "# Edited ", 1), 1)
    _same(edited, config, files, cache)
    assert cache.converted == before + 1


def _first_build(real_handbook: tuple[MkDocsConfig, Files, list[Page]],
                 limit: int = 5000) -> tuple[PieceCache, Seeding]:
    """Every page converted as the preview's first build converts it (whole), left to seeding."""
    config, files, pages = real_handbook
    cache = PieceCache()
    seeding = Seeding(cache, limit)
    for page in pages:
        render_in_pieces(copy.copy(page), config, files, cache, seeding)
    return cache, seeding


def test_pages_converted_whole_are_seeded_in_pieces_while_idle(
        real_handbook: tuple[MkDocsConfig, Files, list[Page]]) -> None:
    config, files, pages = real_handbook
    cache, seeding = _first_build(real_handbook)
    assert cache.converted == 0
    seeding.start()
    seeding.stop()  # a save arrives: seeding stops at once, and goes on after the rebuild
    stopped_at = cache.converted
    seeding.start()
    seeding.wait()
    seeded = cache.converted
    assert seeded > stopped_at and seeded > len(pages)
    for page in pages:  # the first save: every piece is ready
        _same(page, config, files, cache)
    assert cache.converted == seeded


def test_pieces_are_not_seeded_for_a_site_that_changed_since(
        real_handbook: tuple[MkDocsConfig, Files, list[Page]]) -> None:
    cache, seeding = _first_build(real_handbook)
    cache.set_context("a page was added")
    seeding.start()
    seeding.wait()
    assert cache.converted == 0


def test_pages_of_more_pieces_than_the_limit_are_not_seeded(
        real_handbook: tuple[MkDocsConfig, Files, list[Page]]) -> None:
    config, files, pages = real_handbook
    cache, seeding = _first_build(real_handbook, limit=10)
    seeding.start()
    seeding.wait()
    assert cache.converted == 0
    small = next(page for page in pages if 1 < len(parts_of(page.markdown or "") or []) <= 10)
    render_in_pieces(copy.copy(small), config, files, cache, seeding)  # a save converts one page again
    seeding.start()
    seeding.wait()
    assert cache.has_pieces(small.file.src_uri)
