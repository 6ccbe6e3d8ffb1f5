"""`python -m police_breaches COMMAND`: every command is listed, named in its own help, and a mistyped
command or a wrong run name is named back, not ignored. Nothing here builds or writes."""

import subprocess
import sys
from pathlib import Path

import pytest

from police_breaches.__main__ import COMMANDS

ROOT = Path(__file__).resolve().parents[1]


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "police_breaches", *args], cwd=ROOT, capture_output=True, text=True)


def test_the_bare_command_lists_every_command():
    result = cli()
    assert result.returncode == 0
    for command in COMMANDS:
        assert f"\n    {command} " in result.stdout, command
    assert "``" not in result.stdout


def test_a_mistyped_command_is_named_and_refused():
    result = cli("biuld")
    assert result.returncode == 2 and "error: no command 'biuld'" in result.stderr


@pytest.mark.parametrize("command", ["build", "run", "manifest", "foi"])
def test_each_command_names_itself_in_its_help(command):
    result = cli(command, "-h")
    assert result.returncode == 0
    assert result.stdout.startswith(f"usage: python -m police_breaches {command}"), result.stdout[:80]


def test_comparing_runs_that_do_not_exist_names_them():
    result = cli("run", "compare", "no-such-run", "nor-this")
    assert result.returncode == 2
    assert "not a run: no-such-run, nor-this" in result.stderr and "usage:" in result.stderr
    assert cli("run", "compare", "-h").returncode == 0
