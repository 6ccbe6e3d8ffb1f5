"""Check the raw data and the build without building anything: ``make check``.

1. The raw data: every checksum, every file read by its reader, the validation report (rows in / carried /
   set aside per file, every check that found the sources disagreeing). A problem is printed as the build
   would print it.
2. The build record: for every step, whether what it read, its parameters and what it wrote are still as
   recorded. An output edited or deleted since, or an input or parameter changed without a rebuild, means
   the report no longer tells the truth about the current inputs until ``make report`` runs.

Exit status 1 if either finds a problem; nothing is written.
"""

from __future__ import annotations

import sys
from pathlib import Path

from . import params, record
from .errors import InputError
from .paths import project_root


def data_report(result) -> str:
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


def step_problems(root: Path, step: str, notebook: str | None) -> tuple[str, list[str]]:
    """('not built' | 'as recorded' | 'out of date', the reasons) for one step."""
    recorded = record.read(root, step)
    if recorded is None:
        return "not built", []
    reasons = [f"input {path} {what} since it was built" for path, what in record.changed(root, recorded["inputs"])]
    if notebook is not None:
        current = params.resolve(root, notebook)
        reasons += [f"parameter {name} is now {current[name]!r}, was {recorded['parameters'].get(name)!r}"
                    for name in current if current[name] != recorded["parameters"].get(name)]
    reasons += [f"output {path} {what} since it was built (it will be rebuilt)"
                for path, what in record.changed(root, recorded["outputs"])]
    return ("out of date" if reasons else "as recorded"), reasons


def build_report(root: Path) -> tuple[str, bool]:
    from .build import steps_of_the_build

    lines, ok, built = [], True, 0
    for step, notebook in steps_of_the_build(root):
        state, reasons = step_problems(root, step, notebook)
        recorded = record.read(root, step)
        if state == "as recorded":
            built += 1
            lines.append(f"  ✓ {step}: {len(recorded['inputs'])} inputs and {len(recorded['outputs'])} outputs "
                         "match the build record")
        elif state == "not built":
            lines.append(f"  · {step}: not built yet")
        else:
            built += 1
            ok = False
            lines.append(f"  ✗ {step}: out of date")
            lines += [f"      {reason}" for reason in reasons]
    head = "build record (build/*.record.json):"
    if not built:
        return head + " nothing built yet; `make report` builds everything", True
    tail = "" if ok else "\nthe report does not reflect the current inputs: run `make report`"
    return "\n".join([head, *lines]) + tail, ok


def main() -> int:
    from .clean import clean_all

    root = project_root()
    status = 0
    try:
        print(data_report(clean_all(root)))
    except InputError as err:
        print(f"error: {err}", file=sys.stderr)
        status = 1
    try:
        text, ok = build_report(root)
    except params.ParameterError as err:
        text, ok = f"error: {err}", False
    print(text)
    return status or (0 if ok else 1)


if __name__ == "__main__":
    sys.exit(main())
