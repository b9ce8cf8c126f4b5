"""Hostile input, second round: each class of attack on the checker, tried with inputs of its kind.

The examples of the security review are a few of each class; the cases here are others of the
same kind, so that a fix for the examples alone would fail them.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mkdocs.utils.meta import get_data

from handbook.check.crossref import RESERVED_PAGES
from handbook.check.loader import load_handbook
from handbook.pages.site import generate_pages
from handbook.problems import HandbookError
from tests.conftest import FIXTURES, copy_project, run_handbook, run_mkdocs
from tests.test_checker import VALID, at, renamed

LOCATED = re.compile(r"^playbooks/[^:]+:[1-9]\d*:[1-9]\d*: error: \S.*$")


def problems_in(folder: Path, files: dict[str, str]) -> list[str]:
    """Check `files` (name: YAML text) alone; every problem as printed."""
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    try:
        load_handbook(folder, display_root=folder.parent)
    except HandbookError as exc:
        return [str(p) for p in exc.problems]
    return []


def yaml_escaped(text: str) -> str:
    """`text` as a YAML double-quoted scalar in ASCII, so that any code point can be written."""
    out = []
    for ch in text:
        code = ord(ch)
        if ch in '"\\':
            out.append("\\" + ch)
        elif 0x20 <= code < 0x7F:
            out.append(ch)
        else:
            out.append(f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}")
    return '"' + "".join(out) + '"'


# ---------------------------------------------------------------- 1. script through front matter

# Every field whose text reaches a page's front matter or a heading, by the line of VALID that holds
# it; EXPERIMENT follows VALID.
HEADING_FIELDS = {
    "playbook title": "title: Asking peers",
    "situation title": "title: I need a peer to pick up work I can't assign",
    "motivator title": "title: Growth",
    "exercise title": "title: Find a task",
    "reference title": "title: Drive",
    "source title": "  - {id: a-post, title: A post}",
}
EXPERIMENT = """\
experiment:
  title: Two weeks
  page: two-weeks
  summary: Try it.
  steps:
    - id: step-one
      title: Ask once
      cadence: once
      days: [1]
  reflection: [How did week one go?, How did week two go?]
faq:
  - id: why-ask
    question: Why ask?
    answer: Because.
    sources: [a-post]
"""
HEADING_FIELDS_EXTRA = {
    "experiment title": "  title: Two weeks",
    "experiment step title": "      title: Ask once",
    "faq question": "    question: Why ask?",
}
CATEGORIES = ["Zl", "Zp", "Cc", "Cf", "Cs", "Co", "Cn"]
BREAKOUT = "\n---\n<img src=x onerror=alert(1)> [x](javascript:alert(1)){ onclick=alert(1) }"


def with_field(field: str, value: str) -> str:
    """VALID plus an experiment and a question, with one heading field's text replaced by `value`."""
    text = VALID + EXPERIMENT
    line = {**HEADING_FIELDS, **HEADING_FIELDS_EXTRA}[field]
    assert text.count(line + "\n") == 1, line
    if line.endswith("}"):  # a flow mapping: replace its title
        return text.replace(line + "\n", line.replace("title: A post", f"title: {yaml_escaped(value)}") + "\n")
    key, _ = line.split(": ", 1)
    return text.replace(line + "\n", f"{key}: {yaml_escaped(value)}\n")


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(field=st.sampled_from(sorted({**HEADING_FIELDS, **HEADING_FIELDS_EXTRA})),
       category=st.sampled_from(CATEGORIES), data=st.data())
