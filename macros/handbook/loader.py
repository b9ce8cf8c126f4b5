"""Load every playbook under a folder, check it, and cross-reference the shared items.

`load_handbook` is the whole checker: it returns a `Handbook` or raises `HandbookError` holding
every problem of every file at once.
"""

from __future__ import annotations

import difflib
import gc
import os
import stat
from collections.abc import Callable, Iterator
from collections.abc import Set as AbstractSet
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Generic, TypeVar, overload

from pydantic import ValidationError

from .conversations import check_lines
from .duplicates import duplicate_entries
from .ids import ID_HELP, ID_RE
from .messages import validation_problems
from .models import KIND_BY_FIELD, KINDS, Item, Kind, Playbook
from .parsecache import ParseCache, cache_file_for
from .playbookfiles import playbook_files, read_bytes
from .prefetch import Prefetch
from .problems import HandbookError, Problem, shown
from .repeats import SaidTwice, prose_sentences
from .unfinished import may_be_unfinished, unfinished_fields
from .yamlsource import MAX_FILE_BYTES, Document, Loc, oversized, read_document

# Page names the generator writes in a folder whatever the playbooks hold: an index, its further
# pages under page/, and fixed checklists. A playbook, exercise or checklist page named like one
# of these would silently replace it, so the names are reserved (tests derive them from the output).
RESERVED_PAGES = {
    "playbooks": frozenset({"index", "page"}),
    "exercises": frozenset({"index", "page"}),
    "checklists": frozenset({"index", "page", "before-you-ask"}),
}
PRACTISABLE = ("motivators", "patterns")
SOURCE_KIND = (KIND_BY_FIELD["sources"],)
Owner = TypeVar("Owner")
Value = TypeVar("Value")
# Section anchors of the generated pages; an item with one of these ids would shadow a section.
RESERVED_IDS = frozenset({"situations", "motivators", "patterns", "anti-patterns", "when-not-to-use",
                          "exercises", "experiment", "faq", "references", "sources", "prepare",
                          "steps", "notice", "scripts", "reflect", "practises", "week-1", "week-2"})


# The playbooks whose content each page being generated has read, innermost page last: what lets
# the preview make again only the pages an edit can change (see incremental.py).
_reading: list[set[str]] = []


@contextmanager
def reading() -> Iterator[set[str]]:
    """Note, in the set it gives, the id of every playbook whose content is read until it ends.

    Content is reached only through `LoadedPlaybook.model`, `ItemRecord.item` and
    `Handbook.credited_by`, which note the playbook it belongs to. Contexts nest: an outer one
    also notes what an inner one reads.
    """
    read: set[str] = set()
    _reading.append(read)
    try:
        yield read
    finally:
        _reading.pop()
        if _reading:
            _reading[-1] |= read


def note_read(*playbook_ids: str) -> None:
    """Note the playbooks as read, in the innermost `reading` context, if there is one."""
    if _reading:
        _reading[-1].update(playbook_ids)


class _Noted(Generic[Owner, Value]):
    """A dataclass field whose every read is noted as a read of the playbook `owner` names."""

    def __init__(self, owner: Callable[[Owner], str]) -> None:
        self._owner = owner
        self._name = ""

    def __set_name__(self, cls: type, name: str) -> None:
        self._name = "_" + name

    @overload
    def __get__(self, obj: None, cls: type) -> _Noted[Owner, Value]: ...
    @overload
    def __get__(self, obj: Owner, cls: type) -> Value: ...

    def __get__(self, obj: Owner | None, cls: type) -> Value | _Noted[Owner, Value]:
        if obj is None:
            raise AttributeError(self._name)  # read on the class: the field has no default
        if _reading:
            _reading[-1].add(self._owner(obj))
        return obj.__dict__[self._name]  # type: ignore[no-any-return]

    def __set__(self, obj: Owner, value: Value) -> None:
        obj.__dict__[self._name] = value


