"""A playbook's two-week experiment: its printable, tickable page, and the plan a macro shows on any page."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from handbook.check.handbook import LoadedPlaybook
from handbook.pages.frontmatter import front_matter
from handbook.pages.layout import KIND_TAGS
from handbook.pages.render import render
from handbook.pages.ticks import Tick, plan_tick
from handbook.schema.plans import Experiment, ExperimentStep


@dataclass(frozen=True)
class PlanDay:
    """One day of a plan: its number, the experiments due on it, and whether it is for reflection."""

    day: int
    entries: list[tuple[Tick, ExperimentStep]]
    reflection: bool


def plan_weeks(experiment: Experiment) -> list[list[PlanDay]]:
    """The 14 days of a plan in two weeks, each day with the experiments due on it, to tick."""
    days = [PlanDay(day, [(plan_tick(day, s.id, s.title), s) for s in experiment.steps if day in s.days],
                    day in experiment.reflection_days) for day in range(1, 15)]
    return [days[:7], days[7:]]


def render_experiment(playbook: LoadedPlaybook) -> str:
    """The printable, tickable page of a playbook's two-week experiment."""
    experiment = playbook.model.experiment
    assert experiment is not None
    return render("experiment.md.j2", front_matter=front_matter(experiment.title, tags=["Checklist"],
                                                                printable=True),
                  playbook=playbook, experiment=experiment, weeks=plan_weeks(experiment),
                  tags=[KIND_TAGS["Checklist"]], root=Markup("../"))


def render_plan(playbook: LoadedPlaybook) -> str:
    """Just the tickable 14-day plan of a playbook's experiment, for a macro on any page."""
    experiment = playbook.model.experiment
    if experiment is None:
        raise ValueError(f"playbook '{playbook.id}' has no experiment")
    return render("_plan.md.j2", experiment=experiment, weeks=plan_weeks(experiment))


def experiment_about(playbook: LoadedPlaybook) -> tuple[str, str]:
    """The title and summary of a playbook's experiment, as the checklists index lists it."""
    experiment = playbook.model.experiment
    assert experiment is not None
    return experiment.title, experiment.summary
