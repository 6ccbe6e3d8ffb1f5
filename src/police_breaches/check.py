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


def _count(items, noun: str) -> str:
    return f"{len(items)} {noun}{'' if len(items) == 1 else 's'}"


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


def step_problems(root: Path, step: dict) -> tuple[str, list[str]]:
    """('not built' | 'as recorded' | 'out of date', the reasons) for one step of the build."""
    recorded = record.state(root, step["name"])
    if recorded == "edited":
        return "out of date", ["its build record was edited or damaged since the build wrote it"]
    if recorded == "missing":
        present = [target for target in step["targets"] if (Path(root) / target).exists()]
        if present:
            return "out of date", [f"its build record is missing, but {', '.join(present)} exist(s)"]
        return "not built", []
    reasons = [f"input {path} {what} since it was built" for path, what in record.changed(root, recorded["inputs"])]
    reasons += [f"input {path} was added since it was built" for path in sorted(set(step["inputs"]) - set(recorded["inputs"]))]
    reasons += [f"input {path} is no longer read" for path in sorted(set(recorded["inputs"]) - set(step["inputs"]))]
    if step["parameters"] is not None:
        current = step["parameters"]
        reasons += [f"parameter {name} is now {current[name]!r}, was {recorded['parameters'].get(name)!r}"
                    for name in current if current[name] != recorded["parameters"].get(name)]
    reasons += [f"output {path} {what} since it was built (it will be rebuilt)"
                for path, what in record.changed(root, recorded["outputs"])]
    return ("out of date" if reasons else "as recorded"), reasons


def build_report(root: Path) -> tuple[str, bool]:
    from .build import steps_of_the_build

    lines, ok, built, quiet = [], True, 0, 0
    grouped: dict[tuple, list[str]] = {}  # the force pages, by state and reasons: one entry each, not 45
    for step in steps_of_the_build(root):
        state, reasons = step_problems(root, step)
        family = "/" in step["name"]
        built += state != "not built"
        ok = ok and state != "out of date"
        if family:
            quiet += state == "as recorded"
            if state != "as recorded":
                grouped.setdefault((state, tuple(reasons)), []).append(step["name"])
        elif state == "as recorded":
            recorded = record.read(root, step["name"])
            lines.append(f"  ✓ {step['name']}: {_count(recorded['inputs'], 'input')} and "
                         f"{_count(recorded['outputs'], 'output')} match the build record")
        elif state == "not built":
            lines.append(f"  · {step['name']}: not built yet")
        else:
            lines.append(f"  ✗ {step['name']}: out of date")
            lines += [f"      {reason}" for reason in reasons]
    for (state, reasons), names in grouped.items():
        who = ", ".join(names) if len(names) <= 3 else f"{len(names)} force pages ({names[0]}, …)"
        lines.append(f"  {'·' if state == 'not built' else '✗'} {who}: {state if state != 'not built' else 'not built yet'}")
        lines += [f"      {reason}" for reason in reasons]
    if quiet:
        lines.append(f"  ✓ {quiet} {'more step' if quiet == 1 else 'more steps'} (force pages) match their build records")
    head = "build record (build/*.record.json):"
    if not built:
        return head + " nothing built yet; `make report` builds everything", True
    half_built = any(state == "not built" for state, _ in grouped) or any("not built yet" in line for line in lines)
    ok = ok and not half_built  # an interrupted build: some steps have outputs, others none
    tail = "" if ok else "\nthe report does not reflect the current inputs: run `make report`"
    return "\n".join([head, *lines]) + tail, ok


def main() -> int:
    from .clean import clean_all

    root = project_root()
    status, reported = 0, None
    try:
        print(data_report(clean_all(root)))
    except InputError as err:
        reported = f"error: {err}"
        print(reported, file=sys.stderr)
        status = 1
    try:
        text, ok = build_report(root)
    except (params.ParameterError, InputError) as err:
        text, ok = f"error: {err}", False
    if text != reported:  # the same problem is said once
        print(text, file=sys.stderr if text.startswith("error:") else sys.stdout)
    return status or (0 if ok else 1)


if __name__ == "__main__":
    sys.exit(main())
