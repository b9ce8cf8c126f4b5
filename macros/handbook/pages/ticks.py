"""The keys a reader's ticks and notes are stored under: stable ids from the playbooks, never text.

A tick on the two-week plan is `d<day>.<experiment id>`, a step of an exercise `step.<position>`, a
line of the 'before you ask' checklist `item.<pattern id>`; notes are `note.d<day>`,
`reflect.w<week>` and, on an exercise, `reflect.<position>`. Rewording an entry keeps its key, and
so its tick; removing it drops the tick. Each entry also names the key the first stored format
used (a hash of its text), so ticks saved before the change are carried over.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from markupsafe import Markup

KEY_RE = re.compile(r"(?:d(?:[1-9]|1[0-4])\.|step\.|item\.|note\.d|reflect\.w?)[a-z0-9]+(?:-[a-z0-9]+)*")
# How long a note may be: as much as its space on the printed page holds (see print.css).
NOTE_LIMITS = {"note": 100, "reflect.w": 180, "reflect": 180}


@dataclass(frozen=True)
class Tick:
    """A box to tick: its stable key, its key in the first stored format, and its text."""

    key: str
    legacy: str
    text: str


def legacy_key(text: str) -> str:
    """The key the first stored format used for an entry: a hash of its text."""
    return hashlib.sha256(" ".join(str(text).split()).encode()).hexdigest()[:12]


def stable_key(value: str) -> Markup:
    """A tick or note key, checked, fit for an HTML attribute."""
    if not KEY_RE.fullmatch(value):
        raise ValueError(f"not a tick or note key: {value!r}")
    return Markup(value)  # noqa: S704 - matched the key pattern


def step_ticks(steps: list[str]) -> list[Tick]:
    """An exercise's steps, by position."""
    return [Tick(f"step.{n}", legacy_key(text), text) for n, text in enumerate(steps, start=1)]


def item_ticks(lines: list[tuple[str, str]]) -> list[Tick]:
    """Lines that each come from an item: (item id, text)."""
    return [Tick(f"item.{item_id}", legacy_key(text), text) for item_id, text in lines]


def plan_tick(day: int, step_id: str, title: str) -> Tick:
    """An experiment on one day of the plan."""
    return Tick(f"d{day}.{step_id}", f"day{day}-{legacy_key(title)}", title)


def note_limit(key: str) -> int:
    """How many characters the note under `key` may hold."""
    if key.startswith("note."):
        return NOTE_LIMITS["note"]
    if key.startswith("reflect.w"):
        return NOTE_LIMITS["reflect.w"]
    return NOTE_LIMITS["reflect"]
