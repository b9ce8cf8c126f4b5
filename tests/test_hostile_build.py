"""Hostile input against the real build, the real preview and real Chromium."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FIXTURES, copy_project, mkdocs_serve, page_text, run_mkdocs, serve, wait_for
from tests.test_checker import VALID
from tests.test_hostile_input import with_field, yaml_escaped

# Allowed text that is syntax somewhere: YAML (---, ..., "quotes", \), Markdown and attr_list
# ({: ...}, [x](y)), HTML (<img onerror>, </title>), Jinja ({{ }}), and joined emoji.
TRICKY = {
    "playbook title": 'Tricky --- ... "q" \\ <img src=x onerror="window.__pwned=1"> {: onclick="window.__pwned=2" }',
    "exercise title": "Ex </title><script>window.__pwned=3</script> [x](javascript:window.__pwned=4)",
    "experiment title": "Plan {{ 7 * 7 }} &lt;b&gt; \U0001f469\u200d\U0001f4bb\u00ad # not a heading",
}


def tricky_playbook() -> str:
    text = with_field("playbook title", TRICKY["playbook title"])
    text = text.replace("    title: Find a task\n", f"    title: {yaml_escaped(TRICKY['exercise title'])}\n")
    text = text.replace("  title: Two weeks\n", f"  title: {yaml_escaped(TRICKY['experiment title'])}\n")
    return distinct_ids(text)


def distinct_ids(text: str) -> str:
    """VALID's text with ids the fixture handbook does not use."""
    return text.replace("id: growth", "id: gr").replace("[growth]", "[gr]").replace("id: peer-work", "id: pw")


@pytest.fixture(scope="module")
def tricky_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("tricky"), FIXTURES / "playbooks")
    (project / "playbooks" / "tricky.yaml").write_text(tricky_playbook(), encoding="utf-8")
    result = run_mkdocs(project)
    assert result.returncode == 0, result.stderr
    return project / "site"


@pytest.mark.browser
@pytest.mark.parametrize(("url", "field"), [
    ("/playbooks/tricky/", "playbook title"),
    ("/exercises/find-a-task/", "exercise title"),
    ("/checklists/two-weeks/", "experiment title"),
])
def test_tricky_titles_reach_the_page_as_text_and_run_nothing(browser: Any, tricky_site: Path, url: str,
                                                              field: str) -> None:
    dialogs: list[str] = []
    with serve(tricky_site) as base:
        page = browser.new_page()
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(base + url)
        page.wait_for_load_state("load")
        title = " ".join(TRICKY[field].replace("\u00ad", "").split())
        assert page.evaluate("window.__pwned") is None
        heading = page.locator("article h1").first.inner_text().replace("\u00ad", "").strip()
        assert heading.removesuffix("¶").strip() == title  # the permalink follows the title
        assert page.title().replace("\u00ad", "").startswith(title)
        assert page.locator("article img, article script").count() == 0
        assert not dialogs
        page.close()


def test_the_reported_breakout_is_refused_by_the_real_build(tmp_path: Path) -> None:
    project = copy_project(tmp_path, FIXTURES / "playbooks")
    text = distinct_ids(VALID.replace("title: Asking peers",
                                      'title: "Asking\\L---\\n<img src=x onerror=alert(1)>"'))
    (project / "playbooks" / "breakout.yaml").write_text(text)
    result = run_mkdocs(project)
    assert result.returncode == 1
    assert ("playbooks/breakout.yaml:1:8: error: character U+2028 (LINE SEPARATOR) is a line break some "
            "tools do not see") in result.stderr
    assert not (project / "site").exists()


def test_the_preview_survives_deep_nesting_and_recovers(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project", FIXTURES / "playbooks")
    log = tmp_path / "serve.log"
    with mkdocs_serve(project, log) as (base, server):
        url = f"{base}/playbooks/asking-peers/"
        wait_for(lambda: "Asking peers" in page_text(url))
        deep = project / "playbooks" / "deep.yaml"
        deep.write_text("title: " + "[" * 30000)
        wait_for(lambda: "playbooks/deep.yaml:1:" in log.read_text())
        assert server.poll() is None  # a segfault would have ended it
        deep.unlink()
        playbook = project / "playbooks" / "asking-peers.yaml"
        playbook.write_text(playbook.read_text().replace("title: Asking peers", "title: Asking peers again"))
        wait_for(lambda: "Asking peers again" in page_text(url))
    assert "Traceback" not in log.read_text()


