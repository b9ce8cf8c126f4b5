"""Load every playbook under a folder, check it, and cross-reference the shared items.

`load_handbook` is the whole checker: it returns a `Handbook` or raises `HandbookError` holding
every problem of every file at once.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import stat
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from handbook.check.blame import Blame
from handbook.check.conversations import check_lines
from handbook.check.duplicates import duplicate_entries
from handbook.check.glossary import check_terms
from handbook.check.messages import validation_problems
from handbook.check.plandays import plan_day_problems
from handbook.check.repeats import SaidTwice, prose_sentences
from handbook.check.stories import StoryRecord, check_stories, story_index
from handbook.check.swallowed import swallowed_fields
from handbook.check.unfinished import may_be_unfinished, unfinished_fields
from handbook.problems import HandbookError, Problem, indefinite, shown
from handbook.schema.ids import ID_HELP, ID_RE
from handbook.schema.models import KIND_BY_FIELD, KINDS, Item, Kind, Playbook
from handbook.source.files import playbook_files, read_bytes
from handbook.source.yamlsource import MAX_FILE_BYTES, Document, Loc, oversized, read_document

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
# Section anchors of the generated pages; an item with one of these ids would shadow a section.
RESERVED_IDS = frozenset({"situations", "motivators", "patterns", "anti-patterns", "when-not-to-use",
                          "exercises", "experiment", "faq", "references", "sources", "prepare",
                          "steps", "notice", "scripts", "reflect", "practises", "week-1", "week-2",
                          "stories", "in-short", "terms"})


@dataclass
class LoadedPlaybook:
    """A checked playbook, its id (the file stem) and where it came from."""

    id: str
    path: str
    model: Playbook
    doc: Document = field(kw_only=True)
    digest: str = ""  # sha256 of the file's bytes: what the content version is made of
    file: Path | None = field(default=None, kw_only=True)  # the file read, for blame

    def describe(self, loc: Loc) -> str:
        """The item, question or step that holds `loc`, in words: "the anti-pattern 'Asking late'"."""
        field_name, index = (*loc, None, None)[:2]
        if field_name in KIND_BY_FIELD and isinstance(index, int):
            entry = getattr(self.model, str(field_name))[index]
            if not isinstance(entry, str):
                return f"the {KIND_BY_FIELD[str(field_name)].singular} {shown(entry.title)}"
        if field_name == "faq" and isinstance(index, int):
            return f"the question {shown(self.model.faq[index].question)}"
        experiment = self.model.experiment
        if field_name == "experiment" and experiment is not None:
            if index == "steps" and len(loc) > 2 and isinstance(loc[2], int):
                return f"the experiment step {shown(experiment.steps[loc[2]].title)}"
            return f"the experiment {shown(experiment.title)}"
        return f"the playbook {shown(self.model.title)}"

    @cached_property
    def prose(self) -> list[tuple[Loc, str]]:
        """The sentences of its prose, for the said-twice check."""
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

    item: Item
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

    @cached_property
    def stories(self) -> dict[str, StoryRecord]:
        """Every story by id, with the playbook that defines it."""
        return story_index(self)

    def credited_by(self, source_id: str) -> list[Credit]:
        """Every item and question that names a source as drawn on, by playbook in reading order."""
        return list(self._credited.get(source_id, []))


# What checking one file found: the playbook (None if it has problems), the problems and the raw data.
Checked = tuple["LoadedPlaybook | None", list[Problem], object]


def load_handbook(folder: Path, *, display_root: Path | None = None) -> Handbook:
    """Load and check every playbook in `folder`; raise HandbookError listing every problem.

    Paths in messages are relative to `display_root` (the working folder by default).
    """
    problems: list[Problem] = []
    loaded: list[LoadedPlaybook] = []
    broken_ids: set[str] = set()
    shown_folder = _display(folder, display_root or Path.cwd()) + "/"
    shown_folder = "" if shown_folder == "./" else shown_folder
    blame = Blame(folder)
    said = SaidTwice(blame)
    for file in playbook_files(folder):
        playbook, found, data = _load_file(file, shown_folder + file.name)
        problems.extend(found)
        if playbook is not None:
            loaded.append(playbook)
            said.add(playbook)
        else:
            broken_ids |= _ids_in(data)
    handbook, found = cross_reference(loaded, broken_ids, blame)
    problems.extend(found)
    problems.extend(said.problems())
    problems.extend(check_lines(handbook))
    problems.extend(check_stories(handbook))
    problems.extend(check_terms(handbook))
    if problems:
        raise HandbookError(problems)
    return handbook


def file_digests(folder: Path) -> tuple[tuple[str, str], ...]:
    """Each file's name in `folder` with the sha256 of its bytes: what a loaded handbook depends on,
    so a caller may reuse one while this stays the same (a link or special file reads as no bytes)."""
    found = []
    for file in playbook_files(folder):
        try:
            raw = b"" if _not_a_regular_file(file) else read_bytes(file)[0]
        except OSError:
            raw = b""
        found.append((file.name, hashlib.sha256(raw).hexdigest()))
    return tuple(found)


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


def _load_file(file: Path, display: str) -> Checked:
    """The checked playbook in `file`, or None; its problems; and its raw data, if it parsed."""
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
    checked = _check_bytes(stem, display, raw)
    if checked[0] is not None:
        checked[0].file = file
    if problems:
        return None, [*problems, *checked[1]], checked[2]
    return checked


@lru_cache(maxsize=4096)
def _check_bytes(stem: str, display: str, raw: bytes) -> Checked:
    """Parse and check one playbook file's bytes: what `_load_file` returns, but for the file's name.

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


