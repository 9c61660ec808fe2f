"""Faults: kill -9 during an indicator computation, a publication build and a request that writes; a full disk
and a read-only warehouse. The warehouse and the workflow database stay readable (and the audit chain
verifies), a re-run completes, and the user gets one line naming the file and the cause.

Full and read-only storage is real: as root (here), a tiny tmpfs and a read-only mount; otherwise a file-size
limit on the child process (RLIMIT_FSIZE) and file permissions, which bind anyone but root."""

from __future__ import annotations

import os
import resource
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

import pytest

from openpeel.warehouse import connect

ROOT = os.geteuid() == 0


def openpeel(*args, preexec=None, env=None, **popen) -> subprocess.Popen:
    env = {**os.environ, **(env or {}), "COLUMNS": "1000"}  # one error line, not wrapped by the console
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


# --- the workflow database: a publication build and a request that writes, killed ---


class Stores:
    """A copy of the warehouse and a SQLite workflow database holding the demo's inspection, staged by
    `openpeel.demo.stage` (as the load bench does)."""

    def __init__(self, tmp_path, warehouse, step: str):
        self.var, self.warehouse = tmp_path / "var", warehouse
        self.env = {"OPENPEEL_VAR": str(self.var), "OPENPEEL_WAREHOUSE": str(warehouse), "OPENPEEL_DATABASE_URL": ""}
        self.run("web", "migrate")
        staged = subprocess.run(
            [sys.executable, "-m", "openpeel.demo.stage", str(warehouse), step],
            env={**os.environ, **self.env}, capture_output=True, text=True, check=True,
        )  # fmt: skip
        self.inspection = int(staged.stdout.split()[-1])

    def run(self, *args) -> str:
        child = openpeel(*args, env=self.env)
        out, err = child.communicate(timeout=600)
        assert child.returncode == 0, err
        return out

    def status(self) -> str:
        with sqlite3.connect(self.var / "workflow.sqlite3") as con:
            assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            return con.execute("SELECT status FROM inspections_inspection WHERE id = ?", [self.inspection]).fetchone()[
                0
            ]

    def assert_intact(self, warehouse_before):
        """Both stores readable, the warehouse as it was, the audit chain whole."""
        assert results(self.warehouse) == warehouse_before
        self.status()
        assert "chain intact" in self.run("inspections", "verify-audit")


@pytest.mark.parametrize("moment", ["rendering", "writing"])
def test_kill_9_during_a_publication_build_leaves_both_stores_whole_and_a_rerun_completes(
    tmp_path, demo_warehouse, copy_of, moment
):
    stores = Stores(tmp_path, copy_of(demo_warehouse), "small_example")
    before = results(stores.warehouse)
    folder = tmp_path / "reports"
    child = openpeel("publish", "build", "--all", "--out", str(folder), env=stores.env)
    # rendering: the folder is made before the first report is rendered; writing: its first file has landed
    ready = (lambda: folder.exists()) if moment == "rendering" else (lambda: any(folder.glob("*.html")))
    while not ready() and child.poll() is None:
        time.sleep(0.001)
    assert child.poll() is None, "the build ended before it could be killed"
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=30)

    stores.assert_intact(before)
    for pdf in folder.glob("*.pdf"):  # whatever a killed build left is whole (written aside, then renamed)
        assert pdf.read_bytes().rstrip().endswith(b"%%EOF"), pdf
    assert "1 report written" in stores.run("publish", "build", "--all", "--out", str(folder))
    built = sorted(p.name for p in folder.iterdir() if p.suffix != ".part")
    assert built == sorted(f"cambridgeshire-peel-2023-25{s}" for s in (".html", ".pdf", "-press-release.txt",
                                                                       "-press-release.pdf"))  # fmt: skip
    stores.assert_intact(before)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, stores: Stores):
        self.url = f"http://127.0.0.1:{free_port()}"
        self.process = openpeel("web", "serve", "--port", self.url.rsplit(":", 1)[1], env=stores.env)
        for _ in range(300):
            try:
                urllib.request.urlopen(self.url + "/api/openapi.json", timeout=1).read()
                return
            except OSError:
                time.sleep(0.1)
        raise AssertionError("the server did not answer")

    def approve(self, token: str, inspection: int) -> int:
        request = urllib.request.Request(
            f"{self.url}/api/inspections/{inspection}/moves", data=b'{"to": "approved"}', method="POST",
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        )  # fmt: skip
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status
        except urllib.error.HTTPError as e:
            return e.code
        except OSError:
            return 0  # the server died with the request in hand


def test_kill_9_while_a_moderator_approves_through_the_api_leaves_the_workflow_database_whole(
    tmp_path, demo_warehouse, copy_of
):
    stores = Stores(tmp_path, copy_of(demo_warehouse), "grade_the_rest")
    before = results(stores.warehouse)
    token = stores.run("web", "token", "demo-moderator", "--name", "faults").split(": ")[-1].split()[0]
    server = Server(stores)
    journal = stores.var / "workflow.sqlite3-journal"
    answers = []
    request = threading.Thread(target=lambda: answers.append(server.approve(token, stores.inspection)))
    request.start()
    while not journal.exists() and request.is_alive():  # the approval's transaction has begun writing
        time.sleep(0.0005)
    os.kill(server.process.pid, signal.SIGKILL)
    server.process.wait(timeout=30)
    request.join(timeout=60)

    # Approved with its audit entries, or not at all: never half (the chain and the head agree).
    assert stores.status() in ("in_moderation", "approved")
    stores.assert_intact(before)
    again = Server(stores)
    try:
        answer = again.approve(token, stores.inspection)
    finally:
        os.kill(again.process.pid, signal.SIGKILL)
        again.process.wait(timeout=30)
    assert answer in (200, 400)  # 400: it had been approved before the kill, and cannot be again
    assert stores.status() == "approved"
    stores.assert_intact(before)
