"""Home Office and ONS tables: the real bundled files, every row accounted for, figures as published."""

from __future__ import annotations

import csv
import gzip
import shutil
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from openpeel.cli import app
from openpeel.errors import IngestError
from openpeel.forces import all_forces
from openpeel.ingest.home_office import BUNDLED, SOURCES, ingest_home_office
from openpeel.ingest.source import FileContext
from openpeel.ingest.textfile import as_utf8, check_header, sha256
from openpeel.warehouse import connect

OUTCOMES = BUNDLED / "detection-rates-data.csv.gz"
CENSUS = BUNDLED / "census_2011_population_hh.csv.gz"
LSOA_LOOKUP = BUNDLED / "PoliceforceLSOA.csv.gz"
LAD_LOOKUP = next(BUNDLED.glob("Local_Authority_District_to_*.csv"))
POPULATION = BUNDLED / "population_policeforces.csv"
WORKFORCE = BUNDLED / "police-workforce-fte-by-year.csv"
ALL = [OUTCOMES, CENSUS, LSOA_LOOKUP, LAD_LOOKUP, POPULATION, WORKFORCE]


def rows_of(path: Path) -> list[list[str]]:
    """The file's records, header first, read with the csv module (independently of the pipeline)."""
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


@pytest.fixture(scope="module")
def raw() -> dict[str, list[list[str]]]:
    """Every file but the outcomes (450,913 rows: see `outcomes`), whole."""
    return {p.name: rows_of(p) for p in ALL if p != OUTCOMES}


@pytest.fixture(scope="module")
def outcomes() -> dict:
    """What the tests need from the outcomes file, in one pass with the csv module."""
    with gzip.open(OUTCOMES, "rt", encoding="utf-8", newline="") as f:
        rows = csv.reader(f)
        header = next(rows)
        force, kind, recorded = (
            header.index(c) for c in ("force_name", "outcome_type", "force_outcomes_recorded_in_quarter")
        )
        n, per_force, charges, all_outcomes, last = 0, Counter(), 0, 0, None
        for last in rows:
            n += 1
            per_force[last[force]] += 1
            if last[force] == "Cambridgeshire" and last[recorded] != "NA":
                all_outcomes += int(last[recorded])
                charges += int(last[recorded]) if last[kind] == "1" else 0
    return {"rows": n, "last": last, "per_force": per_force, "cambs_charge_rate": charges / all_outcomes}


@pytest.fixture(scope="module")
def loaded():
    """Every bundled file ingested once into an in-memory warehouse."""
    con = connect(":memory:")
    report = ingest_home_office(con)
    yield con, report
    con.close()


def test_every_row_of_every_file_is_loaded_or_quarantined(loaded, raw, outcomes):
    con, report = loaded
    assert sorted(f.file_name for f in report.files) == sorted(p.name for p in ALL)
    for f in report.files:
        data_rows = outcomes["rows"] if f.file_name == OUTCOMES.name else len(raw[f.file_name]) - 1
        assert f.status == "loaded"
        assert f.rows_read == data_rows, f.file_name
        assert f.rows_loaded + f.rows_quarantined + f.repeats_set_aside == data_rows, f.file_name
        (file_key, source, quarantined_lines) = con.execute(
            "SELECT s.file_key, s.source, "
            "(SELECT count(DISTINCT line) FROM quarantine q WHERE q.file_key = s.file_key) "
            "FROM source_file s WHERE file_name = ?",
            [f.file_name],
        ).fetchone()
        assert quarantined_lines == f.rows_quarantined
        table = next(s for s in SOURCES.values() if s.name == source).warehouse_table
        in_table = con.execute(f"SELECT count(*) FROM {table} WHERE file_key = ?", [file_key]).fetchone()[0]
        per_row = len(raw[f.file_name][0]) - 1 if table == "population_force" else 1  # one row per force column
        assert in_table == f.rows_loaded * per_row, f.file_name


def test_the_trailing_row_of_nas_is_quarantined_with_its_line(loaded, outcomes):
    con, _ = loaded
    assert set(outcomes["last"]) == {"NA"}
    last_line = outcomes["rows"] + 1  # the header is line 1
    rules = {
        r
        for (r,) in con.execute(
            "SELECT rule FROM quarantine WHERE file_key = 'ho_crime_outcomes/2017-18' AND line = ?", [last_line]
        ).fetchall()
    }
    assert any(r.startswith("every cell is NA or empty: a filler row") for r in rules)
    assert con.execute("SELECT count(DISTINCT line) FROM quarantine WHERE file_key LIKE 'ho_crime%'").fetchone() == (1,)


