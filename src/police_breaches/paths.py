"""Where things live in the project, found from the manifest rather than from the current directory.

Notebooks run with the project root as their working directory, so they use the relative paths below.
"""

from __future__ import annotations

import os
from pathlib import Path

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


def project_root(start: Path | None = None) -> Path:
    """The folder holding ``datapackage.json``: ``$POLICE_BREACHES_ROOT`` if set, else searched upwards."""
    if os.environ.get("POLICE_BREACHES_ROOT"):
        return Path(os.environ["POLICE_BREACHES_ROOT"]).resolve()
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / MANIFEST_NAME).exists():
            return folder
    raise FileNotFoundError(f"no {MANIFEST_NAME} in {here} or any folder above it")
