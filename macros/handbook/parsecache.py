"""Parsed data of clean playbook files, by the hash of their bytes, kept between runs.

Parsing YAML is most of what `handbook check` does; a file that has not changed since the last
run is read back from here instead. Only files that parsed without a problem are kept, and the
key includes the parser's own source, so a change to the parser starts afresh. The cache is a
convenience: if it cannot be read or written, everything still works, only slower.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from . import yamlsource
from .backing import replace_file

_PARSER_VERSION = hashlib.sha256(Path(yamlsource.__file__).read_bytes()).hexdigest()[:16]


class ParseCache:
    """A JSON file of {content hash: parsed data}; entries not used in a run are dropped."""

    def __init__(self, file: Path | None) -> None:
        self.file = file
        self.entries: dict[str, Any] = {}
        self.used: dict[str, Any] = {}
        if file is not None:
            try:
                stored = json.loads(file.read_text(encoding="utf-8"))
                if stored.get("parser") == _PARSER_VERSION:
                    self.entries = stored["entries"]
            except (OSError, ValueError, KeyError, AttributeError):
                self.entries = {}

    @staticmethod
    def key(raw: bytes) -> str:
        return hashlib.sha256(raw).hexdigest()

    def get(self, key: str) -> Any:
        """The parsed data stored for `key`, or None."""
        data = self.entries.get(key)
        if data is not None:
            self.used[key] = data
        return data

    def put(self, key: str, data: Any) -> None:
        self.used[key] = data

    def save(self) -> None:
        """Write the entries this run used, if they differ from what was read."""
        if self.file is None or self.used == self.entries:
            return
        # json.dumps runs in C; json.dump to a file goes through the pure-Python encoder, which
        # took 0.3 s of a cold check at 1000 playbooks.
        data = json.dumps({"parser": _PARSER_VERSION, "entries": self.used}).encode("utf-8")
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            replace_file(self.file, data)
        except OSError:
            pass
