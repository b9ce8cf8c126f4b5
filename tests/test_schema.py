"""The schema, in every form it takes: the committed JSON Schema, the scaffold, the field reference."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml

from handbook.schema.items import EDITORS
from handbook.schema.jsonschema import (
    FIRST_PLAYBOOK,
    OPTIONAL_PARTS,
    SCHEMA_FILE,
    field_rows,
    json_schema,
    json_schema_text,
    scaffold,
)
from handbook.schema.models import MODELS, Playbook
from tests.conftest import FIXTURES, ROOT
from tests.pages import read_page

PUBLISHED = ROOT / "docs" / SCHEMA_FILE
PLAYBOOKS = sorted((ROOT / "playbooks").glob("*.yaml")) + sorted((FIXTURES / "playbooks").glob("*.yaml"))


def test_the_committed_schema_is_the_one_the_models_give() -> None:
    assert PUBLISHED.read_text() == json_schema_text(), "run: .venv/bin/handbook schema > docs/" + SCHEMA_FILE


def test_the_schema_is_draft_7_without_defs() -> None:
    schema = json_schema()
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert "$defs" not in json.dumps(schema)
    jsonschema.Draft7Validator.check_schema(schema)


@pytest.mark.parametrize("path", PLAYBOOKS, ids=lambda p: p.name)
def test_every_playbook_validates_against_the_published_schema(path: Path) -> None:
    schema = json.loads(PUBLISHED.read_text())
    jsonschema.Draft7Validator(schema).validate(yaml.safe_load(path.read_text()))


@pytest.mark.parametrize("path", PLAYBOOKS, ids=lambda p: p.name)
def test_every_playbook_points_its_editor_at_the_schema(path: Path) -> None:
    first = path.read_text().splitlines()[0]
    match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
    assert match, first
    assert (path.parent / match.group(1)).resolve() == PUBLISHED.resolve()


def test_the_published_schema_rejects_a_misspelt_field() -> None:
    schema = json.loads(PUBLISHED.read_text())
    data = yaml.safe_load((FIXTURES / "playbooks" / "asking-peers.yaml").read_text())
    data["motivatrs"] = data.pop("motivators")
    errors = list(jsonschema.Draft7Validator(schema).iter_errors(data))
    assert any("motivatrs" in error.message for error in errors)



def test_the_published_schema_refuses_an_item_credited_in_two_voices() -> None:
    # As the checker does (items._one_voice): a source's item or the handbook's own, never both.
    validator = jsonschema.Draft7Validator(json.loads(PUBLISHED.read_text()))
    data = yaml.safe_load((FIXTURES / "playbooks" / "asking-peers.yaml").read_text())
    index, motivator = next((i, m) for i, m in enumerate(data["motivators"]) if isinstance(m, dict))
    posts = list(motivator["sources"])
    assert posts and EDITORS not in posts
    for alone in ([EDITORS], posts):
        motivator["sources"] = alone
        assert not list(validator.iter_errors(data)), alone
    motivator["sources"] = [*posts, EDITORS]
    errors = list(validator.iter_errors(data))
    # The entry is a motivator or an id, so the editor marks the entry, for the reason found at its sources.
    assert [list(error.absolute_path) for error in errors] == [["motivators", index]]
    assert ["motivators", index, "sources"] in [list(cause.absolute_path) for cause in errors[0].context or []]

def every_field() -> set[tuple[str, str]]:
    fields = set()
    for model in MODELS.values():
        fields |= {(model.__name__, name) for name in model.model_fields}
    return fields


def test_the_field_rows_cover_every_model_and_field() -> None:
    assert {(row.model, row.name) for row in field_rows()} == every_field()
    assert all(row.description for row in field_rows())


def test_the_scaffold_writes_what_a_first_playbook_needs_and_each_optional_part_on_request() -> None:
    data = yaml.safe_load(scaffold("new-play", "New play"))
    Playbook.model_validate(data)
    # The required fields, and the optional ones every playbook of the handbook is expected to have.
    expected = {name for name, info in Playbook.model_fields.items() if info.is_required()}
    assert set(data) == expected | {name for model, name in FIRST_PLAYBOOK if model == "Playbook"}
    exercise = data["exercises"][0]
    assert exercise["first_week"] is True and "time" in exercise
    for part in OPTIONAL_PARTS:
        data = yaml.safe_load(scaffold("new-play", "New play", (part,)))
        Playbook.model_validate(data)
        assert part in data


def test_the_field_reference_page_lists_every_field(fixture_site: Path) -> None:
    page = read_page(fixture_site, "/contributing/schema/")
    for model in MODELS.values():
        assert model.__name__.lower() in page.ids
        for name, info in model.model_fields.items():
            assert name in page.text and " ".join((info.description or "").split()) in page.text
    assert (fixture_site / "schema" / "playbook.schema.json").read_text() == PUBLISHED.read_text()


def test_the_contributing_guide_is_a_page_too(fixture_site: Path) -> None:
    page = read_page(fixture_site, "/contributing/")
    assert "Contributing a playbook" in page.text and "handbook new" in page.text
    assert "/contributing/schema/" in page.resolved_links()
