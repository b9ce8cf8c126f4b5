"""The checker: one case per kind of problem, each with its exact location and message."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from handbook.check.loader import load_handbook
from handbook.cli import main
from handbook.problems import HandbookError

# A valid playbook; each case below changes one thing. Line numbers are those of this text.
VALID = """\
title: Asking peers
summary: Get a peer to take on work you cannot assign.
audience: [senior-ic]
situations:
  - id: peer-work
    title: I need a peer to pick up work I can't assign
sources:
  - {id: a-post, title: A post}
motivators:
  - id: growth
    title: Growth
    summary: The work teaches something.
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
references:
  - id: drive
    title: Drive
    kind: book
    author: Daniel Pink
    adds: Why mastery motivates.
patterns: [{id: ask-early, title: Ask early, summary: Ask before the plan is set.}]
anti_patterns: [{id: ask-late, title: Asking late, summary: Asking once it is set., instead: Ask early.}]
when_not_to_use: [{id: outage, title: An outage, summary: It needs commands., instead: Lead directly.}]
"""


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
    other = VALID.replace("id: peer-work", "id: other-work").replace("id: find-a-task", "id: other-task") \
        .replace("id: drive", "id: drive-two").replace("id: a-post", "id: b-post") \
        .replace("id: ask-early", "id: ask-first").replace("id: ask-late", "id: ask-last") \
        .replace("id: outage", "id: an-outage").replace("pick up work I can't assign", "take on my work")
    # Outside git, the later file carries the message, naming the other definition (test_blame.py
    # plays the same with git, where the changed file carries it).
    assert problems_for(tmp_path, {"a.yaml": VALID, "b.yaml": other}) == [
        "playbooks/b.yaml:10:9: error: id 'growth' is already used by the motivator 'Growth' at "
        "playbooks/a.yaml:10:9; ids are unique across the handbook, so choose another, or delete this "
        "definition and use the existing item by writing just its id"]


def test_every_problem_of_every_file_at_once(tmp_path: Path) -> None:
    broken = VALID.replace("motivators:", "motivatrs:").replace("audience: [senior-ic]", "audience: x")
    found = problems_for(tmp_path, {"a.yaml": broken, "b.yaml": "", "c.yaml": VALID.replace(
        "id: growth", "id: growth-c").replace("[growth]", "[growth-c]").replace("id: peer-work", "id: pw").replace(
        "id: find-a-task", "id: ft").replace("id: drive", "id: dr")})
    assert [line.split(": error:")[0] for line in found] == [
        "playbooks/a.yaml:3:11", "playbooks/a.yaml:9:1", "playbooks/b.yaml:1:1"]


def test_an_item_defined_once_is_used_from_another_playbook(tmp_path: Path) -> None:
    user = VALID.replace("  - id: growth\n    title: Growth\n    summary: The work teaches something.\n",
                         "  - growth\n").replace("id: peer-work", "id: pw2").replace(
        "id: find-a-task", "id: ft2").replace("id: drive", "id: dr2").replace("id: a-post", "id: ap2") \
        .replace("id: ask-early", "id: ae2").replace("id: ask-late", "id: al2").replace("id: outage", "id: ou2")
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
        "::error file=playbooks/a.yaml,line=9,col=1::unknown field 'motivatrs'; did you mean")


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
    (tmp_path / "playbooks" / "b.yaml").write_text(VALID.replace("id: peer-work", "id: pw").replace(
        "id: find-a-task", "id: ft").replace("id: drive", "id: dr").replace("[growth]", "[growth]"))
    status, out, _ = run_cli(tmp_path, monkeypatch, capsys, "check")
    assert status == 1
    assert (
        "playbooks/b.yaml:10:9: error: id 'growth' is already used by the motivator 'Growth' at "
        "playbooks/a.yaml:10:9; ids are unique across the handbook, so choose another, or delete this "
        "definition and use the existing item by writing just its id") in out.splitlines()
    (tmp_path / "playbooks" / "b.yaml").unlink()
    (tmp_path / "playbooks" / "a.yaml").write_text(VALID.replace("motivators:", "motivatrs:"))
    status, out, _ = run_cli(tmp_path, monkeypatch, capsys, "check")
    assert status == 1 and out.startswith("playbooks/a.yaml:9:1: error: unknown field 'motivatrs'")


def test_a_sentence_said_twice_is_reported_where_it_is_said_again(tmp_path: Path) -> None:
    said = "Show the line from the task to a goal the team agreed on."
    text = VALID.replace("    summary: The work teaches something.\n",
                         f"    summary: The work teaches something.\n    body: {said}\n") \
        .replace("    adds: Why mastery motivates.\n", f"    adds: Worth reading. {said.upper()}\n")
    assert problems_for(tmp_path, {"p.yaml": text}) == [
        "playbooks/p.yaml:29:11: error: this sentence is also said in the motivator 'Growth' at "
        "playbooks/p.yaml:13:11 ('show the line from the task to a goal the team agreed on'); say it once: "
        "use that item by its id, or say something new here"]


def test_an_item_names_only_sources_that_exist(tmp_path: Path) -> None:
    text = VALID.replace("    title: Growth\n", "    title: Growth\n    sources: [a-post, a-pots]\n")
    assert problems_for(tmp_path, {"p.yaml": text}) == [
        "playbooks/p.yaml:12:23: error: 'a-pots' names no source in the handbook; did you mean 'a-post'?"]


def test_an_item_credits_its_post_or_the_handbook_never_both(tmp_path: Path) -> None:
    text = VALID.replace("  - {id: a-post, title: A post}\n", "  - {id: a-post, title: A post}\n"
                         "  - {id: handbook-editors, title: The handbook's own advice}\n")
    credit = "    title: Growth\n"
    mixed = text.replace(credit, credit + "    sources: [a-post, handbook-editors]\n")
    line = mixed.splitlines().index("    sources: [a-post, handbook-editors]") + 1
    found = problems_for(tmp_path / "mixed", {"p.yaml": mixed})
    assert len(found) == 1 and found[0].startswith(f"playbooks/p.yaml:{line}:"), found
    assert "'a-post' and 'handbook-editors' together" in found[0]
    assert "put the handbook's own advice in 'handbook_adds'" in found[0]
    split = text.replace(credit, credit + "    sources: [a-post]\n    handbook_adds: Ask what they want to learn.\n")
    alone = text.replace(credit, credit + "    sources: [handbook-editors]\n")
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
    prefix = "playbooks/p.yaml:14:5: error: 'exercises[1]': an exercise marked 'first_week: true' "
    assert len(found) == 1 and found[0].startswith(prefix) and message in found[0]
    assert problems_for(tmp_path / "fixed", {"q.yaml": text.replace(time, "40 minutes")}) == []


@pytest.mark.parametrize(("line", "value"), [("    first_week: ", "maybe"), ("    untitled: ", "2")])
def test_a_yes_or_no_field_says_so(tmp_path: Path, line: str, value: str) -> None:
    text = VALID.replace("    first_week: true\n", f"{line}{value}\n") \
        if "first_week" in line else VALID.replace("  - {id: a-post, title: A post}",
                                                   f"  - {{id: a-post, title: A post, untitled: {value}}}")
    found = problems_for(tmp_path, {"p.yaml": text})
    assert len(found) == 1 and found[0].endswith(f" must be true or false, not '{value}'"), found


SAYING = VALID.replace(
    "patterns: [{id: ask-early, title: Ask early, summary: Ask before the plan is set.}]",
    "patterns:\n  - id: ask-early\n    title: Ask early\n    summary: Ask before the plan is set.\n"
    "    scripts:\n      - when: Opening\n        say: SAY\n")


@pytest.mark.parametrize(("say", "message"), [
    (" ".join(["word"] * 36), "a line to say has at most 35 words, and this one has 36"),
    ("Is it time? Or is it fit?", "a line to say asks one question at a time, and this one asks 2"),
], ids=["a line over 35 words", "a line asking two questions"])
def test_a_line_to_say_is_short_and_asks_one_question(tmp_path: Path, say: str, message: str) -> None:
    found = problems_for(tmp_path, {"p.yaml": SAYING.replace("SAY", say)})
    assert len(found) == 1
    line = SAYING.splitlines().index("        say: SAY") + 1
    assert found[0].startswith(f"playbooks/p.yaml:{line}:14: error: " + message)


def test_a_line_of_35_words_and_one_question_is_fine(tmp_path: Path) -> None:
    say = " ".join(["word"] * 34) + " ok?"
    assert problems_for(tmp_path, {"p.yaml": SAYING.replace("SAY", say)}) == []


# The lines of VALID: what follows it is counted from there.
V = len(VALID.splitlines())

STORY = VALID + """\
stories:
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
    (("[SHOWN]", "[]"), f"playbooks/p.yaml:{V + 10}:9: error: this moment links to nothing; name in 'shows' the "
                        "framing pattern, anti-pattern, motivator, gain or principle it shows (by id), or leave "
                        "the moment out"),
    (("[SHOWN]", "[find-a-task]"), f"playbooks/p.yaml:{V + 11}:17: error: 'find-a-task' is an exercise (defined in "
                                   "playbook 'p'), but a framing pattern, anti-pattern, motivator, gain or "
                                   "principle is needed here"),
    (("[SHOWN]", "[ask-lat]"), f"playbooks/p.yaml:{V + 11}:17: error: 'ask-lat' names no framing pattern, "
                               "anti-pattern, motivator, gain or principle in the handbook; did you mean 'ask-late'?"),
    (("source: a-post", "source: b-post"), f"playbooks/p.yaml:{V + 4}:13: error: 'b-post' names no source in the "
                                           "handbook; did you mean 'a-post'?"),
    (("situations: [peer-work]", "situations: [growth]"),
     f"playbooks/p.yaml:{V + 13}:18: error: 'growth' is a motivator (defined in playbook 'p'), "
     "but a situation is needed here"),
], ids=["a moment that shows nothing", "a moment that shows an exercise", "a misspelt item",
        "an unknown source", "a situation that is not one"])
