"""Said twice: a sentence of eight words or more that appears in two places of the handbook's prose.

Text is compared after lower-casing and dropping punctuation, so a repeat with other commas or
quotes is still found; each sentence is hashed once, so the cost grows with the text, never
with the square of the number of items.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from handbook.check.blame import Blame
from handbook.problems import Problem, shown
from handbook.schema.annotations import PROSE, marked_fields
from handbook.schema.models import Playbook
from handbook.source.yamlsource import Loc

P = TypeVar("P")

MIN_WORDS = 8
# One pass of str.translate: a sentence end becomes a break, other punctuation a space, so
# sentences compare by their words alone.
_BREAK = "\x00"
_START = "\x01"  # begins the first part of each text in `_split`; no playbook text holds it
_NORMAL = str.maketrans({**{ch: " " for ch in "\"#$%&()*+,-/:;<=>@[\\]^_`{|}~\u2013\u2014\u2018\u201c\u201d"},
                         **{ch: _BREAK for ch in ".!?\u2026"}, "\u2019": "'"})


@dataclass(frozen=True)
class Repeat(Generic[P]):
    """A sentence said at `again` that was already said at `first`."""

    sentence: str
    first: P
    again: P


def sentences(text: str) -> list[str]:
    """Each sentence of `text` long enough to count, as its words in lower case, space-separated."""
    return [words for _, words in _split([(None, text)])]


def repeats(texts: Iterable[tuple[P, str]]) -> list[Repeat[P]]:
    """Every sentence said again, at its second place, naming the first; a place repeating itself counts too."""
    return _repeated(_split(list(texts)))


def prose_sentences(data: object) -> list[tuple[Loc, str]]:
    """Each sentence of a playbook's prose (its raw data), with the location of the text that holds it."""
    return _split(_long_strings(data, ()))


def _split(texts: list[tuple[P, str]]) -> list[tuple[P, str]]:
    """Each sentence long enough to count of each text, with the text's place.

    The texts are joined and split in one pass (a third faster at 1000 playbooks than one text at
    a time): each is joined after a break and a mark that starts its first part.
    """
    joined = (_BREAK + _START).join(text for _, text in texts).lower().translate(_NORMAL)
    found = []
    index = -1
    for part in (_START + joined).replace("\n\n", _BREAK).split(_BREAK):
        if part.startswith(_START):
            index += 1
            part = part[1:]
        words = part.split()
        if len(words) >= MIN_WORDS:
            found.append((texts[index][0], " ".join(words)))
    return found


class SaidTwice:
    """Every sentence of the playbooks said a second time, located there and naming the first place,
    found one playbook at a time, so that a check can look while it loads the files.

    Each playbook is a LoadedPlaybook: its `path`, its `prose` (sentences, read once per file) and
    its `doc`, whose positions are looked up only for a repeat.
    """

    def __init__(self, blame: Blame | None = None) -> None:
        self._blame = blame
        self._seen: dict[str, tuple[object, Loc]] = {}
        self._found: list[Repeat[tuple[object, Loc]]] = []

    def add(self, playbook: object) -> None:
        sentences = playbook.prose  # type: ignore[attr-defined]
        _repeated((((playbook, loc), words) for loc, words in sentences), self._seen, self._found)

    def problems(self) -> list[Problem]:
        """Each repeat of the playbooks added so far, at its second place."""
        problems = []
        for repeat in self._found:
            here, there = repeat.again, repeat.first
            if self._blame is not None and self._blame.blames_first(_file(there), _file(here)):
                here, there = there, here
            path, line, col = _at(there)
            quoted = repeat.sentence if len(repeat.sentence) <= 70 else repeat.sentence[:67] + "..."
            what = there[0].describe(there[1])  # type: ignore[attr-defined]
            problems.append(Problem(*_at(here), f"this sentence is also said in {what} at {path}:{line}:{col} "
                                                f"({shown(quoted)}); say it once: use that item by its id, "
                                                "or say something new here"))
        return problems


def _file(place: tuple[object, Loc]) -> Path | None:
    return getattr(place[0], "file", None)


def _at(place: tuple[object, Loc]) -> tuple[str, int, int]:
    playbook, loc = place
    return (playbook.path, *playbook.doc.position(loc))  # type: ignore[attr-defined]


def _repeated(sentences_at: Iterable[tuple[P, str]], seen: dict[str, P] | None = None,
              found: list[Repeat[P]] | None = None) -> list[Repeat[P]]:
    """Each sentence said again, added to `found`; `seen` holds each sentence's first place so far."""
    seen = {} if seen is None else seen
    found = [] if found is None else found
    for place, words in sentences_at:
        if words in seen:
            found.append(Repeat(words, seen[words], place))
        else:
            seen[words] = place
    return found


# The fields that hold prose, where a repeat means something said twice: those the models mark PROSE.
PROSE_FIELDS = marked_fields(Playbook, PROSE)


def _long_strings(value: object, loc: Loc, found: list[tuple[Loc, str]] | None = None) -> list[tuple[Loc, str]]:
    """The prose under `value` with room for a sentence that counts, with its locations (added to `found`)."""
    found = [] if found is None else found
    if isinstance(value, dict):
        for key, entry in value.items():
            if key not in PROSE_FIELDS:
                if isinstance(entry, (dict, list)):
                    _long_strings(entry, (*loc, key), found)
            elif isinstance(entry, str):
                if entry.count(" ") >= MIN_WORDS - 1:
                    found.append(((*loc, key), entry))
            elif isinstance(entry, list):
                found += [((*loc, key, index), text) for index, text in enumerate(entry)
                          if isinstance(text, str) and text.count(" ") >= MIN_WORDS - 1]
    elif isinstance(value, list):
        for index, entry in enumerate(value):
            if isinstance(entry, (dict, list)):
                _long_strings(entry, (*loc, index), found)
    return found
