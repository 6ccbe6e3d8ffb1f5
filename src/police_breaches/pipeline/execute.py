"""Running one step, or one notebook outside the build, in a process of its own.

The build's parent process imports the libraries once (:func:`warm_up`) and never runs a notebook itself.
Each step runs in a child forked from it for that step alone (:func:`fork`), which ends when the step does:
whatever a notebook changes in its process (a module's global, a cache, pandas options, rcParams, logging,
sys.path, threads, the environment) is gone with it. papermill executes the notebook, in that child with
the warm in-process engine, or in a new Jupyter kernel (``--isolated``, the reference).
"""

from __future__ import annotations

import ctypes
import gc
import os
import signal
import sys
import tempfile
import threading
from functools import lru_cache
from pathlib import Path

# papermill → nbformat → jsonschema, whose check of the "iri" string format compiles a grammar on import
# (rfc3987_syntax, 0.7 s). No schema this build validates uses that format, so that import is declined.
sys.modules.setdefault("rfc3987_syntax", None)

from police_breaches.core import paths  # noqa: E402

KERNEL = "police-breaches"
WARM = ("pandas", "numpy", "matplotlib", "seaborn", "pandera", "yaml", "mistune", "nbformat", "jupytext", "papermill",
        "police_breaches.pipeline.session")
DOMAIN = ("police_breaches.sources", "police_breaches.analysis", "police_breaches.publish")  # all the notebooks import


class StepFailed(RuntimeError):
    """A step could not finish; the message says where, and no output was changed."""


def warm_up() -> None:
    """Import what every notebook imports, once, before forking; then freeze those objects for the collector
    so that forked children share the parent's memory instead of copying it."""
    import importlib
    import pkgutil

    import matplotlib

    matplotlib.use("agg")
    for name in WARM:
        importlib.import_module(name)
    for package in map(importlib.import_module, DOMAIN):  # every module, by walking: the build names none of them
        for module in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
            importlib.import_module(module.name)
    from police_breaches.pipeline import engine

    engine.shell_instance()
    gc.freeze()


def fork(work, *, root: Path, step: str | None = None, run_folder: Path | None = None) -> tuple[int, object]:
    """Run ``work()`` in a child process with the project root ``root``; return its pid and a file that will
    hold its failure message, if it fails."""
    if threading.active_count() > 1:
        raise RuntimeError("the build's parent must have one thread when it forks a step")
    failure = tempfile.TemporaryFile()
    sys.stdout.flush()
    sys.stderr.flush()
    parent = os.getpid()
    pid = os.fork()
    if pid:
        return pid, failure
    code = 1
    try:
        _end_with(parent)
        os.environ[paths.ROOT_VARIABLE] = os.environ["PWD"] = str(root)
        os.environ.pop("OLDPWD", None)
        for variable, value in ((paths.STEP_VARIABLE, step), (paths.RUN_VARIABLE, run_folder)):
            if value is None:
                os.environ.pop(variable, None)
            else:
                os.environ[variable] = str(value)
        os.chdir(root)
        work()
        code = 0
    except BaseException as err:  # noqa: BLE001 - every failure is the step's, said by the parent in one line
        message = str(err) if isinstance(err, StepFailed) else f"{type(err).__name__}: {err}"
        failure.write(message.encode("utf-8", errors="replace"))
        failure.flush()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def _end_with(parent: int) -> None:
    """A step's process ends if the build's does (Linux), rather than finish a step nobody will record."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:
        os._exit(1)


def outcome(failure) -> str | None:
    """The child's failure message, or None if it wrote none."""
    failure.seek(0)
    text = failure.read().decode("utf-8")
    failure.close()
    return text or None


# --------------------------------------------------------------------------- notebooks

def read_notebook(root: Path, notebook: str):
    """``notebooks/<notebook>.py`` as a notebook (a fresh copy: papermill changes the one it is given)."""
    import copy

    return copy.deepcopy(_converted((Path(root) / paths.NOTEBOOKS / f"{notebook}.py").read_bytes()))


@lru_cache(maxsize=32)
def _converted(text: bytes):
    """jupytext's conversion, once per content: the parent converts each notebook before forking its steps,
    so the 45 force pages convert one notebook once."""
    import jupytext

    return jupytext.reads(text.decode("utf-8"), fmt="py:percent")


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


def execute(root: Path, notebook: str, parameters: dict, isolated: bool = False):
    """Execute ``notebooks/<notebook>.py`` with papermill, here or in a new kernel; the executed notebook."""
    import papermill

    from police_breaches.pipeline import engine

    engine_name = None if isolated else engine.NAME
    try:
        with tempfile.TemporaryDirectory() as empty:
            # A kernel reads the user's IPython and Jupyter configuration; the reference must not.
            os.environ["IPYTHONDIR"] = os.environ["JUPYTER_CONFIG_DIR"] = empty
            executed = papermill.execute_notebook(read_notebook(root, notebook), None, parameters=parameters,
                                                  cwd=str(root), kernel_name=KERNEL, engine_name=engine_name,
                                                  progress_bar=False, log_output=False)
    except papermill.PapermillExecutionError as err:
        raise StepFailed(f"notebooks/{notebook}.py failed in cell {err.exec_count}: {err.ename}: {err.evalue} "
                         "(no output was changed)") from None
    return strip_run_metadata(executed)
