"""What makes a save in the preview cheap may make it faster, never different.

Each shortcut is checked against the long way: a handbook loaded with the memo of the last load
against one loaded afresh, pages backed with what was written last against a plain write, and
theme templates compiled from the bytecode cache against compiling them again.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import jinja2
import pytest
import yaml

from handbook.backing import Written, write_changed
from handbook.loader import FileMemo, load_handbook
from handbook.pages import generate_pages
from handbook.problems import HandbookError
from handbook.templatecache import MemoryBytecodeCache, compile_settings
from handbook.unfinished import may_be_unfinished
from tests.conftest import FIXTURES

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
