"""Hostile text in a playbook reaches the built page as text: never markup, never a template."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, copy_project, run_mkdocs
from tests.pages import read_page

HOSTILE = Path(__file__).parent / "golden" / "hostile-text" / "playbooks"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("hostile"), FIXTURES / "playbooks", HOSTILE)
    result = run_mkdocs(project)
    assert result.returncode == 0, result.stderr
    return project / "site"


def html_of(site: Path, url: str) -> str:
    return (site / url.strip("/") / "index.html").read_text(encoding="utf-8")


def test_jinja_in_a_field_is_shown_not_run(hostile_site: Path) -> None:
    page = read_page(hostile_site, "/playbooks/hostile/")
    assert "{{ cycler.__init__.__globals__.os.popen('id').read() }}" in page.text
    assert "uid=" not in html_of(hostile_site, "/playbooks/hostile/")
    exercise = read_page(hostile_site, "/exercises/odd-exercise/")
    text = re.sub(r"content version [0-9a-f]{10}", "", exercise.text)  # a hash may hold the digits 49
    assert "{{ 7 * 7 }}" in text and "49" not in text
    assert "{% include 'x' %} {# comment #}" in page.text


def test_html_in_a_field_is_shown_as_text(hostile_site: Path) -> None:
    html = html_of(hostile_site, "/playbooks/hostile/")
    assert "<script>alert(1)</script>" not in html
    assert "<img src=x" not in html and "<b>bold</b>" not in html
    page = read_page(hostile_site, "/playbooks/hostile/")
    assert "<script>alert(1)</script> and *not emphasis*" in page.text
    assert "</title><img src=x onerror=alert(1)>" in page.text


def test_a_hostile_title_cannot_leave_the_title_element(hostile_site: Path) -> None:
    html = html_of(hostile_site, "/exercises/odd-exercise/")
    head = html.split("</head>")[0]
    assert head.count("<title>") == 1 and head.count("</title>") == 1


def test_markdown_link_syntax_in_text_makes_no_link(hostile_site: Path) -> None:
    page = read_page(hostile_site, "/playbooks/hostile/")
    assert not [link for link in page.links if link.lower().startswith(("javascript:", "data:"))]
    assert "[a link](javascript:alert(1))" in page.text


def test_fake_markup_makes_no_form_control(hostile_site: Path) -> None:
    html = html_of(hostile_site, "/exercises/odd-exercise/")
    assert "<input type=checkbox checked>" not in html
    assert html.count('<input type="checkbox" data-key=') == 1


def test_links_keep_their_target_encoded(hostile_site: Path) -> None:
    page = read_page(hostile_site, "/playbooks/hostile/")
    assert "https://influence-handbook.github.io/a%28b%29'x" in page.links


def test_a_paragraph_that_starts_like_a_collapsible_block_stays_text(tmp_path: Path) -> None:
    # '??? note' at the start of a line opens a collapsible block (pymdownx.details); a '?' is
    # otherwise left readable in the generated source, so a paragraph that starts with it must not.
    project = copy_project(tmp_path / "project", FIXTURES / "playbooks")
    playbook = project / "playbooks" / "asking-peers.yaml"
    text = playbook.read_text()
    opening = "      ??? note\n\n      ???+ danger Open\n\n"
    changed = text.replace("      Name the skill.\n", opening + "      Name the skill.\n", 1)
    assert changed != text
    playbook.write_text(changed)
    result = run_mkdocs(project)
    assert result.returncode == 0, result.stderr
    html = html_of(project / "site", "/playbooks/asking-peers/")
    page = read_page(project / "site", "/playbooks/asking-peers/")
    assert '<details class="note">' not in html and '<details class="danger"' not in html
    assert "??? note" in page.text and "???+ danger Open" in page.text
