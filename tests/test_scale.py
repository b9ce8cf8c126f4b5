"""A handbook too big for one page per list: every list is paged, no page lists the whole handbook,
and every entry is still reachable. Also: generated pages are files rewritten only when their text
changes, so `mkdocs serve --dirty` (what `make serve` runs) rebuilds only the pages an edit touches.
"""

from __future__ import annotations

import io
import json
import os
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from handbook.check.loader import load_handbook
from handbook.pages import phrasebook as phrasebook_module
from handbook.pages.cards import PER_PART as PER_CARD_PART
from handbook.pages.layout import PER_INDEX_PAGE, PER_PRINT_PART, SHOWN_LINKS, chunks, first_few, index_uri
from handbook.pages.phrasebook import phrasebook_pages
from handbook.schema.models import KIND_BY_FIELD
from handbook.writing import PageFolder
from tests.conftest import FIXTURES, ROOT, copy_project, mkdocs_serve, page_text, run_mkdocs, serve, wait_for
from tests.pages import broken_links, read_page

# Enough playbooks that every list takes several pages, and the shared items outgrow SHOWN_LINKS.
COUNT = 2 * PER_INDEX_PAGE + 7


def big_playbook(number: int) -> str:
    """A small playbook of its own items, that also uses items of the fixture's asking-peers.yaml."""
    n = f"{number:03d}"
    return f"""title: Playbook {n}
summary: Playbook number {n} of a big handbook.
order: {100 + number}
audience: [manager]
tags: [scale]
sources:
  - fixture-post
situations:
  - peer-work-you-cannot-assign
  - id: situation-{n}
    title: Situation {n}
    sources: [fixture-post]
    across: peer
    first_line: lower-the-barrier
    phrases: [phrase {n} one, phrase {n} two, phrase {n} three]
motivators:
  - growth
  - id: motivator-{n}
    title: Motivator {n}
    summary: Why a peer says yes, number {n}.
    sources: [fixture-post]
patterns:
  - lower-the-barrier
anti_patterns: [going-over-heads]
when_not_to_use: [emergencies]
exercises:
  - id: exercise-{n}
    title: Exercise {n}
    summary: Practice number {n}.
    sources: [fixture-post]
    first_week: true
    time: 20 minutes
    prepare: [A free half hour]
    steps: [Do the first thing, Do the second thing]
    reflect: [What changed?]
    practises: [motivator-{n}, growth]
references:
  - drive-book
stories: [a-task-that-grew-someone]
in_short: [Line one of {n}., Line two of {n}., Line three of {n}.]
"""


@pytest.fixture(scope="module")
def big_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("big-project"), FIXTURES / "playbooks")
    for number in range(1, COUNT - 1):  # with the fixture's two playbooks, COUNT in all
        (project / "playbooks" / f"pb-{number:03d}.yaml").write_text(big_playbook(number))
    result = run_mkdocs(project)
    assert result.returncode == 0, result.stderr
    return project / "site"


def test_the_handbooks_indexes_answer_as_their_definitions(big_site: Path) -> None:
    # `used_by`, `practised_by` and `stories_answering` are made once per handbook (asked per item,
    # on every page, they made generation grow with the square of the playbooks); each answers as
    # a walk over the whole handbook would.
    handbook = load_handbook(big_site.parent / "playbooks", display_root=big_site.parent)
    order = [p.id for p in handbook.ordered()]
    stories = list(handbook.stories.values())
    for item_id, record in handbook.items.items():
        assert [p.id for p in handbook.used_by(item_id)] == [p for p in order if p in record.used_by]
        assert list(handbook.practised_by(item_id)) == [
            r for r in handbook.of_kind(KIND_BY_FIELD["exercises"])
            if item_id in r.item.practises]  # type: ignore[attr-defined]
        assert handbook.stories_answering(item_id) == [s for s in stories if item_id in s.story.situations]
    assert any(len(handbook.used_by(i)) == COUNT for i in handbook.items)
    assert any(handbook.stories_answering(i) for i in handbook.items)


def follow_pages(site: Path, first: str) -> list[str]:
    """The pages of a paged list, from its first page along its 'Next page' links."""
    urls, url = [], first
    while url:
        urls.append(url)
        page = read_page(site, url)
        url = next((link.split("#")[0] for link, text in zip(page.resolved_links(), page.link_texts, strict=True)
                    if text == "Next page"), "")
        assert url not in urls, f"the pages of {first} go round in a circle"
    return urls


def entry_ids(site: Path, url: str) -> list[str]:
    html = (site / url.strip("/") / "index.html").read_text()
    # An entry is a heading of its own, or (on the situations page) a list item under its group.
    return [i for i in re.findall(r'<(?:h2|li) id="([^"]+)"', html) if not i.startswith("across-")]


