"""Load every playbook under a folder, check it, and cross-reference the shared items.

`load_handbook` is the whole checker: it returns a `Handbook` or raises `HandbookError` holding
every problem of every file at once.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from .messages import validation_problems
from .models import ID_HELP, ID_RE, KIND_BY_FIELD, KINDS, Item, Kind, Playbook
from .problems import HandbookError, Problem, shown
from .yamlsource import Document, read_document

CHECKLIST_INDEX = "index"
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
    """Every playbook and every shared item, with the links between them."""

    playbooks: dict[str, LoadedPlaybook]
    items: dict[str, ItemRecord]

    def ordered(self) -> list[LoadedPlaybook]:
        """The playbooks in reading order."""
        return sorted(self.playbooks.values(), key=lambda p: (p.model.order, p.id))

    def of_kind(self, kind: Kind) -> list[ItemRecord]:
        """Every item of one kind, by title."""
        records = [r for r in self.items.values() if r.kind is kind]
        return sorted(records, key=lambda r: r.item.title.lower())

    def used_by(self, item_id: str) -> list[LoadedPlaybook]:
        """The playbooks that use an item, in reading order."""
        users = set(self.items[item_id].used_by)
        return [p for p in self.ordered() if p.id in users]

    def practised_by(self, item_id: str) -> list[ItemRecord]:
        """The exercises that practise a motivator or pattern."""
        return [r for r in self.of_kind(KIND_BY_FIELD["exercises"])
                if item_id in r.item.practises]  # type: ignore[attr-defined]


def playbook_files(folder: Path) -> list[Path]:
    """The files in `folder` that are meant as playbooks (YAML by extension)."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir()
                  if p.suffix in (".yaml", ".yml") and not p.name.startswith("."))


def load_handbook(folder: Path, *, display_root: Path | None = None) -> Handbook:
    """Load and check every playbook in `folder`; raise HandbookError listing every problem."""
    problems: list[Problem] = []
    loaded: list[LoadedPlaybook] = []
    broken_ids: set[str] = set()
    root = display_root or Path.cwd()
    for file in playbook_files(folder):
        shown = _display(file, root)
        playbook, found, data = _load_file(file, shown)
        problems.extend(found)
        if playbook is not None:
            loaded.append(playbook)
        else:
            broken_ids |= _ids_in(data)
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
    handbook = load_handbook(folder, display_root=folder.parent)
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


def _load_file(file: Path, shown: str) -> tuple[LoadedPlaybook | None, list[Problem], object]:
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
    doc, found = read_document(shown, file.read_bytes())
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
    anchors: dict[str, str] = {}
    checklist_pages: dict[str, str] = {CHECKLIST_INDEX: "the checklist index"}

    def claim(playbook: LoadedPlaybook, item_id: str, loc: tuple[str | int, ...]) -> bool:
        line, col = playbook.doc.position((*loc, "id"))
        if item_id in RESERVED_IDS:
            problems.append(Problem(playbook.path, line, col,
                                    f"id '{item_id}' is reserved for a section of the page; "
                                    "choose another"))
            return False
        if item_id in anchors:
            problems.append(Problem(playbook.path, line, col,
                                    f"id '{item_id}' is already used at {anchors[item_id]}; "
                                    "ids are unique across the handbook, so choose another or "
                                    "use the existing item by writing just its id"))
            return False
        anchors[item_id] = f"{playbook.path}:{line}:{col}"
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
            page = playbook.model.experiment.page
            line, col = playbook.doc.position(("experiment", "page"))
            if page in checklist_pages:
                problems.append(Problem(playbook.path, line, col,
                                        f"checklist page '{page}' is already taken by "
                                        f"{checklist_pages[page]}; choose another"))
            checklist_pages[page] = f"{playbook.path}:{line}:{col}"

    for playbook in playbooks:
        for kind in KINDS:
            for i, entry in enumerate(getattr(playbook.model, kind.field)):
                item_id = entry if isinstance(entry, str) else entry.id
                if isinstance(entry, str) and item_id not in broken_ids:
                    error = _resolve(items, item_id, (kind,))
                    if error:
                        line, col = playbook.doc.position((kind.field, i))
                        problems.append(Problem(playbook.path, line, col, error))
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
                        line, col = playbook.doc.position((kind.field, i, "practises", j))
                        problems.append(Problem(playbook.path, line, col, error))

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
