"""Shared fixtures: a copy of the project with chosen playbooks, and real builds of it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SITE_FILES = ("mkdocs.yml", "docs", "overrides", "macros/hooks.py", "macros/main.py")


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


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small fixture handbook, built once with --strict; returns its site/ folder."""
    project = copy_project(tmp_path_factory.mktemp("fixture-project"), FIXTURES / "playbooks")
    result = run_mkdocs(project)
    assert result.returncode == 0, result.stderr
    return project / "site"


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real handbook (this repository's playbooks), built once with --strict."""
    project = copy_project(tmp_path_factory.mktemp("real-project"), ROOT / "playbooks")
    result = run_mkdocs(project)
    assert result.returncode == 0, result.stderr
    return project / "site"
