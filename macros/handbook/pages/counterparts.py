"""Who stands across from the reader in each situation, and the order that gives the situations:
by counterpart (a peer, another team, your own team, yourself), then as the reading path meets them.

The home page, the situations page and the situation pages all list situations in this order.
"""

from __future__ import annotations

from dataclasses import dataclass

from handbook.check.handbook import Handbook, ItemRecord
from handbook.schema.models import KIND_BY_FIELD
from handbook.schema.names import ACROSS_NAMES

OTHER = ("other", "Other situations")


@dataclass(frozen=True)
class Counterpart:
    """One group of situations: whoever stands across from the reader in them."""

    key: str  # an id: peer, another-team, own-team, yourself or other
    label: str
    situations: list[ItemRecord]


def ordered_situations(handbook: Handbook) -> list[ItemRecord]:
    """Every situation once, grouped by counterpart in ACROSS_NAMES's order (those without one last), then
    by the reading order of the playbook that defines it, then as that playbook lists them."""
    rank = {p.id: n for n, p in enumerate(handbook.ordered())}
    groups = {key: n for n, key in enumerate(ACROSS_NAMES)}
    place: dict[str, int] = {}
    for playbook in handbook.ordered():
        for n, entry in enumerate(playbook.model.situations):
            place.setdefault(entry if isinstance(entry, str) else entry.id, n)
    records = handbook.of_kind(KIND_BY_FIELD["situations"])
    return sorted(records, key=lambda r: (groups.get(getattr(r.item, "across", None) or "", len(groups)),
                                          rank[r.defined_in], place.get(r.item.id, 0)))


def counterparts(records: list[ItemRecord]) -> list[Counterpart]:
    """`records` (in `ordered_situations` order) cut into their groups, empty groups left out."""
    found: dict[str, list[ItemRecord]] = {}
    for record in records:
        found.setdefault(getattr(record.item, "across", None) or OTHER[0], []).append(record)
    labels = {**ACROSS_NAMES, OTHER[0]: OTHER[1]}
    return [Counterpart(key, labels[key], found[key]) for key in labels if key in found]
