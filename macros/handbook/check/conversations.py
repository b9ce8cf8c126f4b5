"""Lines to say, and the conversations they start: every script of the handbook by id, the check
that every id a situation or a reply names is a line or a pattern, and the map of one conversation.

A script may carry an `id` and `replies`; each reply names the line (a script's id) or the pattern
that answers it. A situation's `first_line` names where its conversation starts. The map follows
the replies breadth first, each line once, so a loop in the replies ends where it meets itself.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from handbook.problems import Problem, shown
from handbook.schema.items import Item, Script
from handbook.schema.models import KIND_BY_FIELD

if TYPE_CHECKING:
    from handbook.check.handbook import Handbook, LoadedPlaybook

Loc = tuple[Any, ...]
SPOKEN_KINDS = ("patterns", "exercises")
# Names the situation pages take beside each situation's id: its folder's index and further pages.
RESERVED_SITUATION_PAGES = frozenset({"index", "page"})
MAP_STEPS = 10  # lines a situation's map shows; a reply past them links to its pattern instead
# A line to say is said out loud to a peer: a breath or two, and one question the peer can answer.
MAX_SPOKEN_WORDS = 35


@dataclass(frozen=True)
class SpokenLine:
    """A script, the pattern or exercise it belongs to, and where it is written."""

    script: Script
    owner: Item
    kind: str  # "patterns" or "exercises"
    playbook: LoadedPlaybook
    loc: Loc

    @property
    def id(self) -> str | None:
        return self.script.id


def spoken_lines(handbook: Handbook) -> list[SpokenLine]:
    """Every line to say in the handbook once, by playbook in reading order, in the file's order."""
    found = []
    for playbook in handbook.ordered():
        for kind in SPOKEN_KINDS:
            for i, entry in enumerate(getattr(playbook.model, kind)):
                if isinstance(entry, str):
                    continue
                for j, script in enumerate(entry.scripts):
                    found.append(SpokenLine(script, entry, kind, playbook, (kind, i, "scripts", j)))
    return found


@dataclass(frozen=True)
class Target:
    """What an id in `first_line` or `next` names: a line, or a pattern and its first line if any."""

    id: str
    line: SpokenLine | None
    pattern: Item | None


class Lines:
    """The handbook's lines by id, and what an id names."""

    def __init__(self, handbook: Handbook) -> None:
        self.handbook = handbook
        self.all = spoken_lines(handbook)
        self.by_id: dict[str, SpokenLine] = {}
        for line in self.all:
            if line.id is not None:
                self.by_id.setdefault(line.id, line)
        self._first: dict[int, SpokenLine] = {}
        for line in self.all:
            self._first.setdefault(id(line.owner), line)

    def target(self, target_id: str) -> Target | None:
        """The line or pattern `target_id` names, or None."""
        if target_id in self.by_id:
            return Target(target_id, self.by_id[target_id], None)
        record = self.handbook.items.get(target_id)
        if record is not None and record.kind is KIND_BY_FIELD["patterns"]:
            return Target(target_id, self._first.get(id(record.item)), record.item)
        return None

    def first_of(self, item: Item) -> SpokenLine | None:
        """The first line of a pattern or exercise, if it has one."""
        return self._first.get(id(item))


def check_lines(handbook: Handbook, broken_ids: AbstractSet[str] = frozenset()) -> list[Problem]:
    """Every problem with script ids, replies and situations' first lines, each at its place; an id
    defined in a file that failed its own checks (`broken_ids`) counts as a line."""
    problems: list[Problem] = []
    lines = Lines(handbook)
    taken = set(handbook.items) | {i for p in handbook.playbooks.values() for i in _other_ids(p)}
    seen: dict[str, SpokenLine] = {}

    def report(playbook: LoadedPlaybook, loc: Loc, message: str) -> None:
        problems.append(Problem(playbook.path, *playbook.doc.position(loc), message))

    for line in lines.all:
        if line.id is None:
            continue
        if line.id in seen:
            first = seen[line.id]
            report(line.playbook, (*line.loc, "id"), f"line id '{line.id}' is already used at "
                   f"{_at(first.playbook, (*first.loc, 'id'))}; ids are unique across the handbook, choose another")
        elif line.id in taken:
            report(line.playbook, (*line.loc, "id"), f"line id '{line.id}' is already the id of an item, "
                   "question or step; ids are unique across the handbook, choose another")
        else:
            seen[line.id] = line
    for line in lines.all:
        for message in spoken_problems(line.script.say):
            report(line.playbook, (*line.loc, "say"), message)
        for k, reply in enumerate(line.script.replies):
            error = None if reply.next in broken_ids else _names_a_line(lines, reply.next, needs_words=False)
            if error:
                report(line.playbook, (*line.loc, "replies", k, "next"), error)
    for playbook, i, situation in _defined_situations(handbook):
        if situation.id in RESERVED_SITUATION_PAGES:
            report(playbook, ("situations", i, "id"), f"situation id '{situation.id}' is reserved: its page "
                   "would replace the generated page situations/" + situation.id + "; choose another")
        if situation.first_line not in broken_ids:
            error = _names_a_line(lines, situation.first_line, needs_words=True)
            if error:
                report(playbook, ("situations", i, "first_line"), error)
    return problems


