"""Home Office and ONS tables into the warehouse: crime outcomes open data, population by LSOA (2011 Census)
and by police force area (mid-year estimates), and police officer numbers by force.

Every file goes through the Table Schema pipeline (pipeline.load_batch): each row is loaded or quarantined
with its reason, keeps its file and line, and re-ingesting an unchanged file changes nothing. The `dataset`
table records, per source, who published the figures, the period they cover and the licence.

Bundled copies: data/home-office (ATTRIBUTION.md). What the files hold and the choices made (duplicate
headers, LSOA to force, rows that are not forces): docs/home-office-data.md.
"""

from __future__ import annotations

import csv
import fnmatch
import gzip
import io
import shutil
import tempfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import cast

import duckdb

from openpeel.errors import DataFileError, IngestError
from openpeel.forces import get_force
from openpeel.ingest.home_office_common import (
    BUNDLED,
    CHUNK,
    NATIONAL_TOTALS,
    SCHEMAS,
    Dataset,
    ExtendedField,
    ExtendedSchema,
    HomeOfficeSource,
    _norm,
    _open_text,
    _pfa_force_sql,
    _raw,
    _regions,
    force_id_sql,
    load_extended_schema,
)
from openpeel.ingest.home_office_releases import CALLS_999, RECORDED_CRIME, SS_TOTALS, STOP_SEARCH
from openpeel.ingest.pipeline import FileReport, IngestReport, SourceFile, load_batch
from openpeel.ingest.schema import Check
from openpeel.ingest.source import FileContext
from openpeel.ingest.textfile import is_gzip, sha256
from openpeel.warehouse import transaction
from openpeel.warehouse.sql import ident, literal

# Crime outcomes -------------------------------------------------------------------------------------------

OUTCOMES_SCHEMA = "crime-outcomes.schema.json"


def _financial_year_key(path: Path) -> str:
    """ho_crime_outcomes/2017-18: a later year's file is loaded beside this one, a corrected copy replaces it."""
    with _open_text(path) as f:
        rows = csv.reader(f)
        next(rows, None)
        first = next(rows, [""])
    year = first[0] if first else ""
    period = year.replace("/", "-") if len(year) == 7 and year[:4].isdigit() else path.name.split(".")[0]
    return f"ho_crime_outcomes/{period}"


def _outcome_checks(ctx: FileContext) -> list[Check]:
    schema = load_extended_schema(SCHEMAS / OUTCOMES_SCHEMA)
    force, year = _raw(OUTCOMES_SCHEMA, "force_name"), _raw(OUTCOMES_SCHEMA, "financial_year")
    every_cell_missing = " AND ".join(f"{f.raw} IS NULL" for f in schema.fields)
    return [
        Check(
            "financial_year",
            f"NOT ({every_cell_missing})",
            "every cell is NA or empty: a filler row with no data (the published copy ends with one)",
        ),
        Check(
            "force_name",
            f"{force} IS NULL OR {force_id_sql(force)} IS NOT NULL",
            "must be the Home Office name of a police force in the registry",
        ),
        Check(
            "financial_year",
            f"{year} IS NULL OR NOT regexp_full_match({year}, '[0-9]{{4}}/[0-9]{{2}}') OR right({year}, 2) = "
            f"lpad(CAST((CAST(left({year}, 4) AS INTEGER) + 1) % 100 AS VARCHAR), 2, '0')",
            "must name two consecutive years, as 2017/18",
        ),
    ]


