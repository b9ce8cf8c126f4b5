"""The checker: one case per kind of problem, each with its exact location and message."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from handbook.check.loader import load_handbook
from handbook.cli import main
from handbook.problems import HandbookError

# A valid playbook; each case below changes one thing. Lines and columns are found in this text (`at`).
VALID = """\
title: Asking peers
summary: Get a peer to take on work you cannot assign.
audience: [senior-ic]
situations:
  - id: peer-work
    title: I need a peer to pick up work I can't assign
    sources: [a-post]
    across: peer
    first_line: ask-early
    phrases: [a busy peer, no authority, work nobody owns]
sources:
  - {id: a-post, title: A post}
motivators:
  - id: growth
    title: Growth
    summary: The work teaches something.
    sources: [a-post]
exercises:
  - id: find-a-task
    title: Find a task
    summary: Spot one task.
    prepare: [Your backlog]
    steps: [Scan the backlog.]
    reflect: [Would you say yes?]
    practises: [growth]
    first_week: true
    time: 30 minutes
    sources: [a-post]
references:
  - id: drive
    title: Drive
    kind: book
    author: Daniel Pink
    adds: Why mastery motivates.
    sources: [a-post]
patterns:
  - {id: ask-early, title: Ask early, summary: Ask before the plan is set., sources: [a-post],
     scripts: [{when: Opening, say: Could you take this on?, moment: opening-an-ask}]}
anti_patterns: [{id: ask-late, title: Asking late, summary: Asking once it is set., instead: Ask early.,
                 sources: [a-post]}]
when_not_to_use: [{id: outage, title: An outage, summary: It needs commands., instead: Lead directly.,
                   sources: [a-post]}]
in_short: [Ask early., Offer growth., Take a smaller part.]
stories:
  - id: a-first-ask
    title: A first ask
    source: a-post
    setting: A peer has room.
    moments: [{said: You ask early., shows: [ask-early]}, {said: You offer growth., shows: [growth]}]
    ending: They said yes.