def test_every_unicode_category_in_every_heading_field_is_refused_or_kept_whole(
        tmp_path_factory: pytest.TempPathFactory, field: str, category: str, data: st.DataObject) -> None:
    special = data.draw(st.characters(categories=[category]))  # type: ignore[list-item]
    value = data.draw(st.sampled_from(["A{}B", "{}---", "Title{}" + BREAKOUT, "{}" + BREAKOUT]))
    value = value.replace("{}", special, 1)
    folder = tmp_path_factory.mktemp("p") / "playbooks"
    text = with_field(field, value)
    line = text.splitlines().index(next(x for x in text.splitlines() if yaml_escaped(value) in x)) + 1
    problems = problems_in(folder, {"p.yaml": text})
    if problems:
        # Refused: located on the field's own line, one line per problem.
        assert all(LOCATED.match(p) for p in problems), problems
        assert any(p.startswith(f"playbooks/p.yaml:{line}:") for p in problems), problems
        return
    # Accepted (a harmless format character): every page's front matter reads back whole.
    pages = generate_pages(load_handbook(folder, display_root=folder.parent))
    for uri, page in pages.items():
        if not page.markdown.startswith("---\n"):
            continue
        body, meta = get_data(page.markdown)
        assert "title" in meta, uri
        assert "<img" not in body and "javascript:" not in body.replace("javascript&#58;", ""), uri
    for uri in ("playbooks/p.md", "exercises/find-a-task.md", "checklists/two-weeks.md"):
        _, meta = get_data(pages[uri].markdown)
        assert "\n" not in meta["title"] and "<" not in meta["title"]


@pytest.mark.parametrize("escape", ["\\N", "\\L", "\\P", "\\x7f", "\\x9b", "\\u200e", "\\u202e", "\\ue000",
                                    "\\u0378", "\\x00", "\\e", "\\ufeff"])
def test_an_escape_for_a_refused_character_is_a_located_error(tmp_path: Path, escape: str) -> None:
    text = (VALID + EXPERIMENT).replace("  title: Two weeks\n", f'  title: "Two{escape}---"\n')
    problems = problems_in(tmp_path / "playbooks", {"p.yaml": text})
    line = text.splitlines().index(f'  title: "Two{escape}---"') + 1
    assert problems and problems[0].startswith(f"playbooks/p.yaml:{line}:10: error: ")
    assert len(problems) == 1 and ("remove it" in problems[0] or "new paragraph" in problems[0])


def test_ordinary_text_with_joiners_and_emoji_is_accepted(tmp_path: Path) -> None:
    title = "Caf\u00e9 \u2014 the \U0001f469\u200d\U0001f4bb team\u00ad's \u201cno\u201d"
    text = VALID.replace("title: Asking peers", f"title: {yaml_escaped(title)}")
    assert problems_in(tmp_path / "playbooks", {"p.yaml": text}) == []


# ---------------------------------------------------------------- 2. links a browser reads otherwise

BAD_LINKS = [
    "javascript&colon;alert(1)", "javascript&#58;alert(1)", "javascript&#x3A;alert(1)", "JaVaScRiPt:alert(1)",
    "java&Tab;script&colon;alert(1)", "data&colon;text/html;base64,PHNjcmlwdD4=", "vbscript:msgbox(1)",
    "javascript%3Aalert(1)", "javascript%253Aalert(1)", "javascript\uff1aalert(1)", "javascript\ufe55alert(1)",
    "/\\evil.example/x", "\\\\evil.example\\x", "//evil.example/x", "https:\\\\evil.example", "https:/evil.example",
    "http://evil.example\\@good.example/", "https://good.example@evil.example/", "https://ex ample.org/",
    "https://example.org/<script>", "https://example.org/\"onmouseover=alert(1)", "https://example.org/%zz",
    "mailto:javascript:alert(1)", "mailto:", "file:///etc/passwd", "ftp://example.org/", "page.md",
    "../../etc/passwd", "#top", "?q=1", "https://\u0435xample.org/", "https://example.org/a`b",
]
GOOD_LINKS = ["https://lethain.com", "https://staffeng.com/", "http://localhost:8080/a/b?c=d&e=f#g",
              "https://www.amazon.com/dp/0-13-235088-2/ref=x_1?ie=UTF8&qid=1", "mailto:someone@influence.dev",
              "https://en.wikipedia.org/wiki/Drive_(book)", "https://blog.pragmaticengineer.com/%E2%80%94"]


