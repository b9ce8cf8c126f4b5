"""Untrusted input: the checker never raises or hangs, limits hold, and a failed build loses nothing."""

from __future__ import annotations

import hashlib
import re
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handbook.check.loader import load_handbook
from handbook.problems import HandbookError, shown
from handbook.source.yamlsource import MAX_FILE_BYTES
from tests.conftest import FIXTURES, ROOT, copy_project, mkdocs_serve, page_text, run_handbook, run_mkdocs, wait_for
from tests.test_checker import VALID

LOCATED = re.compile(r"^playbooks/[^:]+:[1-9]\d*:[1-9]\d*: error: \S.*$")
REAL = [p.read_text() for p in sorted((ROOT / "playbooks").glob("*.yaml"))] or [VALID]


def check_text(folder: Path, data: bytes) -> list[str]:
    """Check one file holding `data`; every outcome but a located problem list is a failure."""
    (folder / "p.yaml").write_bytes(data)
    started = time.monotonic()
    try:
        load_handbook(folder, display_root=folder.parent)
        problems: list[str] = []
    except HandbookError as exc:
        problems = [str(p) for p in exc.problems]
    assert time.monotonic() - started < 1.0
    assert all(LOCATED.match(line) for line in problems), problems
    return problems


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "playbooks").mkdir()
    return tmp_path / "playbooks"


scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=30))
documents = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(
        ["title", "summary", "audience", "motivators", "id", "steps", "days", "link", "x"]) | st.text(max_size=8),
        inner, max_size=5)), max_leaves=25)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(document=documents)
def test_generated_documents_give_located_problems_or_none(folder: Path, document: object) -> None:
    check_text(folder, yaml.safe_dump(document, allow_unicode=True).encode())


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_mutated_real_playbooks_give_located_problems_or_none(folder: Path, data: st.DataObject) -> None:
    text = data.draw(st.sampled_from(REAL)).encode()
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(text)))
        kind = data.draw(st.sampled_from(["insert", "delete", "duplicate-line", "bytes"]))
        if kind == "insert":
            text = text[:at] + data.draw(st.sampled_from(
                [b":", b"-", b"\t", b"  ", b"\n", b"[", b"{", b"&a ", b"*a", b"!!str ", b"'", b'"', b"#"])) + text[at:]
        elif kind == "delete":
            text = text[:at] + text[at + data.draw(st.integers(1, 40)):]
        elif kind == "duplicate-line":
            start = text.rfind(b"\n", 0, at) + 1
            end = text.find(b"\n", at)
            line = text[start:end + 1] if end >= 0 else text[start:]
            text = text[:start] + line + text[start:]
        else:
            text = text[:at] + data.draw(st.binary(min_size=1, max_size=4)) + text[at:]
    check_text(folder, text)


def test_an_oversized_file_is_refused_with_its_size(folder: Path) -> None:
    data = (VALID + "#" * MAX_FILE_BYTES).encode()
    assert check_text(folder, data) == [
        f"playbooks/p.yaml:1:1: error: file is {len(data)} bytes; a playbook may be at most "
        f"{MAX_FILE_BYTES} bytes, split it into several playbooks"]


def test_an_alias_bomb_is_refused_quickly(folder: Path) -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(20))
    problems = check_text(folder, bomb.encode())
    assert problems[0] == "playbooks/p.yaml:1:4: error: YAML anchors (&a) are not allowed; remove it"
    assert problems[1] == ("playbooks/p.yaml:2:4: error: YAML anchors (&b) are not allowed; remove it")
    assert ("playbooks/p.yaml:2:8: error: YAML aliases (*name) are not allowed; write the value out in full"
            in problems)


def test_deep_nesting_is_refused(folder: Path) -> None:
    problems = check_text(folder, ("title: " + "[" * 5000 + "]" * 5000 + "\n").encode())
    assert len(problems) == 1 and ("nested deeper" in problems[0] or "YAML syntax error" in problems[0])


def shown_path(path: Path) -> str:
    """A path as a message quotes it: cut to 60 characters."""
    return shown(str(path))[1:-1]


def test_a_playbook_that_links_outside_its_folder_is_refused(folder: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text(VALID)
    (folder / "link.yaml").symlink_to(outside)
    with pytest.raises(HandbookError) as caught:
        load_handbook(folder, display_root=tmp_path)
    assert [str(p) for p in caught.value.problems] == [
        f"playbooks/link.yaml:1:1: error: is a symbolic link to '{shown_path(outside)}', not a regular file; "
        "playbooks/ holds only playbook files, each a regular file named <id>.yaml"]


def site_fingerprint(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path, FIXTURES / "playbooks")


def break_playbook(project: Path) -> None:
    playbook = project / "playbooks" / "asking-peers.yaml"
    playbook.write_text(playbook.read_text().replace("motivators:", "motivatrs:"))


def test_a_failed_build_leaves_the_previous_site_as_it_was(project: Path) -> None:
    assert run_mkdocs(project).returncode == 0
    before = site_fingerprint(project / "site")
    break_playbook(project)
    result = run_mkdocs(project)
    assert result.returncode == 1
    assert site_fingerprint(project / "site") == before
    check = run_handbook(project, "check")
    messages = [line for line in check.stdout.splitlines() if ": error: " in line]
    assert messages and all(line in result.stderr for line in messages)
    assert "Traceback" not in result.stderr


def test_serve_logs_a_bad_playbook_keeps_running_and_recovers(project: Path, tmp_path: Path) -> None:
    log = tmp_path / "serve.log"
    with mkdocs_serve(project, log) as (base, server):
        url = f"{base}/playbooks/asking-peers/"
        wait_for(lambda: "Asking peers" in page_text(url))
        playbook = project / "playbooks" / "asking-peers.yaml"
        good = playbook.read_text()
        line = good.splitlines().index("motivators:") + 1
        message = f"playbooks/asking-peers.yaml:{line}:1: error: unknown field 'motivatrs'"
        break_playbook(project)
        wait_for(lambda: message in log.read_text())
        assert server.poll() is None
        playbook.write_text(good.replace("title: Asking peers", "title: Asking peers again"))
        wait_for(lambda: "Asking peers again" in page_text(url))
        assert "Traceback" not in log.read_text()
