"""The notes log stays a log: rendered by Python-Markdown or by a CommonMark renderer, every text in
it, the handbook's and the reader's, reads as exactly what was typed, each note inside its quote,
with no link, image or HTML of its own."""

from __future__ import annotations

import random
import shutil
import string
from typing import Any

import pytest

from tests.conftest import missing_tool
from tests.notes_log import RENDERERS, as_typed, notes_logs, read_log

# From issue 26, then our own: raw HTML, links and images of every form, and every block a line
# can start (heading, list, quote, fence, code, table, rule, setext underline, definition).
HOSTILE = [
    "</blockquote><h1>Forged heading</h1>",
    "<textarea>",
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    '<a href="javascript:alert(1)">click</a>',
    "[x]: https://evil.example/phish",
    "[x]\n\n[x]: https://evil.example/phish 'title'",
    "[click](javascript:alert(1))",
    "[click][x] and [x][]",
    "![pixel](https://evil.example/pixel.png)",
    "<https://evil.example/> <me@evil.example>",
    "&lt;script&gt; &amp; &copy; &#60;b&#62; &#x3C;",
    "# Heading\n## Second\n###### Sixth #",
    "Paragraph\n===\nAnother\n---",
    "- one\n+ two\n* three\n1. four\n2) five",
    "> nested quote\n>> deeper",
    "    indented code\n\tand a tab",
    "```html\n<b>fenced</b>\n```",
    "~~~\nfenced\n~~~",
    "| a | b |\n|---|---|\n| c | d |",
    "***\n___\n- - -",
    "*em* _em_ **strong** __strong__ `code` ``co`de``",
    "\\*not em\\* \\\\ \\",
    "line ending in a backslash\\\nnext",
    "two trailing spaces  \nnext",
    "[^1]: a footnote\n*[HTML]: an abbreviation",
    "{: .class #id onclick=alert(1) }",
    "Term\n: a definition",
    '!!! danger "Admonition"\n    inside',
    "<!-- comment --> <?php echo 1; ?> <![CDATA[x]]>",
    '<div markdown="1">**inside**</div>',
    "~~struck~~ ~sub~ ^sup^ ==mark== $x$",
    "Line one\u000bline two\u2028line three\u2029line four\r\nline five",
    "  \n\n   \n",
    "Asked Priya first <b>bold</b> & café 🙂",
]
# Every ASCII punctuation character, alone, doubled, at the start of a line and around a word.
PUNCTUATION = [pattern.format(p=p) for p in string.punctuation
               for pattern in ("{p}", "{p}{p}{p}", "{p} x", "x {p}y{p} z", "1{p} x", "[x]{p} y", "a\n{p}{p}{p}")]
TEXTS = HOSTILE + PUNCTUATION


def plans() -> list[tuple[dict[str, Any], dict[str, Any], dict[str, list[str]]]]:
    """Two-week plans that hold the texts as titles, steps, prompts and notes, every other step ticked;
    each with what its log must read as."""
    cases = []
    for start in range(0, len(TEXTS), 16):
        texts = [TEXTS[(start + i) % len(TEXTS)] for i in range(16)]
        days = [{"day": day, "steps": [{"id": f"s{day}", "title": texts[day - 1]}]} for day in range(1, 15)]
        ticks = {f"d{day}.s{day}": True for day in range(1, 15, 2)}
        notes = {f"note.d{day}": texts[day - 1] for day in range(1, 15)}
        notes.update({"reflect.w1": texts[14], "reflect.w2": texts[15]})
        outline = {"title": texts[0], "url": texts[1], "days": days, "reflections": texts[14:16]}
        state = {"version": 2, "checklist": "plan-two-week-experiment", "ticks": ticks, "notes": notes}
        expected = {
            "title": [as_typed(texts[0], one_line=True) or "Progress"],
            "steps": [as_typed(("[x] " if day % 2 else "[ ] ") + texts[day - 1], one_line=True)
                      for day in range(1, 15)],
            "notes": [as_typed(text) for text in texts if as_typed(text)],
            "prompts": [as_typed(text, one_line=True) for text in texts[14:16] if as_typed(text, one_line=True)],
        }
        cases.append((state, outline, expected))
    return cases


