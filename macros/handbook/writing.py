"""Generated pages as files on disk, rewritten only when their Markdown changes.

MkDocs rebuilds a page under `mkdocs serve --dirty` only when its source file is newer than the
page it built. A page held in memory always counts as changed, so every save rebuilt all of them.
Written here, a page keeps its old modification time unless its text changed, and a save rebuilds
just the pages it touched: the playbook's own, its exercises, and the index pages that list it.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path


def write_changed(pages: Mapping[str, str], folder: Path) -> dict[str, str]:
    """Write each page to `folder/<its path>` unless the file there already holds that text.

    Files of pages no longer generated are removed. Returns each page's file's path.
    """
    paths: dict[str, str] = {}
    for src_uri, markdown in pages.items():
        path = folder / src_uri
        data = markdown.encode("utf-8")
        if not _holds(path, data):
            path.parent.mkdir(parents=True, exist_ok=True)
            replace_file(path, data)
        paths[src_uri] = str(path)
    keep = set(paths.values())
    if folder.is_dir():
        for path in folder.rglob("*.md"):
            if str(path) not in keep:
                path.unlink()
    return paths


def _holds(path: Path, data: bytes) -> bool:
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except FileNotFoundError:
        return False


def replace_file(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file: a reader sees the old file or the new one,
    never half of one."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            os.fchmod(file.fileno(), 0o644)  # mkstemp's 0600 is for secrets; these are not
            file.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
