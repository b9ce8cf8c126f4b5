"""What makes a save in the preview cheap may make it faster, never different.

Each shortcut is checked against the long way: a handbook loaded with the memo of the last load
against one loaded afresh, pages backed with what was written last against a plain write, and
theme templates compiled from the bytecode cache against compiling them again.
"""

from __future__ import annotations

import gc
import inspect
import os
import shutil
import time
from pathlib import Path

import jinja2
import pytest
import yaml
from mkdocs.config import load_config
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page

from handbook import render as render_module
from handbook.backing import BuiltPages, MacroPages, Written, write_changed
from handbook.canonical import remembering
from handbook.collection import DeferredCollection
from handbook.loader import FileMemo, load_handbook
from handbook.pages import generate_pages
from handbook.problems import HandbookError
from handbook.templatecache import MemoryBytecodeCache, ThemeListing, compile_settings
from handbook.unfinished import may_be_unfinished
from tests.conftest import FIXTURES, ROOT

SUMMARY = "Get a peer to take on work you cannot assign."


def problems(folder: Path, memo: FileMemo | None = None) -> list[str]:
    try:
        load_handbook(folder, display_root=folder.parent, memo=memo)
    except HandbookError as exc:
        return [str(p) for p in exc.problems]
    return []


@pytest.fixture
def playbooks(tmp_path: Path) -> Path:
    return Path(shutil.copytree(FIXTURES / "playbooks", tmp_path / "playbooks"))


def test_a_handbook_loaded_with_the_last_loads_memo_generates_the_pages_of_a_fresh_load(playbooks: Path) -> None:
    memo: FileMemo = {}
    first = load_handbook(playbooks, display_root=playbooks.parent, memo=memo)
    assert len(memo) == len(first.playbooks)
    edited = playbooks / "asking-peers.yaml"
    edited.write_text(edited.read_text().replace(SUMMARY, "Get a peer to say yes, again."))
    again = load_handbook(playbooks, display_root=playbooks.parent, memo=memo)
    fresh = load_handbook(playbooks, display_root=playbooks.parent)
    # Unchanged files are not checked again: the very same playbook comes back.
    assert again.playbooks["team-of-peers"] is first.playbooks["team-of-peers"]
    assert again.playbooks["asking-peers"] is not first.playbooks["asking-peers"]
    assert len(memo) == len(fresh.playbooks)
    assert generate_pages(again) == generate_pages(fresh)


def test_a_broken_file_reports_the_same_problems_with_the_memo_and_without(playbooks: Path) -> None:
    memo: FileMemo = {}
    load_handbook(playbooks, display_root=playbooks.parent, memo=memo)
    broken = playbooks / "asking-peers.yaml"
    broken.write_text(broken.read_text().replace("motivators:", "motivatrs:"))
    first = problems(playbooks, memo)
    assert first and first == problems(playbooks, memo) == problems(playbooks)
    # A file renamed keeps its bytes but not its name: it is checked again under the new one.
    broken.rename(playbooks / "Asking.yaml")
    assert problems(playbooks, memo) == problems(playbooks)


def test_pages_backed_with_what_was_written_last_are_rewritten_only_when_they_change(tmp_path: Path) -> None:
    written: Written = {}
    write_changed({"one.md": "one", "two.md": "two", "gone.md": "x"}, tmp_path, written)
    for path in tmp_path.iterdir():
        os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    # Touched behind our back: the files no longer match what was written, so they are compared.
    write_changed({"one.md": "one", "two.md": "two, changed"}, tmp_path, written)
    assert (tmp_path / "one.md").stat().st_mtime_ns == 1_000_000_000
    assert (tmp_path / "two.md").read_text() == "two, changed"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["one.md", "two.md"]
    # Changed behind our back, same size: rewritten, though the text asked for is the same as last time.
    (tmp_path / "one.md").write_text("eno")
    write_changed({"one.md": "one", "two.md": "two, changed"}, tmp_path, written)
    assert (tmp_path / "one.md").read_text() == "one"
    assert set(written) == {"one.md", "two.md"}


def environment(folder: Path, cache: MemoryBytecodeCache) -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(folder), bytecode_cache=cache, auto_reload=False,
                              autoescape=True)


