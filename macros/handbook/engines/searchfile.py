"""The search index file Material writes, mended after a `--dirty` rebuild of the preview.

Under `--dirty`, Material's search keeps its last index, drops from it the entries of every page
whose address starts with the address of the first page the rebuild converted, and appends the new
entries of all the pages it converted. A rebuild that starts with the home page (address "") so
dropped every other page; one that starts with a listing dropped the pages under it; each other page
it converted was found twice; and a page the site lost stayed. So the preview writes the index again
from what it knows: the index it wrote last time, the pages this rebuild converted (their newest
entries, which Material always appends), and the pages the site has now.
"""

from __future__ import annotations

from collections.abc import Iterable, Set
from typing import Any

Entry = dict[str, Any]


def page_runs(entries: Iterable[Entry]) -> list[tuple[str, list[Entry]]]:
    """`entries` cut into runs by page address: a page's entries (the page, then its sections) always
    come as one run, and a page may have several runs in an index kept across rebuilds."""
    runs: list[tuple[str, list[Entry]]] = []
    for entry in entries:
        page = str(entry.get("location", "")).split("#", 1)[0]
        if runs and runs[-1][0] == page:
            runs[-1][1].append(entry)
        else:
            runs.append((page, [entry]))
    return runs


def mended_entries(previous: list[Entry] | None, written: list[Entry], rebuilt: Set[str],
                   pages: Set[str]) -> list[Entry]:
    """The search index after a rebuild: every other page still in the site as it was, then each
    rebuilt page's newest entries, in the order they were written.

    `previous` is the index as mended after the last build (None after the first, which converted
    every page); `written` is the index Material wrote now, which always ends with the newest run of
    each page this build converted; `rebuilt` the addresses of those pages; `pages` the addresses of
    every page the site has now. Where Material's merge was right, this is what it wrote, in its
    order. (A page whose front matter newly excludes it from search gets no new run, so its last
    one stays until the preview restarts, as under Material.)
    """
    newest: dict[str, list[Entry]] = {}
    for page, run in reversed(page_runs(written)):
        if page in rebuilt and page not in newest:
            newest[page] = run
    fresh = [entry for run in reversed(newest.values()) for entry in run]
    if previous is None:
        return fresh
    # `previous` was mended, so it holds each page once.
    kept = [entry for page, run in page_runs(previous) if page not in rebuilt and page in pages for entry in run]
    return kept + fresh
