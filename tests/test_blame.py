"""A clash between two files is reported once, in the file the contributor changed: with git, the
changed or untracked file; without git, the later one. Real `handbook check` runs on a git copy."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import git, git_clone_of, run_handbook
from tests.test_checker import VALID, at, renamed

# b.yaml, somebody else's playbook already merged, sorts after the contributor's a.yaml, so the
# old rule (the later place) would blame it.
THEIRS = renamed(VALID).replace("b-growth", "growing")
SAID = "Show the line from the task to a goal the team agreed on."
MINE = VALID.replace("id: growth", "id: mine").replace("[growth]", "[mine]")
# Where the clashing id and the repeated sentence stand, the same in both files.
GROWTH, ADDS = at(VALID, "id: growth", "growth"), at(VALID, "adds: ", "Why")


def project_with_theirs(tmp_path: Path, *, with_git: bool, committed_mine: str | None = None) -> Path:
    (tmp_path / "playbooks").mkdir()
    (tmp_path / "playbooks" / "b.yaml").write_text(THEIRS.replace(
        "    adds: Why mastery motivates.\n", f"    adds: Why mastery motivates. {SAID}\n"))
    if committed_mine is not None:
        (tmp_path / "playbooks" / "a.yaml").write_text(committed_mine)
    if with_git:
        git_clone_of(tmp_path)
    return tmp_path


def errors_of(project: Path) -> list[str]:
    result = run_handbook(project, "check")
    assert result.returncode == 1 and result.stderr == "", result.stderr
    return result.stdout.splitlines()[:-1]


@pytest.mark.parametrize("case", ["an untracked file", "a file changed since the branch left main",
                                  "a file committed on a branch of its own"])
def test_a_duplicate_id_and_a_repeated_sentence_are_reported_in_the_changed_file_only(
        tmp_path: Path, case: str) -> None:
    project = project_with_theirs(tmp_path, with_git=True,
                                  committed_mine=None if case == "an untracked file" else MINE)
    if case == "a file committed on a branch of its own":
        git(project, "switch", "--quiet", "--create", "my-playbook")
    clashing = MINE.replace("id: mine", "id: growing").replace("[mine]", "[growing]").replace(
        "    adds: Why mastery motivates.\n", f"    adds: Worth reading. {SAID}\n")
    (project / "playbooks" / "a.yaml").write_text(clashing)
    if case == "a file committed on a branch of its own":
        git(project, "commit", "--quiet", "--all", "--message", "My playbook")
    assert errors_of(project) == [
        f"playbooks/a.yaml:{GROWTH}: error: id 'growing' is already used by the motivator 'Growth' at "
        f"playbooks/b.yaml:{GROWTH}; ids are unique across the handbook, so choose another, or delete this "
        "definition and use the existing item by writing just its id",
        f"playbooks/a.yaml:{ADDS}: error: this sentence is also said in the reference 'Drive' at "
        f"playbooks/b.yaml:{ADDS} ('show the line from the task to a goal the team agreed on'); "
        "say it once: use that item by its id, or say something new here"]


def test_without_git_the_later_file_is_blamed(tmp_path: Path) -> None:
    project = project_with_theirs(tmp_path, with_git=False)
    (project / "playbooks" / "a.yaml").write_text(MINE.replace("id: mine", "id: growing").replace(
        "[mine]", "[growing]"))
    assert [line.split(": error:")[0] for line in errors_of(project)] == [f"playbooks/b.yaml:{GROWTH}"]


def test_when_both_files_changed_the_later_is_blamed(tmp_path: Path) -> None:
    project = project_with_theirs(tmp_path, with_git=True)
    (project / "playbooks" / "b.yaml").write_text(THEIRS + "tags: [changed]\n")
    (project / "playbooks" / "a.yaml").write_text(MINE.replace("id: mine", "id: growing").replace(
        "[mine]", "[growing]"))
    assert [line.split(": error:")[0] for line in errors_of(project)] == [f"playbooks/b.yaml:{GROWTH}"]
