"""What every reader gets, in real Chromium: search, accessibility, no requests off the site,
links that resolve, the offline copy and the whole handbook in print."""

from __future__ import annotations

import io
import re
import subprocess
import zipfile
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag

import pytest
from pypdf import PdfReader

from handbook.check.loader import load_handbook
from handbook.pages.ticks import note_limit
from handbook.schema.models import KINDS
from tests.conftest import ROOT, missing_tool
from tests.pages import broken_links

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PAGE_KINDS = {
    "home": "/", "situations": "/situations/", "situation": "/situations/peer-says-they-are-swamped/",
    "phrasebook": "/phrasebook/", "playbook index": "/playbooks/",
    "playbook": "/playbooks/strategic-influence/", "exercise": "/exercises/find-a-growth-opportunity/",
    **{f"{kind.slug} index": f"/{kind.slug}/" for kind in KINDS if kind.slug != "situations"},
    "tags": "/tags/", "tag listing": "/tags/kind/playbook/", "checklists": "/checklists/",
    "two-week checklist": "/checklists/two-week-experiment/",
    "before you ask": "/checklists/before-you-ask/", "card deck": "/cards/", "contributing": "/contributing/",
    "field reference": "/contributing/schema/", "whole handbook": "/print/",
}


def handbook() -> Any:
    return load_handbook(ROOT / "playbooks", display_root=ROOT)


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.exists():
        missing_tool(f"{AXE} is missing (run npm ci)")
    return AXE.read_text()


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("url", PAGE_KINDS.values(), ids=PAGE_KINDS.keys())
def test_no_serious_accessibility_violation(browser: Any, real_url: str, axe_source: str, url: str,
                                            scheme: str) -> None:
    page = browser.new_page(color_scheme=scheme)
    page.goto(real_url + url)
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == (
        "slate" if scheme == "dark" else "default")
    page.add_script_tag(content=axe_source)
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    serious = [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
               for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == []
    page.close()


@pytest.mark.browser
@pytest.mark.parametrize("url", PAGE_KINDS.values(), ids=PAGE_KINDS.keys())
def test_no_request_leaves_the_site(browser: Any, real_url: str, url: str) -> None:
    page = browser.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(real_url + url, wait_until="networkidle")
    page.locator(".md-search__input").fill("trust")
    page.wait_for_timeout(300)
    outside = [r for r in requests if not r.startswith((real_url + "/", "data:", "blob:"))]
    assert requests and outside == []
    page.close()


def word_in_one_playbook_body() -> tuple[str, str]:
    """A long word found in the body of exactly one playbook's own items, and that playbook."""
    book = handbook()
    texts: dict[str, str] = {}
    for playbook in book.ordered():
        own = [r.item for r in book.items.values() if r.used_by == [playbook.id]]
        texts[playbook.id] = " ".join(str(getattr(i, "body", "") or "") for i in own).lower()
    docs = " ".join(p.read_text().lower() for p in (ROOT / "docs").rglob("*.md"))
    for playbook_id, text in texts.items():
        for word in sorted(set(re.findall(r"\b[a-z]{9,}\b", text))):
            others = [t for other, t in texts.items() if other != playbook_id]
            every_yaml = " ".join(p.read_text().lower() for p in (ROOT / "playbooks").glob("*.yaml")
                                  if p.stem != playbook_id)
            if not any(word in t for t in others) and word not in every_yaml and word not in docs:
                return word, playbook_id
    raise AssertionError("no word is unique to one playbook")


def search(page: Any, query: str) -> list[str]:
    page.keyboard.press("s")  # Material's shortcut: the search opens from the keyboard
    page.keyboard.type(query)
    page.wait_for_selector(".md-search-result__item")
    # Results follow each key typed, and are drawn again as they come: read them in one step, once
    # two reads agree (a busy machine may still be drawing the results of a shorter query).
    shown: list[str] = []
    for _ in range(40):
        now = [str(h) for h in page.eval_on_selector_all(
            ".md-search-result__item > a", "links => links.map(a => a.getAttribute('href'))")]
        if now and now == shown:
            break
        shown = now
        page.wait_for_timeout(150)
    return shown


@pytest.mark.browser
@pytest.mark.parametrize("url", PAGE_KINDS.values(), ids=PAGE_KINDS.keys())
def test_search_finds_a_playbook_by_a_word_of_its_body_first(browser: Any, real_url: str, url: str) -> None:
    word, playbook_id = word_in_one_playbook_body()
    page = browser.new_page()
    page.goto(real_url + url)
    hrefs = search(page, word)
    assert f"/playbooks/{playbook_id}/" in urldefrag(page.evaluate(
        "h => new URL(h, location.href).pathname", hrefs[0]))[0]
    page.close()


@pytest.mark.browser
def test_search_result_opens_from_the_keyboard(browser: Any, real_url: str) -> None:
    word, playbook_id = word_in_one_playbook_body()
    page = browser.new_page()
    page.goto(real_url + "/")
    search(page, word)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(f"/playbooks/{playbook_id}/"))
    page.close()


def test_every_internal_link_and_anchor_resolves(real_site: Path) -> None:
    pages, broken = broken_links(real_site)
    assert len(pages) > 30 and broken == []


@pytest.mark.browser
def test_the_whole_handbook_is_one_page_in_reading_order_without_chrome(browser: Any, real_url: str,
                                                                         real_site: Path) -> None:
    titles = [p.model.title for p in handbook().ordered()]
    html = (real_site / "print" / "index.html").read_text()
    # Each playbook's title is anchored at its id; other playbooks' titles may be named before it.
    positions = [html.find(f'<h1 id="{p.id}"') for p in handbook().ordered()]
    assert -1 not in positions and positions == sorted(positions)
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), "anchors repeat on the print page"
    tab = browser.new_page()
    tab.goto(real_url + "/print/")
    pdf = PdfReader(io.BytesIO(tab.pdf(format="A4")))
    text = " ".join((p.extract_text() or "") for p in pdf.pages)
    assert len(pdf.pages) > len(titles)
    assert "Framing patterns" in text  # a section heading of every playbook
    # Folded text (details) is out of sight on screen and printed: its words count as the article's.
    article = tab.locator("article").text_content() or ""
    nav_only = [label for label in tab.evaluate(
        "() => [...document.querySelectorAll('.md-nav__link')].map(a => a.textContent.trim())")
        if label and label not in article]
    assert nav_only and not [label for label in nav_only if label in text]
    tab.close()


@pytest.mark.browser
def test_the_offline_zip_works_from_disk_search_included(browser: Any, tmp_path: Path) -> None:
    result = subprocess.run(["make", "offline"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(ROOT / "dist" / "influence-handbook-offline.zip") as archive:
        archive.extractall(tmp_path)
    word, playbook_id = word_in_one_playbook_body()
    page = browser.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto((tmp_path / "index.html").as_uri())
    page.get_by_role("link", name="Playbooks", exact=True).first.click()
    page.wait_for_url(re.compile(r"playbooks/index\.html$"))
    hrefs = search(page, word)
    assert f"{playbook_id}.html" in hrefs[0]
    # The checklists read their keys and note limits from a generated script, which loads from disk too.
    page.goto((tmp_path / "checklists" / "two-week-experiment.html").as_uri())
    assert page.evaluate("() => window.HandbookProgress.noteLimit('note.d3')") == note_limit("note.d3")
    assert all(r.startswith(("file://", "data:", "blob:")) for r in requests)
    page.close()
