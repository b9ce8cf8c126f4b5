"""Reading the models' type annotations: what the checker's messages and the JSON Schema both need."""

from __future__ import annotations

import types
import typing
from typing import Any

from pydantic import BaseModel


def unwrap(annotation: Any) -> Any:
    """Strip Annotated and Optional, and pick the model out of an id-or-definition union."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            members = [a for a in typing.get_args(annotation) if a is not type(None)]
            models = [m for m in members if is_model(strip_annotated(m))]
            annotation = strip_annotated(models[0]) if models else members[0]
        else:
            return annotation


def strip_annotated(annotation: Any) -> Any:
    """The type inside any number of Annotated[...] wrappers."""
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    return annotation


def is_model(annotation: Any) -> bool:
    """Whether `annotation` is a pydantic model class."""
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


class Marker:
    """A mark on a model field, `name: Annotated[type, MARK] = Field(...)`, that other stages read
    back with `marked_fields`; validation and the JSON Schema ignore it."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"Marker({self.name!r})"


# Prose: text in which a sentence said again elsewhere in the handbook is a repeat (check/repeats.py).
# Titles, summaries and questions are one-liners that may rightly echo each other, and are not marked.
PROSE = Marker("prose")


def marked_fields(model: type[BaseModel], marker: Marker) -> frozenset[str]:
    """The names of the fields marked with `marker` in `model` and in every model beneath it."""
    found: set[str] = set()
    seen: set[type[BaseModel]] = set()

    def visit(current: type[BaseModel]) -> None:
        if current in seen:
            return
        seen.add(current)
        for name, info in current.model_fields.items():
            if any(meta is marker for meta in info.metadata):
                found.add(name)
            for inner in models_in(info.annotation):
                visit(inner)

    visit(model)
    return frozenset(found)


def models_in(annotation: Any) -> list[type[BaseModel]]:
    """Every model `annotation` names, inside lists, unions and Annotated at any depth."""
    if is_model(annotation):
        return [annotation]
    return [model for arg in typing.get_args(annotation) for model in models_in(arg)]