"""


def at(text: str, needle: str, value: str | None = None) -> str:
    """'line:col' of the first line of `text` holding `needle`, at `value` in it (the needle's start
    by default)."""
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return f"{number}:{line.index(value if value is not None else needle) + 1}"
    raise AssertionError(f"{needle!r} is not in the text")


def renamed(text: str, keep: tuple[str, ...] = (), prefix: str = "b-") -> str:
    """`text` with each id it defines, and every place that names it, starting `prefix`, but those in
    `keep`: a second playbook that defines the same things without clashing."""
    for item_id in set(re.findall(r"\bid: ([a-z0-9-]+)", text)) - set(keep):
        text = re.sub(rf"(?<![a-z0-9-]){re.escape(item_id)}(?![a-z0-9-])", prefix + item_id, text)
    return text


def problems_for(tmp_path: Path, files: dict[str, str | bytes]) -> list[str]:
    folder = tmp_path / "playbooks"
    folder.mkdir(parents=True)
    for name, content in files.items():
        data = content.encode() if isinstance(content, str) else content
        (folder / name).write_bytes(data)
    try:
        load_handbook(folder, display_root=tmp_path)
    except HandbookError as exc:
        return [str(p) for p in exc.problems]
    return []


def test_valid_playbook_has_no_problems(tmp_path: Path) -> None:
    assert problems_for(tmp_path, {"asking.yaml": VALID}) == []


# One case per kind of problem lives in tests/corpus/ (see test_corpus.py); these are the rest.


def test_no_is_the_word_no_not_false(tmp_path: Path) -> None:
    assert problems_for(tmp_path, {"p.yaml": VALID.replace("title: Asking peers", "title: no")}) == []


def test_invalid_file_name(tmp_path: Path) -> None:
    assert problems_for(tmp_path, {"Asking_Peers.yaml": VALID}) == [
        "playbooks/Asking_Peers.yaml:1:1: error: file name 'Asking_Peers.yaml' is not a valid "
        "playbook id; use lower-case letters, digits and single hyphens, like "
        "'reciprocity-and-trust', then '.yaml'"]


def test_yml_extension(tmp_path: Path) -> None:
    assert problems_for(tmp_path, {"asking.yml": VALID}) == [
        "playbooks/asking.yml:1:1: error: playbook files end in '.yaml' (lower case); rename it to 'asking.yaml'"]


def test_a_duplicate_id_is_reported_once_at_the_later_definition_without_git(tmp_path: Path) -> None:
    other = renamed(VALID, keep=("growth",))
    growth = at(VALID, "id: growth", "growth")
    # Outside git, the later file carries the message, naming the other definition (test_blame.py
    # plays the same with git, where the changed file carries it).
    assert problems_for(tmp_path, {"a.yaml": VALID, "b.yaml": other}) == [
        f"playbooks/b.yaml:{growth}: error: id 'growth' is already used by the motivator 'Growth' at "
        f"playbooks/a.yaml:{growth}; ids are unique across the handbook, so choose another, or delete this "
        "definition and use the existing item by writing just its id"]


def test_every_problem_of_every_file_at_once(tmp_path: Path) -> None:
    broken = VALID.replace("motivators:", "motivatrs:").replace("audience: [senior-ic]", "audience: x")
    found = problems_for(tmp_path, {"a.yaml": broken, "b.yaml": "", "c.yaml": renamed(VALID)})
    assert [line.split(": error:")[0] for line in found] == [
        f"playbooks/a.yaml:{at(VALID, 'audience:', '[')}", f"playbooks/a.yaml:{at(VALID, 'motivators:')}",
        "playbooks/b.yaml:1:1"]


def test_an_item_defined_once_is_used_from_another_playbook(tmp_path: Path) -> None:
    user = renamed(VALID.replace("  - id: growth\n    title: Growth\n    summary: The work teaches something.\n"
                                 "    sources: [a-post]\n", "  - growth\n"), keep=("growth",))
    folder = tmp_path / "playbooks"
    folder.mkdir()
    (folder / "a.yaml").write_text(VALID)
    (folder / "b.yaml").write_text(user)
    handbook = load_handbook(folder, display_root=tmp_path)
    assert [p.id for p in handbook.used_by("growth")] == ["a", "b"]


def run_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
            *args: str) -> tuple[int, str, str]:
    monkeypatch.chdir(tmp_path)
    try:
        status = main(list(args))
    except SystemExit as exc:
        status = int(exc.code or 0)
    out, err = capsys.readouterr()
    return status, out, err


def test_check_exits_1_and_counts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "playbooks").mkdir()
    (tmp_path / "playbooks" / "a.yaml").write_text("")
    (tmp_path / "playbooks" / "b.yaml").write_text("- x\n")
    status, out, _ = run_cli(tmp_path, monkeypatch, capsys, "check")
    assert status == 1
    assert out.splitlines()[-1] == "2 errors"
    assert out.splitlines()[0].startswith("playbooks/a.yaml:1:1: error: file is empty")


def test_check_exits_0_when_clean(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "playbooks").mkdir()
    (tmp_path / "playbooks" / "a.yaml").write_text(VALID)
    status, out, _ = run_cli(tmp_path, monkeypatch, capsys, "check")
    assert (status, out) == (0, "1 playbooks, 8 items: no errors\n")


def test_usage_error_exits_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                             capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run_cli(tmp_path, monkeypatch, capsys, "chekc")
    assert status == 2
    assert "invalid choice: 'chekc'" in err


def test_check_outside_a_project_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run_cli(tmp_path, monkeypatch, capsys, "check")
    assert status == 2
    assert "no 'playbooks/' folder here" in err


def test_github_format_annotates_the_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "playbooks").mkdir()
    (tmp_path / "playbooks" / "a.yaml").write_text(VALID.replace("motivators:", "motivatrs:"))
    status, out, _ = run_cli(tmp_path, monkeypatch, capsys, "check", "--format", "github")
    assert status == 1
    assert out.splitlines()[0].startswith(
        f"::error file=playbooks/a.yaml,line={at(VALID, 'motivators:').split(':')[0]},col=1::unknown field "
        "'motivatrs'; did you mean")


def test_an_untouched_scaffold_fails_at_every_placeholder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "playbooks").mkdir()
    status, out, _ = run_cli(tmp_path, monkeypatch, capsys, "new", "my-play", "--title", "My play")
    assert status == 0, out
    text = (tmp_path / "playbooks" / "my-play.yaml").read_text()
    assert text.startswith("# yaml-language-server: $schema=")
    assert 'title: "My play"' in text
    placeholders = [n for n, line in enumerate(text.splitlines(), start=1)
                    if re.search(r'"TODO|- "TODO|https://example\.com/|todo-my-play', line)]
    status, out, _ = run_cli(tmp_path, monkeypatch, capsys, "check")
    lines = out.splitlines()[:-1]
    assert status == 1 and placeholders
    # One error on each line that holds a placeholder, and no other error.
    assert sorted({int(line.split(":")[1]) for line in lines}) == placeholders
    assert all("TODO from 'handbook new'; write " in line or "placeholder id from 'handbook new'" in line
               for line in lines)


def test_new_refuses_a_bad_id_and_an_existing_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run_cli(tmp_path, monkeypatch, capsys, "new", "My Play", "--title", "x")
    assert status == 2 and "'My Play' is not a valid id" in err
    (tmp_path / "playbooks").mkdir()
    (tmp_path / "playbooks" / "taken.yaml").write_text("x")
    status, _, err = run_cli(tmp_path, monkeypatch, capsys, "new", "taken", "--title", "x")
    assert status == 1 and "exists already" in err


@pytest.mark.parametrize("command", ["check", "new", "schema"])
def test_each_command_has_help(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                               capsys: pytest.CaptureFixture[str], command: str) -> None:
    status, out, _ = run_cli(tmp_path, monkeypatch, capsys, command, "--help")
    assert status == 0
    assert out.startswith(f"usage: handbook {command}")


def test_a_second_check_after_edits_answers_as_a_first_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "playbooks").mkdir()
    (tmp_path / "playbooks" / "a.yaml").write_text(VALID)
    assert run_cli(tmp_path, monkeypatch, capsys, "check")[0] == 0
    # A clash with a new file names a.yaml's line.
    (tmp_path / "playbooks" / "b.yaml").write_text(renamed(VALID, keep=("growth",)))
    growth = at(VALID, "id: growth", "growth")
    status, out, _ = run_cli(tmp_path, monkeypatch, capsys, "check")
    assert status == 1
    assert (
        f"playbooks/b.yaml:{growth}: error: id 'growth' is already used by the motivator 'Growth' at "
        f"playbooks/a.yaml:{growth}; ids are unique across the handbook, so choose another, or delete this "
        "definition and use the existing item by writing just its id") in out.splitlines()
    (tmp_path / "playbooks" / "b.yaml").unlink()
    (tmp_path / "playbooks" / "a.yaml").write_text(VALID.replace("motivators:", "motivatrs:"))
    status, out, _ = run_cli(tmp_path, monkeypatch, capsys, "check")
    assert status == 1 and out.startswith(f"playbooks/a.yaml:{at(VALID, 'motivators:')}: error: unknown field "
                                          "'motivatrs'")


def test_a_sentence_said_twice_is_reported_where_it_is_said_again(tmp_path: Path) -> None:
    said = "Show the line from the task to a goal the team agreed on."
    text = VALID.replace("    summary: The work teaches something.\n",
                         f"    summary: The work teaches something.\n    body: {said}\n") \
        .replace("    adds: Why mastery motivates.\n", f"    adds: Worth reading. {said.upper()}\n")
    assert problems_for(tmp_path, {"p.yaml": text}) == [
        f"playbooks/p.yaml:{at(text, 'adds: Worth', 'Worth')}: error: this sentence is also said in the motivator "
        f"'Growth' at playbooks/p.yaml:{at(text, 'body: Show', 'Show')} ('show the line from the task to a goal "
        "the team agreed on'); say it once: "
        "use that item by its id, or say something new here"]


def test_an_item_names_only_sources_that_exist(tmp_path: Path) -> None:
    text = VALID.replace("    summary: The work teaches something.\n    sources: [a-post]\n",
                         "    summary: The work teaches something.\n    sources: [a-post, a-pots]\n")
    assert problems_for(tmp_path, {"p.yaml": text}) == [
        f"playbooks/p.yaml:{at(text, 'a-pots')}: error: 'a-pots' names no source in the handbook; "
        "did you mean 'a-post'?"]


def test_an_item_credits_its_post_or_the_handbook_never_both(tmp_path: Path) -> None:
    text = VALID.replace("  - {id: a-post, title: A post}\n", "  - {id: a-post, title: A post}\n"
                         "  - {id: handbook-editors, title: The handbook's own advice}\n")
    credit = "    summary: The work teaches something.\n    sources: [a-post]\n"
    assert credit in text
    mixed = text.replace(credit, credit.replace("[a-post]", "[a-post, handbook-editors]"))
    line = mixed.splitlines().index("    sources: [a-post, handbook-editors]") + 1
    found = problems_for(tmp_path / "mixed", {"p.yaml": mixed})
    assert len(found) == 1 and found[0].startswith(f"playbooks/p.yaml:{line}:"), found
    assert "'a-post' and 'handbook-editors' together" in found[0]
    assert "put the handbook's own advice in 'handbook_adds'" in found[0]
    split = text.replace(credit, credit + "    handbook_adds: Ask what they want to learn.\n")
    alone = text.replace(credit, credit.replace("[a-post]", "[handbook-editors]"))
    assert problems_for(tmp_path / "split", {"p.yaml": split}) == []
    assert problems_for(tmp_path / "alone", {"p.yaml": alone}) == []


@pytest.mark.parametrize(("time", "message"), [
    ("90 minutes", "takes at most an hour, but its 'time' says up to 90 minutes"),
    ("1 hour 15 minutes", "takes at most an hour, but its 'time' says up to 75 minutes"),
    ("a few evenings", "gives its 'time' in minutes"),
])
def test_a_first_week_exercise_fits_an_hour(tmp_path: Path, time: str, message: str) -> None:
    text = VALID.replace("    time: 30 minutes\n", f"    time: {time}\n")
    found = problems_for(tmp_path, {"p.yaml": text})
    prefix = (f"playbooks/p.yaml:{at(VALID, '- id: find-a-task', 'id')}: error: 'exercises[1]': an exercise "
              "marked 'first_week: true' ")
    assert len(found) == 1 and found[0].startswith(prefix) and message in found[0]
    assert problems_for(tmp_path / "fixed", {"q.yaml": text.replace(time, "40 minutes")}) == []


@pytest.mark.parametrize(("line", "value"), [("    first_week: ", "maybe"), ("    untitled: ", "2")])
def test_a_yes_or_no_field_says_so(tmp_path: Path, line: str, value: str) -> None:
    text = VALID.replace("    first_week: true\n", f"{line}{value}\n") \
        if "first_week" in line else VALID.replace("  - {id: a-post, title: A post}",
                                                   f"  - {{id: a-post, title: A post, untitled: {value}}}")
    found = problems_for(tmp_path, {"p.yaml": text})
    assert len(found) == 1 and found[0].endswith(f" must be true or false, not '{value}'"), found


SAYING = VALID.replace("say: Could you take this on?", "say: SAY")


@pytest.mark.parametrize(("say", "message"), [
    (" ".join(["word"] * 36), "a line to say has at most 35 words, and this one has 36"),
    ("Is it time? Or is it fit?", "a line to say asks one question at a time, and this one asks 2"),
], ids=["a line over 35 words", "a line asking two questions"])
def test_a_line_to_say_is_short_and_asks_one_question(tmp_path: Path, say: str, message: str) -> None:
    found = problems_for(tmp_path, {"p.yaml": SAYING.replace("SAY", say)})
    assert len(found) == 1
    assert found[0].startswith(f"playbooks/p.yaml:{at(SAYING, 'say: SAY', 'SAY')}: error: " + message)


def test_a_line_of_35_words_and_one_question_is_fine(tmp_path: Path) -> None:
    say = " ".join(["word"] * 34) + " ok?"
    assert problems_for(tmp_path, {"p.yaml": SAYING.replace("SAY", say)}) == []


# The lines of VALID: what follows it is counted from there.
V = len(VALID.splitlines())

# A second story, at the end of VALID's list of stories.
STORY = VALID + """\
  - id: one-ask
    title: One ask
    source: a-post
    setting: A peer is busy.
    moments:
      - said: You pitch it as growth.
        answered: They are swamped.
        shows: [growth, ask-early]
      - said: You ask early.
        shows: [SHOWN]
    ending: They took a smaller part.
    situations: [peer-work]
