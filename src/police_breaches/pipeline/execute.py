"""Running a notebook with papermill: in the warm process it is called in, or in a new Jupyter kernel.

The build's parent process imports the libraries once (:func:`warm_up`) and never runs a notebook itself;
each step runs in a process of its own (runner.py). There papermill executes the notebook with the warm
in-process engine (engine.py), or in a new Jupyter kernel (``--isolated``, the reference, and the way every
step runs where there is no sandbox). Both run it as a kernel started afresh would: without the user's
IPython or Jupyter configuration, with the terminal's size unknown (``COLUMNS``, ``LINES``), each cell
compiled under one name (``IPYKERNEL_CELL_NAME``, not a name with the kernel's process id in it), and each
stream merged into one output per cell (nbclient's ``coalesce_streams``), so that both give the same bytes.
"""

from __future__ import annotations

import gc
import os
import sys
import tempfile
from functools import lru_cache
from pathlib import Path

# papermill → nbformat → jsonschema, whose check of the "iri" string format compiles a grammar on import
# (rfc3987_syntax, 0.7 s). No schema this build validates uses that format, so that import is declined.
sys.modules.setdefault("rfc3987_syntax", None)

from police_breaches.core import paths  # noqa: E402

KERNEL = "police-breaches"
CELL_NAME = "<notebook cell>"  # the file name a warning or a traceback gives for a cell, in both ways of running
# What the first step (the clean step) needs, imported before it starts; then, while it runs, what the others
# need. The package's own modules are walked: the build names none of them.
FIRST = ("pandas", "numpy", "yaml", "matplotlib.font_manager", "nbformat", "jupytext", "papermill",
         "police_breaches.pipeline.session", "police_breaches.sources")
THEN = ("matplotlib.pyplot", "seaborn", "mistune", "police_breaches.analysis", "police_breaches.publish")


class StepFailed(RuntimeError):
    """A step could not finish; the message says where, and no output was changed."""


def warm_up(first_only: bool = False) -> None:
    """Import what the notebooks import, once, before forking the steps' processes (``first_only``: what the
    first step needs, so that it can start while this process goes on importing the rest); then freeze those
    objects for the collector so that forked children share the parent's memory instead of copying it."""
    import importlib
    import pkgutil

    import matplotlib

    from police_breaches.pipeline import engine

    matplotlib.use("agg")
    for name in FIRST if first_only else (*FIRST, *THEN):
        module = importlib.import_module(name)
        if hasattr(module, "__path__") and name.startswith("police_breaches."):  # a package of the domain
            for inner in pkgutil.walk_packages(module.__path__, f"{name}."):
                importlib.import_module(inner.name)
    engine.shell_instance()
    gc.freeze()


# --------------------------------------------------------------------------- notebooks

def read_notebook(root: Path, notebook: str):
    """``notebooks/<notebook>.py`` as a notebook: the one converted for the build's process, which papermill may
    change (this process runs one notebook, and ends)."""
    return convert((Path(root) / paths.NOTEBOOKS / f"{notebook}.py").read_bytes())


@lru_cache(maxsize=32)
def convert(text: bytes):
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


def execute(root: Path, notebook: str, parameters: dict, isolated: bool = False, local_kernel: bool = False):
    """Execute ``notebooks/<notebook>.py`` with papermill, here or in a new kernel; the executed notebook.
    ``local_kernel``: the kernel talks to this process over Unix sockets that only the step's own processes can
    reach (abstract ones, in the sandbox's scope), not TCP, which the sandbox refuses."""
    import papermill

    from police_breaches.pipeline import engine

    for variable in ("COLUMNS", "LINES"):
        os.environ.pop(variable, None)
    os.environ["IPYKERNEL_CELL_NAME"] = CELL_NAME
    kernel = {}
    if isolated:
        from traitlets.config import Config

        kernel = {"coalesce_streams": True}
        if local_kernel:
            kernel["config"] = Config({"KernelManager": {"transport": "ipc",
                                                         "ip": f"@police-breaches-kernel-{os.getpid()}"}})
            # ipykernel also listens on TCP, for what forked children print; the sandbox says no, and it warns
            os.environ["PYTHONWARNINGS"] = ",".join(filter(None, [os.environ.get("PYTHONWARNINGS"),
                                                                  "ignore:Couldn't bind IOPub Pipe:UserWarning"]))
    try:
        with tempfile.TemporaryDirectory() as empty:
            # A kernel reads the user's IPython and Jupyter configuration; the reference must not.
            os.environ["IPYTHONDIR"] = os.environ["JUPYTER_CONFIG_DIR"] = empty
            executed = papermill.execute_notebook(read_notebook(root, notebook), None, parameters=parameters,
                                                  cwd=str(root), kernel_name=KERNEL,
                                                  engine_name=None if isolated else engine.NAME,
                                                  progress_bar=False, log_output=False, **kernel)
    except papermill.PapermillExecutionError as err:
        raise StepFailed(f"notebooks/{notebook}.py failed in cell {err.exec_count}: {err.ename}: {err.evalue} "
                         "(no output was changed)") from None
    return strip_run_metadata(executed)
