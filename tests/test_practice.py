"""Practice that fits a working week, in real Chromium: days that are dated weekdays, notes never
cut, the how beside the what, sharing that says what it shares, a calendar that reminds.

Expected values come from the playbooks (the experiment's steps and reflection days), not from the page.
"""

from __future__ import annotations

import re
from datetime import date, time, timedelta
from pathlib import Path
from typing import Any

import icalendar
import pytest

from handbook.check.loader import load_handbook
from handbook.pages.ticks import note_limit
from tests.conftest import FIXTURES, ROOT

pytestmark = pytest.mark.browser
TWO_WEEK = "/checklists/two-week-experiment/"
# The week of 2 November 2026, Monday to Sunday: a start on each day of the week.
STARTS = {date(2026, 11, 2) + timedelta(days=n): (date(2026, 11, 2) + timedelta(days=n)).strftime("%A")
          for n in range(7)}


def fixture_plan() -> Any:
    book = load_handbook(FIXTURES / "playbooks", display_root=FIXTURES)
    return next(p.model.experiment for p in book.ordered() if p.model.experiment)


def fresh(browser: Any, url: str, **context: Any) -> Any:
    page = browser.new_context(accept_downloads=True, **context).new_page()
    page.goto(url)
    page.evaluate("localStorage.clear()")
    page.reload()
    return page


def download(page: Any, button: str) -> str:
    with page.expect_download() as info:
        page.get_by_role("button", name=button).click()
    return Path(info.value.path()).read_text(encoding="utf-8")


# ---------------------------------------------------------------- days that are days

@pytest.mark.parametrize("start", STARTS, ids=[f"a start on a {name}" for name in STARTS.values()])
def test_every_experiment_falls_on_a_working_day_on_screen_and_in_the_calendar(
        browser: Any, fixture_url: str, start: date) -> None:
    plan = fixture_plan()
    page = fresh(browser, fixture_url + TWO_WEEK)
    page.locator('input[data-key="start"]').fill(start.isoformat())
    shown = dict(page.evaluate("""() => [...document.querySelectorAll('.hb-plan__date')].map(s => {
        const t = s.querySelector('time');
        return [Number(s.dataset.day), t ? t.getAttribute('datetime') : null];
    })"""))
    assert sorted(shown) == list(range(1, 15))
    dates = {day: date.fromisoformat(shown[day]) for day in shown}
    assert all(dates[d] < dates[d + 1] for d in range(1, 14)), "each day after the one before"
    for step in plan.steps:
        for day in step.days:
            assert dates[day].weekday() < 5, (step.id, day, dates[day])
    if start.weekday() < 5:
        assert dates[1] == start
    # Each day shows its weekday beside its number.
    label = page.locator(f'.hb-plan__date[data-day="{plan.steps[0].days[0]}"]').inner_text()
    assert dates[plan.steps[0].days[0]].strftime("%a") in label
    moved = [d for d in dates if dates[d] != start + timedelta(days=d - 1)]
    notice = page.locator(".hb-plan__shift")
    if moved:
        assert notice.is_visible() and f"day {moved[0]} moves past the weekend" in notice.inner_text()
    else:
        assert not notice.is_visible()

    calendar = icalendar.Calendar.from_ical(download(page, "Add to calendar"))
    events = calendar.walk("VEVENT")
    assert len(events) == 14
    by_day = {int(re.match(r"Day (\d+):", str(e.get("SUMMARY"))).group(1)): e for e in events}  # type: ignore[union-attr]
    for day, event in by_day.items():
        begins = event.decoded("DTSTART")
        assert begins.date() == dates[day] and begins.time() == time(9, 0) and begins.tzinfo is None
        alarms = event.walk("VALARM")
        assert len(alarms) == 1 and str(alarms[0].get("ACTION")) == "DISPLAY"
        assert alarms[0].decoded("TRIGGER") == timedelta(0)
        for step in plan.steps:
            assert (step.title in str(event.get("SUMMARY"))) == (day in step.days), (day, step.title)
    page.context.close()


def test_the_calendar_reminds_at_the_time_the_reader_picks(browser: Any, fixture_url: str) -> None:
    page = fresh(browser, fixture_url + TWO_WEEK)
    page.locator('input[data-key="start"]').fill("2026-11-02")
    page.get_by_label("Reminder at").fill("07:30")
    calendar = icalendar.Calendar.from_ical(download(page, "Add to calendar"))
    starts = {e.decoded("DTSTART").time() for e in calendar.walk("VEVENT")}
    assert starts == {time(7, 30)}
    assert all(e.walk("VALARM") for e in calendar.walk("VEVENT"))
    page.context.close()


# ---------------------------------------------------------------- notes never cut silently

def test_a_120_character_note_is_kept_whole_or_refused_visibly_never_cut(browser: Any, fixture_url: str) -> None:
    limit = note_limit("note.d3")
    note = ("Draft it by Friday with Sam, then ask Priya to review it before the planning meeting. " * 2)[:120]
    assert len(note) == 120 > limit
    page = fresh(browser, fixture_url + TWO_WEEK)
    field, left = page.get_by_label("Note for day 3"), page.locator("#left-note-d3")
    # Pasted at once (Playwright's fill inserts the text as one input, as a paste does).
    field.fill(note)
    assert field.input_value() in ("", note)
    if field.input_value() == "":
        assert left.is_visible() and "Not added" in left.inner_text() and "120" in left.inner_text()
        assert "Not added" in page.locator(".hb-checklist__status").first.inner_text()
    # Typed key by key: what does not fit is refused where the reader is looking.
    field.fill("")
    field.press_sequentially(note[:limit + 5])
    value = field.input_value()
    assert value == note[:limit] and note.startswith(value)
    assert left.is_visible() and "full" in left.inner_text()
    field.press("Backspace")
    assert left.inner_text() == f"1 of {limit} characters left."
    page.context.close()