"""


def test_a_story_links_each_moment_to_what_it_shows(tmp_path: Path) -> None:
    assert problems_for(tmp_path, {"p.yaml": STORY.replace("SHOWN", "ask-late")}) == []


@pytest.mark.parametrize(("change", "expected"), [
    (("[SHOWN]", "[]"), f"playbooks/p.yaml:{V + 9}:9: error: this moment links to nothing; name in 'shows' the "
                        "framing pattern, anti-pattern, motivator, gain or principle it shows (by id), or leave "
                        "the moment out"),
    (("[SHOWN]", "[find-a-task]"), f"playbooks/p.yaml:{V + 10}:17: error: 'find-a-task' is an exercise (defined in "
                                   "playbook 'p'), but a framing pattern, anti-pattern, motivator, gain or "
                                   "principle is needed here"),
    (("[SHOWN]", "[ask-lat]"), f"playbooks/p.yaml:{V + 10}:17: error: 'ask-lat' names no framing pattern, "
                               "anti-pattern, motivator, gain or principle in the handbook; did you mean 'ask-late'?"),
    (("source: a-post\n    setting: A peer is busy.", "source: b-post\n    setting: A peer is busy."),
     f"playbooks/p.yaml:{V + 3}:13: error: 'b-post' names no source in the "
                                           "handbook; did you mean 'a-post'?"),
    (("situations: [peer-work]", "situations: [growth]"),
     f"playbooks/p.yaml:{V + 12}:18: error: 'growth' is a motivator (defined in playbook 'p'), "
     "but a situation is needed here"),
], ids=["a moment that shows nothing", "a moment that shows an exercise", "a misspelt item",
        "an unknown source", "a situation that is not one"])
def test_a_story_that_links_to_nothing_is_refused_where_it_says_so(
        tmp_path: Path, change: tuple[str, str], expected: str) -> None:
    text = STORY.replace("SHOWN", "ask-late") if change[0] != "[SHOWN]" else STORY
    assert problems_for(tmp_path, {"p.yaml": text.replace(*change)}) == [expected]


def test_a_story_is_used_elsewhere_by_its_id_and_an_unknown_one_is_refused(tmp_path: Path) -> None:
    other = renamed(VALID.replace("{id: a-post, title: A post}", "a-post"), keep=("a-post",)) + \
        "  - one-ask\n  - one-asks\n"
    found = problems_for(tmp_path, {"p.yaml": STORY.replace("SHOWN", "ask-late"), "q.yaml": other})
    assert found == [f"playbooks/q.yaml:{V + 2}:5: error: 'one-asks' names no story in the handbook; "
                     "did you mean 'one-ask'?"]


def test_a_glossary_term_defined_twice_is_refused_where_it_is_defined_again(tmp_path: Path) -> None:
    terms = ("terms:\n  - {id: okr, term: OKR, means: A goal with measurable results.}\n"
             "  - {id: okrs, term: okr, means: The same again.}\n")
    using = VALID.replace("Offer growth.", "Set an OKR.")  # In short links a term's first use
    assert problems_for(tmp_path, {"p.yaml": using + terms}) == [
        f"playbooks/p.yaml:{V + 3}:22: error: the term 'okr' is already defined at playbooks/p.yaml:{V + 2}:21; "
        "the glossary defines each term once, so delete this definition or merge the two"]


def test_a_glossary_term_no_page_uses_is_refused_where_it_is_defined(tmp_path: Path) -> None:
    terms = "terms:\n  - {id: okr, term: OKR, also: [OKRs], means: A goal with measurable results.}\n"
    assert problems_for(tmp_path, {"p.yaml": VALID + terms}) == [
        f"playbooks/p.yaml:{V + 2}:21: error: no playbook uses the term 'OKR' (nor its other forms) in a summary, "
        "body, answer, story or In short, where pages link a term to the glossary; use it there, add the form "
        "the text uses to 'also', or delete the term"]
    # Another form of it, in another playbook's text, is a use.
    other = renamed(VALID).replace("Ask before the plan is set.", "Ask before the OKRs are set.")
    assert problems_for(tmp_path / "used", {"p.yaml": VALID + terms, "q.yaml": other}) == []


@pytest.mark.parametrize(("text", "message"), [
    pytest.param("I\u00e2\u20ac\u2122d ask early.", "'I\u00e2\u20ac\u2122d' is text damaged by a wrong encoding "
                 "(it read 'I\u2019d'); retype it", id="an apostrophe read in the wrong encoding"),
    pytest.param("A caf\u00c3\u00a9 chat.", "'caf\u00c3\u00a9' is text damaged by a wrong encoding (it read "
                 "'caf\u00e9'); retype it", id="an accent read in the wrong encoding"),
    pytest.param("Ask\u00a0early.", "character U+00A0 (NO-BREAK SPACE) is a space pasted from a web page or "
                 "word processor, which does not wrap or search like one; type an ordinary space",
                 id="a non-breaking space"),
])
def test_copy_paste_damage_is_an_error_on_its_line(tmp_path: Path, text: str, message: str) -> None:
    found = problems_for(tmp_path, {"p.yaml": VALID.replace("summary: Ask before the plan is set.",
                                                            f"summary: {text}")})
    assert found == [f"playbooks/p.yaml:{at(VALID, 'summary: Ask before', 'Ask before')}: error: {message}"]


@pytest.mark.parametrize("value", ["yes", "no", "on", "y", "1"])
def test_a_yes_or_no_field_takes_only_true_or_false(tmp_path: Path, value: str) -> None:
    found = problems_for(tmp_path, {"p.yaml": VALID.replace("    first_week: true\n", f"    first_week: {value}\n")})
    assert found[0] == (f"playbooks/p.yaml:{at(VALID, 'first_week: true', 'true')}: error: "
                        f"'exercises[1].first_week' must be true or false, not '{value}'")


def test_each_playbook_needs_a_first_week_exercise(tmp_path: Path) -> None:
    found = problems_for(tmp_path, {"p.yaml": VALID.replace("    first_week: true\n", "")})
    assert found == [f"playbooks/p.yaml:{at(VALID, 'exercises:')}: error: none of this playbook's exercises is "
                     "marked 'first_week: true'; each playbook needs one a newcomer can do in their first week, "
                     "in under an hour and without a network of their own: add 'first_week: true' and "
                     "'time: <minutes>' to one"]
    # One used by id from another playbook counts.
    other = renamed(VALID.replace("  - id: find-a-task", "  - find-a-task\n  - id: another-task").replace(
        "    first_week: true\n", ""))
    assert problems_for(tmp_path / "shared", {"a.yaml": VALID, "b.yaml": other}) == []


@pytest.mark.parametrize("indicator", ["|", ">", "|-"])
def test_a_field_swallowed_by_the_block_above_is_an_error_that_says_how_to_fix_it(
        tmp_path: Path, indicator: str) -> None:
    text = VALID.replace("    summary: The work teaches something.\n",
                         f"    summary: The work teaches something.\n    body: {indicator}\n"
                         "      Growth is a reason, not a grudge.\n"
                         "        ask_yourself: What would they learn?\n")
    body = at(text, "body: ").split(":")[0]
    assert problems_for(tmp_path, {"p.yaml": text}) == [
        f"playbooks/p.yaml:{at(text, 'ask_yourself: What', 'ask_yourself')}: error: 'ask_yourself:' is indented "
        f"deeper than 'body' (line {body}), so YAML reads "
        "it as more text of 'body' and the page would show it; to make it a field, start it in column 5, like "
        "'body'; if it is meant as text, reword the line so it does not begin with 'ask_yourself:'"]
    # A field the entry already has, or none of its own, is text like any other.
    for line in ("        summary: a word", "        note: a word", "        Ask_yourself: a word"):
        assert problems_for(tmp_path / str(hash(line)), {"p.yaml": text.replace(
            "        ask_yourself: What would they learn?", line)}) == []


@pytest.mark.parametrize(("change", "message"), [
    pytest.param(("    author: Daniel Pink\n", "    author: Daniel Pink\n    link: danpink.com/drive\n"),
                 "playbooks/p.yaml:LINK: error: 'references[1].link': not a full address: it lacks its "
                 "'https://'; did you mean https://danpink.com/drive?", id="a link without its scheme"),
    pytest.param(("title: Asking peers", "title: " + "x" * 301),
                 "playbooks/p.yaml:1:8: error: 'title' is too long: 301 characters; at most 300 characters",
                 id="a value too long says its length"),
])
def test_messages_give_the_fix(tmp_path: Path, change: tuple[str, str], message: str) -> None:
    text = VALID.replace(*change)
    if "LINK" in message:
        message = message.replace("LINK", at(text, "link: ", "danpink"))
    assert problems_for(tmp_path, {"p.yaml": text}) == [message]


def test_a_kind_is_named_with_its_article(tmp_path: Path) -> None:
    text = VALID.replace("    practises: [growth]", "    practises: [ask-late]")
    assert problems_for(tmp_path, {"p.yaml": text}) == [
        f"playbooks/p.yaml:{at(text, 'practises: [ask-late]', 'ask-late')}: error: 'ask-late' is an anti-pattern "
        "(defined in playbook 'p'), but a motivator, gain, principle or framing pattern is needed here"]


def loaded(folder: Path) -> object:
    """What a load answers: the problems, or every playbook's file, id and checked data."""
    try:
        book = load_handbook(folder, display_root=folder.parent)
    except HandbookError as exc:
        return [str(p) for p in exc.problems]
    return [(p.path, p.id, p.model.model_dump()) for p in book.ordered()]


