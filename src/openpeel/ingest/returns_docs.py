"""The force data return schemas (Frictionless Table Schema v1) and their Markdown rendering.

The JSON files in schemas/returns/ are the single definition of each return: the synthetic generator
writes its columns from them, and docs/force-returns.md is rendered from them (a test keeps the two
equal, so the documentation cannot drift from the schemas).
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

from openpeel.errors import DataFileError

RETURNS_DIR = Path(__file__).parent / "schemas" / "returns"
# The order tables are documented and generated in: calls lead to incidents, crimes to reviews.
TABLES = (
    "contact",
    "incidents",
    "investigations",
    "supervisory_reviews",
    "victim_contacts",
    "sex_offenders",
    "workforce",
)
CONSTRAINTS = ("required", "enum", "minimum", "maximum", "pattern")


@functools.cache
def load_return_schemas() -> dict[str, dict[str, Any]]:
    """Every return schema by table name, in TABLES order. Read once per process."""
    found = {p.name.removesuffix(".schema.json") for p in RETURNS_DIR.glob("*.schema.json")}
    if found != set(TABLES):
        raise DataFileError(RETURNS_DIR, f"expected schemas for {sorted(TABLES)}, found {sorted(found)}")
    schemas = {}
    for name in TABLES:
        path = RETURNS_DIR / f"{name}.schema.json"
        try:
            schemas[name] = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as e:
            raise DataFileError(path, f"not valid JSON: {e.msg}", line=e.lineno) from None
        if schemas[name].get("name") != name:
            raise DataFileError(path, "schema name differs from the file name", field="name")
    return schemas


def field_names(table: str) -> list[str]:
    """The columns of a return, in the order they must appear."""
    return [f["name"] for f in load_return_schemas()[table]["fields"]]


def _cell(text: object) -> str:
    # A pipe would split the Markdown table cell.
    return str(text).replace("|", "\\|")


def _constraints(field: dict[str, Any]) -> str:
    c = field.get("constraints", {})
    parts = []
    if "enum" in c:
        parts.append("one of " + ", ".join(f"`{v}`" for v in c["enum"]))
    if "minimum" in c:
        parts.append(f"≥ {c['minimum']}")
    if "maximum" in c:
        parts.append(f"≤ {c['maximum']}")
    if "pattern" in c:
        parts.append(f"matches `{c['pattern']}`")
    if field["type"] == "boolean":
        parts.append("`true` / `false`")
    return "; ".join(parts)


def _section(schema: dict[str, Any]) -> list[str]:
    lines = [
        f"## {schema['title']} (`{schema['name']}`)",
        "",
        schema["description"],
        "",
        f"File: `{schema['name']}.csv` (or `.parquet`). "
        f"Primary key: {', '.join(f'`{k}`' for k in schema['primaryKey'])}.",
    ]
    for fk in schema.get("foreignKeys", []):
        ref = fk["reference"]
        lines.append(
            f"Foreign key: `{', '.join(fk['fields'])}` refers to `{ref['resource']}.{', '.join(ref['fields'])}`."
        )
    lines += [
        "",
        "| # | field | type | required | constraints | description |",
        "|---|---|---|---|---|---|",
    ]
    for i, field in enumerate(schema["fields"], 1):
        required = "yes" if field.get("constraints", {}).get("required") else ""
        lines.append(
            f"| {i} | `{field['name']}` | {field['type']} | {required} | {_cell(_constraints(field))} "
            f"| {_cell(field['title'])}: {_cell(field['description'])} |"
        )
    return [*lines, ""]


PREAMBLE = """\
# Force data returns

The data returns the inspectorate asks each force for, one table per return. Each table is defined by a
Frictionless Table Schema (v1) in `src/openpeel/ingest/schemas/returns/`; this page is rendered from those
files by `openpeel synth docs`, and a test fails if it is out of date. `openpeel synth run` writes
synthetic returns in exactly these formats.

Conventions for every CSV return: UTF-8, LF line ends, a header row of the field names in the order
below, one folder per force (the force is not a column). An empty cell is a missing value. Dates are
`YYYY-MM-DD`; date-times are local UK time (GMT or BST) without offset, `YYYY-MM-DDTHH:MM:SS`; booleans
are `true` / `false`. A pattern must match the whole value.
"""


def render_schemas() -> str:
    """Markdown for every return schema: a section per table with its fields."""
    lines = [PREAMBLE]
    for schema in load_return_schemas().values():
        lines += _section(schema)
    return "\n".join(lines)
