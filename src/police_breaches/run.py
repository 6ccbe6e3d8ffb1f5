"""Run one step of the pipeline: a notebook executed by papermill, its outputs staged, then put in place.

The build (``make report``, see ``dodo.py``) calls :func:`run_notebook` for each notebook that is due. On
its own, this module makes a *one-off run* that leaves the shared outputs alone:

    python -m police_breaches.run 02_rankings_2011_2015 -p top_n 5 -p highlight_forces '[west_midlands, surrey]'

The upstream steps are brought up to date first (as ``make report`` would), then the notebook runs with
params/<notebook>.yml overridden by each ``-p NAME VALUE`` (values are YAML). Everything it writes goes to
``runs/<notebook>-<hash of the parameters>/``: the executed notebook, figures, chart data, the parameters
and a one-page ``index.html``. The folder is printed at the end.

``--isolated`` starts a fresh Jupyter kernel for the notebook instead of running it in this process.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from .outputs import commit, staged_files, staging, write_bytes, write_text

# papermill → nbformat → jsonschema, whose check of the "iri" string format compiles a grammar on import
# (rfc3987_syntax, 0.7 s). No schema this build validates uses that format, so that import is declined.
sys.modules.setdefault("rfc3987_syntax", None)
from .paths import BUILD, NOTEBOOKS, RUNS, project_root
from . import record as build_record

KERNEL = "police-breaches"


class StepFailed(RuntimeError):
    """A notebook raised an error; the message says where, and the outputs were left as they were."""


def strip_run_metadata(notebook):
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


def _kernel_spec_dir(root: Path) -> Path:
    """A kernel spec pointing at this interpreter, written where this run can find it (never a stale path)."""
    folder = Path(root) / BUILD / "jupyter"
    spec = folder / "kernels" / KERNEL / "kernel.json"
    write_bytes(spec, json.dumps({
        "argv": [sys.executable, "-Xfrozen_modules=off", "-m", "ipykernel_launcher", "-f", "{connection_file}",
                 "--IPKernelApp.log_level=CRITICAL"],
        "display_name": "Python (police-breaches)", "language": "python"}).encode("utf-8"), cache=True)
    os.environ["JUPYTER_PATH"] = str(folder)
    return folder


def read_notebook(root: Path, notebook: str):
    """``notebooks/<notebook>.py`` as a notebook. jupytext converts it once per content (build/notebooks/).

    The cached copy is named by the source's hash and its own, so a copy edited since is noticed and redone.
    """
    import nbformat

    def short(data: bytes) -> str:
        return hashlib.sha256(data).hexdigest()[:16]

    text = (Path(root) / NOTEBOOKS / f"{notebook}.py").read_bytes()
    folder = Path(root) / BUILD / "notebooks"
    for cached in folder.glob(f"{notebook}-{short(text)}-*.ipynb"):
        try:
            data = cached.read_bytes()
        except FileNotFoundError:  # another step running side by side replaced it
            continue
        if cached.stem.endswith(f"-{short(data)}"):
            return nbformat.reads(data.decode("utf-8"), as_version=4)
    import jupytext

    converted = jupytext.reads(text.decode("utf-8"), fmt="py:percent")
    data = nbformat.writes(converted).encode("utf-8")
    name = f"{notebook}-{short(text)}-{short(data)}.ipynb"
    for stale in folder.glob(f"{notebook}-*.ipynb"):
        if stale.name != name:
            stale.unlink(missing_ok=True)
    write_bytes(folder / name, data, cache=True)
    return converted


def execute(root: Path, notebook: str, parameters: dict, isolated: bool = False):
    """Execute ``notebooks/<notebook>.py`` with papermill and return the executed notebook (metadata stripped)."""
    import papermill

    from . import engine

    source = read_notebook(root, notebook)
    options = {"kernel_name": KERNEL, "engine_name": engine.NAME}
    if isolated:
        _kernel_spec_dir(root)
        options = {"kernel_name": KERNEL, "engine_name": None}
    try:
        executed = papermill.execute_notebook(source, None, parameters=parameters, cwd=str(root),
                                              progress_bar=False, log_output=False, **options)
    except papermill.PapermillExecutionError as err:
        raise StepFailed(f"notebooks/{notebook}.py failed in cell {err.exec_count}: {err.ename}: {err.evalue} "
                         "(no output was changed)") from None
    return strip_run_metadata(executed)


def run_action(root: Path, step: str, action, *, notebook: str | None = None, parameters: dict | None = None,
               inputs=(), destination: Path | None = None) -> dict:
    """Run ``action`` with its writes staged; put them in place only if it succeeds; then record the step.

    Files the step wrote last time but not this time are removed, so no stale figure or table is left
    behind. With ``destination`` (a one-off run) the files go there instead and nothing is recorded.
    """
    root = Path(root)
    (root / BUILD / "stage").mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f"{step.replace('/', '-')}-", dir=root / BUILD / "stage"))
    try:
        with staging(stage), watching_reads() as opened:
            action()
        written = staged_files(stage)
        if destination is None:
            bad_reads, bad_writes = undeclared(root, opened, inputs)
            if bad_writes:
                raise StepFailed(f"{step} wrote {', '.join(bad_writes)} in place, not through its staged outputs "
                                 "(write with police_breaches.outputs); that file may now be out of step with the build")
            if bad_reads:
                raise StepFailed(f"{step} read {', '.join(bad_reads)}, which no step it depends on wrote: name that "
                                 "step's record among its inputs in dodo.py (no output was changed)")
        if destination is not None:
            commit(stage, destination, written)
            return {"outputs": [str(p) for p in written]}
        previous = build_record.read(root, step)
        try:
            commit(stage, root, written)
        except OSError as err:
            raise StepFailed(f"{step}: its outputs could not be put in place ({err}); the previous outputs were "
                             "restored") from None
        for stale in set((previous or {}).get("outputs", {})) - {str(p) for p in written}:
            (root / stale).unlink(missing_ok=True)
        return build_record.write(root, step, notebook and f"notebooks/{notebook}.py", parameters or {}, inputs,
                                  written)
    finally:
        shutil.rmtree(stage, ignore_errors=True)


# --------------------------------------------------------------------------- what a step reads

# A step that reads another step's output without depending on it works only when the build happens to run
# them in the right order, and is not rerun when that output changes. Every file a step opens in this process
# is noted (an audit hook sees each open(), with the folder it was opened from), and a build product it read
# must come from its inputs; one it wrote must go through the staged outputs. Not seen: files opened by
# another process (a subprocess, a kernel of `make isolated`) or relative to a directory descriptor.
PRODUCT_FOLDERS = ("data/processed/", "figures/", "reports/", f"{BUILD.as_posix()}/")
NOT_PRODUCTS = tuple(f"{BUILD.as_posix()}/{folder}/" for folder in ("stage", "notebooks", "jupyter"))
WRITING = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
_watching: list[set] = []


def _note_open(event: str, args: tuple) -> None:
    if event == "open" and _watching and isinstance(args[0], (str, bytes, os.PathLike)):
        path, mode, flags = args
        writing = bool(set(mode) & set("wax+")) if isinstance(mode, str) else bool((flags or 0) & WRITING)
        _watching[-1].add((os.path.abspath(os.fsdecode(path)), writing))  # abspath: from the folder it is opened in


@contextlib.contextmanager
def watching_reads():
    if not _watching and not getattr(_note_open, "installed", False):
        sys.addaudithook(_note_open)  # once per process: a hook cannot be removed
        _note_open.installed = True
    opened: set[tuple[str, bool]] = set()
    _watching.append(opened)
    try:
        yield opened
    finally:
        _watching.pop()


def undeclared(root: Path, opened: set[tuple[str, bool]], inputs) -> tuple[list[str], list[str]]:
    """Build products opened (read, written) that the step may not touch: read but neither an input nor an
    output of a step whose record is an input; written in place rather than through the staging folder."""
    allowed = set(inputs)
    for name in inputs:
        if name.endswith(".record.json") and (Path(root) / name).is_file():
            allowed |= set(json.loads((Path(root) / name).read_text(encoding="utf-8")).get("outputs", {}))
    top = Path(root).resolve()
    read, written = set(), set()
    for path, writing in opened:
        try:
            relative = Path(path).resolve().relative_to(top).as_posix()
        except ValueError:
            continue
        if not relative.startswith(PRODUCT_FOLDERS) or f"{relative}/".startswith(NOT_PRODUCTS) \
                or (top / relative).is_dir():
            continue
        if writing:
            written.add(relative)
        elif relative not in allowed and (top / relative).is_file():
            read.add(relative)
    return sorted(read), sorted(written)


def executed_path(step: str) -> Path:
    return BUILD / f"{step}.ipynb"


def run_notebook(root: Path, step: str, notebook: str, parameters: dict, inputs=(), isolated: bool = False,
                 destination: Path | None = None) -> dict:
    """One notebook step: papermill runs it, its outputs and executed copy move into place together."""
    import nbformat

    def action():
        executed = execute(root, notebook, parameters, isolated)
        where = Path(f"{notebook}.ipynb") if destination is not None else executed_path(step)
        write_text(where, nbformat.writes(executed) + "\n")

    return run_action(root, step, action, notebook=notebook, parameters=parameters,
                      inputs=[f"notebooks/{notebook}.py", *inputs], destination=destination)


# --------------------------------------------------------------------------- one-off runs

def run_folder(notebook: str, parameters: dict) -> Path:
    digest = hashlib.sha256(json.dumps(parameters, sort_keys=True).encode()).hexdigest()[:10]
    return RUNS / f"{notebook}-{digest}"


def notebook_name(text: str, known: list[str]) -> str:
    """'02', '02_rankings_2011_2015' or 'notebooks/02_rankings_2011_2015.py' → '02_rankings_2011_2015'."""
    stem = Path(text).stem if text.endswith(".py") or "/" in text else text
    matches = [n for n in known if n == stem or n.split("_")[0] == stem]
    if len(matches) != 1:
        raise SystemExit(f"error: no notebook {text!r}; known: {', '.join(known)}")
    return matches[0]


def one_off(root: Path, notebook: str, overrides: list[tuple[str, object]], isolated: bool) -> Path:
    from . import build, params

    resolved = params.resolve(root, notebook, overrides)  # checked before anything runs
    with build.exclusive(root):
        return _one_off(root, notebook, resolved, isolated)


def _one_off(root: Path, notebook: str, resolved: dict, isolated: bool) -> Path:
    from . import build, report

    build.bring_up_to_date(root, build.upstream_of(notebook))
    folder = root / run_folder(notebook, resolved)
    shutil.rmtree(folder, ignore_errors=True)
    started = time.perf_counter()
    run_notebook(root, notebook, notebook, resolved, isolated=isolated, destination=folder)
    write_text(folder / "parameters.json", json.dumps(resolved, indent=1, ensure_ascii=False) + "\n")
    report.one_off_page(root, folder, folder / f"{notebook}.ipynb", resolved, notebook)
    print(f"one-off run of {notebook} in {time.perf_counter() - started:.1f} s; shared outputs untouched. "
          f"Written to {folder.relative_to(root)}/ (index.html, {notebook}.ipynb, figures, data)")
    return folder


def main(argv: list[str]) -> int:
    from . import params
    from .errors import InputError

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("notebook", help="notebook name, number or path, e.g. 02 or notebooks/02_rankings_2011_2015.py")
    parser.add_argument("-p", "--parameter", nargs=2, action="append", default=[], metavar=("NAME", "VALUE"))
    parser.add_argument("--isolated", action="store_true", help="run the notebook in a fresh Jupyter kernel")
    args = parser.parse_args(argv)
    root = project_root()
    try:
        notebook = notebook_name(args.notebook, params.notebooks(root))
        overrides = [params.parse_override(name, value) for name, value in args.parameter]
        one_off(root, notebook, overrides, args.isolated)
    except (params.ParameterError, InputError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except StepFailed as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
