"""The pages people read: the point in one screen, nothing said twice, a path from one playbook to
the next, lists as lists, search that finds the page, a visible hierarchy, and phones.

Expected values come from the playbooks (reading order, homes of shared items), never from the
built pages being checked.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest

from handbook.check.loader import load_handbook
from handbook.pages.folding import fold
from handbook.pages.layout import SHOWN_LINKS
from handbook.pages.site import exercise_sequence
from handbook.schema.models import KIND_BY_FIELD
from tests.conftest import ROOT, built_site, copy_project, run_mkdocs
from tests.pages import all_pages, read_page

LONG = 20  # words: a paragraph this long says something, and must not be said twice


class _Blocks(HTMLParser):
    """The text of each paragraph, list item and heading inside a page's article, and its links."""

    BLOCKS = ("p", "li", "h1", "h2", "h3", "blockquote", "td", "th")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.stack: list[list[str]] = []
        self.blocks: list[str] = []
        self.rel: dict[str, str] = {}
        self.skip = 0
        self.credit: list[bool] = []  # per open block: a "Based on" line, which may repeat

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "article":
            self.depth += 1
        if self.depth and tag in self.BLOCKS:
            self.stack.append([])
            self.credit.append("hb-credit" in (values.get("class") or "").split())
        if tag == "a" and values.get("rel") and self.depth:
            self.rel[str(values["rel"])] = str(values.get("href"))
        if tag == "a" and "headerlink" in (values.get("class") or ""):
            self.skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self.skip:
            self.skip -= 1
        if self.depth and tag in self.BLOCKS and self.stack:
            text = " ".join("".join(self.stack.pop()).split())
            if self.credit.pop():
                return
            if not self.blocks or self.blocks[-1] != text:  # a quote or item around one paragraph
                self.blocks.append(text)
            if self.stack:
                self.stack[-1].append(" " + text + " ")
        if tag == "article":
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth and self.stack and not self.skip:
            self.stack[-1].append(data)


def blocks(site: Path, url: str) -> _Blocks:
    parser = _Blocks()
    parser.feed((site / url.strip("/") / "index.html").read_text(encoding="utf-8"))
    return parser


def handbook() -> Any:
    return load_handbook(ROOT / "playbooks", display_root=ROOT)


def playbook_urls() -> list[str]:
    return [f"/playbooks/{p.id}/" for p in handbook().ordered()]


# ---------------------------------------------------------------- nothing said twice

def test_no_long_paragraph_appears_on_two_playbook_pages(real_site: Path) -> None:
    seen: dict[str, set[str]] = {}
    for url in playbook_urls():
        for text in blocks(real_site, url).blocks:
            if len(text.split()) >= LONG:
                seen.setdefault(text, set()).add(url)
    repeated = {text[:80]: sorted(urls) for text, urls in seen.items() if len(urls) > 1}
    assert repeated == {}


def test_no_long_paragraph_or_item_twice_on_one_playbook_page(real_site: Path) -> None:
    for url in playbook_urls():
        parsed = blocks(real_site, url)
        counts = Counter(t for t in parsed.blocks if len(t.split()) >= LONG)
        assert [t[:80] for t, n in counts.items() if n > 1] == [], url
    book = handbook()
    for playbook in book.ordered():
        ids = [i.id for kind in KIND_BY_FIELD.values() for i in playbook.items(kind, book)]
        assert len(ids) == len(set(ids)), playbook.id


def test_a_shared_item_is_written_in_full_only_at_its_home(real_site: Path) -> None:
    book = handbook()
    shared = [r for r in book.items.values() if len(r.used_by) > 1 and getattr(r.item, "body", None)]
    assert shared, "the handbook shares items with a body"
    for record in shared:
        # A long body folds after its first sentence: the page shows that sentence, then the rest.
        first_sentence = " ".join(fold(record.item.body)[0].split())[:60]  # type: ignore[attr-defined]
        for playbook_id in record.used_by:
            html = (real_site / "playbooks" / playbook_id / "index.html").read_text(encoding="utf-8")
            text = read_page(real_site, f"/playbooks/{playbook_id}/").text
            home = record.defined_in
            assert (first_sentence in text) == (playbook_id == home), (record.item.id, playbook_id)
            if playbook_id != home:
                assert f'href="../{home}/#{record.item.id}"' in html, (record.item.id, playbook_id)