@pytest.mark.parametrize("edit", [
    lambda folder: (folder / "p.yaml").write_text(VALID.replace("title: Ask early", "title: Ask earlier")),
    lambda folder: (folder / "p.yaml").write_text(VALID.replace("motivators:", "motivatrs:")),
    lambda folder: (folder / "p.yaml").rename(folder / "q.yaml"),
    lambda folder: (folder / "p.yaml").write_bytes(VALID.encode() + b"\xff"),
    lambda folder: (folder / "r.yaml").write_text(VALID),
], ids=["a title edited", "a field misspelt", "the file renamed", "a byte that is not UTF-8", "a second copy"])
def test_a_warm_load_answers_as_a_cold_one(tmp_path: Path, edit: object) -> None:
    from handbook.check.loader import _check_bytes

    folder = tmp_path / "playbooks"
    folder.mkdir()
    (folder / "p.yaml").write_text(VALID)
    loaded(folder)  # warm: the file's check is kept
    edit(folder)  # type: ignore[operator]
    warm = loaded(folder)
    _check_bytes.cache_clear()
    assert warm == loaded(folder)


@pytest.mark.parametrize("collecting", [True, False], ids=["collector on", "collector off"])
@pytest.mark.parametrize("text", [VALID, VALID.replace("motivators:", "motivatrs:")], ids=["clean", "broken"])
def test_a_load_leaves_the_garbage_collector_as_it_found_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                            collecting: bool, text: str) -> None:
    # Loading holds the cyclic collector back (a third of a big cold check); after a load, clean or
    # failed, the collector runs as it did before, and a caller that had turned it off keeps it off.
    import gc

    from handbook.check import loader

    folder = tmp_path / "playbooks"
    folder.mkdir()
    (folder / "p.yaml").write_text(text)
    loader.forget_checked_files()
    seen: list[bool] = []
    check = loader.swallowed_fields
    monkeypatch.setattr(loader, "swallowed_fields", lambda doc: seen.append(gc.isenabled()) or check(doc))
    was = gc.isenabled()
    try:
        (gc.enable if collecting else gc.disable)()
        loaded(folder)
        assert gc.isenabled() is collecting
    finally:
        (gc.enable if was else gc.disable)()
    assert seen == [False]  # held back while the file was checked


