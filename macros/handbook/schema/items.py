"""The items a playbook defines, or reuses by id from another: situations, motivators, gains,
principles, framing patterns with their lines to say, anti-patterns, cases, exercises, references,
questions, sources and glossary terms."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from handbook.schema.annotations import PROSE
from handbook.schema.names import Across, Audience, Moment, ReferenceKind
from handbook.schema.values import ID_DESCRIPTION, Flag, Id, Line, Link, Text


class Strict(BaseModel):
    """Every model refuses unknown fields, so a misspelt field is an error, not a silent loss."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Item(Strict):
    """Something a page links to: it has an id, unique across the handbook."""

    id: Id = Field(description=ID_DESCRIPTION)
    title: Line = Field(description="A short name, shown as the item's heading.")


CREDIT_DESCRIPTION = ("Ids of the sources it draws on (see 'sources'), shown with it and listing it on the "
                      "Sources page; 'handbook-editors' marks the handbook's own advice.")


# The source that credits the handbook's own advice; 'The handbook adds' links to it.
EDITORS = "handbook-editors"


def _one_voice(sources: list[str]) -> list[str]:
    """An item is either a post's (or other source's) or the handbook's own: never both at once, so
    a reader can tell which sentence is whose."""
    if EDITORS in sources and len(set(sources)) > 1:
        others = ", ".join(f"'{s}'" for s in sources if s != EDITORS)
        raise ValueError(f"credits {others} and '{EDITORS}' together, so no reader can tell which sentence "
                         f"is whose; drop '{EDITORS}' and put the handbook's own advice in 'handbook_adds' "
                         f"(shown as 'The handbook adds'), or credit '{EDITORS}' alone if no source "
                         "supports the item")
    return sources


class Credited(Item):
    """An item that says which sources it draws on."""

    sources: Annotated[list[Id], AfterValidator(_one_voice)] = Field(
        min_length=1, max_length=6, description=CREDIT_DESCRIPTION + (
            f" An item credits its sources or '{EDITORS}', not both: the handbook's own advice about "
            "an item a source supports goes in 'handbook_adds'."),
        # The same rule for editors: not both the handbook's editors and any other source.
        json_schema_extra={"not": {"allOf": [{"contains": {"const": EDITORS}},
                                             {"contains": {"not": {"const": EDITORS}}}]}})
    handbook_adds: Annotated[Text | None, PROSE] = Field(default=None, description=(
        "The handbook's own advice about the item, beyond what its posts say: shown apart, under "
        "'The handbook adds', credited to the handbook's editors. The rest of the item says only what "
        "its posts support."))


PHRASE_DESCRIPTION = ("Other ways a reader puts it, in their own words and spelling, e.g. 'pushback', "
                      "'they keep saying no'; search finds the page by them, and by their other spellings.")


class Reply(Strict):
    """Something a peer might answer to a line, and what answers it in turn."""

    they_say: Line = Field(description="What the peer might answer, in their words, e.g. 'It's mostly time'.")
    next: Id = Field(description="The id of the line to say next (a script's 'id'), or of the framing "
                                 "pattern that answers it.")


class Script(Strict):
    """A few words to say in a given moment of a conversation."""

    id: Id | None = Field(default=None, description="An id, so that a situation ('first_line') or a "
                                                    "reply ('next') can name this line; unique across the handbook.")
    when: Line = Field(description="The moment, e.g. 'the peer says they are swamped'.")
    say: Annotated[Text, PROSE] = Field(description="What you might say, in your own words.")
    moment: Moment = Field(description=(
        "Where the phrasebook lists it: opening-an-ask, after-a-no, with-a-manager, handing-over, "
        "inviting-in, winning-support, with-your-team, keeping-relationships or giving-credit."))
    replies: list[Reply] = Field(max_length=6, default=[], description=(
        "Replies a peer might give to this line, each with the line or pattern that answers it; "
        "the situation pages draw them as a map."))


