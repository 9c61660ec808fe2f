"""What every Home Office and ONS source shares: the Table Schema properties the shared loader leaves out
(`missingValues`, `groupChar`, a published header that cannot be field names), force and region names as
SQL, and the source and dataset records. The sources themselves: home_office.py (outcomes, population,
workforce) and home_office_releases.py (stop and search, recorded crime, 999 calls).
"""

from __future__ import annotations

import dataclasses
import gzip
import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import IO

import duckdb

from openpeel.config import bundled_data_dir
from openpeel.errors import DataFileError
from openpeel.forces import all_forces, normalise
from openpeel.ingest.schema import Check, Field, TableSchema, load_schema
from openpeel.ingest.source import Source
from openpeel.ingest.textfile import is_gzip
from openpeel.warehouse.sql import ident, literal

SCHEMAS = Path(str(files("openpeel.ingest").joinpath("schemas", "home_office")))
BUNDLED = bundled_data_dir() / "home-office"
OGL = "Open Government Licence v3.0"
OGL_STATEMENT = "Contains public sector information licensed under the Open Government Licence v3.0."
CHUNK = 1 << 20

# --- Table Schema properties the shared loader (schema.py) leaves out ---------------------------------

GROUP_CHARS = {",": ",", ".": r"\.", "'": "'", " ": " "}  # thousands separator -> its regular expression


@dataclass(frozen=True)
class ExtendedField(Field):
    """A Field that also honours `missingValues` (schema level: texts meaning "no value", such as NA) and
    `groupChar` (a thousands separator in numbers, as in "1,563"), both standard Table Schema properties."""

    missing: tuple[str, ...] = ()
    group_char: str | None = None

    @property
    def raw(self) -> str:
        v = ident(self.name)
        extra = [m for m in self.missing if m]  # staging has made "" NULL already
        return f"(CASE WHEN {v} IN ({', '.join(map(literal, extra))}) THEN NULL ELSE {v} END)" if extra else v

    def _parsed(self) -> str:
        if self.group_char is None:
            return super()._parsed()
        v, sep = self.raw, GROUP_CHARS[self.group_char]
        shape = f"-?([0-9]{{1,3}}({sep}[0-9]{{3}})+|[0-9]+)" + (r"(\.[0-9]+)?" if self.type == "number" else "")
        cast = "BIGINT" if self.type == "integer" else "DOUBLE"
        return (
            f"CASE WHEN regexp_full_match({v}, {literal(shape)}) "
            f"THEN TRY_CAST(replace({v}, {literal(self.group_char)}, '') AS {cast}) END"
        )

    def checks(self) -> list[Check]:
        found = super().checks()
        if self.group_char is None:
            return found
        grouped = f" ('{self.group_char}' between thousands allowed)"
        return [
            Check(c.column, c.ok, c.rule + grouped) if c.rule in ("must be a whole number", "must be a number") else c
            for c in found
        ]


@dataclass(frozen=True)
class ExtendedSchema(TableSchema):
    # openpeel:publishedHeader: the header as published, when it cannot serve as field names (a name
    # repeated or empty). Line 1 of a working copy is then rewritten to the field names (_with_field_names).
    published_header: tuple[str, ...] | None = None


@cache
def load_extended_schema(path: Path) -> ExtendedSchema:
    base = load_schema(path)  # types and constraints checked there
    raw = json.loads(Path(path).read_text(encoding="utf-8"))
    missing = tuple(raw.get("missingValues", [""]))
    fields = []
    for i, (field, spec) in enumerate(zip(base.fields, raw["fields"], strict=True)):
        group = spec.get("groupChar")
        if group is not None and (field.type not in ("integer", "number") or group not in GROUP_CHARS):
            raise DataFileError(
                path,
                f"groupChar is for integer and number fields, one of {sorted(GROUP_CHARS)}",
                field=f"fields[{i}].groupChar",
                value=group,
            )
        same = {f.name: getattr(field, f.name) for f in dataclasses.fields(Field)}
        fields.append(ExtendedField(**same, missing=missing, group_char=group))
    published = raw.get("openpeel:publishedHeader")
    if published is not None and len(published) != len(fields):
        raise DataFileError(
            path,
            f"names {len(published)} columns, the schema has {len(fields)} fields",
            field="openpeel:publishedHeader",
        )
    return ExtendedSchema(
        **{f.name: getattr(base, f.name) for f in dataclasses.fields(TableSchema) if f.name != "fields"},
        fields=tuple(fields),
        published_header=tuple(published) if published else None,
    )


