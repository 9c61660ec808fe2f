"""Issue 19.6: a police.uk zip is read member by member, only police.uk file names, within limits on each
member's size, the archive's total and the compression ratio; the error names the member, and nothing is
written beyond a limit. The zips are real, built here."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import zipfile

import pytest

from openpeel.errors import IngestError

HEADER = (
    "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,"
    "Last outcome category,Context\n"
)
ROW = ",2024-01,Cambridgeshire Constabulary,Cambridgeshire Constabulary,0.1,52.2,On or near X,E01,Cam 1,Burglary,,\n"
STREET = "2024-01/2024-01-cambridgeshire-street.csv"


def bomb(path, unpacked_mb: int, name: str = STREET):
    """One police.uk-named member of `unpacked_mb` MB that deflates over 500 to 1."""
    rows = (unpacked_mb << 20) // len(ROW)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z, z.open(name, "w") as member:
        member.write(HEADER.encode())
        block = (ROW * 10_000).encode()
        for _ in range(rows // 10_000):
            member.write(block)
    return path


def test_a_zip_bomb_is_refused_naming_the_member_before_anything_is_written(tmp_path):
    archive = bomb(tmp_path / "bomb.zip", 32)
    assert archive.stat().st_size < 1 << 20  # under 1 MB unpacking to 32 MB
    warehouse = tmp_path / "warehouse.duckdb"

    def at_most_8_mb_per_file():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG instead
        resource.setrlimit(resource.RLIMIT_FSIZE, (8 << 20, 8 << 20))

    # The child may write no file over 8 MB: unpacking the member (as extractall did) would fail with
    # "File too large"; the check refuses it first.
    child = subprocess.run(
        [sys.executable, "-m", "openpeel.cli", "ingest", "police-uk", str(archive), "--warehouse", str(warehouse)],
        env={**os.environ, "COLUMNS": "1000", "TMPDIR": str(tmp_path)},
        capture_output=True,
        text=True,
        preexec_fn=at_most_8_mb_per_file,
        timeout=300,
    )
    assert child.returncode == 1, child.stderr
    assert "Traceback" not in child.stderr and child.stderr.count("\n") == 1, child.stderr
    assert f"member {STREET}" in child.stderr and "zip bomb" in child.stderr
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("openpeel-")]  # the temporary folder is gone


@pytest.mark.parametrize(
    "limits,words",
    [
        ({"member_bytes": 3 << 20, "ratio": 10_000}, "the limit for one file"),
        ({"total_bytes": 5 << 20, "ratio": 10_000}, "the archive unpacks to more than"),
    ],
)
def test_size_limits_stop_the_unpacking_at_the_limit(tmp_path, limits, words):
    from openpeel.ingest.police_uk import ZipLimits, unpack_zip

    limits = ZipLimits(**limits)
    archive = tmp_path / "two.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("2024-01/2024-01-cambridgeshire-street.csv", HEADER + ROW * 20_000)  # about 2 MB
        z.writestr("2024-02/2024-02-cambridgeshire-street.csv", HEADER + ROW * 40_000)  # about 4 MB
    target = tmp_path / "out"
    target.mkdir()
    with pytest.raises(IngestError, match=words) as refused:
        unpack_zip(archive, target, limits)
    assert "member 2024-02/2024-02-cambridgeshire-street.csv" in str(refused.value)
    written = sum(p.stat().st_size for p in target.rglob("*") if p.is_file())
    assert written <= min(limits.total_bytes, 2 * limits.member_bytes)
    assert not (target / "2024-02").exists()  # refused from its header, before a byte of it was written


def test_only_police_uk_file_names_are_unpacked(tmp_path):
    from openpeel.ingest.police_uk import unpack_zip

    archive = tmp_path / "mixed.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr(STREET, HEADER + ROW)
        z.writestr("2024-01-cambridgeshire-outcomes.csv", "Crime ID\n")
        for name in ("../../escaped-2024-01-x-street.csv", "/etc/2024-01-x-street.csv", "notes.txt", "a/b/c.csv",
                     "2024-01/2024-01-cambridgeshire-street.csv.sh"):  # fmt: skip
            z.writestr(name, "not police.uk data")
    target = tmp_path / "out"
    target.mkdir()
    unpack_zip(archive, target)
    found = sorted(str(p.relative_to(target)) for p in target.rglob("*") if p.is_file())
    assert found == ["2024-01-cambridgeshire-outcomes.csv", STREET]
    assert not (tmp_path / "escaped-2024-01-x-street.csv").exists()