def test_a_note_longer_than_its_room_from_elsewhere_is_kept_whole_and_said(browser: Any, fixture_url: str) -> None:
    note = "x" * 120
    page = fresh(browser, fixture_url + TWO_WEEK)
    page.evaluate("v => localStorage.setItem('influence-handbook:checklist:plan-two-week-experiment', v)",
                  '{"version": 2, "checklist": "plan-two-week-experiment", "ticks": {}, "notes": {"note.d3": "'
                  + note + '"}}')
    page.reload()
    assert page.get_by_label("Note for day 3").input_value() == note
    assert "20 characters over" in page.locator("#left-note-d3").inner_text()
    assert "120 characters" in page.locator(".hb-checklist__notices").inner_text()
    page.context.close()


@pytest.mark.parametrize("key", ["note.d3", "reflect.w1"], ids=["a day's note", "a week's reflection"])
def test_the_box_grows_to_show_the_whole_note(browser: Any, fixture_url: str, key: str) -> None:
    page = fresh(browser, fixture_url + TWO_WEEK)
    field = page.locator(f'textarea[data-key="{key}"]')
    field.fill("Asked Sam.\nThen Priya.\nBoth said yes.")
    hidden = field.evaluate("t => t.scrollHeight - t.clientHeight")
    lines = field.evaluate("t => t.clientHeight / parseFloat(getComputedStyle(t).lineHeight)")
    assert hidden <= 1 and lines >= 3
    page.context.close()


# ---------------------------------------------------------------- the how beside the what

def test_each_experiment_s_instructions_open_from_its_row(browser: Any, fixture_url: str) -> None:
    plan = fixture_plan()
    page = fresh(browser, fixture_url + TWO_WEEK)
    for step in plan.steps:
        if not step.body:
            continue
        row = page.locator("tr", has=page.locator(f'input[data-key="d{step.days[0]}.{step.id}"]'))
        how = row.locator("li", has=page.locator(f'input[data-key="d{step.days[0]}.{step.id}"]')).locator("details")
        assert not how.locator("p").is_visible()
        how.locator("summary").click()
        assert how.locator("p").is_visible() and how.locator("p").inner_text() == " ".join(step.body.split())
    page.context.close()


# ---------------------------------------------------------------- found from the home page, one name

def test_the_home_page_links_each_plan_in_one_click_under_the_name_its_page_and_menu_use(
        browser: Any, real_url: str) -> None:
    book = load_handbook(ROOT / "playbooks", display_root=ROOT)
    plans = [p.model.experiment for p in book.ordered() if p.model.experiment]
    assert plans
    page = browser.new_page()
    for plan in plans:
        page.goto(real_url + "/")
        link = page.locator(f'article a[href="checklists/{plan.page}/"]')
        assert link.count() >= 1, plan.page
        assert link.first.inner_text() == plan.title
        # The sentence around it says which plan comes first and for whom.
        sentence = link.first.locator("xpath=..").inner_text()
        assert "reading path" in sentence and "first 30 days" in sentence
        menu = page.locator(f'nav.md-nav--primary a.md-nav__link[href="checklists/{plan.page}/"]')
        assert menu.count() >= 1 and menu.first.evaluate("a => a.textContent.trim()") == plan.title
        link.first.click()
        assert page.url.endswith(f"/checklists/{plan.page}/")
        assert page.locator("article h1").inner_text().strip().removesuffix("¶") == plan.title
        assert page.title().startswith(plan.title)
    page.close()


# ---------------------------------------------------------------- sharing that says what it shares

def test_copy_link_says_notes_go_into_the_address_and_offers_ticks_only(browser: Any, fixture_url: str) -> None:
    page = fresh(browser, fixture_url + TWO_WEEK, permissions=["clipboard-read", "clipboard-write"])
    box = page.locator(".hb-plan input[type=checkbox]").first
    box.check()
    page.get_by_label("Note for day 2").fill("Asked Priya about the migration")
    warning = page.locator(".hb-checklist__link-note").first
    assert warning.is_visible() and re.search(r"every note goes into it", warning.inner_text(), re.I)
    page.get_by_role("button", name="Copy link with ticks only").click()
    page.wait_for_function("() => document.querySelector('.hb-checklist__status').textContent.includes('copied')")
    assert "no notes" in page.locator(".hb-checklist__status").first.inner_text()
    link = page.evaluate("navigator.clipboard.readText()")
    other = browser.new_context().new_page()
    other.once("dialog", lambda dialog: dialog.accept())
    other.goto(link)
    other.wait_for_load_state("load")
    assert other.locator(f'input[data-key="{box.get_attribute("data-key")}"]').is_checked()
    assert other.get_by_label("Note for day 2").input_value() == ""
    assert "Priya" not in link and "Asked" not in link
    other.context.close()
    page.get_by_role("button", name="Copy link with ticks and notes").click()
    page.wait_for_function("() => document.querySelector('.hb-checklist__status').textContent.includes('every note')")
    page.context.close()
