"""Synthetic returns at national scale: all 43 territorial forces, a whole year, into a temporary folder.

Run: .venv/bin/python bench/bench_synth.py [--format csv|parquet] [--from 2019-01] [--to 2019-12]
Prints rows per table, rows per second, bytes written and the peak resident memory of the process
(which stays near one force-month's worth however many forces and months are generated).
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

from openpeel.synth.generate import generate, parse_month, resolve_forces


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--format", default="csv", choices=["csv", "parquet"])
    parser.add_argument("--from", dest="start", default="2019-01")
    parser.add_argument("--to", dest="end", default="2019-12")
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    forces = resolve_forces("all")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with tempfile.TemporaryDirectory() as tmp:
        began = time.perf_counter()
        summary = generate(Path(tmp), forces, parse_month(args.start), parse_month(args.end), args.seed, args.format)
        seconds = time.perf_counter() - began
        size = sum(p.stat().st_size for p in Path(tmp).rglob("*") if p.is_file())
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    print(f"{len(forces)} forces x {summary.force_months // len(forces)} months, {args.format}")
    for table, rows in summary.rows.items():
        print(f"  {table:20s} {rows:>12,}")
    print(f"  {'all':20s} {summary.total:>12,}")
    print(f"time {seconds:.1f} s, {summary.total / seconds:,.0f} rows/s, {size / 1e9:.2f} GB written")
    print(f"peak memory {peak / 1024:,.0f} MiB (after imports: {before / 1024:,.0f} MiB)")


if __name__ == "__main__":
    main()
