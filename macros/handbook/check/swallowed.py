"""A field swallowed by the block text above it.

A `|` or `>` block runs on as long as its lines are indented deeper than its field. A field typed
two spaces too far in after one (`watch_out:` under `body: |`) becomes words of the body: YAML
raises nothing, the check passes, and the page shows "... watch_out: Committing ...". A block
line that starts like a field the same entry allows and does not have is reported, with the fix.
It is an error, not a warning: such a line is almost always a lost field, and rewording the
sentence (or starting it with a capital) is all it takes to say otherwise.
"""

from __future__ import annotations

import re
from typing import Any

from handbook.check.messages import model_at
from handbook.problems import Problem
from handbook.source.yamlsource import Document, Loc

FIELD_LINE = re.compile(r"( +)([a-z][a-z_]*):(?: |$)")


def swallowed_fields(doc: Document) -> list[Problem]:
    """Each line of a block value that reads like a missing field of the entry holding the block."""
    if not doc.blocks or doc.text is None:
        return []
    lines = doc.text.split("\n")
    problems = []
    for loc, (first, last) in doc.blocks.items():
        entry, model = _at(doc.data, loc[:-1]), model_at(loc[:-1])
        if not loc or not isinstance(entry, dict) or model is None:
            continue
        missing = set(model.model_fields) - set(entry)
        key = str(loc[-1])
        key_line, key_col = doc.position(loc, key=True)
        for number in range(first, min(last, len(lines) - 1) + 1):
            found = FIELD_LINE.match(lines[number])
            if found is None or found.group(2) not in missing:
                continue
            name = found.group(2)
            problems.append(Problem(doc.path, number + 1, len(found.group(1)) + 1, (
                f"'{name}:' is indented deeper than '{key}' (line {key_line}), so YAML reads it as more "
                f"text of '{key}' and the page would show it; to make it a field, start it in column {key_col}, "
                f"like '{key}'; if it is meant as text, reword the line so it does not begin with '{name}:'")))
    return problems


def _at(data: Any, loc: Loc) -> Any:
    for part in loc:
        if isinstance(data, dict) and isinstance(part, str):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and part < len(data):
            data = data[part]
        else:
            return None
    return data
