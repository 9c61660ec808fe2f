"""`openpeel --help` and the data commands answer at once: the command imports no heavy library until a command
that needs one runs (issue 21). Each check runs a fresh interpreter, since this test process has imported
everything already. The last test plants a top-level `import duckdb` in a copy of the tree to show the check
catches it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

SRC = Path(__file__).parents[2] / "src"
# What importing each cost on the 2-core machine (bench/README.md): from numpy's ~0.1 s to scipy.stats's ~0.8 s;
# Django and vl-convert are quick to import but stand for the web and chart stacks behind them.
HEAVY = frozenset(
    {
        "scipy",
        "statsmodels",
        "ibis",
        "pyspark",
        "duckdb",
        "django",
        "weasyprint",
        "vl_convert",
        "pandas",
        "pyarrow",
        "numpy",
    }
)
INSTANT = [
    ["--help"],
    ["forces", "show", "cambridgeshire"],
    ["forces", "list"],
    ["frameworks", "show", "peel-2023-25"],
    ["demo", "--help"],
    ["indicators", "--help"],
    ["web", "--help"],
]


def run(args: list[str], src: Path = SRC) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(src)}
    done = subprocess.run([sys.executable, *args], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return done


def heavy_imported_by(command: list[str], src: Path = SRC) -> set[str]:
    """The heavy libraries `openpeel <command>` imports, read from -X importtime's list of every module loaded."""
    stderr = run(["-X", "importtime", "-m", "openpeel.cli", *command], src).stderr
    names = {line.rpartition("|")[2].strip() for line in stderr.splitlines() if line.startswith("import time:")}
    return HEAVY & {name.split(".")[0] for name in names}


def test_importing_the_cli_imports_no_heavy_library():
    modules = run(["-c", "import openpeel.cli, sys; print('\\n'.join(sorted(sys.modules)))"]).stdout.split()
    assert "openpeel.cli.forces" in modules  # the groups are registered, so their modules were read
    assert HEAVY & {m.split(".")[0] for m in modules} == set()


@pytest.mark.parametrize("command", INSTANT, ids=" ".join)
def test_help_and_data_commands_import_no_heavy_library(command):
    assert heavy_imported_by(command) == set()


def test_the_check_catches_a_heavy_import_at_the_top_of_a_cli_module(tmp_path):
    copy = tmp_path / "src"
    shutil.copytree(SRC / "openpeel", copy / "openpeel", ignore=shutil.ignore_patterns("__pycache__"))
    forces = copy / "openpeel" / "cli" / "forces.py"
    future = "from __future__ import annotations\n"
    forces.write_text(forces.read_text().replace(future, future + "import duckdb\n"))
    assert heavy_imported_by(["--help"], copy) == {"duckdb"}


def test_the_synth_help_names_every_format():
    # The help text is written out so that `openpeel --help` need not import the generator to read FORMATS.
    from openpeel.cli import app
    from openpeel.synth.generate import FORMATS

    result = CliRunner().invoke(app, ["synth", "run", "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert f"File format: {' or '.join(FORMATS)}." in result.output