def _raw(schema_file: str, name: str) -> str:
    """SQL for a field's raw text, missing values (NA) as NULL."""
    schema = load_extended_schema(SCHEMAS / schema_file)
    return next(f.raw for f in schema.fields if f.name == name)


# --- Forces and regions, as SQL --------------------------------------------------------------------------


def _norm(expr: str) -> str:
    """SQL doing what forces.normalise does: lower case, '&' as 'and', punctuation and extra spaces dropped."""
    return f"trim(regexp_replace(replace(lower({expr}), '&', ' and '), '[^a-z0-9]+', ' ', 'g'))"


@cache
def _force_keys() -> tuple[tuple[str, str], ...]:
    keys = {normalise(alias): force.id for force in all_forces() for alias in force.aliases}
    return tuple(sorted(keys.items()))


def force_id_sql(expr: str) -> str:
    """SQL: the registry id of the force a name denotes, as get_force resolves it ("London, City of",
    "Avon & Somerset", "Metropolitan"); NULL for a name that is not a force."""
    cases = ", ".join(f"{literal(k)}: {literal(v)}" for k, v in _force_keys())
    return f"MAP {{{cases}}}[{_norm(expr)}]"


@cache
def _regions() -> dict[str, list[str]]:
    """Normalised region name -> ids of its forces. Home Office tables say "Eastern" for East of England."""
    regions: dict[str, list[str]] = {}
    for force in all_forces(territorial_only=True):
        regions.setdefault(normalise(force.region), []).append(force.id)  # type: ignore[arg-type]  # territorial: has a region
    regions["eastern"] = regions["east of england"]
    return regions


NATIONAL_TOTALS = ("england and wales", "england", "wales", "total", "total 43 forces", "43 forces")


def _pfa_force_sql(expr: str) -> str:
    cases = ", ".join(f"{literal(f.pfa_code)}: {literal(f.id)}" for f in all_forces() if f.pfa_code)
    return f"MAP {{{cases}}}[{expr}]"


# --- Sources ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Dataset:
    """What `dataset` records about a source besides its period (which is read from the loaded rows)."""

    title: str
    publisher: str
    origin: str  # where the bundled copy came from (data/home-office/ATTRIBUTION.md)
    licence: str = OGL
    attribution: str = OGL_STATEMENT


@dataclass(frozen=True)
class HomeOfficeSource(Source):
    dataset: Dataset | None = None
    patterns: tuple[str, ...] = ()  # file names the source is recognised by (case-insensitive)
    period_sql: str = ""  # one row: the period in words, its first day, its last day
    final_table: str = ""  # where the rows end up, when `table` is a staging step (population by force)
    key_of: Callable[[Path], str] | None = None  # default: the source name (one file holds the whole series)
    before_load: Callable[[duckdb.DuckDBPyConnection], None] | None = None
    after_load: Callable[[duckdb.DuckDBPyConnection, str], None] | None = None

    @property
    def schema(self) -> ExtendedSchema:
        return load_extended_schema(self.schema_path)

    @property
    def warehouse_table(self) -> str:
        return self.final_table or self.table

    def file_key(self, path: Path) -> str:
        return self.key_of(path) if self.key_of else self.name


def _open_text(path: Path) -> IO[str]:
    if is_gzip(path):
        return gzip.open(path, "rt", encoding="utf-8-sig", errors="replace", newline="")
    return open(path, encoding="utf-8-sig", errors="replace", newline="")
