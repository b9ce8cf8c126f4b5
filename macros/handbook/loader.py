"""Load every playbook under a folder, check it, and cross-reference the shared items.

`load_handbook` is the whole checker: it returns a `Handbook` or raises `HandbookError` holding
every problem of every file at once.
"""

from __future__ import annotations

import difflib
import gc
import os
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from pydantic import ValidationError

from .messages import validation_problems
from .models import ID_HELP, ID_RE, KIND_BY_FIELD, KINDS, Item, Kind, Playbook
from .parsecache import ParseCache
from .problems import HandbookError, Problem, shown
from .yamlsource import Document, Loc, read_document

CHECKLIST_INDEX = "index"
CACHE_FILE = Path(".cache") / "handbook" / "parsed.json"
PRACTISABLE = ("motivators", "patterns")
# Section anchors of the generated pages; an item with one of these ids would shadow a section.
RESERVED_IDS = frozenset({"situations", "motivators", "patterns", "anti-patterns", "when-not-to-use",
                          "exercises", "experiment", "faq", "references", "sources", "prepare",
                          "steps", "notice", "scripts", "reflect", "practises", "week-1", "week-2"})


@dataclass
class LoadedPlaybook:
    """A checked playbook, its id (the file stem) and where it came from."""

    id: str
    path: str
    model: Playbook
    doc: Document

    def items(self, kind: Kind, handbook: Handbook) -> list[Item]:
        """The items of one kind this playbook uses, defined here or elsewhere, in its order."""
        return [handbook.items[entry if isinstance(entry, str) else entry.id].item
                for entry in getattr(self.model, kind.field)]


@dataclass
class ItemRecord:
    """A shared item, the kind it is, and the playbook that defines it."""

    item: Item
    kind: Kind
    defined_in: str
    used_by: list[str] = field(default_factory=list)


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


