"""Every check of the inputs, and ``make check``: the raw data and the build record, building nothing.

:func:`inputs` is the one list of checks, run by ``make check`` and, before any step, by ``make report``
and the one-off runner:

1. every configuration file, each table alone and against the others; the reader shapes, the limits and
   the manifest (its schema and rules, and every raw file where it says, inside ``data/raw`` and not
   through a symlink out of it, with the size and sha256 it gives); every params file and every notebook's
   parameters; the step graph. Cheap: every time.
2. every raw file read as the clean step reads it (rows in, carried, set aside; the checks that found the
   sources disagreeing). ``make check`` runs it and prints the report. ``make report`` leaves it to the
   step that makes it (``DATA_CHECKED_BY`` in pipeline.py, which every other step waits for): when that
   step is up to date its record vouches that these exact files passed (their digests are unchanged), and
   when it is not, running it is this check, before any other step.

``make check`` then prints, per step, whether it is up to date, by the same function the build uses to
decide what to run (:func:`police_breaches.pipeline.steps.plan`): an output edited or deleted since, or an
input, parameter, setting or library changed without a rebuild, and every step that reads from one that
will run again. Exit status 1 if anything is not as the report says; nothing is written.
"""

from __future__ import annotations

import sys
from pathlib import Path

from police_breaches.core import configuration, paths
from police_breaches.core.errors import InputError
from police_breaches.pipeline import fingerprints, params, record, steps


def inputs(root: Path, content: bool) -> tuple[steps.Graph, str | None]:
    """Run every check (see the module's docstring); ``content``: read every raw file now (``make check``),
    and return what it found to print. The first problem raises, in one line."""
    configuration.check(root)
    declared = steps.declaration(root)
    declared.check_inputs(root)
    params.check_params_files(root)
    context = params.Context(root)
    for notebook in params.notebooks(root):
        params.resolve(root, notebook, context=context)
    graph = steps.load(root, declared)
    if declared.DATA_CHECKED_BY not in graph.steps:
        raise steps.GraphError(f"pipeline.py: DATA_CHECKED_BY names {declared.DATA_CHECKED_BY!r}, which is not a step")
    fingerprints.memo.save()
    return graph, declared.check_data(root) if content else None


def unless_passed(root: Path, name: str, files: list[str], check) -> None:
    """Run ``check`` unless it passed before on exactly these files with this code: a pure function of them,
    it would pass again (for the manifest's validation against its schema, 0.3 s of a build with nothing to do)."""
    import hashlib
    import json

    memo = fingerprints.memo
    memo.load(root)
    found = [[name, memo.digest(Path(root) / name, name)] for name in sorted(files)]
    digests = hashlib.sha256(json.dumps([found, fingerprints.code_digests(root)], sort_keys=True).encode()).hexdigest()
    if not memo.passed(name, digests):
        check()
        memo.remember_passed(name, digests)


def _count(items, noun: str) -> str:
    return f"{len(items)} {noun}{'' if len(items) == 1 else 's'}"


def build_report(graph: steps.Graph) -> tuple[str, bool]:
    """Every step's status, by the function the build uses to decide what to run."""
    lines, ok, built, quiet = [], True, 0, 0
    grouped: dict[tuple, list[str]] = {}  # the force pages, by state and reasons: one entry each, not 45
    for name, status in steps.plan(graph).items():
        built += status.state != "not built"
        ok = ok and status.current
        if "/" in name:
            quiet += status.current
            if not status.current:
                grouped.setdefault((status.state, tuple(status.reasons)), []).append(name)
            continue
        lines += _lines(name, status, graph.root)
    for (state, reasons), names in grouped.items():
        who = ", ".join(names) if len(names) <= 3 else f"{len(names)} force pages ({names[0]}, …)"
        lines += _lines(who, steps.Status(state, list(reasons)), graph.root)
    if quiet:
        lines.append(f"  ✓ {quiet} {'more step' if quiet == 1 else 'more steps'} (force pages) match their build records")
    head = "build record (build/*.record.json):"
    if not built:
        return head + " nothing built yet; `make report` builds everything", True
    tail = "" if ok else "\nthe report does not reflect the current inputs: run `make report`"
    return "\n".join([head, *lines]) + tail, ok


def _lines(who: str, status: steps.Status, root: Path) -> list[str]:
    if status.current:
        recorded = record.read(root, who)
        return [f"  ✓ {who}: {_count(recorded['inputs'], 'input')} and {_count(recorded['outputs'], 'output')} "
                "match the build record"]
    if status.state == "not built":
        return [f"  · {who}: not built yet"]
    head = "out of date" if status.state == "out of date" else "will run again if what it reads changes"
    return [f"  ✗ {who}: {head}", *(f"      {reason}" for reason in status.reasons)]


def main(argv: list[str] = ()) -> int:
    from police_breaches.core.commandline import parser

    parser("check", "Check the raw data and the build record without building anything, as `make check` does: "
                    "rows in, carried and set aside for each raw file, every check that found the sources "
                    "disagreeing, and which steps are out of date and why.", ["check"],
           "Exit status 0 when everything is as the report says, 1 when it is not (a step out of date, say).").parse_args(argv)
    root = paths.root()
    fingerprints.use_project_fonts(root)
    try:
        graph, data = inputs(root, content=True)
    except (params.ParameterError, InputError, steps.GraphError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    print(data)
    for warning in graph.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    text, ok = build_report(graph)
    print(text)
    return 0 if ok else 1