def test_city_of_london_and_btp_are_resolved_from_their_home_office_names(loaded, outcomes):
    con, _ = loaded
    published = outcomes["per_force"]
    found = dict(
        con.execute(
            "SELECT force_name, any_value(force_id) FROM ho_crime_outcome "
            "GROUP BY 1 HAVING count(DISTINCT force_id) = 1"
        ).fetchall()
    )
    assert found["London, City of"] == "city-of-london"
    assert found["British Transport Police"] == "btp"
    assert len(found) == 44  # the 43 territorial forces and BTP, each name to one force
    counts = dict(con.execute("SELECT force_name, count(*) FROM ho_crime_outcome GROUP BY 1").fetchall())
    assert counts["London, City of"] == published["London, City of"]


def test_every_outcome_row_carries_its_period(loaded):
    con, _ = loaded
    periods = con.execute(
        "SELECT financial_year, financial_quarter, quarter_start, count(*) "
        "FROM ho_crime_outcome GROUP BY ALL ORDER BY 3"
    ).fetchall()
    assert [(y, q, str(d)) for y, q, d, _ in periods] == [
        ("2017/18", 1, "2017-04-01"),
        ("2017/18", 2, "2017-07-01"),
        ("2017/18", 3, "2017-10-01"),
        ("2017/18", 4, "2018-01-01"),
    ]
    dataset = con.execute(
        "SELECT period, period_start, period_end, licence, attribution FROM dataset "
        "WHERE table_name = 'ho_crime_outcome'"
    ).fetchone()
    assert dataset[0] == "financial year 2017/18 (4 quarters)"
    assert (str(dataset[1]), str(dataset[2])) == ("2017-04-01", "2018-03-31")
    assert dataset[3] == "Open Government Licence v3.0"
    assert "licensed under the Open Government Licence v3.0" in dataset[4]


def test_cambridgeshire_charge_rate_is_the_same_from_the_file_and_the_warehouse(loaded, outcomes):
    con, _ = loaded
    from_file = outcomes["cambs_charge_rate"]  # outcome type 1 / all outcomes recorded, 2017/18
    (from_warehouse,) = con.execute(
        "SELECT sum(force_outcomes_recorded_in_quarter) FILTER (WHERE outcome_type = 1) "
        "/ sum(force_outcomes_recorded_in_quarter) FROM ho_crime_outcome "
        "WHERE force_id = 'cambridgeshire' AND financial_year = '2017/18'"
    ).fetchone()
    assert from_warehouse == pytest.approx(from_file, rel=1e-12)
    assert 0.05 < from_file < 0.15  # about one outcome in ten is a charge or summons


def test_thousands_separators_are_parsed(loaded, raw):
    con, _ = loaded
    header, *rows = raw[CENSUS.name]
    assert header.count("Persons") == 3
    grouped = [r for r in rows if "," in r[9]]
    assert grouped  # "1,563"
    persons = dict(con.execute("SELECT lsoa_code, persons FROM population_lsoa").fetchall())
    for r in grouped[:100]:
        assert persons[r[6]] == int(r[9].replace(",", ""))
    big = next(r for r in rows if "," in r[12])  # hectares too: "1,607"
    (hectares,) = con.execute("SELECT hectares FROM population_lsoa WHERE lsoa_code = ?", [big[6]]).fetchone()
    assert hectares == float(big[12].replace(",", ""))
    (total,) = con.execute("SELECT sum(persons) FROM population_lsoa").fetchone()
    assert total == sum(int(r[9].replace(",", "")) for r in rows)


def test_the_census_file_is_recorded_as_published_despite_its_renamed_header(loaded):
    con, _ = loaded
    name, digest, note = con.execute(
        "SELECT file_name, sha256, note FROM source_file WHERE source = 'ons_census_2011_lsoa'"
    ).fetchone()
    assert (name, digest) == (CENSUS.name, sha256(CENSUS))
    assert "field names" in note
    assert con.execute("SELECT DISTINCT source_file, source_sha256 FROM population_lsoa").fetchall() == [
        (CENSUS.name, sha256(CENSUS))
    ]


