"""A story: one ask told whole, moment by moment, as a post describes it."""

from __future__ import annotations

from pydantic import Field

from handbook.schema.items import Strict
from handbook.schema.values import ID_DESCRIPTION, Id, Line, Text


class StoryMoment(Strict):
    """One moment of a story: what was said or done, what came back, and what it shows."""

    said: Text = Field(description="What was said or done at this moment, in the handbook's words.")
    answered: Text | None = Field(default=None, description=(
        "What the other person answered, where the post tells it; leave it out where the post does not."))
    shows: list[Id] = Field(max_length=4, default=[], description=(
        "Ids of the framing patterns, anti-patterns, motivators, gains or principles this moment shows; every moment "
        "names at least one, and the story links to each."))


class Story(Strict):
    """One ask told whole, from its start to how it ended, as a post describes it."""

    id: Id = Field(description=ID_DESCRIPTION)
    title: Line = Field(description="A short name for the story, e.g. 'One ask, from the pitch to the manager'.")
    source: Id = Field(description=(
        "The id of the post the story follows (one of the playbook's 'sources'); a story tells only "
        "what that post describes, with names and details added only to make it concrete."))
    setting: Text = Field(description="Who needs what from whom, and why, before the first moment.")
    moments: list[StoryMoment] = Field(min_length=2, max_length=10, description=(
        "The moments of the ask, in order: what was said, what the other person answered, and what it shows."))
    ending: Text = Field(description="How it ended, as far as the post tells it.")
    situations: list[Id] = Field(max_length=6, default=[], description=(
        "Ids of the situations the story answers; their pages show it."))
