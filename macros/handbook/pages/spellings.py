"""The other spelling of a word: British and American, and a hyphenated word written as one.

The handbook writes British English ("prioritise", "organisation") but quotes some American
("skeptical"); a reader types either. A page lists, out of sight, the other spellings of the
words it uses, so Material's search (which matches whole words, without stemming) finds it
either way. The table names whole words, so no rule turns "advise" or "exercise" into nonsense.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

# British stem -> American stem, and the endings each takes.
_IZE = ("apologis", "authoris", "capitalis", "categoris", "centralis", "characteris", "criticis",
        "customis", "emphasis", "energis", "familiaris", "finalis", "formalis", "generalis",
        "harmonis", "idealis", "incentivis", "institutionalis", "internalis", "legitimis", "localis",
        "maximis", "memoris", "minimis", "mobilis", "modernis", "neutralis", "normalis",
        "operationalis", "optimis", "organis", "penalis", "personalis", "prioritis", "rationalis",
        "realis", "recognis", "scrutinis", "socialis", "specialis", "stabilis", "standardis",
        "summaris", "sympathis", "synchronis", "utilis", "visualis", "jeopardis", "strategis")
_IZE_ENDINGS = ("e", "es", "ed", "ing", "ation", "ations", "er", "ers")
_OUR = ("behaviour", "colour", "endeavour", "favour", "harbour", "honour", "humour", "labour",
        "neighbour", "rumour", "flavour")
_OUR_ENDINGS = ("", "s", "ed", "ing", "al", "able", "ite", "ites")
_YSE = ("analys", "paralys", "catalys")
_YSE_ENDINGS = ("e", "es", "ed", "ing")
_PAIRS = {
    "sceptic": "skeptic", "sceptics": "skeptics", "sceptical": "skeptical", "sceptically": "skeptically",
    "scepticism": "skepticism", "centre": "center", "centres": "centers", "centred": "centered",
    "defence": "defense", "offence": "offense", "licence": "license", "pretence": "pretense",
    "programme": "program", "programmes": "programs", "catalogue": "catalog", "dialogue": "dialog",
    "travelled": "traveled", "travelling": "traveling", "cancelled": "canceled", "cancelling": "canceling",
    "labelled": "labeled", "labelling": "labeling", "modelled": "modeled", "modelling": "modeling",
    "signalled": "signaled", "signalling": "signaling", "levelled": "leveled", "fuelled": "fueled",
    "enrol": "enroll", "enrolment": "enrollment", "fulfil": "fulfill", "fulfilment": "fulfillment",
    "instil": "instill", "judgement": "judgment", "acknowledgement": "acknowledgment",
    "practise": "practice", "practised": "practiced", "practising": "practicing", "practises": "practices",
    "grey": "gray", "learnt": "learned", "spelt": "spelled", "burnt": "burned", "towards": "toward",
    "focussed": "focused", "focussing": "focusing", "manoeuvre": "maneuver", "storey": "story",
}


@lru_cache(maxsize=1)
def spelling_pairs() -> dict[str, str]:
    """Each word with a spelling of its own on the other side of the Atlantic, both ways."""
    pairs = dict(_PAIRS)
    for stem in _IZE:
        pairs.update({stem + e: stem[:-1] + "z" + e for e in _IZE_ENDINGS})
    for word in _OUR:
        pairs.update({word + e: word[:-2] + "r" + e for e in _OUR_ENDINGS})
    for stem in _YSE:
        pairs.update({stem + e: stem[:-1] + "z" + e for e in _YSE_ENDINGS})
    return {**pairs, **{american: british for british, american in pairs.items()}}


_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def other_spellings(texts: Iterable[str], *, held_too: bool = False) -> list[str]:
    """The words a reader might type for the words of `texts` but that `texts` do not hold (or, with
    `held_too`, whether they hold them or not): the other spelling of each, and each hyphenated word
    written as one ("buy-in", "buyin")."""
    words = set()
    for text in texts:
        words.update(_WORD.findall(text.lower().replace("\u2019", "'")))
    parts = {part for word in words for part in word.split("-")}
    found = set()
    pairs = spelling_pairs()
    for word in words | parts:
        if word in pairs:
            found.add(pairs[word])
        if "-" in word:
            found.add(word.replace("-", ""))
    return sorted(found if held_too else found - words - parts)
