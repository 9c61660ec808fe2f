"""Build all 43 forces' reports (HTML, PDF, press release as text and PDF) from seeded demo inspections.

The baseline, timed in the same run, is rendering each report's HTML alone (assembly and template, no PDF),
so the ratio says what the PDFs and charts cost. With --warehouse, each inspection attaches up to three of its
force's indicator results, and their charts are drawn. The full build runs in one process, then in --jobs
worker processes (as `openpeel publish build --all --jobs N`).

    .venv/bin/python bench/bench_publish.py                      # no warehouse: no annex charts
    .venv/bin/python bench/bench_publish.py --warehouse var/warehouse.duckdb --jobs 2
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warehouse", type=Path, help="a computed warehouse, for the indicators and charts")
    parser.add_argument("--seed", type=int, default=43)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="worker processes for the parallel run")
    args = parser.parse_args()
    var = Path(tempfile.mkdtemp(prefix="openpeel-bench-publish-"))
    os.environ["OPENPEEL_VAR"] = str(var)  # a fresh workflow database, never the user's
    if args.warehouse:
        os.environ["OPENPEEL_WAREHOUSE"] = str(args.warehouse.resolve())
    from openpeel.django_setup import migrate

    migrate()
    from django.template.loader import render_to_string
    from django.utils import timezone

    from openpeel.demo.examples import example_inspection, publish_example
    from openpeel.forces import all_forces
    from openpeel.frameworks import load_framework
    from openpeel.inspections.audit import acting_as
    from openpeel.publishing.files import write_many
    from openpeel.publishing.versions import assemble, publish_due
    from openpeel.warehouse import connect

    rng = random.Random(args.seed)
    grades = [g.id for g in load_framework("peel-2023-25").grades()]
    areas = [a.id for a in load_framework("peel-2023-25").graded_areas()]
    forces = [f for f in all_forces() if f.territorial]
    con = connect(read_only=True) if args.warehouse else None
    start = time.perf_counter()
    with acting_as("bench"):
        inspections = [example_inspection(f.id, {a: rng.choice(grades) for a in areas}, con=con) for f in forces]
        embargo = timezone.now() + dt.timedelta(hours=1)
        for inspection in inspections:
            publish_example(inspection, moderator="bench", embargo_at=embargo, now=timezone.now())
    publish_due(now=embargo)  # the clock set to the embargo: nobody waits an hour
    print(f"setup: {len(inspections)} inspections seeded and published in {time.perf_counter() - start:.1f} s")

    start = time.perf_counter()
    for inspection in inspections:
        # The files' template, charts left undrawn: what assembling and rendering alone cost.
        render_to_string(
            "publishing/document.html", {"r": assemble(inspection), "pdf": True, "title": "", "author": ""}
        )
    baseline = time.perf_counter() - start
    timings = {}
    for jobs in dict.fromkeys([1, args.jobs]):
        out = var / f"reports-{jobs}"
        out.mkdir()
        start = time.perf_counter()
        written = sum(len(files) for _, files in write_many([i.pk for i in inspections], out, jobs))
        timings[jobs] = time.perf_counter() - start
        print(
            f"full build (HTML, PDF, press release), {jobs} process{'es' if jobs > 1 else ''}: {timings[jobs]:.1f} s "
            f"({written} files; {timings[jobs] / len(inspections):.2f} s per force; {timings[jobs] / baseline:.1f}x "
            f"the HTML alone)"
        )
    print(f"baseline (HTML only): {baseline:.1f} s; files in {var}")


if __name__ == "__main__":
    main()
