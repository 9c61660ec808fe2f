"""Faults: kill -9 during an indicator computation, a full disk and a read-only warehouse. The warehouse stays
readable and as it was, a re-run completes, and the user gets one line naming the file and the cause.

Full and read-only storage is real: as root (here), a tiny tmpfs and a read-only mount; otherwise a file-size
limit on the child process (RLIMIT_FSIZE) and file permissions, which bind anyone but root."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import time

import pytest

from openpeel.warehouse import connect

ROOT = os.geteuid() == 0


def openpeel(*args, preexec=None, **popen) -> subprocess.Popen:
    env = {**os.environ, "COLUMNS": "1000"}  # one error line, not wrapped by the console
    return subprocess.Popen(
        [sys.executable, "-m", "openpeel.cli", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=preexec,
        **popen,
    )


def one_line_error(child: subprocess.Popen) -> str:
    _, stderr = child.communicate(timeout=600)
    assert child.returncode == 1, stderr
    assert "Traceback" not in stderr and stderr.count("\n") == 1, stderr
    assert stderr.startswith("error: ")
    return stderr


def results(path) -> tuple[int, int]:
    """Rows of indicator results and assessments, and a hash of their figures (not of when they were made)."""
    con = connect(path, read_only=True)
    try:
        return con.execute(
            "SELECT (SELECT count(*) FROM indicator_result), (SELECT count(*) FROM indicator_assessment), "
            "(SELECT bit_xor(hash(indicator_id, force_id, period, numerator, denominator, value)) "
            " FROM indicator_result)"
        ).fetchone()
    finally:
        con.close()


def first_write(path, child):
    """Until the child's first write reaches the warehouse's write-ahead log."""
    wal = path.with_name(path.name + ".wal")
    while not wal.exists() and child.poll() is None:
        time.sleep(0.001)


def two_seconds_of_work(path, child):
    """Until the child has used 2 s more CPU than its imports take: it is computing."""
    ticks = os.sysconf("SC_CLK_TCK")
    while child.poll() is None:
        fields = open(f"/proc/{child.pid}/stat").read().rsplit(")", 1)[1].split()
        if (int(fields[11]) + int(fields[12])) / ticks > 4:
            return
        time.sleep(0.01)


@pytest.mark.parametrize("moment", [two_seconds_of_work, first_write], ids=["computing", "writing"])
def test_kill_9_during_indicator_computation_leaves_the_warehouse_readable_and_a_rerun_completes(
    demo_warehouse, copy_of, moment
):
    path = copy_of(demo_warehouse)
    before = results(path)
    child = openpeel("indicators", "compute", "--warehouse", str(path))
    moment(path, child)
    assert child.poll() is None, "the computation ended before it could be killed"
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL

    assert results(path) == before  # readable; old results or the same results again, never half
    rerun = openpeel("indicators", "compute", "--warehouse", str(path))
    out, err = rerun.communicate(timeout=600)
    assert rerun.returncode == 0, err
    assert results(path) == before


@pytest.fixture
def mounted(tmp_path):
    """Mount points made in a test, unmounted after it."""
    points = []

    def mount(*args):
        subprocess.run(["mount", *args], check=True)
        points.append(args[-1])

    yield mount
    for point in reversed(points):
        subprocess.run(["umount", point], check=True)


@pytest.fixture
def full_disk(tmp_path, mounted):
    """(folder, preexec): a folder whose disk is nearly full, or a child limited to files of 2 MB."""
    folder = tmp_path / "small-disk"
    folder.mkdir()
    if ROOT:
        mounted("-t", "tmpfs", "-o", "size=2m", "tmpfs", str(folder))
        return folder, None

    def limit():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG instead
        resource.setrlimit(resource.RLIMIT_FSIZE, (2 << 20, 2 << 20))

    return folder, limit


def test_a_full_disk_during_ingest_gives_one_line_and_leaves_a_readable_warehouse(full_disk):
    from openpeel.config import bundled_street_archive

    folder, preexec = full_disk
    path = folder / "warehouse.duckdb"
    child = openpeel("ingest", "police-uk", str(bundled_street_archive()), "--warehouse", str(path), preexec=preexec)
    error = one_line_error(child)
    assert str(path) in error and ("No space left on device" in error or "File too large" in error)
    con = connect(path, read_only=True)
    try:  # the batch was rolled back: no rows, and no record of a file loaded
        assert con.execute("SELECT count(*) FROM street_crime").fetchone() == (0,)
        assert con.execute("SELECT count(*) FROM source_file").fetchone() == (0,)
    finally:
        con.close()


@pytest.fixture
def read_only_folder(tmp_path, demo_warehouse, mounted):
    """A folder holding a copy of the warehouse, which no one may write to."""
    folder = tmp_path / "read-only"
    folder.mkdir()
    if ROOT:
        mounted("-t", "tmpfs", "-o", "size=256m", "tmpfs", str(folder))
    subprocess.run(["cp", str(demo_warehouse), str(folder / "warehouse.duckdb")], check=True)
    if ROOT:
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
    else:
        (folder / "warehouse.duckdb").chmod(0o444)
        folder.chmod(0o555)
    yield folder
    if not ROOT:
        folder.chmod(0o755)  # so that pytest can remove it


@pytest.fixture
def read_only_file(tmp_path, demo_warehouse, copy_of, mounted):
    """A copy of the warehouse that may not be written, in a folder that may."""
    path = copy_of(demo_warehouse)
    if ROOT:
        mounted("--bind", str(path), str(path))
        subprocess.run(["mount", "-o", "remount,ro,bind", str(path)], check=True)
    else:
        path.chmod(0o444)
    return path


def test_computing_into_a_read_only_folder_gives_one_line_and_reading_still_works(read_only_folder):
    path = read_only_folder / "warehouse.duckdb"
    before = results(path)
    error = one_line_error(openpeel("indicators", "compute", "--warehouse", str(path)))
    assert str(path) in error and ("Read-only file system" in error or "Permission denied" in error)
    tables = openpeel("warehouse", "tables", "--warehouse", str(path))
    out, err = tables.communicate(timeout=300)
    assert tables.returncode == 0 and "indicator_result" in out, err
    assert results(path) == before


def test_computing_into_a_read_only_warehouse_file_gives_one_line(read_only_file):
    before = results(read_only_file)
    error = one_line_error(openpeel("indicators", "compute", "--warehouse", str(read_only_file)))
    assert "Cannot open the warehouse at" in error and str(read_only_file) in error
    assert results(read_only_file) == before
