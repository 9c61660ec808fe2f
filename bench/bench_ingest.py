"""Ingest speed against (i) DuckDB's own read_csv of the same files into a table, with no validation
(the practical limit) and (ii) a straightforward pandas implementation of the same checks.

Run: .venv/bin/python bench/bench_ingest.py [--national]
  default: the bundled police.uk street files (about 444,000 rows);
  --national: also a national-scale synthetic year of 999/101 calls from `openpeel synth` (tens of
  millions of rows; takes minutes and several GB of disk in a temporary folder).
Prints rows per second and the ratios, best of three runs each (one for --national).
"""

from __future__ import annotations

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
from openpeel.warehouse import connect


def best_of(n: int, fn) -> float:
    times = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def duckdb_baseline(files: list[str]) -> None:
    con = duckdb.connect()
    con.execute("CREATE TABLE t AS SELECT * FROM read_csv(?, all_varchar = true)", [files])


def pandas_checks(files: list[str], schema, extra) -> None:
    """The same rules, the way a careful analyst would write them in pandas: read as text, check each
    column with vectorised tests, split good rows from bad, convert types, keep the line numbers."""
    good, bad = [], []
    for path in files:
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
        ok &= extra(df, path)
        bad.append(df[~ok])
        good.append(df[ok])
    pd.concat(good).to_parquet(tempfile.mktemp(suffix=".parquet"))


def street_extra(df: pd.DataFrame, path: str) -> pd.Series:
    month = Path(path).name[:7]
    return (df["Month"] == month) & df["Falls within"].notna()


def run_bundled() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        with zipfile.ZipFile(bundled_street_archive()) as z:
            z.extractall(tmp)
        files = sorted(str(p) for p in Path(tmp).rglob("*-street.csv") if "northern-ireland" not in p.name)
        rows = duckdb.sql(f"SELECT count(*) FROM read_csv({files!r}, all_varchar = true)").fetchone()[0]
        base = best_of(3, lambda: duckdb_baseline(files))
        ours = best_of(3, lambda: ingest_police_uk(connect(":memory:"), tmp))
        panda = best_of(3, lambda: pandas_checks(files, POLICE_UK["street"].schema, street_extra))
    report(f"bundled police.uk street files ({len(files)} files)", rows, base, ours, panda)


def run_national() -> None:
    from typer.testing import CliRunner

    from openpeel.synth.cli import app as synth

    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        result = CliRunner().invoke(
            synth, ["run", tmp, "--forces", "all", "--from", "2019-01", "--to", "2019-12", "--seed", "1"]
        )
        assert result.exit_code == 0, result.output
        print(f"generated a national synthetic year in {time.perf_counter() - start:.0f} s")
        files = sorted(str(p) for p in Path(tmp).glob("*/contact.csv"))
        rows = duckdb.sql(f"SELECT count(*) FROM read_csv({files!r}, all_varchar = true)").fetchone()[0]
        base = best_of(1, lambda: duckdb_baseline(files))
        with tempfile.TemporaryDirectory() as wh:
            ours = best_of(1, lambda: _ingest_contact(tmp, Path(wh) / "w.duckdb"))
        panda = best_of(1, lambda: pandas_checks(files, RETURNS["contact"].schema, lambda df, p: True))
    report("national synthetic year, 999/101 calls (contact.csv, 43 forces)", rows, base, ours, panda)


def _ingest_contact(root: str, warehouse: Path) -> None:
    # only the contact table: move the other tables aside so the timing is of the same files
    for other in Path(root).glob("*/*.csv"):
        if other.name != "contact.csv":
            other.rename(other.with_suffix(".aside"))
    ingest_returns(connect(warehouse), root)


def report(what: str, rows: int, base: float, ours: float, panda: float) -> None:
    print(f"\n{what}: {rows:,} rows")
    print(f"  DuckDB read_csv, no validation : {base:7.2f} s  {rows / base:12,.0f} rows/s")
    print(f"  openpeel ingest                : {ours:7.2f} s  {rows / ours:12,.0f} rows/s")
    print(f"  pandas, same checks            : {panda:7.2f} s  {rows / panda:12,.0f} rows/s")
    print(f"  openpeel / DuckDB baseline     : {ours / base:.2f}x  (target at most 1.5x)")
    print(f"  pandas / openpeel              : {panda / ours:.2f}x  (target at least 2x)")


if __name__ == "__main__":
    run_bundled()
    if "--national" in sys.argv:
        run_national()
