"""Bad downloads never reach the warehouse: each is one line naming the URL, exit status 1, the warehouse and the
cache as they were (a transfer cut short keeps its `.part`, so that the next run continues it)."""

from __future__ import annotations

import sys

import pytest

from openpeel import cli
from openpeel.config import var_dir
from openpeel.warehouse import connect

FEBRUARY = "/data/archive/2024-02.zip"
FETCH_FEBRUARY = [
    "openpeel",
    "fetch",
    "police-uk",
    "--from",
    "2024-02",
    "--to",
    "2024-02",
    "--forces",
    "cambridgeshire",
]


def run(monkeypatch, capsys, argv: list[str]) -> tuple[int, str]:
    monkeypatch.setattr(sys, "argv", argv)
    monkeypatch.setattr(cli.err, "width", 1000)  # one line as written, not wrapped to a test's 80 columns
    try:
        cli.main()
        code = 0
    except SystemExit as e:
        code = e.code or 0
    captured = capsys.readouterr()
    return code, captured.err.strip()


def state() -> tuple:
    """The warehouse's files and rows, and the cache's finished files with their bytes."""
    con = connect(read_only=True)
    try:
        files = con.execute("SELECT file_name, rows_loaded FROM source_file ORDER BY ALL").fetchall()
        rows = [con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("street_crime", "stop_search")]
    finally:
        con.close()
    cache = var_dir() / "cache" / "police-uk"
    held = {p.name: p.read_bytes() for p in sorted(cache.iterdir()) if not p.name.endswith(".part")}
    return files, rows, held


@pytest.fixture
def january(police_uk, monkeypatch, capsys):
    """January fetched and ingested: the state every bad February must leave alone."""
    code, err = run(
        monkeypatch, capsys, [*FETCH_FEBRUARY[:3], "--from", "2024-01", "--to", "2024-01", *FETCH_FEBRUARY[-2:]]
    )
    assert code == 0, err
    return state()


def part() -> int | None:
    p = var_dir() / "cache" / "police-uk" / "2024-02.zip.part"
    return p.stat().st_size if p.exists() else None


def fails(monkeypatch, capsys, *words: str) -> str:
    code, err = run(monkeypatch, capsys, FETCH_FEBRUARY)
    assert code == 1
    assert len(err.splitlines()) == 1 and err.startswith("error:") and "Traceback" not in err, err
    for word in words:
        assert word in err, err
    return err


def test_a_transfer_cut_short_keeps_its_part_and_the_next_run_continues_it(
    january, police_uk, february_bytes, monkeypatch, capsys
):
    police_uk.mode(FEBRUARY, "truncate")
    fails(monkeypatch, capsys, f"{police_uk.url}{FEBRUARY}", "cut short", "run again")
    assert state() == january and part() == len(february_bytes) // 2
    code, err = run(monkeypatch, capsys, FETCH_FEBRUARY)
    assert code == 0, err
    assert [r for p, r in police_uk.requests if p == FEBRUARY][-1] == f"bytes={len(february_bytes) // 2}-"
    assert len(state()[0]) == 6  # January's three files and February's three


def test_a_server_that_stalls_is_a_timeout_and_keeps_what_came(january, police_uk, february_bytes, monkeypatch, capsys):
    police_uk.mode(FEBRUARY, "stall")
    fails(monkeypatch, capsys, FEBRUARY, "stopped sending", "Timeout")
    assert state() == january and part() == len(february_bytes) // 2


def test_a_size_other_than_the_one_declared_is_refused(january, police_uk, monkeypatch, capsys):
    police_uk.mode(FEBRUARY, "wrong-length")
    fails(monkeypatch, capsys, FEBRUARY, "cut short")
    assert state() == january


def test_a_corrupt_zip_is_refused_and_deleted(january, police_uk, february_bytes, monkeypatch, capsys):
    damaged = bytearray(february_bytes)
    damaged[len(damaged) // 3] ^= 0xFF  # one byte inside a member's compressed data
    police_uk.put(FEBRUARY, bytes(damaged))
    fails(monkeypatch, capsys, FEBRUARY, "is corrupt")
    assert state() == january and part() is None


def test_a_file_that_is_not_a_zip_at_all_is_refused(january, police_uk, monkeypatch, capsys):
    police_uk.put(FEBRUARY, b"month,force\n2024-02,cambridgeshire\n")
    fails(monkeypatch, capsys, FEBRUARY, "not a readable zip archive")
    assert state() == january and part() is None


@pytest.mark.parametrize("mode", ["html", "html-as-file"])
def test_an_html_error_page_served_as_the_file_is_refused(january, police_uk, mode, monkeypatch, capsys):
    police_uk.mode(FEBRUARY, mode)
    fails(monkeypatch, capsys, FEBRUARY, "web page")
    assert state() == january and part() is None


def test_a_month_police_uk_does_not_list_is_not_published(january, police_uk, monkeypatch, capsys):
    code, err = run(
        monkeypatch, capsys, [*FETCH_FEBRUARY[:3], "--from", "2024-03", "--to", "2024-03", *FETCH_FEBRUARY[-2:]]
    )
    assert code == 1 and err == "error: police.uk has not published 2024-03 (its newest month is 2024-02)"
    assert state() == january


def test_a_listed_month_whose_archive_answers_404_is_not_published(january, police_uk, monkeypatch, capsys):
    del police_uk.files[FEBRUARY]
    fails(monkeypatch, capsys, f"{police_uk.url}{FEBRUARY}", "not published", "404")
    assert state() == january and part() is None
