"""Ingest speed on the bundled police.uk archive, against DuckDB's own CSV reader as the baseline.

Run: .venv/bin/python bench/bench_ingest_street.py   Prints rows per second and the ratio to baseline.
The baseline loads the same files with no validation, no line numbers and no quarantine: the price of
those guarantees is the ratio.
"""

from __future__ import annotations

import tempfile
import time
import zipfile
from pathlib import Path

import duckdb

from openpeel.config import bundled_street_archive
from openpeel.ingest.police_uk import ingest_police_uk
from openpeel.warehouse import connect

ARCHIVE = bundled_street_archive()


def best_of(n: int, fn) -> float:
    times = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        with zipfile.ZipFile(ARCHIVE) as z:
            z.extractall(tmp)
        files = sorted(str(p) for p in Path(tmp).rglob("*-street.csv") if "northern-ireland" not in p.name)

        def baseline():
            con = duckdb.connect()
            con.execute("CREATE TABLE t AS SELECT * FROM read_csv(?, all_varchar = true)", [files])

        def openpeel():
            ingest_police_uk(connect(":memory:"), tmp)

        rows = duckdb.sql(f"SELECT count(*) FROM read_csv({files!r}, all_varchar = true)").fetchone()[0]
        base, ours = best_of(3, baseline), best_of(3, openpeel)
    print(f"rows: {rows:,}")
    print(f"baseline (DuckDB read_csv, no validation): {base:.2f} s, {rows / base:,.0f} rows/s")
    print(f"openpeel ingest (validated, quarantined, line numbers): {ours:.2f} s, {rows / ours:,.0f} rows/s")
    print(f"ratio openpeel / baseline: {ours / base:.1f}x")


if __name__ == "__main__":
    main()
