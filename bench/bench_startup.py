"""How long a command takes to answer: `openpeel --help` and `openpeel forces show cambridgeshire` against
`python -c pass`, each a fresh process, timed in the same run.

The commands take turns (pass, help, show, pass, help, show, ...) so that other work on the machine weighs on
each alike. It prints for each the median and 90th percentile of the wall time, the median as a multiple of
`python -c pass`'s, the median CPU time (user and system: what the command costs, however busy the machine is),
PASS or MISS against the 0.3 s target, and the load average before and after. With --src given twice (a copy of
an older tree, e.g. from `git archive`), both trees are timed in the same turns: before and after in one run.

    .venv/bin/python bench/bench_startup.py                   # 20 runs of each
    .venv/bin/python bench/bench_startup.py --runs 50
    mkdir /tmp/before && git archive 8e6a68d src | tar -x -C /tmp/before   # the tree before issue 21
    .venv/bin/python bench/bench_startup.py --src /tmp/before/src --src src
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
TARGET = 0.3  # seconds, on an idle machine (issue 21)
COMMANDS = {"openpeel --help": ["--help"], "openpeel forces show cambridgeshire": ["forces", "show", "cambridgeshire"]}


def timed(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall time and CPU time (user and system) of one run: on a shared machine the wall time is what a user
    waits, the CPU time what the command costs whatever else is running."""
    before, start = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
    subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    wall, after = time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def load() -> str:
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="runs of each command")
    parser.add_argument("--src", type=Path, action="append", help="a src folder to time (repeatable; default ours)")
    args = parser.parse_args()
    trees = [p.resolve() for p in args.src or [SRC]]
    runs: dict[str, tuple[list[str], dict[str, str]]] = {"python -c pass": ([sys.executable, "-c", "pass"], {})}
    for tree in trees:
        label = "" if len(trees) == 1 else f" [{tree.parent.name}/{tree.name}]"
        for name, command in COMMANDS.items():
            runs[name + label] = ([sys.executable, "-m", "openpeel.cli", *command], {"PYTHONPATH": str(tree)})
    env = {**os.environ, "COLUMNS": "120"}
    for argv, extra in runs.values():  # once each first: the files into the page cache, .pyc files written
        timed(argv, {**env, **extra})
    print(f"load average before: {load()}; {args.runs} runs of each, taking turns")
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in runs}
    for _ in range(args.runs):
        for name, (argv, extra) in runs.items():
            times[name].append(timed(argv, {**env, **extra}))
    base = statistics.median(wall for wall, _ in times["python -c pass"])
    width = max(map(len, times))
    for name, values in times.items():
        walls = [wall for wall, _ in values]
        median, p90 = statistics.median(walls), statistics.quantiles(walls, n=10)[-1]
        cpu = statistics.median(cpu for _, cpu in values)
        verdict = "" if name.startswith("python") else f"  {'PASS' if median < TARGET else 'MISS'} (< {TARGET} s)"
        print(
            f"{name:{width}s}  median {median:.3f} s  p90 {p90:.3f} s  {median / base:6.1f}x python -c pass  "
            f"CPU {cpu:.3f} s{verdict}"
        )
    print(f"load average after: {load()}")


if __name__ == "__main__":
    main()