@dataclass
class LoadedPlaybook:
    """A checked playbook, its id (the file stem) and where it came from."""

    id: str
    path: str
    model: _Noted[LoadedPlaybook, Playbook] = _Noted(lambda playbook: playbook.id)
    doc: Document = field(kw_only=True)
    digest: str = ""  # sha256 of the file's bytes: what the content version is made of

    @cached_property
    def prose(self) -> list[tuple[Loc, str]]:
        """The sentences of its prose, for the said-twice check: read once per file, so a save in
        the preview, which keeps the other files' playbooks, reads only the saved one again."""
        return prose_sentences(self.doc.data)

    def items(self, kind: Kind, handbook: Handbook) -> list[Item]:
        """The items of one kind this playbook uses, defined here or elsewhere, in its order."""
        return [handbook.items[entry if isinstance(entry, str) else entry.id].item
                for entry in getattr(self.model, kind.field)]

    def credits(self) -> list[tuple[Loc, Kind | None, Any]]:
        """Each item (of its kind) and question (kind None) this playbook defines that names the
        sources it draws on, with where it stands in the file."""
        found: list[tuple[Loc, Kind | None, Any]] = [
            ((kind.field, i), kind, entry) for kind in KINDS
            for i, entry in enumerate(getattr(self.model, kind.field))
            if not isinstance(entry, str) and getattr(entry, "sources", None)]
        return found + [(("faq", i), None, q) for i, q in enumerate(self.model.faq) if q.sources]


@dataclass
class ItemRecord:
    """A shared item, the kind it is, and the playbook that defines it."""

    item: _Noted[ItemRecord, Item] = _Noted(lambda record: record.defined_in)
    kind: Kind = field(kw_only=True)
    defined_in: str = field(kw_only=True)
    used_by: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Credit:
    """An item (of `kind`) or a question (`kind` None) that draws on a source, and where it is defined."""

    kind: Kind | None
    item: Any
    playbook: str


@dataclass
class Handbook:
    """Every playbook and every shared item, with the links between them.

    A handbook is not changed once loaded, so each ordering and lookup is computed once: the
    pages ask for them per item, and recomputing made page generation quadratic.
    """

    playbooks: dict[str, LoadedPlaybook]
    items: dict[str, ItemRecord]

    @cached_property
    def _reading_order(self) -> list[LoadedPlaybook]:
        return sorted(self.playbooks.values(), key=lambda p: (p.model.order, p.id))

    @cached_property
    def _rank(self) -> dict[str, int]:
        return {p.id: rank for rank, p in enumerate(self._reading_order)}

    @cached_property
    def _by_kind(self) -> dict[str, list[ItemRecord]]:
        by_kind: dict[str, list[ItemRecord]] = {kind.field: [] for kind in KINDS}
        for record in sorted(self.items.values(), key=lambda r: r.item.title.lower()):
            by_kind[record.kind.field].append(record)
        return by_kind

    @cached_property
    def _practised(self) -> dict[str, list[ItemRecord]]:
        practised: dict[str, list[ItemRecord]] = {}
        for record in self._by_kind["exercises"]:
            for target in record.item.practises:  # type: ignore[attr-defined]
                practised.setdefault(target, []).append(record)
        return practised

    def settle(self) -> None:
        """Make every ordering and lookup now: one made while a page is generated would count as
        that page reading every playbook (see `reading`)."""
        for cached in ("_reading_order", "_rank", "_by_kind", "_practised", "_credited"):
            getattr(self, cached)

    def ordered(self) -> list[LoadedPlaybook]:
        """The playbooks in reading order."""
        return list(self._reading_order)

    def of_kind(self, kind: Kind) -> list[ItemRecord]:
        """Every item of one kind, by title."""
        return list(self._by_kind[kind.field])

    def used_by(self, item_id: str) -> list[LoadedPlaybook]:
        """The playbooks that use an item, in reading order."""
        users = sorted(self.items[item_id].used_by, key=self._rank.__getitem__)
        return [self.playbooks[playbook_id] for playbook_id in users]

    def practised_by(self, item_id: str) -> list[ItemRecord]:
        """The exercises that practise a motivator or pattern, by title."""
        return list(self._practised.get(item_id, []))

    @cached_property
    def _credited(self) -> dict[str, list[Credit]]:
        credited: dict[str, list[Credit]] = {}
        for playbook in self._reading_order:
            for _, kind, entry in playbook.credits():
                for source_id in entry.sources:
                    credited.setdefault(source_id, []).append(Credit(kind, entry, playbook.id))
        return credited

    def credited_by(self, source_id: str) -> list[Credit]:
        """Every item and question that names a source as drawn on, by playbook in reading order."""
        credits = self._credited.get(source_id, [])
        for credit in credits:
            note_read(credit.playbook)  # the caller reads the item, which that playbook holds
        return list(credits)


