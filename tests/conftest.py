from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from police_breaches.clean import clean_all
from police_breaches.vocab import Vocabularies

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def vocab() -> Vocabularies:
    return Vocabularies.load(ROOT / "config")


@pytest.fixture(scope="session")
def cleaned():
    """The clean step run once on the real raw data."""
    return clean_all(ROOT)


def copy_project(dest: Path) -> Path:
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    dest.mkdir(parents=True)
    subprocess.run(["xargs", "-0", "cp", "--parents", "-p", "-t", str(dest)], cwd=ROOT, input=files, check=True)
    return dest


def make(project: Path, *args: str, **popen) -> subprocess.CompletedProcess | subprocess.Popen:
    command = ["make", "-C", str(project), f"VENV={Path(sys.prefix)}", "ENV_STAMP=", *args]
    if popen:
        return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, **popen)
    return subprocess.run(command, capture_output=True, text=True, check=True)



@pytest.fixture(scope="session")
def built_project(tmp_path_factory) -> Path:
    """A scratch copy of the project, built once with `make report` in this test run's environment."""
    project = copy_project(tmp_path_factory.mktemp("built") / "project")
    make(project, "report")
    return project