def test_a_story_that_links_to_nothing_is_refused_where_it_says_so(
        tmp_path: Path, change: tuple[str, str], expected: str) -> None:
    text = STORY.replace("SHOWN", "ask-late") if change[0] != "[SHOWN]" else STORY
    assert problems_for(tmp_path, {"p.yaml": text.replace(*change)}) == [expected]


def test_a_story_is_used_elsewhere_by_its_id_and_an_unknown_one_is_refused(tmp_path: Path) -> None:
    other = VALID.replace("id: ", "id: b-").replace("[growth]", "[b-growth]").replace(
        "{id: b-a-post, title: A post}", "a-post") + "stories: [one-ask, one-asks]\n"
    found = problems_for(tmp_path, {"p.yaml": STORY.replace("SHOWN", "ask-late"), "q.yaml": other})
    assert found == [f"playbooks/q.yaml:{V + 1}:20: error: 'one-asks' names no story in the handbook; "
                     "did you mean 'one-ask'?"]


def test_a_glossary_term_defined_twice_is_refused_where_it_is_defined_again(tmp_path: Path) -> None:
    terms = ("terms:\n  - {id: okr, term: OKR, means: A goal with measurable results.}\n"
             "  - {id: okrs, term: okr, means: The same again.}\n")
    assert problems_for(tmp_path, {"p.yaml": VALID + terms}) == [
        f"playbooks/p.yaml:{V + 3}:22: error: the term 'okr' is already defined at playbooks/p.yaml:{V + 2}:21; "
        "the glossary defines each term once, so delete this definition or merge the two"]


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
    assert found == [f"playbooks/p.yaml:29:55: error: {message}"]