# What checking one file's bytes found: the playbook (None if it has problems), the problems and
# the raw data. It depends only on the bytes and the path shown in messages.
Checked = tuple["LoadedPlaybook | None", list[Problem], object]
# Checked files of the last load, by (path shown, sha256 of the bytes), each with the data it
# put in the parse cache (None if it did not parse cleanly): see `load_handbook`.
FileMemo = dict[tuple[str, str], tuple[Checked, object]]


def load_handbook(folder: Path, *, display_root: Path | None = None, cache: ParseCache | None = None,
                  memo: FileMemo | None = None, prefetch: Prefetch | None = None,
                  previous: Handbook | None = None) -> Handbook:
    """Load and check every playbook in `folder`; raise HandbookError listing every problem.

    With a parse `cache`, files unchanged since the last run are not parsed again (see parsecache).
    A `memo` from the last call in this process goes further: a file whose bytes have not changed
    is not checked again at all, so a save in the preview checks one file. It is updated in place
    to hold just this call's files. The cross-references are made anew, unless the `previous`
    handbook's still hold (see `cross_reference`). A `prefetch` started on `folder` parses its later
    files in a second process (see prefetch.py).
    """
    # Loading allocates many small objects that all live on; the cyclic garbage collector
    # would scan them again and again (about half the time of a 1000-playbook check).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _load_handbook(folder, display_root, cache or ParseCache(None), memo, prefetch, previous)
    finally:
        if collecting:
            gc.enable()


def _load_handbook(folder: Path, display_root: Path | None, cache: ParseCache, memo: FileMemo | None,
                   prefetch: Prefetch | None, last: Handbook | None) -> Handbook:
    problems: list[Problem] = []
    loaded: list[LoadedPlaybook] = []
    broken_ids: set[str] = set()
    root = display_root or Path.cwd()
    previous = dict(memo) if memo is not None else {}
    if memo is not None:
        memo.clear()
    # Every file is in `folder`: its path relative to `root` is worked out once, not per file.
    shown_folder = _display(folder, root) + "/"
    shown_folder = "" if shown_folder == "./" else shown_folder
    # Ids and sentences are indexed as each file is loaded, while a second process may still be
    # parsing; the preview, which may keep the last cross-references (`last`), leaves ids for later.
    ids = Index() if last is None else None
    said = SaidTwice()
    for index, file in enumerate(playbook_files(folder)):
        record = None
        if prefetch is not None:
            if index < prefetch.first:
                prefetch.take_in()  # what the child has parsed so far, so it never waits on a full pipe
            else:
                record = prefetch.next()
        if record is not None and record[1] is not None:
            cache.parsed_elsewhere[record[0]] = record[1]
        playbook, found, data = _load_file(file, shown_folder + file.name, cache, previous, memo)
        problems.extend(found)
        if playbook is not None:
            if record is not None and record[2] is not None and playbook.digest == record[0]:
                vars(playbook).setdefault("prose", record[2])  # what its cached property would compute
            loaded.append(playbook)
            said.add(playbook)
            if ids is not None:
                ids.add(playbook)
        else:
            broken_ids |= _ids_in(data)
    if prefetch is not None:
        prefetch.close()
    cache.save()
    handbook, found = cross_reference(loaded, broken_ids, previous=last, index=ids)
    problems.extend(found)
    problems.extend(said.problems())
    problems.extend(check_lines(handbook))
    if problems:
        raise HandbookError(problems)
    return handbook


