"""Turn pydantic's validation errors into located messages that say what is allowed."""

from __future__ import annotations

import difflib
import re
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from handbook.problems import Problem, indefinite, shown
from handbook.schema.annotations import unwrap
from handbook.schema.ids import ID_HELP
from handbook.schema.models import DEF_TAG, MODELS, REF_TAG, Playbook
from handbook.source.yamlsource import Document, Loc

TAGS = {REF_TAG, DEF_TAG}


def validation_problems(doc: Document, error: ValidationError) -> list[Problem]:
    """One problem per pydantic error, at the line and column of the offending YAML."""
    problems = []
    for err in error.errors(include_url=False):
        loc: Loc = tuple(part for part in err["loc"] if part not in TAGS)
        kind = err["type"]
        if kind == "extra_forbidden":
            line, col = doc.position(loc, key=True)
            message = _unknown_field(loc)
        elif kind == "missing":
            line, col = doc.position(loc[:-1])
            message = _missing_field(loc)
        else:
            line, col = doc.position(loc)
            message = _wrong_value(loc, err)
        problems.append(Problem(doc.path, line, col, message))
    return problems


def _unknown_field(loc: Loc) -> str:
    name = str(loc[-1])
    here = model_at(loc[:-1])
    allowed = list(_fields_of(here))
    message = f"unknown field {shown(name)}"
    # A field of another part of a playbook was most likely indented one level too far out or in.
    owners = [model for model in MODELS.values() if model is not here and name in model.model_fields]
    if owners:
        named = [_article(_describe_model(m)) for m in owners]
        where = " or ".join(named) if len(named) <= 3 else ", ".join(named[:3]) + " or another entry"
        return (f"'{name}' is not a field here but of {where}: check its indentation, so that it sits "
                f"inside the entry it belongs to (allowed here: {', '.join(allowed)})")
    close = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
    if close:
        message += f"; did you mean '{close[0]}'?"
    return f"{message} (allowed here: {', '.join(allowed)})"


def _describe_model(model: type[BaseModel]) -> str:
    words = re.sub(r"(?<!^)(?=[A-Z])", " ", model.__name__).lower()
    return {"playbook": "the playbook itself", "when not to use": "a when-not-to-use case",
            "experiment step": "an experiment step"}.get(words, words)


def _article(words: str) -> str:
    if words.startswith(("the ", "a ", "an ")):
        return words
    return indefinite(words)


def _missing_field(loc: Loc) -> str:
    model = model_at(loc[:-1])
    name = str(loc[-1])
    info = _fields_of(model).get(name)
    where = f" in {_describe_loc(loc[:-1])}" if loc[:-1] else ""
    hint = f": {info.description}" if info is not None and info.description else ""
    return f"missing required field '{name}'{where}{hint}"


def _wrong_value(loc: Loc, err: Any) -> str:
    kind, ctx, value = err["type"], err.get("ctx", {}), err.get("input")
    what = shown(_describe_loc(loc)) if loc else "the file"
    if kind == "string_pattern_mismatch" and ctx.get("pattern", "").startswith("^[a-z0-9]"):
        return f"{what}: {shown(value)} is not a valid id; use {ID_HELP}"
    if kind == "string_pattern_mismatch":
        return f"{what} must be a single line; move longer text to a 'body' field"
    if kind == "string_type":
        return f"{what} must be text, not {_kind_of(value)}"
    if kind == "string_too_short":
        return f"{what} must not be empty"
    if kind == "string_too_long":
        length = f"{len(value)} characters; " if isinstance(value, str) else ""
        return f"{what} is too long: {length}at most {ctx.get('max_length')} characters"
    if kind == "list_type":
        return f"{what} must be a list, one '- ' entry per line, not {_kind_of(value)}"
    if kind == "too_short":
        return f"{what} needs at least {ctx.get('min_length')} entr{'y' if ctx.get('min_length') == 1 else 'ies'}"
    if kind == "too_long":
        return f"{what} may have at most {ctx.get('max_length')} entries"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        reusable = loc and isinstance(loc[-1], int) and _is_reusable(loc)
        alternative = ", or the id of one defined elsewhere" if reusable else ""
        return f"{what} must be a mapping of fields{alternative}, not {_kind_of(value)}"
    if kind == "literal_error":
        expected = str(ctx.get("expected", "")).replace(" or ", ", ")
        return f"{what}: {shown(value)} is not allowed; use one of: {expected}"
    if kind in ("bool_parsing", "bool_type"):
        return f"{what} must be true or false, not {shown(value)}"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"{what} must be a whole number, not {shown(value)}"
    if kind in ("greater_than_equal", "less_than_equal"):
        bound = ctx.get("ge", ctx.get("le"))
        word = "at least" if kind == "greater_than_equal" else "at most"
        return f"{what} must be {word} {bound}, not {value}"
    if kind == "value_error":
        return f"{what}: {ctx.get('error', err['msg'])}"
    return f"{what}: {err['msg']}"


def model_at(loc: Loc) -> type[BaseModel] | None:
    """The model that validates the mapping at `loc` in a playbook, if any."""
    annotation: Any = Playbook
    for part in loc:
        annotation = unwrap(annotation)
        if isinstance(part, int):
            args = typing.get_args(annotation)
            annotation = args[0] if args else None
        elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
            info = annotation.model_fields.get(part)
            annotation = info.annotation if info else None
        else:
            return None
    annotation = unwrap(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return None


def _is_reusable(loc: Loc) -> bool:
    return len(loc) == 2 and loc[0] in Playbook.model_fields and loc[0] not in ("sources", "faq")


def _fields_of(model: type[BaseModel] | None) -> dict[str, Any]:
    return dict(model.model_fields) if model else {}


def _describe_loc(loc: Loc) -> str:
    text = ""
    for part in loc:
        text += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def _kind_of(value: Any) -> str:
    if value is None:
        return "nothing (the value is empty)"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return shown(value)
