"""A contributor's pull request, played on a fresh copy: a git clone of the handbook, a branch, a
new playbook with two sources of its own, one first-week exercise and every part filled. It must
pass `make check` (the checker, the strict build and the content tests) as CONTRIBUTING promises;
a sentence said twice and an id defined twice are then reported in the new file only."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

from handbook.check.loader import load_handbook
from tests.conftest import ROOT, copy_project, git, git_clone_of, run_handbook

NEW = "playbooks/disagree-and-commit.yaml"
PLAYBOOK = """\
# yaml-language-server: $schema=../docs/schema/playbook.schema.json
title: "Disagree and commit"
summary: "Say your objection once, then back the decision as if it were your own."
order: 85
audience: [senior-ic, tech-lead]
tags: [decisions]
phrases: [disagree and commit, lost the argument]
situations:
  - id: outvoted-on-a-design
    title: "The team chose the design I argued against"
    sources: [dac-own-notes]
    across: own-team
    first_line: dac-line-commit
    phrases: [outvoted, lost the vote, overruled on the design]
sources:
  - id: dac-own-notes
    title: "A contributor's notes on committing after a lost argument"
    untitled: true
  - id: dac-team-retro
    title: "Notes from a platform team's quarterly retro"
    author: "A platform team"
    link: https://notes.test/retro
patterns:
  - id: object-once-then-back-it
    title: "Object once, then back it"
    sources: [dac-own-notes, dac-team-retro]
    summary: "A clear objection on record frees you to commit without grudges."
    body: |
      Write the objection down where the decision is recorded, with the signal that would change
      your mind, then stop relitigating the choice in hallways.
    watch_out: "Backing a choice is not hiding the risk; keep the tripwire you named visible to all."
    before_you_ask: "I have said my objection once, in writing, with what would change my mind."
    scripts:
      - id: dac-line-commit
        when: "The decision went the other way"
        say: "I argued for the other option, and I am in. If the error budget halves, I will raise it again."
        moment: after-a-no
anti_patterns:
  - id: quiet-sabotage
    title: "Quiet sabotage"
    sources: [dac-team-retro]
    summary: "Agreeing in the meeting, then slow-walking the work."
    instead: "Say the disagreement in the room, then deliver at full speed once the call is made."
when_not_to_use:
  - id: safety-or-ethics-line
    title: "A safety or ethics line"
    sources: [dac-own-notes]
    summary: "Committing would put people or their data at risk."
    instead: "Escalate through the proper channel instead of committing; say so plainly to the team."
exercises:
  - id: write-your-tripwire
    title: "Write your tripwire"
    sources: [dac-own-notes]
    summary: "Turn a lost argument into a signal you will watch."
    first_week: true
    time: "25 minutes"
    prepare: ["The record of one decision you argued against"]
    steps:
      - "Write your objection in two sentences under the decision record."
      - "Name the measurement that would prove you right, and when you will look at it."
    reflect: ["Did writing it down let you let go of it?"]
    practises: [object-once-then-back-it]
faq:
  - id: is-committing-giving-up
    question: "Is committing the same as giving up?"
    answer: "No: you keep the tripwire, and you bring the argument back only when the signal shows."
    sources: [dac-own-notes]
stories:
  - id: dac-the-cache-vote
    title: "Outvoted on the cache"
    source: dac-team-retro
    setting: "A platform team chose a shared cache that one engineer had argued against."
    moments:
      - said: "She wrote her objection under the decision, with the error budget as her tripwire."
        shows: [object-once-then-back-it]
      - said: "Then she built the cache at full speed."
        answered: "The team noticed and asked her to own its alerts."
        shows: [quiet-sabotage]
    ending: "The budget held; the objection stayed on record, unused."
    situations: [outvoted-on-a-design]
in_short:
  - "Object once, in writing, with the signal that would change your mind."
  - "Then back the decision as if it were your own."
  - "Raise it again only when the signal shows."
references:
  - id: dac-decision-records
    title: "Architecture decision records"
    kind: article
    author: "Michael Nygard"
    link: https://notes.test/adr
    adds: "A place to put an objection on record next to the decision."
    sources: [dac-team-retro]
"""


def make(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The real `make` in `project`, with this checkout's installed environment."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("PYTEST_ADDOPTS", None)
    return subprocess.run(["make", f"VENV={ROOT / '.venv'}", *args], cwd=project, capture_output=True,
                          text=True, env=env, timeout=600, check=False)


def fresh_clone(tmp_path: Path) -> Path:
    """What a contributor has after cloning: the project, the content tests, the seed posts beside it."""
    project = copy_project(tmp_path / "handbook", ROOT / "playbooks")
    for name in ("Makefile", "pyproject.toml", "requirements.lock", ".gitignore"):
        shutil.copy2(ROOT / name, project / name)
    shutil.copytree(ROOT / "tests", project / "tests",
                    ignore=shutil.ignore_patterns("__pycache__", "node_modules"))
    seeds = ROOT.parent / "shared" / "seeds"
    if seeds.is_dir():
        shutil.copytree(seeds, tmp_path / "shared" / "seeds")
    return git_clone_of(project)


def test_a_new_playbook_with_sources_of_its_own_passes_make_check(tmp_path: Path) -> None:
    project = fresh_clone(tmp_path)
    git(project, "switch", "--quiet", "--create", "disagree-and-commit")
    (project / NEW).write_text(PLAYBOOK, encoding="utf-8")
    git(project, "add", NEW)
    git(project, "commit", "--quiet", "--message", "A playbook: disagree and commit")
    result = make(project, "check")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert " passed" in result.stdout and " failed" not in result.stdout

    # Said twice and defined twice: reported in the new file only, naming the other place.
    book = load_handbook(project / "playbooks", display_root=project)
    record = next(r for r in book.items.values() if r.kind.field == "motivators")
    theirs = book.playbooks[record.defined_in]
    index = next(i for i, e in enumerate(theirs.model.motivators) if not isinstance(e, str) and e.id == record.item.id)
    line, col = theirs.doc.position(("motivators", index, "id"))
    (loc, _), *_ = theirs.prose
    said = theirs.doc.data
    for part in loc:
        said = said[part]
    clashing = PLAYBOOK.replace("  - id: quiet-sabotage", f"  - id: {record.item.id}").replace(
        '    summary: "Agreeing in the meeting, then slow-walking the work."\n',
        '    summary: "Agreeing in the meeting, then slow-walking the work."\n'
        f"    body: {json.dumps(said)}\n")
    (project / NEW).write_text(clashing, encoding="utf-8")
    result = run_handbook(project, "check")
    lines = result.stdout.splitlines()[:-1]
    assert result.returncode == 1 and all(problem.startswith(NEW + ":") for problem in lines), result.stdout
    assert any(problem.endswith(
        f"error: id '{record.item.id}' is already used by the motivator '{record.item.title}' at "
        f"{theirs.path}:{line}:{col}; ids are unique across the handbook, so choose another, "
        "or delete this definition and use the existing item by writing just its id") for problem in lines)
    assert any(": error: this sentence is also said in the " in problem and f" at {theirs.path}:" in problem
               for problem in lines)
