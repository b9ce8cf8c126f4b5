"""mkdocs-macros glue: the macros a hand-written page may call. Registration only.

A page opts in with `render_macros: true` in its front matter (the plugin renders no page by
default, so no playbook text ever meets Jinja). The macros return Markdown rendered by
`handbook.pages`, where every piece of playbook text is escaped.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from handbook.loader import Handbook, load_handbook_cached
from handbook.pages import render_plan, render_reading_path, render_situation_list
from handbook.problems import HandbookError


def define_env(env: Any) -> None:
    """Register the handbook's macros with mkdocs-macros."""
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

    @env.macro
    def situations_block() -> str:
        """The first situations of the first playbooks, each leading to the playbooks written for it."""
        return render_situation_list(handbook())

    @env.macro
    def reading_path() -> str:
        """Every playbook in reading order, with its summary, generated from the playbooks' order."""
        return render_reading_path(handbook())

    @env.macro
    def experiment_plan(playbook_id: str) -> str:
        """The tickable day-by-day plan of a playbook's two-week experiment."""
        return render_plan(handbook().playbooks[playbook_id])
