"""The command's output is for people and for programs: definitions in words, ids never cut, nothing wrapped
when written to a file or a pipe, and a wrong id answered with the nearest right one."""

from __future__ import annotations

import subprocess
import sys

import pytest
from rich.console import Console
from typer.testing import CliRunner

from openpeel.cli import app
from openpeel.cli import indicators as indicators_cli
from openpeel.indicators.catalogue import catalogue


def test_indicators_show_prints_the_definition_in_words_and_the_latest_figures(demo_warehouse):
    command = ["indicators", "show", "stop-search-outcome-linked-share", "--warehouse", str(demo_warehouse)]
    result = CliRunner().invoke(app, command)
    assert result.exit_code == 0, result.output
    assert "Informs: Police powers and public treatment" in result.output
    assert "a share of the rows counted, with a 95% Wilson interval" in result.output
    assert "{" not in result.output and "numerator_where" not in result.output  # no Python dict
    assert "Latest figures, " in result.output and "forces with data" in result.output
    assert "Cambridgeshire Constabulary" in result.output  # a row per force


def test_an_unknown_indicator_suggests_the_nearest(capsys, monkeypatch):
    from openpeel import cli

    monkeypatch.setattr("sys.argv", ["openpeel", "indicators", "show", "stop-search-outcome-linked-shar"])
    with pytest.raises(SystemExit) as exit_:
        cli.main()
    assert exit_.value.code == 1
    err = capsys.readouterr().err
    assert "Did you mean stop-search-outcome-linked-share?" in err
    assert "asb-per-1000" not in err  # one suggestion, not the whole catalogue


def test_the_list_never_cuts_an_id_even_in_a_narrow_terminal(monkeypatch):
    narrow = Console(width=60, force_terminal=True, record=True)
    monkeypatch.setattr(indicators_cli, "out", narrow)
    indicators_cli.list_()
    text = narrow.export_text()
    for indicator_id in catalogue():
        assert indicator_id in text, indicator_id


def test_output_to_a_pipe_is_not_wrapped():
    """A password and a long URL printed to a pipe come out whole, each on one line."""
    url = "https://example.org/" + "a-long-path/" * 20
    code = (
        "from openpeel.cli.console import console\n"
        f"out = console()\nout.print('password Zq9-very-long-password-' + 'x' * 120)\nout.print('{url}')\n"
        "out.rule('A heading')"
    )
    lines = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.splitlines()
    assert lines[0] == "password Zq9-very-long-password-" + "x" * 120
    assert lines[1] == url
    assert len(lines[2]) == 80  # a rule stays the width of a page