def references_with(links: list[str], prefix: str = "") -> str:
    """VALID (its ids prefixed, so several can be checked together) with a reference per link."""
    entries = "".join(f"  - id: {prefix}ref-{i}\n    title: Ref {i}\n    kind: article\n    author: Someone\n"
                      f"    link: {yaml_escaped(link)}\n    adds: Something.\n    sources: [{prefix}a-post]\n"
                      for i, link in enumerate(links))
    text = renamed(VALID, prefix=prefix)
    # The end of VALID's references: these follow it.
    last = f"    adds: Why mastery motivates.\n    sources: [{prefix}a-post]\n"
    return text.replace(last, last + entries)


def test_every_link_a_browser_could_read_as_script_is_refused_at_its_line(tmp_path: Path) -> None:
    (tmp_path / "playbooks").mkdir()
    halves = {"p.yaml": BAD_LINKS[:16], "q.yaml": BAD_LINKS[16:]}  # a playbook lists at most 30 references
    expected = []
    for name, links in halves.items():
        text = references_with(links, prefix=name[0])
        (tmp_path / "playbooks" / name).write_text(text, encoding="utf-8")
        lines = text.splitlines()
        expected += [f"playbooks/{name}:{lines.index(f'    link: {yaml_escaped(link)}') + 1}:11" for link in links]
    result = run_handbook(tmp_path, "check")
    reported = [line.split(": error: ")[0] for line in result.stdout.splitlines()[:-1]]
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert reported == expected, result.stdout
    assert result.stdout.splitlines()[-1] == f"{len(BAD_LINKS)} errors"


def test_well_formed_web_and_mail_links_pass(tmp_path: Path) -> None:
    assert problems_in(tmp_path / "playbooks", {"p.yaml": references_with(GOOD_LINKS)}) == []


@pytest.mark.parametrize("link", ["https://example.com/", "https://www.example.org/post", "http://example.net"])
def test_an_example_address_is_a_placeholder_to_replace(tmp_path: Path, link: str) -> None:
    text = references_with([link])
    line = text.splitlines().index(f"    link: {yaml_escaped(link)}") + 1
    problems = problems_in(tmp_path / "playbooks", {"p.yaml": text})
    assert len(problems) == 1 and f":{line}:11: error: 'link' is the example address from 'handbook new'" in problems[0]


# ---------------------------------------------------------------- 4. inputs that crashed

@pytest.mark.parametrize(("name", "text"), [
    ("flow sequences", "title: " + "[" * 30000),
    ("flow mappings", "title: " + "{a: " * 15000),
    ("block sequences", "title: x\nsituations:\n" + "- " * 30000 + "x\n"),
    ("indented sequences", "title: x\nsummary:\n" + "".join(" " * i + "-\n" for i in range(0, 700))),
    ("mixed brackets", "title: " + "[{" * 15000),
    ("complex keys", "? " * 30000 + "x\n"),
])
def test_deep_nesting_is_refused_before_any_recursive_parse(tmp_path: Path, name: str, text: str) -> None:
    (tmp_path / "playbooks").mkdir()
    (tmp_path / "playbooks" / "deep.yaml").write_text(text)
    result = run_handbook(tmp_path, "check")
    assert result.returncode == 1, result.stderr  # a crash would be a negative status
    lines = result.stdout.splitlines()
    assert all(LOCATED.match(line) for line in lines[:-1]) and lines[-1].endswith("error")
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr


def test_deep_nesting_fails_the_real_build_with_its_location(tmp_path: Path) -> None:
    project = copy_project(tmp_path, FIXTURES / "playbooks")
    (project / "playbooks" / "deep.yaml").write_text("title: " + "[" * 30000)
    result = run_mkdocs(project)
    assert result.returncode == 1
    # Whichever layer refuses it first (the handbook's bound of 16 levels, or PyYAML's own since
    # 6.0.4), the refusal is located and says why.
    assert re.search(r"playbooks/deep\.yaml:1:\d+: error: .*(nested deeper than 16 levels|exceeded maximum "
                     r"nesting depth)", result.stderr), result.stderr
    assert "Traceback" not in result.stderr


