"""Load every playbook under a folder, check it, and cross-reference the shared items.

`load_handbook` is the whole checker: it returns a `Handbook` or raises `HandbookError` holding
every problem of every file at once.
"""

from __future__ import annotations

import gc
import hashlib
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pydantic import ValidationError

from handbook.check.audiences import check_audiences
from handbook.check.blame import Blame
from handbook.check.conversations import check_lines
from handbook.check.crossref import Index, cross_reference
from handbook.check.duplicates import duplicate_entries
from handbook.check.glossary import check_terms
from handbook.check.handbook import Handbook, ItemRecord, LoadedPlaybook
from handbook.check.messages import validation_problems
from handbook.check.plandays import plan_day_problems
from handbook.check.repeats import SaidTwice
from handbook.check.stories import check_stories
from handbook.check.swallowed import swallowed_fields
from handbook.check.unfinished import may_be_unfinished, unfinished_fields
from handbook.problems import HandbookError, Problem, shown
from handbook.schema.ids import ID_HELP, ID_RE
from handbook.schema.models import Playbook
from handbook.source.files import playbook_files, read_bytes
from handbook.source.yamlsource import MAX_FILE_BYTES, oversized, read_document

# What checking one file found: the playbook (None if it has problems), the problems and the raw data.
Checked = tuple["LoadedPlaybook | None", list[Problem], object]


