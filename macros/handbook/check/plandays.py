"""A plan's days: experiments on working days, each week ending with its reflection.

The page puts a plan's working days on Monday to Friday from any start date and lets its
reflection days fall where they come, so a plan fits every start only if no experiment sits on a
reflection day and each week's reflection comes after its working days.
"""

from __future__ import annotations

from collections.abc import Iterable

from handbook.schema.models import Playbook
from handbook.schema.plans import Experiment
from handbook.source.yamlsource import Loc

WEEKS = ((1, 7), (8, 14))


def plan_day_problems(playbook: Playbook) -> list[tuple[Loc, str]]:
    """Each step day that names a reflection day, and each week that does not end with its reflection."""
    experiment = playbook.experiment
    if experiment is None:
        return []
    found: list[tuple[Loc, str]] = []
    reflection = set(experiment.reflection_days)
    for week, (first, last) in enumerate(WEEKS, start=1):
        days = [d for d in range(first, last + 1) if d in reflection]
        if not days:
            found.append((("experiment", "reflection_days"),
                          f"week {week} (days {first} to {last}) has no reflection day; end it with one, "
                          f"e.g. {last}"))
        elif days != list(range(last - len(days) + 1, last + 1)):
            ending = range(last - len(days) + 1, last + 1)
            found.append((("experiment", "reflection_days"),
                          f"week {week}'s reflection days ({_listed(days)}) come before some of its working "
                          f"days; a week ends with its reflection: use {_listed(ending)}"))
    working = working_days(experiment)
    for i, step in enumerate(experiment.steps):
        for j, day in enumerate(step.days):
            if day in reflection:
                found.append((("experiment", "steps", i, "days", j),
                              f"day {day} is a reflection day (see 'reflection_days'), with no experiment: "
                              f"experiments run on working days, one of {_listed(working)}"))
    return found


def working_days(experiment: Experiment) -> list[int]:
    """The plan's days that are not for reflection, in order."""
    return [d for d in range(1, 15) if d not in experiment.reflection_days]


def _listed(days: Iterable[int]) -> str:
    return ", ".join(str(d) for d in days)