def playbook_files(folder: Path) -> list[Path]:
    """The files in `folder` that are meant as playbooks (YAML by extension)."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir()
                  if p.suffix in (".yaml", ".yml") and not p.name.startswith("."))


def load_handbook(folder: Path, *, display_root: Path | None = None, use_cache: bool = False) -> Handbook:
    """Load and check every playbook in `folder`; raise HandbookError listing every problem.

    With `use_cache`, files unchanged since the last run are not parsed again (see parsecache).
    """
    # Loading allocates many small objects that all live on; the cyclic garbage collector
    # would scan them again and again (about half the time of a 1000-playbook check).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _load_handbook(folder, display_root, use_cache)
    finally:
        if collecting:
            gc.enable()


def _load_handbook(folder: Path, display_root: Path | None, use_cache: bool) -> Handbook:
    problems: list[Problem] = []
    loaded: list[LoadedPlaybook] = []
    broken_ids: set[str] = set()
    root = display_root or Path.cwd()
    cache = ParseCache(folder.parent / CACHE_FILE if use_cache else None)
    for file in playbook_files(folder):
        shown = _display(file, root)
        playbook, found, data = _load_file(file, shown, cache)
        problems.extend(found)
        if playbook is not None:
            loaded.append(playbook)
        else:
            broken_ids |= _ids_in(data)
    cache.save()
    handbook, found = cross_reference(loaded, broken_ids)
    problems.extend(found)
    if problems:
        raise HandbookError(problems)
    return handbook


_cache: dict[Path, tuple[tuple[tuple[str, int, int], ...], Handbook]] = {}


def load_handbook_cached(folder: Path) -> Handbook:
    """`load_handbook`, reusing the last result while no file in `folder` has changed.

    The hook and the macros of one build both need the handbook; this parses it once.
    """
    folder = folder.resolve()
    signature = tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in playbook_files(folder))
    cached = _cache.get(folder)
    if cached is not None and cached[0] == signature:
        return cached[1]
    handbook = load_handbook(folder, display_root=folder.parent, use_cache=True)
    _cache[folder] = (signature, handbook)
    return handbook


def _display(file: Path, root: Path) -> str:
    try:
        return os.path.relpath(file, root).replace(os.sep, "/")
    except ValueError:
        return str(file)


def _ids_in(data: object) -> set[str]:
    """The ids a playbook that failed its checks defines, read from its raw data."""
    if not isinstance(data, dict):
        return set()
    return {entry["id"] for kind in KINDS if isinstance(data.get(kind.field), list)
            for entry in data[kind.field] if isinstance(entry, dict) and isinstance(entry.get("id"), str)}


def _load_file(file: Path, shown: str, cache: ParseCache) -> tuple[LoadedPlaybook | None, list[Problem], object]:
    """The checked playbook in `file`, or None; its problems; and its raw data, if it parsed."""
    problems = []
    stem = file.stem
    if file.suffix != ".yaml":
        problems.append(Problem(shown, 1, 1, f"playbook files end in '.yaml'; rename it to '{stem}.yaml'"))
    if not ID_RE.match(stem) or len(stem) > 64:
        problems.append(Problem(shown, 1, 1, f"file name '{file.name}' is not a valid playbook id; "
                                             f"use {ID_HELP}, then '.yaml'"))
    if file.is_symlink() or not file.is_file():
        return None, [*problems, Problem(shown, 1, 1, "a playbook must be a regular file, not a link")], None
    raw = file.read_bytes()
    key = cache.key(raw)
    cached = cache.get(key)
    found: list[Problem]
    if cached is not None:
        doc, found = Document(shown, cached, raw.decode("utf-8").removeprefix("\ufeff")), []
    else:
        doc, found = read_document(shown, raw)
        if not found:
            cache.put(key, doc.data)
    problems.extend(found)
    if found:
        return None, problems, doc.data
    try:
        model = Playbook.model_validate(doc.data)
    except ValidationError as exc:
        return None, [*problems, *validation_problems(doc, exc)], doc.data
    if problems:
        return None, problems, doc.data
    return LoadedPlaybook(stem, shown, model, doc), [], doc.data


def cross_reference(playbooks: list[LoadedPlaybook],
                    broken_ids: AbstractSet[str] = frozenset()) -> tuple[Handbook, list[Problem]]:
    """Index every item by id, then resolve every use of an id; report clashes and dangling ids.

    Ids defined in files that failed their own checks (`broken_ids`) count as defined, so one
    broken file does not make every playbook that uses its items fail too.
    """
    problems: list[Problem] = []
    items: dict[str, ItemRecord] = {}
    # Where each id and checklist page is defined; positions are looked up only for a problem.
    anchors: dict[str, tuple[LoadedPlaybook, Loc]] = {}
    checklist_pages: dict[str, tuple[LoadedPlaybook, Loc]] = {}

    def at(playbook: LoadedPlaybook, loc: Loc) -> str:
        line, col = playbook.doc.position(loc)
        return f"{playbook.path}:{line}:{col}"

    def report(playbook: LoadedPlaybook, loc: Loc, message: str) -> None:
        problems.append(Problem(playbook.path, *playbook.doc.position(loc), message))

    def claim(playbook: LoadedPlaybook, item_id: str, loc: Loc) -> bool:
        loc = (*loc, "id")
        if item_id in RESERVED_IDS:
            report(playbook, loc, f"id '{item_id}' is reserved for a section of the page; choose another")
            return False
        if item_id in anchors:
            report(playbook, loc, f"id '{item_id}' is already used at {at(*anchors[item_id])}; ids are "
                                  "unique across the handbook, so choose another or use the existing "
                                  "item by writing just its id")
            return False
        anchors[item_id] = (playbook, loc)
        return True

    for playbook in playbooks:
        for kind in KINDS:
            for i, entry in enumerate(getattr(playbook.model, kind.field)):
                if not isinstance(entry, str) and claim(playbook, entry.id, (kind.field, i)):
                    items[entry.id] = ItemRecord(entry, kind, playbook.id)
        for i, question in enumerate(playbook.model.faq):
            claim(playbook, question.id, ("faq", i))
        if playbook.model.experiment:
            for i, step in enumerate(playbook.model.experiment.steps):
                claim(playbook, step.id, ("experiment", "steps", i))
            page, loc = playbook.model.experiment.page, ("experiment", "page")
            if page == CHECKLIST_INDEX:
                report(playbook, loc, f"checklist page '{page}' is taken by the checklist index; choose another")
            elif page in checklist_pages:
                report(playbook, loc, f"checklist page '{page}' is already taken by "
                                      f"{at(*checklist_pages[page])}; choose another")
            else:
                checklist_pages[page] = (playbook, loc)

    for playbook in playbooks:
        for kind in KINDS:
            for i, entry in enumerate(getattr(playbook.model, kind.field)):
                item_id = entry if isinstance(entry, str) else entry.id
                if isinstance(entry, str) and item_id not in broken_ids:
                    error = _resolve(items, item_id, (kind,))
                    if error:
                        report(playbook, (kind.field, i), error)
                        continue
                record = items.get(item_id)
                if record is not None and playbook.id not in record.used_by:
                    record.used_by.append(playbook.id)
        for kind in (KIND_BY_FIELD["exercises"],):
            for i, entry in enumerate(playbook.model.exercises):
                if isinstance(entry, str):
                    continue
                targets = tuple(KIND_BY_FIELD[f] for f in PRACTISABLE)
                for j, target in enumerate(entry.practises):
                    error = None if target in broken_ids else _resolve(items, target, targets)
                    if error:
                        report(playbook, (kind.field, i, "practises", j), error)

    return Handbook({p.id: p for p in playbooks}, items), problems


def _resolve(items: dict[str, ItemRecord], item_id: str, kinds: tuple[Kind, ...]) -> str | None:
    """None when `item_id` names an item of one of `kinds`, else the message saying why not."""
    wanted = " or ".join(k.singular for k in kinds)
    article = "an" if wanted[0] in "aeiou" else "a"
    record = items.get(item_id)
    if record is None:
        known = [i for i, r in items.items() if r.kind in kinds]
        close = difflib.get_close_matches(item_id, known, n=1, cutoff=0.6)
        hint = f"; did you mean '{close[0]}'?" if close else f"; define {article} {wanted} with this id"
        return f"{shown(item_id)} names no {wanted} in the handbook{hint}"
    if record.kind not in kinds:
        return (f"'{item_id}' is a {record.kind.singular} (defined in playbook "
                f"'{record.defined_in}'), but a {wanted} is needed here")
    return None
