"""Cross-referencing the checked playbooks: every item by id, each id defined once, and every use
of an id resolved to an item of the right kind, with a did-you-mean hint when it is not."""

from __future__ import annotations

import difflib
from collections.abc import Set as AbstractSet

from handbook.check.blame import Blame
from handbook.check.handbook import Handbook, ItemRecord, LoadedPlaybook
from handbook.problems import Problem, indefinite, shown
from handbook.schema.models import KIND_BY_FIELD, KINDS, Kind
from handbook.source.yamlsource import Loc

# Page names the generator writes in a folder whatever the playbooks hold: an index, its further
# pages under page/, and fixed checklists. A playbook, exercise or checklist page named like one
# of these would silently replace it, so the names are reserved (tests derive them from the output).
RESERVED_PAGES = {
    "playbooks": frozenset({"index", "page"}),
    "exercises": frozenset({"index", "page"}),
    "checklists": frozenset({"index", "page", "before-you-ask"}),
}
PRACTISABLE = ("motivators", "gains", "principles", "patterns")
SOURCE_KIND = (KIND_BY_FIELD["sources"],)
# Section anchors of the generated pages; an item with one of these ids would shadow a section.
RESERVED_IDS = frozenset({"situations", "motivators", "what-you-gain", "principles", "patterns",
                          "anti-patterns", "when-not-to-use",
                          "exercises", "experiment", "faq", "references", "sources", "prepare",
                          "steps", "notice", "scripts", "reflect", "practises", "week-1", "week-2",
                          "stories", "in-short", "terms"})


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
                    blame: Blame | None = None, broken_files: bool = False) -> tuple[Handbook, list[Problem]]:
    """Index every item by id, then resolve every use of an id; report clashes and dangling ids.

    Ids defined in files that failed their own checks (`broken_ids`) count as defined, so one
    broken file does not make every playbook that uses its items fail too; nor, while a file is
    broken (`broken_files`), is a source reported undrawn: the broken file may be what draws on it.
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
    handbook = Handbook({p.id: p for p in playbooks}, items)
    if not broken_files:
        problems.extend(undrawn_sources(handbook))
    return handbook, problems


def undrawn_sources(handbook: Handbook) -> list[Problem]:
    """Each source defined that no item or question names as drawn on, at its definition: the Sources
    page would list nothing drawn from it."""
    problems = []
    for playbook in handbook.ordered():
        for i, entry in enumerate(playbook.model.sources):
            if not isinstance(entry, str) and not handbook.credited_by(entry.id):
                problems.append(_problem(playbook, ("sources", i, "id"), (
                    f"no item or question names the source '{entry.id}' in its 'sources', so nothing is "
                    "credited to it; name it under each item that draws on it, or delete it")))
    return problems


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
    names = [k.singular for k in kinds]
    wanted = f"{', '.join(names[:-1])} or {names[-1]}" if len(names) > 1 else names[0]
    if record is None:
        close = hints.closest(item_id, kinds, items)
        hint = f"; did you mean '{close}'?" if close else f"; define {indefinite(wanted)} with this id"
        return f"{shown(item_id)} names no {wanted} in the handbook{hint}"
    return (f"'{item_id}' is {indefinite(record.kind.singular)} (defined in playbook "
            f"'{record.defined_in}'), but {indefinite(wanted)} is needed here")