def exercises() -> list[tuple[dict[str, Any], dict[str, Any], dict[str, list[str]]]]:
    """Exercises whose steps, questions and answers are the texts."""
    cases = []
    for start in range(0, len(TEXTS), 10):
        texts = [TEXTS[(start + i) % len(TEXTS)] for i in range(10)]
        outline = {"title": texts[9], "url": "https://example.org/exercises/x/", "steps": texts, "reflect": texts}
        state = {"version": 2, "checklist": "exercise-x", "ticks": {"step.1": True, "step.3": True},
                 "notes": {f"reflect.{i}": text for i, text in enumerate(texts, start=1)}}
        expected = {
            "title": [as_typed(texts[9], one_line=True) or "Progress"],
            "steps": [as_typed(("[x] " if i in (1, 3) else "[ ] ") + t, one_line=True) for i, t in enumerate(texts, 1)],
            "notes": [as_typed(text) for text in texts if as_typed(text)],
            "prompts": [as_typed(text, one_line=True) for text in texts if as_typed(text, one_line=True)],
        }
        cases.append((state, outline, expected))
    return cases


@pytest.fixture(scope="module")
def logs() -> list[tuple[str, dict[str, list[str]]]]:
    if not shutil.which("node"):
        missing_tool("node is not installed")
    cases = plans() + exercises()
    return list(zip(notes_logs([(state, outline) for state, outline, _ in cases]),
                    [expected for *_, expected in cases], strict=True))


@pytest.mark.parametrize("renderer", RENDERERS)
def test_every_text_in_the_log_renders_as_typed_with_no_markup_of_its_own(
        logs: list[tuple[str, dict[str, list[str]]]], renderer: str) -> None:
    for text, expected in logs:
        log = read_log(RENDERERS[renderer](text))
        assert log.markup() == [], text
        assert log.title == expected["title"], text
        assert log.steps == expected["steps"], text  # ticked lines stay "[x] ...", never links
        assert log.notes == expected["notes"], text  # every note whole, each inside its own quote
        for prompt in expected["prompts"]:
            assert prompt in log.paragraphs, (prompt, text)


def test_a_link_reference_definition_in_a_note_neither_vanishes_nor_makes_ticks_links() -> None:
    if not shutil.which("node"):
        missing_tool("node is not installed")
    state = {"ticks": {"step.1": True}, "notes": {"reflect.1": "[x]: https://evil.example/phish"}}
    outline = {"title": "Exercise", "url": "", "steps": ["Ticked"], "reflect": ["Question?"]}
    [text] = notes_logs([(state, outline)])
    assert "- [x] Ticked" in text.splitlines()
    for render in RENDERERS.values():
        log = read_log(render(text))
        assert log.steps == ["[x] Ticked"] and log.notes == ["[x]: https://evil.example/phish"]
        assert log.markup() == []


def test_random_runs_of_punctuation_render_as_typed_everywhere_in_the_log() -> None:
    if not shutil.which("node"):
        missing_tool("node is not installed")
    rng = random.Random(26)  # noqa: S311 - the same texts on every run
    alphabet = string.punctuation * 3 + "ab1 " * 4 + "\n\té🙂\u00a0"
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 25))) for _ in range(600)]
    cases = [({"ticks": {"step.1": True}, "notes": {"reflect.1": text}},
              {"title": text, "url": text, "steps": [text], "reflect": ["Question?"]}) for text in texts]
    for typed, text in zip(texts, notes_logs(cases), strict=True):
        for render in RENDERERS.values():
            log = read_log(render(text))
            assert log.markup() == [], text
            assert log.title == [as_typed(typed, one_line=True) or "Progress"], text
            assert log.steps == [as_typed("[x] " + typed, one_line=True)], text
            assert log.notes == ([as_typed(typed)] if as_typed(typed) else []), text
