"""A national police.uk year, as `openpeel fetch police-uk` would leave it for the ingest: 43 forces x 12 months of
street, outcomes and stop and search files in police.uk's layout (YYYY-MM/YYYY-MM-<force>-<kind>.csv), built from
the bundled real months with each row's month and force rewritten (about 6 million street rows).

Times, in one run, each approach once (the machine is shared; see bench/README.md):
- bare DuckDB: each kind's files into a table with read_csv(all_varchar), no checks (the practical limit);
- openpeel: ingest_police_uk of the folder, all three kinds in one transaction;
- pandas: the same checks per file (bench_ingest._pandas_checks);
- floor (with --memory): values and own-row rules only, no provenance or quarantine (bench_ingest.floor);
each run once, in that order, to a warehouse file (pandas writes its good rows to Parquet, a part per file);
with --memory, then also all four into memory, as bench_ingest.py does.

Run: nice -n 19 .venv/bin/python bench/bench_fetch_national.py [--small] [--memory]   (--small: 3 forces x 2
months)
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import duckdb
from bench_ingest import _pandas_checks, best_of, floor, openpeel_ingest, street_extra
from bench_ingest import report as print_report

from openpeel.config import bundled_data_dir
from openpeel.forces import all_forces
from openpeel.ingest.police_uk import SOURCES, ingest_police_uk
from openpeel.warehouse.sql import literal

STREET_ROWS = 11_630  # per force and month: 43 x 12 x 11,630 = 6.0 million, police.uk's national order
KINDS = ("street", "outcomes", "stop-and-search")
BUNDLED = {
    "street": "street-2018-10_2019-02.zip",
    "outcomes": "outcomes-cambridgeshire-2019-01_2020-06.zip",
    "stop-and-search": "stop-and-search-cambridgeshire-gmp.zip",
}


def bundled_rows(con: duckdb.DuckDBPyConnection, kind: str, tmp: Path) -> int:
    """Every bundled file of a kind into table src_<kind>, numbered by file. Left out: Northern Ireland and BTP (not
    among the 43) and GMP's stop and search of 2019-06 (police.uk's older layout, without the column Type)."""
    folder = tmp / "bundled" / kind
    with zipfile.ZipFile(bundled_data_dir() / "police-uk" / BUNDLED[kind]) as z:
        z.extractall(folder)
    files = sorted(
        str(p)
        for p in folder.rglob(f"*-{kind}.csv")
        if not any(s in p.name for s in ("northern-ireland", "btp", "greater-manchester"))
    )
    table = f"src_{kind.replace('-', '_')}"
    con.execute(
        f"CREATE TABLE {table} AS SELECT dense_rank() OVER (ORDER BY filename) - 1 AS src, * EXCLUDE (filename) "
        "FROM read_csv(?, all_varchar = true, filename = true)",
        [files],
    )
    return len(files)


def build(root: Path, forces: list, months: list[str]) -> dict[str, list[str]]:
    """Write the year; returns each kind's files. Target file n (a force and month) takes its rows from bundled
    file n (modulo their number); street from files n, n+1 and n+2, cut at STREET_ROWS, to reach the national
    size. One partitioned COPY per kind, then each part renamed to police.uk's name for it."""
    con = duckdb.connect()
    targets = [(m, f.id, f.police_uk_name) for m in months for f in forces]
    con.execute("CREATE TABLE target (n INTEGER, month VARCHAR, force VARCHAR, name VARCHAR)")
    con.executemany("INSERT INTO target VALUES (?, ?, ?, ?)", [(i, *t) for i, t in enumerate(targets)])
    written: dict[str, list[str]] = {}
    for kind in KINDS:
        count, table = bundled_rows(con, kind, root.parent), f"src_{kind.replace('-', '_')}"
        if kind == "street":
            rows = f"s.src IN (t.n % {count}, (t.n + 1) % {count}, (t.n + 2) % {count})"
        else:
            rows = f"s.src = t.n % {count}"
        replace = (
            ""
            if kind == "stop-and-search"
            else ('REPLACE (t.month AS "Month", t.name AS "Reported by", t.name AS "Falls within")')
        )
        cut = (
            f"QUALIFY row_number() OVER (PARTITION BY t.n ORDER BY s.src) <= {STREET_ROWS}" if kind == "street" else ""
        )
        parts = root.parent / "parts" / kind
        parts.parent.mkdir(parents=True, exist_ok=True)
        con.execute(
            f"COPY (SELECT s.* EXCLUDE (src) {replace}, t.month AS _m, t.force AS _f "
            f"FROM target t JOIN {table} s ON {rows} {cut}) "
            f"TO {literal(str(parts))} (FORMAT csv, HEADER, PARTITION_BY (_m, _f))"
        )
        written[kind] = []
        for month, force, _ in targets:
            path = root / month / f"{month}-{force}-{kind}.csv"
            path.parent.mkdir(parents=True, exist_ok=True)
            (parts / f"_m={month}" / f"_f={force}" / "data_0.csv").rename(path)
            written[kind].append(str(path))
    con.close()
    return written


