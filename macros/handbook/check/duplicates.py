"""Entries a list holds twice.

A repeated entry says nothing new, and on a page it repeats a heading, an anchor or a tick box:
every list of a playbook is checked, nested ones included, with the second copy located.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from handbook.problems import shown
from handbook.source.yamlsource import Loc


def duplicate_entries(model: BaseModel, loc: Loc = ()) -> list[tuple[Loc, str]]:
    """Each entry of each list under `model` that repeats an earlier one: its location and a message."""
    found: list[tuple[Loc, str]] = []
    # A model's fields are its __dict__ (the models forbid extras), read without pydantic's accessors.
    for name, value in model.__dict__.items():
        if isinstance(value, BaseModel):
            found.extend(duplicate_entries(value, (*loc, name)))
        elif isinstance(value, list):
            first: dict[Any, int] = {}
            for index, entry in enumerate(value):
                key = _identity(entry)
                if key in first:
                    found.append(((*loc, name, index),
                                  f"{_describe(entry)} is listed twice in '{name}' (first as entry "
                                  f"{first[key] + 1}); delete this one"))
                else:
                    first[key] = index
                if isinstance(entry, BaseModel):
                    found.extend(duplicate_entries(entry, (*loc, name, index)))
    return found


def _identity(entry: Any) -> Any:
    """What makes two entries the same: an item's id, or the whole value."""
    if isinstance(entry, BaseModel):
        item_id = getattr(entry, "id", None)
        return item_id if item_id is not None else entry.model_dump_json()
    return entry


def _describe(entry: Any) -> str:
    if isinstance(entry, BaseModel):
        item_id = getattr(entry, "id", None)
        return f"id {shown(item_id)}" if item_id is not None else "the same entry"
    return shown(entry)