# A second playbook that uses VALID's items by id.
SECOND = ("title: Other\nsummary: Another.\naudience: [manager]\nsituations: [peer-work]\nsources: [a-post]\n"
          "patterns: [ask-early]\nanti_patterns: [ask-late]\nwhen_not_to_use: [outage]\nexercises: [find-a-task]\n"
          "references: [drive]\nstories: [a-first-ask]\nin_short: [Ask early., Offer growth., Take a smaller part.]\n")

# What the reader gains and the principles of influence: kinds of their own beside the motivators.
GAINS = VALID + """\
gains:
  - id: an-advocate
    title: An advocate
    sources: [a-post]
    summary: Someone who shaped the idea helps win others over.
principles:
  - id: social-proof
    title: Social proof
    sources: [a-post]
    summary: People follow what others do.
"""


def test_a_gain_and_a_principle_are_items_practised_shown_and_reused_by_id(tmp_path: Path) -> None:
    text = GAINS.replace("    practises: [growth]", "    practises: [growth, an-advocate, social-proof]")
    other = SECOND + "gains: [an-advocate]\nprinciples: [social-proof]\n"
    folder = tmp_path / "playbooks"
    folder.mkdir()
    (folder / "a.yaml").write_text(text)
    (folder / "b.yaml").write_text(other)
    handbook = load_handbook(folder, display_root=tmp_path)
    assert [p.id for p in handbook.used_by("an-advocate")] == ["a", "b"]
    assert [p.id for p in handbook.used_by("social-proof")] == ["a", "b"]
    assert {r.item.id for r in handbook.practised_by("social-proof")} == {"find-a-task"}


