"""The playbook schema, declared once.

The checker, the JSON Schema for editors, the field reference page and the `handbook new`
scaffold all read these models; nothing else restates the field list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated, Any, Literal, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    GetJsonSchemaHandler,
    StringConstraints,
    Tag,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError

from handbook.problems import indefinite
from handbook.schema.annotations import PROSE
from handbook.schema.ids import ID_HELP, ID_PATTERN
from handbook.source.characters import DAMAGED, REFUSED_CLASS

ID_DESCRIPTION = "Unique id across the handbook: lower-case letters, digits and hyphens."

# The placeholders `handbook new` writes, held once: the checker (check/unfinished.py) and the
# editors' JSON Schema both read them.
TODO_TEXT = r"\s*TODO\b"
EXAMPLE_ADDRESS = r"[a-z]+://(?:[^/]*\.)?example\.(?:com|org|net)(?:[:/]|$)"

# What the checker says in words, given to editors too: the JSON Schema carries each rule a
# pattern can state with a message of its own (yaml-language-server shows `patternErrorMessage`
# instead of the raw pattern). The patterns read alike in Python and ECMAScript.
_TEXT_RULES = {"allOf": [
    {"pattern": f"^(?!{TODO_TEXT})", "patternErrorMessage": "Still the TODO from 'handbook new': write the text."},
    {"pattern": f"^[^{REFUSED_CLASS}]*$",
     "patternErrorMessage": "Holds a control, line-separator, private-use or direction-changing character "
                            "that some tools do not show; remove it."},
    {"pattern": f"^(?![\\s\\S]*(?:{DAMAGED}))",
     "patternErrorMessage": "Holds copy-paste damage ('â€™' for an apostrophe, 'Ã©' for 'é', a stray 'Â') "
                            "or a non-breaking space; retype it."},
]}



class ForEditors:
    """JSON Schema keywords added to those pydantic derives from a type; validation ignores them."""

    def __init__(self, **keywords: Any) -> None:
        self.keywords = keywords

    def __get_pydantic_json_schema__(self, core_schema: Any, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        return {**handler(core_schema), **self.keywords}


Id = Annotated[str, StringConstraints(pattern=ID_PATTERN, min_length=1, max_length=64),
               ForEditors(patternErrorMessage=f"An id uses {ID_HELP}.",
                          allOf=[{"pattern": "^(?!todo-)", "patternErrorMessage": "Still a placeholder id from "
                                  "'handbook new': give the item an id of its own."}])]
Line = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300, pattern=r"^[^\n]*$"),
    ForEditors(patternErrorMessage="One line only: no line breaks.", **_TEXT_RULES),
]
def _true_or_false(value: Any) -> Any:
    """YAML 1.2's true and false only: 'yes', 'on' or 'y' read as false by one tool and true by
    another, and the editors' YAML (1.2) already marks them."""
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    if isinstance(value, bool):
        return value
    raise PydanticCustomError("bool_parsing", "must be true or false")


# A yes-or-no field, written `true` or `false`.
Flag = Annotated[bool, BeforeValidator(_true_or_false)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=5000),
                 ForEditors(**_TEXT_RULES)]

LINK_SCHEMES = ("https", "http", "mailto")
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_HOST = rf"{_LABEL}(?:\.{_LABEL})*"
# RFC 3986's unreserved and reserved characters, and percent escapes: nothing a browser or
# Markdown would read as something else.
_URL_TEXT = r"(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9A-Fa-f]{2})*"
WEB_LINK = re.compile(rf"https?://{_HOST}(?::[0-9]{{1,5}})?(?:/{_URL_TEXT})?(?:\?{_URL_TEXT})?(?:#{_URL_TEXT})?")
MAIL_LINK = re.compile(rf"mailto:[A-Za-z0-9._%+-]+@{_HOST}(?:\?{_URL_TEXT})?")
LINK_HELP = "a link is a full address: https://..., http://... or mailto:..."


