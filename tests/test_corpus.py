"""A corpus of broken playbooks, one per kind of failure, each with the exact line it must produce.

Each `tests/corpus/<name>.yaml` is checked alone, through the real `handbook check` command, and
must print exactly the lines in `<name>.expected`, then the count, and exit 1.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from handbook.problems import count_line
from tests.conftest import run_handbook

CORPUS = Path(__file__).parent / "corpus"
NAMES = sorted(p.stem for p in CORPUS.glob("*.yaml"))


@pytest.mark.parametrize("name", NAMES)
def test_broken_playbook_gives_its_exact_message(tmp_path: Path, name: str) -> None:
    (tmp_path / "playbooks").mkdir()
    shutil.copy2(CORPUS / f"{name}.yaml", tmp_path / "playbooks" / f"{name}.yaml")
    result = run_handbook(tmp_path, "check")
    expected = (CORPUS / f"{name}.expected").read_text().splitlines()
    assert result.stdout.splitlines() == [*expected, count_line(len(expected))]
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout


def test_every_case_has_its_expectation() -> None:
    assert sorted(p.stem for p in CORPUS.glob("*.expected")) == NAMES
