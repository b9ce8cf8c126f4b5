"""Long text shown by its first sentence, the rest folded away: what lets a playbook page give what
to do before why without cutting a word. The page folds the rest into a `details` block, which
search indexes and print opens."""

from __future__ import annotations

import re

FOLD_AFTER_WORDS = 40  # a text this long or shorter is shown whole
_FIRST_SENTENCE = re.compile(r"\A(.+?[.!?][\"'\u2019\u201d)]*)\s+(?=\S)", re.S)


def fold(text: str) -> tuple[str, str]:
    """`text` as its first sentence and the rest; the rest is empty when the text is short, or its
    first paragraph has no sentence end before its last word."""
    text = str(text).strip()
    if len(text.split()) <= FOLD_AFTER_WORDS:
        return text, ""
    first_paragraph = re.split(r"\n[ \t]*\n", text, maxsplit=1)[0]
    match = _FIRST_SENTENCE.match(first_paragraph)
    if match is None:
        if first_paragraph == text:
            return text, ""
        return first_paragraph, text[len(first_paragraph):].strip()
    return match.group(1), text[match.end():].strip()
