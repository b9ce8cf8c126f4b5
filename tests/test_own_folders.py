"""Nothing outside the project is written or deleted, whatever a pull request commits; one build at
a time; settings checked like content; every failure a line (issue: hostile input, third round)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, copy_project, run_handbook, run_mkdocs


def sentinel(folder: Path) -> dict[str, bytes]:
    """A folder of files that nothing may touch, and what it holds."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "keep.md").write_text("# mine\n")
    (folder / "docs").mkdir(exist_ok=True)
    (folder / "docs" / "notes.md").write_text("my notes\n")
    return contents(folder)


def contents(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_committed_link_as_the_old_page_cache_reaches_nothing_outside(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project", FIXTURES / "playbooks")
    held = sentinel(tmp_path / "victim")
    (project / ".cache" / "handbook").mkdir(parents=True)
    (project / ".cache" / "handbook" / "pages").symlink_to(tmp_path / "victim")
    result = run_mkdocs(project)
    assert result.returncode == 0, result.stderr
    assert contents(tmp_path / "victim") == held


@pytest.mark.parametrize("link", [".zensical", ".zensical/docs"])
def test_generate_refuses_a_committed_link_on_the_way(tmp_path: Path, link: str) -> None:
    project = copy_project(tmp_path / "outside" / "project", FIXTURES / "playbooks")
    held = sentinel(tmp_path / "outside")
    (project / link).parent.mkdir(parents=True, exist_ok=True)
    (project / link).symlink_to(tmp_path / "outside")
    result = run_handbook(project, "generate", ".zensical/docs")
    assert result.returncode == 2 and "symbolic link" in result.stderr, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert contents(tmp_path / "outside") == {**held, **{f"project/{k}": v for k, v in contents(project).items()}}


@pytest.mark.parametrize("target", [".git", "tests", ".github", "docs", "playbooks", "my-folder", "Makefile",
                                    "..", "../elsewhere", "/", "."])
def test_generate_writes_only_into_a_folder_of_its_own(tmp_path: Path, target: str) -> None:
    project = copy_project(tmp_path / "project", FIXTURES / "playbooks")
    for folder in (".git", "tests", ".github", "my-folder"):
        (project / folder).mkdir(exist_ok=True)
        (project / folder / "kept.txt").write_text("kept")
    (project / "Makefile").write_text("all:\n")
    before = contents(tmp_path)
    result = run_handbook(project, "generate", target)
    assert result.returncode == 2, result.stdout
    assert result.stderr.startswith("handbook: error: ") and len(result.stderr.strip().splitlines()) == 1
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
    assert contents(tmp_path) == before


def test_generate_replaces_the_folder_it_made(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project", FIXTURES / "playbooks")
    first = run_handbook(project, "generate", "out/docs")
    assert first.returncode == 0, first.stderr
    (project / "out" / "docs" / "stale.md").write_text("stale")
    again = run_handbook(project, "generate", "out/docs")
    assert again.returncode == 0, again.stderr
    assert not (project / "out" / "docs" / "stale.md").exists()
    assert (project / "out" / "docs" / "index.md").is_file()


def test_two_builds_at_once_each_leave_a_whole_site(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project", FIXTURES / "playbooks")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    alone = subprocess.run([sys.executable, "-m", "handbook.publish"], cwd=project, env=env,
                           capture_output=True, text=True, timeout=300)
    assert alone.returncode == 0, alone.stderr
    whole = sorted(p.relative_to(project / "site").as_posix() for p in (project / "site").rglob("*"))
    builds = [subprocess.Popen([sys.executable, "-m", "handbook.publish"], cwd=project, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(3)]
    results = [(b.wait(timeout=300), b.communicate()[1]) for b in builds]
    assert [status for status, _ in results] == [0, 0, 0], results
    assert sorted(p.relative_to(project / "site").as_posix() for p in (project / "site").rglob("*")) == whole


@pytest.mark.parametrize("address", [
    'https://example.org/hb"><img src=x onerror=alert(1)>/',
    "javascript:alert(1)//",
    "https://example.org/hb/?q=<script>",
    "example.org/handbook/",
    "https://exa mple.org/",
    "ftp://example.org/",
])
def test_a_site_address_that_is_not_plain_is_refused_with_one_line(tmp_path: Path, address: str) -> None:
    project = copy_project(tmp_path / "project", FIXTURES / "playbooks")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=project, capture_output=True,
                            text=True, timeout=300, env={**os.environ, "HANDBOOK_SITE_URL": address,
                                                         "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 1
    assert "site_url" in result.stderr and "Traceback" not in result.stderr
    assert not (project / "site").exists()
    generated = subprocess.run(
        [sys.executable, "-m", "handbook", "generate", "out"], cwd=project, capture_output=True, text=True,
        timeout=120, env={**os.environ, "HANDBOOK_SITE_URL": address})
    assert generated.returncode == 2 and "site_url" in generated.stderr and "Traceback" not in generated.stderr


def test_a_build_writes_nothing_into_the_checkout_but_its_site(tmp_path: Path) -> None:
    # So a read-only checkout builds into a writable --site-dir (as root, modes cannot show it).
    project = copy_project(tmp_path / "project", FIXTURES / "playbooks")
    before = set(contents(project))
    result = run_mkdocs(project, "--site-dir", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert set(contents(project)) == before


def test_no_home_folder_is_not_an_internal_error(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project", FIXTURES / "playbooks")
    env = {key: value for key, value in os.environ.items() if key not in ("HOME", "XDG_CACHE_HOME")}
    for command in (["check"], ["generate", "out"]):
        result = subprocess.run([sys.executable, "-m", "handbook", *command], cwd=project, capture_output=True,
                                text=True, timeout=120, env=env)
        assert result.returncode == 0, result.stderr
        assert "internal error" not in result.stderr