def test_each_lsoa_has_a_force_and_the_forces_add_up_to_the_2011_census(loaded, raw):
    con, _ = loaded
    by_force = dict(con.execute("SELECT force_id, persons FROM population_lsoa_by_force").fetchall())
    # The registry's 2011 populations come from Census table QS201EW, independently of these files.
    assert by_force == {f.id: f.population.value for f in all_forces(territorial_only=True)}
    # Where both lookups give a force, they agree.
    (disagree,) = con.execute(
        "SELECT count(*) FROM lsoa_police_force l JOIN population_lsoa p USING (lsoa_code) "
        "JOIN lad_police_force d ON d.lad_code = p.local_authority_code WHERE d.force_id <> l.force_id"
    ).fetchone()
    assert disagree == 0
    blank = sum(1 for r in raw[LSOA_LOOKUP.name][1:] if r[9] == "")
    quarantined = con.execute(
        "SELECT count(*) FROM quarantine WHERE file_key = 'ons_lsoa_police_force' AND rule LIKE 'is blank%'"
    ).fetchone()[0]
    assert quarantined == blank > 0


def test_workforce_keeps_forces_and_quarantines_regions_and_secondments_with_a_reason(loaded, raw):
    con, _ = loaded
    rows = raw[WORKFORCE.name][1:]
    assert con.execute("SELECT count(*), count(DISTINCT (force_id, year)) FROM police_workforce").fetchone() == (
        220,
        220,
    )
    assert con.execute("SELECT count(DISTINCT force_id) FROM police_workforce").fetchone() == (44,)
    reasons = dict(
        con.execute(
            "SELECT line, rule FROM quarantine WHERE file_key = 'ho_police_workforce_fte' ORDER BY line"
        ).fetchall()
    )
    west_midlands = [i for i, r in enumerate(rows, 2) if r[0] == "West Midlands"]  # region, then force, each year
    for region_line, force_line in zip(west_midlands[::2], west_midlands[1::2], strict=True):
        assert reasons[region_line].startswith("is a regional subtotal")
        assert force_line not in reasons
        (fte,) = con.execute(
            "SELECT officers_fte FROM police_workforce WHERE force_id = 'west-midlands' AND line = ?", [force_line]
        ).fetchone()
        assert fte == float(rows[force_line - 2][1])
    secondments = [i for i, r in enumerate(rows, 2) if r[0] == "Central Service Secondments"]
    assert all(reasons[i].startswith("is officers on secondment") for i in secondments)
    assert set(reasons) == set(west_midlands[::2]) | set(secondments)
    assert con.execute("SELECT DISTINCT month(as_at), day(as_at) FROM police_workforce").fetchall() == [(3, 31)]


def test_population_by_force_is_one_row_per_force_and_year_with_its_line_and_column(loaded, raw):
    con, _ = loaded
    header, *rows = raw[POPULATION.name]
    kent = header.index("Kent")
    for line, row in enumerate(rows, 2):
        found = con.execute(
            "SELECT year, population, source_column FROM population_force WHERE force_id = 'kent' AND line = ?", [line]
        ).fetchone()
        assert found == (int(row[0]), int(row[kent]), "Kent")
    assert con.execute("SELECT DISTINCT source FROM population_force").fetchall() == [
        ("ons_population_force_mid_year",)
    ]


def test_reingesting_changes_nothing(loaded):
    con, _ = loaded
    tables = [
        "ho_crime_outcome",
        "population_lsoa",
        "lsoa_police_force",
        "lad_police_force",
        "population_force",
        "police_workforce",
    ]

    def snapshot():
        return (
            [con.execute(f"SELECT count(*), min(ingested_at), max(ingested_at) FROM {t}").fetchone() for t in tables],
            con.execute("SELECT * FROM source_file ORDER BY file_key").fetchall(),
            con.execute("SELECT count(*) FROM quarantine").fetchone(),
            con.execute("SELECT * FROM dataset ORDER BY source").fetchall(),
        )

    before = snapshot()
    again = ingest_home_office(con)
    assert {f.status for f in again.files} == {"unchanged"}
    assert snapshot() == before


def test_a_bad_value_is_quarantined_with_file_line_column_value_and_rule(tmp_path):
    path = tmp_path / WORKFORCE.name
    lines = WORKFORCE.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[4] = lines[4].replace(lines[4].split(",")[1], "lots")  # line 5: Cumbria's FTE
    lines[6] = "Atlantis" + lines[6][lines[6].index(",") :]  # line 7: not a force
    path.write_text("".join(lines), encoding="utf-8")
    con = connect(":memory:")
    report = ingest_home_office(con, path)
    assert (report.files[0].rows_read, report.files[0].rows_quarantined) == (230, 12)
    found = con.execute(
        'SELECT s.file_name, q.line, q."column", q.value, q.rule FROM quarantine q JOIN source_file s USING (file_key) '
        "WHERE q.line IN (5, 7) ORDER BY q.line"
    ).fetchall()
    assert found == [
        (WORKFORCE.name, 5, "FTE Count", "lots", "must be a number"),
        (
            WORKFORCE.name,
            7,
            "Police force",
            "Atlantis",
            "must be the Home Office name of a police force in the registry (or a region or national total)",
        ),
    ]


