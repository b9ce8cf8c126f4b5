"""A test that plays the contributor: scaffold, fill in, check, build, find the new playbook."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from tests.conftest import FIXTURES, copy_project, run_handbook, run_mkdocs
from tests.pages import read_page


def fill_in(path: Path) -> None:
    """What a contributor does by hand: replace the TODOs and reuse shared items by id."""
    data = yaml.safe_load(path.read_text())
    header = path.read_text().splitlines()[0]
    data["summary"] = "Turn code review into a place where peers learn to trust your asks."
    data["situations"] = ["peer-work-you-cannot-assign"]
    data["sources"] = [{"title": "A contributor's own notes"}]
    data["motivators"] = ["reciprocity"]
    data["patterns"] = [{"id": "review-within-a-day", "title": "Review within a day",
                         "summary": "Fast reviews earn the goodwill that later asks draw on.",
                         "body": "Answer every review request within one working day; the word "
                                 "quasquicentennial marks this playbook for the search test."}]
    data["exercises"] = [{"id": "review-three-prs", "title": "Review three pull requests",
                          "summary": "Practise fast, kind reviews.", "prepare": ["The open pull requests"],
                          "steps": ["Pick three pull requests by peers.", "Review each within a day."],
                          "reflect": ["Who thanked you?"], "practises": ["review-within-a-day", "reciprocity"]}]
    data["references"] = ["drive-book"]
    for optional in ("anti_patterns", "when_not_to_use", "experiment", "faq"):
        data.pop(optional)
    path.write_text(header + "\n" + yaml.safe_dump(data, sort_keys=False, allow_unicode=True))


def test_a_new_playbook_goes_from_scaffold_to_every_page(tmp_path: Path) -> None:
    project = copy_project(tmp_path, FIXTURES / "playbooks")
    new = run_handbook(project, "new", "code-review-trust", "--title", "Code review builds trust")
    assert new.returncode == 0, new.stderr
    scaffolded = run_handbook(project, "check")
    assert scaffolded.returncode == 1 and "still holds the TODO from 'handbook new'" in scaffolded.stdout
    fill_in(project / "playbooks" / "code-review-trust.yaml")
    checked = run_handbook(project, "check")
    assert checked.returncode == 0, checked.stdout
    built = run_mkdocs(project)
    assert built.returncode == 0, built.stderr
    site = project / "site"

    page = read_page(site, "/playbooks/code-review-trust/")
    assert "Code review builds trust" in page.text and "Review within a day" in page.text
    assert page.links_to("/exercises/review-three-prs/")
    assert read_page(site, "/playbooks/").links_to("/playbooks/code-review-trust/")
    for index, anchor in (("/motivators/", "reciprocity"), ("/references/", "drive-book"),
                          ("/patterns/", "review-within-a-day"), ("/exercises/", "review-three-prs")):
        assert f"/playbooks/code-review-trust/#{anchor}" in read_page(site, index).resolved_links(), index
    assert read_page(site, "/situations/").links_to("/playbooks/code-review-trust/")
    index = json.loads((site / "search" / "search_index.json").read_text())
    assert any(doc["location"].startswith("playbooks/code-review-trust/") and "quasquicentennial" in doc["text"]
               for doc in index["docs"])
