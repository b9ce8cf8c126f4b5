"""The YAML front matter of a generated page, written so that it cannot be misread.

A value holding a line break that YAML sees and MkDocs' front-matter pattern does not (U+0085,
U+2028, U+2029) could end the block early; MkDocs then renders the whole block as Markdown,
silently. So every value is written as JSON (which is YAML) with every character outside
printable ASCII escaped, and the block is parsed back and compared before it is used.
"""

from __future__ import annotations

import html
import json
import re
from functools import lru_cache
from typing import Any

import yaml
from markupsafe import Markup

try:
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # PyYAML without libyaml
    from yaml import SafeLoader  # type: ignore[assignment]

_NOT_PRINTABLE_ASCII = re.compile(r"[^\x20-\x7e]")


class FrontMatterError(ValueError):
    """The front matter written for a page does not read back as the data it was written from."""


def front_matter(title: str, **meta: Any) -> Markup:
    """Page metadata as YAML lines; the title HTML-escaped, since theme templates print it raw."""
    # Quotes stay as they are: the theme prints the title as text, and in attributes escapes it.
    data = {"title": html.escape(title, quote=False), **meta}
    text = "\n".join(f"{key}: {_ascii_json(value)}" for key, value in data.items())
    if read_back(text) != data:
        raise FrontMatterError(f"front matter does not read back as written: {text!r}")
    return Markup(text)  # noqa: S704 - every value JSON-quoted in printable ASCII


@lru_cache(maxsize=65536)
def read_back(text: str) -> Any:
    """The data a YAML reader (the one MkDocs uses) finds in front matter `text`; once per text, since
    most pages keep their front matter from one rebuild of the preview to the next. What it returns
    is compared and read, never changed."""
    return yaml.load(text, Loader=SafeLoader)


def _ascii_json(value: Any) -> str:
    """`value` as JSON in printable ASCII: YAML's \\u and \\U escapes for everything else."""
    return _NOT_PRINTABLE_ASCII.sub(_escape, json.dumps(value, ensure_ascii=False))


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"
