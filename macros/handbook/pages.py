"""Every page the handbook generates from its playbooks, as Markdown, by docs-relative path.

Plain Python: a MkDocs hook (or any other build step) adds these to the site.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup
from pydantic import BaseModel

from .loader import Handbook, ItemRecord, LoadedPlaybook
from .models import KIND_BY_FIELD, KINDS, MODELS, Experiment, ExperimentStep, Item, Kind
from .render import anchor, render
from .schema import field_rows

AUDIENCES = {
    "senior-ic": "Senior ICs",
    "tech-lead": "Tech leads",
    "manager": "Managers",
    "project-lead": "Project leads",
}
KIND_INTROS = {
    "situations": "The situations readers arrive with.",
    "motivators": "Why a peer would say yes to work you cannot assign. Each lists the playbooks "
                  "that use it and the exercises that practise it.",
    "patterns": "Ways to frame and run an ask so that peers commit rather than comply.",
    "anti_patterns": "Habits that spend trust faster than they earn it, and what to do instead.",
    "when_not_to_use": "Cases where influence is the wrong tool, and what to reach for instead.",
    "exercises": "Practice you can do this week. Each page is a checklist you can tick on screen "
                 "or print.",
    "references": "Books, blogs, articles and videos the playbooks draw on or point to.",
}


@dataclass(frozen=True)
class GeneratedPage:
    """A page's Markdown, and the playbook file to edit for it (None for pages of many)."""

    markdown: str
    source: str | None


def generate_pages(handbook: Handbook) -> dict[str, GeneratedPage]:
    """Every generated page of the handbook, keyed by its path under docs/."""
    pages: dict[str, GeneratedPage] = {}
    for playbook in handbook.ordered():
        pages[f"playbooks/{playbook.id}.md"] = GeneratedPage(
            render_playbook(playbook, handbook), playbook.path)
    for record in handbook.of_kind(KIND_BY_FIELD["exercises"]):
        source = handbook.playbooks[record.defined_in].path
        pages[f"exercises/{record.item.id}.md"] = GeneratedPage(
            render_exercise(record, handbook), source)
    pages["playbooks/index.md"] = GeneratedPage(render(
        "playbooks_index.md.j2", front_matter=front_matter("Playbooks"),
        playbooks=handbook.ordered(), handbook=handbook, audiences=AUDIENCES,
        situations_kind=KIND_BY_FIELD["situations"]), None)
    for kind in KINDS:
        if kind.field == "situations":
            continue
        pages[f"{kind.slug}/index.md"] = GeneratedPage(render_kind_index(kind, handbook), None)
    pages["situations/index.md"] = GeneratedPage(render_situations(handbook), None)
    for playbook in handbook.ordered():
        if playbook.model.experiment:
            pages[f"checklists/{playbook.model.experiment.page}.md"] = GeneratedPage(
                render_experiment(playbook), playbook.path)
    pages["checklists/index.md"] = GeneratedPage(render(
        "checklists_index.md.j2", front_matter=front_matter("Checklists"),
        plans=[p for p in handbook.ordered() if p.model.experiment],
        exercises=handbook.of_kind(KIND_BY_FIELD["exercises"])), None)
    pages["checklists/before-you-ask.md"] = GeneratedPage(render_before_you_ask(handbook), None)
    pages["contributing/schema.md"] = GeneratedPage(render_schema_reference(handbook), None)
    pages["print/index.md"] = GeneratedPage(render("print.md.j2", front_matter=front_matter(
        "The whole handbook", hide=["navigation", "toc"], search={"exclude": True}), bodies=[
        Markup(render_playbook(p, handbook, in_print=True))  # noqa: S704 - rendered, so escaped
        for p in handbook.ordered()]), None)
    return pages


def render_schema_reference(handbook: Handbook) -> str:
    """The field reference: every field of every model, with an example from the handbook."""
    rows = field_rows()
    models = [(model, [r for r in rows if r.model == model.__name__])
              for model in dict.fromkeys(MODELS[r.model] for r in rows)]
    return render("schema_reference.md.j2", front_matter=front_matter("Playbook fields"),
                  models=models, examples=field_examples(handbook))


