"""Render Markdown pages from templates, with every piece of playbook text treated as data.

Every value a template prints goes through `finalize`, which writes each ASCII punctuation mark
that some syntax gives meaning to as a numeric character
reference. Markdown, HTML and Jinja then see no syntax at all in playbook
text: `{{`, `<script>`, `*emphasis*` and `[x](javascript:...)` all reach the page as the
characters the author typed. Only values a filter has vetted (ids, links, and text already
escaped) pass through as they are.
"""

from __future__ import annotations

import re
import string
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2
from markupsafe import Markup

from handbook.pages.folding import fold
from handbook.pages.ticks import note_limit, stable_key
from handbook.schema.ids import ID_RE
from handbook.schema.values import check_link

TEMPLATES = Path(__file__).parent / "templates"
# Marks no Markdown, HTML or Jinja syntax starts with stay readable in the generated source.
_HARMLESS = ",'?;/%@$:"
_ENCODED = str.maketrans({ch: f"&#{ord(ch)};" for ch in string.punctuation if ch not in _HARMLESS})
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_SPACE = re.compile(r"\s+")
# A '?' is harmless except at the start of a line, where '???' opens a collapsible block
# (pymdownx.details); any value may start a line, so a leading one is encoded too.
_LEADING_QUESTION = re.compile(r"\A( *)\?")


def inline(value: Any) -> Markup:
    """Playbook text as one line that Markdown, HTML and Jinja all show literally."""
    if isinstance(value, Markup):
        return value
    return _inline_text(str(value))


@lru_cache(maxsize=65536)
def _inline_text(text: str) -> Markup:
    # Shared items appear on many pages, so the same text is escaped again and again.
    text = _SPACE.sub(" ", _CONTROL.sub("", text))
    text = _LEADING_QUESTION.sub(r"\1&#63;", text.translate(_ENCODED), count=1)
    return Markup(text)  # noqa: S704 - every mark encoded


def paragraphs(value: Any) -> Markup:
    """Multi-line playbook text as escaped paragraphs, split at blank lines."""
    parts = re.split(r"\n[ \t]*\n", str(value).strip())
    return Markup("\n\n".join(inline(p.strip()) for p in parts if p.strip()))  # noqa: S704 - inline() escaped


def anchor(value: str) -> Markup:
    """An id, checked again here, fit for a URL path or an HTML id."""
    if not ID_RE.match(value):
        raise ValueError(f"not an id: {value!r}")
    return Markup(value)  # noqa: S704 - matched the id pattern


def link(value: str) -> Markup:
    """A link target the schema allowed, with anything Markdown could misread percent-encoded."""
    check_link(value)
    return Markup(quote(value, safe=":/?#[]@!$&'*+,;=%~"))  # noqa: S704 - checked and quoted


def legacy_attribute(value: str) -> Markup:
    """A key of the first stored format (`day3-1a2b3c4d5e6f`, `1a2b3c4d5e6f`), checked."""
    if not re.fullmatch(r"(?:day\d{1,2}-)?[0-9a-f]{12}", value):
        raise ValueError(f"not a legacy key: {value!r}")
    return Markup(value)  # noqa: S704 - matched the pattern


def field_name(value: str) -> Markup:
    """A schema field name (lower-case letters and underscores), for code spans."""
    if not re.fullmatch(r"[a-z_]+", value):
        raise ValueError(f"not a field name: {value!r}")
    return Markup(value)  # noqa: S704 - matched the pattern


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The one template environment; its filters are registered here. Templates are read once a
    process (they are part of the package, like its code)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        auto_reload=False,
        autoescape=False,  # noqa: S701 - finalize=inline escapes every value, for Markdown too
        finalize=inline,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    # `gloss` links glossary terms on the pages that pass one (pages/glossary.py); elsewhere text stays as it is.
    env.globals.update(note_limit=note_limit, gloss=inline)
    env.filters.update(text=paragraphs, id=anchor, link=link, key=stable_key, legacy=legacy_attribute,
                       field=field_name, fold=fold)
    return env


def render(template: str, **context: Any) -> str:
    """Render one template of `templates/` with `context`."""
    return environment().get_template(template).render(**context)