@pytest.mark.parametrize(("change", "line", "message"), [
    pytest.param(("gains:\n  - id: an-advocate", "gains:\n  - id: growth"), "  - id: growth",
                 "id 'growth' is already used by the motivator 'Growth'", id="a gain's id is unique"),
    pytest.param(("    sources: [a-post]\n    summary: People", "    sources: [a-pots]\n    summary: People"),
                 "    sources: [a-pots]", "'a-pots' names no source in the handbook; did you mean 'a-post'?",
                 id="a principle credits a source that exists"),
    pytest.param(("    sources: [a-post]\n    summary: Someone", "    sources: [a-post, handbook-editors]\n"
                  "    summary: Someone"), "    sources: [a-post, handbook-editors]",
                 "put the handbook's own advice in 'handbook_adds'", id="a gain credits its post or the editors"),
    pytest.param(("motivators:\n", "motivators:\n  - social-proof\n"), "  - social-proof",
                 "'social-proof' is a principle (defined in playbook 'p'), but a motivator is needed here",
                 id="a principle is not listed as a motivator"),
    pytest.param(("gains:\n", "gains:\n  - growth\n"), "  - growth",
                 "'growth' is a motivator (defined in playbook 'p'), but a gain is needed here",
                 id="a motivator is not listed as a gain"),
])
def test_a_gain_and_a_principle_are_checked_like_every_item(
        tmp_path: Path, change: tuple[str, str], line: str, message: str) -> None:
    text = GAINS.replace(*change)
    lines = text.splitlines()
    number = len(lines) - lines[::-1].index(line)  # the last such line: the one the change wrote
    found = problems_for(tmp_path, {"p.yaml": text})
    assert len(found) == 1 and found[0].startswith(f"playbooks/p.yaml:{number}:") and message in found[0], found


