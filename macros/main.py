"""mkdocs-macros glue: the macros hand-written pages may call. Registration only."""

from __future__ import annotations

from typing import Any


def define_env(env: Any) -> None:
    """Register the handbook's macros with mkdocs-macros."""
