"""`handbook ids`: the items a contributor can reuse, by kind, searchable, through the real command."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import FIXTURES, run_handbook


def project_with(tmp_path: Path, files: dict[str, str]) -> Path:
    (tmp_path / "playbooks").mkdir()
    for source in (FIXTURES / "playbooks").glob("*.yaml"):
        (tmp_path / "playbooks" / source.name).write_text(source.read_text())
    for name, text in files.items():
        (tmp_path / "playbooks" / name).write_text(text)
    return tmp_path


def test_every_reusable_item_is_listed_by_kind_with_its_title_and_one_line(tmp_path: Path) -> None:
    # A contributor's own file, broken while they write it, does not hide the others' items.
    project = project_with(tmp_path, {"mine.yaml": "title: [unfinished\n"})
    result = run_handbook(project, "ids")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    motivators = lines.index("Motivators (list under 'motivators:', e.g. '- growth')")
    assert lines[motivators + 1:motivators + 3] == [
        "  growth: Growth", "      The work teaches something the peer wants to learn."]
    assert "  going-over-heads: Going over their head" in lines
    assert lines.index("Situations (list under 'situations:', e.g. '- peer-work-you-cannot-assign')") < motivators


def test_a_word_narrows_the_list_in_any_case(tmp_path: Path) -> None:
    project = project_with(tmp_path, {})
    result = run_handbook(project, "ids", "MANAGER")
    assert result.returncode == 0
    ids = [line.split(":")[0].strip() for line in result.stdout.splitlines() if line.startswith("  ") and
           not line.startswith("      ")]
    assert ids and "growth" not in ids and "going-over-heads" in ids
    nothing = run_handbook(project, "ids", "quasquicentennial")
    assert nothing.returncode == 1 and "no item's id, title or line holds 'quasquicentennial'" in nothing.stdout


def test_lines_to_say_and_stories_are_listed_with_where_to_name_them(tmp_path: Path) -> None:
    project = project_with(tmp_path, {})
    lines = run_handbook(project, "ids").stdout.splitlines()
    said = lines.index("Lines to say (name in a situation's 'first_line' or a reply's 'next', "
                       "e.g. 'first_line: swamped-line')")
    assert lines[said + 1:said + 3] == ["  swamped-line: The peer says they are swamped",
                                        "      Understood. Is it time, or is it not the right fit?"]
    told = lines.index("Stories (list under 'stories:', e.g. '- a-task-that-grew-someone')")
    assert lines[told + 1] == "  a-task-that-grew-someone: A task that grew someone"
    # A word finds a line by what it says.
    found = run_handbook(project, "ids", "right fit").stdout.splitlines()
    assert "  swamped-line: The peer says they are swamped" in found and "  growth: Growth" not in found
