"""The fixed vocabularies: who a page is for, the moments of a conversation, who stands across
from the reader, and the kinds of reference; each Literal beside the names the pages give it."""

from __future__ import annotations

from typing import Literal, get_args

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