def test_chunks_cut_a_list_into_pages_of_at_most_the_size() -> None:
    pages = chunks(list(range(7)), 3, index_uri("motivators"))
    assert [list(p.entries) for p in pages] == [[0, 1, 2], [3, 4, 5], [6]]
    assert [(p.start, p.end, p.count, p.total) for p in pages] == [(1, 3, 3, 7), (4, 6, 3, 7), (7, 7, 3, 7)]
    assert [p.src_uri for p in pages] == ["motivators/index.md", "motivators/page/2.md", "motivators/page/3.md"]
    assert pages[1].link(1) == "../index.md" and pages[0].link(3) == "page/3.md"
    assert pages[0].root == "../" and pages[2].root == "../../"
    assert [len(p.entries) for p in chunks([], 3, index_uri("x"))] == [0]


def test_first_few_counts_the_rest() -> None:
    assert first_few(list("abcdefgh"), 3).shown == ["a", "b", "c"]
    assert first_few(list("abcdefgh"), 3).more == 5
    assert first_few(list("ab"), 3).more == 0


def test_pages_are_rewritten_only_when_their_text_changes(tmp_path: Path) -> None:
    folder = PageFolder(tmp_path)
    paths = folder.update({"a/one.md": "one", "two.md": "two", "gone.md": "x"})
    texts = {uri: Path(p).read_text() for uri, p in paths.items()}
    assert texts == {"a/one.md": "one", "two.md": "two", "gone.md": "x"}
    for path in paths.values():
        os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    folder.update({"a/one.md": "one", "two.md": "two, changed"})
    assert (tmp_path / "a" / "one.md").stat().st_mtime_ns == 1_000_000_000
    assert (tmp_path / "two.md").stat().st_mtime_ns > 1_000_000_000
    assert (tmp_path / "two.md").read_text() == "two, changed"
    assert not (tmp_path / "gone.md").exists()
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["a", "one.md", "two.md"]