@pytest.mark.parametrize("value", ["yes", "no", "on", "y", "1"])
def test_a_yes_or_no_field_takes_only_true_or_false(tmp_path: Path, value: str) -> None:
    found = problems_for(tmp_path, {"p.yaml": VALID.replace("    first_week: true\n", f"    first_week: {value}\n")})
    assert found[0] == f"playbooks/p.yaml:21:17: error: 'exercises[1].first_week' must be true or false, not '{value}'"


def test_each_playbook_needs_a_first_week_exercise(tmp_path: Path) -> None:
    found = problems_for(tmp_path, {"p.yaml": VALID.replace("    first_week: true\n", "")})
    assert found == ["playbooks/p.yaml:13:1: error: none of this playbook's exercises is marked 'first_week: "
                     "true'; each playbook needs one a newcomer can do in their first week, in under an hour and "
                     "without a network of their own: add 'first_week: true' and 'time: <minutes>' to one"]
    # One used by id from another playbook counts.
    other = VALID.replace("  - id: find-a-task", "  - find-a-task\n  - id: another-task").replace(
        "    first_week: true\n", "").replace("id: peer-work", "id: pw").replace("id: growth", "id: gr").replace(
        "[growth]", "[gr]").replace("id: drive", "id: dr").replace("id: a-post", "id: b-post").replace(
        "id: ask-early", "id: ae").replace("id: ask-late", "id: al").replace("id: outage", "id: ou")
    assert problems_for(tmp_path / "shared", {"a.yaml": VALID, "b.yaml": other}) == []


