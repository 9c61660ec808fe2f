"""`openpeel demo`: the whole flow on the bundled data, step by step, ending with the web server."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from rich.console import Console

from openpeel.config import bundled_police_uk_archives


def run_demo(out: Console, host: str = "127.0.0.1", port: int = 8000, serve: bool = True) -> None:
    from openpeel.django_setup import migrate
    from openpeel.forces import get_force, peer_group
    from openpeel.indicators.engine import compute_all
    from openpeel.ingest.home_office import ingest_home_office
    from openpeel.ingest.returns import ingest_returns
    from openpeel.ingest.run import print_report, run_police_uk
    from openpeel.record import bundled_record_path, import_record
    from openpeel.synth.generate import generate
    from openpeel.warehouse import connect
    from openpeel.web.server import serve as serve_web

    _set_aside_an_older_warehouse(out)
    out.rule("1. Ingest the bundled police.uk files (street, outcomes, stop and search)")
    for archive in bundled_police_uk_archives():
        print_report(out, run_police_uk(archive, out), title=archive.name)
    out.rule("2. Ingest the bundled Home Office and ONS tables; import the published PEEL record")
    con = connect()
    try:
        print_report(out, ingest_home_office(con), title="Home Office and ONS tables")
        result = import_record(bundled_record_path(), con)
        out.print(
            f"The published PEEL record: {result.reports} reports, {result.grades} grades, {result.causes} causes "
            f"of concern{'' if result.changed else ' (already imported)'}"
        )
    finally:
        con.close()
    out.rule("3. Synthetic force returns: Cambridgeshire and its peer group, 2019 (seeded; marked SYNTHETIC)")
    with tempfile.TemporaryDirectory(prefix="openpeel-demo-") as tmp:
        forces = [get_force("cambridgeshire"), *(get_force(m) for m in peer_group("cambridgeshire").members)]  # type: ignore[union-attr]
        with out.status("Generating synthetic returns"):
            generate(Path(tmp), forces, (2019, 1), (2019, 12), seed=2019)
        con = connect()
        try:
            with out.status("Ingesting synthetic returns"):
                print_report(out, ingest_returns(con, tmp), title="synthetic force returns")
        finally:
            con.close()
    out.rule("4. Compute the indicator catalogue, compare forces, chart each series")
    con = connect()
    try:
        with out.status("Computing indicators"):
            counts = compute_all(con)
        out.print(f"{len(counts)} indicators, {sum(counts.values()):,} force-period results")
    finally:
        con.close()
    out.rule("5. Workflow database")
    migrate()
    from openpeel.config import var_dir, warehouse_path
    from openpeel.demo.examples import build_demo_report
    from openpeel.demo.inspection import seed
    from openpeel.demo.monitoring import seed_monitoring

    seeded = seed(warehouse_path())
    made = "seeded" if seeded.created else "already there"
    out.print(
        f"Workflow database ready; Cambridgeshire's 2025–27 inspection (the current cycle) in moderation is {made}."
    )
    followed = seed_monitoring()
    out.print(
        f"Its published predecessor is followed up: {len(followed.items)} tracked items; the linked indicator "
        f"signals: {'; '.join(followed.signals)}"
    )
    url = f"http://{host}:{port}/"
    out.rule(
        "6. Publish: Cambridgeshire's real 2023–25 grades, from the record, in openpeel's own words (a demonstration)"
    )
    report = followed.inspection
    start = time.perf_counter()
    with out.status("Building the report (charts drawn offline, PDF by WeasyPrint)"):
        files = build_demo_report(report, var_dir() / "reports")
    out.print(f"Built in {time.perf_counter() - start:.1f} s: " + ", ".join(str(f) for f in files))
    out.rule("7. Web app")
    out.print(f"Cambridgeshire's page:  {url}forces/cambridgeshire/")
    out.print(f"The inspection:         {url}inspections/{seeded.inspection.pk}/")
    out.print(f"Monitoring:             {url}monitoring/forces/cambridgeshire/")
    out.print(f"Its published report:   {url}reports/{report.pk}/  (and {url}reports/{report.pk}/press-release/)")
    for user, password in seeded.passwords.items():
        out.print(f"Demo sign-in:           {url}sign-in/  user [bold]{user}[/]  password [bold]{password}[/]")
    if serve:
        out.print(f"openpeel is listening on {url}  (Ctrl+C to stop)")
        serve_web(host, port)


def _set_aside_an_older_warehouse(out: Console) -> None:
    """The demo rebuilds its warehouse from bundled files, so one made by an older openpeel is moved aside."""
    from openpeel.config import warehouse_path
    from openpeel.errors import WarehouseError
    from openpeel.warehouse import connect

    try:
        connect().close()
    except WarehouseError as e:
        if "another version" not in str(e):
            raise
        old = warehouse_path()
        aside = old.with_name(old.name + ".old")
        old.replace(aside)
        out.print(f"Moved a warehouse made by another version of openpeel to {aside}")
