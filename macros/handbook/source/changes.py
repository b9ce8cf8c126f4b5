"""Which playbook files a change touches, from git: where a clash between two files is reported.

A sentence said twice or an id defined twice involves two files, and only one of them is the
contributor's: the file their pull request changes, or the one they have not committed yet.
Git is asked only when there is such a clash, never more than a few quick commands, each with a
time limit; without git (or outside a repository) nothing is known and the caller decides.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

# The branches a pull request is usually made against, tried in turn for a merge base.
BASE_REFS = ("origin/HEAD", "origin/main", "origin/master", "main", "master")
GIT_SECONDS = 10


def changed_files(folder: Path) -> frozenset[Path] | None:
    """The files under `folder` that differ from the merge base with the main branch (or from
    HEAD, in the working tree or index), and the untracked ones, as resolved paths; None when git
    cannot say (no git, not a repository, a command failed or timed out)."""
    base = _merge_base(folder)
    listings = [["ls-files", "--others", "--exclude-standard", "-z"]]
    if base is not None:  # a repository with no commit yet holds only untracked files
        listings.append(["diff", "--relative", "--name-only", "-z", base])
    names: list[str] = []
    for args in listings:
        out = _git(folder, *args, "--", ".")
        if out is None:
            return None
        names += [name for name in out.split("\0") if name]
    return frozenset((folder / name).resolve() for name in names)


def _merge_base(folder: Path) -> str | None:
    """The commit the current branch left the main branch at, or HEAD; None when there is no commit."""
    refs = [f"origin/{os.environ['GITHUB_BASE_REF']}"] if os.environ.get("GITHUB_BASE_REF") else []
    for ref in (*refs, *BASE_REFS):
        found = _git(folder, "merge-base", "HEAD", ref)
        if found:
            return found.strip()
    head = _git(folder, "rev-parse", "--verify", "--quiet", "HEAD")
    return head.strip() if head else None


def _git(folder: Path, *args: str) -> str | None:
    """What `git args` prints in `folder`, or None if it fails, is missing or takes too long."""
    env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0", "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
    try:
        result = subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True,
                                stdin=subprocess.DEVNULL, timeout=GIT_SECONDS, env=env, check=False)
    except (OSError, subprocess.SubprocessError, UnicodeError):
        return None
    return result.stdout if result.returncode == 0 else None