@pytest.mark.parametrize("indicator", ["|", ">", "|-"])
def test_a_field_swallowed_by_the_block_above_is_an_error_that_says_how_to_fix_it(
        tmp_path: Path, indicator: str) -> None:
    text = VALID.replace("    summary: The work teaches something.\n",
                         f"    summary: The work teaches something.\n    body: {indicator}\n"
                         "      Growth is a reason, not a grudge.\n"
                         "        ask_yourself: What would they learn?\n")
    assert problems_for(tmp_path, {"p.yaml": text}) == [
        "playbooks/p.yaml:15:9: error: 'ask_yourself:' is indented deeper than 'body' (line 13), so YAML reads "
        "it as more text of 'body' and the page would show it; to make it a field, start it in column 5, like "
        "'body'; if it is meant as text, reword the line so it does not begin with 'ask_yourself:'"]
    # A field the entry already has, or none of its own, is text like any other.
    for line in ("        summary: a word", "        note: a word", "        Ask_yourself: a word"):
        assert problems_for(tmp_path / str(hash(line)), {"p.yaml": text.replace(
            "        ask_yourself: What would they learn?", line)}) == []


@pytest.mark.parametrize(("change", "message"), [
    pytest.param(("    author: Daniel Pink\n", "    author: Daniel Pink\n    link: danpink.com/drive\n"),
                 "playbooks/p.yaml:28:11: error: 'references[1].link': not a full address: it lacks its "
                 "'https://'; did you mean https://danpink.com/drive?", id="a link without its scheme"),
    pytest.param(("title: Asking peers", "title: " + "x" * 301),
                 "playbooks/p.yaml:1:8: error: 'title' is too long: 301 characters; at most 300 characters",
                 id="a value too long says its length"),
])
def test_messages_give_the_fix(tmp_path: Path, change: tuple[str, str], message: str) -> None:
    found = problems_for(tmp_path, {"p.yaml": VALID.replace(*change)})
    assert found == [message]


def test_a_kind_is_named_with_its_article(tmp_path: Path) -> None:
    text = VALID.replace("    practises: [growth]", "    practises: [ask-late]")
    assert problems_for(tmp_path, {"p.yaml": text}) == [
        "playbooks/p.yaml:20:17: error: 'ask-late' is an anti-pattern (defined in playbook 'p'), but a motivator, "
        "gain, principle or framing pattern is needed here"]


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
    other = ("title: Other\nsummary: Another.\naudience: [manager]\nsituations: [peer-work]\nsources: [a-post]\n"
             "gains: [an-advocate]\nprinciples: [social-proof]\npatterns: [ask-early]\nanti_patterns: [ask-late]\n"
             "when_not_to_use: [outage]\nexercises: [find-a-task]\nreferences: [drive]\n")
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
    (folder / "q.yaml").write_text(VALID.replace("id: ", "id: q-"))
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
