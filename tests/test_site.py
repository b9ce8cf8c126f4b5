"""End to end: build the fixture handbook with --strict and read the HTML it wrote."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, copy_project, run_mkdocs
from tests.pages import read_page

PAGES = [
    "/", "/playbooks/", "/playbooks/asking-peers/", "/playbooks/team-of-peers/",
    "/exercises/find-a-growth-task/", "/exercises/map-your-peers/", "/motivators/", "/patterns/",
    "/anti-patterns/", "/when-not-to-use/", "/exercises/", "/references/", "/situations/",
    "/checklists/", "/checklists/two-week-experiment/", "/checklists/before-you-ask/",
]


@pytest.mark.parametrize("url", PAGES)
def test_every_page_exists_at_its_stable_url(fixture_site: Path, url: str) -> None:
    assert (fixture_site / url.strip("/") / "index.html").is_file()


def test_playbook_page_has_every_section_and_item_anchor(fixture_site: Path) -> None:
    page = read_page(fixture_site, "/playbooks/asking-peers/")
    assert {"situations", "motivators", "patterns", "anti-patterns", "when-not-to-use",
            "exercises", "faq", "references", "sources"} <= page.ids
    assert {"growth", "reciprocity", "lower-the-barrier", "going-over-heads", "emergencies",
            "find-a-growth-task", "is-it-manipulation", "drive-book"} <= page.ids
    assert "Name the skill." in page.text and "Say why it fits them." in page.text


def test_playbook_links_to_its_exercises_and_they_link_back(fixture_site: Path) -> None:
    playbook = read_page(fixture_site, "/playbooks/team-of-peers/")
    assert playbook.links_to("/exercises/map-your-peers/")
    assert playbook.links_to("/exercises/find-a-growth-task/")
    exercise = read_page(fixture_site, "/exercises/find-a-growth-task/")
    assert exercise.links_to("/playbooks/asking-peers/")
    assert exercise.links_to("/playbooks/team-of-peers/")


def test_exercise_page_has_steps_to_tick_preparation_reflection_and_what_it_practises(
        fixture_site: Path) -> None:
    page = read_page(fixture_site, "/exercises/find-a-growth-task/")
    html = (fixture_site / "exercises/find-a-growth-task/index.html").read_text()
    assert html.count('<input type="checkbox" data-key=') == 2
    assert "Your backlog" in page.text and "Would you say yes to your own pitch?" in page.text
    assert "/motivators/#growth" in page.resolved_links()
    assert "/patterns/#lower-the-barrier" in page.resolved_links()


def test_index_pages_carry_backlinks_to_every_user(fixture_site: Path) -> None:
    motivators = read_page(fixture_site, "/motivators/")
    links = motivators.resolved_links()
    assert "/playbooks/asking-peers/#reciprocity" in links
    assert "/playbooks/team-of-peers/#reciprocity" in links
    assert "/exercises/map-your-peers/" in links
    references = read_page(fixture_site, "/references/")
    assert "/playbooks/team-of-peers/#drive-book" in references.resolved_links()


def test_navigation_has_a_fixed_shape(fixture_site: Path) -> None:
    home = read_page(fixture_site, "/")
    nav = {link.split("#")[0] for link in home.nav_links}
    assert "exercises/map-your-peers/" not in nav and "playbooks/asking-peers/" not in nav
    assert "playbooks/" in nav and "exercises/" in nav


def test_search_index_holds_a_playbooks_body(fixture_site: Path) -> None:
    index = json.loads((fixture_site / "search/search_index.json").read_text())
    hits = [doc["location"] for doc in index["docs"] if "Say why it fits them" in doc["text"]]
    assert any(location.startswith("playbooks/asking-peers/") for location in hits)


def test_generated_pages_edit_their_yaml(fixture_site: Path) -> None:
    html = (fixture_site / "playbooks/asking-peers/index.html").read_text()
    assert 'href="https://github.com/influence-handbook/handbook/edit/main/playbooks/asking-peers.yaml"' in html
    exercise = (fixture_site / "exercises/map-your-peers/index.html").read_text()
    assert "/edit/main/playbooks/team-of-peers.yaml" in exercise


def test_an_exercise_is_tagged_for_its_own_audience_not_its_playbooks(tmp_path: Path) -> None:
    # The playbook is for senior ICs and tech leads; its exercise narrows that to tech leads alone.
    # Its page and the tag listings follow the exercise, as the home page's routes do.
    project = copy_project(tmp_path / "project", FIXTURES / "playbooks")
    playbook = project / "playbooks" / "asking-peers.yaml"
    text = playbook.read_text()
    assert "audience: [senior-ic, tech-lead]\n" in text
    narrowed = text.replace("    practises: [growth, lower-the-barrier]\n",
                            "    practises: [growth, lower-the-barrier]\n    audience: [tech-lead]\n", 1)
    assert narrowed != text
    playbook.write_text(narrowed)
    result = run_mkdocs(project)
    assert result.returncode == 0, result.stderr
    site = project / "site"
    exercise = read_page(site, "/exercises/find-a-growth-task/")
    assert exercise.links_to("/tags/audience/tech-lead/")
    assert not exercise.links_to("/tags/audience/senior-ic/")
    assert read_page(site, "/tags/audience/tech-lead/").links_to("/exercises/find-a-growth-task/")
    assert not read_page(site, "/tags/audience/senior-ic/").links_to("/exercises/find-a-growth-task/")
    # The playbook itself still carries both.
    assert read_page(site, "/tags/audience/senior-ic/").links_to("/playbooks/asking-peers/")
