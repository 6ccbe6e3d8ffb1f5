"""Check the raw data and the build without building anything: ``make check``.

1. The raw data: every checksum, every file read by its reader, the validation report (rows in / carried /
   set aside per file, every check that found the sources disagreeing). A problem is printed as the build
   would print it.
2. The build record: for every step, whether it is up to date, by the same function the build uses to
   decide what to run (:func:`police_breaches.pipeline.steps.status`): an output edited or deleted since, or an
   input, parameter, setting or library changed without a rebuild, means the report no longer tells the
   truth about the current inputs until ``make report`` runs.

Exit status 1 if either finds a problem; nothing is written.
"""

from __future__ import annotations

import sys
from pathlib import Path

from police_breaches.core import configuration, paths
from police_breaches.core.errors import InputError
from police_breaches.pipeline import params, record, steps


def _count(items, noun: str) -> str:
    return f"{len(items)} {noun}{'' if len(items) == 1 else 's'}"


def build_report(root: Path) -> tuple[str, bool]:
    """Every step's status, by the function the build uses to decide what to run."""
    graph = steps.load(root)
    lines, ok, built, quiet = [], True, 0, 0
    grouped: dict[tuple, list[str]] = {}  # the force pages, by state and reasons: one entry each, not 45
    for name in graph.order:
        status = steps.status(graph, graph.steps[name])
        built += status.state != "not built"
        ok = ok and status.current
        if "/" in name:
            quiet += status.current
            if not status.current:
                grouped.setdefault((status.state, tuple(status.reasons)), []).append(name)
        elif status.current:
            recorded = record.read(root, name)
            lines.append(f"  ✓ {name}: {_count(recorded['inputs'], 'input')} and "
                         f"{_count(recorded['outputs'], 'output')} match the build record")
        elif status.state == "not built":
            lines.append(f"  · {name}: not built yet")
        else:
            lines.append(f"  ✗ {name}: out of date")
            lines += [f"      {reason}" for reason in status.reasons]
    for (state, reasons), names in grouped.items():
        who = ", ".join(names) if len(names) <= 3 else f"{len(names)} force pages ({names[0]}, …)"
        lines.append(f"  {'·' if state == 'not built' else '✗'} {who}: {state if state != 'not built' else 'not built yet'}")
        lines += [f"      {reason}" for reason in reasons if state != "not built"]
    if quiet:
        lines.append(f"  ✓ {quiet} {'more step' if quiet == 1 else 'more steps'} (force pages) match their build records")
    head = "build record (build/*.record.json):"
    if not built:
        return head + " nothing built yet; `make report` builds everything", True
    tail = "" if ok else "\nthe report does not reflect the current inputs: run `make report`"
    return "\n".join([head, *lines]) + tail, ok


def main(argv: list[str] = ()) -> int:
    root = paths.root()
    status, reported = 0, None
    try:
        configuration.check(root)
    except InputError as err:  # nothing else can be checked on configuration that does not hold
        print(f"error: {err}", file=sys.stderr)
        return 1
    try:
        print(steps.declaration(root).check_data(root))
    except InputError as err:
        reported = f"error: {err}"
        print(reported, file=sys.stderr)
        status = 1
    try:
        text, ok = build_report(root)
    except (params.ParameterError, InputError, steps.GraphError) as err:
        text, ok = f"error: {err}", False
    if text != reported:  # the same problem is said once
        print(text, file=sys.stderr if text.startswith("error:") else sys.stdout)
    return status or (0 if ok else 1)
