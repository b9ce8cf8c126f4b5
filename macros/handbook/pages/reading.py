"""The home page's ways in: the reading path (every playbook in reading order, with its story) and
a new hire's first 30 days (a first-week exercise of each playbook, spread over four weeks)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from handbook.check.handbook import Handbook, LoadedPlaybook
from handbook.pages.layout import PER_INDEX_PAGE
from handbook.pages.render import render
from handbook.pages.stories import playbook_stories
from handbook.schema.models import KIND_BY_FIELD


def render_reading_path(handbook: Handbook, limit: int = PER_INDEX_PAGE) -> str:
    """The playbooks in reading order, for the home page; a longer list ends with a link to all."""
    ordered = handbook.ordered()
    return render("reading_path.md.j2", playbooks=ordered[:limit], total=len(ordered),
                  stories=lambda playbook: playbook_stories(playbook, handbook))


@dataclass(frozen=True)
class MonthStep:
    """One exercise of the first 30 days, and the playbook it is met in."""

    exercise: Any
    playbook: LoadedPlaybook


@dataclass(frozen=True)
class MonthWeek:
    label: str
    steps: list[MonthStep]


MONTH_WEEKS = ("Week 1 (days 1 to 7)", "Week 2 (days 8 to 14)", "Week 3 (days 15 to 21)",
               "Week 4 (days 22 to 30)")


def first_month(handbook: Handbook, per_week: int = 2,
                fits: Callable[[Any, LoadedPlaybook], bool] = lambda exercise, playbook: True,
                playbooks: list[LoadedPlaybook] | None = None) -> list[MonthWeek]:
    """A new hire's first 30 days: the first first-week exercise of each playbook (of `playbooks`,
    every one by default) that `fits`, in reading order, spread over four weeks, at most `per_week`
    a week."""
    steps: list[MonthStep] = []
    seen: set[str] = set()
    kind = KIND_BY_FIELD["exercises"]
    for playbook in handbook.ordered() if playbooks is None else playbooks:
        fitting = [e for e in playbook.items(kind, handbook)
                   if e.first_week and e.id not in seen and fits(e, playbook)]  # type: ignore[attr-defined]
        if fitting:
            seen.add(fitting[0].id)
            steps.append(MonthStep(fitting[0], playbook))
    return spread_over_month(steps[: per_week * len(MONTH_WEEKS)])


def spread_over_month(steps: list[MonthStep]) -> list[MonthWeek]:
    """Steps in order, as evenly as they go over the four weeks, the earlier weeks fuller."""
    size = -(-len(steps) // len(MONTH_WEEKS)) if steps else 0
    return [MonthWeek(label, steps[n * size:(n + 1) * size])
            for n, label in enumerate(MONTH_WEEKS) if steps[n * size:(n + 1) * size]]


def render_first_month(handbook: Handbook) -> str:
    """The home page's first-30-days path, built from the exercises marked 'first_week'."""
    return render("first_month.md.j2", weeks=first_month(handbook))