def load_handbook(folder: Path, *, display_root: Path | None = None,
                  files: tuple[PlaybookFile, ...] | None = None) -> Handbook:
    """Load and check every playbook in `folder`; raise HandbookError listing every problem.

    Paths in messages are relative to `display_root` (the working folder by default). `files`, when
    given, is what `read_playbooks(folder)` returned: the files are then not read again.
    """
    with collector_paused():
        return _load(folder, display_root, files)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector held back, and let run again as it was, whatever happens.

    Loading makes many small objects that all live on (each file's nodes, positions and model). The
    collector walks every one of them again each time their number grows by a quarter, and finds no
    cycle to free: a third of a cold check at 1,000 playbooks. Reference counting still frees the
    rest at once; the collector runs as usual once loading ends."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _load(folder: Path, display_root: Path | None, files: tuple[PlaybookFile, ...] | None) -> Handbook:
    problems: list[Problem] = []
    loaded: list[LoadedPlaybook] = []
    broken_ids: set[str] = set()
    shown_folder = _display(folder, display_root or Path.cwd()) + "/"
    shown_folder = "" if shown_folder == "./" else shown_folder
    blame = Blame(folder)
    said = SaidTwice(blame)
    for file in read_playbooks(folder) if files is None else files:
        playbook, found, data = _check_file(file, shown_folder + file.path.name)
        problems.extend(found)
        if playbook is not None:
            loaded.append(playbook)
            said.add(playbook)
        else:
            broken_ids |= _ids_in(data)
    handbook, found = cross_reference(loaded, broken_ids, blame, broken_files=bool(problems))
    problems.extend(found)
    problems.extend(said.problems())
    problems.extend(check_lines(handbook, broken_ids))
    problems.extend(check_stories(handbook, broken_ids))
    problems.extend(check_terms(handbook))
    problems.extend(check_audiences(handbook))
    if problems:
        raise HandbookError(problems)
    return handbook


@dataclass(frozen=True)
class PlaybookFile:
    """A playbook file as read: its bytes and size (an oversized file's bytes are left unread), or
    what it is when it is not a regular file, or why reading it failed."""

    path: Path
    raw: bytes = b""
    size: int = 0
    not_a_file: str | None = None
    unreadable: str | None = None


def read_playbooks(folder: Path) -> tuple[PlaybookFile, ...]:
    """Each entry of `folder` that is a playbook or a problem, read once: all that loading the
    folder depends on, so a caller may reuse a handbook while this compares equal."""
    return tuple(_read(file) for file in playbook_files(folder))


def _read(file: Path) -> PlaybookFile:
    kind = _not_a_regular_file(file)
    if kind:
        return PlaybookFile(file, not_a_file=kind)
    try:
        raw, size = read_bytes(file)
    except OSError as exc:
        return PlaybookFile(file, unreadable=(exc.strerror or str(exc)).lower())
    return PlaybookFile(file, raw, size)


def _display(file: Path, root: Path) -> str:
    try:
        return os.path.relpath(file, root).replace(os.sep, "/")
    except ValueError:
        return str(file)


def _ids_in(data: object) -> set[str]:
    """The ids a playbook that failed its checks defines, read from its raw data: every mapping's
    'id', under any key and at any depth (a misspelt 'motivatrs' still defines its motivators for the
    others, and a pattern its lines to say)."""
    found: set[str] = set()
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            if isinstance(value.get("id"), str):
                found.add(value["id"])
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return found


def _check_file(file: PlaybookFile, display: str) -> Checked:
    """The checked playbook in `file`, or None; its problems; and its raw data, if it parsed."""
    problems = []
    stem = file.path.stem
    if file.not_a_file:
        return None, [Problem(display, 1, 1, f"{file.not_a_file}; playbooks/ holds only playbook files, each "
                                           "a regular file named <id>.yaml")], None
    if file.path.suffix != ".yaml":
        problems.append(Problem(display, 1, 1, f"playbook files end in '.yaml' (lower case); rename it to "
                                             f"{shown(stem + '.yaml')}"))
    if not ID_RE.match(stem) or len(stem) > 64:
        problems.append(Problem(display, 1, 1, f"file name {shown(file.path.name)} is not a valid playbook id; "
                                             f"use {ID_HELP}, then '.yaml'"))
    if file.unreadable is not None:
        message = f"cannot be read: {file.unreadable}; check the file's permissions"
        return None, [*problems, Problem(display, 1, 1, message)], None
    if file.size > MAX_FILE_BYTES:
        return None, [*problems, oversized(display, file.size)], None
    checked = _check_bytes(stem, display, file.raw)
    if checked[0] is not None:
        checked[0].file = file.path
    if problems:
        return None, [*problems, *checked[1]], checked[2]
    return checked


@lru_cache(maxsize=4096)
def _check_bytes(stem: str, display: str, raw: bytes) -> Checked:
    """Parse and check one playbook file's bytes: what `_check_file` returns, but for the file's name.

    It depends on nothing but its arguments (the bytes themselves, not their file), so the preview,
    which loads the handbook again on every save, checks again only the files whose bytes changed.
    What it returns is never changed by a caller."""
    doc, problems = read_document(display, raw)
    if problems:
        return None, problems, doc.data
    problems.extend(swallowed_fields(doc))
    try:
        model = Playbook.model_validate(doc.data)
    except ValidationError as exc:
        return None, [*problems, *validation_problems(doc, exc)], doc.data
    problems.extend(Problem(display, *doc.position(loc), message) for loc, message in duplicate_entries(model))
    problems.extend(Problem(display, *doc.position(loc), message) for loc, message in plan_day_problems(model))
    if may_be_unfinished(doc.data, doc.text):
        problems.extend(Problem(display, *doc.position(loc), message) for loc, message in unfinished_fields(model))
    if problems:
        return None, problems, doc.data
    return LoadedPlaybook(stem, display, model, doc=doc, digest=hashlib.sha256(raw).hexdigest()), [], doc.data


def _not_a_regular_file(file: Path) -> str | None:
    """What `file` is, when it is not a regular file a playbook can be read from."""
    try:
        info = file.lstat()
    except OSError as exc:
        return f"cannot be read: {(exc.strerror or str(exc)).lower()}"
    if stat.S_ISLNK(info.st_mode):
        try:
            target = f" to {shown(os.readlink(file))}"
        except OSError:
            target = ""
        return f"is a symbolic link{target}, not a regular file"
    if stat.S_ISDIR(info.st_mode):
        return "is a directory, not a playbook file"
    if not stat.S_ISREG(info.st_mode):
        what = "a named pipe (FIFO)" if stat.S_ISFIFO(info.st_mode) else "a special file"
        return f"is {what}, not a playbook file"
    return None


def reusable_items(folder: Path) -> tuple[list[ItemRecord], list[LoadedPlaybook]]:
    """Every shared item defined by the playbooks in `folder` that pass their own checks, and those
    playbooks: what a contributor may use by id, listed even while another file (their own) has errors."""
    index = Index()
    playbooks = []
    for file in read_playbooks(folder):
        playbook = _check_file(file, file.path.name)[0]
        if playbook is not None:
            index.add(playbook)
            playbooks.append(playbook)
    return list(index.items.values()), playbooks


def forget_checked_files() -> None:
    """Let go of every file's kept check (a build that loads once has no use for them)."""
    _check_bytes.cache_clear()
