"""mkdocs-macros glue: the macros a hand-written page may call. Registration only.

A page opts in with `render_macros: true` in its front matter (the plugin renders no page by
default, so no playbook text ever meets Jinja). The macros return Markdown rendered by
`handbook.pages`, where every piece of playbook text is escaped.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from handbook.generate import MACROS
from handbook.loader import Handbook, load_handbook_cached
from handbook.problems import HandbookError


def define_env(env: Any) -> None:
    """Register the handbook's macros (handbook.generate.MACROS) with mkdocs-macros."""
    playbooks = Path(env.project_dir) / "playbooks"
    last_good: list[Handbook] = []

    def handbook() -> Handbook:
        # While a playbook is broken, `mkdocs serve` shows the last good pages (see hooks.py).
        try:
            last_good[:] = [load_handbook_cached(playbooks)]
        except HandbookError:
            if not last_good:
                raise
        return last_good[0]

    for name, render in MACROS.items():
        env.macro(lambda *args, render=render: render(handbook(), *args), name)
