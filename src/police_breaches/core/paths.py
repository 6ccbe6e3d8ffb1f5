"""Where things live in the project. Every name below is relative to the project root, and only
:func:`root` turns it into a place on disk: nothing is resolved against the current folder, so a notebook
runs the same from JupyterLab (whose kernel starts in ``notebooks/``), papermill's command line, or any
folder of the checkout.

The root is ``$POLICE_BREACHES_ROOT`` where set (the build sets it to each step's private workspace), else
the checkout this package was imported from, else the nearest folder above the current one that holds
``datapackage.json``.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

ROOT_VARIABLE = "POLICE_BREACHES_ROOT"
STEP_VARIABLE = "POLICE_BREACHES_STEP"  # set in a build step's process: what it writes stays in its workspace
RUN_VARIABLE = "POLICE_BREACHES_RUN"  # set by the one-off runner: the run folder its notebook writes to
MANIFEST_NAME = "datapackage.json"
RAW = Path("data/raw")
PROCESSED = Path("data/processed")
FIGURES = Path("figures")
CONFIG = Path("config")
BUILD = Path("build")
REPORTS = Path("reports")
RUNS = Path("runs")
NOTEBOOKS = Path("notebooks")
PARAMS = Path("params")

# Folders only the build writes. A run outside the build writes to its own folder under runs/ instead.
PRODUCTS = (PROCESSED, FIGURES, BUILD, REPORTS)


def root() -> Path:
    """The project root this process works in (see the module's docstring)."""
    if os.environ.get(ROOT_VARIABLE):
        return Path(os.environ[ROOT_VARIABLE])
    return _checkout()


@lru_cache(maxsize=1)
def _checkout() -> Path:
    checkout = Path(__file__).resolve().parents[3]  # core/ → police_breaches/ → src/ → the checkout
    if (checkout / MANIFEST_NAME).exists():
        return checkout
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / MANIFEST_NAME).exists():
            return folder
    raise FileNotFoundError(f"no {MANIFEST_NAME} in the checkout this package is in ({checkout}) or in {here} or above it")


def at(name: Path | str) -> Path:
    """A project-relative name as a place on disk (an absolute path is returned as it is)."""
    return root() / name


def shown(path: Path | str) -> str:
    """A path as a message should name it: relative to the project root when it lies inside it."""
    path = Path(path)
    if not path.is_absolute():
        return path.as_posix()
    try:
        return path.relative_to(root()).as_posix()
    except ValueError:
        return str(path)


def is_product(name: Path | str) -> bool:
    """True for a project-relative name inside a folder that only the build writes."""
    parts = Path(name).parts
    return any(parts[:len(folder.parts)] == folder.parts for folder in PRODUCTS)
