"""Load on the public pages: locust users against `openpeel web serve` (waitress) on 127.0.0.1.

Run: .venv/bin/python bench/bench_load.py [--reuse PATH] [--users 50] [--seconds 60] [--url label=/path ...]

1. Builds a warehouse from the bundled data (police.uk archives, Home Office tables, 12 months of seeded
   synthetic returns for Cambridgeshire and its peer group, the catalogue computed), or reuses one (--reuse).
2. Starts the server on a free port, times the first request to each URL, and runs --users locust users
   (FastHttpUser) for --seconds, each asking for the URLs in
   turn (the force page, the national overview, the published report, a public API read and a static file)
   with a pause of --think seconds on average (uniform from half to one and a half times) between visits; prints
   p50/p95/p99 per URL, the error count, and the force page's p95 over the static file's p95 (both from the
   same run and the same server).
3. Grows the warehouse tenfold: a copy whose indicator results (and their assessments) are repeated under
   nine earlier spans of months, so the force page has ten times the periods to read; starts a second server
   on it and times the force page with one user asking the two servers in turn (the first request to each,
   rendered from its warehouse, is printed apart).

Targets: no errors; force page p95 under 100 ms; page time on the tenfold warehouse within 1.2x.
Other URLs replace the default set with --url label=/path (repeatable); those labelled "force" and "static"
are the ones the ratio uses. Every client asks for gzip, as browsers do.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

# locust runs its users on gevent, which patches the standard library as it is imported: import it first.
import gevent
from locust import FastHttpUser, between, task
from locust.env import Environment

DEFAULT_URLS = [
    "force=/forces/cambridgeshire/",
    "national=/reports/national/peel-2023-25/",
    "report=/reports/1/",
    "api=/api/inspections/1/judgments",
    "static=/assets/govuk/govuk-frontend.min.css",
]
SYNTH_MONTHS = ((2019, 1), (2019, 12))
GROWTH = 10


def build(path: Path) -> None:
    """The demo's warehouse: bundled files, synthetic returns for Cambridgeshire and peers, indicators."""
    from openpeel.config import bundled_police_uk_archives
    from openpeel.forces import get_force, peer_group
    from openpeel.indicators.engine import compute_all
    from openpeel.ingest.home_office import ingest_home_office
    from openpeel.ingest.police_uk import ingest_police_uk
    from openpeel.ingest.returns import ingest_returns
    from openpeel.synth.generate import generate
    from openpeel.warehouse import connect

    start = time.perf_counter()
    con = connect(path)
    for archive in bundled_police_uk_archives():
        ingest_police_uk(con, archive)
    ingest_home_office(con)
    forces = [get_force("cambridgeshire"), *(get_force(m) for m in peer_group("cambridgeshire").members)]
    with tempfile.TemporaryDirectory(prefix="openpeel-bench-") as tmp:
        generate(Path(tmp), forces, *SYNTH_MONTHS, seed=2019)
        ingest_returns(con, tmp)
    compute_all(con)
    con.close()
    print(f"  built {path} in {time.perf_counter() - start:.0f} s")


