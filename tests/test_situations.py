"""From what a reader faces to what they say: the situation pages, the conversations, the
phrasebook, the home page's opening and the playbook pages' order, checked on the real built site
in Chromium, and the checker's word on every id a conversation names."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from handbook.check.conversations import Lines, check_lines, spoken_lines
from handbook.check.loader import load_handbook
from handbook.pages.folding import fold
from handbook.pages.spellings import other_spellings
from handbook.problems import HandbookError
from tests.conftest import FIXTURES, ROOT
from tests.pages import read_page

PHONE = {"width": 390, "height": 844}


def real_handbook() -> Any:
    return load_handbook(ROOT / "playbooks", display_root=ROOT)


def situation_ids() -> list[str]:
    return [record.item.id for record in real_handbook().items.values() if record.kind.field == "situations"]


def problems_of(tmp_path: Path, edit: Any) -> list[str]:
    """The problems `handbook check` finds once `edit` has changed the fixture playbook's text."""
    folder = tmp_path / "playbooks"
    folder.mkdir(exist_ok=True)
    for file in (FIXTURES / "playbooks").glob("*.yaml"):
        (folder / file.name).write_text(file.read_text())
    target = folder / "asking-peers.yaml"
    target.write_text(edit(target.read_text()))
    try:
        load_handbook(folder, display_root=tmp_path)
    except HandbookError as error:
        return [str(problem) for problem in error.problems]
    return []


def with_reply(text: str, next_id: str) -> str:
    """The fixture with its first line to say renamed 'first-line' (wherever it is named) and given one
    reply that names `next_id`, after the line's last field, its moment."""
    line = re.search(r"^\s*- id: (\S+)\n\s*when: ", text, re.M)
    assert line is not None
    text = re.sub(rf"(?<![a-z0-9-]){re.escape(line.group(1))}(?![a-z0-9-])", "first-line", text)
    moment = re.search(r"^(\s*)moment: .*$", text, re.M)
    assert moment is not None
    pad = moment.group(1)
    addition = f"\n{pad}replies:\n{pad}  - they_say: \"Not now\"\n{pad}    next: {next_id}"
    return text[:moment.end()] + addition + text[moment.end():]


def test_a_reply_naming_nothing_is_an_error_at_its_place_with_a_hint(tmp_path: Path) -> None:
    found = problems_of(tmp_path, lambda text: with_reply(text, "first-lines"))
    assert len(found) == 1
    assert re.match(r"playbooks/asking-peers\.yaml:\d+:\d+: error: 'first-lines' names no line to say .*"
                    r"did you mean 'first-line'\?", found[0]), found


def test_a_reply_may_name_a_line_or_a_pattern(tmp_path: Path) -> None:
    assert problems_of(tmp_path, lambda text: with_reply(text, "first-line")) == []
    pattern = re.search(r"^patterns:\n  - id: (\S+)", (FIXTURES / "playbooks" / "asking-peers.yaml").read_text(), re.M)
    assert pattern is not None
    assert problems_of(tmp_path, lambda text: with_reply(text, pattern.group(1))) == []


def test_a_line_id_taken_twice_or_by_an_item_is_an_error(tmp_path: Path) -> None:
    fixture = (FIXTURES / "playbooks" / "asking-peers.yaml").read_text()
    situation = re.search(r"^situations:\n  - id: (\S+)", fixture, re.M)
    assert situation is not None
    found = problems_of(tmp_path, lambda text: with_reply(text, "first-line").replace(
        "id: first-line", f"id: {situation.group(1)}", 1).replace("next: first-line", f"next: {situation.group(1)}"))
    assert any("is already the id of an item" in line for line in found), found
    assert all(re.match(r"playbooks/asking-peers\.yaml:\d+:\d+: error: ", line) for line in found)


def test_a_first_line_naming_a_reply_less_pattern_or_nothing_is_an_error(tmp_path: Path) -> None:
    def first_line(value: str) -> Any:
        return lambda text: re.sub(r"^(    first_line: )\S+", rf"\g<1>{value}", text, count=1, flags=re.M)

    found = problems_of(tmp_path, first_line("no-such-line"))
    assert len(found) == 1 and "names no line to say" in found[0], found
    assert re.match(r"playbooks/asking-peers\.yaml:\d+:\d+: error: ", found[0])


def test_a_situation_may_not_take_the_name_of_its_folders_index(tmp_path: Path) -> None:
    found = problems_of(tmp_path, lambda text: re.sub(r"^(situations:\n  - id: )\S+", r"\1index", text,
                                                     count=1, flags=re.M))
    assert any("situation id 'index' is reserved" in line for line in found), found


