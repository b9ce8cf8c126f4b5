"""`make build` swaps the new site in atomically: a failed or killed build always leaves a complete site/."""

from __future__ import annotations

import contextlib
import ctypes
import errno
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from handbook import publish
from handbook.publish import STEPS, swap_in
from tests.conftest import FIXTURES, ROOT, copy_project

Fingerprint = dict[str, str]


def fingerprint(site: Path) -> Fingerprint:
    """The sha256 of every file under `site`, by relative path."""
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def folder(path: Path, **files: str) -> Path:
    """A folder at `path` holding `files` (name: text)."""
    path.mkdir()
    for name, text in files.items():
        (path / name).write_text(text)
    return path


def contents(path: Path) -> dict[str, str]:
    return {p.name: p.read_text() for p in path.iterdir()}


# swap_in on real folders


def test_swap_in_without_a_site_renames_the_new_folder(tmp_path: Path) -> None:
    new = folder(tmp_path / ".site-new", page="new")
    swap_in(new, tmp_path / "site")
    assert contents(tmp_path / "site") == {"page": "new"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_swap_in_replaces_the_site_and_removes_the_old_one(tmp_path: Path) -> None:
    folder(tmp_path / "site", page="old", gone="old only")
    (tmp_path / "site" / "sub").mkdir()
    new = folder(tmp_path / ".site-new", page="new")
    swap_in(new, tmp_path / "site")
    assert contents(tmp_path / "site") == {"page": "new"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_swap_in_replaces_a_link_and_leaves_its_target_alone(tmp_path: Path) -> None:
    target = folder(tmp_path / "elsewhere", page="old")
    (tmp_path / "site").symlink_to(target)
    swap_in(folder(tmp_path / ".site-new", page="new"), tmp_path / "site")
    assert not (tmp_path / "site").is_symlink() and contents(tmp_path / "site") == {"page": "new"}
    assert contents(target) == {"page": "old"} and not (tmp_path / ".site-new").exists()


def test_swap_in_refuses_a_file_where_the_site_goes(tmp_path: Path) -> None:
    (tmp_path / "site").write_text("notes")
    with pytest.raises(NotADirectoryError):
        swap_in(folder(tmp_path / ".site-new", page="new"), tmp_path / "site")
    assert (tmp_path / "site").read_text() == "notes"


class FailingCall:
    """A C function that fails, as renameat2 does where RENAME_EXCHANGE is not supported."""

    argtypes: tuple[Any, ...] = ()
    restype: Any = None

    def __call__(self, *args: Any) -> int:
        return -1


class FakeLibc:
    """Stands in for ctypes.CDLL: a C library whose renameat2 fails."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.renameat2 = FailingCall()


@pytest.mark.parametrize("code", [errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP])
def test_without_rename_exchange_swap_in_falls_back_to_two_renames(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int) -> None:
    monkeypatch.setattr(ctypes, "CDLL", FakeLibc)
    monkeypatch.setattr(ctypes, "get_errno", lambda: code)
    folder(tmp_path / "site", page="old")
    swap_in(folder(tmp_path / ".site-new", page="new"), tmp_path / "site")
    assert contents(tmp_path / "site") == {"page": "new"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_another_rename_exchange_error_is_raised(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ctypes, "CDLL", FakeLibc)
    monkeypatch.setattr(ctypes, "get_errno", lambda: errno.EACCES)
    folder(tmp_path / "site", page="old")
    with pytest.raises(PermissionError):
        swap_in(folder(tmp_path / ".site-new", page="new"), tmp_path / "site")
    assert contents(tmp_path / "site") == {"page": "old"}


def test_a_run_killed_inside_the_fallback_gets_the_previous_site_back(tmp_path: Path) -> None:
    # Killed between the fallback's two renames: no site/, the previous one at .site-old.
    folder(tmp_path / ".site-old", page="old")
    folder(tmp_path / ".site-new", page="partial")
    publish.clear_leftovers(tmp_path / ".site-new", tmp_path / "site")
    assert contents(tmp_path / "site") == {"page": "old"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


# main() in this process, with the build faked


def fake_build(status: int) -> Callable[..., subprocess.CompletedProcess[bytes]]:
    def run(command: list[str], check: bool) -> subprocess.CompletedProcess[bytes]:
        folder(Path(command[command.index("--site-dir") + 1]), page="new")
        return subprocess.CompletedProcess(command, status)
    return run


def test_an_os_error_is_one_line_and_status_1(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("HANDBOOK_KILL_AFTER", raising=False)
    monkeypatch.setattr(publish.subprocess, "run", fake_build(0))
    (tmp_path / "site").write_text("notes")
    assert publish.main([]) == 1
    assert capsys.readouterr().err == (
        "handbook.publish: error: [Errno 20] exists and is not a folder; move it away: 'site'\n")


def test_a_failed_build_keeps_its_status_and_removes_the_partial_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("HANDBOOK_KILL_AFTER", raising=False)
    monkeypatch.setattr(publish.subprocess, "run", fake_build(3))
    folder(tmp_path / "site", page="old")
    assert publish.main([]) == 3
    assert contents(tmp_path / "site") == {"page": "old"} and not (tmp_path / ".site-new").exists()


def test_an_unknown_kill_step_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HANDBOOK_KILL_AFTER", "swpa")
    assert publish.main([]) == 2
    assert not list(tmp_path.iterdir())


# Real builds of the fixture handbook


def publish_env(kill_after: str | None = None) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != "HANDBOOK_KILL_AFTER"}
    env["NO_MKDOCS_2_WARNING"] = "1"
    if kill_after:
        env["HANDBOOK_KILL_AFTER"] = kill_after
    return env


def run_publish(project: Path, kill_after: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "handbook.publish"], cwd=project, capture_output=True,
                          text=True, env=publish_env(kill_after), timeout=120)


class Sites:
    """The previous site's fingerprint, the new one's once seen, and what each killed run left."""

    def __init__(self, project: Path, keep: Path) -> None:
        self.site = project / "site"
        self.keep = keep
        shutil.copytree(self.site, keep)
        self.old = fingerprint(self.site)
        self.new: Fingerprint | None = None

    def restore_old(self) -> None:
        """Put the previous site back, so each killed run shows whether it got past the swap."""
        shutil.rmtree(self.site)
        shutil.copytree(self.keep, self.site)

    def outcome(self, moment: str) -> str:
        """'old' or 'new'; fails unless site/ is a real folder holding one whole site."""
        assert self.site.is_dir() and not self.site.is_symlink(), f"no site/ after a kill {moment}"
        found = fingerprint(self.site)
        if found == self.old:
            return "old"
        assert found.keys() == self.old.keys(), f"site/ incomplete after a kill {moment}"
        if self.new is None:
            page = (self.site / "playbooks" / "asking-peers" / "index.html").read_text()
            assert "Asking peers v2" in page, f"site/ a mix after a kill {moment}"
            self.new = found
        assert found == self.new, f"site/ a mix after a kill {moment}"
        return "new"


def kill_when(project: Path, ready: Callable[[float], bool]) -> int:
    """Start a run, SIGKILL it and its build once `ready(seconds since the start)` holds; its return code."""
    started = time.monotonic()
    process = subprocess.Popen([sys.executable, "-m", "handbook.publish"], cwd=project, env=publish_env(),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    while process.poll() is None and not ready(time.monotonic() - started):
        time.sleep(0.001)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)  # the whole group: mkdocs too, as a terminal would
    return process.wait(timeout=60)


def files_in(path: Path) -> int:
    return sum(len(names) for _, _, names in os.walk(path))


def test_a_build_killed_at_any_moment_leaves_a_complete_site(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project", FIXTURES / "playbooks")
    started = time.monotonic()
    assert run_publish(project).returncode == 0
    build_time = time.monotonic() - started
    sites = Sites(project, tmp_path / "kept-site")
    playbook = project / "playbooks" / "asking-peers.yaml"
    playbook.write_text(playbook.read_text().replace("title: Asking peers", "title: Asking peers v2"))

    # At every step boundary, killed by the run itself; leftovers stay for the next run to clear.
    outcomes = {}
    for step in STEPS:
        sites.restore_old()
        assert run_publish(project, kill_after=step).returncode == -signal.SIGKILL
        outcomes[step] = sites.outcome(f"after step {step}")
        if step == "exchange":  # the previous site is left at .site-new, for the next run to clear
            assert fingerprint(project / ".site-new") == sites.old
    assert outcomes == {"clear-leftovers": "old", "build": "old", "exchange": "new", "remove-old": "new"}

    # At moments during the build, killed from outside.
    new = project / ".site-new"
    moments: dict[str, Callable[[float], bool]] = {
        "when .site-new appears": lambda _: new.exists(),
        "at its first file": lambda _: files_in(new) > 0,
        "at half its files": lambda _: files_in(new) >= len(sites.old) // 2,
        "at its last file, just before the swap": lambda _: files_in(new) >= len(sites.old),
    }
    for fraction in (0.25, 0.5, 0.75, 0.9, 1.0, 1.1):
        moments[f"at {fraction:.0%} of a build's time"] = lambda elapsed, at=fraction * build_time: elapsed >= at
    timed = {}
    for moment, ready in moments.items():
        sites.restore_old()
        shutil.rmtree(new, ignore_errors=True)
        status = kill_when(project, ready)
        timed[moment] = (status, sites.outcome(moment))
        assert status in (0, -signal.SIGKILL), timed
        assert status == -signal.SIGKILL or timed[moment][1] == "new", timed
    assert all(timed[moment][0] == -signal.SIGKILL for moment in list(moments)[:3]), timed

    result = run_publish(project)
    assert result.returncode == 0, result.stderr
    assert sites.outcome("(none)") == "new"
    # Nothing is left but the empty lock file that every build opens (publish.one_build_at_a_time).
    assert sorted(p.name for p in project.iterdir() if p.name.startswith(".site")) == [".site-lock"]


def test_make_build_swaps_in_only_a_complete_site(tmp_path: Path) -> None:
    project = copy_project(tmp_path, FIXTURES / "playbooks")
    for name in ("Makefile", "pyproject.toml", "requirements.lock"):
        (project / name).write_bytes((ROOT / name).read_bytes())
    # The project's own environment, marked installed, so make builds without installing again;
    # with pyvenv.cfg and lib/ too, so .venv/bin/python finds the installed packages.
    venv = project / ".venv"
    venv.mkdir()
    for name in ("bin", "lib"):
        (venv / name).symlink_to(ROOT / ".venv" / name)
    shutil.copy2(ROOT / ".venv" / "pyvenv.cfg", venv / "pyvenv.cfg")
    (venv / ".installed").touch()
    os.utime(project / "pyproject.toml", (0, 0))
    result = subprocess.run(["make", "build"], cwd=project, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    before = fingerprint(project / "site")
    assert before
    (project / "docs" / "broken.md").write_text("[a link](nowhere.md)\n")  # a strict-mode warning
    result = subprocess.run(["make", "build"], cwd=project, capture_output=True, text=True, timeout=120)
    assert result.returncode != 0 and "nowhere.md" in result.stderr
    assert "Traceback" not in result.stderr
    assert fingerprint(project / "site") == before
    assert not (project / ".site-new").exists() and not (project / ".site-old").exists()