def test_a_theme_environment_made_again_reuses_compiled_templates_but_not_stale_ones(tmp_path: Path) -> None:
    cache = MemoryBytecodeCache()
    (tmp_path / "page.html").write_text("{% for x in items %}[{{ x }}]{% endfor %}")
    assert environment(tmp_path, cache).get_template("page.html").render(items=[1, 2]) == "[1][2]"
    compiled = environment(tmp_path, cache)
    compiled.compile = None  # type: ignore[assignment,method-assign]  # would fail if called
    assert compiled.get_template("page.html").render(items=[3]) == "[3]"
    (tmp_path / "page.html").write_text("{% for x in items %}<{{ x }}>{% endfor %}")
    assert environment(tmp_path, cache).get_template("page.html").render(items=[3]) == "<3>"


def test_environments_that_compile_differently_do_not_share_a_cache() -> None:
    plain = jinja2.Environment(autoescape=True)
    trimmed = jinja2.Environment(autoescape=True, trim_blocks=True)
    translated = jinja2.Environment(autoescape=True, extensions=["jinja2.ext.i18n"])
    assert len({compile_settings(plain), compile_settings(trimmed), compile_settings(translated)}) == 3
    assert compile_settings(plain) == compile_settings(jinja2.Environment(autoescape=True))


@pytest.mark.parametrize("data", [
    {"title": "TODO: write the title"},
    {"sources": [{"link": "HTTPS://www.Example.COM/x"}]},
    {"faq": [{"answer": "  TODO"}]},
], ids=["a TODO title", "an example.com link in capitals", "a TODO deep in a list"])
def test_a_placeholder_anywhere_in_the_data_is_looked_for_in_the_model(data: object) -> None:
    assert may_be_unfinished(data)


def test_data_without_either_word_needs_no_walk_of_its_model() -> None:
    assert not may_be_unfinished({"title": "An example. Not a link", "links": ["https://example.dev/"]})


@pytest.mark.parametrize("source", [
    'title: "\\x54ODO: write the title"\n',
    'links: ["https://www.EXAMPLE.org/x"]\n',
    'title: "\\u0054ODO"\n',
    'link: "https://exam\\\n  ple.com/"\n',
], ids=["a TODO made by an escape", "an example address in capitals", "a TODO made by a unicode escape",
        "an example address joined by an escaped line break"])
def test_a_source_that_may_spell_a_placeholder_has_its_data_looked_at(source: str) -> None:
    data = yaml.safe_load(source)
    assert may_be_unfinished(data, source) == may_be_unfinished(data)
    assert may_be_unfinished(data, source)


def test_a_source_without_either_word_or_an_escape_answers_without_its_data() -> None:
    source = "title: To do, for example.\nbody: >\n  TO\n  DO and example\n  .com\n"
    assert not may_be_unfinished(yaml.safe_load(source), source)
    assert not may_be_unfinished(object(), source)  # the data is not even looked at


class _Theme:
    """What ThemeListing uses of a MkDocs theme: its environment and its static templates."""

    def __init__(self, folders: list[Path]) -> None:
        self.static_templates = ["404.html"]
        self.folders = folders
        self.listed = 0

    def get_env(self) -> jinja2.Environment:
        env = jinja2.Environment(loader=jinja2.FileSystemLoader(self.folders), autoescape=True)
        original = env.loader.list_templates  # type: ignore[union-attr]

        def counted() -> list[str]:
            self.listed += 1
            return original()

        env.loader.list_templates = counted  # type: ignore[method-assign,union-attr]
        return env


def test_the_theme_listing_is_kept_until_a_file_is_added_anywhere_under_its_folders(tmp_path: Path) -> None:
    (tmp_path / "theme" / "assets").mkdir(parents=True)
    (tmp_path / "theme" / "assets" / "a.css").write_text("a")
    theme = _Theme([tmp_path / "theme"])
    ThemeListing().keep_for(theme)

    def static() -> list[str]:
        return sorted(theme.get_env().list_templates(filter_func=lambda name: not name.endswith(".html")))

    assert static() == ["assets/a.css"]
    assert static() == ["assets/a.css"] and theme.listed == 1  # the second build lists nothing
    (tmp_path / "theme" / "assets" / "b.css").write_text("b")
    assert static() == ["assets/a.css", "assets/b.css"]
    (tmp_path / "theme" / "fonts").mkdir()
    (tmp_path / "theme" / "fonts" / "f.woff2").write_text("f")
    assert static() == ["assets/a.css", "assets/b.css", "fonts/f.woff2"]
    (tmp_path / "theme" / "fonts" / "g.woff2").write_text("g")  # in the folder that is new since
    assert static()[-1] == "fonts/g.woff2"


