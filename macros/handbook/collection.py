"""The cyclic garbage collector, held back while the preview rebuilds and run once it is idle.

At 1,000 playbooks a full collection walks every object MkDocs and the handbook keep (the pages,
the navigation, the search index, the checked playbooks): about half a second, which it spent in
the middle of a rebuild, while the edited page waited. Reference counting still frees almost
everything at once; only cycles wait, for at most one rebuild and `delay` seconds after it.
"""

from __future__ import annotations

import gc
import threading


class DeferredCollection:
    """Pause the collector for each rebuild; collect `delay` seconds after the last one ends."""

    def __init__(self, delay: float = 1.0) -> None:
        self.delay = delay
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None
        self._rebuilds = 0  # a collection that started before the latest rebuild leaves it paused

    def pause(self) -> None:
        """A rebuild starts: no collection until it ends."""
        with self._lock:
            self._rebuilds += 1
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
            gc.disable()

    def resume_later(self) -> None:
        """A rebuild ended: collect, and let the collector run again, once the preview is idle."""
        with self._lock:
            self._timer = threading.Timer(self.delay, self._collect, args=(self._rebuilds,))
            self._timer.daemon = True
            self._timer.start()

    def _collect(self, rebuild: int) -> None:
        gc.collect()
        with self._lock:
            if rebuild == self._rebuilds:
                gc.enable()