@pytest.mark.parametrize("first", ["/playbooks/", "/exercises/", "/motivators/", "/situations/"])
def test_every_index_is_paged_and_its_pages_hold_every_entry_once(big_site: Path, first: str) -> None:
    urls = follow_pages(big_site, first)
    expected_pages = -(-COUNT // PER_INDEX_PAGE) if first in ("/playbooks/", "/exercises/") else None
    ids = [i for url in urls for i in entry_ids(big_site, url)]
    assert all(len(entry_ids(big_site, url)) <= PER_INDEX_PAGE for url in urls)
    assert len(ids) == len(set(ids))
    if expected_pages is not None:
        assert len(urls) == expected_pages
    kind = first.strip("/")
    wanted = ({f"pb-{n:03d}" for n in range(1, COUNT - 1)} if kind == "playbooks"
              else {f"{kind.rstrip('s')}-{n:03d}" for n in range(1, COUNT - 1)})
    assert wanted <= set(ids)


def test_an_item_shared_by_every_playbook_lists_a_few_and_counts_the_rest(big_site: Path) -> None:
    text = read_page(big_site, "/motivators/").text
    used = text[text.index("Growth"):]
    used = used[used.index("Used in"):used.index("Practised in")]
    users = COUNT - 1  # every generated playbook, and asking-peers.yaml, which defines it
    assert used.count("Playbook") + used.count("Asking peers") == SHOWN_LINKS
    assert f"and {users - SHOWN_LINKS} more playbooks" in used


def test_the_whole_handbook_prints_in_parts_that_hold_every_playbook_in_order(big_site: Path) -> None:
    urls = follow_pages(big_site, "/print/")
    assert len(urls) == -(-COUNT // PER_PRINT_PART)
    titles = [t for url in urls for t in re.findall(r'<h1 id="[^"]+">(.*?)<',
                                                     (big_site / url.strip("/") / "index.html").read_text())]
    numbered = [t for t in titles if t.startswith("Playbook ")]
    assert numbered == sorted(numbered) and len(numbered) == COUNT - 2


@pytest.mark.browser
def test_a_part_of_the_whole_handbook_prints_its_playbooks_without_the_pager(browser: Any, big_site: Path) -> None:
    with serve(big_site) as url:
        tab = browser.new_page()
        tab.goto(url + "/print/part-2/")
        assert tab.get_by_role("link", name="Next page").first.is_visible()
        text = " ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(tab.pdf(format="A4"))).pages)
        tab.close()
    first = PER_PRINT_PART - 1  # part 2 starts after the fixture's two playbooks and the next eight
    assert f"Playbook {first:03d}" in text and f"Playbook {first + PER_PRINT_PART - 1:03d}" in text
    assert f"Playbook {first - 1:03d}" not in text
    assert "Next page" not in text and "Previous page" not in text


def test_a_tag_lists_every_page_it_tags_over_several_pages(big_site: Path) -> None:
    urls = follow_pages(big_site, "/tags/topic/scale/")
    linked = {link for url in urls for link in read_page(big_site, url).resolved_links()
              if link.startswith("/playbooks/pb-")}
    assert len(urls) == -(-(COUNT - 2) // PER_INDEX_PAGE)
    assert linked == {f"/playbooks/pb-{n:03d}/" for n in range(1, COUNT - 1)}
    assert read_page(big_site, "/tags/").links_to("/tags/topic/scale/")


def test_no_page_of_the_big_handbook_has_a_broken_link(big_site: Path) -> None:
    pages, broken = broken_links(big_site)
    assert len(pages) > 2 * COUNT and broken == []


@pytest.mark.parametrize(("path", "old", "new", "page"), [
    # The summary shows on the playbook's page and the lists of playbooks, not on its neighbours'
    # (whose previous and next links name its title).
    ("playbooks/asking-peers.yaml", "Get a peer to take on work you cannot assign", "Get a peer to say yes again",
     "playbooks/asking-peers/"),
    # Material merges a dirty rebuild by the first rebuilt page's address, and the home page's is "",
    # which every address starts with: saving it had left the preview's search with the home page alone.
    ("docs/index.md", "Start with", "Begin here with", ""),
], ids=["a playbook", "the home page"])
def test_serve_dirty_rebuilds_what_a_save_touches_and_keeps_every_page_searchable_once(
        tmp_path: Path, path: str, old: str, new: str, page: str) -> None:
    project = copy_project(tmp_path / "project", FIXTURES / "playbooks")
    log = tmp_path / "serve.log"
    with mkdocs_serve(project, log) as (base, _):
        wait_for(lambda: "Asking peers" in page_text(f"{base}/playbooks/asking-peers/"))
        before = json.loads(page_text(f"{base}/search/search_index.json"))["docs"]
        source = project / path
        text = source.read_text()
        assert old in text
        source.write_text(text.replace(old, new, 1))
        wait_for(lambda: new in page_text(f"{base}/{page}"))
        after = json.loads(page_text(f"{base}/search/search_index.json"))["docs"]

        def per_page(docs: list[dict[str, str]]) -> Counter[str]:
            return Counter(d["location"].split("#")[0] for d in docs)

        assert len(per_page(before)) > 10 and per_page(after) == per_page(before)
        assert [new in d["text"] for d in after if d["location"] == page] == [True]
        output = log.read_text()
        assert "WARNING" not in output and "Traceback" not in output


def test_the_card_deck_of_a_big_handbook_prints_in_parts_that_hold_every_situation_once(big_site: Path) -> None:
    urls = follow_pages(big_site, "/cards/")
    fronts = [re.findall(r'class="hb-card hb-card--fronts[^"]*" data-card="(\d+)"',
                         (big_site / url.strip("/") / "index.html").read_text()) for url in urls]
    situations = len(entry_ids_of_kind(big_site, "/situations/"))
    assert len(urls) == -(-situations // PER_CARD_PART) > 1
    assert all(0 < len(part) <= PER_CARD_PART for part in fronts)
    assert [int(n) for part in fronts for n in part] == list(range(1, situations + 1))



@pytest.mark.parametrize("first", ["/print/", "/cards/", "/playbooks/"])
def test_each_page_of_a_paged_list_is_titled_as_its_heading_says(big_site: Path, first: str) -> None:
    # The browser's tab, search and the heading name a part alike: "..., part 2 of 3".
    urls = follow_pages(big_site, first)
    assert len(urls) > 1
    for number, url in enumerate(urls, start=1):
        html = (big_site / url.strip("/") / "index.html").read_text()
        heading = re.search(r"<h1[^>]*>([^<]*)<", html)
        title = re.search(r"<title>([^<]*)</title>", html)
        assert heading and title, url
        assert heading.group(1).endswith(f" {number} of {len(urls)}"), url
        assert title.group(1).startswith(heading.group(1) + " - "), url

def entry_ids_of_kind(site: Path, first: str) -> list[str]:
    return [i for url in follow_pages(site, first) for i in entry_ids(site, url)]


def test_a_phrasebook_longer_than_a_page_is_paged_with_every_line_once_in_order(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # The real handbook's lines (the fixture's are too few), on pages of a few.
    handbook = load_handbook(ROOT / "playbooks")
    whole = phrasebook_pages(handbook)
    assert list(whole) == ["phrasebook/index.md"]
    lines = re.findall(r"^- \*.*$", whole["phrasebook/index.md"], flags=re.M)
    per_page = max(1, len(lines) // 3)
    monkeypatch.setattr(phrasebook_module, "PER_PAGE", per_page)
    pages = phrasebook_pages(handbook)
    assert len(lines) > 2 and len(pages) == -(-len(lines) // per_page)
    # The same lines in the same order (their links start further up from a page/N/ page).
    said = [line for text in pages.values() for line in re.findall(r"^- \*.*?<span", text, flags=re.M)]
    assert said == [line[:line.index("<span") + 5] for line in lines]
    # Each page names the moments of its own lines, and says where it sits among the others.
    for number, text in enumerate(pages.values(), start=1):
        assert f"page {number} of {len(pages)}" in text
        assert f'title: "Phrasebook, page {number} of {len(pages)}"' in text  # the tab says it as the heading
        assert re.search(r"^## ", text, flags=re.M)