OUTCOMES = HomeOfficeSource(
    "ho_crime_outcomes",
    "ho_crime_outcome",
    SCHEMAS / OUTCOMES_SCHEMA,
    derived=lambda ctx: [
        f"{force_id_sql(ident('force_name'))} AS force_id",
        'make_date(CAST(left("financial_year", 4) AS INTEGER) + CAST(CAST("financial_quarter" AS INTEGER) = 4 '
        'AS INTEGER), [4, 7, 10, 1][CAST("financial_quarter" AS INTEGER)], 1) AS quarter_start',
    ],
    extra_checks=_outcome_checks,
    dataset=Dataset(
        "Police recorded crime and outcomes open data tables: crime outcomes by force, offence and outcome type",
        "Home Office (copy with snake_case headers by Matt Ashby, mpjashby/cj-charts)",
        "mpjashby/cj-charts@0e689b8d17453b4914abd3b16f9ac9b4dc03bd94 content/detection-rates-data.csv.gz "
        "(from Home Office prc-outcomes-open-data-mar2018-tables.ods)",
    ),
    patterns=("detection-rates-data*.csv*", "*outcomes-open-data*.csv*"),
    period_sql=(
        "SELECT 'financial year ' || string_agg(DISTINCT financial_year, ', ' ORDER BY financial_year) || ' ('"
        " || count(DISTINCT quarter_start) || ' quarters)', min(quarter_start),"
        " CAST(max(quarter_start) + INTERVAL 3 MONTH - INTERVAL 1 DAY AS DATE) FROM ho_crime_outcome"
    ),
    key_of=_financial_year_key,
)

# Police workforce -----------------------------------------------------------------------------------------

WORKFORCE_SCHEMA = "workforce-fte.schema.json"


def _workforce_checks(ctx: FileContext) -> list[Check]:
    """Rows that are not a force are quarantined with a reason that says so: not errors, but not force figures.

    The West Midlands region has the same name as its largest force; the regional row is the one whose
    officers equal the sum of the other rows of the region's forces that year. (Rows are told apart by their
    values, not their position: a row's own value is taken off the sum of all rows naming the region's forces.)"""
    name = 's."Police force"'  # qualified: the subquery below reads other rows of the file as o
    key = _norm(name)
    regions = _regions()
    whens = " ".join(f"WHEN {literal(r)} THEN [{', '.join(map(literal, ids))}]" for r, ids in sorted(regions.items()))
    region_forces = f"CASE {key} {whens} END"  # ids of the forces of the region the row names
    fte = 'TRY_CAST(s."FTE Count" AS DOUBLE)'
    other_force = force_id_sql('o."Police force"')
    in_region = (
        '(SELECT sum(TRY_CAST(o."FTE Count" AS DOUBLE)) FROM _staged o WHERE o._file = s._file '
        f'AND o."Year" = s."Year" AND list_contains({region_forces}, {other_force}))'
    )
    own = f"CASE WHEN list_contains({region_forces}, {force_id_sql(name)}) THEN {fte} ELSE 0 END"
    others_in_region = f"({in_region} - {own})"
    is_total = f"({key} IN ({', '.join(map(literal, NATIONAL_TOTALS))}) OR {key} LIKE 'total %')"
    is_region = (
        f"(NOT {is_total} AND {key} IN ({', '.join(map(literal, regions))}) AND ({force_id_sql(name)} IS NULL "
        f"OR abs({fte} - {others_in_region}) < 0.01))"
    )
    is_secondment = f"({key} LIKE 'central service%')"
    not_an_error = "not an error, but not a force figure, so kept out of police_workforce"
    return [
        Check(
            "Police force",
            f"{name} IS NULL OR NOT {is_total}",
            f"is a national total, not a police force: {not_an_error}",
        ),
        Check(
            "Police force",
            f"{name} IS NULL OR NOT {is_region}",
            f"is a regional subtotal (the sum of the region's forces that year), not a police force: {not_an_error}",
            own_row=False,  # adds up other rows of the file
        ),
        Check(
            "Police force",
            f"{name} IS NULL OR NOT {is_secondment}",
            f"is officers on secondment to central services, not a police force: {not_an_error}",
        ),
        Check(
            "Police force",
            f"{name} IS NULL OR {force_id_sql(name)} IS NOT NULL OR {is_total} OR {is_region} OR {is_secondment}",
            "must be the Home Office name of a police force in the registry (or a region or national total)",
            own_row=False,
        ),
    ]


