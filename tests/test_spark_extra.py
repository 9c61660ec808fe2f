"""Spark is an optional extra, `openpeel[spark]` (issue 21): the demo's install never pulls PySpark (hundreds of
MB it does not use), make test's does, and without it `--engine spark` says in one line how to add it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from importlib.metadata import PackageNotFoundError, distribution
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from openpeel.errors import SparkNotInstalledError

ROOT = Path(__file__).parent.parent
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
MESSAGE = "Spark is not installed: pip install 'openpeel[spark]'"


def pulled_in(extras: list[str]) -> set[str]:
    """The distributions `pip install .[extras]` brings, followed through the installed packages' own
    requirements (with the extras asked of each) as pip resolves them. A requirement not installed here is not
    followed."""
    todo = [Requirement(r) for r in PROJECT["dependencies"]]
    todo += [Requirement(r) for extra in extras for r in PROJECT["optional-dependencies"][extra]]
    seen: set[tuple[str, frozenset[str]]] = set()
    while todo:
        req = todo.pop()
        key = (canonicalize_name(req.name), frozenset(req.extras))
        if key in seen:
            continue
        seen.add(key)
        try:
            requires = distribution(req.name).requires or []
        except PackageNotFoundError:
            continue
        for text in requires:
            r = Requirement(text)
            if r.marker is None or any(r.marker.evaluate({"extra": e}) for e in {"", *req.extras}):
                todo.append(r)
    return {name for name, _ in seen}


def test_the_demo_install_pulls_in_no_spark():
    demo = pulled_in(["dev"])
    assert {"duckdb", "ibis-framework", "pandas"} <= demo  # the walk follows requirements
    assert "pyspark" not in demo


def test_the_test_install_pulls_in_spark():
    assert "pyspark" in pulled_in(["dev", "spark"])


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_demo_installs_no_spark_and_make_test_does():
    def commands(target: str) -> str:
        # -n prints what would run without running it; -B as on a fresh clone, every stamp out of date.
        return subprocess.run(["make", "-n", "-B", target], cwd=ROOT, capture_output=True, text=True, check=True).stdout

    demo, test = commands("demo"), commands("test")
    assert 'pip install --quiet -e ".[dev]"' in demo and "spark" not in demo
    assert 'pip install --quiet -e ".[dev,spark]"' in test


def test_without_spark_the_spark_engine_is_one_line_saying_how_to_add_it(tmp_path):
    warehouse = tmp_path / "warehouse.duckdb"
    hide_spark = "import sys; sys.modules['pyspark'] = None; from openpeel.cli import main; main()"
    command = ["indicators", "compute", "--engine", "spark", "--warehouse", str(warehouse)]
    done = subprocess.run(
        [sys.executable, "-c", hide_spark, *command],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "1000"},
        timeout=120,
    )
    assert done.returncode == 1
    assert done.stderr == f"error: {MESSAGE}\n"
    assert not warehouse.exists()  # said before the warehouse is opened
    assert MESSAGE.split(": ")[1] in (ROOT / "README.md").read_text()  # the README gives the same command


def test_without_spark_a_spark_session_raises_the_same_error(monkeypatch):
    from openpeel.indicators.backends import spark_session

    monkeypatch.setitem(sys.modules, "pyspark", None)
    with pytest.raises(SparkNotInstalledError, match=r"^Spark is not installed: pip install 'openpeel\[spark\]'$"):
        spark_session()
