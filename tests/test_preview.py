"""The preview a contributor works in: the real `mkdocs serve`, answering while a playbook is broken."""

from __future__ import annotations

import json
import re
import socket
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FIXTURES, ROOT, copy_project, mkdocs_serve, page_text, wait_for

BROKEN = ("motivators:", "motivatrs:")
MESSAGE = "playbooks/asking-peers.yaml:14:1: error: unknown field 'motivatrs'"


def status_of(base: str) -> list[str]:
    text = page_text(f"{base}/handbook-status.json")
    return list(json.loads(text)["problems"]) if text else []


def shown(base: str) -> bool:
    problems = status_of(base)
    return len(problems) == 1 and problems[0].startswith(MESSAGE)


def test_the_preview_answers_while_a_playbook_is_broken_and_says_why(browser: Any, tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project", FIXTURES / "playbooks")
    log = tmp_path / "serve.log"
    playbook = project / "playbooks" / "asking-peers.yaml"
    good = playbook.read_text()
    with mkdocs_serve(project, log) as (base, server):
        url = f"{base}/playbooks/asking-peers/"
        wait_for(lambda: "Asking peers" in page_text(url))
        saved = time.monotonic()
        playbook.write_text(good.replace(*BROKEN))
        wait_for(lambda: shown(base), timeout=30)  # only the broken file: no error cascades to others
        # Answered, not held: the last good page, at once.
        started = time.monotonic()
        assert "Asking peers" in page_text(url) and time.monotonic() - started < 2
        print(f"problems shown {time.monotonic() - saved:.2f} s after the save")
        page = browser.new_page()
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
        assert server.poll() is None
    output = log.read_text()
    assert "Traceback" not in output and "not included in the \"nav\"" not in output


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
