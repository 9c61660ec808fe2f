"""Frictionless Table Schema files turned into DuckDB SQL: the checks a raw text cell must pass, and
the typed value it loads as. Every source openpeel ingests is described by one of these files.

Supported: types string, integer, number, boolean, date, datetime, yearmonth (each with an optional
strftime `format`); constraints required, enum, minimum, maximum, pattern. Anything else is refused,
so a schema never promises a check that is not made.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpeel.errors import DataFileError
from openpeel.ingest.localtime import instant_sql
from openpeel.warehouse.sql import ident, literal

TYPES = {"string", "integer", "number", "boolean", "date", "datetime", "yearmonth"}
CONSTRAINTS = {"required", "enum", "minimum", "maximum", "pattern"}
DEFAULT_FORMAT = {"date": "%Y-%m-%d", "datetime": "%Y-%m-%dT%H:%M:%S", "yearmonth": "%Y-%m"}


@dataclass(frozen=True)
class Check:
    """A rule one raw cell must pass. `ok` is SQL over the raw text column, true when the cell is fine."""

    column: str
    ok: str
    rule: str
    # True when `ok` reads only the row's own cells and its file's context (ctx_*): it is then checked while
    # the file is read. False when it reads other rows (_staged) or other tables: checked after staging.
    own_row: bool = True


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    column: str  # the warehouse column it loads into
    format: str | None
    constraints: dict[str, Any]
    true_values: tuple[str, ...] = ("true",)
    false_values: tuple[str, ...] = ("false",)
    timezone: str | None = None  # a datetime written as local clock time in this zone (openpeel:timezone)

    @property
    def raw(self) -> str:
        return ident(self.name)

    def _parsed(self) -> str:
        """SQL for the typed value, NULL when the text does not parse."""
        v, fmt = self.raw, self.format or DEFAULT_FORMAT.get(self.type, "")  # "": the undated types have none
        match self.type:
            case "string":
                return v
            case "integer":
                return f"TRY_CAST({v} AS BIGINT)"
            case "number":
                return f"TRY_CAST({v} AS DOUBLE)"
            case "boolean":
                trues = ", ".join(map(literal, self.true_values))
                falses = ", ".join(map(literal, self.false_values))
                return f"CASE WHEN {v} IN ({trues}) THEN true WHEN {v} IN ({falses}) THEN false END"
            case "yearmonth":
                return f"CAST(TRY_STRPTIME({v}, {literal(fmt)}) AS DATE)"
            case "date":
                return f"CAST(TRY_STRPTIME({v}, {literal(fmt)}) AS DATE)"
            case "datetime":
                # An offset in the format (%z) gives an instant; without one, local clock time.
                return f"TRY_STRPTIME({v}, {literal(fmt)})"
        raise AssertionError(self.type)

    @property
    def parsed(self) -> str | None:
        """The staging column holding the warehouse value of a field that is not text (computed while the file
        is read, in the same parallel scan as the checks, which share the parsing)."""
        return None if self.type == "string" else ident(f"_parsed_{self.column}")

    def value(self) -> str:
        """SQL for the warehouse value, from the raw text."""
        if self.type == "datetime" and self.timezone:
            # Local clock time to an instant, so that durations across a clock change come out right.
            return instant_sql(self._parsed(), self.timezone)
        return self._parsed()

    def typed(self, staged: bool = False) -> str:
        """SQL for the warehouse value: from the raw text, or the staged value."""
        return f"{self.parsed if staged and self.parsed else self.value()} AS {ident(self.column)}"

    def checks(self) -> list[Check]:
        v, c, out = self.raw, self.constraints, []
        if c.get("required"):
            out.append(Check(self.name, f"{v} IS NOT NULL", "is required"))
        if self.type != "string":
            shown = self.format or DEFAULT_FORMAT.get(self.type)
            what = {
                "integer": "a whole number",
                "number": "a number",
                "boolean": "one of " + ", ".join(self.true_values + self.false_values),
            }.get(self.type, f"a {self.type} written {shown}")
            out.append(Check(self.name, f"{v} IS NULL OR {self._parsed()} IS NOT NULL", f"must be {what}"))
        if "enum" in c:
            values = ", ".join(map(literal, c["enum"]))
            out.append(
                Check(
                    self.name,
                    f"{v} IS NULL OR {v} IN ({values})",
                    "must be one of: " + "; ".join(map(str, c["enum"])),
                )
            )
        for key, op, word in (("minimum", ">=", "at least"), ("maximum", "<=", "at most")):
            if key in c:
                bound = c[key] if self.type in ("integer", "number") else literal(c[key])
                out.append(
                    Check(
                        self.name,
                        f"{self._parsed()} IS NULL OR {self._parsed()} {op} {bound}",
                        f"must be {word} {c[key]}",
                    )
                )
        if "pattern" in c:
            out.append(
                Check(
                    self.name,
                    f"{v} IS NULL OR regexp_full_match({v}, {literal(c['pattern'])})",
                    f"must match the pattern {c['pattern']}",
                )
            )
        return out


@dataclass(frozen=True)
class TableSchema:
    path: Path
    name: str
    title: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...] = ()

    @property
    def header(self) -> list[str]:
        return [f.name for f in self.fields]

    def checks(self) -> list[Check]:
        return [check for f in self.fields for check in f.checks()]

    def typed_columns(self, staged: bool = False) -> str:
        return ", ".join(f.typed(staged) for f in self.fields)

    def parsed_columns(self) -> list[str]:
        """SQL for the staged warehouse values of the fields that are not text."""
        return [f"{f.value()} AS {f.parsed}" for f in self.fields if f.parsed]


def snake(name: str) -> str:
    return "".join(ch if ch.isalnum() else "_" for ch in name.lower()).strip("_")


def load_schema(path: Path) -> TableSchema:
    """Read and check a Table Schema file; a problem names the file and the field."""
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as e:
        raise DataFileError(path, f"not a readable JSON file: {e}") from None
    fields = []
    for i, f in enumerate(raw.get("fields", [])):
        where = f"fields[{i}]"
        if "name" not in f:
            raise DataFileError(path, "every field needs a name", field=where)
        kind = f.get("type", "string")
        if kind not in TYPES:
            raise DataFileError(path, f"type must be one of {sorted(TYPES)}", field=f"{where}.type", value=kind)
        constraints = f.get("constraints", {})
        unknown = set(constraints) - CONSTRAINTS
        if unknown:
            raise DataFileError(
                path,
                f"unsupported constraints {sorted(unknown)}; supported: {sorted(CONSTRAINTS)}",
                field=f"{where}.constraints",
            )
        fmt = f.get("format")
        fields.append(
            Field(
                name=f["name"],
                type=kind,
                column=f.get("openpeel:column", snake(f["name"])),
                format=None if fmt in (None, "default") else fmt,
                constraints=constraints,
                true_values=tuple(f.get("trueValues", ["true"])),
                timezone=f.get("openpeel:timezone"),
                false_values=tuple(f.get("falseValues", ["false"])),
            )
        )
    if not fields:
        raise DataFileError(path, "a schema needs at least one field", field="fields")
    names = [f.name for f in fields]
    if len(set(names)) != len(names):
        raise DataFileError(path, "field names must be unique", field="fields")
    key = raw.get("primaryKey", [])
    key = (key,) if isinstance(key, str) else tuple(key)
    if set(key) - set(names):
        raise DataFileError(path, "primaryKey must name fields of the schema", field="primaryKey", value=list(key))
    return TableSchema(Path(path), raw.get("name", Path(path).stem), raw.get("title", ""), tuple(fields), key)
