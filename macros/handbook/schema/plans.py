"""A playbook's two-week plan of experiments, printed as a checklist."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from handbook.schema.annotations import PROSE
from handbook.schema.items import Strict
from handbook.schema.values import ID_DESCRIPTION, Id, Line, Text

# A plan's weekends, when its YAML does not say: days 1 and 8 are Mondays for a Monday start.
DEFAULT_REFLECTION_DAYS = (6, 7, 13, 14)


class ExperimentStep(Strict):
    """One experiment of a multi-day plan, and the days it runs on."""

    id: Id = Field(description=ID_DESCRIPTION)
    title: Line = Field(description="What to do, as an instruction.")
    body: Annotated[Text | None, PROSE] = Field(default=None, description="How to do it and what to note.")
    cadence: Line = Field(description="How often, e.g. 'once', 'before every request'.")
    days: list[Annotated[int, Field(ge=1, le=14)]] = Field(max_length=14,
        min_length=1, description="The days of the plan (1 to 14) on which to do it."
    )


class Experiment(Strict):
    """A two-week plan of small experiments, printed as a checklist."""

    title: Line = Field(description="The plan's name.")
    page: Id = Field(description="Its printable checklist's address under /checklists/, "
                                 "e.g. 'two-week-experiment'.")
    summary: Text = Field(description="What the two weeks are for.")
    steps: list[ExperimentStep] = Field(max_length=12, min_length=1, description="The experiments.")
    reflection: list[Line] = Field(
        min_length=2, max_length=2, description="A reflection prompt for the end of each week."
    )
    reflection_days: list[Annotated[int, Field(ge=1, le=14)]] = Field(
        default=list(DEFAULT_REFLECTION_DAYS), min_length=2, max_length=12, description=(
            "The days of the plan (1 to 14) kept for the week's reflection, with no experiment on "
            "them; each week (days 1 to 7, 8 to 14) ends with at least one. Every other day is a "
            "working day: once a reader sets a start date, working days fall on Monday to Friday "
            "whatever the start, so no 'days' of a step may name a reflection day. Default: 6, 7, 13, 14."))
