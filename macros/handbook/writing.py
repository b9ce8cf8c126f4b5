"""Generated pages as files on disk, rewritten only when their Markdown changes.

MkDocs rebuilds a page under `mkdocs serve --dirty` only when its source file is newer than the
page it built. A page held in memory always counts as changed, so every save rebuilt all of them.
Written here, a page keeps its old modification time unless its text changed, and a save rebuilds
just the pages it touched: the playbook's own, its exercises, and the index pages that list it.
Files are written whole (`replace_file`), so a reader sees the old file or the new one.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path


class PageFolder:
    """A folder of pages that only this object writes (made fresh by its owner): what it holds is
    what it was last given, so a page is compared with that in memory, never read back."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.held: dict[str, str] = {}

    def update(self, pages: Mapping[str, str]) -> dict[str, str]:
        """Write each page whose text changed, remove the pages no longer given; each page's path."""
        for src_uri, markdown in pages.items():
            if self.held.get(src_uri) != markdown:
                path = self.folder / src_uri
                path.parent.mkdir(parents=True, exist_ok=True)
                replace_file(path, markdown.encode("utf-8"))
        for src_uri in self.held.keys() - pages.keys():
            (self.folder / src_uri).unlink(missing_ok=True)
        self.held = dict(pages)
        return {src_uri: os.path.join(self.folder, src_uri) for src_uri in pages}

    def forget(self) -> None:
        """Let go of the texts held for comparison: the next `update` writes every page."""
        self.held = {}


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
