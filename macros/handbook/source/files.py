"""Which entries of the playbooks folder are playbooks, and how a playbook file is read."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from handbook.source.yamlsource import MAX_FILE_BYTES


def playbook_files(folder: Path) -> list[Path]:
    """Every entry of `folder` but hidden ones and editor backups: each is a playbook or a problem.

    Nothing is skipped without a word: a file that is not `<id>.yaml` is reported, not ignored.
    """
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if not ignored(p.name))


def ignored(name: str) -> bool:
    """Hidden files and editor backups (`.x.yaml.swp`, `x.yaml~`), which editors write beside a file."""
    return name.startswith(".") or name.endswith("~")


def ignored_files(folder: Path) -> list[Path]:
    """The entries of `folder` that `playbook_files` leaves out, so a caller can name them."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if ignored(p.name))


def read_bytes(file: Path) -> tuple[bytes, int]:
    """The bytes of a regular file and its size, opened without following a link or blocking on a
    pipe; an oversized file is not read at all."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    descriptor = os.open(file, flags)
    with os.fdopen(descriptor, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise OSError(0, "not a regular file")
        return (handle.read() if info.st_size <= MAX_FILE_BYTES else b""), info.st_size