def special_entries(folder: Path) -> dict[str, str]:
    """Entries of playbooks/ that are not regular files, each with the words its error must hold."""
    folder.mkdir(exist_ok=True)
    (folder / "dangling.yaml").symlink_to(folder / "missing.yaml")
    (folder / "loop.yaml").symlink_to(folder / "loop.yaml")
    (folder / "folder.yaml").mkdir()
    os.mkfifo(folder / "pipe.yaml")
    (folder / "Upper.YAML").write_text(VALID)
    (folder / "notes.txt").write_text("a note")
    return {"dangling.yaml": "is a symbolic link", "loop.yaml": "is a symbolic link",
            "folder.yaml": "is a directory", "pipe.yaml": "named pipe", "Upper.YAML": "end in '.yaml'",
            "notes.txt": "end in '.yaml'"}


def test_links_folders_pipes_and_other_names_are_each_a_located_error(tmp_path: Path) -> None:
    expected = special_entries(tmp_path / "playbooks")
    (tmp_path / "playbooks" / ".hidden.yaml.swp").write_text("swap")
    result = run_handbook(tmp_path, "check")  # a FIFO read would hang here; the timeout fails it
    assert result.returncode == 1 and "Traceback" not in result.stderr + result.stdout
    for name, words in expected.items():
        assert any(line.startswith(f"playbooks/{name}:1:1: error: ") and words in line
                   for line in result.stdout.splitlines()), (name, result.stdout)
    assert "playbooks/.hidden.yaml.swp: note: not checked" in result.stderr


def test_an_unreadable_file_says_permission_denied(tmp_path: Path) -> None:
    folder = tmp_path / "playbooks"
    folder.mkdir()
    (folder / "secret.yaml").write_text(VALID)
    (folder / "secret.yaml").chmod(0)
    command = [sys.executable, "-m", "handbook", "check"]
    if os.geteuid() == 0:
        # Root reads any file; drop to 'nobody' so the permission holds, as for a contributor.
        tmp_path.chmod(0o755)
        folder.chmod(0o755)
        command = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *command]
    result = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=60,
                            env={**os.environ, "XDG_CACHE_HOME": str(tmp_path / "nobody-cache")})
    assert result.stdout.splitlines()[0] == (
        "playbooks/secret.yaml:1:1: error: cannot be read: permission denied; check the file's permissions")
    assert result.returncode == 1


def test_special_entries_fail_the_real_build_with_their_locations(tmp_path: Path) -> None:
    project = copy_project(tmp_path, FIXTURES / "playbooks")
    expected = special_entries(project / "playbooks")
    result = run_mkdocs(project)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    for name, words in expected.items():
        assert f"playbooks/{name}:1:1: error: " in result.stderr and words in result.stderr, name


# ---------------------------------------------------------------- 5. cost: duplicates and caps

def test_an_entry_listed_twice_is_refused_at_the_second(tmp_path: Path) -> None:
    text = VALID.replace("audience: [senior-ic]", "audience: [senior-ic, manager, senior-ic]").replace(
        "    reflect: [Would you say yes?]", "    reflect: [Would you say yes?, Would you say yes?]") + (
        "tags: [a, b, a]\n")
    problems = problems_in(tmp_path / "playbooks", {"p.yaml": text})
    assert problems == [
        "playbooks/p.yaml:3:32: error: 'senior-ic' is listed twice in 'audience' (first as entry 1); delete this one",
        f"playbooks/p.yaml:{at(text, 'reflect: [', 'Would you say yes?]')}: error: 'Would you say yes?' is listed "
        "twice in 'reflect' (first as entry 1); delete this one",
        f"playbooks/p.yaml:{at(text, 'tags: [a, b, a]', 'a]')}: error: 'a' is listed twice in 'tags' (first as "
        "entry 1); delete this one",
    ]


def test_a_shared_item_used_twice_in_one_list_is_refused(tmp_path: Path) -> None:
    defined = "motivators:\n  - id: growth\n    title: Growth\n    summary: The work teaches something.\n"
    other = renamed(VALID.replace(defined + "    sources: [a-post]\n", "motivators:\n  - growth\n  - growth\n"),
                    keep=("growth",))
    problems = problems_in(tmp_path / "playbooks", {"a.yaml": VALID, "b.yaml": other})
    second = other.splitlines().index("  - growth", other.splitlines().index("  - growth") + 1) + 1
    assert problems == [f"playbooks/b.yaml:{second}:5: error: 'growth' is listed twice in 'motivators' "
                        "(first as entry 1); delete this one"]


