"""One generation step, for any engine: every page the handbook generates, and its data files.

The MkDocs hook calls `site_files`; `handbook generate DIR` writes the same pages
with `docs/` beside them into one folder that any engine reading Markdown builds (Zensical, for
one), the home page's macros already rendered, since other engines have no mkdocs-macros.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

from .backing import replace_file
from .export import API_FILE, export_text
from .incremental import Generation, Pieces
from .layout import Layout
from .loader import Handbook
from .pages import (
    GeneratedPage,
    pages_of,
    render_first_month,
    render_plan,
    render_reading_path,
)
from .situations import render_situations_home

# The macros a hand-written page may call, by name; macros/main.py registers these with
# mkdocs-macros, and `write_sources` renders them for engines without it.
MACROS: dict[str, Callable[..., str]] = {
    "situations_block": render_situations_home,
    "reading_path": render_reading_path,
    "first_month": render_first_month,
    "experiment_plan": lambda handbook, playbook_id: render_plan(handbook.playbooks[playbook_id]),
}
_CALL = re.compile(r"\{\{\s*(\w+)\(\s*(?:'([a-z0-9-]*)'|\"([a-z0-9-]*)\")?\s*\)\s*\}\}")
_FRONT = re.compile(r"\A---\n(.*?)\n---\n", re.S)


def site_files(root: Path, handbook: Handbook, previous: Generation | None = None
               ) -> tuple[dict[str, GeneratedPage], dict[str, str], Generation]:
    """Every generated page, by its path under docs/, with the contributing guide shown on the site;
    the data files (the handbook as data; its schema is committed in docs/schema/); and this
    generation. Each piece is made again only where the playbooks changed since the `previous`
    generation, which the preview keeps (see incremental.py)."""
    made = Pieces(handbook, previous)
    layout = Layout(handbook)
    pages = pages_of(handbook, made, layout)
    guide = root / "CONTRIBUTING.md"
    if guide.is_file():
        # Out of a reader's search: a contributor finds the guide in the menu.
        front = "---\ntitle: Contributing a playbook\nsearch: {exclude: true}\n---\n\n"
        pages["contributing/index.md"] = GeneratedPage(front + guide.read_text(encoding="utf-8"), "CONTRIBUTING.md")
    return pages, {API_FILE: export_text(handbook, made.piece, layout)}, made.generation


def render_macros(text: str, handbook: Handbook) -> str:
    """A hand-written page with its macro calls replaced by their Markdown, for engines without
    mkdocs-macros; raises ValueError on a call it does not know, rather than leave it in the page."""
    front = _FRONT.match(text)
    if front is None or "render_macros: true" not in front.group(1).splitlines():
        return text
    kept = [line for line in front.group(1).splitlines() if line.strip() != "render_macros: true"]

    def call(match: re.Match[str]) -> str:
        name, argument = match.group(1), match.group(2) or match.group(3)
        if name not in MACROS:
            raise ValueError(f"unknown macro {name}()")
        return MACROS[name](handbook, *([argument] if argument else []))

    body = _CALL.sub(call, text[front.end():])
    if "{{" in body or "{%" in body:
        raise ValueError("a template expression other than a plain macro call")
    return (f"---\n{chr(10).join(kept)}\n---\n" if kept else "") + body


def write_sources(root: Path, handbook: Handbook, out: Path) -> int:
    """`docs/` (macros rendered), every generated page and the data files, written into `out`,
    which is replaced. Returns the number of files written."""
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(root / "docs", out)
    written = 0
    for page in out.rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        rendered = render_macros(text, handbook)
        if rendered != text:
            replace_file(page, rendered.encode("utf-8"))
    pages, data, _ = site_files(root, handbook)
    files = {uri: page.markdown for uri, page in pages.items()} | data
    for uri, text in files.items():
        target = out / uri
        if target.exists():
            raise ValueError(f"docs/{uri} clashes with a generated file")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        written += 1
    return written

