"""Every page of the real handbook is valid HTML to the W3C Nu HTML checker (vnu.jar, from the
vnu-jar package in package.json), apart from a few errors in the Material theme's own markup,
each allowed by name below."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.conftest import ROOT, missing_tool

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


@dataclass(frozen=True)
class ThemeError:
    """An error the checker finds in markup that comes from a Material template, not from our
    generated Markdown or our overrides/: the exact message and the markup it is reported at."""

    name: str
    template: str
    message: re.Pattern[str]
    markup: str

    def allows(self, error: dict[str, Any]) -> bool:
        return bool(self.message.fullmatch(error.get("message", ""))) and self.markup in reported_markup(error)


THEME_ERRORS = (
    # material/templates/base.html: the two hidden checkboxes that open the drawer and the search
    # carry autocomplete="off", which HTML allows on text-like inputs only.
    ThemeError(
        name="autocomplete on the drawer and search toggles",
        template="material/templates/base.html",
        message=re.compile(re.escape("Attribute “autocomplete” is only allowed when the input type is ") + ".*"),
        markup='type="checkbox" id="__',
    ),
    # material/templates/partials/toc.html: the table of contents' title is a <label for="__toc">,
    # but partials/nav-item.html writes the <input id="__toc"> only for a page listed in the
    # navigation; generated playbook and exercise pages are not listed, so the label points nowhere.
    ThemeError(
        name="table of contents label of a page outside the navigation",
        template="material/templates/partials/toc.html",
        message=re.compile(re.escape(
            "The value of the “for” attribute of the “label” element must be the ID of a non-hidden form control.")),
        markup='<label class="md-nav__title" for="__toc">',
    ),
)


def reported_markup(error: dict[str, Any]) -> str:
    """The markup the checker highlights for `error`."""
    extract = str(error.get("extract", ""))
    start = int(error.get("hiliteStart", 0))
    return extract[start:start + int(error.get("hiliteLength", len(extract)))]


def java_or_skip() -> str:
    """The `java` executable; skip without it or vnu.jar, but fail in CI."""
    java = shutil.which("java")
    missing = []
    if java is None:
        missing.append("`java` is not on PATH (apt-get install default-jre-headless)")
    if not VNU.is_file():
        missing.append(f"{VNU.relative_to(ROOT)} is missing (run `npm ci`)")
    if missing:
        missing_tool("; ".join(missing))
    assert java is not None
    return java


def check_html(java: str, pages: list[Path]) -> list[dict[str, Any]]:
    """The checker's errors for `pages`, all checked in one run of the JVM."""
    result = subprocess.run([java, "-jar", str(VNU), "--format", "json", "--errors-only", "--exit-zero-always",
                             *map(str, pages)], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    messages: list[dict[str, Any]] = json.loads(result.stderr or result.stdout)["messages"]
    # Anything but "error" (a "non-document-error": a file it could not read) also fails the test.
    return [m for m in messages if m.get("type") != "info"]


def describe(site: Path, error: dict[str, Any]) -> str:
    """`error` as one line: the page's address on the site, the line, the message and the markup."""
    page = str(error.get("url", "")).removeprefix("file:").removeprefix(str(site)).removesuffix("index.html")
    return f"{page} line {error.get('lastLine')}: {error.get('message')} at {reported_markup(error)}"


def test_every_page_is_valid_html_but_for_named_theme_errors(real_site: Path) -> None:
    java = java_or_skip()
    pages = sorted(real_site.rglob("index.html"))
    assert len(pages) > 20
    errors = check_html(java, pages)
    allowed: Counter[ThemeError] = Counter()
    ours = []
    for error in errors:
        entry = next((entry for entry in THEME_ERRORS if entry.allows(error)), None)
        if entry is None:
            ours.append(describe(real_site, error))
        else:
            allowed[entry] += 1
    print(f"vnu.jar checked {len(pages)} pages; allowed errors of the Material theme:")
    for entry in THEME_ERRORS:
        print(f"  {allowed[entry]:4} x {entry.name} ({entry.template})")
    assert not ours, "\n".join(ours)
    # An entry the theme no longer needs goes, so that it cannot hide an error of ours later.
    assert [entry.name for entry in THEME_ERRORS if not allowed[entry]] == []
