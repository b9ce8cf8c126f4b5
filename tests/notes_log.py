"""Reading a notes log ("Download my notes"): the Markdown progress.js writes, rendered by
Python-Markdown and by a CommonMark renderer, and what a reader sees of the HTML."""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

import markdown
from markdown_it import MarkdownIt

from handbook.pages.ticks import checklist_keys
from tests.conftest import ROOT

# Each renderer with raw HTML allowed, as a reader's own tools would have it.
RENDERERS: dict[str, Callable[[str], str]] = {
    "Python-Markdown": markdown.markdown,
    "Python-Markdown with the handbook's extensions and extra": lambda text: markdown.markdown(
        text, extensions=["toc", "attr_list", "admonition", "md_in_html", "extra", "sane_lists"]),
    "CommonMark (markdown-it-py)": MarkdownIt("commonmark").render,
    "CommonMark with tables and strikethrough": MarkdownIt("commonmark").enable(["table", "strikethrough"]).render,
}
# All a log may hold: headings, paragraphs, the list of steps, quoted notes, their line breaks and
# the emphasis of "No answer yet.". No link, image, HTML, code, table or rule of its own.
ALLOWED_TAGS = {"h1", "h2", "p", "ul", "li", "blockquote", "br", "em"}
VOID = {"br", "img", "hr", "input", "meta", "link", "area", "base", "col", "embed", "source", "track", "wbr"}
BREAKS = re.compile("\r\n|[\r\u000b\u000c\u0085\u2028\u2029]")
CONTROLS = re.compile("[\u0000-\u0008\u000b-\u001f\u007f-\u009f]")


def notes_logs(cases: list[tuple[dict[str, Any], dict[str, Any]]]) -> list[str]:
    """The log progress.js's toMarkdown writes for each (progress, outline of the checklist)."""
    script = (f"const P = require('./docs/assets/progress.js')({json.dumps(checklist_keys())});"
              "const cases = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
              "console.log(JSON.stringify(cases.map(([state, outline]) => P.toMarkdown(state, outline))));")
    result = subprocess.run(["node", "-e", script], cwd=ROOT, input=json.dumps(cases), capture_output=True,
                            text=True, check=True)
    return list(json.loads(result.stdout))


def as_typed(text: str, one_line: bool = False) -> str:
    """What a reader expects to see of `text`: its lines (every kind of line break one, as the page
    keeps a note), each with its white space collapsed, blank ones left out."""
    text = CONTROLS.sub("", BREAKS.sub("\n", text))
    lines = [" ".join(line.split()) for line in ([text] if one_line else text.split("\n"))]
    return "\n".join(line for line in lines if line)


@dataclass
class Element:
    tag: str
    attrs: dict[str, str | None]
    children: list[Element | str] = field(default_factory=list)

    def text(self) -> str:
        """The text a reader sees: a <br> or a new block starts a line, other white space is one space."""
        parts: list[str] = []

        def walk(node: Element | str) -> None:
            if isinstance(node, str):
                parts.append(" ".join(node.split("\n")))
                return
            if node.tag in {"br", "p", "li", "blockquote", "ul"}:
                parts.append("\n")
            for child in node.children:
                walk(child)

        walk(self)
        return as_typed("".join(parts))


class _Tree(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("root", {})
        self.stack = [self.root]
        self.elements: list[Element] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, dict(attrs))
        self.stack[-1].children.append(element)
        self.elements.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, dict(attrs))
        self.stack[-1].children.append(element)
        self.elements.append(element)

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)

    def handle_comment(self, data: str) -> None:
        self.elements.append(Element("!--", {}))

    def handle_pi(self, data: str) -> None:
        self.elements.append(Element("?", {}))


@dataclass
class Log:
    """A rendered log, read as a reader would: its elements and the text of each kind of block."""

    elements: list[Element]
    title: list[str]  # the text of each <h1>
    headings: list[str]  # of each <h2>
    steps: list[str]  # of each <li>
    notes: list[str]  # of each <blockquote>
    paragraphs: list[str]  # of each <p> outside a quote

    def markup(self) -> list[str]:
        """Every element or attribute that is not one a log is made of."""
        wrong = [e.tag for e in self.elements if e.tag not in ALLOWED_TAGS]
        wrong += [f"{e.tag} {name}" for e in self.elements for name in e.attrs
                  if not (e.tag in {"h1", "h2"} and name == "id")]
        return wrong


def read_log(html: str) -> Log:
    tree = _Tree()
    tree.feed(html)
    tree.close()
    quoted = {id(p) for e in tree.elements if e.tag == "blockquote" for p in e.children if isinstance(p, Element)}
    of = lambda tag: [e.text() for e in tree.elements if e.tag == tag]  # noqa: E731
    return Log(elements=tree.elements, title=of("h1"), headings=of("h2"), steps=of("li"), notes=of("blockquote"),
               paragraphs=[e.text() for e in tree.elements if e.tag == "p" and id(e) not in quoted])