WORKFORCE = HomeOfficeSource(
    "ho_police_workforce_fte",
    "police_workforce",
    SCHEMAS / WORKFORCE_SCHEMA,
    derived=lambda ctx: [
        f"{force_id_sql(ident('Police force'))} AS force_id",
        'make_date(CAST("Year" AS INTEGER), 3, 31) AS as_at',
        "'police officers, full-time equivalent, at 31 March ' || \"Year\" AS as_at_note",
    ],
    extra_checks=_workforce_checks,
    dataset=Dataset(
        "Police workforce, England and Wales: police officers (FTE) at 31 March, by force",
        "Home Office (extract by Resistance Lab, Resistance-Lab/resistancelab_data)",
        "Resistance-Lab/resistancelab_data@625e720132cc8e912caf091b3b6ebc716fa939a8 "
        "analysis/0003-police-workforce-by-year/police-workforce-fte-by-year.csv",
    ),
    patterns=("police-workforce-fte-by-year*.csv*",),
    period_sql=(
        "SELECT 'police officers at 31 March, ' || min(year) || ' to ' || max(year), min(as_at), max(as_at) "
        "FROM police_workforce"
    ),
)

# Population by police force area (wide: one column per force, reshaped after loading) ---------------------

POPULATION_WIDE = "_ho_population_force_wide"


def _population_fields() -> list[ExtendedField]:
    schema = load_extended_schema(SCHEMAS / "population-force.schema.json")
    forces = [f for f in schema.fields if f.column != "year"]
    for f in forces:  # each column names its force's registry id: say so if the two ever disagree
        if get_force(f.name).id != f.column:
            raise DataFileError(schema.path, f"openpeel:column must be {get_force(f.name).id!r}", field=f.name)
    return cast(list[ExtendedField], forces)  # an extended schema's fields all are


def _create_population_wide(con: duckdb.DuckDBPyConnection) -> None:
    columns = ", ".join(f"{ident(f.column)} BIGINT" for f in _population_fields())
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {POPULATION_WIDE} (file_key VARCHAR, line BIGINT, year BIGINT, {columns}, "
        "source_file VARCHAR, source_sha256 VARCHAR, ingested_at TIMESTAMP)"
    )


def _reshape_population(con: duckdb.DuckDBPyConnection, file_key: str) -> None:
    """One row per force and year, each keeping the line of its year's row and the column it came from."""
    forces = _population_fields()
    headers = ", ".join(f"({literal(f.column)}, {literal(f.name)})" for f in forces)
    con.execute("DELETE FROM population_force WHERE file_key = ?", [file_key])
    con.execute(
        f"INSERT INTO population_force BY NAME SELECT u.file_key, u.line, u.force_id, u.year, u.population, "
        f"m.header AS source_column, {literal(POPULATION_FORCE.name)} AS source, u.source_file, u.source_sha256, "
        f"u.ingested_at FROM (UNPIVOT (SELECT * FROM {POPULATION_WIDE} WHERE file_key = ?) "
        f"ON {', '.join(ident(f.column) for f in forces)} INTO NAME force_id VALUE population) u "
        f"JOIN (VALUES {headers}) m(force_id, header) ON m.force_id = u.force_id",
        [file_key],
    )


POPULATION_FORCE = HomeOfficeSource(
    "ons_population_force_mid_year",
    POPULATION_WIDE,
    SCHEMAS / "population-force.schema.json",
    dataset=Dataset(
        "Mid-year population estimates by police force area, England",
        "Office for National Statistics (compiled by Leonardo Castro, LeonardoCastro/BritishDrugDynamics)",
        "LeonardoCastro/BritishDrugDynamics@bac3b5287480fab50e53968aeb10a8bcc54021fa "
        "data/demographic/population_policeforces.csv",
    ),
    patterns=("population_policeforces*.csv*",),
    period_sql=(
        "SELECT 'mid-year estimates (30 June), ' || min(year) || ' to ' || max(year), make_date(min(year), 6, 30), "
        "make_date(max(year), 6, 30) FROM population_force"
    ),
    final_table="population_force",
    before_load=_create_population_wide,
    after_load=_reshape_population,
)