_cache: dict[Path, tuple[tuple[tuple[str, int, int, int], ...], Handbook]] = {}
_memos: dict[Path, FileMemo] = {}


def load_handbook_cached(folder: Path) -> Handbook:
    """`load_handbook`, reusing the last result while no file in `folder` has changed.

    The hook and the macros of one build both need the handbook; this parses it once. When a
    file has changed, only the files whose bytes changed are checked again (see `load_handbook`).
    The same handbook object comes back while nothing changed, so a caller can tell by identity.
    """
    folder = folder.resolve()
    signature = tuple((p.name, *_stamp(p)) for p in playbook_files(folder))
    cached = _cache.get(folder)
    if cached is not None and cached[0] == signature:
        return cached[1]
    memo = _memos.setdefault(folder, {})
    # After the first load the memo holds every file; reading and writing the parse cache (megabytes
    # at 1000 playbooks) on each save would cost more than checking the one changed file.
    cache = ParseCache(cache_file_for(folder)) if not memo else None
    handbook = load_handbook(folder, display_root=folder.parent, cache=cache, memo=memo,
                             previous=cached[1] if cached is not None else None)
    _cache[folder] = (signature, handbook)
    return handbook


def _stamp(path: Path) -> tuple[int, int, int]:
    """What changes when a file changes, without following a link (which may dangle or loop)."""
    try:
        info = path.lstat()
    except OSError:
        return (0, -1, -1)
    return (info.st_mode, info.st_mtime_ns, info.st_size)


def _display(file: Path, root: Path) -> str:
    try:
        return os.path.relpath(file, root).replace(os.sep, "/")
    except ValueError:
        return str(file)


def _ids_in(data: object) -> set[str]:
    """The ids a playbook that failed its checks defines, read from its raw data."""
    if not isinstance(data, dict):
        return set()
    # Every list, under any key: a misspelt 'motivatrs' still defines its motivators for the others.
    return {entry["id"] for value in data.values() if isinstance(value, list)
            for entry in value if isinstance(entry, dict) and isinstance(entry.get("id"), str)}


def _load_file(file: Path, display: str, cache: ParseCache, previous: FileMemo | None = None,
               memo: FileMemo | None = None) -> Checked:
    """The checked playbook in `file`, or None; its problems; and its raw data, if it parsed.

    A file whose bytes are in `previous` is not checked again; every file checked goes into `memo`.
    """
    problems = []
    stem = file.stem
    kind = _not_a_regular_file(file)
    if kind:
        return None, [Problem(display, 1, 1, f"{kind}; playbooks/ holds only playbook files, each a regular "
                                           "file named <id>.yaml")], None
    if file.suffix != ".yaml":
        problems.append(Problem(display, 1, 1, f"playbook files end in '.yaml' (lower case); rename it to "
                                             f"{shown(stem + '.yaml')}"))
    if not ID_RE.match(stem) or len(stem) > 64:
        problems.append(Problem(display, 1, 1, f"file name {shown(file.name)} is not a valid playbook id; "
                                             f"use {ID_HELP}, then '.yaml'"))
    try:
        raw, size = read_bytes(file)
    except OSError as exc:
        reason = (exc.strerror or str(exc)).lower()
        message = f"cannot be read: {reason}; check the file's permissions"
        return None, [*problems, Problem(display, 1, 1, message)], None
    if size > MAX_FILE_BYTES:
        return None, [*problems, oversized(display, size)], None
    key = cache.key(raw)
    remembered = previous.get((display, key)) if previous else None
    if remembered is None:
        checked = _check_bytes(stem, display, raw, key, cache)
        remembered = (checked, cache.used.get(key))
    elif remembered[1] is not None:
        cache.put(key, remembered[1])  # kept in the parse cache, as if it had been read from there
    if memo is not None:
        memo[(display, key)] = remembered
    checked = remembered[0]
    if problems:
        return None, [*problems, *checked[1]], checked[2]
    return checked