def spoken_problems(say: str) -> list[str]:
    """What keeps a line from being said out loud: too many words, or more than one question."""
    problems = []
    words = len(say.split())
    if words > MAX_SPOKEN_WORDS:
        problems.append(f"a line to say has at most {MAX_SPOKEN_WORDS} words, and this one has {words}; "
                        "say it as you would out loud to a peer, and move the rest to the pattern's body")
    questions = say.count("?")
    if questions > 1:
        problems.append(f"a line to say asks one question at a time, and this one asks {questions}; keep the "
                        "question you need the answer to first, and let a reply lead to the next")
    return problems


def _names_a_line(lines: Lines, target_id: str, *, needs_words: bool) -> str | None:
    target = lines.target(target_id)
    if target is None:
        known = [*lines.by_id, *(r.item.id for r in lines.handbook.of_kind(KIND_BY_FIELD["patterns"]))]
        close = difflib.get_close_matches(target_id, known, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else "; give the script an 'id', or name a pattern"
        return f"{shown(target_id)} names no line to say (a script's 'id') or framing pattern in the handbook{hint}"
    if needs_words and target.line is None:
        return (f"pattern '{target_id}' has no line to say; name one of its scripts' ids, or give it "
                "'scripts' with a line")
    return None


def _defined_situations(handbook: Handbook) -> Iterator[tuple[LoadedPlaybook, int, Any]]:
    for playbook in handbook.ordered():
        for i, entry in enumerate(playbook.model.situations):
            if not isinstance(entry, str):
                yield playbook, i, entry


def _other_ids(playbook: LoadedPlaybook) -> Iterator[str]:
    yield from (q.id for q in playbook.model.faq)
    yield from (s.id for s in playbook.model.stories if not isinstance(s, str))
    yield from (t.id for t in playbook.model.terms)
    if playbook.model.experiment:
        yield from (s.id for s in playbook.model.experiment.steps)


def _at(playbook: LoadedPlaybook, loc: Loc) -> str:
    line, col = playbook.doc.position(loc)
    return f"{playbook.path}:{line}:{col}"


@dataclass
class Step:
    """One stop of a conversation's map: a line to say (or a pattern to try), and the replies."""

    number: int
    target: Target
    replies: list[tuple[str, Step | None, Target]] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return self.target.id

    @property
    def line(self) -> SpokenLine | None:
        return self.target.line

    @property
    def pattern(self) -> Item | None:
        """The pattern this step belongs to: the one named, or the owner of the line if a pattern."""
        if self.target.pattern is not None:
            return self.target.pattern
        line = self.target.line
        return line.owner if line is not None and line.kind == "patterns" else None


def conversation(lines: Lines, start: str, limit: int = MAP_STEPS) -> list[Step]:
    """The map from the line `start` names: each line once, breadth first, at most `limit` lines;
    a reply leading past them keeps its target but no step. Empty when `start` names nothing."""
    first = lines.target(start)
    if first is None:
        return []
    steps = [Step(1, first)]
    by_id = {first.id: steps[0]}
    for step in steps:  # grows as it goes
        line = step.line
        if line is None:
            continue
        for reply in line.script.replies:
            target = lines.target(reply.next)
            if target is None:
                continue
            following = by_id.get(target.id)
            if following is None and len(steps) < limit:
                following = Step(len(steps) + 1, target)
                steps.append(following)
                by_id[target.id] = following
            step.replies.append((reply.they_say, following, target))
    return steps
