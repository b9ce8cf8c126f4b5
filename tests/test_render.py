"""Rendering: golden files, each case a folder of input playbooks and the Markdown expected.

Set UPDATE_GOLDEN=1 to rewrite the expected files, then read every changed line before
committing: the expected files are the specification, not a copy of whatever the code does.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from handbook.check.loader import load_handbook
from handbook.pages.render import inline, paragraphs
from handbook.pages.site import generate_pages

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted(p.name for p in GOLDEN.iterdir() if p.is_dir())
# A case without playbooks of its own renders the fixture handbook the other tests build.
FIXTURE_PLAYBOOKS = Path(__file__).parent / "fixtures" / "playbooks"


@pytest.mark.parametrize("case", CASES)
def test_generated_markdown_matches_the_golden_files(case: str) -> None:
    folder = GOLDEN / case
    playbooks = folder / "playbooks" if (folder / "playbooks").is_dir() else FIXTURE_PLAYBOOKS
    pages = generate_pages(load_handbook(playbooks, display_root=playbooks.parent))
    expected_dir = folder / "expected"
    if os.environ.get("UPDATE_GOLDEN"):
        for path, page in pages.items():
            if (expected_dir / path).exists() or (path.startswith(("playbooks/", "exercises/")) \
                    and not path.endswith("index.md")):
                (expected_dir / path).parent.mkdir(parents=True, exist_ok=True)
                (expected_dir / path).write_text(page.markdown)
    expected = sorted(p.relative_to(expected_dir).as_posix() for p in expected_dir.rglob("*.md"))
    assert expected, "a golden case needs at least one expected page"
    for path in expected:
        assert pages[path].markdown == (expected_dir / path).read_text(), path


@pytest.mark.parametrize(("text", "shown"), [
    pytest.param("{{ 7 * 7 }}", "&#123;&#123; 7 &#42; 7 &#125;&#125;", id="jinja delimiters"),
    pytest.param("<b>x</b>", "&#60;b&#62;x&#60;/b&#62;", id="html tags"),
    pytest.param("a & b", "a &#38; b", id="ampersand"),
    pytest.param("don't, really?", "don't, really?", id="harmless punctuation stays readable"),
    pytest.param("??? note", "&#63;?? note", id="a collapsible block's marker at the start"),
    pytest.param("  ???+ tip", " &#63;??&#43; tip", id="after spaces too"),
    pytest.param("two\n  lines", "two lines", id="one line"),
    pytest.param(", ", ", ", id="a separator keeps its space"),
])
def test_inline_text_carries_no_syntax(text: str, shown: str) -> None:
    assert inline(text) == shown


def test_paragraphs_split_at_blank_lines_only() -> None:
    assert paragraphs("one\ntwo\n\n    three") == "one two\n\nthree"
