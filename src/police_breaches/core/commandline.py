"""The project's command lines, one way: plain-words help with examples (``--help``, ``-h``), and a wrong
option or argument refused in one line that says where the help is."""

from __future__ import annotations

import argparse
import sys


class Parser(argparse.ArgumentParser):
    """An ``ArgumentParser`` whose errors are one line (argparse prints the usage as well, and exits 2)."""

    def error(self, message: str):
        print(f"error: {message} (see `{self.prog} --help`)", file=sys.stderr)
        raise SystemExit(2)


def _epilog(examples: list[str], more: str) -> str | None:
    lines = [*([more, ""] if more else []),
             *(["examples:", *(f"  python -m police_breaches {e}" for e in examples)] if examples else [])]
    return "\n".join(lines) or None


def subcommand(commands, name: str, what: str, examples: list[str] = (), more: str = "") -> Parser:
    """One subcommand (``manifest add``), with its help, description and examples."""
    return commands.add_parser(name, help=what, description=what, epilog=_epilog(examples, more),
                               formatter_class=argparse.RawDescriptionHelpFormatter)


def parser(command: str, what: str, examples: list[str] = (), more: str = "") -> Parser:
    """The parser of ``python -m police_breaches COMMAND``: ``what`` it does, in a sentence or two, ``more``
    (what a user needs beyond the options), and ``examples``, one command line each."""
    return Parser(prog=f"python -m police_breaches {command}", description=what, epilog=_epilog(examples, more),
                  formatter_class=argparse.RawDescriptionHelpFormatter)
