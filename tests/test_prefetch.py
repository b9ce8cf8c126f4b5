"""The check's second process: it parses the later files as the parent would, and the parent's
answer is the same with it, without it, and when it dies or the files change under it."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import time
from pathlib import Path

import pytest

from handbook import loader
from handbook.cli import main
from handbook.loader import load_handbook
from handbook.parsecache import ParseCache, cache_file_for
from handbook.prefetch import MIN_FILES, Prefetch, processors
from handbook.problems import HandbookError, Problem
from handbook.repeats import prose_sentences
from handbook.yamlsource import Document, read_document
from tests.conftest import FIXTURES
from tests.test_scale import big_playbook

COUNT = MIN_FILES + 16
SAID_TWICE = "A sentence written in two playbooks is the kind of repeat the check reports."
pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this system: the check runs in one process")


def handbook_folder(tmp_path: Path, *, broken: bool) -> Path:
    """COUNT playbooks; with `broken`, problems of every kind in the earlier and the later files."""
    folder = tmp_path / "playbooks"
    folder.mkdir()
    for file in (FIXTURES / "playbooks").glob("*.yaml"):
        shutil.copy(file, folder / file.name)
    for number in range(1, COUNT - 1):
        text = big_playbook(number)
        if broken and number in (3, COUNT - 5):  # said twice, once in each process's share
            text = text.replace("summary: Why a peer says yes", f"body: {SAID_TWICE}\n    summary: Why a peer says yes")
        if broken and number in (2, COUNT - 8):  # one id defined in each process's share
            text = text.replace(f"id: situation-{number:03d}", "id: situation-clash")
        if broken and number == COUNT - 7:  # a key given twice: the parser reports it, with data
            text = text.replace("order:", "summary: Said twice.\norder:", 1)
        if broken and number == COUNT - 6:  # a YAML syntax error
            text = text.replace("order:", "order: [", 1)
        if broken and number == COUNT - 4:  # a field the schema does not know
            text = text.replace("tags:", "tagz:")
        if broken and number == COUNT - 3:  # a list entry that is a repeat
            text = text.replace("audience: [manager]", "audience: [manager, manager]")
        (folder / f"pb-{number:03d}.yaml").write_text(text)
    return folder


def outcome(folder: Path, prefetch: Prefetch | None = None, parsed: list[str] | None = None) -> list[str]:
    """Every problem the check finds, or each playbook's data when there are none; the files this
    process parsed itself go into `parsed`."""
    def parse(path: str, raw: bytes) -> tuple[Document, list[Problem]]:
        if parsed is not None:
            parsed.append(path)
        return read_document(path, raw)

    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(loader, "read_document", parse)
            handbook = load_handbook(folder, display_root=folder.parent, prefetch=prefetch)
    except HandbookError as exc:
        return [str(problem) for problem in exc.problems]
    return [f"{p.id}: {p.model.model_dump_json()}" for p in handbook.ordered()]


def later_files(folder: Path, prefetch: Prefetch) -> list[Path]:
    return sorted(folder.iterdir())[prefetch.first:]


def test_the_child_hands_back_each_later_file_as_the_parent_would_parse_it(tmp_path: Path) -> None:
    folder = handbook_folder(tmp_path, broken=True)
    cached_file = sorted(folder.iterdir())[-1]
    cached_raw = cached_file.read_bytes()
    cached = {ParseCache.key(cached_raw): read_document("x", cached_raw)[0].data}
    prefetch = Prefetch.start(folder, cached)
    assert 0 < prefetch.first < COUNT - 10
    clean = with_problems = 0
    for file in later_files(folder, prefetch):
        raw = file.read_bytes()
        doc, found = read_document(file.name, raw)
        record = prefetch.next()
        assert record is not None, file.name
        key, data, prose = record
        assert key == hashlib.sha256(raw).hexdigest()
        if file == cached_file:
            assert data is None and prose == prose_sentences(doc.data)
        elif found:
            assert data is None and prose is None
            with_problems += 1
        else:
            assert data == doc.data and prose == prose_sentences(doc.data)
            clean += 1
    assert prefetch.next() is None
    assert clean > 40 and with_problems == 2  # the YAML error and the key given twice


@pytest.mark.parametrize("broken", [False, True], ids=["clean handbook", "problems in both shares"])
def test_the_check_says_the_same_with_a_second_process_as_without(tmp_path: Path, broken: bool) -> None:
    folder = handbook_folder(tmp_path, broken=broken)
    alone = outcome(folder)
    parsed: list[str] = []
    prefetch = Prefetch.start(folder, {})
    assert outcome(folder, prefetch, parsed) == alone
    # This process parsed its own share, and of the child's only the files that had a problem
    # there: the YAML error and the key given twice.
    earlier = [f"playbooks/{file.name}" for file in sorted(folder.iterdir())[:prefetch.first]]
    later = [f"playbooks/pb-{COUNT - n:03d}.yaml" for n in (7, 6)] if broken else []
    assert parsed == earlier + later
    if broken:
        wanted = [f"pb-{COUNT - n:03d}.yaml" for n in (3, 4, 5, 6, 7, 8)] + ["pb-002.yaml"]
        assert all(any(name in line for line in alone) for name in wanted), alone


def test_a_child_killed_halfway_costs_only_its_time(tmp_path: Path) -> None:
    folder = handbook_folder(tmp_path, broken=True)
    prefetch = Prefetch.start(folder, {})
    os.kill(prefetch.pid, signal.SIGKILL)
    assert outcome(folder, prefetch) == outcome(folder)


def test_files_changed_after_the_child_read_them_are_read_again(tmp_path: Path) -> None:
    folder = handbook_folder(tmp_path, broken=True)
    prefetch = Prefetch.start(folder, {})
    deadline = time.monotonic() + 60
    while os.waitid(os.P_PID, prefetch.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is None:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    # The child has read every file. Now one loses its repeated sentence, one its key given twice,
    # and a file that sorts first moves every later one a place, so no record lines up any more.
    for number, before, after in ((COUNT - 5, f"body: {SAID_TWICE}", "body: Said once."),
                                  (COUNT - 7, "summary: Said twice.\n", "")):
        changed = folder / f"pb-{number:03d}.yaml"
        changed.write_text(changed.read_text().replace(before, after))
    (folder / "aaa.yaml").write_text(big_playbook(COUNT + 1))
    seen = outcome(folder, prefetch)
    assert seen == outcome(folder)
    assert not any(f"pb-{COUNT - n:03d}.yaml" in line for line in seen for n in (5, 7))
    assert any(f"pb-{COUNT - 3:03d}.yaml" in line for line in seen)


def test_the_command_line_check_forks_and_fills_the_parse_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    folder = handbook_folder(tmp_path, broken=False)
    monkeypatch.chdir(tmp_path)
    started: list[Prefetch] = []
    real_start = Prefetch.start.__func__  # type: ignore[attr-defined]

    def noting(cls: type[Prefetch], *args: object) -> Prefetch:
        started.append(real_start(cls, *args))
        return started[-1]

    monkeypatch.setattr(Prefetch, "start", classmethod(noting))
    items = len(load_handbook(folder).items)
    assert main(["check"]) == 0
    assert capsys.readouterr().out == f"{COUNT} playbooks, {items} items: no errors\n"
    # With one processor, a second process would only take turns with this one: none starts.
    assert [prefetch.first < COUNT for prefetch in started] == ([True] if processors() > 1 else [])
    # Every file is in the cache, the child's share too: the next run parses nothing, and its
    # second process only reads the prose of the files the cache holds.
    stored = ParseCache(cache_file_for(Path("playbooks"))).entries
    assert set(stored) == {ParseCache.key(file.read_bytes()) for file in folder.iterdir()}
    repeat = f"body: {SAID_TWICE}\n    summary: Why a peer says yes"
    for name in ("pb-003.yaml", f"pb-{COUNT - 5:03d}.yaml"):  # one in each process's share
        (folder / name).write_text((folder / name).read_text().replace("summary: Why a peer says yes", repeat))
    expected = outcome(folder)
    assert len(expected) == 1 and "already said" in expected[0]
    for _ in range(2):  # then both files are in the cache, and the child sends only their prose
        assert main(["check"]) == 1
        assert capsys.readouterr().out.splitlines()[:-1] == expected
    assert len(started) == (3 if processors() > 1 else 0)
