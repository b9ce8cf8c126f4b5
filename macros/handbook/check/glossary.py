"""The glossary's terms: each word defined once in the whole handbook, each credit a source, each
used where a page links it."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from handbook.problems import Problem
from handbook.schema.items import Term
from handbook.schema.models import KIND_BY_FIELD

if TYPE_CHECKING:
    from handbook.check.handbook import Handbook, LoadedPlaybook

Loc = tuple[Any, ...]


def defined_terms(handbook: Handbook) -> list[tuple[LoadedPlaybook, int, Term]]:
    """Every term, with the playbook that defines it and its place there, by playbook in reading order."""
    return [(playbook, i, term) for playbook in handbook.ordered() for i, term in enumerate(playbook.model.terms)]


def glossed_text(playbook: LoadedPlaybook) -> list[str]:
    """The text of a playbook's page in which the page links a term's first use (pages/glossary.py):
    the summary and body of each item it defines, its answers, its stories' settings and moments,
    and In short."""
    model = playbook.model
    texts = [text for kind in KIND_BY_FIELD for entry in getattr(model, kind) if not isinstance(entry, str)
             for text in (getattr(entry, "summary", None), getattr(entry, "body", None)) if text]
    texts += [q.answer for q in model.faq] + list(model.in_short)
    for story in model.stories:
        if not isinstance(story, str):
            texts += [story.setting, *(moment.said for moment in story.moments)]
    return texts


def _unused(handbook: Handbook) -> set[str]:
    """The ids of the terms no playbook page uses, in any of their forms."""
    terms = [term for _, _, term in defined_terms(handbook)]
    if not terms:
        return set()
    text = "\n".join(text for playbook in handbook.ordered() for text in glossed_text(playbook))
    return {term.id for term in terms if not any(
        re.search(rf"(?<![\w]){re.escape(form)}(?![\w])", text, re.I) for form in [term.term, *term.also])}


def check_terms(handbook: Handbook) -> list[Problem]:
    """A term (or another form of it) defined a second time, a term no page uses, and a credit naming no
    source, each at its place."""
    problems: list[Problem] = []
    seen: dict[str, tuple[LoadedPlaybook, Loc]] = {}

    def at(playbook: LoadedPlaybook, loc: Loc) -> tuple[int, int]:
        return playbook.doc.position(loc)

    unused = _unused(handbook)
    for playbook, i, term in defined_terms(handbook):
        if term.id in unused:
            problems.append(Problem(playbook.path, *at(playbook, ("terms", i, "term")), (
                f"no playbook uses the term '{term.term}' (nor its other forms) in a summary, body, answer, "
                "story or In short, where pages link a term to the glossary; use it there, add the form "
                "the text uses to 'also', or delete the term")))
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
