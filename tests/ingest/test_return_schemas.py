"""The force data return schemas: valid Frictionless Table Schema using only what openpeel supports,
fully described, and documented in docs/force-returns.md exactly as rendered."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from openpeel.cli.synth import app
from openpeel.ingest.returns_docs import RETURNS_DIR, TABLES, field_names, load_return_schemas
from openpeel.synth.docs import DOCS_PATH, render_document

TYPES = {"string", "integer", "number", "boolean", "date", "datetime"}
CONSTRAINTS = {"required", "enum", "minimum", "maximum", "pattern"}
# openpeel:timezone says a datetime is UK clock time (the loader stores it as an instant).
FIELD_KEYS = {
    "name",
    "title",
    "type",
    "description",
    "format",
    "constraints",
    "trueValues",
    "falseValues",
    "openpeel:timezone",
}
SCHEMA_KEYS = {"name", "title", "description", "fields", "primaryKey", "foreignKeys", "missingValues"}
SNAKE = re.compile(r"[a-z][a-z0-9]*(_[a-z0-9]+)*")
PYTHON_TYPE = {"string": str, "integer": int, "number": (int, float)}

SCHEMAS = load_return_schemas()


def test_one_schema_file_per_table_and_each_is_valid_json():
    files = sorted(RETURNS_DIR.glob("*.schema.json"))
    assert sorted(p.name for p in files) == sorted(f"{t}.schema.json" for t in TABLES)
    for path in files:
        assert json.loads(path.read_text(encoding="utf-8"))["name"] == path.name.removesuffix(".schema.json")


@pytest.mark.parametrize("table", TABLES)
def test_schema_is_described_and_keyed(table):
    schema = SCHEMAS[table]
    assert set(schema) <= SCHEMA_KEYS, set(schema) - SCHEMA_KEYS
    assert schema["title"].strip() and len(schema["description"]) > 40
    names = field_names(table)
    assert len(names) == len(set(names)), "field names repeat"
    assert schema["primaryKey"] and set(schema["primaryKey"]) <= set(names)
    for key in schema["primaryKey"]:
        field = schema["fields"][names.index(key)]
        assert field["constraints"]["required"] is True, f"primary key {key} must be required"
    assert schema["missingValues"] == [""]


@pytest.mark.parametrize("table", TABLES)
def test_fields_use_only_supported_types_and_constraints(table):
    for field in SCHEMAS[table]["fields"]:
        where = f"{table}.{field['name']}"
        assert set(field) <= FIELD_KEYS, f"{where}: {set(field) - FIELD_KEYS}"
        assert SNAKE.fullmatch(field["name"]), where
        assert field["title"].strip() and field["description"].strip(), where
        assert field["type"] in TYPES, where
        constraints = field.get("constraints", {})
        assert set(constraints) <= CONSTRAINTS, f"{where}: {set(constraints) - CONSTRAINTS}"
        if field["type"] in ("date", "datetime"):
            assert field["format"] == "default", where
        else:
            assert "format" not in field, where
        if field["type"] == "boolean":
            assert field["trueValues"] == ["true"] and field["falseValues"] == ["false"], where
        if "enum" in constraints:
            assert constraints["enum"] and all(isinstance(v, PYTHON_TYPE[field["type"]]) for v in constraints["enum"])
        for bound in ("minimum", "maximum"):
            if bound in constraints:
                assert field["type"] in ("integer", "number"), where
                assert isinstance(constraints[bound], int | float), where
        if "pattern" in constraints:
            assert field["type"] == "string", where
            # Whole-value matching is implied (XML Schema style): anchors would be literal characters there.
            assert not constraints["pattern"].startswith("^") and not constraints["pattern"].endswith("$")
            re.compile(constraints["pattern"])


@pytest.mark.parametrize("table", [t for t in TABLES if SCHEMAS[t].get("foreignKeys")])
def test_foreign_keys_refer_to_a_key_of_another_return(table):
    for fk in SCHEMAS[table]["foreignKeys"]:
        assert set(fk["fields"]) <= set(field_names(table))
        ref = fk["reference"]
        assert ref["resource"] in TABLES
        assert ref["fields"] == SCHEMAS[ref["resource"]]["primaryKey"]


def test_offence_code_pattern_takes_real_home_office_codes():
    pattern = next(f for f in SCHEMAS["investigations"]["fields"] if f["name"] == "offence_code")
    pattern = pattern["constraints"]["pattern"]
    for code in ("8N", "105A", "1", "37.2", "4.10", "28E", "92E"):
        assert re.fullmatch(pattern, code), code
    for bad in ("", "8n", "ABC", "1/4.1", "12345"):
        assert not re.fullmatch(pattern, bad), bad


def test_docs_are_up_to_date():
    assert DOCS_PATH.read_text(encoding="utf-8") == render_document(), (
        "docs/force-returns.md is stale: run `openpeel synth docs`"
    )


def test_docs_name_every_field_and_the_calibration_sources():
    text = render_document()
    for table in TABLES:
        assert f"(`{table}`)" in text
        for name in field_names(table):
            assert f"`{name}`" in text
    calibration = text.split("## Calibration", 1)[1]
    assert "DOMAIN.md" in calibration and "***assumed***" in calibration and "derived" in calibration


def test_synth_docs_command_writes_the_rendering(tmp_path):
    target = tmp_path / "returns.md"
    result = CliRunner().invoke(app, ["docs", "--output", str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_text(encoding="utf-8") == render_document()
