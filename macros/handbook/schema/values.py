"""The values a playbook's fields hold: ids, one-line and longer text, yes-or-no flags and links,
each with the rule the checker applies and the words editors are shown when it fails."""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, GetJsonSchemaHandler, StringConstraints
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError

from handbook.schema.ids import ID_HELP, ID_PATTERN
from handbook.source.characters import DAMAGED, REFUSED_CLASS

ID_DESCRIPTION = "Unique id across the handbook: lower-case letters, digits and hyphens."


# The placeholders `handbook new` writes, held once: the checker (check/unfinished.py) and the
# editors' JSON Schema both read them.
TODO_TEXT = r"\s*TODO\b"


EXAMPLE_ADDRESS = r"[a-z]+://(?:[^/]*\.)?example\.(?:com|org|net)(?:[:/]|$)"


# What the checker says in words, given to editors too: the JSON Schema carries each rule a
# pattern can state with a message of its own (yaml-language-server shows `patternErrorMessage`
# instead of the raw pattern). The patterns read alike in Python and ECMAScript.
_TEXT_RULES = {"allOf": [
    {"pattern": f"^(?!{TODO_TEXT})", "patternErrorMessage": "Still the TODO from 'handbook new': write the text."},
    {"pattern": f"^[^{REFUSED_CLASS}]*$",
     "patternErrorMessage": "Holds a control, line-separator, private-use or direction-changing character "
                            "that some tools do not show; remove it."},
    {"pattern": f"^(?![\\s\\S]*(?:{DAMAGED}))",
     "patternErrorMessage": "Holds copy-paste damage ('â€™' for an apostrophe, 'Ã©' for 'é', a stray 'Â') "
                            "or a non-breaking space; retype it."},
]}


class ForEditors:
    """JSON Schema keywords added to those pydantic derives from a type; validation ignores them."""

    def __init__(self, **keywords: Any) -> None:
        self.keywords = keywords

    def __get_pydantic_json_schema__(self, core_schema: Any, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        return {**handler(core_schema), **self.keywords}


Id = Annotated[str, StringConstraints(pattern=ID_PATTERN, min_length=1, max_length=64),
               ForEditors(patternErrorMessage=f"An id uses {ID_HELP}.",
                          allOf=[{"pattern": "^(?!todo-)", "patternErrorMessage": "Still a placeholder id from "
                                  "'handbook new': give the item an id of its own."}])]


Line = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300, pattern=r"^[^\n]*$"),
    ForEditors(patternErrorMessage="One line only: no line breaks.", **_TEXT_RULES),
]


def _true_or_false(value: Any) -> Any:
    """YAML 1.2's true and false only: 'yes', 'on' or 'y' read as false by one tool and true by
    another, and the editors' YAML (1.2) already marks them."""
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    if isinstance(value, bool):
        return value
    raise PydanticCustomError("bool_parsing", "must be true or false")


# A yes-or-no field, written `true` or `false`.
Flag = Annotated[bool, BeforeValidator(_true_or_false)]


Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=5000),
                 ForEditors(**_TEXT_RULES)]


LINK_SCHEMES = ("https", "http", "mailto")


_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"


_HOST = rf"{_LABEL}(?:\.{_LABEL})*"


# RFC 3986's unreserved and reserved characters, and percent escapes: nothing a browser or
# Markdown would read as something else.
_URL_TEXT = r"(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9A-Fa-f]{2})*"


WEB_LINK = re.compile(rf"https?://{_HOST}(?::[0-9]{{1,5}})?(?:/{_URL_TEXT})?(?:\?{_URL_TEXT})?(?:#{_URL_TEXT})?")


MAIL_LINK = re.compile(rf"mailto:[A-Za-z0-9._%+-]+@{_HOST}(?:\?{_URL_TEXT})?")


LINK_HELP = "a link is a full address: https://..., http://... or mailto:..."


def check_link(value: str) -> str:
    """Allow only well-formed https://, http:// and mailto: addresses of plain ASCII characters.

    Anything else (another scheme, a character reference like '&colon;', a percent-encoded or
    full-width colon, a backslash, a relative path) is refused: a browser may read such a link
    differently from the checker. A relative path would also resolve differently on each page
    that shows the item, so it is refused too.
    """
    # Every white space but the space itself is unprintable to Python, and so is every control.
    if " " in value or not value.isprintable():
        raise ValueError(f"a link must not contain spaces or control characters; {LINK_HELP}")
    if not value.isascii():
        raise ValueError(f"a link must be plain ASCII: percent-encode other characters, and write an "
                         f"international host name in its xn-- form; {LINK_HELP}")
    if "\\" in value:
        raise ValueError(f"a link must not contain a backslash; {LINK_HELP}")
    scheme = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):", value)
    guess = _with_scheme(value)
    if guess and (scheme is None or scheme.group(1) not in LINK_SCHEMES):
        raise ValueError(f"not a full address: it lacks its 'https://'; did you mean {guess}?")
    if scheme is None:
        raise ValueError(f"not a full address; {LINK_HELP} (relative links are not allowed, since an "
                         "item is shown on pages at different depths)")
    if scheme.group(1) not in LINK_SCHEMES:
        raise ValueError(f"links may use https://, http:// or mailto:, not '{scheme.group(0)}'")
    pattern = MAIL_LINK if scheme.group(1) == "mailto" else WEB_LINK
    if not pattern.fullmatch(value):
        example = "mailto:name@example.org" if scheme.group(1) == "mailto" else "https://example.org/page"
        raise ValueError(f"not a well-formed address (like '{example}'): a host name of letters, digits, "
                         "dots and hyphens, then a path of URL characters with '%' escapes")
    return value


def _with_scheme(value: str) -> str | None:
    """`value` as a full address, when it reads like one written without its scheme
    ('example.org/x', 'www.example.org', '//example.org/x'); else None."""
    rest = value.removeprefix("//")
    host = re.split(r"[/:?#]", rest, maxsplit=1)[0]
    if "." not in host or not re.search(r"\.[A-Za-z]{2,}$", host):
        return None
    guess = f"https://{rest}"
    return guess if WEB_LINK.fullmatch(guess) else None


LINK_PATTERN = rf"^(?:{WEB_LINK.pattern}|{MAIL_LINK.pattern})$"


Link = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000),
                 AfterValidator(check_link),
                 ForEditors(**{
                     "pattern": LINK_PATTERN,
                     "patternErrorMessage": "A link is a full address (https://..., http://... or mailto:...) "
                                            "with a host name of letters, digits, dots and hyphens, all in "
                                            "plain ASCII; relative links are not allowed.",
                     "allOf": [{"pattern": f"^(?!{EXAMPLE_ADDRESS})",
                                "patternErrorMessage": "Still the example address from 'handbook new': give "
                                                       "the real address, or delete the line."}],
                 })]
