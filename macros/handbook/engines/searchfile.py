"""The search index file Material writes, mended after a `--dirty` rebuild of the preview."""

from __future__ import annotations

from collections.abc import Set
from typing import Any


def newest_entries(entries: list[dict[str, Any]], rebuilt: Set[str]) -> list[dict[str, Any]]:
    """`entries` with each page of `rebuilt` (page addresses) keeping only its last run of entries.

    An index kept across rebuilds holds a rebuilt page's old run and, later, its new one; a page's
    entries (the page, then its sections) always come as one run.
    """
    runs: list[tuple[str, list[dict[str, Any]]]] = []
    for entry in entries:
        page = str(entry.get("location", "")).split("#", 1)[0]
        if runs and runs[-1][0] == page:
            runs[-1][1].append(entry)
        else:
            runs.append((page, [entry]))
    last = {page: n for n, (page, _) in enumerate(runs)}
    return [entry for n, (page, run) in enumerate(runs) if page not in rebuilt or last[page] == n for entry in run]