class Index:
    """Every item by id, and where each id and checklist page is defined: the first half of
    `cross_reference`, made one playbook at a time."""

    def __init__(self, blame: Blame | None = None) -> None:
        self.blame = blame
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
        for i, term in enumerate(playbook.model.terms):
            self._claim(playbook, term.id, ("terms", i))
        for i, story in enumerate(playbook.model.stories):
            if not isinstance(story, str):
                self._claim(playbook, story.id, ("stories", i))
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
            # Said once, at the definition in the file the contributor changed (see Blame).
            first = self._anchors[item_id]
            if self.blame is not None and self.blame.blames_first(first[0].file, playbook.file):
                here, there = first, (playbook, loc)
            else:
                here, there = (playbook, loc), first
            self._report(*here, f"id '{item_id}' is already used by {there[0].describe(there[1])} at "
                                f"{_at(*there)}; ids are unique across the handbook, so choose another, or "
                                "delete this definition and use the existing item by writing just its id")
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


def cross_reference(playbooks: list[LoadedPlaybook], broken_ids: AbstractSet[str] = frozenset(),
                    blame: Blame | None = None) -> tuple[Handbook, list[Problem]]:
    """Index every item by id, then resolve every use of an id; report clashes and dangling ids.

    Ids defined in files that failed their own checks (`broken_ids`) count as defined, so one
    broken file does not make every playbook that uses its items fail too.
    """
    index = Index(blame)
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

    for playbook in playbooks:
        if not _has_a_first_week_exercise(playbook, items):
            problems.append(Problem(playbook.path, *playbook.doc.position(("exercises",), key=True),
                                    FIRST_WEEK_NEEDED))
    return Handbook({p.id: p for p in playbooks}, items), problems


FIRST_WEEK_NEEDED = ("none of this playbook's exercises is marked 'first_week: true'; each playbook needs one "
                     "a newcomer can do in their first week, in under an hour and without a network of their "
                     "own: add 'first_week: true' and 'time: <minutes>' to one")


def _has_a_first_week_exercise(playbook: LoadedPlaybook, items: dict[str, ItemRecord]) -> bool:
    """Whether one exercise the playbook uses is a first-week one; True when one it names by id is
    unknown (its own error, or defined in a file that failed its checks)."""
    for entry in playbook.model.exercises:
        record = items.get(entry) if isinstance(entry, str) else None
        exercise = entry if not isinstance(entry, str) else record.item if record else None
        if exercise is None or getattr(exercise, "first_week", False):
            return True
    return False


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
    if record is None:
        close = hints.closest(item_id, kinds, items)
        hint = f"; did you mean '{close}'?" if close else f"; define {indefinite(wanted)} with this id"
        return f"{shown(item_id)} names no {wanted} in the handbook{hint}"
    return (f"'{item_id}' is {indefinite(record.kind.singular)} (defined in playbook "
            f"'{record.defined_in}'), but {indefinite(wanted)} is needed here")


def reusable_items(folder: Path) -> list[ItemRecord]:
    """Every shared item defined by the playbooks in `folder` that pass their own checks: what a
    contributor may use by id, listed even while another file (their own) has errors."""
    index = Index()
    for file in playbook_files(folder):
        playbook = _load_file(file, file.name)[0]
        if playbook is not None:
            index.add(playbook)
    return list(index.items.values())