def grow(source: Path, target: Path, factor: int = GROWTH) -> dict[str, tuple[int, int]]:
    """Copy the warehouse and repeat its indicator results under factor - 1 earlier spans of months.
    Returns rows before and after per table."""
    from openpeel.warehouse import connect

    shutil.copy(source, target)
    con = connect(target)
    first, last = con.execute("SELECT min(period), max(period) FROM indicator_result").fetchone()
    span = (last.year - first.year) * 12 + last.month - first.month + 1
    sizes = {}
    for table in ("indicator_result", "indicator_assessment"):
        before = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        for k in range(1, factor):
            con.execute(
                f"INSERT INTO {table} SELECT * REPLACE (CAST(period - INTERVAL {k * span} MONTH AS DATE) AS period) "
                f"FROM {table} WHERE period >= ?",
                [first],
            )
        sizes[table] = (before, con.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    con.close()
    return sizes


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`openpeel web serve` in a child process, on a warehouse and a workflow database holding the demo's
    inspection, published (so the report page, the national overview and the API have one to show)."""

    def __init__(self, warehouse: Path, var: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "OPENPEEL_WAREHOUSE": str(warehouse), "OPENPEEL_VAR": str(var)}
        cli = [sys.executable, "-m", "openpeel.cli", "web"]
        var.mkdir(parents=True, exist_ok=True)
        subprocess.run([*cli, "migrate"], env=env, check=True, stdout=subprocess.DEVNULL)
        subprocess.run(
            [sys.executable, "-m", "openpeel.demo.stage", str(warehouse), "publish"],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )  # the demo's inspection, published: report 1
        # waitress warns on stderr whenever requests queue; kept in a file, not on the screen
        self.log = open(var / "server.log", "w")  # noqa: SIM115
        self.process = subprocess.Popen(
            [*cli, "serve", "--port", str(self.port)], env=env, stdout=subprocess.DEVNULL, stderr=self.log
        )
        for _ in range(100):
            try:
                urllib.request.urlopen(self.url + "/", timeout=1).read()
                return
            except OSError:
                time.sleep(0.1)
        raise SystemExit(f"the server did not answer at {self.url}")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)
        self.log.close()


def run_load(url: str, paths: dict[str, str], users: int, seconds: float, think: float) -> dict:
    """locust as a library: `users` users, all started at once, each asking for every path in turn."""

    class Visitor(FastHttpUser):  # geventhttpclient: the load generator itself must not be what saturates
        host = url
        wait_time = between(think / 2, think * 3 / 2)  # people do not click in step

        @task
        def visit(self):
            for label, path in paths.items():
                with self.client.get(path, name=label, catch_response=True) as r:
                    if r.status_code != 200:
                        r.failure(f"HTTP {r.status_code}")

    env = Environment(user_classes=[Visitor])
    runner = env.create_local_runner()
    runner.start(users, spawn_rate=users)
    gevent.sleep(seconds)
    runner.quit()
    result = {}
    for label in paths:
        entry = env.stats.get(label, "GET")
        result[label] = {
            "requests": entry.num_requests,
            "errors": entry.num_failures,
            **{f"p{q}": entry.get_response_time_percentile(q / 100) for q in (50, 95, 99)},
        }
    return result


def fetch_ms(url: str) -> tuple[float, int]:
    """One request, as a browser asks (gzip): milliseconds, and the bytes sent."""
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
    start = time.perf_counter()
    with urllib.request.urlopen(request, timeout=60) as r:
        size = len(r.read())
    return (time.perf_counter() - start) * 1000, size


def page_times(urls: list[str], repeats: int = 200) -> list[tuple[float, float, int]]:
    """One visitor asking for each URL in turn, `repeats` times (after two warm-up rounds), so that whatever
    else the machine does weighs on each alike: median and 95th percentile in ms, and bytes sent, per URL."""
    times: list[list[float]] = [[] for _ in urls]
    sizes = [0] * len(urls)
    for i in range(repeats + 2):
        for k, url in enumerate(urls):
            ms, sizes[k] = fetch_ms(url)
            if i >= 2:
                times[k].append(ms)
    return [(statistics.median(t), statistics.quantiles(t, n=20)[-1], n) for t, n in zip(times, sizes, strict=True)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reuse", type=Path, help="Keep the built warehouse here, or use the one already here.")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--think", type=float, default=1.0, help="Pause of each user between visits, seconds.")
    parser.add_argument("--url", action="append", help="label=/path (repeatable); default: DEFAULT_URLS.")
    args = parser.parse_args()
    paths = dict(u.split("=", 1) for u in (args.url or DEFAULT_URLS))
    for needed in ("force", "static"):
        if needed not in paths:
            parser.error(f"--url needs one labelled {needed!r}")

    with tempfile.TemporaryDirectory(prefix="openpeel-load-") as tmp:
        tmp = Path(tmp)
        warehouse = args.reuse or tmp / "warehouse.duckdb"
        if not warehouse.exists():
            print("Building the warehouse from the bundled data")
            build(warehouse)
        server, grown_server = Server(warehouse, tmp / "var"), None
        try:
            # The first request after a start (or a warehouse change) renders from the stores; later ones are
            # served from memory. Timed apart, before the users arrive.
            cold = {label: fetch_ms(server.url + path)[0] for label, path in paths.items()}
            print(f"{args.users} users for {args.seconds:.0f} s, {args.think:g} s between visits, at {server.url}")
            print(f"load average of the machine before: {' '.join(f'{x:.1f}' for x in os.getloadavg())} (2 cores)")
            load = run_load(server.url, paths, args.users, args.seconds, args.think)
            sizes = grow(warehouse, tmp / "warehouse-x10.duckdb")
            grown_server = Server(tmp / "warehouse-x10.duckdb", tmp / "var10")
            cold_tenfold = fetch_ms(grown_server.url + paths["force"])[0]
            base, tenfold = page_times([server.url + paths["force"], grown_server.url + paths["force"]])
        finally:
            server.stop()
            if grown_server:
                grown_server.stop()

    print(f"\n{'url':<10}{'first ms':>9}{'requests':>10}{'errors':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}")
    for label, s in load.items():
        print(
            f"{label:<10}{cold[label]:>9.0f}{s['requests']:>10}{s['errors']:>8}"
            f"{s['p50']:>9.0f}{s['p95']:>9.0f}{s['p99']:>9.0f}"
        )
    print("(first ms: the first request, rendered from the stores, before the users arrive)")
    errors = sum(s["errors"] for s in load.values())
    force_p95, ratio = load["force"]["p95"], load["force"]["p95"] / max(load["static"]["p95"], 1)
    growth = tenfold[0] / base[0]
    print(f"\nerrors: {errors} ({'PASS' if errors == 0 else 'MISS'}: target 0)")
    print(f"force page p95 under load: {force_p95:.0f} ms ({'PASS' if force_p95 < 100 else 'MISS'}: target < 100 ms)")
    print(f"force page p95 / static file p95: {ratio:.1f}x")
    for table, (before, after) in sizes.items():
        print(f"tenfold warehouse: {table} {before:,} -> {after:,} rows")
    print(
        f"force page alone, the two servers asked in turn, median (p95): {base[0]:.1f} ms ({base[1]:.1f}) -> "
        f"tenfold {tenfold[0]:.1f} ms ({tenfold[1]:.1f}); ratio {growth:.2f} "
        f"({'PASS' if growth < 1.2 else 'MISS'}: target < 1.2)"
    )
    print(
        f"force page's first request (rendered from the warehouse): {cold['force']:.0f} ms -> "
        f"tenfold {cold_tenfold:.0f} ms; ratio {cold_tenfold / cold['force']:.2f}"
    )
    print(
        f"force page sent (gzipped): {base[2]:,} bytes -> tenfold {tenfold[2]:,} bytes "
        "(each series lists its latest 24 periods)"
    )
    figures = {"load": load, "first_ms": cold, "first_tenfold_ms": cold_tenfold, "alone_ms": base}
    print(json.dumps({**figures, "tenfold_ms": tenfold, "sizes": sizes}))
    if errors:  # latency depends on the machine and is reported; a failed request fails the run (make hardening)
        raise SystemExit(f"{errors} requests failed under load")


if __name__ == "__main__":
    main()