# ---------------------------------------------------------------- a path through the handbook

def test_next_links_visit_every_playbook_once_in_reading_order(real_site: Path) -> None:
    expected = playbook_urls()
    visited, url = [expected[0]], expected[0]
    while "next" in blocks(real_site, url).rel:
        url = urljoin(url, blocks(real_site, url).rel["next"])
        visited.append(url)
    assert visited == expected
    back, url = [expected[-1]], expected[-1]
    while "prev" in blocks(real_site, url).rel:
        url = urljoin(url, blocks(real_site, url).rel["prev"])
        back.append(url)
    assert back == expected[::-1]


def test_each_exercise_leads_back_to_its_playbook_and_on_to_the_next(real_site: Path) -> None:
    book = handbook()
    sequence = exercise_sequence(book)
    assert len(sequence) == len(book.of_kind(KIND_BY_FIELD["exercises"]))
    for n, record in enumerate(sequence):
        url = f"/exercises/{record.item.id}/"
        rel = blocks(real_site, url).rel
        assert urljoin(url, rel["up"]) == f"/playbooks/{record.defined_in}/"
        if n + 1 < len(sequence):
            assert urljoin(url, rel["next"]) == f"/exercises/{sequence[n + 1].item.id}/"
        else:
            assert "next" not in rel


