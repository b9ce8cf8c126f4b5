"""Read one YAML file into plain data, remembering where every key and value stands.

Scalars stay strings (YAML 1.1's `no` is the word "no", never `false`); pydantic turns the few
numeric fields into numbers. Duplicate keys, tabs, aliases, tags, deep nesting and oversized files
are refused as located problems, never as exceptions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml
import yaml.reader

from handbook.problems import Problem
from handbook.source.characters import damaged_text, refused_character

# The largest real playbook is 24 KiB. Every byte can reach several pages (its own, /print/, the
# indexes, exercise pages), so the limit bounds what one file can cost the build.
MAX_FILE_BYTES = 64 * 1024
MAX_DEPTH = 16
# PyYAML composes nodes recursively: deep enough nesting overflows the C stack (a crash, not an
# exception) before any check on the result. Above this cheap bound on a file's nesting, the
# events are scanned first, which libyaml produces without recursion.
SAFE_NESTING_BOUND = 64
# Where an anchor (&name) or alias (*name) could start; text like "Q&A" or "5 * 3" does not match.
NODE_PROPERTY = re.compile(r"(?:^|[\s\[{,])[&*][^\s\]},]")
# A line's leading run of spaces and block indicators (`- ? : `), found only when it is at least
# LONG_RUN characters long.
LONG_RUN = 8
LEADING_RUN = re.compile(rf"\n[ ?:\-]{{{LONG_RUN},}}")
NULL_TAG = "tag:yaml.org,2002:null"
MERGE_TAG = "tag:yaml.org,2002:merge"
LEADING_TAB = re.compile(r"^[ ]*\t", re.M)
STANDARD_TAGS = {
    "tag:yaml.org,2002:" + name
    for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")
}

Loc = tuple[str | int, ...]
# PyYAML's own safe loader, in C where PyYAML was built with libyaml. Only its node tree is used:
# every scalar is kept as the text it was written as, whatever tag YAML 1.1 would resolve it to.
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# Tags a plain scalar gets from YAML 1.1's resolution; as a field name each is just its text.
SCALAR_KEY_TAGS = STANDARD_TAGS - {NULL_TAG, "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"}


@dataclass
class Document:
    """A file's data and the (line, column) of every value and mapping key, by path."""

    path: str
    data: Any = None
    text: str | None = None
    values: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    # Each `|` or `>` block value: the first and last line of its text, counted from 0.
    blocks: dict[Loc, tuple[int, int]] = field(default_factory=dict)

    def position(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        """The position of `loc`, or of its nearest ancestor that has one."""
        table = self.keys if key else self.values
        while loc:
            if loc in table:
                return table[loc]
            if loc in self.values:
                return self.values[loc]
            loc = loc[:-1]
        return self.values.get((), (1, 1))


def oversized(path: str, size: int) -> Problem:
    """The problem of a file of `size` bytes, over the limit."""
    return Problem(path, 1, 1, f"file is {size} bytes; a playbook may be at most {MAX_FILE_BYTES} bytes, "
                               "split it into several playbooks")


def compose(text: str) -> yaml.Node | None:
    """The YAML node tree of `text`, composed by `Loader`; raises PyYAML's errors."""
    return yaml.compose(text, Loader=Loader)  # type: ignore[arg-type]


def read_document(path: str, raw: bytes) -> tuple[Document, list[Problem]]:
    """Parse `raw` (the bytes of `path`) into a Document and the problems found on the way."""
    doc = Document(path)

    def problem(line: int, col: int, message: str) -> Problem:
        return Problem(path, line, col, message)

    if len(raw) > MAX_FILE_BYTES:
        return doc, [oversized(path, len(raw))]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _line_col(raw, exc.start)
        return doc, [problem(line, col, f"byte 0x{raw[exc.start]:02x} is not valid UTF-8; "
                                        "save the file as UTF-8")]
    text = text.removeprefix("\ufeff")
    tabs = [problem(text.count("\n", 0, match.start()) + 1, match.end() - match.start(),
                    "tab character in indentation; indent with spaces")
            for match in (LEADING_TAB.finditer(text) if "\t" in text else ())]
    if tabs:
        return doc, tabs
    found = _scan_events(text) if _needs_event_scan(text) else []
    if found:
        return doc, [problem(line, col, message) for line, col, message in found]
    try:
        node = compose(text)
    except yaml.MarkedYAMLError as exc:
        line, col = _position(exc.problem_mark or exc.context_mark)
        what = " ".join(filter(None, [exc.context, exc.problem]))
        shown = text.split("\n")[line - 1] if line <= text.count("\n") + 1 else ""
        return doc, [problem(line, col, f"YAML syntax error: {what}{_in_plain_words(what, shown)}")]
    except yaml.reader.ReaderError as exc:
        line, col = _text_line_col(text, exc.position)
        return doc, [problem(line, col, f"character U+{exc.character:04X} is not allowed in YAML; "
                                        "remove it")]
    except yaml.YAMLError as exc:
        return doc, [problem(1, 1, f"YAML syntax error: {' '.join(str(exc).split())}")]
    if node is None:
        return doc, [problem(1, 1, "file is empty; start from 'handbook new <id> --title ...'")]
    if not isinstance(node, yaml.MappingNode):
        line, col = _position(node.start_mark)
        return doc, [problem(line, col, f"a playbook must be a mapping of fields (title: ..., "
                                        f"summary: ...), not {_describe(node)}")]
    problems: list[Problem] = []
    doc.text = text
    doc.data = _Walker(doc, problems).walk(node, (), 0)
    return doc, problems


# What libyaml's words usually mean in a playbook, said plainly.
_PLAIN_WORDS = (
    ("did not find expected '-' indicator",
     "a list entry here does not line up with the entries above it; indent its '- ' like theirs"),
    ("mapping values are not allowed",
     "a ': ' here starts a field where none can start; put text that holds ': ' in quotes, "
     "or check this line's indentation"),
    ("could not find expected ':'",
     "a line here is neither a field ('name: value') nor a list entry ('- value'); check its indentation"),
    ("expected <block end>",
     "this line is indented differently from the lines before it; line it up with the field it belongs to"),
    ("did not find expected key",
     "this line is indented differently from the fields around it; line it up with them"),
    ("found unexpected end of stream", "a quote or bracket opened here is never closed"),
    ("did not find expected ',' or ']'", "a list in [brackets] is not closed, or an entry holds an unquoted ','"),
)


def _in_plain_words(what: str, line: str) -> str:
    if "did not find expected '-' indicator" in what and not line.lstrip(" ").startswith("-"):
        # A field of a list entry, dedented to the entry's '- ': YAML expects another entry there.
        return (" (this field is indented like the '- ' of a list entry; indent it to line up with the "
                "fields of the entry it belongs to)")
    for words, meaning in _PLAIN_WORDS:
        if words in what:
            return f" ({meaning})"
    return ""


def _needs_event_scan(text: str) -> bool:
    """Whether `text` may hold an anchor, an alias or nesting deep enough to matter."""
    # The regular expression tries every position; most files hold neither character at all.
    if ("&" in text or "*" in text) and NODE_PROPERTY.search(text):
        return True
    # Block nesting needs indentation or indicators at the start of a line; flow nesting needs
    # brackets. Twice the longest such run plus every bracket bounds the depth from above. Runs
    # shorter than LONG_RUN count as that long; a pattern that starts with a line break is found
    # by a fast search for the character, where `^` with MULTILINE is tried at every position.
    flow = text.count("[") + text.count("{")
    indicators = max((len(run) - 1 for run in LEADING_RUN.findall("\n" + text)), default=LONG_RUN)
    return flow + 2 * (indicators + 1) > SAFE_NESTING_BOUND


def _scan_events(text: str) -> list[tuple[int, int, str]]:
    """Anchors, aliases and nesting beyond MAX_DEPTH, from the parser's events (no recursion).

    A syntax error ends the scan quietly: composing reports it with its position.
    """
    found: list[tuple[int, int, str]] = []
    depth = 0
    try:
        for event in yaml.parse(text, Loader=Loader):  # type: ignore[arg-type]
            if isinstance(event, yaml.AliasEvent):
                found.append((*_position(event.start_mark),
                              "YAML aliases (*name) are not allowed; write the value out in full"))
                continue
            if isinstance(event, yaml.NodeEvent) and event.anchor is not None:
                found.append((*_position(event.start_mark),
                              f"YAML anchors (&{_shown_name(event.anchor)}) are not allowed; remove it"))
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH + 1:
                    found.append((*_position(event.start_mark),
                                  f"nested deeper than {MAX_DEPTH} levels; a playbook never needs that"))
                    break
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        pass
    return found


def _shown_name(name: str) -> str:
    return "".join(ch if ch.isprintable() else "?" for ch in name[:40])


def _folded_entry(node: yaml.ScalarNode, lines: list[str]) -> tuple[int, int] | None:
    """Where a '- ' line is that YAML read as more words of the plain value `node` spans: an entry
    indented deeper than the entries before it does not start a new entry, YAML folds it into the
    value on the line above, silently. The line and column, counted from 1; None if there is none."""
    for number in range(node.start_mark.line + 1, min(node.end_mark.line, len(lines) - 1) + 1):
        stripped = lines[number].lstrip(" ")
        if stripped == "-" or stripped.startswith("- "):
            return number + 1, len(lines[number]) - len(stripped) + 1
    return None


class _Walker:
    def __init__(self, doc: Document, problems: list[Problem]) -> None:
        self.doc = doc
        self.problems = problems
        self._lines = (doc.text or "").split("\n")

    def fail(self, node: yaml.Node, message: str) -> None:
        self.problems.append(Problem(self.doc.path, *_position(node.start_mark), message))

    def walk(self, node: yaml.Node, loc: Loc, depth: int) -> Any:
        self.doc.values[loc] = _position(node.start_mark)
        if depth > MAX_DEPTH:
            self.fail(node, f"nested deeper than {MAX_DEPTH} levels; a playbook never needs that")
            return None
        if node.tag not in STANDARD_TAGS and node.tag != "!":
            self.fail(node, f"YAML tag '{node.tag}' is not allowed; remove it")
            return None
        if isinstance(node, yaml.ScalarNode):
            if node.tag == NULL_TAG and not node.style:
                return None
            refused = refused_character(node.value)
            if refused:
                self.fail(node, refused[1])
                return None
            damaged = damaged_text(node.value)
            if damaged:
                self.fail(node, damaged[1])
            if not node.style and node.end_mark.line > node.start_mark.line:
                self.check_folded_entry(node)
            elif node.style in ("|", ">"):
                end = node.end_mark
                self.doc.blocks[loc] = (node.start_mark.line + 1, end.line if end.column else end.line - 1)
            return node.value
        if isinstance(node, yaml.SequenceNode):
            return [self.walk(child, (*loc, i), depth + 1) for i, child in enumerate(node.value)]
        assert isinstance(node, yaml.MappingNode)
        return self.walk_mapping(node, loc, depth)

    def check_folded_entry(self, node: yaml.ScalarNode) -> None:
        """Report a '- ' line that YAML read as more words of the plain value above it."""
        found = _folded_entry(node, self._lines)
        if found is not None:
            self.problems.append(Problem(
                self.doc.path, *found,
                f"this '- ' entry is indented deeper than the line above, so YAML reads it as more "
                f"words of the value on line {node.start_mark.line + 1}; line its '- ' up with the entries above it"))

    def walk_mapping(self, node: yaml.MappingNode, loc: Loc, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == NULL_TAG:
                self.fail(key_node, "a field name must be a plain word, like 'title'")
                continue
            if key_node.tag == MERGE_TAG:
                self.fail(key_node, "YAML merge keys (<<) are not allowed; write the fields out")
                continue
            if key_node.tag not in SCALAR_KEY_TAGS and key_node.tag != "!":
                self.fail(key_node, f"YAML tag '{key_node.tag}' is not allowed on a field name; remove it")
                continue
            refused = refused_character(key_node.value)
            if refused:
                self.fail(key_node, refused[1])
                continue
            key, key_loc = key_node.value, (*loc, key_node.value)
            if key in result:
                self.fail(key_node, f"duplicate key '{key}' (first at line {self.doc.keys[key_loc][0]}); "
                                    "keep one and delete the other")
                continue
            self.doc.keys[key_loc] = _position(key_node.start_mark)
            result[key] = self.walk(value_node, key_loc, depth + 1)
        return result


def _position(mark: Any) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def _describe(node: yaml.Node) -> str:
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return "a single value"


def _text_line_col(text: str, offset: int) -> tuple[int, int]:
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


def _line_col(raw: bytes, offset: int) -> tuple[int, int]:
    before = raw[:offset].decode("utf-8", errors="replace")
    return _text_line_col(before, len(before))
