"""`handbook ids`: everything a contributor can use by id, by kind, with its title and one line: the
shared items, the lines to say (for a situation's `first_line` or a reply's `next`) and the stories."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from handbook.check.handbook import ItemRecord, LoadedPlaybook
from handbook.problems import visible
from handbook.schema.models import KINDS

WIDTH = 110


@dataclass(frozen=True)
class Reusable:
    """One thing a playbook can name by its id."""

    id: str
    title: str
    line: str
    words: tuple[str, ...] = ()  # more words a search finds it by


@dataclass(frozen=True)
class Group:
    """The reusable things of one kind, and where a playbook names them."""

    name: str
    where: str  # e.g. "list under 'motivators:'"
    example: str  # how to write one, with '{id}' for the first's id
    entries: list[Reusable]


def one_line(record: ItemRecord) -> str:
    """What the item is about, in one line: its summary, else who made it, else its first phrase."""
    item = record.item
    for name in ("summary", "author", "adds"):
        value = getattr(item, name, None)
        if isinstance(value, str) and value:
            return " ".join(value.split())
    phrases = getattr(item, "phrases", [])
    return f"also: {', '.join(phrases)}" if phrases else ""


def reusable_groups(records: list[ItemRecord], playbooks: Iterable[LoadedPlaybook]) -> list[Group]:
    """The shared items by kind, then the lines to say that have an id, then the stories."""
    groups = [Group(kind.title, f"list under '{kind.field}:'", "- {id}",
                    [Reusable(r.item.id, r.item.title, one_line(r), tuple(getattr(r.item, "phrases", [])))
                     for r in records if r.kind is kind]) for kind in KINDS]
    lines, stories = [], []
    for playbook in playbooks:
        for kind in ("patterns", "exercises"):
            for entry in getattr(playbook.model, kind):
                if not isinstance(entry, str):
                    lines += [Reusable(s.id, s.when, " ".join(s.say.split())) for s in entry.scripts if s.id]
        stories += [Reusable(s.id, s.title, " ".join(s.setting.split())) for s in playbook.model.stories
                    if not isinstance(s, str)]
    groups.append(Group("Lines to say", "name in a situation's 'first_line' or a reply's 'next'", "first_line: {id}",
                        lines))
    groups.append(Group("Stories", "list under 'stories:'", "- {id}", stories))
    return groups


def matches(entry: Reusable, word: str) -> bool:
    """Whether `word` (any case) is in the entry's id, title, line or other words."""
    return any(word.lower() in text.lower() for text in (entry.id, entry.title, entry.line, *entry.words))


def listing(groups: list[Group], word: str | None = None) -> list[str]:
    """The lines `handbook ids` prints: a heading per kind (with where a playbook names it), then each
    entry as `id: title`, its line indented below; only the entries matching `word` when given."""
    lines: list[str] = []
    for group in groups:
        found = sorted((e for e in group.entries if not word or matches(e, word)), key=lambda e: e.id)
        if not found:
            continue
        lines.append(f"{group.name} ({group.where}, e.g. '{group.example.format(id=found[0].id)}')")
        for entry in found:
            lines.append(visible(f"  {entry.id}: {entry.title}"))
            if entry.line:
                about = entry.line if len(entry.line) <= WIDTH else entry.line[:WIDTH - 3] + "..."
                lines.append(visible(f"      {about}"))
    return lines