class Situation(Credited):
    """A problem a reader arrives with, in the words they would use."""

    across: Across = Field(description=(
        "Who stands across from the reader: peer, another-team, own-team or yourself; the home page "
        "and the situations page group situations by it."))
    first_line: Id = Field(description=(
        "The line to say first: a script's 'id', or a framing pattern's id for its first script. "
        "The situation's page opens with it, and follows its replies."))
    phrases: list[Line] = Field(min_length=3, max_length=12, description=PHRASE_DESCRIPTION + " At least three.")


class Motivator(Credited):
    """A reason a peer might say yes: theirs, never the reader's own gain or a principle of influence."""

    summary: Line = Field(description="One line: what draws a peer to the work.")
    body: Annotated[Text | None, PROSE] = Field(default=None, description="More on how to recognise and tap it.")
    ask_yourself: Line | None = Field(
        default=None, description="A question to ask yourself before you use this motivator."
    )


class Gain(Credited):
    """What you, the reader, gain by working this way: your own reason, beside the other person's."""

    summary: Line = Field(description="One line: what you gain, e.g. 'an early advocate for your next change'.")
    body: Annotated[Text | None, PROSE] = Field(default=None, description=(
        "How the gain comes about, as the source tells it."))
    ask_yourself: Line | None = Field(default=None, description=(
        "A question that helps you see the gain in your own work."))


class Principle(Credited):
    """A principle of influence: how people tend to respond (reciprocity, social proof, ...), to be
    used openly, never to trick."""

    summary: Line = Field(description="One line: how people tend to respond, e.g. 'People value what is limited'.")
    body: Annotated[Text | None, PROSE] = Field(default=None, description=(
        "What it means for an ask, and where its honest use ends."))
    ask_yourself: Line | None = Field(default=None, description="A question to ask yourself before you lean on it.")


class Pattern(Credited):
    """A way of framing or running an ask that tends to earn commitment."""

    summary: Line = Field(description="One line: what the pattern does.")
    body: Annotated[Text | None, PROSE] = Field(default=None, description="How it works and how to apply it.")
    watch_out: Annotated[Text | None, PROSE] = Field(
        default=None, description="When the pattern backfires or needs care."
    )
    scripts: list[Script] = Field(min_length=1, max_length=10,
                                  description="Things you might say while using the pattern: at least one.")
    before_you_ask: Line | None = Field(
        default=None,
        description="A line this pattern adds to the 'before you ask' checklist, "
                    "e.g. 'I can say what is in it for them'.",
    )


class AntiPattern(Credited):
    """A habit that erodes influence, and what to do instead."""

    summary: Line = Field(description="One line: what the habit looks like.")
    body: Annotated[Text | None, PROSE] = Field(default=None, description="Why it fails and what it costs.")
    instead: Annotated[Text, PROSE] = Field(description="What to do instead.")


class WhenNotToUse(Credited):
    """A case where influence is the wrong tool."""

    summary: Line = Field(description="One line: the case.")
    body: Annotated[Text | None, PROSE] = Field(default=None, description="Why influence fails here.")
    instead: Annotated[Text, PROSE] = Field(description="What to do instead.")