def field_examples(handbook: Handbook) -> dict[tuple[str, str], str]:
    """The first value each field of each model takes in the handbook, shortened for a table."""
    found: dict[tuple[str, str], str] = {}

    def visit(value: Any) -> None:
        if isinstance(value, list):
            for element in value:
                visit(element)
        elif isinstance(value, BaseModel):
            for name in type(value).model_fields:
                field_value = getattr(value, name)
                example = _example(field_value)
                if example:
                    found.setdefault((type(value).__name__, name), example)
                visit(field_value)

    for playbook in handbook.ordered():
        visit(playbook.model)
    return found


def _example(value: Any) -> str:
    if isinstance(value, list):
        return _example(value[0]) if value else ""
    if isinstance(value, BaseModel) or value is None:
        return ""
    text = " ".join(str(value).split())
    return text if len(text) <= 60 else text[:57].rstrip() + "..."


def plan_weeks(experiment: Experiment) -> list[list[tuple[int, list[ExperimentStep]]]]:
    """The 14 days of a plan in two weeks, each day with the experiments due on it."""
    days = [(day, [s for s in experiment.steps if day in s.days]) for day in range(1, 15)]
    return [days[:7], days[7:]]


def render_experiment(playbook: LoadedPlaybook) -> str:
    """The printable, tickable page of a playbook's two-week experiment."""
    experiment = playbook.model.experiment
    assert experiment is not None
    return render("experiment.md.j2", front_matter=front_matter(experiment.title, tags=["Checklist"]),
                  playbook=playbook, experiment=experiment, weeks=plan_weeks(experiment))


def render_plan(playbook: LoadedPlaybook) -> str:
    """Just the tickable 14-day plan of a playbook's experiment, for a macro on any page."""
    experiment = playbook.model.experiment
    if experiment is None:
        raise ValueError(f"playbook '{playbook.id}' has no experiment")
    return render("_plan.md.j2", experiment=experiment, weeks=plan_weeks(experiment))


@dataclass(frozen=True)
class AskQuestion:
    question: str
    pattern: Item


def render_before_you_ask(handbook: Handbook) -> str:
    """The 'before you ask' checklist: a line from each framing pattern that offers one, in reading order."""
    patterns = _unique(item for p in handbook.ordered() for item in p.items(KIND_BY_FIELD["patterns"], handbook))
    questions = [AskQuestion(item.before_you_ask, item)  # type: ignore[attr-defined]
                 for item in patterns if item.before_you_ask]  # type: ignore[attr-defined]
    return render("before_you_ask.md.j2", front_matter=front_matter("Before you ask a peer",
                  tags=["Checklist"]), questions=questions)


def front_matter(title: str, **meta: Any) -> Any:
    """Page metadata as YAML; the title HTML-escaped, since theme templates print it raw."""
    # JSON is YAML too, and json.dumps quotes far faster than yaml.safe_dump for 3000 pages.
    data = {"title": html.escape(title), **meta}
    lines = (f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in data.items())
    return Markup("\n".join(lines))  # noqa: S704 - every value JSON-quoted


def sections(playbook: LoadedPlaybook, handbook: Handbook) -> dict[Kind, list[Item]]:
    """The items a playbook uses, by kind, shared ones included."""
    return {kind: playbook.items(kind, handbook) for kind in KINDS}


def render_playbook(playbook: LoadedPlaybook, handbook: Handbook, *, in_print: bool = False) -> str:
    """The page of one playbook: every section, each item under its own anchor.

    `in_print` renders it for the page that holds every playbook: no front matter, and anchors
    prefixed with the playbook's id, since several playbooks share items.
    """
    by_kind = sections(playbook, handbook)
    return render(
        "playbook.md.j2",
        prefix=anchor(playbook.id) + "--" if in_print else Markup(""),
        front_matter=front_matter(playbook.model.title, tags=playbook_tags(playbook)),
        playbook=playbook,
        sections=_Sections(by_kind),
        audiences=AUDIENCES,
        checklist_page=(f"checklists/{playbook.model.experiment.page}.md"
                        if playbook.model.experiment else None),
    )


