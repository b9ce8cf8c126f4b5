"""The playbook schema, declared once: the playbook and its kinds of item.

The checker, the JSON Schema for editors, the field reference page and the `handbook new`
scaffold all read these models; nothing else restates the field list. The values fields hold are
in values.py, the fixed vocabularies in names.py, the items in items.py, the plan in plans.py and
the story in stories.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import BaseModel, Discriminator, Field, Tag

from handbook.problems import indefinite
from handbook.schema.items import (
    PHRASE_DESCRIPTION,
    AntiPattern,
    Exercise,
    Gain,
    Item,
    Motivator,
    Pattern,
    Principle,
    Question,
    Reference,
    Reply,
    Script,
    Situation,
    Source,
    Strict,
    Term,
    WhenNotToUse,
)
from handbook.schema.names import Audience
from handbook.schema.plans import Experiment, ExperimentStep
from handbook.schema.stories import Story, StoryMoment
from handbook.schema.values import Id, Line

REF_TAG = "id-reference"


DEF_TAG = "definition"


def _ref_or_definition(value: Any) -> str:
    return REF_TAG if isinstance(value, str) else DEF_TAG


def _ref_or(model: type[BaseModel]) -> Any:
    return Annotated[
        Annotated[Id, Tag(REF_TAG)] | Annotated[model, Tag(DEF_TAG)],
        Discriminator(_ref_or_definition),
    ]


def _uses(kind: str) -> str:
    return f"Each entry defines {indefinite(kind)} (a mapping with an id) or uses one defined elsewhere by its id."


class Playbook(Strict):
    """One playbook: what to do when you need peers to commit to work you cannot assign."""

    title: Line = Field(description="The playbook's name.")
    summary: Line = Field(description="One line: what the playbook helps a reader do.")
    order: int = Field(
        default=100, ge=0, le=1000, description="Position in reading order; lower comes first."
    )
    audience: list[Audience] = Field(max_length=4,
        min_length=1,
        description="Who it is for: senior-ic, tech-lead, manager, project-lead.",
    )
    tags: list[Id] = Field(max_length=10, default=[], description="Topic tags: lower-case words and hyphens.")
    phrases: list[Line] = Field(max_length=12, default=[], description=PHRASE_DESCRIPTION)
    situations: list[_ref_or(Situation)] = Field(max_length=20,  # type: ignore[valid-type]
        min_length=1, description=f"The situations it serves, in a reader's words. {_uses('situation')}"
    )
    sources: list[_ref_or(Source)] = Field(max_length=10,  # type: ignore[valid-type]
        min_length=1, description=f"The posts, books or talks it distils. {_uses('source')}"
    )
    motivators: list[_ref_or(Motivator)] = Field(max_length=30,  # type: ignore[valid-type]
        default=[], description=f"Why a peer would say yes (their reasons, not yours). {_uses('motivator')}"
    )
    gains: list[_ref_or(Gain)] = Field(max_length=20,  # type: ignore[valid-type]
        default=[], description=f"What you, the reader, gain by working this way. {_uses('gain')}"
    )
    principles: list[_ref_or(Principle)] = Field(max_length=10,  # type: ignore[valid-type]
        default=[], description=("Principles of influence (reciprocity, social proof, ...): how people tend to "
                                 f"respond. {_uses('principle')}")
    )
    patterns: list[_ref_or(Pattern)] = Field(max_length=30,  # type: ignore[valid-type]
        min_length=1, description=f"Framing patterns and tactics. {_uses('pattern')}"
    )
    anti_patterns: list[_ref_or(AntiPattern)] = Field(max_length=30,  # type: ignore[valid-type]
        min_length=1, description=f"Habits that erode influence. {_uses('anti-pattern')}"
    )
    when_not_to_use: list[_ref_or(WhenNotToUse)] = Field(max_length=20,  # type: ignore[valid-type]
        min_length=1, description=f"When influence is the wrong tool. {_uses('case')}"
    )
    exercises: list[_ref_or(Exercise)] = Field(max_length=10,  # type: ignore[valid-type]
        min_length=1, description=f"Practice for this week. {_uses('exercise')}"
    )
    experiment: Experiment | None = Field(
        default=None, description="An optional two-week plan of experiments."
    )
    stories: list[_ref_or(Story)] = Field(min_length=1, max_length=6,  # type: ignore[valid-type]
        description=("Asks told whole, from a post: the moments, what was said and answered, "
                                 "and what each shows. Each entry defines a story or uses one defined "
                                 "elsewhere by its id; at least one follows one of this playbook's sources."))
    terms: list[Term] = Field(max_length=30, default=[], description=(
        "Words the glossary defines, each defined once in the whole handbook; pages link the first use."))
    in_short: list[Line] = Field(min_length=3, max_length=5, description=(
        "Three to five lines to remember, shown as 'In short' at the end of the playbook's page."))
    faq: list[Question] = Field(max_length=30, default=[], description="Questions readers ask, answered.")
    references: list[_ref_or(Reference)] = Field(max_length=30,  # type: ignore[valid-type]
        min_length=1, description=f"Books, blogs, articles and videos. {_uses('reference')}"
    )


@dataclass(frozen=True)
class Kind:
    """A kind of shared item: the playbook field that holds it and the index page that lists it."""

    field: str
    model: type[Item]
    slug: str
    title: str
    singular: str


KINDS: tuple[Kind, ...] = (
    Kind("situations", Situation, "situations", "Situations", "situation"),
    Kind("motivators", Motivator, "motivators", "Motivators", "motivator"),
    Kind("gains", Gain, "what-you-gain", "What you gain", "gain"),
    Kind("principles", Principle, "principles", "Principles of influence", "principle"),
    Kind("patterns", Pattern, "patterns", "Framing patterns", "framing pattern"),
    Kind("anti_patterns", AntiPattern, "anti-patterns", "Anti-patterns", "anti-pattern"),
    Kind("when_not_to_use", WhenNotToUse, "when-not-to-use", "When not to use influence", "case"),
    Kind("exercises", Exercise, "exercises", "Exercises", "exercise"),
    Kind("references", Reference, "references", "References", "reference"),
    Kind("sources", Source, "sources", "Sources", "source"),
)


KIND_BY_FIELD = {kind.field: kind for kind in KINDS}


MODELS: dict[str, type[BaseModel]] = {
    model.__name__: model
    for model in (Playbook, Situation, Source, Motivator, Gain, Principle, Pattern, Script, Reply, AntiPattern,
                  WhenNotToUse, Exercise, Experiment, ExperimentStep, Question, Reference, Story, StoryMoment, Term)
}
