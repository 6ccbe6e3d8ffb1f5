"""Check the raw data before building: ``make check`` (or ``python -m police_breaches.check``).

For a journalist adding an FOI answer: verifies every checksum, reads every file with its reader, and
prints the validation report (rows in/out/set aside per file, and every check that found a disagreement).
Nothing is written. Exit status 1 with a message naming the file, row and problem if anything is wrong.
"""

from __future__ import annotations

import sys

from .clean import clean_all
from .errors import InputError
from .paths import project_root


def report(result) -> str:
    accounting = result.row_accounting
    quality = result.data_quality
    problems = quality[quality["result"] != "ok"]
    lines = [f"{'raw file':<72} {'in':>5} {'out':>5} {'aside':>5}"]
    for row in accounting.itertuples(index=False):
        lines.append(f"{row.path:<72} {row.rows_in:>5} {row.rows_out:>5} {row.rows_set_aside:>5}")
    lines.append(f"{len(quality)} checks: {len(quality) - len(problems)} ok, {len(problems)} found the sources "
                 "disagreeing (kept as published):")
    lines += [f"  - {p.check}: expected {p.expected}, found {p.found} ({p.message})" for p in problems.itertuples()]
    return "\n".join(lines)


def main() -> int:
    try:
        result = clean_all(project_root())
    except InputError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    print(report(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
