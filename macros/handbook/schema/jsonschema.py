"""What the models say, in other forms: the draft-7 JSON Schema, the scaffold, the field table."""

from __future__ import annotations

import json
import re
import types
import typing
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from handbook.schema.annotations import Marker, is_model, strip_annotated, unwrap
from handbook.schema.ids import ID_PATTERN
from handbook.schema.models import Playbook
from handbook.schema.values import Id, Line, Link, Text

SCHEMA_FILE = "schema/playbook.schema.json"
SCHEMA_URL = f"../docs/{SCHEMA_FILE}"
DRAFT_7 = "http://json-schema.org/draft-07/schema#"


def draft_7(model: type[BaseModel], schema_id: str) -> dict[str, Any]:
    """A model's JSON Schema in draft 7, which yaml-language-server and most validators read best
    (pydantic writes draft 2020-12, with `$defs`)."""
    schema = model.model_json_schema(ref_template="#/definitions/{model}")
    schema["definitions"] = schema.pop("$defs", {})
    return {"$schema": DRAFT_7, "$id": schema_id, **schema}


def schema_text(schema: dict[str, Any]) -> str:
    """A schema as the text of its committed and published file."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def json_schema() -> dict[str, Any]:
    """The playbook schema, for editors."""
    return draft_7(Playbook, "playbook.schema.json")


def json_schema_text() -> str:
    """The playbook schema as the text of the committed and published file."""
    return schema_text(json_schema())


@dataclass(frozen=True)
class FieldRow:
    """One field of one model, for the field reference page."""

    model: str
    name: str
    type: str
    required: bool
    description: str
    limits: str


def field_rows(model: type[BaseModel] = Playbook) -> list[FieldRow]:
    """Every field of `model` and of the models beneath it, each model once, depth first."""
    rows: list[FieldRow] = []
    seen: set[type[BaseModel]] = set()

    def visit(current: type[BaseModel]) -> None:
        if current in seen:
            return
        seen.add(current)
        nested = []
        for name, info in current.model_fields.items():
            rows.append(FieldRow(current.__name__, name, type_name(declared(info)),
                                 info.is_required(), info.description or "", limits(info)))
            inner = _inner_model(info.annotation)
            if inner is not None:
                nested.append(inner)
        for inner in nested:
            visit(inner)

    visit(model)
    return rows


def limits(info: FieldInfo) -> str:
    """What the checker allows beyond the type: lengths, counts, ranges, the link rules."""
    parts = []
    bounds = {type(m).__name__: m for m in info.metadata}
    if typing.get_origin(info.annotation) is list:
        low = getattr(bounds.get("MinLen"), "min_length", 0)
        high = getattr(bounds.get("MaxLen"), "max_length", None)
        count = f"{low} to {high} entries" if low and high and low != high else (
            f"exactly {high} entries" if low and high else f"at most {high} entries" if high else "")
        parts.append(f"{count}, none twice" if count else "no entry twice")
        element = typing.get_args(info.annotation)[0]
        text = _text_limits(element)
        if text:
            parts.append(f"each {text}")
    else:
        text = _text_limits(declared(info))
        if text:
            parts.append(text)
        if "Ge" in bounds and "Le" in bounds:
            parts.append(f"{bounds['Ge'].ge} to {bounds['Le'].le}")
    return "; ".join(parts)


def _text_limits(annotation: Any) -> str:
    annotation = _unwrap_optional(annotation)
    if annotation == Link:
        return "an https://, http:// or mailto: address in plain ASCII, at most 2000 characters"
    for alias, words in ((Line, "one line"), (Text, "text")):
        if annotation == alias:
            return f"{words}, at most {_max_length(alias)} characters"
    metadata = getattr(annotation, "__metadata__", ())
    if any(getattr(m, "pattern", None) == ID_PATTERN for m in metadata):
        return f"at most {_max_length(annotation)} characters"
    return ""


def _unwrap_optional(annotation: Any) -> Any:
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        members = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(members) == 1:
            return members[0]
    return annotation


def _max_length(annotation: Any) -> int | None:
    for meta in getattr(annotation, "__metadata__", ()):
        if getattr(meta, "max_length", None):
            return int(meta.max_length)
    return None


def declared(info: FieldInfo) -> Any:
    """A field's type as declared, with the constraints pydantic moved into its metadata (and
    without the marks other stages read, so a field marked PROSE still reads as `Text`)."""
    metadata = [meta for meta in info.metadata if not isinstance(meta, Marker)]
    if not metadata:
        return info.annotation
    return typing.Annotated[(info.annotation, *metadata)]  # type: ignore[valid-type]


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    annotation = unwrap(annotation)
    if typing.get_origin(annotation) is list:
        annotation = unwrap(typing.get_args(annotation)[0])
    return annotation if is_model(annotation) else None


def type_name(annotation: Any) -> str:
    """A reader's name for a field's type: 'text', 'list of Motivator or id', ..."""
    metadata = getattr(annotation, "__metadata__", ())
    if any(getattr(m, "pattern", None) == ID_PATTERN for m in metadata):
        return "id"
    for alias, name in ((Line, "one line of text"), (Text, "text"), (Link, "link")):
        if annotation == alias:
            return name
    annotation = strip_annotated(annotation)
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is list:
        return f"list of {type_name(args[0])}"
    if origin is typing.Literal:
        return "one of " + ", ".join(str(a) for a in args)
    if origin in (typing.Union, types.UnionType):
        names = [type_name(a) for a in args if a is not type(None)]
        tagged = [strip_annotated(a) for a in args]
        if any(is_model(a) for a in tagged) and "id" in names:
            names = [n for n in names if n != "id"] + ["id"]
        return " or ".join(names)
    if is_model(annotation):
        return annotation.__name__
    if annotation is str:
        return "text"
    if annotation is int:
        return "whole number"
    return getattr(annotation, "__name__", str(annotation))


_lines_named: list[int] = []  # the line ids the scaffold being written has given

# Optional fields a first playbook still needs, to pass `handbook check`: an exercise for the first
# week with its time, a line with an id for a situation's `first_line`, and a story's moments with what
# they show and the situations it answers. (What every playbook needs is required by the models.)
FIRST_PLAYBOOK = frozenset({("Script", "id"), ("Exercise", "first_week"), ("Exercise", "time"),
                            ("StoryMoment", "shows"), ("Story", "situations")})
# What `handbook new --with PART` may add: the playbook's optional parts.
OPTIONAL_PARTS = tuple(name for name, info in Playbook.model_fields.items() if not info.is_required())
PLACEHOLDER_ID = "todo-"  # the start of every id the scaffold makes up (check/unfinished.py)


def scaffold(playbook_id: str, title: str, parts: tuple[str, ...] = ()) -> str:
    """A new playbook with what a first playbook needs (and the optional `parts` asked for), each
    field explained in a comment; every TODO, placeholder id and example address is an error until
    it is replaced."""
    _lines_named.clear()
    wanted = {("Playbook", part) for part in parts} | FIRST_PLAYBOOK
    lines = [
        f"# yaml-language-server: $schema={SCHEMA_URL}",
        f"# Playbook '{playbook_id}'. Replace every TODO and every id starting 'todo-' (and each place",
        "# that names it). Any list of shared items may also name an item defined in another playbook",
        "# by its id, e.g. '- reciprocity-and-trust' (see: handbook ids). Check with: handbook check",
        "# Optional parts: handbook new ID --title T --with experiment (or faq, motivators, ...).",
        "",
    ]
    _emit_model(Playbook, playbook_id, {"title": title}, 0, lines, wanted=wanted)
    return "\n".join(lines) + "\n"


def _emit_model(model: type[BaseModel], pid: str, given: dict[str, str], indent: int,
                lines: list[str], first_prefix: str | None = None,
                wanted: frozenset[tuple[str, str]] | set[tuple[str, str]] = frozenset()) -> None:
    pad = " " * indent
    fields = [(name, info) for name, info in model.model_fields.items()
              if info.is_required() or (model.__name__, name) in wanted or name in given]
    for index, (name, info) in enumerate(fields):
        for comment in _comment(info, (model.__name__, name) in FIRST_PLAYBOOK):
            lines.append(f"{pad}# {comment}")
        key = f"{first_prefix}{name}" if first_prefix is not None and index == 0 else f"{pad}{name}"
        value = given.get(name)
        if value is not None:
            lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
            continue
        _emit_value(key, name, info.annotation, info, model, pid, indent, lines, wanted)


def _emit_value(key: str, name: str, annotation: Any, info: FieldInfo, model: type[BaseModel],
                pid: str, indent: int, lines: list[str], wanted: frozenset[tuple[str, str]] | set[tuple[str, str]]
                ) -> None:
    annotation = unwrap(annotation)
    if is_model(annotation):
        lines.append(f"{key}:")
        _emit_model(annotation, pid, {}, indent + 2, lines, wanted=wanted)
        return
    if typing.get_origin(annotation) is list:
        element = unwrap(typing.get_args(annotation)[0])
        count = max(1, _min_length(info))
        lines.append(f"{key}:")
        if isinstance(info.default, list) and info.default and not is_model(element):
            # A list with a default of its own (a plan's reflection days) starts from it.
            lines.extend(f"{' ' * (indent + 2)}- {json.dumps(value)}" for value in info.default)
            return
        for n in range(count):
            if is_model(element):
                start = len(lines)
                _emit_model(element, pid, {}, indent + 4, lines, first_prefix=" " * (indent + 2) + "- ",
                            wanted=wanted)
                if n:  # entries of one list differ, since a list may not hold the same entry twice
                    lines[start:] = [line.replace('"TODO: ', f'"TODO ({n + 1}): ') for line in lines[start:]]
            else:
                lines.append(f"{' ' * (indent + 2)}- {_placeholder(name, element, info, model, pid, n)}")
        return
    lines.append(f"{key}: {_placeholder(name, annotation, info, model, pid, 0)}")


def _placeholder(name: str, annotation: Any, info: FieldInfo, model: type[BaseModel],
                 pid: str, n: int) -> str:
    origin = typing.get_origin(annotation)
    if origin is typing.Literal:
        return str(typing.get_args(annotation)[0])
    if annotation is int:
        return str(info.default if isinstance(info.default, int) else 1)
    if annotation is bool:
        # The one exercise of a first playbook is its first-week exercise.
        return "true" if info.default is True or name == "first_week" else "false"
    if name == "time":
        return "30 minutes"
    placeholder = f"{PLACEHOLDER_ID}{pid}"
    if name == "sources":
        return f"{placeholder}-source"  # an item credits the source the scaffold defines
    if name == "id" and model.__name__ == "Script":
        # Each line to say gets an id of its own; a situation's first line and a reply name the first.
        _lines_named.append(len(_lines_named) + 1)
        return f"{placeholder}-line-{_lines_named[-1]}"
    if name in ("first_line", "next"):
        return f"{placeholder}-line-1"
    if name == "id":
        return f"{placeholder}-{_kebab(model.__name__)}"
    if declared(info) == Id:
        return f"{placeholder}-{name}"
    if name == "shows":  # a story's moment shows the pattern the scaffold defines
        return f"{placeholder}-pattern"
    if name == "situations" and model.__name__ == "Story":
        return f"{placeholder}-situation"
    if name == "practises":
        # The pattern the scaffold defines (a motivator only when one is asked for).
        return f"{placeholder}-pattern"
    if name == "tags":
        return pid
    if name == "link":
        return "https://example.com/"
    # Entries of one list differ, since a list may not hold the same entry twice.
    number = f" ({n + 1})" if n else ""
    return json.dumps(f"TODO{number}: {info.description}", ensure_ascii=False)


def _min_length(info: FieldInfo) -> int:
    for meta in info.metadata:
        if hasattr(meta, "min_length") and meta.min_length:
            return int(meta.min_length)
    return 1


def _comment(info: FieldInfo, expected: bool = False) -> list[str]:
    need = "required" if info.is_required() else "expected of every playbook" if expected else "optional"
    return [f"{info.description} ({need})"]


def _kebab(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "-", name).lower()