def bare(files: dict[str, list[str]], database: str = ":memory:"):
    """Each kind's files into its own table, no checks; a new database each run."""

    def setup():
        if database != ":memory:":
            Path(database).unlink(missing_ok=True)
        return load

    def load() -> None:
        con = duckdb.connect(database)
        for kind, paths in files.items():
            con.execute(f'CREATE TABLE "{kind}" AS SELECT * FROM read_csv(?, all_varchar = true)', [paths])
        con.close()

    return setup


def pandas_all(files: dict[str, list[str]]):
    extra = {"street": street_extra, "outcomes": street_extra, "stop-and-search": lambda df, p: True}
    return lambda: lambda: [_pandas_checks(files[k], SOURCES[k].schema, extra[k]) for k in KINDS]


def floor_all(files: dict[str, list[str]]):
    return lambda: (lambda loads: lambda: [load() for load in loads])([floor(files[k], SOURCES[k])() for k in KINDS])


def timed(what: str, setup) -> float:
    """One run of an approach (set up untimed), printed as soon as it ends: on a busy machine the run is long."""
    fn = setup()
    start = time.perf_counter()
    fn()
    seconds = time.perf_counter() - start
    print(f"  {what:<40}: {seconds:8.2f} s", flush=True)
    return seconds


def main() -> None:
    small = "--small" in sys.argv
    forces = all_forces(territorial_only=True)[: 3 if small else None]
    months = [f"2019-{m:02d}" for m in range(1, 3 if small else 13)]
    with tempfile.TemporaryDirectory(prefix="openpeel-bench-") as tmp:
        root = Path(tmp) / "year"
        start = time.perf_counter()
        files = build(root, forces, months)
        os.sync()  # the year's gigabytes on disk now, not written back during the timings
        print(f"built {len(forces)} forces x {len(months)} months in {time.perf_counter() - start:.0f} s", flush=True)
        ingest = lambda con: ingest_police_uk(con, root)  # noqa: E731
        db = str(Path(tmp) / "warehouse.duckdb")
        base = timed("bare DuckDB, to a warehouse file", bare(files, db))
        with duckdb.connect(db, read_only=True) as con:  # the bare load's tables hold every record: the counts
            rows = {k: con.execute(f'SELECT count(*) FROM "{k}"').fetchone()[0] for k in KINDS}
        total = sum(rows.values())
        print("  rows: " + ", ".join(f"{k} {v:,}" for k, v in rows.items()) + f"; {total:,} in all", flush=True)
        ours = timed("openpeel ingest, to a warehouse file", lambda: openpeel_ingest(ingest, db))
        print(f"  (warehouse file {Path(db).stat().st_size / 1e9:.2f} GB)", flush=True)
        panda = timed("pandas, same checks (Parquet parts)", pandas_all(files))
        for what, seconds in (("bare DuckDB", base), ("openpeel", ours), ("pandas", panda)):
            print(f"  {what:<12}: {total / seconds:12,.0f} rows/s")
        print(f"  openpeel / bare DuckDB : {ours / base:.2f}x  (target at most 1.5x)")
        print(f"  pandas / openpeel      : {panda / ours:.2f}x  (target at least 2x)", flush=True)
        if "--memory" in sys.argv:  # the in-memory comparison of bench_ingest.py, and its floor
            base, ours, panda, least = best_of(
                1, bare(files), lambda: openpeel_ingest(ingest), pandas_all(files), floor_all(files)
            )
            print_report(f"in memory ({sum(map(len, files.values()))} files)", total, base, ours, panda, least)


if __name__ == "__main__":
    main()
