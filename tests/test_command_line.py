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


EVERY = ["build", "run", "run compare", "check", "params", "manifest", "manifest add", "manifest shapes", "foi",
         "foi plan", "foi status"]


@pytest.mark.parametrize("command", EVERY)
@pytest.mark.parametrize("flag", ["-h", "--help"])
def test_each_command_answers_help_in_plain_words_and_runs_nothing(command, flag):
    result = cli(*command.split(), flag)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"usage: python -m police_breaches {command}"), result.stdout[:80]
    assert not any(markup in result.stdout for markup in ("``", ":func:", ":mod:", ":class:")), result.stdout
    assert "example" in result.stdout or "python -m police_breaches foi" in result.stdout  # how to use it
    assert result.stderr == ""


@pytest.mark.parametrize("command", EVERY)
def test_an_unknown_option_is_refused_in_one_line_that_points_to_the_help(command):
    result = cli(*command.split(), "--bogus")
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert result.stderr.startswith("error: ") and "--help" in result.stderr


def test_comparing_runs_that_do_not_exist_names_them():
    result = cli("run", "compare", "no-such-run", "nor-this")
    assert result.returncode == 2
    assert "not a run: no-such-run, nor-this" in result.stderr and "usage:" in result.stderr
    assert cli("run", "compare", "-h").returncode == 0
