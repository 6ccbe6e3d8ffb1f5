"""Runs outside the build: a notebook with other parameters, in a folder of its own, the shared outputs untouched.

    python -m police_breaches run 02_rankings_2011_2015 -p top_n 5 -p highlight_forces '[west_midlands, surrey]'
    python -m police_breaches run compare RUN_A RUN_B     (two folders under runs/: what changed between them)

The notebook may be given by number, name or path; ``-p NAME VALUE`` overrides one parameter (values are
YAML) over ``params/<notebook>.yml``. The steps it reads from are brought up to date first, as ``make
report`` would; then it runs, and everything it writes goes to ``runs/<notebook>-<digest>/``, the digest
being of its parameters and the content of everything it reads: the executed notebook, its figures and
chart data (under ``figures/`` and ``data/processed/``, as in the project), ``run.json`` and an
``index.html`` page. A notebook run in JupyterLab or by papermill's own command line gets such a folder
too (see police_breaches.pipeline.session). ``--isolated`` runs the notebook in a new Jupyter kernel.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import shutil
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from police_breaches.core import paths
from police_breaches.core.outputs import write_text
from police_breaches.pipeline import execute, fingerprints, steps


def build_step(graph: steps.Graph, notebook: str, parameters: dict) -> steps.Step:
    """The build's step for ``notebook`` (of several, as for the force pages, the one whose parameters agree
    most with ``parameters``): a run reads what that step reads."""
    candidates = [s for s in graph.steps.values() if s.notebook == notebook]
    if not candidates:
        raise SystemExit(f"error: pipeline.py has no step running notebooks/{notebook}.py")
    return max(candidates, key=lambda s: sum(s.parameters.get(k) == v for k, v in parameters.items()))


def prepare(root: Path, notebook: str, parameters: dict, how: str, bring_up_to_date: bool = True,
            chain: list[tuple[str, dict]] = ()) -> Path:
    """The folder of a run of ``notebook`` with ``parameters`` (after the notebooks of ``chain``, each with its
    own, where the run changes a value of a notebook it reads from), after bringing what it reads up to date;
    its ``run.json`` says what it ran with and read."""
    graph = steps.load(root)
    step = build_step(graph, notebook, parameters)
    upstream = graph.closure(graph.upstream(step.name))
    if bring_up_to_date and any(not steps.status(graph, graph.steps[name]).current for name in upstream):
        print(f"bringing {len(upstream)} step(s) that {notebook} reads from up to date, as `make report` would …",
              flush=True)
        result = subprocess.run([sys.executable, "-m", "police_breaches", "build", *graph.upstream(step.name)],
                                capture_output=True, text=True)
        if result.returncode != 0:
            raise SystemExit(f"error: the steps {notebook} reads from could not be brought up to date:\n"
                             f"{result.stdout}{result.stderr}")
    run = dataclasses.replace(step, name=f"runs/{notebook}", parameters=parameters)
    inputs = steps.fingerprint(graph, run)["inputs"]
    first = [{"notebook": name, "parameters": values} for name, values in chain]
    digest = hashlib.sha256(json.dumps({"notebook": notebook, "parameters": parameters, "inputs": inputs,
                                        **({"first": first} if first else {})}, sort_keys=True).encode()).hexdigest()[:10]
    folder = fresh_folder(Path(root) / paths.RUNS / f"{notebook}-{digest}")
    write_text(folder / "run.json", json.dumps({
        "notebook": notebook, "parameters": parameters, "how": how, **({"first": first} if first else {}),
        "started": datetime.now(UTC).isoformat(timespec="seconds"), "inputs": inputs,
    }, indent=1, ensure_ascii=False) + "\n")
    graph.declared.runs_index(root)
    return folder


REPLACED = ".replaced"  # a run's earlier folder of the same name, kept until the new run proves to be the same


def fresh_folder(folder: Path) -> Path:
    """An empty folder for a run, made anew, never reached through a symlink. An earlier run's folder of the same
    name is set aside (``<folder>.replaced``): a run in JupyterLab may yet turn out to run edited code and move
    to a folder of its own (code_run.py), and then the earlier run is put back; otherwise the next run of the
    same name removes it."""
    from police_breaches.core.errors import InputError

    if folder.parent.exists() and not folder.parent.is_dir():
        raise InputError(paths.shown(folder.parent), None, "is a file where the runs' folder belongs: move it away")
    for place in (folder.parent, folder):
        if place.is_symlink():
            raise InputError(paths.shown(place), None, "is a symlink; a run writes only into a folder of its own "
                                                       "under runs/: remove the link")
    aside = folder.with_name(folder.name + REPLACED)
    if aside.exists():
        shutil.rmtree(aside)
    if folder.exists():
        folder.rename(aside)
    folder.mkdir(parents=True)
    return folder


def notebook_name(text: str, known: list[str]) -> str:
    """'02', '02_rankings_2011_2015' or 'notebooks/02_rankings_2011_2015.py' → '02_rankings_2011_2015'."""
    stem = Path(text).stem if text.endswith(".py") or "/" in text else text
    matches = [n for n in known if n == stem or n.split("_")[0] == stem]
    if len(matches) != 1:
        raise SystemExit(f"error: no notebook {text!r}; known: {', '.join(known)}")
    return matches[0]


def upstream_overrides(graph: steps.Graph, step: steps.Step, overrides: list[tuple[str, object]]
                       ) -> tuple[list[tuple[str, object]], dict[str, list[tuple[str, object]]]]:
    """Split ``-p`` values into the notebook's own and those of a notebook step it reads from (the project's
    period, workforce date and tie rule are 01_facts's: they define facts every page states). A name neither
    declares is left with the notebook's own, to be refused there in one line."""
    from police_breaches.core.parameters import specs

    upstream = [graph.steps[name] for name in graph.closure(graph.upstream(step.name)) if graph.steps[name].notebook]
    own, theirs = [], {}
    for name, value in overrides:
        owner = next((s.notebook for s in upstream if name not in specs(graph.root, step.notebook)
                      and name in specs(graph.root, s.notebook)), None)
        (theirs.setdefault(owner, []) if owner else own).append((name, value))
    return own, theirs