def test_changed_lookups_bring_the_census_with_them(tmp_path):
    folder = tmp_path / "ho"
    folder.mkdir()
    for p in (CENSUS, LSOA_LOOKUP):  # the first 2,000 LSOAs of each (the North East, in both), kept fast
        with gzip.open(p, "rt", encoding="utf-8", newline="") as src:
            head = [next(src) for _ in range(2001)]
        (folder / p.name.removesuffix(".gz")).write_text("".join(head), encoding="utf-8", newline="")
    lookup = folder / LAD_LOOKUP.name
    shutil.copy(LAD_LOOKUP, lookup)
    con = connect(":memory:")
    first = ingest_home_office(con, folder, "population-lsoa")
    with_force = sum(1 for r in rows_of(folder / "PoliceforceLSOA.csv")[1:] if r[9])  # Northumberland's are blank
    assert [f.rows_loaded for f in first.files] == [348, with_force, 2000]
    text = lookup.read_text(encoding="utf-8-sig")
    lookup.write_text(text.replace("Broadland,E22000219", "Broadland District,E22000219"), encoding="utf-8")
    statuses = [f.status for f in ingest_home_office(con, folder, "population-lsoa").files]
    assert statuses == ["loaded", "unchanged", "loaded"]  # district lookup, LSOA lookup, census
    lookup.write_text(text, encoding="utf-8-sig")
    with pytest.raises(IngestError, match="ingest them together with"):
        ingest_home_office(con, lookup)  # alone, it would leave population_lsoa's forces behind


def test_unknown_files_and_tables_are_refused(tmp_path):
    con = connect(":memory:")
    with pytest.raises(IngestError, match="unknown table"):
        ingest_home_office(con, which="crime")
    other = tmp_path / "something.csv"
    other.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(IngestError, match="not a Home Office or ONS file"):
        ingest_home_office(con, other)
    with pytest.raises(IngestError, match="needs the LSOA to police force lookups"):
        ingest_home_office(con, CENSUS)


def test_gzip_files_are_read_through_gzip(tmp_path):
    text = "a,b\n1,\u00e9\n"
    packed = tmp_path / "small.csv.gz"
    packed.write_bytes(gzip.compress(text.encode("utf-8")))
    assert as_utf8(packed, tmp_path) == (packed, None)  # DuckDB reads .gz itself
    check_header(packed, packed, ["a", "b"])
    with pytest.raises(IngestError, match="header does not match"):
        check_header(packed, packed, ["b", "a"])
    unnamed = tmp_path / "small-without-suffix"
    shutil.copy(packed, unnamed)
    copy, note = as_utf8(unnamed, tmp_path)
    assert "decompressed" in note and copy.read_text(encoding="utf-8") == text
    latin = tmp_path / "latin.csv.gz"
    latin.write_bytes(gzip.compress(text.encode("cp1252")))
    copy, note = as_utf8(latin, tmp_path)
    assert "Windows-1252" in note and copy.read_text(encoding="utf-8") == text
    broken = tmp_path / "broken.csv.gz"
    broken.write_bytes(OUTCOMES.read_bytes()[:5000])
    with pytest.raises(IngestError, match="not a readable gzip file"):
        as_utf8(broken, tmp_path)


@pytest.mark.parametrize("key", [k for k in SOURCES if k != "population-force"])
def test_table_columns_follow_the_schema(key):
    source = SOURCES[key]
    con = connect(":memory:")
    columns = [
        c
        for (c,) in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
            [source.table],
        ).fetchall()
    ]
    derived = [d.rsplit(" AS ", 1)[1].strip('"') for d in source.derived(FileContext())]
    expected = ["file_key", "line", "force_id", *(f.column for f in source.schema.fields)]
    expected += [d for d in derived if d != "force_id"] + ["source_file", "source_sha256", "ingested_at"]
    assert columns == expected


def test_the_command_prints_the_report(tmp_path):
    shutil.copy(WORKFORCE, tmp_path / WORKFORCE.name)
    warehouse = tmp_path / "warehouse.duckdb"
    args = ["ingest", "home-office", str(tmp_path), "--table", "workforce", "--warehouse", str(warehouse)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "Home Office tables" in result.output and "230" in result.output
    con = connect(warehouse, read_only=True)
    assert con.execute("SELECT count(*) FROM police_workforce").fetchone() == (220,)
