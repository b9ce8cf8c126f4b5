"""Generated pages as files on disk, rewritten only when their Markdown changes.

MkDocs rebuilds a page under `mkdocs serve --dirty` only when its source file is newer than the
page it built. A page held in memory always counts as changed, so every save rebuilt all of them.
Written here, a page keeps its old modification time unless its text changed, and a save rebuilds
just the pages it touched: the playbook's own, its exercises, and the index pages that list it.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path

# What the last call wrote to each page's file: its text and the file's (mtime, size) just after.
Written = dict[str, tuple[str, tuple[int, int] | None]]


def write_changed(pages: Mapping[str, str], folder: Path, written: Written | None = None) -> dict[str, str]:
    """Write each page to `folder/<its path>` unless the file there already holds that text.

    Files of pages no longer generated are removed. Returns each page's file's path. With `written`
    from the last call, a page whose text is the same and whose file nobody touched since is not
    read back from disk (the preview's rebuilds would read thousands of files); it is updated in place.
    """
    known = dict(written) if written else {}
    now: Written = {}
    paths: dict[str, str] = {}
    base = str(folder)
    for src_uri, markdown in pages.items():
        where = os.path.join(base, src_uri)  # paths as text: a Path per page costs 0.05 s at 1,000 playbooks
        last = known.get(src_uri)
        if last is not None and last[0] == markdown and last[1] is not None and _stamp(where) == last[1]:
            now[src_uri] = last
        else:
            path = Path(where)
            data = markdown.encode("utf-8")
            if not _holds(path, data):
                path.parent.mkdir(parents=True, exist_ok=True)
                replace_file(path, data)
            now[src_uri] = (markdown, _stamp(where))
        paths[src_uri] = where
    if written is None or not known or known.keys() - now.keys():
        keep = {Path(where) for where in paths.values()}
        if folder.is_dir():
            for path in folder.rglob("*.md"):
                if path not in keep:
                    path.unlink()
    if written is not None:
        written.clear()
        written.update(now)
    return paths


class BuiltPages:
    """Which generated pages MkDocs has built from the text now in their files.

    Under `mkdocs serve --dirty` MkDocs asks every page's file, twice a rebuild, whether it changed
    since its HTML was written: three `stat` calls each, 0.1 s a rebuild at 1,000 playbooks here.
    A generated page's file changes only through `write_changed`, which notes its text and stamp
    in `written`; so whether a page changed since MkDocs built it is known without the disk.
    """

    def __init__(self, written: Written) -> None:
        self._written = written
        self._built: Written = {}  # what each page's file held when MkDocs built it

    def built(self, src_uri: str) -> None:
        """MkDocs has built the page from its file as it is now."""
        last = self._written.get(src_uri)
        if last is not None and last[1] is not None:
            self._built[src_uri] = last

    def modified(self, src_uri: str, on_disk: Callable[[], bool]) -> bool:
        """Whether the page's file changed since MkDocs built it. `on_disk` answers for a page
        MkDocs has not built in this process, or whose file `write_changed` could not stamp."""
        last = self._written.get(src_uri)
        built = self._built.get(src_uri)
        if last is None or last[1] is None or built is None:
            return on_disk()
        return built != last  # the same tuple while the file is untouched: compared by identity first


class MacroPages:
    """Hand-written pages that call the handbook's macros, each with the handbook's content
    version it was built with.

    Under `mkdocs serve --dirty` MkDocs builds a page from `docs/` again only when its file
    changed; the home page's reading path would keep a playbook's old title, and miss a new one,
    until the preview restarted. Such a page is built again whenever the handbook changed.
    """

    def __init__(self) -> None:
        self._built: dict[str, str] = {}

    def built(self, src_uri: str, version: str) -> None:
        """MkDocs has built the page with the handbook at `version`."""
        self._built[src_uri] = version

    def modified(self, src_uri: str, version: str, on_disk: Callable[[], bool]) -> bool:
        """Whether the page needs building: its file changed (`on_disk`), or the handbook changed
        since it was built."""
        built = self._built.get(src_uri)
        return (built is not None and built != version) or on_disk()


def _stamp(path: str) -> tuple[int, int] | None:
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return None
    return (info.st_mtime_ns, info.st_size)


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