def test_lists_longer_than_their_cap_are_refused(tmp_path: Path) -> None:
    tags = ", ".join(f"t{i}" for i in range(11))
    text = VALID + f"tags: [{tags}]\n"
    assert problems_in(tmp_path / "playbooks", {"p.yaml": text}) == [
        f"playbooks/p.yaml:{at(text, 'tags: [', '[')}: error: 'tags' may have at most 10 entries"]


def test_thousands_of_unknown_ids_get_a_few_suggestions_and_every_error(tmp_path: Path) -> None:
    unknown = "".join(f"  - growht-{i}\n" for i in range(25))
    text = VALID.replace("motivators:\n", "motivators:\n" + unknown)
    problems = problems_in(tmp_path / "playbooks", {"p.yaml": text})
    # 25 unknown ids: every one reported, a did-you-mean search for at most 20 of them.
    assert len(problems) == 25
    assert sum("did you mean" in p for p in problems) <= 20


# ---------------------------------------------------------------- 6. generated paths

def test_every_fixed_generated_page_name_is_reserved() -> None:
    # Derived from the generator's own output: a new fixed page that is not reserved fails here.
    handbook = load_handbook(FIXTURES / "playbooks", display_root=FIXTURES)
    pages = generate_pages(handbook)
    derived = ({f"playbooks/{p}.md" for p in handbook.playbooks}
               | {f"exercises/{i}.md" for i, r in handbook.items.items() if r.kind.field == "exercises"}
               | {f"checklists/{p.model.experiment.page}.md" for p in handbook.playbooks.values()
                  if p.model.experiment})
    for uri in pages:
        folder, _, rest = uri.partition("/")
        if folder in RESERVED_PAGES and uri not in derived:
            assert rest.split("/")[0].removesuffix(".md") in RESERVED_PAGES[folder], uri


@pytest.mark.parametrize("name", sorted(RESERVED_PAGES["exercises"]))
def test_an_exercise_named_like_a_fixed_page_is_refused(tmp_path: Path, name: str) -> None:
    text = VALID.replace("id: find-a-task", f"id: {name}")
    assert problems_in(tmp_path / "playbooks", {"p.yaml": text}) == [
        f"playbooks/p.yaml:{at(text, f'id: {name}', name)}: error: exercise id '{name}' is reserved: its page "
        "would replace the "
        f"generated page exercises/{name}; choose another"]


@pytest.mark.parametrize("name", sorted(RESERVED_PAGES["checklists"]))
def test_a_checklist_named_like_a_fixed_page_is_refused(tmp_path: Path, name: str) -> None:
    text = (VALID + EXPERIMENT).replace("page: two-weeks", f"page: {name}")
    line = next(line for line in text.splitlines() if line.endswith(f"page: {name}"))
    assert problems_in(tmp_path / "playbooks", {"p.yaml": text}) == [
        f"playbooks/p.yaml:{at(text, line).split(':')[0]}:{line.rindex(name) + 1}: error: checklist page '{name}' "
        "is reserved: its page would replace the "
        f"generated page checklists/{name}; choose another"]


@pytest.mark.parametrize("name", sorted(RESERVED_PAGES["playbooks"]))
def test_a_playbook_named_like_a_fixed_page_is_refused(tmp_path: Path, name: str) -> None:
    assert problems_in(tmp_path / "playbooks", {f"{name}.yaml": VALID}) == [
        f"playbooks/{name}.yaml:1:1: error: playbook id '{name}' (the file name) is reserved: its page would "
        f"replace the generated page playbooks/{name}; choose another name"]


def test_a_hand_written_page_in_the_way_names_the_playbook(tmp_path: Path) -> None:
    project = copy_project(tmp_path, FIXTURES / "playbooks")
    (project / "docs" / "exercises").mkdir()
    (project / "docs" / "exercises" / "find-a-growth-task.md").write_text("# Mine\n")
    result = run_mkdocs(project)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert ("playbooks/asking-peers.yaml:1:1: error: its page exercises/find-a-growth-task.md clashes with "
            "docs/exercises/find-a-growth-task.md; rename or delete one of them") in result.stderr, result.stderr


