"""`handbook ids`: every shared item a contributor can use by id, by kind, with its title and one line."""

from __future__ import annotations

from handbook.check.handbook import ItemRecord
from handbook.problems import visible
from handbook.schema.models import KINDS

WIDTH = 110


def one_line(record: ItemRecord) -> str:
    """What the item is about, in one line: its summary, else who made it, else its first phrase."""
    item = record.item
    for name in ("summary", "author", "adds"):
        value = getattr(item, name, None)
        if isinstance(value, str) and value:
            return " ".join(value.split())
    phrases = getattr(item, "phrases", [])
    return f"also: {', '.join(phrases)}" if phrases else ""


def matches(record: ItemRecord, word: str) -> bool:
    """Whether `word` (any case) is in the item's id, title, line or phrases."""
    texts = [record.item.id, record.item.title, one_line(record), *getattr(record.item, "phrases", [])]
    return any(word.lower() in text.lower() for text in texts)


def listing(records: list[ItemRecord], word: str | None = None) -> list[str]:
    """The lines `handbook ids` prints: a heading per kind (with the field that lists it), then each
    item as `id: title`, its line indented below; only the items matching `word` when given."""
    lines: list[str] = []
    for kind in KINDS:
        found = sorted((r for r in records if r.kind is kind and (not word or matches(r, word))),
                       key=lambda r: r.item.id)
        if not found:
            continue
        lines.append(f"{kind.title} (list under '{kind.field}:', e.g. '- {found[0].item.id}')")
        for record in found:
            lines.append(visible(f"  {record.item.id}: {record.item.title}"))
            about = one_line(record)
            if about:
                about = about if len(about) <= WIDTH else about[:WIDTH - 3] + "..."
                lines.append(visible(f"      {about}"))
    return lines