# Population by LSOA, and the lookups that give each LSOA its force ----------------------------------------

# Districts whose 2011 code had been replaced by December 2016, the date of the LAD->PFA lookup (ONS code
# changes of 2013 and 2014; the names match in both files).
LAD_CODE_CHANGES = {
    "E06000048": "E06000057",  # Northumberland
    "E08000020": "E08000037",  # Gateshead
    "E07000097": "E07000242",  # East Hertfordshire
    "E07000100": "E07000240",  # St Albans
    "E07000101": "E07000243",  # Stevenage
    "E07000104": "E07000241",  # Welwyn Hatfield
}


def _unique_in_file(column: str) -> str:
    c = ident(column)
    return f"{c} IS NULL OR (SELECT count(*) FROM _staged o WHERE o._file = s._file AND o.{c} = s.{c}) = 1"


def _lsoa_lookup_checks(ctx: FileContext) -> list[Check]:
    force = ident("Police_force")
    return [
        Check(
            "Police_force",
            f"{force} IS NOT NULL",
            "is blank in the published lookup; the LSOA's force is taken from the LAD->PFA lookup instead",
        ),
        Check(
            "Police_force",
            f"{force} IS NULL OR {force_id_sql(force)} IS NOT NULL",
            "must be the Home Office name of a police force in the registry",
        ),
        Check("LSOA Code", _unique_in_file("LSOA Code"), "must appear once in the lookup", own_row=False),
    ]


LSOA_LOOKUP = HomeOfficeSource(
    "ons_lsoa_police_force",
    "lsoa_police_force",
    SCHEMAS / "lsoa-police-force.schema.json",
    derived=lambda ctx: [f"{force_id_sql(ident('Police_force'))} AS force_id"],
    extra_checks=_lsoa_lookup_checks,
    dataset=Dataset(
        "2011 LSOA to police force area lookup, England",
        "Office for National Statistics (compiled in the crime-sim-toolkit package, Sparrow0hawk/crime_sim_toolkit)",
        "PyPI crime-sim-toolkit 1.5.0, crime_sim_toolkit/src/PoliceforceLSOA.csv",
    ),
    patterns=("policeforcelsoa*.csv*",),
    period_sql="SELECT '2011 Census LSOAs', NULL::DATE, NULL::DATE",
)


def _lad_lookup_checks(ctx: FileContext) -> list[Check]:
    code, name = ident("PFA16CD"), ident("PFA16NM")
    return [
        Check("PFA16CD", f"{code} IS NULL OR {_pfa_force_sql(code)} IS NOT NULL", "must be the PFA code of a force"),
        Check(
            "PFA16NM",
            f"{code} IS NULL OR {name} IS NULL OR {force_id_sql(name)} = {_pfa_force_sql(code)}",
            "must name the force whose code PFA16CD is",
        ),
        Check("LAD16CD", _unique_in_file("LAD16CD"), "must appear once in the lookup", own_row=False),
    ]


LAD_LOOKUP = HomeOfficeSource(
    "ons_lad_police_force_2016",
    "lad_police_force",
    SCHEMAS / "lad-police-force.schema.json",
    derived=lambda ctx: [f"{_pfa_force_sql(ident('PFA16CD'))} AS force_id"],
    extra_checks=_lad_lookup_checks,
    dataset=Dataset(
        "Local Authority District to Community Safety Partnerships to Police Force Areas (December 2016) "
        "Lookup in England and Wales",
        "Office for National Statistics (copy in Resistance-Lab/resistancelab_data)",
        "Resistance-Lab/resistancelab_data@625e720132cc8e912caf091b3b6ebc716fa939a8 source_data/demographics/"
        "Local_Authority_District_to_Community_Safety_Partnerships_to_Police_Force_Areas__December_2016__Lookup"
        "_in_England_and_Wales.csv",
    ),
    patterns=("local_authority_district_to_*police_force_areas*.csv*",),
    period_sql="SELECT 'local authority districts and police force areas, December 2016', NULL::DATE, NULL::DATE",
)