def active_menu_entries(site: Path, url: str) -> list[str]:
    html = (site / url.strip("/") / "index.html").read_text(encoding="utf-8")
    entries = re.findall(r'<li class="md-nav__item md-nav__item--active[^"]*">\s*<a[^>]*>(.*?)</a>', html, re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", entry).split()) for entry in entries]


@pytest.mark.parametrize(("url", "entry"), [
    ("/playbooks/navigating-a-no/", "Playbooks"),
    ("/exercises/start-a-peer-check-in/", "Exercises"),
    ("/tags/kind/playbook/", "Browse by tag"),
])
def test_the_menu_marks_where_a_page_outside_it_belongs(real_site: Path, url: str, entry: str) -> None:
    assert active_menu_entries(real_site, url) == [entry]


def test_the_home_page_reading_path_lists_every_playbook_in_order(real_site: Path) -> None:
    html = (real_site / "index.html").read_text(encoding="utf-8")
    path = html.split('id="every-playbook"')[1].split("</ol>")[0]
    assert re.findall(r'href="playbooks/([a-z0-9-]+)/"', path) == [p.id for p in handbook().ordered()]


def test_a_new_playbook_joins_the_reading_path_and_the_chain(tmp_path: Path) -> None:
    folder = tmp_path / "playbooks"
    folder.mkdir()
    for file in (ROOT / "playbooks").glob("*.yaml"):
        (folder / file.name).write_bytes(file.read_bytes())
    order = handbook().playbooks["invite-collaboration"].model.order + 1
    story = next(iter(handbook().stories.values())).story  # a story told elsewhere, of a post this one lists
    (folder / "a-new-one.yaml").write_text(f"""\
title: A new one
summary: A contributor's playbook.
order: {order}
audience: [manager]
situations:
  - id: a-new-situation
    title: Something new happens
    sources: [handbook-editors]
    across: peer
    first_line: frame-on-mutual-benefit
    phrases: [something new, a new thing, it is new]
sources: [handbook-editors, {story.source}]
patterns: [frame-on-mutual-benefit]
anti_patterns: [offloading-grunt-work]
when_not_to_use: [no-credibility-yet]
exercises:
  - id: a-new-exercise
    title: A new exercise
    summary: Practise it.
    first_week: true
    time: 20 minutes
    prepare: [A peer]
    steps: [Ask.]
    reflect: [How did it go?]
    practises: [reciprocity-and-trust]
    sources: [handbook-editors]
references: [drive-daniel-pink]
stories: [{story.id}]
in_short: [One line., Another line., A third line.]
""")
    project = copy_project(tmp_path / "project", folder)
    (project / "docs" / "index.md").write_bytes((ROOT / "docs" / "index.md").read_bytes())  # the real home page
    result = run_mkdocs(project)
    assert result.returncode == 0, result.stderr
    site = project / "site"
    html = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="playbooks/a-new-one/"' in html
    assert blocks(site, "/playbooks/invite-collaboration/").rel["next"] == "../a-new-one/"


# ---------------------------------------------------------------- lists as lists

def test_index_groups_are_labelled_lists_and_every_more_is_a_link(real_site: Path) -> None:
    for url in ["/situations/", *(f"/{k.slug}/" for k in KIND_BY_FIELD.values() if k.slug != "situations")]:
        html = (real_site / url.strip("/") / "index.html").read_text(encoding="utf-8")
        # The situations page groups its entries under headings (who stands across); the others label lists.
        labels = re.findall(r'<h2 id="across-[^"]+"' if url == "/situations/" else
                            r'<p class="hb-label">([^<]+)</p>\s*<ul>', html)
        assert labels, url
        text = re.sub(r"<a [^>]*>.*?</a>", "", html, flags=re.S)
        assert not re.search(r"\band \d+ more\b", text), url  # every "and N more" sits inside a link


@pytest.fixture(scope="module")
def crowded_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A handbook where one motivator and one situation are used by more playbooks than a list shows."""
    folder = tmp_path_factory.mktemp("crowded") / "playbooks"
    folder.mkdir()
    for name in ("asking-peers.yaml", "team-of-peers.yaml"):
        (folder / name).write_bytes((ROOT / "tests" / "fixtures" / "playbooks" / name).read_bytes())
    users = SHOWN_LINKS + 3
    for n in range(users):
        (folder / f"user-{n}.yaml").write_text(f"""\
title: User {n}
summary: Uses the shared motivator.
audience: [manager]
situations: [peer-work-you-cannot-assign]
sources: [fixture-post]
motivators: [growth]
patterns: [lower-the-barrier]
anti_patterns: [going-over-heads]
when_not_to_use: [emergencies]
exercises:
  - id: user-{n}-exercise
    title: Exercise {n}
    summary: Practise it.
    first_week: true
    time: 20 minutes
    prepare: [A peer]
    steps: [Ask.]
    reflect: [How did it go?]
    practises: [growth]
    sources: [fixture-post]
references: [drive-book]
stories: [a-task-that-grew-someone]
in_short: [One line., Another line., A third line.]
""")
    return built_site(tmp_path_factory.mktemp("crowded-project"), folder)


def test_and_n_more_links_to_a_page_that_lists_them_all(crowded_site: Path) -> None:
    html = (crowded_site / "motivators" / "index.html").read_text(encoding="utf-8")
    more = re.findall(r'<a href="([^"]+)">and (\d+) more playbooks</a>', html)
    assert more and int(more[0][1]) == (SHOWN_LINKS + 3) + 1 - SHOWN_LINKS  # the users and asking-peers
    target = urljoin("/motivators/", more[0][0])
    listed = re.findall(r'href="../../playbooks/([a-z0-9-]+)/', (crowded_site / target.strip("/") / "index.html")
                        .read_text(encoding="utf-8"))
    assert sorted(set(listed)) == sorted(["asking-peers", *(f"user-{n}" for n in range(SHOWN_LINKS + 3))])
    practised = re.findall(r'<a href="([^"]+)">and \d+ more exercises</a>', html)
    assert practised


# ---------------------------------------------------------------- search

def test_listing_pages_stay_out_of_search_and_titles_keep_their_apostrophes(real_site: Path) -> None:
    index = json.loads((real_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = [doc["location"] for doc in index["docs"]]
    assert not [loc for loc in locations if loc.startswith(("tags/", "print/", "uses/", "practised/"))]
    assert not [doc["title"] for doc in index["docs"] if "&#x27;" in doc["title"] or "&#39;" in doc["title"]]
    assert any("'" in doc["title"] for doc in index["docs"])


@pytest.mark.browser
def test_searching_swamped_finds_the_playbook_about_a_no(browser: Any, real_url: str) -> None:
    from tests.test_reader import search

    page = browser.new_page()
    page.goto(real_url + "/")
    hrefs = search(page, "swamped")
    paths = [page.evaluate("h => new URL(h, location.href).pathname", h) for h in hrefs]
    # Pages titled with the word (its exercise, the situations) come first; the playbook follows.
    assert "/playbooks/navigating-a-no/" in paths, paths
    assert not [p for p in paths if p.startswith("/tags/")]
    page.close()


# ---------------------------------------------------------------- the point in one screen, hierarchy, phones

@pytest.mark.browser
@pytest.mark.parametrize("url", playbook_urls())
def test_the_point_of_a_playbook_is_in_the_first_screen(browser: Any, real_url: str, url: str) -> None:
    book = handbook()
    playbook = book.playbooks[url.split("/")[2]]
    exercise = playbook.items(KIND_BY_FIELD["exercises"], book)[0]
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    page.goto(real_url + url)
    glance = page.locator("article .admonition").first
    wanted = {
        "title": page.locator("article h1").first,
        "summary": page.locator("article .hb-lead").first,
        "who it is for": page.locator("article .hb-meta").first,
        "situations": glance.locator("li", has_text="Reach for it when"),
        "a pattern to try first": glance.locator("li", has_text="Try this first"),
        "the exercise, linked": glance.locator(f'a[href="../../exercises/{exercise.id}/"]'),
    }
    for what, locator in wanted.items():
        box = locator.bounding_box()
        assert box is not None and box["y"] + box["height"] <= 900, (url, what, box)
    assert playbook.model.summary in page.locator("article .hb-lead").first.inner_text()
    page.close()


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_title_is_the_strongest_text_and_callouts_are_body_size(browser: Any, real_url: str,
                                                                     scheme: str) -> None:
    page = browser.new_page(color_scheme=scheme)
    page.goto(real_url + "/playbooks/strategic-influence/")
    style = page.evaluate("""() => {
        const s = sel => getComputedStyle(document.querySelector(sel));
        return {h1: [s('article h1').fontSize, s('article h1').fontWeight, s('article h1').color],
                h2: [s('article h2').fontSize, s('article h2').fontWeight],
                body: [s('article p:not([class])').fontSize, s('article p:not([class])').color],
                callout: s('article .admonition').fontSize, quote: s('article blockquote').color};
    }""")
    px = lambda value: float(value.removesuffix("px"))  # noqa: E731
    assert px(style["h1"][0]) > px(style["h2"][0]) and int(style["h1"][1]) >= 700
    assert int(style["h1"][1]) > int(style["h2"][1])
    assert style["h1"][2] == style["body"][1]  # full contrast, not the theme's paler grey
    assert style["callout"] == style["body"][0]
    assert style["quote"] == style["body"][1]
    page.close()


@pytest.mark.browser
def test_no_page_scrolls_sideways_on_a_phone(browser: Any, real_site: Path, real_url: str) -> None:
    page = browser.new_page(viewport={"width": 390, "height": 844})
    wide = []
    for url in all_pages(real_site):
        if url.startswith("/assets/") or not url.endswith("/"):
            continue
        # The stylesheets have loaded by DOMContentLoaded (the theme's script at the end of the body
        # waits for them), and the width is all this reads: no need to wait for images and search.
        page.goto(real_url + url, wait_until="domcontentloaded")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 390:
            wide.append((url, width))
    assert wide == []
    page.close()


@pytest.mark.browser
def test_the_two_week_plan_is_one_column_per_day_on_a_phone(browser: Any, real_url: str) -> None:
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(real_url + "/checklists/two-week-experiment/")
    rows = page.locator(".hb-plan tbody tr")
    assert rows.count() == 14
    for n in range(rows.count()):
        note = rows.nth(n).locator("textarea").bounding_box()
        day = rows.nth(n).locator("th").bounding_box()
        assert note and day and note["y"] > day["y"] and note["width"] >= 300, n
    page.close()
