"""Parse the later playbook files in a second process while this one checks the earlier ones.

Composing YAML is most of a cold `handbook check`, and each file parses on its own. So the check
forks a child before it imports the checker (pydantic and the models take a quarter of a second),
and the child parses the later files while the parent imports, then parses and validates the
earlier ones. For each file, in order, the child hands back what the parse cache would hold (its
data, by the hash of its bytes) and the sentences of its prose; the parent takes them one by one
as it reaches those files, so it validates each while the child parses the next. The parent goes
on exactly as if it had read the data from the cache; a file the child did not parse cleanly, or
whose bytes changed in between, the parent parses itself, so a child that fails, dies or sends
nothing costs only the time it took.

Forking is for a process that runs no other thread: the command line, never the preview.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import select
import struct
from collections import deque
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from .parsecache import ParseCache
from .playbookfiles import playbook_files, read_bytes
from .repeats import prose_sentences
from .yamlsource import read_document

# Below this many files, a second process costs more than it saves.
MIN_FILES = 64
# The parent imports the checker, then validates every file, while the child only parses: the
# child takes about two thirds of the files.
CHILD_SHARE = 0.65

# What the child found for one file: the hash of its bytes, its parsed data (None for a file that
# did not parse cleanly or that the parse cache holds) and the sentences of its prose (None for a
# file that did not parse cleanly).
Record = tuple[str, Any, list[Any] | None]
_LENGTH = struct.Struct("<I")


def processors() -> int:
    """How many processors this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


class Prefetch:
    """A child process parsing the files of a folder from index `first` on, in order."""

    def __init__(self, first: int, pid: int = 0, reader: int | None = None) -> None:
        self.first = first
        self.pid = pid
        self._reader = reader  # non-blocking
        self._unread = bytearray()  # the start of a record not yet whole
        self._records: deque[bytes] = deque()
        self._ended = reader is None

    @classmethod
    def start(cls, folder: Path, cached: Mapping[str, Any]) -> Prefetch:
        """Fork a child to parse the later files of `folder`; of those in the parse cache (`cached`,
        by hash) it only reads the prose.

        With few files or no fork, no child starts and `first` is past the end. (The caller
        decides whether a second processor makes it worth it: see `processors`.)
        """
        files = playbook_files(folder)
        if len(files) < MIN_FILES or not hasattr(os, "fork"):
            return cls(len(files))
        first = len(files) - int(len(files) * CHILD_SHARE)
        reader, writer = os.pipe()
        with contextlib.suppress(ImportError, AttributeError, OSError):  # a larger pipe: fewer waits for the child
            import fcntl  # POSIX only, like fork

            fcntl.fcntl(writer, fcntl.F_SETPIPE_SZ, 1 << 20)
        try:
            pid = os.fork()
        except OSError:
            os.close(reader)
            os.close(writer)
            return cls(len(files))
        if pid == 0:  # the child: it never returns into the caller
            status = 1
            try:
                os.close(reader)
                with os.fdopen(writer, "wb") as pipe:
                    for record in _parse(files[first:], cached):
                        body = marshal.dumps(record)
                        pipe.write(_LENGTH.pack(len(body)) + body)
                status = 0
            finally:
                os._exit(status)
        os.close(writer)
        os.set_blocking(reader, False)
        return cls(first, pid, reader)

    def take_in(self, *, wait: bool = False) -> None:
        """Read all the child has written so far (at least something, or its end, when `wait`).

        The parent calls it between files of its own, so the child never waits on a full pipe.
        """
        while self._reader is not None:
            if wait:
                select.select([self._reader], [], [])
                wait = False
            try:
                chunk = os.read(self._reader, 1 << 20)
            except BlockingIOError:
                return
            if not chunk:
                self._ended = True
                return
            self._unread += chunk
            whole = 0
            while len(self._unread) - whole >= _LENGTH.size:
                size = _LENGTH.unpack_from(self._unread, whole)[0]
                if len(self._unread) - whole - _LENGTH.size < size:
                    break
                self._records.append(bytes(self._unread[whole + _LENGTH.size:whole + _LENGTH.size + size]))
                whole += _LENGTH.size + size
            del self._unread[:whole]

    def next(self) -> Record | None:
        """What the child found for its next file, waiting for it; None once it has ended or failed."""
        while not self._records and not self._ended:
            self.take_in(wait=True)
        if self._records:
            try:
                # From our own child, through a pipe only it could write; marshal is four times
                # faster than pickle here, and a record is plain tuples, dicts, lists and strings.
                record = marshal.loads(self._records.popleft())  # noqa: S302
                if isinstance(record, tuple) and len(record) == 3:
                    return record  # type: ignore[return-value]
            except (EOFError, ValueError, TypeError):
                pass
        self.close()
        return None

    def close(self) -> None:
        """Stop reading and wait for the child to end."""
        if self._reader is not None:
            os.close(self._reader)  # a child still writing gets a broken pipe and ends
            self._reader = None
            self._ended = True
            self._records.clear()
            os.waitpid(self.pid, 0)


def _parse(files: list[Path], cached: Mapping[str, Any]) -> Iterator[Record]:
    """For each file, its hash, and its data and prose if it parses cleanly (None twice if not).
    For a file in the parse cache (`cached`, by hash), its prose alone."""
    for file in files:
        try:
            raw, _ = read_bytes(file)  # an oversized file reads as no bytes, which never parse cleanly
        except OSError:
            yield "", None, None
            continue
        key = ParseCache.key(raw)
        if key in cached:  # the parent has its data; its prose is still to read
            yield key, None, prose_sentences(cached[key])
        else:
            # The path only appears in problems, and only a file without any is handed back.
            doc, found = read_document(file.name, raw)
            yield (key, None, None) if found else (key, doc.data, prose_sentences(doc.data))
