"""One generation step, for any engine: every page of the site as Markdown, and its data files.

`site_sources` is a plain function of the checked handbook, `docs/` and the site's settings. It
renders the macros of hand-written pages, makes every generated page, and ends each page with
what it shows whatever engine builds it: the link to edit its source, and the print footer (the
public address, the page's content version and, on pages made for printing, a QR code). The
MkDocs plugin serves its result to MkDocs; `handbook generate DIR` writes it as files, which
Zensical builds.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from handbook.check.handbook import Handbook
from handbook.ownfolder import mark
from handbook.pages.experiments import render_plan
from handbook.pages.export import API_FILE, export_text
from handbook.pages.frontmatter import read_back
from handbook.pages.layout import Layout
from handbook.pages.printing import page_url, public_url, qr_svg
from handbook.pages.reading import render_first_month, render_reading_path
from handbook.pages.render import render
from handbook.pages.routes import render_routes
from handbook.pages.site import GeneratedPage, pages_of
from handbook.pages.situations import render_situations_home
from handbook.pages.ticks import KEYS_FILE, checklist_keys, keys_script
from handbook.settings import Settings
from handbook.writing import replace_file

# The macros a hand-written page may call, by name; `render_macros` renders them.
MACROS: dict[str, Callable[..., str]] = {
    "situations_block": render_situations_home,
    "reading_path": render_reading_path,
    "first_month": render_first_month,
    "routes": render_routes,
    "experiment_plan": lambda handbook, playbook_id: render_plan(handbook.playbooks[playbook_id]),
}
_CALL = re.compile(r"\{\{\s*(\w+)\(\s*(?:'([a-z0-9-]*)'|\"([a-z0-9-]*)\")?\s*\)\s*\}\}")
_FRONT = re.compile(r"\A---\n(.*?)\n---\n", re.S)


@dataclass(frozen=True)
class Sources:
    """The whole site as sources: each page's Markdown and each data file's text, by path under docs/."""

    pages: dict[str, GeneratedPage]
    data: dict[str, str]


def site_sources(root: Path, handbook: Handbook, settings: Settings) -> Sources:
    """Every page of the site, the hand-written ones of `root`/docs/ with their macros rendered and
    the generated ones, each ending with its edit link and print footer; and the data files.
    Raises ValueError when a page of docs/ calls an unknown macro or clashes with a generated one."""
    layout = Layout(handbook)
    pages = pages_of(handbook, layout, settings.site_url)
    guide = root / "CONTRIBUTING.md"
    if guide.is_file():
        # Out of a reader's search: a contributor finds the guide in the menu.
        front = "---\ntitle: Contributing a playbook\nsearch: {exclude: true}\n---\n\n"
        pages["contributing/index.md"] = GeneratedPage(front + guide.read_text(encoding="utf-8"), "CONTRIBUTING.md")
    docs = root / "docs"
    for path in sorted(docs.rglob("*.md")):
        uri = path.relative_to(docs).as_posix()
        if uri in pages:
            source = pages[uri].source
            where = f"{source}:1:1: error: its page {uri} clashes with docs/{uri}" if source else (
                f"docs/{uri}:1:1: error: this page is generated from the playbooks")
            raise ValueError(f"{where}; rename or delete one of them")
        pages[uri] = GeneratedPage(render_macros(path.read_text(encoding="utf-8"), handbook), f"docs/{uri}")
    ended = {uri: GeneratedPage(page.markdown + page_end(uri, page, settings), page.source)
             for uri, page in pages.items()}
    return Sources(ended, {API_FILE: export_text(handbook, layout), KEYS_FILE: keys_script(checklist_keys())})


def page_version(markdown: str) -> str:
    """A short fingerprint of a page's content: the same page prints the same version."""
    return hashlib.sha256(markdown.encode("utf-8")).hexdigest()[:10]


def page_end(src_uri: str, page: GeneratedPage, settings: Settings) -> str:
    """What every page ends with: the link to edit its source, and its print footer."""
    url = public_url(settings.site_url, page_url(src_uri))
    front = _FRONT.match(page.markdown)
    meta = read_back(front.group(1)) if front else None
    printable = isinstance(meta, dict) and meta.get("printable") is True
    edit, label = "", ""
    if settings.edit_uri and page.source:
        edit = settings.edit_uri + page.source
        label = "Edit this playbook" if page.source.startswith("playbooks/") else "Edit this page"
    elif settings.edit_uri:
        # A page drawn from many playbooks: the folder that holds them (GitHub's "tree" view).
        edit, label = settings.edit_uri.replace("/edit/", "/tree/", 1) + "playbooks", "See the playbooks"
    return render("_page_end.md.j2", url=url, version=page_version(page.markdown), site_name=settings.site_name,
                  qr=Markup(qr_svg(url)) if printable else "",  # noqa: S704 - our own SVG of an escaped address
                  edit=edit, edit_label=label)


def render_macros(text: str, handbook: Handbook) -> str:
    """A hand-written page with its macro calls replaced by their Markdown; raises ValueError on a
    call it does not know, rather than leave it in the page."""
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


def write_sources(root: Path, sources: Sources, out: Path) -> int:
    """`docs/` (its other files as they are) and every page and data file of `sources`, written
    into `out`, which is replaced (the caller has checked it with `ownfolder.checked_target`).
    Returns the number of files written."""
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(root / "docs", out, ignore=shutil.ignore_patterns("*.md"))
    mark(out)
    files = {uri: page.markdown for uri, page in sources.pages.items()} | sources.data
    for uri, text in files.items():
        target = out / uri
        target.parent.mkdir(parents=True, exist_ok=True)
        replace_file(target, text.encode("utf-8"))
    return len(files)