_LA = 's."Local authority code"'
_LA_2016 = (
    f"coalesce(MAP {{{', '.join(f'{literal(a)}: {literal(b)}' for a, b in LAD_CODE_CHANGES.items())}}}[{_LA}], {_LA})"
)
_BY_LSOA = '(SELECT min(l.force_id) FROM lsoa_police_force l WHERE l.lsoa_code = s."LSOA Code")'
_BY_DISTRICT = f"(SELECT min(d.force_id) FROM lad_police_force d WHERE d.lad_code = {_LA_2016})"
LSOA_FORCE = f"coalesce({_BY_LSOA}, {_BY_DISTRICT})"
LSOA_FORCE_SOURCE = (
    f"CASE WHEN {_BY_LSOA} IS NOT NULL THEN 'LSOA lookup' WHEN {_BY_DISTRICT} IS NOT NULL THEN "
    f"CASE WHEN {_LA_2016} <> {_LA} THEN 'district lookup (2011 district code changed by 2016)' "
    "ELSE 'district lookup' END END"
)


def _census_checks(ctx: FileContext) -> list[Check]:
    persons, households, communal = (
        next(f for f in load_extended_schema(SCHEMAS / "population-lsoa.schema.json").fields if f.name == n)._parsed()
        for n in ("Persons", "Persons in households", "Persons in communal establishments")
    )
    return [
        Check(
            "Local authority code",
            f"{LSOA_FORCE} IS NOT NULL",
            "no police force found: the LSOA is not in the LSOA lookup with a force, and its district is not "
            "in the LAD->PFA lookup",
            own_row=False,  # reads the lookup tables
        ),
        Check(
            "Persons",
            f"{persons} IS NULL OR {households} IS NULL OR {communal} IS NULL OR {persons} = {households} + {communal}",
            "must equal persons in households plus persons in communal establishments",
        ),
        Check("(unnamed column 9)", '"(unnamed column 9)" IS NULL', "must be empty (the column has no name)"),
        Check("LSOA Code", _unique_in_file("LSOA Code"), "must appear once in the file", own_row=False),
    ]


CENSUS: HomeOfficeSource = HomeOfficeSource(
    "ons_census_2011_lsoa",
    "population_lsoa",
    SCHEMAS / "population-lsoa.schema.json",
    derived=lambda ctx: [
        f"{LSOA_FORCE} AS force_id",
        f"{LSOA_FORCE_SOURCE} AS force_source",
        "2011 AS year",
        f"{literal(CENSUS.name)} AS source",
    ],
    extra_checks=_census_checks,
    dataset=Dataset(
        "2011 Census: usual residents, households, area and density by LSOA, England and Wales",
        "Office for National Statistics (compiled in the crime-sim-toolkit package, Sparrow0hawk/crime_sim_toolkit)",
        "PyPI crime-sim-toolkit 1.5.0, crime_sim_toolkit/src/census_2011_population_hh.csv",
    ),
    patterns=("census_2011_population_hh*.csv*",),
    period_sql="SELECT '2011 Census (27 March 2011)', DATE '2011-03-27', DATE '2011-03-27'",
)

SOURCES: dict[str, HomeOfficeSource] = {  # in loading order: the lookups before the census
    "outcomes": OUTCOMES,
    "lad-lookup": LAD_LOOKUP,
    "lsoa-lookup": LSOA_LOOKUP,
    "population-lsoa": CENSUS,
    "population-force": POPULATION_FORCE,
    "workforce": WORKFORCE,
    "stop-search": STOP_SEARCH,
    "stop-search-totals": SS_TOTALS,
    "recorded-crime": RECORDED_CRIME,
    "999-calls": CALLS_999,
}
TABLES = {  # --table: the sources each choice loads
    "outcomes": ("outcomes",),
    "population-lsoa": ("lad-lookup", "lsoa-lookup", "population-lsoa"),
    "population-force": ("population-force",),
    "workforce": ("workforce",),
    "stop-search": ("stop-search",),
    "stop-search-totals": ("stop-search-totals",),
    "recorded-crime": ("recorded-crime",),
    "999-calls": ("999-calls",),
}
TABLE_CHOICES = (*TABLES, "all")

