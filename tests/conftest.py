"""Shared fixtures: a copy of the project with chosen playbooks, and real builds of it."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NoReturn

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SITE_FILES = ("mkdocs.yml", "mkdocs.zensical.yml", "docs", "overrides",
              "CONTRIBUTING.md")


def copy_project(target: Path, *playbook_dirs: Path) -> Path:
    """The site's sources in `target`, with the playbooks of each of `playbook_dirs`."""
    for name in SITE_FILES:
        source, dest = ROOT / name, target / name
        dest.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, dest, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, dest)
    (target / "playbooks").mkdir(exist_ok=True)
    for folder in playbook_dirs:
        for file in folder.glob("*.yaml"):
            shutil.copy2(file, target / "playbooks" / file.name)
    if ROOT / "playbooks" not in playbook_dirs:
        # The real home page links to the real playbooks; a fixture handbook has its own.
        shutil.copy2(FIXTURES / "index.md", target / "docs" / "index.md")
    return target


def run_mkdocs(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the real `mkdocs build --strict` in `project`."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", *args],
                          cwd=project, capture_output=True, text=True, env=env, timeout=300)


def run_handbook(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the real `handbook` command in `project`."""
    return subprocess.run([sys.executable, "-m", "handbook", *args], cwd=project,
                          capture_output=True, text=True, timeout=120)


def built_site(folder: Path, playbooks: Path) -> Path:
    """A copy of the project in `folder` with `playbooks`, built with --strict; its site/ folder."""
    project = copy_project(folder, playbooks)
    result = run_mkdocs(project)
    assert result.returncode == 0, result.stderr
    return project / "site"


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small fixture handbook, built once."""
    return built_site(tmp_path_factory.mktemp("fixture-project"), FIXTURES / "playbooks")


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real handbook (this repository's playbooks), built once."""
    return built_site(tmp_path_factory.mktemp("real-project"), ROOT / "playbooks")


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def missing_tool(reason: str) -> NoReturn:
    """Skip a test whose tool is not installed here; CI sets HANDBOOK_REQUIRE_BROWSER=1, and there
    a missing tool fails the test instead of skipping it."""
    if os.environ.get("HANDBOOK_REQUIRE_BROWSER"):
        pytest.fail(f"{reason}, and HANDBOOK_REQUIRE_BROWSER is set")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium driven by Playwright; skipped locally where there is none."""
    if not CHROMIUM.exists():
        missing_tool(f"no browser at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve `folder` over HTTP on a free local port; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def real_url(real_site: Path) -> Iterator[str]:
    """The real handbook, built and served on localhost."""
    with serve(real_site) as url:
        yield url


@pytest.fixture(scope="session")
def fixture_url(fixture_site: Path) -> Iterator[str]:
    """The fixture handbook, built and served on localhost."""
    with serve(fixture_site) as url:
        yield url


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(condition: Callable[[], object], timeout: float = 60) -> None:
    """Poll `condition` until it holds; fail the test after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.25)
    raise AssertionError("timed out")


def page_text(url: str) -> str:
    """The body of `url` on a local server, or "" while it does not answer."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - a local test server
            return str(response.read().decode())
    except OSError:
        return ""


@contextlib.contextmanager
def mkdocs_serve(project: Path, log: Path) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """The real `mkdocs serve --dirty`, as `make serve` runs it, in `project`, its output in `log`;
    yields its address and the process, and stops it afterwards."""
    port = free_port()
    with log.open("wb") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dirty", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=project, stdout=output, stderr=subprocess.STDOUT,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "HANDBOOK_SITE_URL": f"http://127.0.0.1:{port}/"},
            start_new_session=True)
        try:
            yield f"http://127.0.0.1:{port}", server
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=10)


def git(project: Path, *args: str) -> str:
    """Run git in `project` as a contributor would, with a fixed identity; its output."""
    env = {**os.environ, "GIT_AUTHOR_NAME": "Contributor", "GIT_AUTHOR_EMAIL": "c@example.org",
           "GIT_COMMITTER_NAME": "Contributor", "GIT_COMMITTER_EMAIL": "c@example.org",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    result = subprocess.run(["git", *args], cwd=project, capture_output=True, text=True, env=env,
                            timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    return result.stdout


def git_clone_of(project: Path) -> Path:
    """`project` made a fresh clone would look like: a repository on `main` with everything committed."""
    git(project, "init", "--quiet", "--initial-branch=main")
    git(project, "add", "--all")
    git(project, "commit", "--quiet", "--message", "The handbook as cloned")
    return project
