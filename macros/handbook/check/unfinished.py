"""What `handbook new` leaves for the contributor to write: every `TODO` text, every id it made up
(`todo-...`) and every `example.com` link is a located error until it is replaced, so an untouched
scaffold never passes.
"""

from __future__ import annotations

import json
import re
from typing import Any

from pydantic import BaseModel

from handbook.schema.values import EXAMPLE_ADDRESS, TODO_TEXT
from handbook.source.yamlsource import Loc

TODO = re.compile(f"^{TODO_TEXT}")
PLACEHOLDER_ID = re.compile(r"todo-[a-z0-9-]*")
EXAMPLE_LINK = re.compile(f"^{EXAMPLE_ADDRESS}", re.IGNORECASE)
# What every EXAMPLE_LINK match holds, once lower-cased (a literal start, so searched quickly).
_EXAMPLE_WORD = re.compile(r"example\.(?:com|org|net)")


def may_be_unfinished(data: object, source: str | None = None) -> bool:
    """False when no text in a playbook's raw data could hold a placeholder, so that
    `unfinished_fields` need not walk its model: both placeholders need words no text has then.

    The models only strip whitespace from the raw texts, which cannot make either word appear.
    Given the YAML `source` the data was read from, a source without either word and without a
    backslash answers at once: YAML makes a text's characters from the same characters of the
    source (folding a line break gives a space), except through an escape, which needs one.
    """
    if source is not None and "\\" not in source and "TODO" not in source and "todo-" not in source \
            and not _EXAMPLE_WORD.search(source.lower()):
        return False
    try:
        text = json.dumps(data, ensure_ascii=False, default=str)
    except (TypeError, ValueError, RecursionError):  # data JSON cannot hold: look at the model
        return True
    return "TODO" in text or "todo-" in text or _EXAMPLE_WORD.search(text.lower()) is not None


def unfinished_fields(model: BaseModel, loc: Loc = ()) -> list[tuple[Loc, str]]:
    """Each value under `model` still holding a scaffold's placeholder: its location and what to write."""
    found: list[tuple[Loc, str]] = []
    fields = type(model).model_fields
    for name, info in fields.items():
        value = getattr(model, name)
        what = (info.description or "").rstrip(".")
        for place, text in _texts(value, (*loc, name)):
            if TODO.match(text):
                found.append((place, f"'{name}' still holds the TODO from 'handbook new'; write {_lower(what)}"))
            elif PLACEHOLDER_ID.fullmatch(text):
                found.append((place, f"'{text}' is a placeholder id from 'handbook new'; give the item an id of "
                                     "its own, and write that id here and wherever this one is named"))
            elif name == "link" and EXAMPLE_LINK.match(text):
                found.append((place, "'link' is the example address from 'handbook new'; give the real address "
                                     "of the source, or delete the line"))
        if isinstance(value, BaseModel):
            found.extend(unfinished_fields(value, (*loc, name)))
        elif isinstance(value, list):
            for index, entry in enumerate(value):
                if isinstance(entry, BaseModel):
                    found.extend(unfinished_fields(entry, (*loc, name, index)))
    return found


def _texts(value: Any, loc: Loc) -> list[tuple[Loc, str]]:
    if isinstance(value, str):
        return [(loc, value)]
    if isinstance(value, list):
        return [((*loc, index), entry) for index, entry in enumerate(value) if isinstance(entry, str)]
    return []


def _lower(text: str) -> str:
    return text[:1].lower() + text[1:] if text else "the value"
