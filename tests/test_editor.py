"""What an editor says about a playbook, and that it agrees with `handbook check`.

The real yaml-language-server (the engine behind the YAML extensions of VS Code, Neovim and
others) reads each file with the published schema. Every mistake the schema can express is
marked by both, on the same line, and the editor's words are readable: never a raw pattern.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from handbook.check.loader import load_handbook
from handbook.problems import HandbookError
from tests.conftest import FIXTURES, ROOT, missing_tool

SCHEMA = ROOT / "docs" / "schema" / "playbook.schema.json"
FIXTURE = FIXTURES / "playbooks" / "asking-peers.yaml"

# (name, line to replace, its new text, whether both must refuse it). Values the schema cannot
# judge (unknown ids, duplicates across files) are the checker's alone and not listed here.
CASES = [
    ("id with capitals", "  - id: peer-work-you-cannot-assign", "  - id: Peer_Work", True),
    ("id with a double hyphen", "  - id: peer-work-you-cannot-assign", "  - id: peer--work", True),
    ("id too long", "  - id: peer-work-you-cannot-assign", "  - id: " + "a" * 65, True),
    ("tag not an id", "tags: [delegation]", "tags: [Delegation Skills]", True),
    ("audience not allowed", "audience: [senior-ic, tech-lead]", "audience: [senior-ic, everyone]", True),
    ("kind not allowed", "    kind: book", "    kind: boook", True),
    ("script link", "    link: https://influence-handbook.github.io/posts/asking",
     "    link: javascript:alert(1)", True),
    ("entity-encoded script link", "    link: https://influence-handbook.github.io/posts/asking",
     "    link: 'javascript&colon;alert(1)'", True),
    ("relative link", "    link: https://influence-handbook.github.io/posts/asking", "    link: ../posts/asking", True),
    ("ftp link", "    link: https://influence-handbook.github.io/posts/asking", "    link: ftp://files.test/a", True),
    ("link with a space", "    link: https://influence-handbook.github.io/posts/asking",
     "    link: 'https://exa mple.test/a'", True),
    ("link with a non-ASCII host", "    link: https://influence-handbook.github.io/posts/asking",
     "    link: https://bücher.test/a", True),
    ("scaffold link", "    link: https://influence-handbook.github.io/posts/asking",
     "    link: https://example.com/", True),
    ("scaffold text", "    summary: Spot one task that would grow a colleague.",
     "    summary: TODO what it trains", True),
    ("title over two lines", "title: Asking peers", 'title: "Asking\\npeers"', True),
    ("title too long", "title: Asking peers", "title: " + "x" * 301, True),
    ("right-to-left override", "title: Asking peers", 'title: "Asking \\u202Epeers"', True),
    ("line separator", "    summary: Spot one task that would grow a colleague.",
     '    summary: "Spot\\u2028one"', True),
    ("C1 control", "    summary: Spot one task that would grow a colleague.", '    summary: "Spot\\x85one"', True),
    ("web link with query and fragment", "    link: https://influence-handbook.github.io/posts/asking",
     "    link: https://books.test/drive?ed=2&lang=en#ch-1", False),
    ("mail link", "    link: https://influence-handbook.github.io/posts/asking",
     "    link: mailto:team@handbook.test", False),
    ("TODO inside a sentence", "    summary: Spot one task that would grow a colleague.",
     "    summary: Spot one task; the word TODO in a sentence is fine.", False),
    ("accents and emoji", "title: Asking peers", "title: Asking peers, café ☕", False),
    ("copy-paste damage", "title: Asking peers", "title: I\u00e2\u20ac\u2122d ask peers", True),
    ("a non-breaking space", "title: Asking peers", "title: Asking\u00a0peers", True),
    ("scaffold id", "  - id: peer-work-you-cannot-assign", "  - id: todo-peer-work", True),
    ("yes for true", "    first_week: true", "    first_week: yes", True),
]


def editor_diagnostics(files: list[Path]) -> dict[str, list[dict[str, object]]]:
    if not shutil.which("node") or not (ROOT / "node_modules" / "yaml-language-server").is_dir():
        missing_tool("node or yaml-language-server is not installed (make test installs them)")
    result = subprocess.run(["node", "tests/editor.mjs", str(SCHEMA), *map(str, files)], cwd=ROOT,
                            capture_output=True, text=True, timeout=120, check=True)
    found: dict[str, list[dict[str, object]]] = {str(f): [] for f in files}
    for line in result.stdout.splitlines():
        entry = json.loads(line)
        found[entry["file"]].append(entry)
    return found


def checker_lines(folder: Path) -> list[int]:
    try:
        load_handbook(folder)
    except HandbookError as exc:
        return [problem.line for problem in exc.problems]
    return []


def test_the_editor_and_the_checker_mark_the_same_mistakes_in_words(tmp_path: Path) -> None:
    # Without the modeline: the editor is given the published schema directly.
    base = FIXTURE.read_text(encoding="utf-8").split("\n", 1)[1]
    files, lines = [], []
    for index, (name, old, new, _) in enumerate(CASES):
        assert base.count(old + "\n") == 1, name
        folder = tmp_path / f"case-{index}"
        folder.mkdir()
        path = folder / "asking-peers.yaml"
        path.write_text(base.replace(old + "\n", new + "\n"), encoding="utf-8")
        files.append(path)
        lines.append(base[: base.index(old + "\n")].count("\n") + 1)
    said = editor_diagnostics(files)
    for (name, _, _, refused), path, line in zip(CASES, files, lines, strict=True):
        editor = said[str(path)]
        checker = checker_lines(path.parent)
        if not refused:
            assert editor == [] and checker == [], (name, editor, checker)
            continue
        assert checker == [line], (name, checker)
        assert [entry["line"] for entry in editor] == [line], (name, editor)
        message = str(editor[0]["message"])
        assert "pattern" not in message and "^" not in message, (name, message)


def test_the_editor_accepts_every_real_playbook() -> None:
    paths = sorted((ROOT / "playbooks").glob("*.yaml"))
    assert all(found == [] for found in editor_diagnostics(paths).values())


# Parts every playbook needs that the schema requires: taken out, each is marked by both, at the
# entry (or the file) that lacks it, naming the field.
MISSING = [
    ("across", "    across: peer\n"),
    ("sources", "    sources: [fixture-post]\n    body: |-\n"),
    ("moment", "        moment: after-a-no\n"),
    ("in_short", "in_short:\n  - Name what the work teaches.\n  - Make the first step small.\n"
                 "  - Talk to the peer before their manager.\n"),
]


def test_a_part_every_playbook_needs_is_missing_for_the_editor_and_the_checker_alike(tmp_path: Path) -> None:
    base = FIXTURE.read_text(encoding="utf-8").split("\n", 1)[1]
    files = []
    for field, text in MISSING:
        assert base.count(text) == 1, field
        folder = tmp_path / field
        folder.mkdir()
        path = folder / "asking-peers.yaml"
        path.write_text(base.replace(text, "    body: |-\n" if text.endswith("body: |-\n") else ""), encoding="utf-8")
        files.append(path)
    said = editor_diagnostics(files)
    for (field, _), path in zip(MISSING, files, strict=True):
        editor = said[str(path)]
        assert [entry["line"] for entry in editor] == checker_lines(path.parent) != [], field
        assert f'"{field}"' in str(editor[0]["message"]), editor