class Exercise(Credited):
    """A practice a reader can do this week."""

    summary: Line = Field(description="One line: what the exercise trains.")
    time: Line | None = Field(default=None, description="How long it takes, e.g. '30 minutes'.")
    first_week: Flag = Field(default=False, description=(
        "True when a newcomer can do it in their first week: under an hour (give 'time', e.g. "
        "'40 minutes'), with no network of their own yet, finished within the week."))
    prepare: list[Line] = Field(max_length=10, min_length=1, description="What to prepare before starting.")
    steps: Annotated[list[Text], PROSE] = Field(max_length=20, min_length=1,
                                                description="The steps, in order; each is ticked off.")
    notice: list[Line] = Field(max_length=10, default=[], description="What to pay attention to while doing it.")
    reflect: list[Line] = Field(max_length=10, min_length=1, description="Questions to answer afterwards.")
    scripts: list[Script] = Field(max_length=10, default=[], description="Things you might say, written fresh.")
    practises: list[Id] = Field(max_length=10,
        min_length=1, description="Ids of the patterns, motivators, gains and principles this exercise practises."
    )
    audience: list[Audience] = Field(max_length=4, default=[], description=(
        "Who can do it, when fewer than its playbooks' readers can: senior-ic, tech-lead, manager, "
        "project-lead. Leave it out to mean everyone its playbooks are for; the home page's route "
        "for a reader lists only exercises for them."))

    @model_validator(mode="after")
    def _first_week_fits_an_hour(self) -> Exercise:
        if not self.first_week:
            return self
        total = minutes(self.time) if self.time else None
        if total is None:
            raise ValueError("an exercise marked 'first_week: true' gives its 'time' in minutes, "
                             "e.g. 'time: 40 minutes'")
        if total > FIRST_WEEK_MINUTES:
            says = f"up to {total} minutes" if total < 10**6 else "far more than that"
            raise ValueError(f"an exercise marked 'first_week: true' takes at most an hour, but its 'time' "
                             f"says {says}; shorten it, or set 'first_week: false'")
        return self


FIRST_WEEK_MINUTES = 60


def minutes(time: str) -> int | None:
    """The most minutes a 'time' like '40 minutes', '20 to 30 minutes' or '1 hour 15 minutes' can mean."""
    text = re.sub(r"\d+\s*(?:to|-|\u2013|or)\s*(?=\d)", "", time.lower())  # a range counts as its upper end
    parts = re.findall(r"(\d+)\s*(hours?|minutes?|mins?)\b", text)
    if parts:
        return sum(int(n) * (60 if unit.startswith("hour") else 1) for n, unit in parts)
    if "half an hour" in text:
        return 30
    return 60 if re.search(r"\ban hour\b", text) else None


class Reference(Credited):
    """A book, blog, article or video worth reading next."""

    kind: ReferenceKind = Field(description="What it is: book, blog, article, video, talk or podcast.")
    author: Line = Field(description="Who wrote or made it.")
    link: Link | None = Field(default=None, description="Where to find it (https, http or mailto).")
    adds: Annotated[Text, PROSE] = Field(description="What it adds to this playbook.")


class Question(Strict):
    """A question readers ask, answered."""

    id: Id = Field(description=ID_DESCRIPTION)
    question: Line = Field(description="The question, as a reader would ask it.")
    answer: Annotated[Text, PROSE] = Field(description="The answer.")
    sources: list[Id] = Field(min_length=1, max_length=6, description=CREDIT_DESCRIPTION)


class Term(Strict):
    """A word a reader may not know, defined once for the glossary."""

    id: Id = Field(description=ID_DESCRIPTION + " The glossary's anchor for the term.")
    term: Line = Field(description="The word as pages use it, e.g. 'OKR' or 'pre-wire'.")
    means: Text = Field(description="What it means, in a sentence or two.")
    also: list[Line] = Field(max_length=6, default=[], description=(
        "Other forms pages use, e.g. 'OKRs', 'pre-wiring'; a page links the first of any of them."))
    sources: list[Id] = Field(max_length=6, default=[], description=CREDIT_DESCRIPTION)


class Source(Item):
    """A post, book or talk the handbook distils; items name it by id to say what they draw on."""

    title: Line = Field(description="The source's own title; for one without a title, the handbook's "
                                    "description of it (then set 'untitled: true').")
    untitled: Flag = Field(default=False, description="True when the source has no title of its own: "
                                                      "its title is then shown as the handbook's description.")
    author: Line | None = Field(default=None, description="Who wrote it, where known.")
    link: Link | None = Field(default=None, description="Where to read it, where known.")
