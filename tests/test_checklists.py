"""Checklists in real Chromium: one printed page at A4 and Letter, ticks that survive a reload."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from handbook.loader import load_handbook
from tests.conftest import FIXTURES, ROOT, copy_project, run_mkdocs, serve

pytestmark = pytest.mark.browser
TWO_WEEK = "/checklists/two-week-experiment/"


def experiment_of_the_real_handbook() -> Any:
    handbook = load_handbook(ROOT / "playbooks", display_root=ROOT)
    pages = {p.model.experiment.page: p.model.experiment for p in handbook.ordered() if p.model.experiment}
    return pages["two-week-experiment"]


def pdf_of(page: Any, paper: str) -> PdfReader:
    return PdfReader(io.BytesIO(page.pdf(format=paper, print_background=True)))


def text_of(pdf: PdfReader) -> str:
    return " ".join(" ".join((p.extract_text() or "").split()) for p in pdf.pages)


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_two_week_checklist_prints_on_one_page_with_every_experiment(
        browser: Any, real_url: str, paper: str) -> None:
    page = browser.new_page()
    page.goto(real_url + TWO_WEEK)
    pdf = pdf_of(page, paper)
    text = text_of(pdf)
    assert len(pdf.pages) == 1
    for step in experiment_of_the_real_handbook().steps:
        assert " ".join(step.title.split()) in text, step.title
    assert "Influence Handbook" in text and real_url + TWO_WEEK in text.replace(" ", "")
    assert "Search" not in text and "Print" not in text.replace("printed", "")
    page.close()


def test_every_printed_word_of_the_two_week_checklist_is_at_least_9pt(browser: Any, real_url: str) -> None:
    page = browser.new_page()
    page.goto(real_url + TWO_WEEK)
    page.emulate_media(media="print")
    smallest = page.evaluate("""() => {
        const sizes = [...document.querySelectorAll('body *')]
          .filter(el => el.offsetParent !== null && el.childNodes.length
                        && [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))
          .map(el => parseFloat(getComputedStyle(el).fontSize));
        return Math.min(...sizes);
    }""")
    assert smallest * 0.75 >= 9  # CSS px to pt
    page.close()


def test_printed_boxes_are_squares_ticked_or_empty(browser: Any, real_url: str) -> None:
    page = browser.new_page()
    page.goto(real_url + TWO_WEEK)
    page.evaluate("localStorage.clear()")
    page.reload()
    page.locator(".hb-plan input[type=checkbox]").first.check()
    page.emulate_media(media="print")
    boxes = page.evaluate("""() => [...document.querySelectorAll('.hb-plan input[type=checkbox]')]
        .slice(0, 2).map(b => { const r = b.getBoundingClientRect();
            const tick = getComputedStyle(b, '::after').content;
            return {w: r.width, h: r.height, border: getComputedStyle(b).borderTopStyle,
                    checked: b.checked, tick}; })""")
    assert all(abs(b["w"] - b["h"]) < 0.5 and b["w"] > 8 and b["border"] == "solid" for b in boxes)
    assert boxes[0]["checked"] and boxes[0]["tick"] != "none"
    assert not boxes[1]["checked"] and boxes[1]["tick"] == "none"
    page.close()


def test_a_tick_and_a_note_survive_a_reload(browser: Any, fixture_url: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.goto(fixture_url + TWO_WEEK)
    box = page.get_by_role("checkbox", name="Map your stakeholder network").first
    box.focus()
    page.keyboard.press("Space")
    page.get_by_label("Note for day 3").fill("Thanked Sam in standup")
    page.reload()
    assert page.get_by_role("checkbox", name="Map your stakeholder network").first.is_checked()
    assert page.get_by_label("Note for day 3").input_value() == "Thanked Sam in standup"
    page.get_by_role("button", name="Clear ticks and notes").click()
    page.reload()
    assert not page.get_by_role("checkbox", name="Map your stakeholder network").first.is_checked()
    context.close()


def test_a_changed_entry_does_not_inherit_an_old_tick(browser: Any, tmp_path: Path) -> None:
    project = copy_project(tmp_path, FIXTURES / "playbooks")
    assert run_mkdocs(project).returncode == 0
    url = "/exercises/find-a-growth-task/"
    with serve(project / "site") as base:
        context = browser.new_context()
        page = context.new_page()
        page.goto(base + url)
        page.get_by_role("checkbox", name="Scan the backlog for one task that stretches a colleague.").check()
        page.get_by_role("checkbox", name="Write two sentences on why it fits them.").check()
        playbook = project / "playbooks" / "asking-peers.yaml"
        playbook.write_text(playbook.read_text().replace(
            "Scan the backlog for one task", "Scan the roadmap for one task"))
        assert run_mkdocs(project).returncode == 0
        page.reload()
        reworded = "Scan the roadmap for one task that stretches a colleague."
        assert not page.get_by_role("checkbox", name=reworded).is_checked()
        assert page.get_by_role("checkbox", name="Write two sentences on why it fits them.").is_checked()
        context.close()


def test_an_exercise_page_prints_without_site_chrome(browser: Any, fixture_url: str, fixture_site: Path) -> None:
    page = browser.new_page()
    page.goto(fixture_url + "/exercises/find-a-growth-task/")
    text = text_of(pdf_of(page, "A4"))
    assert "Scan the backlog for one task that stretches a colleague." in text
    nav_labels = page.evaluate(
        "() => [...document.querySelectorAll('.md-nav__link')].map(a => a.textContent.trim()).filter(Boolean)")
    assert nav_labels, "the page on screen has navigation"
    for label in {"Situations", "Framing patterns", "Anti-patterns", "When not to use influence"}:
        assert label in nav_labels and label not in text
    assert "Search" not in text and "Clear ticks and notes" not in text
    page.close()
