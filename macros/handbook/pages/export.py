"""The handbook as data: `/api/handbook.json`, for tools that use the content without scraping pages.

Every playbook and every item, with its id, kind, fields, page address and the playbooks that use
it, under a format version; `export_schema()` is the JSON Schema the export validates against,
published beside it. Addresses are relative to the site's root, as the site serves them.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from handbook.check.handbook import Handbook, ItemRecord, LoadedPlaybook
from handbook.pages.layout import Layout
from handbook.pages.printing import content_version
from handbook.schema.jsonschema import draft_7, schema_text
from handbook.schema.models import KINDS
from handbook.schema.names import Audience

FORMAT_VERSION = 1
API_FILE = "api/handbook.json"
SCHEMA_FILE = "schema/handbook-export.schema.json"


class _Closed(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ExportedItem(_Closed):
    """One shared item: a situation, motivator, framing pattern, anti-pattern, case, exercise,
    reference or source."""

    id: str = Field(description="Its id, unique across the handbook and stable across versions.")
    kind: str = Field(description="Which kind of item: the playbook field that lists it.")
    title: str = Field(description="Its title.")
    fields: dict[str, Any] = Field(description="Every other field, as the playbook schema defines it "
                                               "(docs/schema/playbook.schema.json).")
    url: str = Field(description="Where it is written out, relative to the site's root.")
    defined_in: str = Field(description="The id of the playbook that defines it.")
    used_by: list[str] = Field(description="The ids of the playbooks that use it, in reading order.")


class ExportedQuestion(_Closed):
    id: str
    question: str
    answer: str
    sources: list[str]
    url: str


class ExportedPlaybook(_Closed):
    """One playbook: its own fields and, by kind, the ids of the items it uses."""

    id: str = Field(description="Its id: the name of its file.")
    title: str
    summary: str
    order: int = Field(description="Its place in the reading order; lower comes first.")
    audience: list[Audience]
    tags: list[str]
    url: str = Field(description="Its page, relative to the site's root.")
    items: dict[str, list[str]] = Field(description="For each kind, the ids of the items it uses, in its order.")
    experiment: dict[str, Any] | None = Field(description="Its two-week plan, if it has one.")
    faq: list[ExportedQuestion]


class Export(_Closed):
    """The whole handbook as data."""

    format_version: int = Field(description="Raised when a field changes meaning or goes away; "
                                            "new fields may appear without it.")
    content_version: str = Field(description="A fingerprint of the playbooks: the same content, the same value.")
    kinds: list[str] = Field(description="Every kind of item, in the order pages show them.")
    playbooks: list[ExportedPlaybook] = Field(description="Every playbook, in reading order.")
    items: list[ExportedItem] = Field(description="Every item, by kind, then by title.")


def item_url(record: ItemRecord, layout: Layout) -> str:
    """Where an item is written out: an exercise has a page; a situation is an entry of the
    situations index; every other item is on its home playbook's page."""
    if record.kind.field == "exercises":
        return f"exercises/{record.item.id}/"
    if record.kind.field == "situations":
        path, fragment = str(layout.entry(record.item.id)).split("#", 1)
        page = path.removesuffix("index.md") if path.endswith("index.md") else path.removesuffix(".md") + "/"
        return f"{page}#{fragment}"
    return f"playbooks/{record.defined_in}/#{record.item.id}"


def export_text(handbook: Handbook, layout: Layout) -> str:
    """The handbook as the text of /api/handbook.json, in the shape of `Export` (tests validate it
    against its schema); `layout` is the pages' own."""
    return _json({"format_version": FORMAT_VERSION, "content_version": content_version(handbook),
                  "kinds": [kind.field for kind in KINDS],
                  "playbooks": [_playbook(p, handbook) for p in handbook.ordered()],
                  "items": [_item(record, handbook, layout) for kind in KINDS for record in handbook.of_kind(kind)]}
                 ) + "\n"


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _item(record: ItemRecord, handbook: Handbook, layout: Layout) -> dict[str, Any]:
    item = record.item
    return {"id": item.id, "kind": record.kind.field, "title": item.title,
            "fields": item.model_dump(mode="json", exclude={"id", "title"}), "url": item_url(record, layout),
            "defined_in": record.defined_in, "used_by": [p.id for p in handbook.used_by(item.id)]}


def _playbook(playbook: LoadedPlaybook, handbook: Handbook) -> dict[str, Any]:
    model = playbook.model
    url = f"playbooks/{playbook.id}/"
    return {
        "id": playbook.id, "title": model.title, "summary": model.summary, "order": model.order,
        "audience": list(model.audience), "tags": list(model.tags), "url": url,
        "items": {kind.field: [item.id for item in playbook.items(kind, handbook)] for kind in KINDS},
        "experiment": model.experiment.model_dump(mode="json") if model.experiment else None,
        "faq": [{"id": q.id, "question": q.question, "answer": q.answer, "sources": list(q.sources),
                 "url": f"{url}#{q.id}"} for q in model.faq],
    }


def export_schema() -> dict[str, Any]:
    """The JSON Schema of the export, draft 7 like the playbook schema."""
    return draft_7(Export, "handbook-export.schema.json")


def export_schema_text() -> str:
    """The export schema as the text of the committed and published file."""
    return schema_text(export_schema())
