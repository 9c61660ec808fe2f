"""Ingest speed against (i) DuckDB's own read_csv of the same files into a table, with no validation
(the practical limit) and (ii) a straightforward pandas implementation of the same checks.

Run: .venv/bin/python bench/bench_ingest.py [--national]
  default: the bundled police.uk street files (about 444,000 rows);
  --national: also a national-scale synthetic year of 999/101 calls from `openpeel synth` (tens of
  millions of rows; takes minutes and several GB of disk in a temporary folder).
Prints rows per second and the ratios, best of three runs each (two for --national). Also printed: a lower
bound for making the same checks exactly in DuckDB (`floor`: one scan computing every warehouse value and
every rule a row is checked against on its own, one write of the values; no provenance, line numbers, repeats
or quarantine), against the same bare load. The approaches take turns, so that other work on the machine weighs
on each alike. Each openpeel run loads into a new empty warehouse, created before its clock starts (the ingest
command loads into an existing warehouse; creating one, about 0.1 s, is timed and printed apart). All approaches
write to an in-memory database; bare DuckDB and openpeel are then also timed writing to a database file.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import duckdb
import pandas as pd

from openpeel.config import bundled_street_archive
from openpeel.ingest.police_uk import SOURCES as POLICE_UK
from openpeel.ingest.police_uk import ingest_police_uk
from openpeel.ingest.returns import SOURCES as RETURNS
from openpeel.ingest.returns import ingest_returns
from openpeel.ingest.source import FileContext, Source
from openpeel.ingest.staging import passes_all, read_csv_sql
from openpeel.warehouse import connect


def best_of(n: int, *runs) -> list[float]:
    """Best time of each run, the runs taking turns. A run is a function returning what it timed: a function
    that sets up (untimed) and returns the function to time."""
    best = [float("inf")] * len(runs)
    for _ in range(n):
        for i, setup in enumerate(runs):
            timed = setup()
            start = time.perf_counter()
            timed()
            best[i] = min(best[i], time.perf_counter() - start)
    return best


def duckdb_baseline(files: list[str], database: str = ":memory:"):
    def setup():
        if database != ":memory:":
            Path(database).unlink(missing_ok=True)  # a new file each run, as for openpeel
        return load

    def load() -> None:
        con = duckdb.connect(database)
        con.execute("CREATE TABLE t AS SELECT * FROM read_csv(?, all_varchar = true)", [files])
        con.close()

    return setup


def openpeel_ingest(ingest, database: str = ":memory:"):
    """A new empty warehouse (not timed) and the ingest into it (timed)."""
    global setup_seconds
    if database != ":memory:":
        Path(database).unlink(missing_ok=True)
    start = time.perf_counter()
    con = connect(database)
    setup_seconds = time.perf_counter() - start

    def load() -> None:
        ingest(con)
        con.close()

    return load


setup_seconds = 0.0


def floor(files: list[str], source: Source):
    """The least an ingest in DuckDB making the same checks exactly must do: read the files, compute each field's
    warehouse value and each rule a row is checked against on its own (the file's own context, e.g. the month in
    its name, left out), and write the values with the verdict. Nothing else: no line numbers, provenance, repeats
    or quarantine."""
    schema = source.schema
    ok = passes_all([c for c in source.checks(FileContext()) if c.own_row and "ctx_" not in c.ok])

    def load() -> None:
        con = duckdb.connect()  # in memory, as the in-memory comparisons
        sql = f"CREATE TABLE t AS SELECT {schema.typed_columns()}, {ok} AS _ok FROM ({read_csv_sql(schema)})"
        con.execute(sql, [files])
        con.close()

    return lambda: load


def pandas_checks(files: list[str], schema, extra):
    return lambda: lambda: _pandas_checks(files, schema, extra)


def _pandas_checks(files: list[str], schema, extra) -> None:
    """The same rules, the way a careful analyst would write them in pandas: read as text, check each
    column with vectorised tests, split good rows from bad, convert types, keep the line numbers."""
    bad = []
    out = tempfile.TemporaryDirectory()
    for i, path in enumerate(files):
        df = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
        df["_line"] = range(2, len(df) + 2)
        ok = pd.Series(True, index=df.index)
        for field in schema.fields:
            col = df[field.name]
            present = col.notna()
            if field.constraints.get("required"):
                ok &= present
            if field.type in ("number", "integer"):
                num = pd.to_numeric(col, errors="coerce")
                ok &= ~present | num.notna()
                if "minimum" in field.constraints:
                    ok &= ~present | (num >= field.constraints["minimum"])
                if "maximum" in field.constraints:
                    ok &= ~present | (num <= field.constraints["maximum"])
            elif field.type in ("date", "datetime", "yearmonth"):
                fmt = (
                    field.format
                    or {"date": "%Y-%m-%d", "datetime": "%Y-%m-%dT%H:%M:%S", "yearmonth": "%Y-%m"}[field.type]
                )
                ok &= ~present | pd.to_datetime(col, format=fmt, errors="coerce").notna()
            elif field.type == "boolean":
                ok &= ~present | col.isin(field.true_values + field.false_values)
            if "enum" in field.constraints:
                ok &= ~present | col.isin(field.constraints["enum"])
            if "pattern" in field.constraints:
                ok &= ~present | col.str.fullmatch(field.constraints["pattern"], na=False)
        if schema.primary_key:  # a key appears once per force: here, once per file
            ok &= ~df.duplicated(subset=list(schema.primary_key))
        ok &= extra(df, path)
        bad.append(df[~ok])
        df[ok].to_parquet(Path(out.name) / f"good-{i}.parquet")  # a part per file: memory stays one file's worth
    out.cleanup()


def street_extra(df: pd.DataFrame, path: str) -> pd.Series:
    month = Path(path).name[:7]
    return (df["Month"] == month) & df["Falls within"].notna()


def run_bundled() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        with zipfile.ZipFile(bundled_street_archive()) as z:
            z.extractall(tmp)
        files = sorted(str(p) for p in Path(tmp).rglob("*-street.csv") if "northern-ireland" not in p.name)
        rows = duckdb.sql(f"SELECT count(*) FROM read_csv({files!r}, all_varchar = true)").fetchone()[0]
        base, ours, panda, least = best_of(
            3,
            duckdb_baseline(files),
            lambda: openpeel_ingest(lambda con: ingest_police_uk(con, tmp)),
            pandas_checks(files, POLICE_UK["street"].schema, street_extra),
            floor(files, POLICE_UK["street"]),
        )
        report(f"bundled police.uk street files ({len(files)} files)", rows, base, ours, panda, least)
        to_file(3, files, lambda con: ingest_police_uk(con, tmp), rows)


def run_national() -> None:
    from typer.testing import CliRunner

    from openpeel.cli.synth import app as synth

    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        result = CliRunner().invoke(
            synth, ["run", tmp, "--forces", "all", "--from", "2019-01", "--to", "2019-12", "--seed", "1"]
        )
        assert result.exit_code == 0, result.output
        print(f"generated a national synthetic year in {time.perf_counter() - start:.0f} s")
        os.sync()  # the generator's gigabytes go to disk now, not in the background during the timings
        # only the contact table: move the other tables aside so the timing is of the same files
        for other in Path(tmp).glob("*/*.csv"):
            if other.name != "contact.csv":
                other.rename(other.with_suffix(".aside"))
        files = sorted(str(p) for p in Path(tmp).glob("*/contact.csv"))
        rows = duckdb.sql(f"SELECT count(*) FROM read_csv({files!r}, all_varchar = true)").fetchone()[0]
        ingest = lambda con: ingest_returns(con, tmp)  # noqa: E731
        base, ours, panda, least = best_of(
            2,
            duckdb_baseline(files),
            lambda: openpeel_ingest(ingest),
            pandas_checks(files, RETURNS["contact"].schema, lambda df, p: True),
            floor(files, RETURNS["contact"]),
        )
        report("national synthetic year, 999/101 calls (contact.csv, 43 forces)", rows, base, ours, panda, least)
        to_file(2, files, ingest, rows)


def to_file(runs: int, files: list[str], ingest, rows: int) -> None:
    """Bare DuckDB and openpeel again, each writing to a database file (openpeel's default warehouse) instead."""
    with tempfile.TemporaryDirectory() as out:
        db = str(Path(out) / "w.duckdb")
        base, ours = best_of(runs, duckdb_baseline(files, db), lambda: openpeel_ingest(ingest, db))
    print("  written to a database file instead of memory:")
    print(f"  DuckDB read_csv, no validation : {base:7.2f} s  {rows / base:12,.0f} rows/s")
    print(f"  openpeel ingest                : {ours:7.2f} s  {rows / ours:12,.0f} rows/s")
    print(f"  openpeel / DuckDB baseline     : {ours / base:.2f}x")


def report(what: str, rows: int, base: float, ours: float, panda: float, least: float) -> None:
    print(f"\n{what}: {rows:,} rows")
    print(f"  DuckDB read_csv, no validation : {base:7.2f} s  {rows / base:12,.0f} rows/s")
    print(f"  openpeel ingest                : {ours:7.2f} s  {rows / ours:12,.0f} rows/s")
    print(f"  pandas, same checks            : {panda:7.2f} s  {rows / panda:12,.0f} rows/s")
    print(f"  floor (values and rules only)  : {least:7.2f} s  {rows / least:12,.0f} rows/s")
    print(f"  openpeel / DuckDB baseline     : {ours / base:.2f}x  (target at most 1.5x)")
    print(f"  pandas / openpeel              : {panda / ours:.2f}x  (target at least 2x)")
    print(f"  floor / DuckDB baseline        : {least / base:.2f}x  (a lower bound for exact checks in DuckDB)")
    print(f"  (creating the empty warehouse, not timed above: {setup_seconds:.2f} s)")


if __name__ == "__main__":
    run_bundled()
    if "--national" in sys.argv:
        run_national()
