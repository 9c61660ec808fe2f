"""Every command explains itself: `--help` works and says something, and the README lists each group."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from openpeel.cli import app

README = (Path(__file__).parents[2] / "README.md").read_text()


def every_command(group, path=()):
    for name, cmd in group.commands.items():
        yield (*path, name), cmd
        if hasattr(cmd, "commands"):
            yield from every_command(cmd, (*path, name))


COMMANDS = list(every_command(get_command(app)))


@pytest.mark.parametrize("path,cmd", COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_every_command_has_help(path, cmd):
    result = CliRunner().invoke(app, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert (cmd.help or "").strip(), f"`openpeel {' '.join(path)}` has no help text"


@pytest.mark.parametrize("path", [p for p, _ in COMMANDS if len(p) == 1], ids=lambda p: p[0])
def test_readme_documents_every_command_group(path):
    assert f"openpeel {path[0]}" in README


def test_a_user_error_is_one_line_and_exit_status_1(capsys, monkeypatch):
    from openpeel import cli

    monkeypatch.setattr("sys.argv", ["openpeel", "forces", "show", "Cambridgshire"])
    with pytest.raises(SystemExit) as exit_:
        cli.main()
    assert exit_.value.code == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("error:") and "Cambridgeshire" in err and "Traceback" not in err