def check_link(value: str) -> str:
    """Allow only well-formed https://, http:// and mailto: addresses of plain ASCII characters.

    Anything else (another scheme, a character reference like '&colon;', a percent-encoded or
    full-width colon, a backslash, a relative path) is refused: a browser may read such a link
    differently from the checker. A relative path would also resolve differently on each page
    that shows the item, so it is refused too.
    """
    # Every white space but the space itself is unprintable to Python, and so is every control.
    if " " in value or not value.isprintable():
        raise ValueError(f"a link must not contain spaces or control characters; {LINK_HELP}")
    if not value.isascii():
        raise ValueError(f"a link must be plain ASCII: percent-encode other characters, and write an "
                         f"international host name in its xn-- form; {LINK_HELP}")
    if "\\" in value:
        raise ValueError(f"a link must not contain a backslash; {LINK_HELP}")
    scheme = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):", value)
    guess = _with_scheme(value)
    if guess and (scheme is None or scheme.group(1) not in LINK_SCHEMES):
        raise ValueError(f"not a full address: it lacks its 'https://'; did you mean {guess}?")
    if scheme is None:
        raise ValueError(f"not a full address; {LINK_HELP} (relative links are not allowed, since an "
                         "item is shown on pages at different depths)")
    if scheme.group(1) not in LINK_SCHEMES:
        raise ValueError(f"links may use https://, http:// or mailto:, not '{scheme.group(0)}'")
    pattern = MAIL_LINK if scheme.group(1) == "mailto" else WEB_LINK
    if not pattern.fullmatch(value):
        example = "mailto:name@example.org" if scheme.group(1) == "mailto" else "https://example.org/page"
        raise ValueError(f"not a well-formed address (like '{example}'): a host name of letters, digits, "
                         "dots and hyphens, then a path of URL characters with '%' escapes")
    return value


def _with_scheme(value: str) -> str | None:
    """`value` as a full address, when it reads like one written without its scheme
    ('example.org/x', 'www.example.org', '//example.org/x'); else None."""
    rest = value.removeprefix("//")
    host = re.split(r"[/:?#]", rest, maxsplit=1)[0]
    if "." not in host or not re.search(r"\.[A-Za-z]{2,}$", host):
        return None
    guess = f"https://{rest}"
    return guess if WEB_LINK.fullmatch(guess) else None


LINK_PATTERN = rf"^(?:{WEB_LINK.pattern}|{MAIL_LINK.pattern})$"
Link = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000),
                 AfterValidator(check_link),
                 ForEditors(**{
                     "pattern": LINK_PATTERN,
                     "patternErrorMessage": "A link is a full address (https://..., http://... or mailto:...) "
                                            "with a host name of letters, digits, dots and hyphens, all in "
                                            "plain ASCII; relative links are not allowed.",
                     "allOf": [{"pattern": f"^(?!{EXAMPLE_ADDRESS})",
                                "patternErrorMessage": "Still the example address from 'handbook new': give "
                                                       "the real address, or delete the line."}],
                 })]

Audience = Literal["senior-ic", "tech-lead", "manager", "project-lead"]
# How each audience is named on the pages, in the order they are listed (checked against the
# Literal at import, with the moments and counterparts below).
AUDIENCE_NAMES: dict[str, str] = {
    "senior-ic": "Senior ICs",
    "tech-lead": "Tech leads",
    "manager": "Managers",
    "project-lead": "Project leads",
}
ReferenceKind = Literal["book", "blog", "article", "video", "talk", "podcast"]


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
            "an item a source supports goes in 'handbook_adds'."))
    handbook_adds: Annotated[Text | None, PROSE] = Field(default=None, description=(
        "The handbook's own advice about the item, beyond what its posts say: shown apart, under "
        "'The handbook adds', credited to the handbook's editors. The rest of the item says only what "
        "its posts support."))


Moment = Literal["opening-an-ask", "after-a-no", "with-a-manager", "handing-over", "inviting-in",
                 "winning-support", "with-your-team", "keeping-relationships", "giving-credit"]
Across = Literal["peer", "another-team", "own-team", "yourself"]
# How the pages name each moment (the phrasebook's groups) and each counterpart (the situations'
# groups), in the order they are shown: held beside their Literals, and the import fails if they part.
MOMENT_NAMES: dict[str, str] = {
    "opening-an-ask": "Opening an ask",
    "after-a-no": "After a no, or a pause",
    "with-a-manager": "With a manager, theirs or yours",
    "handing-over": "Handing work over",
    "inviting-in": "Inviting someone in",
    "winning-support": "Winning support for a change",
    "with-your-team": "With your own team",
    "keeping-relationships": "Building and keeping relationships",
    "giving-credit": "Giving credit",
}
ACROSS_NAMES: dict[str, str] = {
    "peer": "A peer",
    "another-team": "Another team",
    "own-team": "Your own team",
    "yourself": "Yourself",
}
for _names, _literal in ((AUDIENCE_NAMES, Audience), (MOMENT_NAMES, Moment), (ACROSS_NAMES, Across)):
    if tuple(_names) != get_args(_literal):
        raise ImportError(f"{_literal} and the names the pages give it must list the same values, in order")
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


# A plan's weekends, when its YAML does not say: days 1 and 8 are Mondays for a Monday start.
DEFAULT_REFLECTION_DAYS = (6, 7, 13, 14)


class ExperimentStep(Strict):
    """One experiment of a multi-day plan, and the days it runs on."""

    id: Id = Field(description=ID_DESCRIPTION)
    title: Line = Field(description="What to do, as an instruction.")
    body: Text | None = Field(default=None, description="How to do it and what to note.")
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