def one_off(root: Path, notebook: str, overrides: list[tuple[str, object]], isolated: bool) -> Path:
    """Run ``notebook`` with ``overrides`` into a folder of its own. A value of a notebook it reads from (a project
    parameter, say) reruns that notebook first, into the same folder: the run then reads what it wrote itself
    (core.outputs.source) and the project's outputs for the rest."""
    from police_breaches.pipeline import build, check, params, runner

    check.inputs(root, content=False)
    with build.exclusive(root):
        graph = steps.load(root)
        own, theirs = upstream_overrides(graph, build_step(graph, notebook, {}), overrides)
        resolved = params.resolve(root, notebook, own)  # checked before anything runs
        chain = [(name, params.resolve(root, name, values)) for name, values in theirs.items()]
        step = build_step(graph, notebook, resolved)
        ok, brought = build.build(graph, sorted(graph.upstream(step.name)))
        if not ok:
            raise SystemExit(f"error: the steps {notebook} reads from could not be brought up to date")
        folder = prepare(root, notebook, resolved, how="one-off run", bring_up_to_date=False, chain=chain)
        started = time.perf_counter()
        executed = folder / f"{notebook}.ipynb"
        forked = runner.unavailable() is None
        for name, values in [*chain, (notebook, resolved)]:  # each in a process of its own, as in the build
            job = runner.Job(f"runs/{name}", root, root, name, values, str(folder / f"{name}.ipynb"),
                             run_folder=folder, isolated=isolated or not forked)
            process = runner.start(job, forked)
            runner.wait([process])
            outcome = process.outcome()
            if outcome.failure:
                raise execute.StepFailed(outcome.failure)
        graph.declared.one_off_page(root, folder, executed, resolved, notebook)
        graph.declared.runs_index(root)
    upstream = (f"; first the build brought {brought} step(s) it reads from up to date, as `make report` would"
                if brought else "")
    again = "".join(f"; it ran {name} first with {', '.join(f'{k}={v!r}' for k, v in values.items() if (k, v) in theirs[name])}"
                    for name, values in chain)
    print(f"one-off run of {notebook} in {time.perf_counter() - started:.1f} s: the run itself wrote nothing shared"
          f"{upstream}{again}. Written to {folder.relative_to(root)}/ "
          f"({', '.join(sorted(p.name + '/' * p.is_dir() for p in folder.iterdir()))})")
    return folder


def compare(root: Path, names: list[str]) -> int:
    """``compare A B``: two run folders (names under runs/ or paths) → runs/compare-A-B.html."""
    from police_breaches.core.commandline import parser

    asked = parser("run compare", "Compare two one-off runs of one notebook, table by table and row by row (each "
                                  "table's key), and write what changed to runs/compare-RUN_A-RUN_B.html.",
                   ["run compare 03_west_midlands_2016-21984cf7d8 03_west_midlands_2016-7748e517f0"],
                   "A run is a folder under runs/ (runs/index.html lists them) or its path.")
    asked.add_argument("runs", nargs=2, metavar="RUN", help="a run folder's name under runs/, or its path")
    names = asked.parse_args(names).runs
    folders = [Path(name) if Path(name).is_dir() else Path(root) / paths.RUNS / name for name in names]
    declaration = steps.declaration(root)
    try:
        page = declaration.compare_runs(root, *(folder.absolute() for folder in folders))
    except ValueError as err:  # the comparison's one line: not a run, a damaged record, two notebooks, A A
        print(f"error: {err}", file=sys.stderr)
        return 2
    print(f"written to {page.relative_to(root)}")
    return 0


def main(argv: list[str]) -> int:
    from police_breaches.core.errors import InputError
    from police_breaches.pipeline import params

    if argv[:1] == ["compare"]:
        return compare(paths.root(), argv[1:])
    from police_breaches.core.commandline import parser as command_parser

    parser = command_parser(
        "run", "Run one notebook with other parameters into a folder of its own under runs/, leaving the shared "
        "figures, tables and report untouched. `run compare RUN_A RUN_B` shows what changed between two runs.",
        ["run 03 -p year 2013", "run 02_rankings_2011_2015 -p top_n 5 -p highlight_forces '[west_midlands, surrey]'",
         "run 09 -p force kent", "run compare RUN_A RUN_B"],
        "The notebook may be given by number, name or path. Each -p NAME VALUE sets one parameter (values are read "
        "as YAML); `python -m police_breaches params` lists them, and config/parameters.yml says what each allows.")
    parser.add_argument("notebook", help="notebook name, number or path, e.g. 02 or notebooks/02_rankings_2011_2015.py")
    parser.add_argument("-p", "--parameter", nargs=2, action="append", default=[], metavar=("NAME", "VALUE"),
                        help="one parameter and its value (repeat for more)")
    parser.add_argument("--isolated", action="store_true", help="run the notebook in a fresh Jupyter kernel")
    args = parser.parse_args(argv)
    root = paths.root()
    fingerprints.use_project_fonts(root)
    try:
        notebook = notebook_name(args.notebook, params.notebooks(root))
        overrides = [params.parse_override(name, value) for name, value in args.parameter]
        one_off(root, notebook, overrides, args.isolated)
    except (params.ParameterError, InputError, steps.GraphError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except execute.StepFailed as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    return 0

