"""The handbook as data: /api/handbook.json, checked against its published schema and the built site."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urldefrag

import jsonschema

from handbook.check.loader import load_handbook
from handbook.pages.export import export_schema_text
from handbook.schema.models import KINDS
from tests.conftest import ROOT
from tests.pages import read_page

SCHEMA = ROOT / "docs" / "schema" / "handbook-export.schema.json"


def exported(site: Path) -> dict:  # type: ignore[type-arg]
    return json.loads((site / "api" / "handbook.json").read_text(encoding="utf-8"))


def test_the_committed_export_schema_is_the_one_the_code_gives() -> None:
    assert SCHEMA.read_text() == export_schema_text(), "run: .venv/bin/handbook schema --export > " + str(SCHEMA)


def test_the_export_validates_against_its_published_schema(real_site: Path) -> None:
    schema = json.loads((real_site / "schema" / "handbook-export.schema.json").read_text())
    jsonschema.Draft7Validator.check_schema(schema)
    jsonschema.Draft7Validator(schema).validate(exported(real_site))


def test_the_export_holds_every_playbook_and_item_with_its_users(real_site: Path) -> None:
    data = exported(real_site)
    handbook = load_handbook(ROOT / "playbooks", display_root=ROOT)
    assert data["format_version"] == 1 and data["kinds"] == [kind.field for kind in KINDS]
    assert [p["id"] for p in data["playbooks"]] == [p.id for p in handbook.ordered()]
    assert {i["id"] for i in data["items"]} == set(handbook.items)
    for item in data["items"]:
        record = handbook.items[item["id"]]
        assert item["kind"] == record.kind.field and item["defined_in"] == record.defined_in
        assert item["used_by"] == [p.id for p in handbook.used_by(item["id"])]
        assert "id" not in item["fields"] and item["title"] == record.item.title
    for playbook in data["playbooks"]:
        model = handbook.playbooks[playbook["id"]]
        for kind in KINDS:
            assert playbook["items"][kind.field] == [i.id for i in model.items(kind, handbook)]


def test_every_address_in_the_export_resolves_in_the_site(real_site: Path) -> None:
    data = exported(real_site)
    addresses = [p["url"] for p in data["playbooks"]] + [i["url"] for i in data["items"]]
    addresses += [q["url"] for p in data["playbooks"] for q in p["faq"]]
    assert len(addresses) > 150
    for address in addresses:
        path, fragment = urldefrag(address)
        assert not path.startswith(("/", "http")), address
        page = read_page(real_site, "/" + path)
        assert not fragment or fragment in page.ids, address
