"""The preview's search index (searchindex.py) is the text Material's own search plugin writes,
rebuild after rebuild, with each entry serialised once."""

from __future__ import annotations

import copy
from pathlib import PurePosixPath
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from material.plugins.search.plugin import SearchIndex

from handbook.searchindex import IndexText

SETTINGS = {"lang": ["en"], "separator": r"[\s\-]+", "pipeline": ["stopWordFilter"],
            "fields": {"title": {"boost": 1000.0}}}
TEXTS = ["Ask early", "Déjà vu “quoted” – dash", "emoji \U0001f600 and \\ backslash", "<b>tag</b> & amp", ""]


def entries_of(page: str, version: int, sections: int) -> list[dict[str, Any]]:
    """The entries Material would make for one page: the page, then each section."""
    found: list[dict[str, Any]] = []
    for n in range(sections):
        entry: dict[str, Any] = {"location": page + (f"#section-{n}" if n else ""),
                                 "title": TEXTS[(n + version) % len(TEXTS)],
                                 "text": f"{TEXTS[version % len(TEXTS)]} {n}"}
        if n % 2:
            entry["tags"] = ["peers", TEXTS[n % len(TEXTS)]]
        if n % 3 == 2:
            entry["boost"] = 2
            entry["path"] = PurePosixPath(page)  # not JSON: Material writes it as str()
        found.append(entry)
    return found


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.lists(st.integers(0, 5), max_size=3), st.integers(0, 9), st.integers(0, 4)),
                min_size=1, max_size=6))
def test_rebuild_after_rebuild_the_index_is_the_text_material_writes(
        rebuilds: list[tuple[list[int], int, int]]) -> None:
    pages = [f"page-{n}/" for n in range(6)]
    # The first build indexes every page; each rebuild indexes the pages it touched.
    first = SearchIndex(**SETTINGS)
    for n, page in enumerate(pages):
        first.entries += entries_of(page, 0, 1 + n % 3)
    ours_text = IndexText()
    theirs_prev, ours_prev = first, copy.copy(first)
    assert ours_text.generate(ours_prev, None) == first.generate_search_index(None)
    for touched, version, sections in rebuilds:
        theirs, ours = SearchIndex(**SETTINGS), SearchIndex(**SETTINGS)
        for n in touched:
            made = entries_of(pages[n], version, sections + 1)
            theirs.entries += made
            ours.entries += made
        expected = theirs.generate_search_index(theirs_prev)
        assert ours_text.generate(ours, ours_prev) == expected
        assert ours.entries == theirs.entries
        theirs_prev, ours_prev = theirs, ours


def test_an_entry_is_serialised_once_while_it_is_the_same_object() -> None:
    text = IndexText()
    index = SearchIndex(**SETTINGS)
    index.entries = entries_of("a/", 0, 3)
    text.generate(index, None)
    kept = dict(text._texts)
    again = SearchIndex(**SETTINGS)
    again.entries = entries_of("b/", 1, 1)
    text.generate(again, index)
    assert all(text._texts[key][1] is kept[key][1] for key in kept)  # the same strings, not made again
    assert len(text._texts) == 4
