"""`handbook generate DIR`: the one generation step any engine builds from."""

from __future__ import annotations

from pathlib import Path

import pytest

from handbook.check.loader import load_handbook
from handbook.generate import render_macros
from handbook.pages.ticks import KEYS_FILE, checklist_keys, keys_script
from tests.conftest import FIXTURES, ROOT, copy_project, run_handbook


def test_generate_writes_docs_every_page_and_the_data_with_macros_rendered(tmp_path: Path) -> None:
    project = copy_project(tmp_path, ROOT / "playbooks")
    result = run_handbook(project, "generate", "out/docs")
    assert result.returncode == 0, result.stdout + result.stderr
    out = project / "out" / "docs"
    home = (out / "index.md").read_text(encoding="utf-8")
    assert "{{" not in home and "render_macros" not in home
    handbook = load_handbook(ROOT / "playbooks", display_root=ROOT)
    for playbook in handbook.ordered():
        assert f"(playbooks/{playbook.id}.md)" in home  # the reading path, rendered
        assert (out / "playbooks" / f"{playbook.id}.md").is_file()
    assert (out / "api" / "handbook.json").is_file() and (out / "contributing" / "index.md").is_file()
    assert (out / "assets" / "checklist.js").read_bytes() == (ROOT / "docs/assets/checklist.js").read_bytes()
    assert (out / KEYS_FILE).read_text(encoding="utf-8") == keys_script(checklist_keys())


@pytest.mark.parametrize("folder", [".", "..", "docs/generated", "playbooks/out"])
def test_generate_refuses_to_write_over_the_project(tmp_path: Path, folder: str) -> None:
    project = copy_project(tmp_path, FIXTURES / "playbooks")
    before = sorted(p.relative_to(project).as_posix() for p in project.rglob("*"))
    result = run_handbook(project, "generate", folder)
    assert result.returncode == 2 and "choose a folder of its own" in result.stderr
    assert sorted(p.relative_to(project).as_posix() for p in project.rglob("*")) == before


def test_generate_reports_a_broken_playbook_and_writes_nothing(tmp_path: Path) -> None:
    project = copy_project(tmp_path, FIXTURES / "playbooks")
    playbook = project / "playbooks" / "asking-peers.yaml"
    playbook.write_text(playbook.read_text().replace("motivators:", "motivatrs:"))
    result = run_handbook(project, "generate", "out")
    assert result.returncode == 1
    line = playbook.read_text().splitlines().index("motivatrs:") + 1
    assert f"playbooks/asking-peers.yaml:{line}:1: error: unknown field 'motivatrs'" in result.stdout
    assert not (project / "out").exists()


def test_an_unknown_macro_is_an_error_not_a_silent_gap() -> None:
    handbook = load_handbook(FIXTURES / "playbooks", display_root=FIXTURES)
    with pytest.raises(ValueError, match="unknown macro nope"):
        render_macros("---\nrender_macros: true\n---\n{{ nope() }}\n", handbook)
    assert render_macros("# No macros\n\n{{ left alone }}\n", handbook) == "# No macros\n\n{{ left alone }}\n"
