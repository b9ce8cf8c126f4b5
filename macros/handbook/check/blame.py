"""Where a clash between two places is reported: in the file the contributor changed.

An id defined twice or a sentence said twice involves two places, often in two files, and only
one of them is the pull request's. The clash is reported once, at the place in a changed or
untracked file (git, asked only when there is a clash); when git cannot tell, or both or neither
changed, at the later place, the one read last.
"""

from __future__ import annotations

from pathlib import Path

from handbook.source.changes import changed_files


class Blame:
    """Decides, for two places, which one a clash is reported at."""

    def __init__(self, folder: Path) -> None:
        self._folder = folder
        self._changed: frozenset[Path] | None = None
        self._asked = False

    def changed(self, file: Path | None) -> bool:
        """Whether `file` differs from the main branch or is not committed; False when unknown."""
        if file is None:
            return False
        if not self._asked:
            self._asked = True
            self._changed = changed_files(self._folder)
        return self._changed is not None and file.resolve() in self._changed

    def blames_first(self, first: Path | None, again: Path | None) -> bool:
        """Whether the first place is reported rather than the later one: only when its file is
        the changed one and the later one's is not."""
        return first != again and self.changed(first) and not self.changed(again)
