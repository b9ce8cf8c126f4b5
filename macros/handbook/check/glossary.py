"""The glossary's terms: each word defined once in the whole handbook, each credit a source."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from handbook.problems import Problem
from handbook.schema.models import KIND_BY_FIELD, Term

if TYPE_CHECKING:
    from handbook.check.handbook import Handbook, LoadedPlaybook

Loc = tuple[Any, ...]


def defined_terms(handbook: Handbook) -> list[tuple[LoadedPlaybook, int, Term]]:
    """Every term, with the playbook that defines it and its place there, by playbook in reading order."""
    return [(playbook, i, term) for playbook in handbook.ordered() for i, term in enumerate(playbook.model.terms)]


def check_terms(handbook: Handbook) -> list[Problem]:
    """A term (or another form of it) defined a second time, and a credit naming no source, each at its place."""
    problems: list[Problem] = []
    seen: dict[str, tuple[LoadedPlaybook, Loc]] = {}

    def at(playbook: LoadedPlaybook, loc: Loc) -> tuple[int, int]:
        return playbook.doc.position(loc)

    for playbook, i, term in defined_terms(handbook):
        for j, form in enumerate([term.term, *term.also]):
            loc: Loc = ("terms", i, "term") if j == 0 else ("terms", i, "also", j - 1)
            key = " ".join(form.lower().split())
            if key in seen:
                first, first_loc = seen[key]
                line, col = at(first, first_loc)
                problems.append(Problem(playbook.path, *at(playbook, loc), (
                    f"the term '{form}' is already defined at {first.path}:{line}:{col}; the glossary defines "
                    "each term once, so delete this definition or merge the two")))
            else:
                seen[key] = (playbook, loc)
        for j, source_id in enumerate(term.sources):
            record = handbook.items.get(source_id)
            if record is None or record.kind is not KIND_BY_FIELD["sources"]:
                problems.append(Problem(playbook.path, *at(playbook, ("terms", i, "sources", j)),
                                        f"'{source_id}' names no source in the handbook; name one of the "
                                        "playbook's sources by its id"))
    return problems
