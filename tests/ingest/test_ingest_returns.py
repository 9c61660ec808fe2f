"""Force data returns (CSV or Parquet) into the warehouse, checked against their Table Schemas."""

from __future__ import annotations

import csv
import json
import shutil

import pytest
from typer.testing import CliRunner

from openpeel.cli.synth import app as synth
from openpeel.errors import IngestError, UnknownForceError
from openpeel.ingest.returns import SOURCES, ingest_returns
from openpeel.warehouse import connect


@pytest.fixture(scope="module")
def returns(tmp_path_factory):
    """One month of synthetic returns for two forces, as CSV and as Parquet (same seed, same rows)."""
    root = tmp_path_factory.mktemp("returns")
    for fmt in ("csv", "parquet"):
        args = [
            "run",
            str(root / fmt),
            "--forces",
            "city-of-london,cumbria",
            "--from",
            "2019-03",
            "--to",
            "2019-03",
            "--seed",
            "11",
            "--format",
            fmt,
        ]
        result = CliRunner().invoke(synth, args)
        assert result.exit_code == 0, result.output
    return root


def data_rows(path) -> int:
    with open(path, encoding="utf-8", newline="") as f:
        return sum(1 for _ in csv.reader(f)) - 1


def test_every_row_of_every_return_file_is_loaded(returns):
    con = connect(":memory:")
    report = ingest_returns(con, returns / "csv")
    assert {f.file_name for f in report.files} == {f"{name}.csv" for name in SOURCES}
    for f in report.files:
        assert f.rows_read == data_rows(returns / "csv" / f.force_id / f.file_name)
        assert (f.rows_loaded, f.rows_quarantined) == (f.rows_read, 0), f
        assert f.note.startswith("SYNTHETIC data, not a real force return (openpeel synth, seed 11")
    contact = con.execute("SELECT force_id, count(*) FROM return_contact GROUP BY 1 ORDER BY 1").fetchall()
    assert contact == [
        (force, data_rows(returns / "csv" / force / "contact.csv")) for force in ("city-of-london", "cumbria")
    ]


def test_parquet_loads_the_same_rows_as_csv(returns):
    from_csv, from_parquet = connect(":memory:"), connect(":memory:")
    ingest_returns(from_csv, returns / "csv")
    ingest_returns(from_parquet, returns / "parquet")
    for table in ("return_contact", "return_incident", "return_investigation", "return_sex_offender"):
        query = f"SELECT * EXCLUDE (file_key, source_file, source_sha256, ingested_at, line) FROM {table} ORDER BY ALL"
        assert from_csv.execute(query).fetchall() == from_parquet.execute(query).fetchall(), table


def test_a_resent_return_replaces_rather_than_duplicates(returns):
    con = connect(":memory:")
    ingest_returns(con, returns / "csv")
    before = con.execute("SELECT count(*) FROM return_contact").fetchone()[0]
    assert {f.status for f in ingest_returns(con, returns / "csv").files} == {"unchanged"}
    report = ingest_returns(con, returns / "parquet" / "cumbria", force="Cumbria Constabulary")
    assert con.execute("SELECT count(*) FROM return_contact").fetchone()[0] == before
    contact = next(f for f in report.files if f.file_name == "contact.parquet")
    assert "replaced" in contact.note


def test_bad_values_and_repeated_keys_are_quarantined(returns, tmp_path):
    folder = tmp_path / "city-of-london"
    shutil.copytree(returns / "csv" / "city-of-london", folder)
    lines = (folder / "contact.csv").read_text().splitlines(keepends=True)
    fields = lines[3].rstrip("\n").split(",")
    fields[1] = "112"  # channel
    lines[3] = ",".join(fields) + "\n"
    lines.append(lines[5])  # the same call again, at the end
    (folder / "contact.csv").write_text("".join(lines))
    con = connect(":memory:")
    report = ingest_returns(con, folder, force="city-of-london")
    contact = next(f for f in report.files if f.file_name == "contact.csv")
    assert (contact.rows_quarantined, contact.rows_read) == (2, len(lines) - 1)
    found = con.execute('SELECT line, "column", value, rule FROM quarantine ORDER BY line').fetchall()
    assert found[0] == (4, "channel", "112", "must be one of: 999; 101")
    assert found[1][:2] == (len(lines), "call_id") and "repeats the primary key (call_id)" in found[1][3]


def test_quarantined_rows_keep_their_whole_text(returns, tmp_path):
    """Staging keeps the text of times and numbers only on rows that failed a rule in the scan (and stages a
    batch again whole when a key repeats): every quarantined row still shows its whole record as written."""
    folder = tmp_path / "city-of-london"
    shutil.copytree(returns / "csv" / "city-of-london", folder)
    lines = (folder / "contact.csv").read_text().splitlines(keepends=True)
    header = lines[0].rstrip("\n").split(",")
    bad_time = lines[3].rstrip("\n").split(",")
    bad_time[2] = "2019-03-01 10:00:00"  # a space, not the schema's T
    lines[3] = ",".join(bad_time) + "\n"
    lines.append(lines[5])  # the same call again: a repeated key, and a row identical to an earlier one
    (folder / "contact.csv").write_text("".join(lines))
    con = connect(":memory:")
    contact = next(f for f in ingest_returns(con, folder, force="city-of-london").files if f.file_name == "contact.csv")
    assert (contact.rows_quarantined, contact.repeats_kept) == (2, 1)
    found = con.execute('SELECT line, "column", value, rule, raw FROM quarantine ORDER BY line').fetchall()
    assert found[0][:4] == (4, "received_at", "2019-03-01 10:00:00", "must be a datetime written %Y-%m-%dT%H:%M:%S")
    repeated = lines[5].rstrip("\n").split(",")
    assert [json.loads(raw) for *_, raw in found] == [
        {k: v or None for k, v in zip(header, cells, strict=True)} for cells in (bad_time, repeated)
    ]
    loaded = con.execute("SELECT count(*) FROM return_contact WHERE received_at IS NOT NULL").fetchone()[0]
    assert loaded == contact.rows_loaded == len(lines) - 3


def test_a_folder_of_unknown_forces_or_no_return_is_refused(tmp_path, returns):
    (tmp_path / "atlantis").mkdir()
    with pytest.raises(IngestError, match="named after a force"):
        ingest_returns(connect(":memory:"), tmp_path)
    with pytest.raises(UnknownForceError, match="Cumbria"):
        ingest_returns(connect(":memory:"), returns / "csv" / "cumbria", force="Cumbra")
    with pytest.raises(IngestError, match="no return files found"):
        ingest_returns(connect(":memory:"), tmp_path / "atlantis", force="cumbria")