def _check_bytes(stem: str, display: str, raw: bytes, key: str, cache: ParseCache) -> Checked:
    """Parse and check one playbook file's bytes: what `_load_file` returns, but for the file's name."""
    problems: list[Problem] = []
    cached = cache.get(key)
    found: list[Problem]
    if cached is not None:
        doc, found = Document(display, cached, raw.decode("utf-8").removeprefix("\ufeff")), []
    else:
        doc, found = read_document(display, raw)
        if not found:
            cache.put(key, doc.data)
    problems.extend(found)
    if found:
        return None, problems, doc.data
    try:
        model = Playbook.model_validate(doc.data)
    except ValidationError as exc:
        return None, [*problems, *validation_problems(doc, exc)], doc.data
    problems.extend(Problem(display, *doc.position(loc), message) for loc, message in duplicate_entries(model))
    if may_be_unfinished(doc.data, doc.text):
        problems.extend(Problem(display, *doc.position(loc), message) for loc, message in unfinished_fields(model))
    if problems:
        return None, problems, doc.data
    return LoadedPlaybook(stem, display, model, doc=doc, digest=key), [], doc.data


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


class Index:
    """Every item by id, and where each id and checklist page is defined: the first half of
    `cross_reference`, made one playbook at a time, so that a check can make it while it loads."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.items: dict[str, ItemRecord] = {}
        # Positions are looked up only for a problem.
        self._anchors: dict[str, tuple[LoadedPlaybook, Loc]] = {}
        self._checklist_pages: dict[str, tuple[LoadedPlaybook, Loc]] = {}

    def add(self, playbook: LoadedPlaybook) -> None:
        """Claim the ids, and the checklist page, that `playbook` defines."""
        clash = _reserved("playbooks", playbook.id)
        if clash:
            self._report(playbook, (), f"playbook id '{playbook.id}' (the file name) is reserved: {clash} name")
        for kind in KINDS:
            for i, entry in enumerate(getattr(playbook.model, kind.field)):
                if isinstance(entry, str):
                    continue
                clash = _reserved("exercises", entry.id) if kind.field == "exercises" else None
                if clash:
                    self._report(playbook, (kind.field, i, "id"), f"exercise id '{entry.id}' is reserved: {clash}")
                elif self._claim(playbook, entry.id, (kind.field, i)):
                    self.items[entry.id] = ItemRecord(entry, kind=kind, defined_in=playbook.id)
        for i, question in enumerate(playbook.model.faq):
            self._claim(playbook, question.id, ("faq", i))
        if playbook.model.experiment:
            for i, step in enumerate(playbook.model.experiment.steps):
                self._claim(playbook, step.id, ("experiment", "steps", i))
            page, loc = playbook.model.experiment.page, ("experiment", "page")
            clash = _reserved("checklists", page)
            if clash:
                self._report(playbook, loc, f"checklist page '{page}' is reserved: {clash}")
            elif page in self._checklist_pages:
                self._report(playbook, loc, f"checklist page '{page}' is already taken by "
                                            f"{_at(*self._checklist_pages[page])}; choose another")
            else:
                self._checklist_pages[page] = (playbook, loc)

    def _claim(self, playbook: LoadedPlaybook, item_id: str, loc: Loc) -> bool:
        loc = (*loc, "id")
        if item_id in RESERVED_IDS:
            self._report(playbook, loc, f"id '{item_id}' is reserved for a section of the page; choose another")
            return False
        if item_id in self._anchors:
            # Said at both definitions, each naming the other, so the message reaches the file
            # the contributor changed, whichever of the two it is.
            first = self._anchors[item_id]
            self._report(playbook, loc, f"id '{item_id}' is already used at {_at(*first)}; ids are "
                                        "unique across the handbook, so choose another or use the existing "
                                        "item by writing just its id")
            self._report(first[0], first[1], f"id '{item_id}' is defined again at {_at(playbook, loc)}; ids are "
                                             "unique across the handbook, so keep one definition and use it by id")
            return False
        self._anchors[item_id] = (playbook, loc)
        return True

    def _report(self, playbook: LoadedPlaybook, loc: Loc, message: str) -> None:
        self.problems.append(_problem(playbook, loc, message))


def _problem(playbook: LoadedPlaybook, loc: Loc, message: str) -> Problem:
    return Problem(playbook.path, *playbook.doc.position(loc), message)


def _at(playbook: LoadedPlaybook, loc: Loc) -> str:
    line, col = playbook.doc.position(loc)
    return f"{playbook.path}:{line}:{col}"


def _reserved(folder: str, name: str) -> str | None:
    if name not in RESERVED_PAGES[folder]:
        return None
    return f"its page would replace the generated page {folder}/{name}; choose another"


def cross_reference(playbooks: list[LoadedPlaybook], broken_ids: AbstractSet[str] = frozenset(), *,
                    previous: Handbook | None = None, index: Index | None = None) -> tuple[Handbook, list[Problem]]:
    """Index every item by id, then resolve every use of an id; report clashes and dangling ids.

    Ids defined in files that failed their own checks (`broken_ids`) count as defined, so one
    broken file does not make every playbook that uses its items fail too. When none of the
    `playbooks` changed what this reads since the `previous` handbook (see `_references`), its
    cross-references still hold: a save of text in the preview (0.1 s at 1,000 playbooks). An
    `index` given has had exactly `playbooks` added, in order, as they were loaded.
    """
    if previous is not None and not broken_ids:
        kept = _kept(playbooks, previous)
        if kept is not None:
            return kept, []
    if index is None:
        index = Index()
        for playbook in playbooks:
            index.add(playbook)
    problems = list(index.problems)
    items = index.items

    def report(playbook: LoadedPlaybook, loc: Loc, message: str) -> None:
        problems.append(_problem(playbook, loc, message))

    hints = _Hints()
    for playbook in playbooks:
        for kind in KINDS:
            for i, entry in enumerate(getattr(playbook.model, kind.field)):
                item_id = entry if isinstance(entry, str) else entry.id
                if isinstance(entry, str) and item_id not in broken_ids:
                    error = _resolve(items, item_id, (kind,), hints)
                    if error:
                        report(playbook, (kind.field, i), error)
                        continue
                record = items.get(item_id)
                if record is not None and (not record.used_by or record.used_by[-1] != playbook.id):
                    record.used_by.append(playbook.id)
        for kind in (KIND_BY_FIELD["exercises"],):
            for i, entry in enumerate(playbook.model.exercises):
                if isinstance(entry, str):
                    continue
                targets = tuple(KIND_BY_FIELD[f] for f in PRACTISABLE)
                for j, target in enumerate(entry.practises):
                    error = None if target in broken_ids else _resolve(items, target, targets, hints)
                    if error:
                        report(playbook, (kind.field, i, "practises", j), error)
        for place, _, entry in playbook.credits():
            for j, source_id in enumerate(entry.sources):
                error = None if source_id in broken_ids else _resolve(items, source_id, SOURCE_KIND, hints)
                if error:
                    report(playbook, (*place, "sources", j), error)

    return Handbook({p.id: p for p in playbooks}, items), problems


def _references(playbook: LoadedPlaybook) -> tuple[object, ...]:
    """All `cross_reference` reads of a playbook but its items' content: the ids it defines, each
    id it names, and where."""
    model = playbook.model
    experiment = model.experiment
    return (playbook.id,
            tuple(tuple(entry if isinstance(entry, str) else (entry.id,) for entry in getattr(model, kind.field))
                  for kind in KINDS),
            tuple(tuple(entry.practises) for entry in model.exercises if not isinstance(entry, str)),
            tuple((place, tuple(entry.sources)) for place, _, entry in playbook.credits()),
            tuple(question.id for question in model.faq),
            experiment and (experiment.page, tuple(step.id for step in experiment.steps)))


def _kept(playbooks: list[LoadedPlaybook], previous: Handbook) -> Handbook | None:
    """The `previous` handbook's cross-references for `playbooks`, if they still hold: the same
    playbooks in the same order, each the same object or with the same references. Only the
    items of the changed playbooks are recorded anew. None if they do not hold."""
    if len(playbooks) != len(previous.playbooks):
        return None
    changed = []
    for playbook, old in zip(playbooks, previous.playbooks.values(), strict=True):
        if playbook is not old:
            if playbook.id != old.id or _references(playbook) != _references(old):
                return None
            changed.append(playbook)
    items = dict(previous.items)
    for playbook in changed:
        for kind in KINDS:
            for entry in getattr(playbook.model, kind.field):
                if not isinstance(entry, str):
                    items[entry.id] = ItemRecord(entry, kind=kind, defined_in=playbook.id,
                                                 used_by=list(items[entry.id].used_by))
    return Handbook({p.id: p for p in playbooks}, items)


class _Hints:
    """Did-you-mean suggestions, each a search over the known ids. Only the first unknown ids of a
    run get one, and the searches share a budget of full comparisons (ids built to defeat difflib's
    quick filters cost about a millisecond each), so the cost stays bounded however many ids there are.
    """

    LIMIT = 20
    COMPARISONS = 4000

    def __init__(self) -> None:
        self.given: dict[tuple[str, tuple[Kind, ...]], str | None] = {}
        self.budget = self.COMPARISONS

    def closest(self, item_id: str, kinds: tuple[Kind, ...], items: dict[str, ItemRecord]) -> str | None:
        key = (item_id, kinds)
        if key not in self.given:
            if len(self.given) >= self.LIMIT or self.budget <= 0:
                return None
            self.given[key] = self._search(item_id, [i for i, r in items.items() if r.kind in kinds])
        return self.given[key]

    def _search(self, item_id: str, known: list[str]) -> str | None:
        """What difflib.get_close_matches(n=1, cutoff=0.6) finds, within the budget."""
        matcher = difflib.SequenceMatcher()
        matcher.set_seq2(item_id)
        best, best_ratio = None, 0.6
        for candidate in known:
            matcher.set_seq1(candidate)
            if matcher.real_quick_ratio() < best_ratio or matcher.quick_ratio() < best_ratio:
                continue
            if self.budget <= 0:
                break
            self.budget -= 1
            ratio = matcher.ratio()
            if ratio >= best_ratio and (best is None or ratio > best_ratio):
                best, best_ratio = candidate, ratio
        return best


def _resolve(items: dict[str, ItemRecord], item_id: str, kinds: tuple[Kind, ...], hints: _Hints) -> str | None:
    """None when `item_id` names an item of one of `kinds`, else the message saying why not."""
    record = items.get(item_id)
    if record is not None and record.kind in kinds:
        return None
    wanted = " or ".join(k.singular for k in kinds)
    article = "an" if wanted[0] in "aeiou" else "a"
    if record is None:
        close = hints.closest(item_id, kinds, items)
        hint = f"; did you mean '{close}'?" if close else f"; define {article} {wanted} with this id"
        return f"{shown(item_id)} names no {wanted} in the handbook{hint}"
    return (f"'{item_id}' is a {record.kind.singular} (defined in playbook "
            f"'{record.defined_in}'), but a {wanted} is needed here")
