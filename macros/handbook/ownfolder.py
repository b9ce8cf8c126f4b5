"""Folders the handbook writes or clears, checked first: nothing outside the project is touched.

A pull request can commit what `.gitignore` hides from review, a symbolic link among them. So every
folder the handbook replaces must be a real folder inside the project, reached through no link, and
either new or marked as made by the handbook; anything else is refused with one line.
"""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

MARK = ".made-by-handbook"
# The project's own folders, refused as (or around) a target even outside a git checkout.
OWN = frozenset({".git", ".github", ".ci", "benchmarks", "docs", "macros", "node_modules", "overrides",
                 "playbooks", "site", "tests", ".venv", ".venv-zensical"})
CHOOSE = "choose a folder of its own, like .zensical/docs"


class FolderError(ValueError):
    """A folder the handbook will not write into, and why."""


def checked_target(target: Path, root: Path) -> Path:
    """`target` as an absolute path inside `root`, reached through real folders only, and new or
    marked with MARK; FolderError otherwise. Nothing is created or changed."""
    root = root.resolve()
    absolute = Path(os.path.abspath(root / target))
    if absolute == root or not absolute.is_relative_to(root):
        raise FolderError(f"'{target}' is not a folder inside the project; {CHOOSE}")
    top = absolute.relative_to(root).parts[0]
    if top in OWN or _tracked(root, top):
        raise FolderError(f"'{target}' is in the project's own folder {top}/; {CHOOSE}")
    here = root
    for part in absolute.relative_to(root).parts:
        here = here / part
        try:
            info = here.lstat()
        except FileNotFoundError:
            return absolute  # the rest is new
        if stat.S_ISLNK(info.st_mode):
            raise FolderError(f"'{here.relative_to(root)}' is a symbolic link; the handbook writes only into real "
                              f"folders of the project: remove the link, or {CHOOSE}")
        if not stat.S_ISDIR(info.st_mode):
            raise FolderError(f"'{here.relative_to(root)}' is a file, not a folder; {CHOOSE}")
    if not (absolute / MARK).is_file():
        raise FolderError(f"'{target}' exists and was not made by 'handbook generate' (it has no {MARK}); "
                          f"remove it yourself, or {CHOOSE}")
    return absolute


def _tracked(root: Path, name: str) -> bool:
    """Whether git tracks anything under `root`/`name` (False where there is no git or no checkout)."""
    try:
        found = subprocess.run(["git", "-C", str(root), "ls-files", "--", name], capture_output=True, timeout=30,
                               check=False)
    except (OSError, subprocess.SubprocessError):
        return False
    return found.returncode == 0 and bool(found.stdout.strip())


def mark(folder: Path) -> None:
    """Mark `folder` as the handbook's own, so a later run may replace it."""
    (folder / MARK).write_text("Made by `handbook generate`, which replaces this folder on its next run.\n",
                               encoding="utf-8")
