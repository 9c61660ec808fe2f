"""Issue 19.9: `openpeel ingest quarantine` shows crafted CSV text escaped: a terminal never receives its
control sequences (ESC, BEL, bidirectional overrides) or console markup."""

from __future__ import annotations

import os
import subprocess
import sys

HEADER = (
    "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,"
    "Last outcome category,Context\n"
)
CRAFTED = "\x1b]0;pwned\x07\x1b[2J\u202e[bold red]2024-01"  # set the title, clear the screen, reverse, markup


def test_quarantine_escapes_terminal_control_sequences(tmp_path):
    month = tmp_path / "archive" / "2024-01"
    month.mkdir(parents=True)
    row = f",{CRAFTED},Cambridgeshire Constabulary,Cambridgeshire Constabulary,0.1,52.2,On or near X,E01,A,Burglary,,\n"
    (month / "2024-01-cambridgeshire-street.csv").write_text(HEADER + row, encoding="utf-8")
    env = {**os.environ, "COLUMNS": "400", "OPENPEEL_VAR": str(tmp_path / "var")}
    warehouse = str(tmp_path / "warehouse.duckdb")

    def openpeel(*args):
        done = subprocess.run([sys.executable, "-m", "openpeel.cli", "ingest", *args, "--warehouse", warehouse],
                              env=env, capture_output=True, timeout=300)  # fmt: skip
        assert done.returncode == 0, done.stderr
        return done.stdout.decode("utf-8")

    openpeel("police-uk", str(tmp_path / "archive"))
    shown = openpeel("quarantine")
    assert "Month" in shown and "pwned" in shown  # the row is listed
    assert not any(c in shown for c in "\x1b\x07\u202e"), repr(shown)
    assert "\\x1b]0;pwned\\x07\\x1b[2J\\u202e[bold red]2024-01" in shown  # escaped, markup shown as written
