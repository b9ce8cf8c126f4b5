"""The benchmarks measure a handbook the checker accepts: when a rule is added, the synthetic
playbooks of `benchmarks/build_scale.py` must follow it, or `make bench` times an error message."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from handbook.check.loader import load_handbook
from tests.conftest import ROOT


def test_the_synthetic_playbooks_of_the_benchmark_pass_the_checker(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spec = importlib.util.spec_from_file_location("build_scale", ROOT / "benchmarks" / "build_scale.py")
    assert spec is not None and spec.loader is not None
    build_scale = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "build_scale", build_scale)  # its dataclasses look themselves up
    spec.loader.exec_module(build_scale)
    # Enough playbooks to hold every shape the generator writes, a plan of its own included.
    count = build_scale.PLAN_EVERY // 2 + 1
    build_scale.write_playbooks(tmp_path / "playbooks", count)
    handbook = load_handbook(tmp_path / "playbooks", display_root=tmp_path)
    assert len(handbook.ordered()) == count
