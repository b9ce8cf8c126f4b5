"""Who an exercise is for: a step that offers the work of a team you lead is not for an individual
contributor, who leads none, so an exercise with such a step narrows its 'audience'."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from handbook.check.handbook import Handbook, LoadedPlaybook
from handbook.problems import Problem

# A step that offers the work of a team you lead: nothing an individual contributor can give.
OFFERS_THE_TEAMS_WORK = re.compile(r"\byour team (?:could|can) do\b|\bhelp from your team\b|"
                                   r"\byour team's (?:experience|time|capacity)\b", re.I)
INDIVIDUAL = "senior-ic"


def exercise_audience(exercise: Any, playbooks: Iterable[LoadedPlaybook]) -> tuple[str, ...]:
    """Who an exercise is for, in order: its own `audience`, or else everyone the `playbooks` that use
    it are for, in their order."""
    return tuple(dict.fromkeys(exercise.audience or (a for p in playbooks for a in p.model.audience)))


def check_audiences(handbook: Handbook) -> list[Problem]:
    """Each step of an exercise for individual contributors (its own audience, else its playbooks')
    that offers a team's work, at the step."""
    problems = []
    for playbook in handbook.ordered():
        for i, entry in enumerate(playbook.model.exercises):
            if isinstance(entry, str):
                continue
            # An exercise whose id was refused (reserved, or taken) is not among the items: its own playbook's.
            users = handbook.used_by(entry.id) if entry.id in handbook.items else [playbook]
            if INDIVIDUAL not in exercise_audience(entry, users):
                continue
            for j, step in enumerate(entry.steps):
                found = OFFERS_THE_TEAMS_WORK.search(step)
                if found:
                    problems.append(Problem(playbook.path, *playbook.doc.position(("exercises", i, "steps", j)), (
                        f"this step offers a team's work ('{found.group(0)}'), which an individual contributor "
                        "does not lead, yet the exercise is for senior ICs; give the exercise an 'audience' of "
                        "those who lead a team (tech-lead, manager, project-lead), or reword the step")))
    return problems