# ---------------------------------------------------------------- 7. what SECURITY.md promises

@pytest.mark.parametrize(("line", "words"), [
    ("!!python/name:os.system : x", "YAML tag 'tag:yaml.org,2002:python/name:os.system' is not allowed"),
    ("!custom summary: x", "YAML tag '!custom' is not allowed"),
    ("&a summary: x", "YAML anchors (&a) are not allowed"),
    ("order: &n 3", "YAML anchors (&n) are not allowed"),
    ("tags: &t [a]", "YAML anchors (&t) are not allowed"),
])
def test_tags_and_anchors_anywhere_are_refused(tmp_path: Path, line: str, words: str) -> None:
    text = VALID.replace("summary: Get a peer to take on work you cannot assign.\n", line + "\n")
    problems = problems_in(tmp_path / "playbooks", {"p.yaml": text})
    assert any(p.startswith("playbooks/p.yaml:2:") and words in p for p in problems), problems


# ---------------------------------------------------------------- 9. output injection

def test_file_names_cannot_forge_annotations_or_drive_the_terminal(tmp_path: Path) -> None:
    folder = tmp_path / "playbooks"
    folder.mkdir()
    names = ["a\n::error file=README.md,line=1::forged.yaml", "b\x1b[2J\x1b]0;title\x07.yaml",
             "c,line=9::x:y%0A.yaml", "d\r::warning::z.yaml"]
    for name in names:
        (folder / name).write_text(VALID)
    text = run_handbook(tmp_path, "check")
    github = run_handbook(tmp_path, "check", "--format", "github")
    assert "\x1b" not in text.stdout and "\r" not in text.stdout
    assert len(text.stdout.splitlines()) == len(github.stdout.splitlines())
    for line in github.stdout.splitlines()[:-1]:
        match = re.fullmatch(r"::error file=([^,:]*),line=(\d+),col=(\d+)::(.*)", line)
        assert match, line
        assert match.group(1).startswith("playbooks/")


# ---------------------------------------------------------------- 10. handbook new

@pytest.mark.parametrize("title", [b"bad\x01title", b"line\nbreak", b"caf\xe9", b"sep\xe2\x80\xa8arator",
                                   b"\xc2\x9bcsi", b"   ", b"x" * 301, b"rtl \xe2\x80\xae override"])
def test_new_refuses_a_bad_title_in_one_line_and_writes_nothing(tmp_path: Path, title: bytes) -> None:
    result = subprocess.run([sys.executable.encode(), b"-m", b"handbook", b"new", b"my-play", b"--title", title],
                            cwd=tmp_path, capture_output=True, timeout=60)
    assert result.returncode == 2
    lines = result.stderr.decode().splitlines()
    assert len(lines) == 1 and lines[0].startswith("handbook: error: --title: "), lines
    assert not (tmp_path / "playbooks" / "my-play.yaml").exists()


def test_new_writes_a_title_with_every_kind_of_punctuation_that_then_passes(tmp_path: Path) -> None:
    title = "Say \"no\": {{ x }} & <b> #1 — 'yes' \\ café"
    assert subprocess.run([sys.executable, "-m", "handbook", "new", "my-play", "--title", title],
                          cwd=tmp_path, timeout=60).returncode == 0
    data = (tmp_path / "playbooks" / "my-play.yaml").read_text(encoding="utf-8")
    assert f"title: {json.dumps(title, ensure_ascii=False)}" in data


def test_the_field_reference_states_every_cap() -> None:
    from handbook.schema.jsonschema import field_rows
    from handbook.schema.models import MODELS

    rows = {(row.model, row.name): row for row in field_rows()}
    capped = [(model.__name__, name, meta.max_length) for model in MODELS.values()
              for name, info in model.model_fields.items() for meta in info.metadata
              if type(meta).__name__ == "MaxLen"]
    assert len(capped) >= 20
    for model_name, name, cap in capped:
        assert f"{cap} entries" in rows[(model_name, name)].limits, (model_name, name)