def test_collection_waits_for_the_end_of_the_last_rebuild() -> None:
    collection = DeferredCollection(delay=0.05)
    try:
        collection.pause()
        assert not gc.isenabled()
        collection.resume_later()
        collection.pause()  # a save during the wait: the collector stays off through that rebuild
        time.sleep(0.3)
        assert not gc.isenabled()
        collection.resume_later()
        deadline = time.monotonic() + 5
        while not gc.isenabled() and time.monotonic() < deadline:
            time.sleep(0.02)
        assert gc.isenabled()
    finally:
        gc.enable()


def test_an_edited_template_is_read_again_once_the_templates_are_checked(tmp_path: Path) -> None:
    page = tmp_path / "page.md.j2"
    page.write_text("one")
    real = render_module.TEMPLATES
    try:
        render_module.TEMPLATES = tmp_path
        render_module.check_templates()
        assert render_module.render("page.md.j2") == "one"
        page.write_text("two, longer")
        render_module.check_templates()
        assert render_module.render("page.md.j2") == "two, longer"
    finally:
        render_module.TEMPLATES = real
        render_module.check_templates()
    assert "page.md.j2" not in render_module.environment().list_templates()


def test_built_pages_know_which_pages_changed_since_mkdocs_built_them(tmp_path: Path) -> None:
    written: Written = {}
    built = BuiltPages(written)
    asked: list[str] = []

    def modified() -> set[str]:
        asked.clear()
        return {uri for uri in written if built.modified(uri, lambda uri=uri: asked.append(uri) or True)}

    def build(*uris: str) -> None:  # MkDocs writes each page's HTML after on_post_page
        for uri in uris:
            built.built(uri)

    pages = {"one.md": "one", "two.md": "two", "three.md": "three"}
    write_changed(pages, tmp_path, written)
    assert modified() == set(pages) and asked == list(pages)  # none built yet: the disk answers
    build(*pages)
    assert modified() == set() and asked == []
    write_changed({**pages, "two.md": "two, edited"}, tmp_path, written)
    assert modified() == {"two.md"} and asked == []
    # The build failed before it reached two.md: it is still to build.
    build("one.md")
    assert modified() == {"two.md"}
    build("two.md")
    write_changed({**pages, "two.md": "two, edited"}, tmp_path, written)  # the same text: nothing written
    assert modified() == set()
    # Changed behind our back: rewritten with the text asked for, so built again.
    (tmp_path / "three.md").write_text("three, by hand")
    write_changed({**pages, "two.md": "two, edited", "four.md": "four"}, tmp_path, written)
    assert modified() == {"three.md", "four.md"} and asked == ["four.md"]


@pytest.mark.parametrize("base", ["http://127.0.0.1:8000/", "https://example.org/handbook", "https://example.org/a b/",
                                  "", None])
def test_canonical_addresses_remembered_are_the_ones_mkdocs_works_out(base: str | None) -> None:
    config = load_config(str(ROOT / "mkdocs.yml"))
    mkdocs_own = inspect.unwrap(Page._set_canonical_url)  # a test before may have served in this process
    worked_out: list[str] = []

    def counted(page: Page, site: str | None) -> None:
        worked_out.append(page.url)
        mkdocs_own(page, site)

    remembered = remembering(counted)
    assert remembering(remembered) is remembered  # a second serve in one process wraps it once
    uris = ["index.md", "playbooks/pb-0001.md", "tags/x y/é.md", "a/../b.md", "sub/index.md", "404.md"]
    for uri in uris:
        page = Page(None, File(uri, config.docs_dir, config.site_dir, config.use_directory_urls), config)
        mkdocs_own(page, base)
        expected = (page.canonical_url, page.abs_url)
        for _ in range(2):
            page.canonical_url = page.abs_url = "stale"
            remembered(page, base)
            assert (page.canonical_url, page.abs_url) == expected
    assert len(worked_out) == (len(uris) if base else 2 * len(uris))


def test_a_page_calling_the_macros_is_built_again_when_the_handbook_changes() -> None:
    pages = MacroPages()
    changed_on_disk = {"index.md": False}

    def modified(version: str) -> bool:
        return pages.modified("index.md", version, lambda: changed_on_disk["index.md"])

    assert not modified("v1")  # not built in this process yet: its file decides, as MkDocs' own check
    pages.built("index.md", "v1")
    assert not modified("v1")
    assert modified("v2")  # a playbook changed since
    pages.built("index.md", "v2")
    assert not modified("v2")
    changed_on_disk["index.md"] = True
    assert modified("v2")