def test_the_checker_reports_a_bad_reply_without_a_traceback(tmp_path: Path) -> None:
    folder = tmp_path / "playbooks"
    folder.mkdir()
    for file in (FIXTURES / "playbooks").glob("*.yaml"):
        (folder / file.name).write_text(file.read_text())
    target = folder / "asking-peers.yaml"
    target.write_text(with_reply(target.read_text(), "nowhere"))
    result = subprocess.run([str(ROOT / ".venv" / "bin" / "handbook"), "check"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1 and "Traceback" not in result.stderr + result.stdout
    said = result.stdout + result.stderr
    assert re.search(r"playbooks/asking-peers\.yaml:\d+:\d+: error: 'nowhere' names no line", said)


@pytest.mark.parametrize(("text", "lead", "rest"), [
    ("Short. Very short.", "Short. Very short.", ""),
    (("One sentence first. " + "word " * 50).strip(), "One sentence first.", ("word " * 50).strip()),
    ("no sentence end " * 20, ("no sentence end " * 20).strip(), ""),
], ids=["a short text stays whole", "a long text folds after its first sentence",
        "a long text without a sentence end stays whole"])
def test_a_long_text_folds_after_its_first_sentence(text: str, lead: str, rest: str) -> None:
    assert fold(text) == (lead, rest)


def test_other_spellings_go_both_ways_and_join_hyphenated_words() -> None:
    assert other_spellings(["Prioritise the organisation", "skeptical", "buy-in"]) == [
        "buyin", "organization", "prioritize", "sceptical"]
    assert other_spellings(["exercise", "advise"]) == []


def test_every_reply_of_the_real_handbook_leads_to_a_line_or_pattern_that_exists() -> None:
    handbook = real_handbook()
    lines = Lines(handbook)
    replies = [reply for line in lines.all for reply in line.script.replies]
    assert replies and all(lines.target(reply.next) is not None for reply in replies)
    assert check_lines(handbook) == []


@pytest.mark.browser
@pytest.mark.parametrize("situation", situation_ids())
def test_a_situation_page_shows_its_first_line_on_a_phones_first_screen(browser: Any, real_url: str,
                                                                        situation: str) -> None:
    page = browser.new_page(viewport=PHONE)
    page.goto(f"{real_url}/situations/{situation}/")
    first = page.locator(".hb-step--first")
    assert first.count() == 1
    box = first.bounding_box()
    assert box is not None and box["y"] + box["height"] <= PHONE["height"]
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    # Every reply's link goes to a step of the map that is on the page, or to another page.
    for href in page.eval_on_selector_all(".hb-step + ul a, .hb-replies-label + ul a",
                                          "links => links.map(a => a.getAttribute('href'))"):
        if href.startswith("#"):
            assert page.locator(f"[id='{href[1:]}']").count() == 1, href
    page.close()


def test_the_phrasebook_lists_every_line_to_say_exactly_once(real_site: Path) -> None:
    yaml_lines = sum(len(re.findall(r"^\s*say: ", p.read_text(), re.M)) for p in (ROOT / "playbooks").glob("*.yaml"))
    assert yaml_lines == len(spoken_lines(real_handbook()))
    text = " ".join(read_page(real_site, "/phrasebook/").text.split())
    for line in spoken_lines(real_handbook()):
        assert text.count(" ".join(line.script.say.split())) == 1, line.script.say


@pytest.mark.browser
@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_the_phrasebook_prints_on_at_most_two_pages(browser: Any, real_url: str, paper: str) -> None:
    page = browser.new_page()
    page.goto(f"{real_url}/phrasebook/")
    pdf = PdfReader(io.BytesIO(page.pdf(format=paper)))
    page.close()
    assert len(pdf.pages) <= 2
    text = " ".join(p.extract_text() for p in pdf.pages)
    last = spoken_lines(real_handbook())[-1].script.say
    assert " ".join(last.split()[:4]) in " ".join(text.split())


@pytest.mark.browser
def test_the_home_pages_first_screen_on_a_phone_links_situations(browser: Any, real_url: str) -> None:
    page = browser.new_page(viewport=PHONE)
    page.goto(f"{real_url}/")
    tops = page.eval_on_selector_all(
        "article a[href*='situations/']",
        "links => links.filter(a => !a.closest('nav')).map(a => a.getBoundingClientRect().bottom)")
    assert tops and min(tops) <= PHONE["height"]
    headings = page.eval_on_selector_all("article h2", "hs => hs.map(h => h.id)")
    assert headings.index("what-are-you-facing") == 0
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.close()


def test_the_situations_page_groups_them_by_who_stands_across(real_site: Path) -> None:
    page = read_page(real_site, "/situations/")
    html = (real_site / "situations" / "index.html").read_text()
    groups = re.findall(r'<h2 id="(across-[a-z-]+)"', html)
    assert groups == [g for g in ("across-peer", "across-another-team", "across-own-team", "across-yourself",
                                  "across-other") if g in groups]
    for situation in situation_ids():
        assert page.links_to(f"/situations/{situation}/")


@pytest.mark.browser
@pytest.mark.parametrize("playbook", sorted(p.stem for p in (ROOT / "playbooks").glob("*.yaml")))
def test_a_playbook_page_gives_a_line_to_say_before_any_motivator(browser: Any, real_url: str,
                                                                 playbook: str) -> None:
    page = browser.new_page(viewport=PHONE)
    page.goto(f"{real_url}/playbooks/{playbook}/")
    # The first line to say: the situation's "Try this first", or one under the framing patterns (a
    # line said at the top is not said again there); a playbook may have no motivators at all.
    order = page.evaluate("""() => {
        const at = el => el ? el.getBoundingClientRect().top + scrollY : Infinity;
        const first = [...document.querySelectorAll('li')].find(li => li.textContent.startsWith('Try this first'));
        return {line: Math.min(at(first), at(document.querySelector('h2#patterns ~ blockquote'))),
                motivators: at(document.querySelector('h2#motivators'))};
    }""")
    assert order["line"] < float("inf") and order["line"] < order["motivators"]
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.close()


@pytest.mark.browser
def test_a_folded_body_is_searchable_and_prints_whole(browser: Any, real_url: str, real_site: Path) -> None:
    html = (real_site / "playbooks" / "navigating-a-no" / "index.html").read_text()
    folded = re.search(r'<details class="note">\s*<summary>Read on</summary>\s*<p>([^<]{30,})', html)
    assert folded is not None, "no folded body on the page"
    words = " ".join(folded.group(1).split()[:6])
    assert words in (real_site / "search" / "search_index.json").read_text()
    page = browser.new_page()
    page.goto(f"{real_url}/playbooks/navigating-a-no/")
    assert not page.locator("details.note").first.evaluate("d => d.open")
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4")))
    page.close()
    text = " ".join(" ".join(p.extract_text() for p in pdf.pages).split())
    assert words.replace("&#39;", "'") in text
