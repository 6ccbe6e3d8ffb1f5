"""Run one notebook (stored as a jupytext ``.py`` file) with papermill and write the executed copy.

    python -m police_breaches.run notebooks/02_rankings_2011_2015.py build/02_rankings_2011_2015.ipynb \
        -f params/02_rankings_2011_2015.yml -p top_n 5

The executed notebook is written atomically and without run timestamps, so it is a faithful, repeatable
build product. Parameters given with ``-p`` override the YAML file; values are read as YAML (``-p top_n 5``
gives a number, ``-p highlight_forces '[surrey]'`` a list).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from datetime import date
from pathlib import Path

import jupytext
import nbformat
import papermill
import yaml

from .kernel import NAME as KERNEL
from .outputs import atomic_path
from .paths import project_root


def strip_run_metadata(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Drop what changes from run to run (times, durations, random cell ids): same inputs, same bytes."""
    run_info = notebook.metadata.get("papermill", {})
    for key in ("start_time", "end_time", "duration", "input_path", "output_path"):
        run_info.pop(key, None)
    for index, cell in enumerate(notebook.cells):
        cell.id = f"cell-{index}"  # jupytext and papermill give cells random ids
        cell.metadata.pop("execution", None)
        papermill_meta = cell.metadata.get("papermill", {})
        for key in ("start_time", "end_time", "duration"):
            papermill_meta.pop(key, None)
    return notebook


def run(source: Path, output: Path, parameters: dict, kernel: str = KERNEL) -> Path:
    root = project_root()
    notebook = jupytext.read(source)
    with tempfile.TemporaryDirectory() as scratch:
        executed_path = Path(scratch) / output.name
        papermill.execute_notebook(
            notebook, str(executed_path), parameters=parameters, kernel_name=kernel, cwd=str(root),
            progress_bar=False, log_output=False, report_mode=False,
        )
        executed = strip_run_metadata(nbformat.read(executed_path, as_version=4))
    with atomic_path(output) as tmp:
        nbformat.write(executed, tmp)
    return output


def plain(value):
    """YAML reads 2012-01-01 as a date; notebooks take dates as ISO strings."""
    return value.isoformat() if isinstance(value, date) else value


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("source", type=Path, help="notebook as a jupytext .py file")
    parser.add_argument("output", type=Path, help="where to write the executed .ipynb")
    parser.add_argument("-f", "--parameters-file", type=Path, action="append", default=[])
    parser.add_argument("-p", "--parameter", nargs=2, action="append", default=[], metavar=("NAME", "VALUE"))
    parser.add_argument("-k", "--kernel", default=KERNEL)
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    parameters: dict = {}
    for path in args.parameters_file:
        loaded = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        parameters.update({name: plain(value) for name, value in loaded.items()})
    for name, value in args.parameter:
        parameters[name] = plain(yaml.safe_load(value))
    try:
        run(args.source, args.output, parameters, args.kernel)
    except papermill.PapermillExecutionError as err:
        print(f"error: {args.source} failed in cell {err.exec_count}: {err.ename}: {err.evalue}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
