"""Which characters playbook text may hold.

YAML's escapes (`"\\N"`, `"\\L"`, `"\\P"`, `"\\x7f"`, `"\\ud800"`) put characters into a value that
no file could hold raw. Some end a line for one parser and not for another (U+0085, U+2028,
U+2029), so they can break out of the front matter of a generated page; some cannot be written
as UTF-8 at all (lone surrogates); some reorder what a reader sees (bidirectional controls). Each
is refused, with its position, wherever it appears in a playbook.
"""

from __future__ import annotations

import re
import unicodedata

# C0 controls but tab and newline, DEL; the rest of the checks look only at non-ASCII text.
_ASCII_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# General categories no playbook text needs: other controls (C1), surrogates, private use,
# unassigned code points, and the line and paragraph separators.
REFUSED_CATEGORIES = frozenset({"Cc", "Cs", "Co", "Cn", "Zl", "Zp"})
# Format characters that reorder text (bidirectional overrides and isolates) or hide as a BOM.
# Other format characters (zero-width joiner, soft hyphen) belong to ordinary text and stay.
# The refused characters a regular expression can name, for the editors' JSON Schema; the checker
# also refuses unassigned code points and private use beyond the Basic Multilingual Plane.
REFUSED_CLASS = (r"\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e"
                 r"\u2066-\u2069\ufeff\ud800-\udfff\ue000-\uf8ff")
REFUSED_FORMAT = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                           "\u2066\u2067\u2068\u2069\ufeff")


def refused_character(text: str) -> tuple[int, str] | None:
    """The offset of the first character playbook text may not hold, and why; None if there is none."""
    found = _ASCII_CONTROL.search(text)
    offsets = [found.start()] if found else []
    if not text.isascii():
        # The distinct characters are few, so look each up once.
        refused = [ch for ch in set(text) if ord(ch) > 0x7F and (
            unicodedata.category(ch) in REFUSED_CATEGORIES or ch in REFUSED_FORMAT)]
        offsets += [text.index(ch) for ch in refused]
    if not offsets:
        return None
    first = min(offsets)
    return first, describe_refusal(text[first])


def describe_refusal(ch: str) -> str:
    """Why `ch` is refused, and what to write instead."""
    name = unicodedata.name(ch, "") if unicodedata.category(ch) != "Cs" else ""
    label = f"U+{ord(ch):04X}" + (f" ({name})" if name else "")
    category = unicodedata.category(ch)
    if category in ("Zl", "Zp") or ch == "\x85":
        return f"character {label} is a line break some tools do not see; start a new paragraph with a blank line"
    if category == "Cs":
        return f"character {label} is half of a surrogate pair and cannot be saved as UTF-8; remove it"
    if category == "Cn":
        return (f"character {label} is not assigned in Unicode {unicodedata.unidata_version}, "
                "so no reader can be sure to see it; remove it")
    if category == "Co":
        return f"character {label} is for private use and shows differently on every machine; remove it"
    if category == "Cf":
        return f"character {label} changes how the text around it is shown; remove it"
    return f"control character {label} is not allowed in playbook text; remove it"


# Copy-paste damage: UTF-8 read as Windows-1252 ("Iâ€™d", "Ã©", "Â " before a space), the
# replacement character a failed decode leaves, and the non-breaking space a web page or word
# processor pastes, which looks like a space but does not wrap or search like one. The pattern
# reads alike in Python and ECMAScript, so the editors' JSON Schema carries it too.
DAMAGED = r"\u00c2[ \u0080-\u00bf]|\u00e2\u20ac|\u00f0\u0178|\u00c3[\u0080-\u00bf]|\ufffd|\u00a0"
_DAMAGED = re.compile(DAMAGED)
_WORD_END = re.compile(r"\S*$")
_WORD_START = re.compile(r"\S*")


def damaged_text(text: str) -> tuple[int, str] | None:
    """The offset of the first copy-paste damage in `text` and what to write instead; None if none."""
    if text.isascii():
        return None
    found = _DAMAGED.search(text)
    if found is None:
        return None
    start = found.start()
    if found.group() == "\u00a0":
        return start, ("character U+00A0 (NO-BREAK SPACE) is a space pasted from a web page or word "
                       "processor, which does not wrap or search like one; type an ordinary space")
    if found.group() == "\ufffd":
        return start, ("character U+FFFD (REPLACEMENT CHARACTER) marks text lost to a wrong encoding; "
                       "retype what stood there")
    word_start = start - len(_WORD_END.search(text[:start]).group())  # type: ignore[union-attr]
    end = start + max(len(found.group()), len(_WORD_START.match(text[start:]).group()))  # type: ignore[union-attr]
    damaged = text[word_start:end]
    return start, f"{_quoted(damaged)} is text damaged by a wrong encoding{_repaired(damaged)}; retype it"


def _repaired(word: str) -> str:
    """`, it read 'x'` when the damage undoes cleanly (UTF-8 read as Windows-1252), else ''."""
    for codec in ("cp1252", "latin-1"):
        try:
            fixed = word.encode(codec).decode("utf-8")
        except UnicodeError:
            continue
        if fixed != word:
            return f" (it read {_quoted(fixed)})"
    return ""


def _quoted(text: str) -> str:
    return "'" + (text if len(text) <= 40 else text[:37] + "...") + "'"
