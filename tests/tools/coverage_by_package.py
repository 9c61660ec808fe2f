"""Branch coverage per package of openpeel, from the .coverage file `make test` leaves (both runs combined).

    python tests/tools/coverage_by_package.py [--data-file .coverage]

A package is the first level under openpeel/ (openpeel.ingest, openpeel.indicators, ...); top-level modules
(config.py, errors.py, ...) are reported together as `openpeel (top level)`. Branch coverage counts each
possible jump once: covered branches / all branches, as `coverage report` does per file.
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from pathlib import Path

import coverage


def by_package(data_file: str) -> dict[str, tuple[int, int, int, int]]:
    cov = coverage.Coverage(data_file=data_file)
    cov.load()
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])  # statements, run, branches, taken
    for path in cov.get_data().measured_files():
        parts = Path(path).parts
        if "openpeel" not in parts:
            continue
        inner = parts[len(parts) - 1 - parts[::-1].index("openpeel") + 1 :]
        package = f"openpeel.{inner[0]}" if len(inner) > 1 else "openpeel (top level)"
        analysis = cov._analyze(path)  # the same figures `coverage report` prints per file
        n = analysis.numbers
        t = totals[package]
        t[0] += n.n_statements
        t[1] += n.n_statements - n.n_missing
        t[2] += n.n_branches
        t[3] += n.n_branches - n.n_missing_branches
    return {k: tuple(v) for k, v in sorted(totals.items())}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-file", default=".coverage")
    args = parser.parse_args()
    rows = by_package(args.data_file)
    print(f"\n{'package':28} {'lines':>13} {'branches':>15}")
    for package, (stmts, run, branches, taken) in rows.items():
        lines = f"{run}/{stmts} {100 * run / stmts:5.1f}%" if stmts else "-"
        br = f"{taken}/{branches} {100 * taken / branches:5.1f}%" if branches else "-"
        print(f"{package:28} {lines:>13} {br:>15}")


if __name__ == "__main__":
    main()