def playbook_tags(playbook: LoadedPlaybook) -> list[str]:
    """The tags a playbook page carries: its kind, its audiences, then its topics."""
    return ["Playbook", *(AUDIENCES[a] for a in playbook.model.audience), *playbook.model.tags]


def render_exercise(record: ItemRecord, handbook: Handbook) -> str:
    """The page of one exercise: steps to tick, preparation, reflection and links both ways."""
    exercise = record.item
    practised = [handbook.items[i] for i in exercise.practises]  # type: ignore[attr-defined]
    return render(
        "exercise.md.j2",
        front_matter=front_matter(exercise.title, tags=exercise_tags(record, handbook)),
        exercise=exercise,
        playbooks=handbook.used_by(exercise.id),
        practised=practised,
    )


def exercise_tags(record: ItemRecord, handbook: Handbook) -> list[str]:
    """The tags an exercise page carries: its kind, then the audiences of its playbooks."""
    audiences = dict.fromkeys(a for p in handbook.used_by(record.item.id) for a in p.model.audience)
    return ["Exercise", *(AUDIENCES[a] for a in audiences)]


def render_kind_index(kind: Kind, handbook: Handbook) -> str:
    """The index page of one kind: every item, with the playbooks that use it."""
    return render(
        "kind_index.md.j2",
        front_matter=front_matter(kind.title),
        kind=kind,
        intro=KIND_INTROS[kind.field],
        records=handbook.of_kind(kind),
        handbook=handbook,
    )


@dataclass
class SituationEntry:
    record: ItemRecord
    playbooks: list[LoadedPlaybook]
    patterns: list[Item]
    warnings: list[ItemRecord]


def render_situations(handbook: Handbook) -> str:
    """The page that leads from a reader's situation to the playbooks, patterns and warnings."""
    return render("situations_index.md.j2", front_matter=front_matter("Situations"),
                  entries=situation_entries(handbook))


def render_situation_list(handbook: Handbook, per_playbook: int = 2) -> str:
    """The first situations each playbook lists, with their playbooks, for a page at the docs root.

    A playbook lists its situations most common first; the full list is on /situations/.
    """
    wanted = {s.id for p in handbook.ordered()
              for s in p.items(KIND_BY_FIELD["situations"], handbook)[:per_playbook]}
    entries = [e for e in situation_entries(handbook) if e.record.item.id in wanted]
    return render("situation_list.md.j2", entries=entries, total=len(handbook.of_kind(KIND_BY_FIELD["situations"])))


def situation_entries(handbook: Handbook) -> list[SituationEntry]:
    """Each situation with the playbooks that serve it and their patterns and warnings."""
    patterns = KIND_BY_FIELD["patterns"]
    warning_kinds = (KIND_BY_FIELD["anti_patterns"], KIND_BY_FIELD["when_not_to_use"])
    entries = []
    for record in handbook.of_kind(KIND_BY_FIELD["situations"]):
        users = handbook.used_by(record.item.id)
        found_patterns = _unique(i for p in users for i in p.items(patterns, handbook))
        warnings = _unique(handbook.items[i.id] for p in users for k in warning_kinds
                           for i in p.items(k, handbook))
        entries.append(SituationEntry(record, users, found_patterns, warnings))
    return entries


def _unique(values: Any) -> list[Any]:
    seen: dict[int, Any] = {}
    for value in values:
        seen.setdefault(id(value), value)
    return list(seen.values())


class _Sections(dict):  # type: ignore[type-arg]
    """Sections by kind, also reachable by field name in templates (`sections.exercises`)."""

    def __getattr__(self, name: str) -> list[Item]:
        return self[KIND_BY_FIELD[name]]  # type: ignore[no-any-return]

