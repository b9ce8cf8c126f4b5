"""The same handbook on two engines: MkDocs with Material (the default) and Zensical, its successor.

Zensical builds what `handbook generate` writes (see README, "Outliving Material"). Both sites must
hold the same pages, with the same headings and links on every playbook and exercise page, and on
the Zensical site, too, search finds a playbook by a word of its body and the two-week checklist
ticks, keeps its ticks and prints on one page.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from handbook.check.loader import load_handbook
from handbook.pages.ticks import KEYS_FILE, note_limit
from tests.conftest import ROOT, copy_project, missing_tool, run_handbook, serve
from tests.pages import read_page

ZENSICAL = ROOT / ".venv-zensical" / "bin" / "zensical"


@pytest.fixture(scope="module")
def zensical_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not ZENSICAL.exists():
        missing_tool("Zensical is not installed in .venv-zensical (make test installs it)")
    project = copy_project(tmp_path_factory.mktemp("zensical"), ROOT / "playbooks")
    generated = run_handbook(project, "generate", ".zensical/docs")
    assert generated.returncode == 0, generated.stdout + generated.stderr
    built = subprocess.run([str(ZENSICAL), "build", "--strict", "--config-file", "mkdocs.zensical.yml"],
                           cwd=project, capture_output=True, text=True, timeout=600)
    assert built.returncode == 0 and "No issues found" in built.stdout + built.stderr, built.stdout + built.stderr
    return project / ".zensical" / "site"


@pytest.fixture(scope="module")
def zensical_url(zensical_site: Path) -> Iterator[str]:
    with serve(zensical_site) as url:
        yield url


def html_pages(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html")}


class _Outline(HTMLParser):
    """The h1 to h3 headings of a page's article, without their permalink signs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.heading: list[str] | None = None
        self.skip = 0
        self.headings: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "article":
            self.depth += 1
        if self.depth and tag in ("h1", "h2", "h3"):
            self.heading = []
        if tag == "a" and "headerlink" in (dict(attrs).get("class") or ""):
            self.skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self.skip:
            self.skip -= 1
        if tag in ("h1", "h2", "h3") and self.heading is not None:
            self.headings.append(f"{tag}: {' '.join(''.join(self.heading).split())}")
            self.heading = None
        if tag == "article":
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.heading is not None and not self.skip:
            self.heading.append(data)


def outline(site: Path, url: str) -> list[str]:
    parser = _Outline()
    parser.feed((site / url.strip("/") / "index.html").read_text(encoding="utf-8"))
    return parser.headings


def content_links(site: Path, url: str) -> list[str]:
    """The links of a page's article, resolved: what the reader can follow from the content."""
    html = (site / url.strip("/") / "index.html").read_text(encoding="utf-8")
    article = re.search(r"<article\b.*?</article>", html, re.S)
    assert article, url
    page = read_page(site, url)
    # The edit button is MkDocs' alone: the hook points it at the playbook's YAML (see README).
    anchors = [a for a in re.findall(r"<a\b[^>]*>", article.group(0)) if "md-content__button" not in a]
    page.links = [re.search(r'\bhref="([^"]*)"', a).group(1) for a in anchors if 'href="' in a]  # type: ignore[union-attr]
    return page.resolved_links()


def content_pages() -> list[str]:
    handbook = load_handbook(ROOT / "playbooks", display_root=ROOT)
    exercises = {r.item.id for r in handbook.items.values() if r.kind.field == "exercises"}
    return [f"/playbooks/{p}/" for p in handbook.playbooks] + [f"/exercises/{e}/" for e in sorted(exercises)]


def test_both_engines_build_the_same_pages(real_site: Path, zensical_site: Path) -> None:
    assert html_pages(zensical_site) == html_pages(real_site)
    for data in ("api/handbook.json", KEYS_FILE):  # the generation step's data files
        assert (zensical_site / data).read_text() == (real_site / data).read_text(), data


@pytest.mark.parametrize("url", content_pages())
def test_every_playbook_and_exercise_has_the_same_headings_and_links(real_site: Path, zensical_site: Path,
                                                                      url: str) -> None:
    assert outline(zensical_site, url) == outline(real_site, url)
    assert len(outline(real_site, url)) >= 3
    assert content_links(zensical_site, url) == content_links(real_site, url)


def test_search_on_zensical_finds_a_playbook_by_a_word_of_its_body(browser: Any, zensical_url: str) -> None:
    # "nemawashi" is a word of the invite-collaboration playbook and of the reference it lists.
    page = browser.new_page()
    page.goto(zensical_url + "/")
    page.locator(".md-search__button").click()
    page.keyboard.type("nemawashi")
    results = page.locator("a[href*='playbooks/invite-collaboration']")
    results.first.wait_for(timeout=10000)
    assert results.count() >= 1
    page.close()


def test_the_checklist_ticks_keeps_its_ticks_and_prints_on_one_page_on_zensical(browser: Any,
                                                                                 zensical_url: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.goto(zensical_url + "/checklists/two-week-experiment/")
    page.evaluate("localStorage.clear()")
    page.reload()
    boxes = page.locator(".hb-plan input[type=checkbox]")
    assert boxes.count() >= 10
    boxes.nth(0).check()
    boxes.nth(3).check()
    page.reload()
    assert boxes.nth(0).is_checked() and boxes.nth(3).is_checked() and not boxes.nth(1).is_checked()
    assert page.evaluate("() => HandbookProgress.noteLimit('note.d3')") == note_limit("note.d3")
    for paper in ("A4", "Letter"):
        pdf = PdfReader(io.BytesIO(page.pdf(format=paper, print_background=True)))
        assert len(pdf.pages) == 1, paper
    context.close()


@pytest.mark.parametrize("url", ["/checklists/two-week-experiment/", "/exercises/start-a-peer-check-in/"])
def test_both_engines_print_the_same_footer_and_a_qr_code_of_the_public_address(
        browser: Any, real_url: str, zensical_url: str, url: str, tmp_path: Path) -> None:
    for tool in ("zbarimg", "pdftoppm"):
        if not shutil.which(tool):
            missing_tool(f"{tool} is not installed (Debian: zbar-tools, poppler-utils)")
    printed = {}
    for engine, base in (("mkdocs", real_url), ("zensical", zensical_url)):
        page = browser.new_page()
        page.goto(base + url)
        pdf = page.pdf(format="A4", print_background=True)
        (tmp_path / f"{engine}.pdf").write_bytes(pdf)
        subprocess.run(["pdftoppm", "-png", "-r", "200", str(tmp_path / f"{engine}.pdf"), str(tmp_path / engine)],
                       check=True)
        image = sorted(tmp_path.glob(f"{engine}*.png"))[-1]
        decoded = subprocess.run(["zbarimg", "--quiet", "--raw", str(image)], capture_output=True, text=True)
        footer = page.locator(".hb-print-footer__text").text_content() or ""
        printed[engine] = (decoded.stdout.split(), re.sub(r"\s+", " ", footer.replace(
            page.locator(".hb-print-footer__date").text_content() or "", "")))
        page.close()
    assert printed["mkdocs"] == printed["zensical"]
    address = printed["mkdocs"][0]
    assert len(address) == 1 and address[0].startswith("https://") and address[0].endswith(url)
    assert address[0] in printed["mkdocs"][1] and "content version" in printed["mkdocs"][1]
