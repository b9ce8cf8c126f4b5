"""The field reference page (contributing/schema/): every field of every model, as the schema
declares it, with an example from the handbook's own playbooks."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from handbook.check.handbook import LoadedPlaybook
from handbook.pages.frontmatter import front_matter
from handbook.pages.render import render
from handbook.schema.jsonschema import field_rows
from handbook.schema.models import MODELS


def render_schema_reference(examples: list[dict[tuple[str, str], str]]) -> str:
    """The field reference: every field of every model, with an example from the handbook: the
    first one of the `examples` of each playbook in reading order (field_examples_of)."""
    rows = field_rows()
    models = [(model, [r for r in rows if r.model == model.__name__])
              for model in dict.fromkeys(MODELS[r.model] for r in rows)]
    first: dict[tuple[str, str], str] = {}
    for found in examples:
        for key, example in found.items():
            first.setdefault(key, example)
    return render("schema_reference.md.j2", front_matter=front_matter("Playbook fields", search={"exclude": True}),
                  models=models, examples=first)


def field_examples_of(playbook: LoadedPlaybook) -> dict[tuple[str, str], str]:
    """The first value each field of each model takes in a playbook, shortened for a table."""
    found: dict[tuple[str, str], str] = {}

    def visit(value: Any) -> None:
        if isinstance(value, list):
            for element in value:
                visit(element)
        elif isinstance(value, BaseModel):
            for name in type(value).model_fields:
                field_value = getattr(value, name)
                example = _example(field_value)
                if example:
                    found.setdefault((type(value).__name__, name), example)
                visit(field_value)

    visit(playbook.model)
    return found


def _example(value: Any) -> str:
    if isinstance(value, list):
        return _example(value[0]) if value else ""
    if isinstance(value, BaseModel) or value is None:
        return ""
    text = " ".join(str(value).split())
    return text if len(text) <= 60 else text[:57].rstrip() + "..."
