"""kill -9 in the middle of an ingest: the warehouse stays readable and as it was; a re-run completes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from openpeel.config import bundled_police_uk_archives, bundled_street_archive
from openpeel.ingest.police_uk import ingest_police_uk
from openpeel.warehouse import connect

INGEST = """
import sys
from openpeel.warehouse import connect
from openpeel.ingest.police_uk import ingest_police_uk
con = connect(sys.argv[1])
print("ingesting", flush=True)
ingest_police_uk(con, sys.argv[2], on_file=lambda name: print(name, flush=True))
print("done", flush=True)
"""


def counts(path) -> dict[str, int]:
    con = connect(path, read_only=True)
    try:
        return {
            t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("street_crime", "stop_search", "source_file", "quarantine")
        }
    finally:
        con.close()


def test_kill_9_mid_ingest_leaves_the_warehouse_as_it_was_and_a_rerun_completes(tmp_path):
    path = tmp_path / "warehouse.duckdb"
    con = connect(path)
    stop_and_search = next(a for a in bundled_police_uk_archives() if "stop-and-search" in a.name)
    ingest_police_uk(con, stop_and_search)
    con.close()
    before = counts(path)

    # The sign that the write under test has begun: DuckDB's write-ahead log appears beside the warehouse (or the
    # file grows). Staging happens before the transaction, in memory and DuckDB's temporary folder; the first
    # write to the warehouse itself opens the log. Killed then, nothing may remain after recovery.
    size = path.stat().st_size
    wal = path.with_name(path.name + ".wal")
    assert not wal.exists()
    child = subprocess.Popen(
        [sys.executable, "-c", INGEST, str(path), str(bundled_street_archive())], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout.readline().strip() == "ingesting"
    deadline = time.monotonic() + 300
    while path.stat().st_size == size and not wal.exists() and child.poll() is None:
        assert time.monotonic() < deadline, "the ingest never began writing"
        time.sleep(0.002)
    began = path.stat().st_size > size or wal.exists()
    assert child.poll() is None, "the ingest finished before it could be killed"
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    assert began, "killed, but not while writing: no write-ahead log and the warehouse file had not grown"

    assert counts(path) == before  # readable, and nothing half-written
    con = connect(path)
    report = ingest_police_uk(con, bundled_street_archive())
    con.close()
    after = counts(path)
    assert after["street_crime"] == report.total("rows_loaded") > 0
    assert after["stop_search"] == before["stop_search"]