def test_the_preview_reads_each_playbook_file_once_a_rebuild(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from handbook.check import loader
    from handbook.engines.mkdocs_plugin import HandbookPlugin

    folder = tmp_path / "playbooks"
    folder.mkdir()
    (folder / "p.yaml").write_text(VALID)
    (folder / "q.yaml").write_text(SECOND)
    reads: list[str] = []
    read_bytes = loader.read_bytes
    monkeypatch.setattr(loader, "read_bytes", lambda file: (reads.append(file.name), read_bytes(file))[1])
    plugin = HandbookPlugin()
    first = plugin._handbook(folder)
    assert sorted(reads) == ["p.yaml", "q.yaml"]
    # Nothing changed: read once more to know it, and the handbook kept.
    assert plugin._handbook(folder) is first
    assert sorted(reads) == ["p.yaml", "p.yaml", "q.yaml", "q.yaml"]
    (folder / "p.yaml").write_text(VALID.replace("title: Asking peers", "title: Asking peers again"))
    second = plugin._handbook(folder)
    assert second is not first and second.playbooks["p"].model.title == "Asking peers again"
    assert sorted(reads) == ["p.yaml"] * 3 + ["q.yaml"] * 3


# Every rule about a playbook is the checker's (none lives only in the content tests): each case takes
# one thing from VALID, and the message stands where it is missing and says what to add.
@pytest.mark.parametrize(("change", "where", "says"), [
    pytest.param(("    summary: The work teaches something.\n    sources: [a-post]\n",
                  "    summary: The work teaches something.\n"), ("id: growth", "id"),
                 "missing required field 'sources' in motivators[1]: Ids of the sources it draws on",
                 id="an item that names no source"),
    pytest.param((",\n     scripts: [{when: Opening, say: Could you take this on?, moment: opening-an-ask}]}", "}"),
                 ("{id: ask-early", "{"), "missing required field 'scripts' in patterns[1]: Things you might say",
                 id="a framing pattern without a line to say"),
    pytest.param(("    across: peer\n", ""), ("id: peer-work", "id"),
                 "missing required field 'across' in situations[1]: Who stands across",
                 id="a situation without across"),
    pytest.param(("    first_line: ask-early\n", ""), ("id: peer-work", "id"),
                 "missing required field 'first_line' in situations[1]: The line to say first",
                 id="a situation without its first line"),
    pytest.param(("phrases: [a busy peer, no authority, work nobody owns]", "phrases: [a busy peer, no authority]"),
                 ("phrases: [a busy", "["), "'situations[1].phrases' needs at least 3 entries",
                 id="a situation with two phrases"),
    pytest.param((", moment: opening-an-ask", ""), ("{when: Opening", "{"),
                 "missing required field 'moment' in patterns[1].scripts[1]: Where the phrasebook lists it",
                 id="a line to say without its moment"),
    pytest.param(("in_short: [Ask early., Offer growth., Take a smaller part.]\n", ""), ("title: Asking", "title"),
                 "missing required field 'in_short': Three to five lines", id="no in short"),
    pytest.param(("  - {id: a-post, title: A post}\n", "  - {id: a-post, title: A post}\n  - {id: b-post, title: B}\n"),
                 ("id: b-post", "b-post"), "no item or question names the source 'b-post' in its 'sources'",
                 id="a source nothing draws on"),
])
def test_every_rule_of_a_playbook_is_the_checkers_and_says_where(
        tmp_path: Path, change: tuple[str, str], where: tuple[str, str], says: str) -> None:
    assert change[0] in VALID
    text = VALID.replace(*change)
    found = problems_for(tmp_path, {"p.yaml": text})
    assert len(found) == 1 and found[0].startswith(f"playbooks/p.yaml:{at(text, *where)}: error: {says}"), found


def test_a_playbook_tells_or_lists_a_story_of_one_of_its_sources(tmp_path: Path) -> None:
    stories = VALID[VALID.index("stories:"):]
    # Another playbook's story, of a source this one does not list, is not enough.
    other = renamed(VALID.replace(stories, "")) + "stories: [a-first-ask]\n"
    found = problems_for(tmp_path, {"p.yaml": VALID, "q.yaml": other})
    assert found == [f"playbooks/q.yaml:{at(other, 'stories:')}: error: none of this playbook's stories follows "
                     "one of its 'sources'; tell one ask from a post it lists (with that post's id in 'source'), "
                     "or list by id a story another playbook tells from one of them"]
    # Listing that source makes the story one of its own.
    listed = other.replace("sources:\n  - {id: b-a-post", "sources:\n  - a-post\n  - {id: b-a-post")
    assert problems_for(tmp_path / "listed", {"p.yaml": VALID, "q.yaml": listed}) == []
    missing = VALID.replace(stories, "")
    assert problems_for(tmp_path / "none", {"p.yaml": missing})[0].startswith(
        "playbooks/p.yaml:1:1: error: missing required field 'stories'")


def test_a_step_that_offers_a_teams_work_is_not_for_an_individual_contributor(tmp_path: Path) -> None:
    step = "    steps: [Scan the backlog.]"
    offering = VALID.replace(step, "    steps: [Scan the backlog., Offer what your team could do for them.]")
    found = problems_for(tmp_path, {"p.yaml": offering})
    assert found == [f"playbooks/p.yaml:{at(offering, 'steps: [', 'Offer')}: error: this step offers a team's "
                     "work ('your team could do'), which an individual contributor does not lead, yet the exercise "
                     "is for senior ICs; give the exercise an 'audience' of those who lead a team (tech-lead, "
                     "manager, project-lead), or reword the step"]
    narrowed = offering.replace("    practises: [growth]\n",
                                "    practises: [growth]\n    audience: [tech-lead, manager]\n")
    assert "audience: [tech-lead" in narrowed and problems_for(tmp_path / "narrowed", {"p.yaml": narrowed}) == []


def test_the_home_pages_promise_is_the_schemas() -> None:
    # Every playbook has at least one situation, framing pattern, anti-pattern, case and exercise.
    from handbook.schema.models import Playbook

    schema = Playbook.model_json_schema()
    for field in ("situations", "patterns", "anti_patterns", "when_not_to_use", "exercises"):
        assert field in schema["required"] and schema["properties"][field]["minItems"] >= 1, field


def test_a_broken_file_does_not_make_the_stories_and_lines_that_name_its_ids_fail(tmp_path: Path) -> None:
    mine = VALID.replace("motivators:", "motivatrs:").replace("say: Could you take this on?",
                                                              "say: Could you take this on?, id: my-line")
    theirs = renamed(VALID).replace("shows: [b-growth]", "shows: [growth]").replace(
        "first_line: b-ask-early", "first_line: my-line")
    assert "shows: [growth]" in theirs and "first_line: my-line" in theirs
    found = problems_for(tmp_path, {"a.yaml": mine, "b.yaml": theirs})
    assert found and all(problem.startswith("playbooks/a.yaml:") for problem in found), found


# Output to a pipe as a terminal-less run has it: block-buffered, whatever this shell sets.
BUFFERED = {key: value for key, value in os.environ.items() if key != "PYTHONUNBUFFERED"}


def test_the_command_prints_every_line_before_it_exits(tmp_path: Path) -> None:
    # `handbook` ends without tearing down what it loaded (cli.run); what it printed, more than a
    # pipe holds at once, still reaches the reader whole, and its status is the check's.
    folder = tmp_path / "playbooks"
    folder.mkdir()
    for n in range(900):
        (folder / f"empty-{n:03d}.yaml").write_text("")
    broken = subprocess.run([sys.executable, "-m", "handbook", "check"], cwd=tmp_path, env=BUFFERED,
                            capture_output=True, text=True, timeout=120)
    lines = broken.stdout.splitlines()
    assert broken.returncode == 1, broken.stderr
    assert len(broken.stdout) > 65536 and lines[-1] == "900 errors"
    assert sorted(line.split(":")[0] for line in lines[:-1]) == [f"playbooks/empty-{n:03d}.yaml" for n in range(900)]
    for file in folder.iterdir():
        file.unlink()
    (folder / "p.yaml").write_text(VALID)
    clean = subprocess.run([sys.executable, "-m", "handbook", "check"], cwd=tmp_path, env=BUFFERED,
                           capture_output=True, text=True, timeout=120)
    assert clean.returncode == 0, clean.stdout
    assert re.fullmatch(r"1 playbooks, \d+ items: no errors\n", clean.stdout)


def test_the_command_stops_quietly_when_its_reader_stops_reading(tmp_path: Path) -> None:
    folder = tmp_path / "playbooks"
    folder.mkdir()
    for n in range(900):
        (folder / f"empty-{n:03d}.yaml").write_text("")
    with subprocess.Popen([sys.executable, "-m", "handbook", "check"], cwd=tmp_path, env=BUFFERED,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE) as process:
        assert process.stdout is not None and process.stderr is not None
        assert process.stdout.readline().startswith(b"playbooks/empty-")
        process.stdout.close()  # as `handbook check | head -1` does
        assert process.wait(timeout=60) == 1
        assert b"Traceback" not in process.stderr.read()
