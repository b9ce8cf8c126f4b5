"""The preview a contributor works in: the real `mkdocs serve`, answering while a playbook is broken."""

from __future__ import annotations

import json
import re
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Error as PlaywrightError

from tests.conftest import FIXTURES, ROOT, copy_project, mkdocs_serve, page_text, wait_for
from tests.test_checker import at

BROKEN = ("motivators:", "motivatrs:")
MESSAGE = (f"playbooks/asking-peers.yaml:"
           f"{(FIXTURES / 'playbooks' / 'asking-peers.yaml').read_text().splitlines().index('motivators:') + 1}:1: "
           "error: unknown field 'motivatrs'")


def status_of(base: str) -> list[str]:
    text = page_text(f"{base}/handbook-status.json")
    return list(json.loads(text)["problems"]) if text else []


def shown(base: str) -> bool:
    problems = status_of(base)
    return len(problems) == 1 and problems[0].startswith(MESSAGE)


@dataclass(frozen=True)
class Preview:
    """The fixture handbook under the real `mkdocs serve`, its playbook page served."""

    base: str  # the server's address
    url: str  # the page of the playbook the tests edit
    playbook: Path  # that playbook's file
    good: str  # its text as it came, valid
    log: Path  # the server's output


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[Preview]:
    """A preview to edit; afterwards, the server must still be running and its whole output hold no
    traceback and no page missing from the menu."""
    project = copy_project(tmp_path / "project", FIXTURES / "playbooks")
    log = tmp_path / "serve.log"
    playbook = project / "playbooks" / "asking-peers.yaml"
    with mkdocs_serve(project, log) as (base, server):
        url = f"{base}/playbooks/asking-peers/"
        wait_for(lambda: "Asking peers" in page_text(url))
        yield Preview(base, url, playbook, playbook.read_text(), log)
        assert server.poll() is None
    output = log.read_text()
    assert "Traceback" not in output and "not included in the \"nav\"" not in output


def still_page(browser: Any) -> Any:
    """A page that does not reload itself when the preview rebuilds (its livereload requests are
    refused): each test visits the page itself, and closing a page or sending it elsewhere while
    livereload reloads it could hang Playwright for good."""
    page = browser.new_page()
    page.route(re.compile(r"/livereload/"), lambda route: route.abort())
    return page


def test_the_preview_answers_while_a_playbook_is_broken_and_says_why(browser: Any, preview: Preview) -> None:
    base, url, playbook, good, log = preview.base, preview.url, preview.playbook, preview.good, preview.log
    saved = time.monotonic()
    playbook.write_text(good.replace(*BROKEN))
    wait_for(lambda: shown(base), timeout=30)  # only the broken file: no error cascades to others
    # Answered, not held: the last good page, at once.
    started = time.monotonic()
    assert "Asking peers" in page_text(url) and time.monotonic() - started < 2
    print(f"problems shown {time.monotonic() - saved:.2f} s after the save")
    page = still_page(browser)
    page.goto(url)
    banner = page.locator(".hb-build-errors")
    banner.wait_for(timeout=5000)
    assert MESSAGE in banner.inner_text()
    # A second broken save: every located message is printed again.
    playbook.write_text(good.replace(*BROKEN).replace("title: Asking peers", "title: Asking peers 2"))
    wait_for(lambda: log.read_text().count(MESSAGE) >= 2)
    playbook.write_text(good.replace("title: Asking peers", "title: Asking peers again"))
    wait_for(lambda: "Asking peers again" in page_text(url))
    assert status_of(base) == []
    page.goto(url)
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)
    assert page.locator(".hb-build-errors").count() == 0
    page.close()


