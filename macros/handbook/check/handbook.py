"""The checked handbook: every playbook and every shared item, with the links between them."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from handbook.check.repeats import prose_sentences
from handbook.check.stories import StoryRecord, story_index
from handbook.problems import shown
from handbook.schema.items import EDITORS, Item
from handbook.schema.models import KIND_BY_FIELD, KINDS, Kind, Playbook
from handbook.source.yamlsource import Document, Loc


@dataclass
class LoadedPlaybook:
    """A checked playbook, its id (the file stem) and where it came from."""

    id: str
    path: str
    model: Playbook
    doc: Document = field(kw_only=True)
    digest: str = ""  # sha256 of the file's bytes: what the content version is made of
    file: Path | None = field(default=None, kw_only=True)  # the file read, for blame

    def describe(self, loc: Loc) -> str:
        """The item, question or step that holds `loc`, in words: "the anti-pattern 'Asking late'"."""
        field_name, index = (*loc, None, None)[:2]
        if field_name in KIND_BY_FIELD and isinstance(index, int):
            entry = getattr(self.model, str(field_name))[index]
            if not isinstance(entry, str):
                return f"the {KIND_BY_FIELD[str(field_name)].singular} {shown(entry.title)}"
        if field_name == "faq" and isinstance(index, int):
            return f"the question {shown(self.model.faq[index].question)}"
        experiment = self.model.experiment
        if field_name == "experiment" and experiment is not None:
            if index == "steps" and len(loc) > 2 and isinstance(loc[2], int):
                return f"the experiment step {shown(experiment.steps[loc[2]].title)}"
            return f"the experiment {shown(experiment.title)}"
        return f"the playbook {shown(self.model.title)}"

    @cached_property
    def prose(self) -> list[tuple[Loc, str]]:
        """The sentences of its prose, for the said-twice check."""
        return prose_sentences(self.doc.data)

    def items(self, kind: Kind, handbook: Handbook) -> list[Item]:
        """The items of one kind this playbook uses, defined here or elsewhere, in its order."""
        return [handbook.items[entry if isinstance(entry, str) else entry.id].item
                for entry in getattr(self.model, kind.field)]

    def credits(self) -> list[tuple[Loc, Kind | None, Any]]:
        """Each item (of its kind) and question (kind None) this playbook defines that names the
        sources it draws on, with where it stands in the file."""
        found: list[tuple[Loc, Kind | None, Any]] = [
            ((kind.field, i), kind, entry) for kind in KINDS
            for i, entry in enumerate(getattr(self.model, kind.field))
            if not isinstance(entry, str) and getattr(entry, "sources", None)]
        return found + [(("faq", i), None, q) for i, q in enumerate(self.model.faq) if q.sources]


@dataclass
class ItemRecord:
    """A shared item, the kind it is, and the playbook that defines it."""

    item: Item
    kind: Kind = field(kw_only=True)
    defined_in: str = field(kw_only=True)
    used_by: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Credit:
    """An item (of `kind`) or a question (`kind` None) that draws on a source, and where it is defined."""

    kind: Kind | None
    item: Any
    playbook: str


@dataclass
class Handbook:
    """Every playbook and every shared item, with the links between them.

    A handbook is not changed once loaded, so each ordering and lookup is computed once: the
    pages ask for them per item, and recomputing made page generation quadratic.
    """

    playbooks: dict[str, LoadedPlaybook]
    items: dict[str, ItemRecord]

    @cached_property
    def _reading_order(self) -> list[LoadedPlaybook]:
        return sorted(self.playbooks.values(), key=lambda p: (p.model.order, p.id))

    @cached_property
    def _rank(self) -> dict[str, int]:
        return {p.id: rank for rank, p in enumerate(self._reading_order)}

    @cached_property
    def _by_kind(self) -> dict[str, list[ItemRecord]]:
        by_kind: dict[str, list[ItemRecord]] = {kind.field: [] for kind in KINDS}
        for record in sorted(self.items.values(), key=lambda r: r.item.title.lower()):
            by_kind[record.kind.field].append(record)
        return by_kind

    @cached_property
    def _practised(self) -> dict[str, list[ItemRecord]]:
        practised: dict[str, list[ItemRecord]] = {}
        for record in self._by_kind["exercises"]:
            for target in record.item.practises:  # type: ignore[attr-defined]
                practised.setdefault(target, []).append(record)
        return practised

    def ordered(self) -> list[LoadedPlaybook]:
        """The playbooks in reading order."""
        return list(self._reading_order)

    def of_kind(self, kind: Kind) -> list[ItemRecord]:
        """Every item of one kind, by title."""
        return list(self._by_kind[kind.field])

    @cached_property
    def _users(self) -> dict[str, tuple[LoadedPlaybook, ...]]:
        rank = self._rank
        return {item_id: tuple(self.playbooks[p] for p in sorted(record.used_by, key=rank.__getitem__))
                for item_id, record in self.items.items()}

    def used_by(self, item_id: str) -> tuple[LoadedPlaybook, ...]:
        """The playbooks that use an item, in reading order. An item shared by every playbook is
        asked for on every page, so the answer is made once, not sorted and copied each time."""
        return self._users[item_id]

    def practised_by(self, item_id: str) -> tuple[ItemRecord, ...]:
        """The exercises that practise a motivator or pattern, by title."""
        return tuple(self._practised.get(item_id, ()))

    @cached_property
    def _credited(self) -> dict[str, list[Credit]]:
        credited: dict[str, list[Credit]] = {}
        for playbook in self._reading_order:
            for _, kind, entry in playbook.credits():
                # 'The handbook adds' is credited to the editors, so the item is listed under them too.
                adds = [EDITORS] if getattr(entry, "handbook_adds", None) and EDITORS not in entry.sources else []
                for source_id in [*entry.sources, *adds]:
                    credited.setdefault(source_id, []).append(Credit(kind, entry, playbook.id))
        return credited

    @cached_property
    def stories(self) -> dict[str, StoryRecord]:
        """Every story by id, with the playbook that defines it."""
        return story_index(self)

    @cached_property
    def _answering(self) -> dict[str, list[StoryRecord]]:
        answering: dict[str, list[StoryRecord]] = {}
        for record in self.stories.values():
            for situation_id in dict.fromkeys(record.story.situations):
                answering.setdefault(situation_id, []).append(record)
        return answering

    def stories_answering(self, situation_id: str) -> list[StoryRecord]:
        """The stories that answer a situation, in the order of `stories` (each page asked every
        story before: a cost that grew with the square of the playbooks)."""
        return list(self._answering.get(situation_id, []))

    def credited_by(self, source_id: str) -> list[Credit]:
        """Every item and question that names a source as drawn on, by playbook in reading order."""
        return list(self._credited.get(source_id, []))
