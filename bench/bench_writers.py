"""Writers and readers at once on the workflow database (issue 19.2): N bearer-token writers grade areas of one
draft inspection through the API while N readers list its judgments, for S seconds, against `openpeel web
serve` (waitress, 8 threads) on SQLite or PostgreSQL. Ends with the counts; exits non-zero on any failed
request (a 5xx, an HTML answer, a refused connection) or a successful write missing from the audit chain.

    python bench/bench_writers.py --seconds 60 --database sqlite
    python bench/bench_writers.py --seconds 60 --database postgresql://postgres@127.0.0.1:5432
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

AREAS = ("preventing-crime", "responding", "investigating", "protecting-vulnerable", "managing-offenders")

PREPARE = """
import json
from django.contrib.auth import get_user_model
from openpeel.demo.factories import make_inspection
from openpeel.inspections.audit import acting_as
from openpeel.inspections.models import ApiToken, Membership
users = []
for name, role in (("bench-writer", "inspector"), ("bench-reader", "inspector")):
    user = get_user_model().objects.create_user(name, password="not used in the bench")
    Membership(user=user, role=role).save()
    users.append(user)
with acting_as(users[0]):
    inspection = make_inspection()
    inspection.inspectors.add(*users)
print(json.dumps({"inspection": inspection.pk, "writer": ApiToken.issue(users[0], "bench")[1],
                  "reader": ApiToken.issue(users[1], "bench")[1]}))
"""

VERIFY = """
import json, sys
from openpeel.inspections.audit import verify_chain
from openpeel.inspections.models import AuditEntry
report = verify_chain()
written = set(json.load(sys.stdin))
recorded = {e.after.get("rationale") for e in AuditEntry.objects.filter(object_type="inspections.judgment")
            if e.after and str(e.after.get("rationale", "")).startswith("bench ")}
print(json.dumps({"chain_ok": report.ok, "problem": report.problem, "entries": report.count,
                  "missing": sorted(written - recorded)}))
"""


def django_python(env: dict, code: str, stdin: str = "") -> str:
    """Run `code` with Django set up, in a child with the bench's stores."""
    script = "from openpeel.django_setup import setup_django\nsetup_django()\n" + code
    done = subprocess.run([sys.executable, "-c", script], env=env, input=stdin, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(done.stderr)
    return done.stdout.strip().splitlines()[-1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.requests = self.errors = self.writes = self.reads = 0
        self.written: list[str] = []
        self.samples: list[str] = []

    def add(self, ok: bool, what: str, rationale: str | None = None) -> None:
        with self.lock:
            self.requests += 1
            if not ok:
                self.errors += 1
                if len(self.samples) < 5:
                    self.samples.append(what)
            elif rationale is not None:
                self.writes += 1
                self.written.append(rationale)
            else:
                self.reads += 1


def call(conn: http.client.HTTPConnection, method: str, path: str, token: str, body=None):
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    conn.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
    response = conn.getresponse()
    return response.status, response.getheader("Content-Type", ""), response.read()


def worker(port: int, kind: str, n: int, info: dict, until: float, tally: Tally) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    pk, count = info["inspection"], 0
    while time.monotonic() < until:
        count += 1
        rationale = None
        try:
            if kind == "writer":
                rationale = f"bench {n}-{count}"
                area = AREAS[(n + count) % len(AREAS)]
                status, ctype, data = call(
                    conn, "PUT", f"/api/inspections/{pk}/judgments/{area}", info["writer"],
                    {"grade_id": "GOOD", "rationale": rationale},
                )  # fmt: skip
            else:
                status, ctype, data = call(conn, "GET", f"/api/inspections/{pk}/judgments", info["reader"])
            ok = status == 200 and ctype.startswith("application/json")
            tally.add(ok, f"{kind} {status} {ctype} {data[:200]!r}", rationale)
        except (OSError, http.client.HTTPException) as e:
            tally.add(False, f"{kind} {type(e).__name__}: {e}")
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    conn.close()


def run(seconds: float, database: str, writers: int = 10, readers: int = 10) -> dict:
    """The whole run in a temporary folder (and, for PostgreSQL, a database made and dropped for it)."""
    with tempfile.TemporaryDirectory(prefix="openpeel-bench-writers-") as tmp:
        env = {**os.environ, "OPENPEEL_VAR": str(Path(tmp) / "var")}
        env.pop("OPENPEEL_DATABASE_URL", None)
        dbname = None
        if database != "sqlite":
            import psycopg

            dbname = f"openpeel_bench_{uuid.uuid4().hex[:8]}"
            with psycopg.connect(f"{database}/postgres", autocommit=True) as con:
                con.execute(f'CREATE DATABASE "{dbname}"')
            env["OPENPEEL_DATABASE_URL"] = f"{database}/{dbname}"
        server = None
        try:
            cli = [sys.executable, "-m", "openpeel.cli", "web"]
            subprocess.run([*cli, "migrate"], env=env, check=True, capture_output=True)
            info = json.loads(django_python(env, PREPARE))
            port = free_port()
            log = Path(tmp) / "server.log"
            with open(log, "w") as errors:
                server = subprocess.Popen([*cli, "serve", "--port", str(port)], env=env, stdout=errors, stderr=errors)
                for _ in range(600):
                    try:
                        socket.create_connection(("127.0.0.1", port), timeout=1).close()
                        break
                    except OSError:
                        time.sleep(0.1)
                tally = Tally()
                until = time.monotonic() + seconds
                threads = [
                    threading.Thread(target=worker, args=(port, kind, n, info, until, tally))
                    for kind, count in (("writer", writers), ("reader", readers))
                    for n in range(count)
                ]
                for t in threads:
                    t.start()
                for t in threads:
                    t.join()
                server.terminate()
                server.wait(timeout=30)
                server = None
            checked = json.loads(django_python(env, VERIFY, json.dumps(tally.written)))
            failures = [line for line in log.read_text().splitlines() if "Error" in line or "error" in line]
            return {
                "database": "sqlite" if database == "sqlite" else "postgresql",
                "seconds": seconds,
                "requests": tally.requests,
                "writes": tally.writes,
                "reads": tally.reads,
                "errors": tally.errors,
                "error_samples": tally.samples,
                "server_errors_logged": failures[-5:],  # the cause of a 500, from the server's log
                "audit_entries": checked["entries"],
                "chain_ok": checked["chain_ok"],
                "chain_problem": checked["problem"],
                "writes_missing_from_audit": len(checked["missing"]),
            }
        finally:
            if server is not None:
                server.kill()
                server.wait()
            if dbname:
                import psycopg

                with psycopg.connect(f"{database}/postgres", autocommit=True) as con:
                    con.execute(f'DROP DATABASE "{dbname}" WITH (FORCE)')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--database", default="sqlite", help="sqlite, or a PostgreSQL server URL without a name")
    parser.add_argument("--writers", type=int, default=10)
    parser.add_argument("--readers", type=int, default=10)
    args = parser.parse_args()
    result = run(args.seconds, args.database, args.writers, args.readers)
    print(json.dumps(result, indent=2))
    failed = result["errors"] or not result["chain_ok"] or result["writes_missing_from_audit"] or not result["writes"]
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