def test_a_taken_port_is_one_line_that_says_how_to_choose_another() -> None:
    if not (ROOT / ".venv" / ".installed").exists():
        pytest.skip("the project's environment is not installed")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(["make", "--no-print-directory", "serve", f"PORT={port}"], cwd=ROOT,
                                capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    lines = [line for line in result.stderr.splitlines() if not re.match(r"make(\[\d+\])?: \*\*\*", line)]
    assert lines == [f"make serve: port {port} is taken; stop what uses it, or choose another: "
                     "make serve PORT=8001"]
    assert "Traceback" not in result.stderr + result.stdout


def line_col(text: str, fragment: str) -> str:
    """'line:col' of the only line of `text` holding `fragment`, at the fragment's start."""
    found = [(n, line.index(fragment) + 1) for n, line in enumerate(text.splitlines(), 1) if fragment in line]
    assert len(found) == 1, fragment
    line, col = found[0]
    # A value's column: after 'name: ' when the fragment starts with its field.
    col += len(fragment.split(": ")[0]) + 2 if ": " in fragment and not fragment.endswith(":") else 0
    return f"{line}:{col}"


# Each rule of the checker, as a change to the fixture playbook: (old, new), where the message is
# (found by the start of `new`'s value, or as a line's fragment and the text at the column), and
# words the message holds.
IN_SHORT = ("in_short:\n  - Name what the work teaches.\n  - Make the first step small.\n"
            "  - Talk to the peer before their manager.\n")
RULES: dict[str, tuple[tuple[str, str], str | tuple[str, str], str]] = {
    "no first-week exercise": (("    first_week: true\n", ""), "exercises:", "marked 'first_week: true'"),
    "copy-paste damage": (("summary: Get a peer to take on work you cannot assign.",
                           "summary: I\u00e2\u20ac\u2122d ask."), "I\u00e2", "(it read 'I\u2019d')"),
    "a non-breaking space": (("title: Asking peers", "title: Asking\u00a0peers"), "Asking\u00a0", "NO-BREAK SPACE"),
    "yes for true": (("    first_week: true", "    first_week: yes"), "first_week: yes",
                     "must be true or false, not 'yes'"),
    "a field swallowed by a block": (("      Say why it fits them.\n", "      Say why it fits them.\n"
                                      "        ask_yourself: Would they learn?\n"), "ask_yourself",
                                     "so YAML reads it as more text of 'body'"),
    "a link without its scheme": (("link: https://influence-handbook", "link: influence-handbook"),
                                  "influence-handbook.github.io/posts",
                                  "did you mean https://influence-handbook.github.io/posts/asking?"),
    "a value too long": (("title: Asking peers", "title: " + "x" * 301), "xxx", "301 characters; at most 300"),
    "a placeholder id": (("id: is-it-manipulation", "id: todo-is-it"), "todo-is-it", "placeholder id"),
    "an anti-pattern where a pattern goes": (("practises: [growth, lower-the-barrier]",
                                              "practises: [going-over-heads]"), "going-over-heads]",
                                             "is an anti-pattern"),
    "an item that names no source": (("    summary: Help given earlier makes help easier to ask for.\n"
                                      "    sources: [fixture-post]\n",
                                      "    summary: Help given earlier makes help easier to ask for.\n"),
                                     ("id: reciprocity", "id"), "missing required field 'sources'"),
    "a line to say without its moment": (("        moment: after-a-no\n", ""), ("- id: swamped-line", "id"),
                                         "missing required field 'moment'"),
    "a situation without its counterpart": (("    across: peer\n", ""), ("id: peer-work-you", "id"),
                                            "missing required field 'across'"),
    "no In short": ((IN_SHORT, ""), ("title: Asking peers", "title"), "missing required field 'in_short'"),
    "a source nothing draws on": (("sources:\n  - id: fixture-post\n",
                                   "sources:\n  - {id: extra-post, title: An extra post}\n  - id: fixture-post\n"),
                                  ("id: extra-post", "extra-post"), "no item or question names the source"),
    "a team's work offered to senior ICs": (("      - Scan the backlog for one task that stretches a colleague.",
                                             "      - Offer what your team could do for them."),
                                            ("Offer what your team", "Offer"), "does not lead"),
    "a glossary term no page uses": ((IN_SHORT, IN_SHORT + "terms:\n  - {id: okr, term: OKR, means: A goal.}\n"),
                                     ("term: OKR", "OKR"), "no playbook uses the term 'OKR'"),
}


def test_each_rule_shows_its_located_message_in_the_preview_banner(browser: Any, preview: Preview) -> None:
    base, url, playbook, good = preview.base, preview.url, preview.playbook, preview.good
    page = still_page(browser)
    for name, ((old, new), where, words) in RULES.items():
        broken = good.replace(old, new)
        assert broken != good, name
        spot = line_col(broken, where) if isinstance(where, str) else at(broken, *where)
        prefix = f"playbooks/asking-peers.yaml:{spot}: error: "
        playbook.write_text(broken)

        def shows(prefix: str = prefix, words: str = words) -> bool:
            return any(p.startswith(prefix) and words in p for p in status_of(base))

        wait_for(shows, timeout=30)

        seen: dict[str, str] = {}

        def banner_shows(prefix: str = prefix, words: str = words, seen: dict[str, str] = seen) -> bool:
            try:
                page.goto(url, wait_until="domcontentloaded")
                banner = page.locator(".hb-build-errors")
                banner.wait_for(timeout=10000)
                text = seen["banner"] = str(banner.inner_text())
            except PlaywrightError:
                return False
            return prefix in text and words in text

        try:
            wait_for(banner_shows, timeout=60)
        except AssertionError:
            raise AssertionError(f"{name}: {prefix} {words} not in {seen}") from None
        # Back to good, and seen so, before the next rule: each save answered on its own.
        playbook.write_text(good.replace("title: Asking peers", f"title: Asking peers {len(name)}"))
        wait_for(lambda: status_of(base) == [], timeout=30)
    page.close()
