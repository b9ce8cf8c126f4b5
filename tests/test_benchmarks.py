"""The benchmarks measure a handbook the checker accepts: when a rule is added, the synthetic
playbooks of `benchmarks/build_scale.py` must follow it, or `make bench` times an error message."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

from handbook.check.loader import load_handbook
from tests.conftest import ROOT


def benchmark(name: str, monkeypatch: pytest.MonkeyPatch) -> Any:
    """The script benchmarks/<name>.py as a module, importable by the other scripts there."""
    monkeypatch.syspath_prepend(str(ROOT / "benchmarks"))
    spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, name, module)  # its dataclasses look themselves up
    spec.loader.exec_module(module)
    return module


def test_the_synthetic_playbooks_of_the_benchmark_pass_the_checker(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    build_scale = benchmark("build_scale", monkeypatch)
    # Enough playbooks to hold every shape the generator writes, a plan of its own included.
    count = build_scale.PLAN_EVERY // 2 + 1
    build_scale.write_playbooks(tmp_path / "playbooks", count)
    handbook = load_handbook(tmp_path / "playbooks", display_root=tmp_path)
    assert len(handbook.ordered()) == count


CLEAN_CASES = ("every list at its cap, punctuation text", "long punctuation bodies")


def test_the_hostile_inputs_meant_to_check_clean_do(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The most expensive files the limits allow must pass the checker, or the benchmark times a
    refusal; each is added to a copy of the real handbook, as the benchmark adds it."""
    hostile = benchmark("hostile_inputs", monkeypatch)
    for name in CLEAN_CASES:
        folder = tmp_path / name.replace(" ", "-").replace(",", "") / "playbooks"
        shutil.copytree(ROOT / "playbooks", folder)
        (folder / "hostile.yaml").write_text(hostile.CASES[name]())
        load_handbook(folder, display_root=folder.parent)


def test_the_floor_is_given_the_pages_a_save_changes_and_no_others(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # benchmarks/save_floor.py times plain MkDocs on the pages a save changes: generating the same
    # playbooks twice changes nothing, and a new title changes its playbook's page and some others.
    build_scale = benchmark("build_scale", monkeypatch)
    benchmark("preview_pair", monkeypatch)
    save_floor = benchmark("save_floor", monkeypatch)
    monkeypatch.setenv("HANDBOOK_SITE_URL", "http://127.0.0.1:8000/")
    project = build_scale.copy_project(tmp_path / "project", 6)
    save_floor.baseline_project(tmp_path / "baseline", project)
    save_floor.served_project(tmp_path / "baseline")
    assert "\nstrict: false\n" in (tmp_path / "baseline" / "mkdocs.yml").read_text()
    docs = tmp_path / "baseline" / "docs"
    assert save_floor.changed_pages(project, docs) == {}
    source = project / "playbooks" / "pb-0003.yaml"
    source.write_text(save_floor.edited(source.read_text(), "title", "A title of its own"))
    changed = save_floor.changed_pages(project, docs)
    assert docs / "playbooks" / "pb-0003.md" in changed
    assert "A title of its own" in changed[docs / "playbooks" / "pb-0003.md"]
    assert 1 < len(changed) < len(list(docs.rglob("*.md")))