# --- Ingest ----------------------------------------------------------------------------------------------


def ingest_home_office(
    con: duckdb.DuckDBPyConnection,
    path: Path | str | None = None,
    which: str = "all",
    on_file: Callable[[str], None] = lambda _: None,
    on_start: Callable[[int], None] = lambda _: None,
) -> IngestReport:
    """Ingest a folder of Home Office / ONS files (default: the bundled data/home-office) or one file, in one
    transaction: a failure leaves the warehouse unchanged. `which`: one of TABLE_CHOICES."""
    if which not in TABLE_CHOICES:
        raise IngestError(f"unknown table {which!r}: choose one of {', '.join(TABLE_CHOICES)}")
    path = Path(path) if path else BUNDLED
    found = _find(path, {key for table, keys in TABLES.items() if which in (table, "all") for key in keys})
    report, loaded = IngestReport(), set[str]()
    with tempfile.TemporaryDirectory(prefix="openpeel-") as tmp, transaction(con):
        on_start(len(found))
        for key, source in SOURCES.items():
            paths = [p for k, p in found if k == key]
            if key == "population-lsoa":
                _before_census(con, bool(paths), lookups_changed=bool(loaded & {"lad-lookup", "lsoa-lookup"}))
            if not paths:
                continue
            reports = _load_source(con, source, paths, Path(tmp), on_file)
            report.files += reports
            if any(r.status == "loaded" for r in reports):
                loaded.add(key)
                _record_dataset(con, source)
    return report


def _find(path: Path, wanted: set[str]) -> list[tuple[str, Path]]:
    if not path.exists():
        raise IngestError(f"{path}: no such file or folder")
    names = "; ".join(f"{key}: {' or '.join(s.patterns)}" for key, s in SOURCES.items())
    if path.is_file():
        key = _kind(path)
        if key is None:
            raise IngestError(f"{path}: not a Home Office or ONS file openpeel knows by name ({names})")
        candidates = [(key, path)]
    else:
        candidates = [(k, p) for p in sorted(path.rglob("*")) if p.is_file() and (k := _kind(p))]
    found = [(k, p) for k, p in candidates if k in wanted]
    if not found:
        raise IngestError(f"{path}: none of the files asked for ({names})")
    return found


def _kind(path: Path) -> str | None:
    name = path.name.lower()
    return next((k for k, s in SOURCES.items() if any(fnmatch.fnmatch(name, p.lower()) for p in s.patterns)), None)


def _before_census(con: duckdb.DuckDBPyConnection, present: bool, lookups_changed: bool) -> None:
    """population_lsoa takes each LSOA's force from the lookups: when they change, it is loaded again."""
    if lookups_changed:
        if present:
            con.execute("DELETE FROM source_file WHERE source = ?", [CENSUS.name])
        elif con.execute("SELECT count(*) FROM population_lsoa").fetchone()[0]:  # type: ignore[index]  # one row
            raise IngestError(
                "the LSOA to police force lookups changed: ingest them together with "
                "census_2011_population_hh.csv (pass their folder) so population_lsoa's forces follow"
            )
    lookups = "SELECT (SELECT count(*) FROM lsoa_police_force) + (SELECT count(*) FROM lad_police_force)"
    if present and not con.execute(lookups).fetchone()[0]:  # type: ignore[index]  # one row
        raise IngestError(
            "population by LSOA needs the LSOA to police force lookups (PoliceforceLSOA.csv and the LAD to PFA "
            "lookup) ingested first: pass the folder holding all three"
        )


