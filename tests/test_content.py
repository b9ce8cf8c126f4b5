"""The handbook's own content: complete, credited, clean, and faithful to the five seed posts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from handbook.loader import Handbook, load_handbook
from handbook.models import KIND_BY_FIELD
from tests.conftest import ROOT
from tests.pages import read_page

SEEDS = sorted((ROOT.parent / "shared" / "seeds").glob("*.txt"))
MOJIBAKE = re.compile("Â|â€|ðŸ|Ã[\u0080-\u00bf]|\ufffd|\u00a0")
needs_seeds = pytest.mark.skipif(not SEEDS, reason="the seed posts are not beside this checkout")


@pytest.fixture(scope="module")
def handbook() -> Handbook:
    return load_handbook(ROOT / "playbooks", display_root=ROOT)


def test_there_is_content(handbook: Handbook) -> None:
    assert len(handbook.playbooks) >= 6


@pytest.mark.parametrize("kind", ["exercises", "references", "situations"])
def test_every_playbook_has_at_least_one(handbook: Handbook, kind: str) -> None:
    empty = [p.id for p in handbook.ordered() if not p.items(KIND_BY_FIELD[kind], handbook)]
    assert empty == []


def test_every_exercise_belongs_to_a_playbook(handbook: Handbook) -> None:
    orphans = [r.item.id for r in handbook.of_kind(KIND_BY_FIELD["exercises"]) if not r.used_by]
    assert orphans == []


def test_no_text_holds_mojibake(real_site: Path) -> None:
    sources = [*(ROOT / "playbooks").glob("*.yaml"), *(ROOT / "docs").rglob("*.md"), ROOT / "CONTRIBUTING.md"]
    built = list(real_site.rglob("*.html"))
    damaged = [str(p) for p in [*sources, *built] if MOJIBAKE.search(p.read_text(encoding="utf-8"))]
    assert damaged == []


def seed_links() -> set[str]:
    """Every absolute link the posts give in their text (front matter images aside)."""
    links = set()
    for seed in SEEDS:
        body = re.sub(r"\A---\n.*?\n---\n", "", seed.read_text(encoding="utf-8"), flags=re.S)
        links |= {url.rstrip(".,)") for url in re.findall(r"https?://[^\s)\]]+", body)}
    return links


@needs_seeds
def test_every_link_a_post_names_is_a_reference(handbook: Handbook) -> None:
    references = {r.item.link for r in handbook.of_kind(KIND_BY_FIELD["references"])}  # type: ignore[attr-defined]
    assert seed_links() and seed_links() <= references


@needs_seeds
def test_every_book_a_post_names_is_a_reference(handbook: Handbook) -> None:
    text = SEEDS[0].read_text(encoding="utf-8")
    books = text[text.index("Books on this topic"):text.index("Blogs on this")]
    titles = re.findall(r"\"([^\"]+)\"", books)
    reference_titles = " ".join(r.item.title for r in handbook.of_kind(KIND_BY_FIELD["references"]))
    assert len(titles) == 5 and [t for t in titles if t not in reference_titles] == []


@needs_seeds
def test_each_post_is_credited(handbook: Handbook) -> None:
    credited = {s.title for p in handbook.ordered() for s in p.model.sources}
    titled = [re.search(r"^title: \"?(.+?)\"?$", seed.read_text(encoding="utf-8"), re.M) for seed in SEEDS]
    assert [m.group(1) for m in titled if m and m.group(1) not in credited] == []
    assert len(credited) >= len(SEEDS)


@needs_seeds
def test_the_two_week_experiment_holds_every_experiment_of_the_post(handbook: Handbook) -> None:
    text = SEEDS[4].read_text(encoding="utf-8")
    plan = text[text.index("in the next two weeks:"):text.index("These small moves")]
    experiments = re.findall(r"^- ", plan, re.M)
    steps = [p.model.experiment.steps for p in handbook.ordered()
             if p.model.experiment and p.model.experiment.page == "two-week-experiment"]
    assert len(experiments) == 5 and len(steps) == 1 and len(steps[0]) == len(experiments)


@needs_seeds
def test_every_faq_question_of_the_post_is_answered(handbook: Handbook) -> None:
    text = SEEDS[4].read_text(encoding="utf-8")
    faq = text[text.index("Open Questions / FAQ"):text.index("8. Summary")]
    questions = [line for line in faq.splitlines() if line.endswith("?")]
    answered = sum(len(p.model.faq) for p in handbook.ordered())
    assert len(questions) == 5 and answered >= len(questions)


def test_before_you_ask_has_a_box_for_each_pattern_that_offers_one(handbook: Handbook, real_site: Path) -> None:
    lines = [r.item.before_you_ask for r in handbook.of_kind(KIND_BY_FIELD["patterns"])  # type: ignore[attr-defined]
             if r.item.before_you_ask]  # type: ignore[attr-defined]
    page = read_page(real_site, "/checklists/before-you-ask/")
    html = (real_site / "checklists" / "before-you-ask" / "index.html").read_text()
    assert len(lines) >= 4 and all(line in page.text for line in lines)
    assert html.count('<input type="checkbox" data-key=') == len(lines)
