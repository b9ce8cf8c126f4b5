"""The deck of situation cards, printed from the real built site in Chromium: a card per situation
(counted from the playbooks), fronts and backs on alternate pages, each back's QR code read off a
150 dpi rendering as its situation's public address, and each back behind its front when the
sheet is printed double-sided and flipped on the long edge."""

from __future__ import annotations

import html
import io
import json
import math
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from handbook.check.loader import load_handbook
from handbook.pages.cards import PER_SHEET, card_pages
from handbook.pages.printing import public_url
from handbook.schema.models import KIND_BY_FIELD
from handbook.settings import read_settings
from tests.conftest import ROOT, missing_tool

CARDS = "/cards/"
MM = 96 / 25.4  # CSS pixels in a millimetre
PAPER_MM = {"A4": (210, 297), "Letter": (215.9, 279.4)}


def handbook() -> Any:
    return load_handbook(ROOT / "playbooks", display_root=ROOT)


def situations() -> dict[str, Any]:
    """Every situation of the playbooks, by id."""
    return {r.item.id: r.item for r in handbook().of_kind(KIND_BY_FIELD["situations"])}


def address_of(situation_id: str) -> str:
    """A situation page's public address, from the setting the build read (mkdocs.yml)."""
    return public_url(read_settings(ROOT / "mkdocs.yml").site_url, f"situations/{situation_id}/")


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def printed(browser: Any, real_url: str, paper: str, folder: Path) -> list[str]:
    """The deck printed at `paper`, each page's text, and its pages rendered at 150 dpi in `folder`."""
    for tool in ("zbarimg", "pdftoppm"):
        if not shutil.which(tool):
            missing_tool(f"{tool} is not installed (Debian: zbar-tools, poppler-utils)")
    page = browser.new_page()
    page.goto(real_url + CARDS)
    pdf = page.pdf(format=paper, print_background=True)
    page.close()
    (folder / "deck.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "150", str(folder / "deck.pdf"), str(folder / "page")], check=True)
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]


def decoded(image: Path) -> list[str]:
    """Every QR code zbarimg finds on a page."""
    result = subprocess.run(["zbarimg", "--quiet", "--raw", str(image)], capture_output=True, text=True)
    return result.stdout.split()


@pytest.mark.browser
@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_the_deck_prints_a_card_per_situation_fronts_then_backs_each_qr_code_leading_to_its_page(
        browser: Any, real_url: str, paper: str, tmp_path: Path) -> None:
    found = situations()
    texts = printed(browser, real_url, paper, tmp_path)
    images = sorted(tmp_path.glob("page-*.png"))
    assert len(texts) == len(images) == 2 * math.ceil(len(found) / PER_SHEET)
    seen: list[str] = []
    for n in range(0, len(texts), 2):
        front, back = squeezed(texts[n]), squeezed(texts[n + 1])
        on_front = [i for i, s in found.items() if squeezed(s.title) in front and i not in seen]
        assert 0 < len(on_front) <= PER_SHEET and "Turnover" in front and "Sayfirst" not in front, n + 1
        assert "Sayfirst" in back or "Tryfirst" in back, n + 2
        # The page after a sheet of fronts holds their backs: one QR code each, read at 150 dpi,
        # each the public address of one of the situations on the front.
        assert sorted(decoded(images[n + 1])) == sorted(address_of(i) for i in on_front), f"page {n + 2}"
        assert decoded(images[n]) == [], f"page {n + 1} is a page of fronts"
        seen += on_front
    assert sorted(seen) == sorted(found)


LAYOUT = """() => {
  const box = el => { const r = el.getBoundingClientRect();
                      return {left: r.left, right: r.right, top: r.top + scrollY, bottom: r.bottom + scrollY}; };
  const side = name => Object.fromEntries([...document.querySelectorAll(`.hb-card--${name}`)].map(card =>
      [card.dataset.card, {card: box(card), sheet: box(card.closest('.hb-deck__sheet')),
                           overflows: card.scrollHeight > card.clientHeight + 1
                                      || card.scrollWidth > card.clientWidth + 1}]));
  return {width: document.documentElement.clientWidth, fronts: side('fronts'), backs: side('backs')};
}"""


@pytest.mark.browser
@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_each_back_prints_behind_its_front_when_flipped_on_the_long_edge(browser: Any, real_url: str,
                                                                         paper: str) -> None:
    width_mm, height_mm = PAPER_MM[paper]
    page = browser.new_page(viewport={"width": round(width_mm * MM), "height": round(height_mm * MM)})
    page.goto(real_url + CARDS)
    page.emulate_media(media="print")
    layout = page.evaluate(LAYOUT)
    page.close()
    assert len(layout["fronts"]) == len(layout["backs"]) == len(situations())
    centre = layout["width"] / 2
    for number, front in layout["fronts"].items():
        back = layout["backs"][number]
        f, b = front["card"], back["card"]
        assert (f["right"] - f["left"], f["bottom"] - f["top"]) == pytest.approx((90 * MM, 60 * MM), abs=1)
        # Flipped on the long edge, a page is mirrored across its vertical centre line.
        assert b["left"] == pytest.approx(2 * centre - f["right"], abs=MM), number
        assert b["right"] == pytest.approx(2 * centre - f["left"], abs=MM), number
        assert b["top"] - back["sheet"]["top"] == pytest.approx(f["top"] - front["sheet"]["top"], abs=MM), number
        assert b["bottom"] - back["sheet"]["top"] == pytest.approx(f["bottom"] - front["sheet"]["top"], abs=MM)
        # On the paper, with room for the cut marks, and nothing cut off inside the card.
        assert front["sheet"]["bottom"] - front["sheet"]["top"] <= (height_mm - 10) * MM
        assert f["left"] >= 10 * MM and f["right"] <= (width_mm - 10) * MM, number
        assert not front["overflows"] and not back["overflows"], number


def test_a_contributors_situation_gets_its_card_with_its_words_as_text(tmp_path: Path) -> None:
    folder = tmp_path / "playbooks"
    shutil.copytree(ROOT / "tests" / "golden" / "hostile-text" / "playbooks", folder)
    markdown = card_pages(load_handbook(folder, display_root=tmp_path), "https://example.org/h/")["cards/index.md"]
    assert markdown.count('data-card="1"') == 2  # its front and its back
    assert "https://example.org/h/situations/odd-situation/" in html.unescape(markdown)
    assert "<script>" not in markdown and "&#60;script&#62;" in markdown


def test_the_deck_is_in_the_menu_and_out_of_search(real_site: Path) -> None:
    index = json.loads((real_site / "search" / "search_index.json").read_text())
    assert not [d["location"] for d in index["docs"] if d["location"].startswith("cards/")]
    home = (real_site / "index.html").read_text()
    assert 'href="cards/"' in home
