"""Pages made again only where an edit can change them (incremental.py): after every kind of edit,
the pages a preview regenerates from the last generation are exactly those of a fresh generation."""

from __future__ import annotations

import random
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from handbook.generate import site_files
from handbook.incremental import Generation, Pieces
from handbook.loader import FileMemo, Handbook, load_handbook, reading
from handbook.pages import GeneratedPage, generate_pages
from handbook.problems import HandbookError
from tests.conftest import ROOT

Data = dict[str, Any]


def read(folder: Path, name: str) -> Data:
    return yaml.safe_load((folder / f"{name}.yaml").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def write(folder: Path, name: str, data: Data) -> None:
    (folder / f"{name}.yaml").write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def entries(folder: Path) -> Iterator[tuple[str, str, int, Data]]:
    """Every item defined in the playbooks: file, field, index and the item's data."""
    for path in sorted(folder.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for field, value in data.items():
            if isinstance(value, list):
                for index, entry in enumerate(value):
                    if isinstance(entry, dict) and "id" in entry:
                        yield path.stem, field, index, entry


def edit_item(folder: Path, test: Callable[[str, Data], bool], change: Callable[[Data], None]) -> None:
    """Change the first item defined in the playbooks that passes `test` (its field, its data)."""
    for name, field, index, entry in entries(folder):
        if test(field, entry):
            data = read(folder, name)
            change(data[field][index])
            write(folder, name, data)
            return
    raise AssertionError("no item to edit")


def edit_playbook(name: str, change: Callable[[Data], None]) -> Callable[[Path], None]:
    def apply(folder: Path) -> None:
        data = read(folder, name)
        change(data)
        write(folder, name, data)
    return apply


def used_elsewhere(folder: Path) -> set[str]:
    """The ids some playbook uses by id, defined in another."""
    return {value for path in folder.glob("*.yaml") for field in yaml.safe_load(path.read_text()).values()
            if isinstance(field, list) for value in field if isinstance(value, str) and "-" in value}


def _shared_body(folder: Path) -> None:
    shared = used_elsewhere(folder)
    edit_item(folder, lambda field, e: e["id"] in shared and "body" in e,
              lambda e: e.update(body="Said anew, for the test. " + e["body"]))


def _drop_a_use(folder: Path) -> None:
    for path in sorted(folder.glob("*.yaml")):
        data = yaml.safe_load(path.read_text())
        for field, value in data.items():
            if field != "sources" and isinstance(value, list) and any(isinstance(v, str) for v in value) \
                    and any(isinstance(v, dict) for v in value):
                value.remove(next(v for v in value if isinstance(v, str)))
                write(folder, path.stem, data)
                return
    raise AssertionError("no use by id to drop")


def _first_week_off(folder: Path) -> None:
    # Only when another first-week exercise stays in its playbook, as the schema asks.
    counts: dict[str, int] = {}
    for name, field, _, entry in entries(folder):
        if field == "exercises" and entry.get("first_week"):
            counts[name] = counts.get(name, 0) + 1
    target = next(name for name, count in counts.items() if count > 1)
    data = read(folder, target)
    next(e for e in data["exercises"] if isinstance(e, dict) and e.get("first_week"))["first_week"] = False
    write(folder, target, data)


def _experiment_title(folder: Path) -> None:
    for path in sorted(folder.glob("*.yaml")):
        data = yaml.safe_load(path.read_text())
        if "experiment" in data:
            data["experiment"]["title"] = "Two weeks, renamed"
            write(folder, path.stem, data)
            return
    raise AssertionError("no experiment")


EDITS: dict[str, Callable[[Path], None]] = {
    "a playbook's title": edit_playbook("navigating-a-no", lambda d: d.update(title="Hearing no, and after")),
    "a playbook's summary": edit_playbook("invite-collaboration", lambda d: d.update(summary="Ask, together.")),
    "a playbook's order": edit_playbook("strategic-influence", lambda d: d.update(order=0)),
    "a playbook's tags": edit_playbook("delegate-for-growth", lambda d: d.update(tags=[*d["tags"], "newtopic"])),
    "a playbook's audience": edit_playbook("multiply-your-impact", lambda d: d.update(audience=["manager"])),
    "an item's title, which moves it in its index": lambda f: edit_item(
        f, lambda field, e: field == "patterns", lambda e: e.update(title="Aaa first of all")),
    "the body of an item other playbooks use": _shared_body,
    "an exercise's steps": lambda f: edit_item(
        f, lambda field, e: field == "exercises", lambda e: e.update(steps=["Do one new thing.", *e["steps"]])),
    "an exercise's first week": _first_week_off,
    "an answer": lambda f: edit_item(
        f, lambda field, e: field == "faq", lambda e: e.update(answer="Another answer, for the test.")),
    "a source's title": lambda f: edit_item(
        f, lambda field, e: field == "sources" and "title" in e, lambda e: e.update(title="A source renamed")),
    "a reference's note": lambda f: edit_item(
        f, lambda field, e: field == "references", lambda e: e.update(adds="Adds something else.")),
    "a line to check before asking": lambda f: edit_item(
        f, lambda field, e: "before_you_ask" in e, lambda e: e.update(before_you_ask="Is this the right week?")),
    "an experiment's title": _experiment_title,
    # In the playbook read last, so that a page showing the item reads that playbook for it alone.
    "an item's title, kept in its place": edit_playbook("keep-influence-healthy", lambda d: next(
        e for e in d["anti_patterns"] if isinstance(e, dict)).update(title="Letting influence drift, edited")),
    "a situation's title": lambda f: edit_item(
        f, lambda field, e: field == "situations", lambda e: e.update(title="When the peer is away")),
    "a use by id dropped": _drop_a_use,
}


# Edits of text alone, which leave the handbook's structure as it was.
TEXT_EDITS = [EDITS[name] for name in (
    "a playbook's title", "a playbook's summary", "the body of an item other playbooks use", "an exercise's steps",
    "an answer", "a reference's note", "a line to check before asking", "an experiment's title",
    "an item's title, kept in its place")]


def regenerate(folder: Path, memo: FileMemo, previous: Generation | None, last: Handbook | None = None
               ) -> tuple[dict[str, GeneratedPage], Generation, Handbook]:
    """The pages, made again from the `previous` generation and the `last` handbook as the preview
    makes them, this generation and the handbook."""
    handbook = load_handbook(folder, display_root=folder.parent, memo=memo, previous=last)
    pages, _, generation = site_files(folder.parent, handbook, previous)
    return pages, generation, handbook


def records(handbook: Handbook) -> dict[str, tuple[object, ...]]:
    return {i: (r.kind, r.defined_in, r.used_by, r.item) for i, r in handbook.items.items()}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return Path(shutil.copytree(ROOT / "playbooks", tmp_path / "playbooks"))


def fresh(folder: Path) -> Handbook:
    return load_handbook(folder, display_root=folder.parent)


@pytest.mark.parametrize("edit", EDITS.values(), ids=EDITS.keys())
def test_after_an_edit_the_pages_made_again_are_those_of_a_fresh_generation(
        folder: Path, edit: Callable[[Path], None]) -> None:
    memo: FileMemo = {}
    last = load_handbook(folder, display_root=folder.parent, memo=memo)
    _, _, first = site_files(folder.parent, last)
    edit(folder)
    handbook = load_handbook(folder, display_root=folder.parent, memo=memo, previous=last)
    pages, data, again = site_files(folder.parent, handbook, first)
    assert (pages, data) == site_files(folder.parent, fresh(folder))[:2]
    assert records(handbook) == records(fresh(folder))
    if edit in TEXT_EDITS:
        assert again.counts[1] > 0  # an edit of text alone: some pages were taken as they were
        # and the last load's cross-references still held: unchanged playbooks' items were kept
        assert sum(record is last.items[i] for i, record in handbook.items.items()) > len(handbook.items) / 2


def test_a_title_edited_makes_again_only_the_pages_that_show_it(folder: Path) -> None:
    memo: FileMemo = {}
    _, first, last = regenerate(folder, memo, None)
    assert first.counts[1] == 0  # nothing to take from
    EDITS["a playbook's title"](folder)
    _, again, _ = regenerate(folder, memo, first, last)
    made, kept = again.counts
    assert made + kept == first.counts[0]
    # Its page, its neighbours' and exercises' pages, the lists that name it: far from all.
    assert 0 < made < (made + kept) / 3


def test_an_id_edited_makes_every_page_again(folder: Path) -> None:
    memo: FileMemo = {}
    _, first, last = regenerate(folder, memo, None)
    edit_item(folder, lambda field, e: field == "anti_patterns", lambda e: e.update(id=e["id"] + "-renamed"))
    pages, again, _ = regenerate(folder, memo, first, last)
    assert again.counts[1] == 0
    assert pages == generate_pages(fresh(folder))


def test_a_run_of_random_edits_keeps_the_pages_those_of_a_fresh_generation(folder: Path) -> None:
    memo: FileMemo = {}
    _, generation, handbook = regenerate(folder, memo, None)
    chooser = random.Random(16)  # noqa: S311 - a fixed run of edits, not a secret
    for _ in range(8):
        name = chooser.choice(sorted(p.stem for p in folder.glob("*.yaml")))
        data = read(folder, name)
        texts = [(entry, key) for value in data.values() if isinstance(value, list)
                 for entry in value if isinstance(entry, dict)
                 for key in ("title", "summary", "body", "instead") if isinstance(entry.get(key), str)]
        entry, key = chooser.choice(texts)
        # Added at the end, so that a title mostly keeps its place in its index and the edit is
        # one of text alone, which leaves most pages as they were.
        entry[key] = f"{entry[key]} (edited {chooser.randrange(1000)})"
        write(folder, name, data)
        pages, generation, handbook = regenerate(folder, memo, generation, handbook)
        assert pages == generate_pages(fresh(folder)), f"after editing {key} in {name}"


def test_the_items_credited_to_a_source_are_read_from_their_playbooks(folder: Path) -> None:
    handbook = fresh(folder)
    handbook.settle()
    for source_id in ("post-delegate-for-growth", "post-beyond-delegation", "handbook-editors"):
        expected = {name for name, _, _, entry in entries(folder) if source_id in entry.get("sources", [])}
        expected |= {path.stem for path in folder.glob("*.yaml") for question in read(folder, path.stem).get("faq", [])
                     if source_id in question.get("sources", [])}
        with reading() as read_now:
            handbook.credited_by(source_id)
        assert read_now == expected and len(expected) > 1, source_id


def test_a_piece_kept_inside_a_piece_made_again_counts_its_reads_for_both(folder: Path) -> None:
    def title(handbook: Handbook, name: str) -> str:
        return handbook.playbooks[name].model.title

    def generation(previous: Generation | None) -> tuple[str, Generation]:
        handbook = load_handbook(folder, display_root=folder.parent, memo=memo)
        pieces = Pieces(handbook, previous)
        value = pieces.piece("outer", lambda: title(handbook, "navigating-a-no") + " / " + pieces.piece(
            "inner", lambda: title(handbook, "invite-collaboration")))
        return value, pieces.generation

    memo: FileMemo = {}
    _, first = generation(None)
    EDITS["a playbook's title"](folder)  # what the outer piece reads itself: made again, the inner kept
    value, second = generation(first)
    assert value.startswith("Hearing no") and second.counts == [1, 1]
    edit_playbook("invite-collaboration", lambda d: d.update(title="Inviting, edited"))(folder)
    value, _ = generation(second)
    assert value == "Hearing no, and after / Inviting, edited"


def _defined(data: Data, field: str) -> Data:
    return next(entry for entry in data[field] if isinstance(entry, dict))


def _used(data: Data, field: str) -> str:
    return next(entry for entry in data[field] if isinstance(entry, str))


def _use(data: Data, field: str, item_id: str) -> None:
    """The first item `field` uses by id is now `item_id`."""
    data[field][data[field].index(_used(data, field))] = item_id


# Edits of strategic-influence that break a reference: a save the preview's kept cross-references
# must not hide.
BAD_REFERENCES: dict[str, Callable[[Data], None]] = {
    "an unknown id used": lambda d: d["motivators"].append("no-such-motivator"),
    "a use by id changed to an unknown id": lambda d: _use(d, "patterns", "no-such-pattern"),
    "a use by id changed to an item of another kind": lambda d: _use(d, "patterns", _used(d, "motivators")),
    "an unknown item practised": lambda d: _defined(d, "exercises")["practises"].append("no-such-pattern"),
    "an item's unknown source": lambda d: _defined(d, "patterns")["sources"].append("no-such-source"),
    "a question's unknown source": lambda d: d["faq"][0]["sources"].append("no-such-source"),
    "an id defined twice": lambda d: _defined(d, "anti_patterns").update(id=_defined(d, "patterns")["id"]),
    "a question's id taken": lambda d: d["faq"][0].update(id=_defined(d, "patterns")["id"]),
    "a reserved id": lambda d: _defined(d, "anti_patterns").update(id="week-1"),
    "a reserved exercise page": lambda d: _defined(d, "exercises").update(id="index"),
    "a step id taken": lambda d: d["experiment"]["steps"][1].update(id=d["experiment"]["steps"][0]["id"]),
    "a reserved checklist page": lambda d: d["experiment"].update(page="before-you-ask"),
}


@pytest.mark.parametrize("edit", BAD_REFERENCES.values(), ids=BAD_REFERENCES.keys())
def test_a_reference_an_edit_breaks_is_reported_as_by_a_fresh_check(folder: Path, edit: Callable[[Data], None]) -> None:
    memo: FileMemo = {}
    last = load_handbook(folder, display_root=folder.parent, memo=memo)
    data = read(folder, "strategic-influence")
    edit(data)
    write(folder, "strategic-influence", data)
    with pytest.raises(HandbookError) as kept:
        load_handbook(folder, display_root=folder.parent, memo=memo, previous=last)
    with pytest.raises(HandbookError) as afresh:
        fresh(folder)
    assert [str(p) for p in kept.value.problems] == [str(p) for p in afresh.value.problems]