def _load_source(
    con: duckdb.DuckDBPyConnection,
    source: HomeOfficeSource,
    paths: list[Path],
    work: Path,
    on_file: Callable[[str], None],
) -> list[FileReport]:
    keys = [source.file_key(p) for p in paths]
    repeated = sorted({k for k in keys if keys.count(k) > 1})
    if repeated:
        raise IngestError(f"two files for the same data ({', '.join(repeated)}): {', '.join(map(str, paths))}")
    reports = []
    for path, key in zip(paths, keys, strict=True):
        reports.append(_load_file(con, source, path, key, work))
        on_file(path.name)
    return reports


def _load_file(
    con: duckdb.DuckDBPyConnection, source: HomeOfficeSource, path: Path, key: str, work: Path
) -> FileReport:
    digest = sha256(path)
    if con.execute("SELECT 1 FROM source_file WHERE file_key = ? AND sha256 = ?", [key, digest]).fetchone():
        return FileReport(path.name, None, "unchanged", note="already ingested with identical content")
    working, renamed = _with_field_names(path, source.schema, work)
    if source.before_load:
        source.before_load(con)
    [report] = load_batch(con, [SourceFile(working, FileContext(), key)], source, work)
    if renamed:  # the record names the published file and its hash, not openpeel's working copy
        note = "; ".join(filter(None, [renamed, report.note]))
        con.execute(
            f"UPDATE {source.table} SET source_file = ?, source_sha256 = ? WHERE file_key = ?", [path.name, digest, key]
        )
        con.execute(
            "UPDATE source_file SET file_name = ?, sha256 = ?, note = ? WHERE file_key = ?",
            [path.name, digest, note, key],
        )
        report.file_name, report.note = path.name, note
    if source.after_load:
        source.after_load(con, key)
    return report


def _with_field_names(path: Path, schema: ExtendedSchema, work: Path) -> tuple[Path, str | None]:
    """A file whose published header cannot be field names (a name repeated or empty) is read from a working
    copy whose line 1 is the field names; every other byte is as published, so line numbers hold."""
    if schema.published_header is None:
        return path, None
    opener = gzip.open if is_gzip(path) else open
    with opener(path, "rb") as f:
        first = f.readline()
    header = next(csv.reader(io.StringIO(first.decode("utf-8-sig", errors="replace"))), [])
    if header == schema.header:
        return path, None
    if header != list(schema.published_header):
        raise IngestError(
            f"{path}, line 1: the header is neither the published one ({', '.join(schema.published_header)}) "
            f"nor the schema's field names ({', '.join(schema.header)})"
        )
    folder = Path(tempfile.mkdtemp(dir=work))
    target = folder / (path.name[:-3] if path.name.lower().endswith(".gz") else path.name)
    ending = b"\r\n" if first.endswith(b"\r\n") else b"\n"
    line = io.StringIO()
    csv.writer(line, lineterminator="").writerow(schema.header)
    with opener(path, "rb") as src, open(target, "wb") as out:
        src.readline()
        out.write(line.getvalue().encode("utf-8") + ending)
        shutil.copyfileobj(src, out, CHUNK)
    renamed = sum(1 for old, new in zip(schema.published_header, schema.header, strict=True) if old != new)
    return target, (
        f"line 1 read as the schema's field names ({renamed} published names cannot be field names: "
        "empty, repeated or a warehouse key)"
    )


def _record_dataset(con: duckdb.DuckDBPyConnection, source: HomeOfficeSource) -> None:
    period, start, end = con.execute(source.period_sql).fetchone()  # type: ignore[misc]  # an aggregate: one row
    d = source.dataset
    assert d is not None  # only sources with a dataset are recorded
    con.execute(
        "INSERT OR REPLACE INTO dataset BY NAME SELECT ? AS source, ? AS table_name, ? AS title, ? AS publisher, "
        "? AS period, ? AS period_start, ? AS period_end, ? AS licence, ? AS attribution, ? AS origin, "
        "? AS recorded_at",
        [
            source.name,
            source.warehouse_table,
            d.title,
            d.publisher,
            period or "no rows loaded",
            start,
            end,
            d.licence,
            d.attribution,
            d.origin,
            datetime.now(),
        ],
    )
