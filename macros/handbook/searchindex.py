"""Material's search index written by the preview with each entry serialised once.

Under `mkdocs serve --dirty` Material keeps the entries of the pages a rebuild did not touch, the
same objects from one rebuild to the next, and serialises all of them on every rebuild: 15 MB of
JSON, about 0.2 s, at 1,000 playbooks. `IndexText` keeps each entry's JSON while the entry is the
same object, and gives the text Material's own `generate_search_index` gives, byte for byte
(tests/test_searchindex.py compares the two).
"""

from __future__ import annotations

import json
from typing import Any

# The settings Material writes into the index, in its order.
_SETTINGS = ("lang", "separator", "pipeline", "fields")


def _json(value: object) -> str:
    # Material's own settings: the standard encoder, ASCII only, anything else as its str().
    return json.dumps(value, separators=(",", ":"), default=str)


class IndexText:
    """The search index's text, from entries serialised once each."""

    def __init__(self) -> None:
        self._texts: dict[int, tuple[dict[str, Any], str]] = {}

    def generate(self, index: Any, prev: Any) -> str:
        """What Material's `SearchIndex.generate_search_index(prev)` returns, and the same change
        to `index.entries`: the last rebuild's entries, minus those of the page rebuilt, and this
        rebuild's."""
        if prev and index.entries:
            path = index.entries[0]["location"]
            index.entries = [entry for entry in prev.entries if not entry["location"].startswith(path)] + index.entries
        if prev and not index.entries:
            index.entries = prev.entries
        settings = {key: index.config[key] for key in _SETTINGS}
        return f'{{"config":{_json(settings)},"docs":[{",".join(self._entries(index.entries))}]}}'

    def _entries(self, entries: list[dict[str, Any]]) -> list[str]:
        # Keyed by the entry's id, and holding the entry, so that no other object takes that id.
        texts: dict[int, tuple[dict[str, Any], str]] = {}
        out = []
        for entry in entries:
            known = self._texts.get(id(entry))
            if known is None or known[0] is not entry:
                known = (entry, _json(entry))
            texts[id(entry)] = known
            out.append(known[1])
        self._texts = texts
        return out
