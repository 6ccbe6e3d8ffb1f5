"""The whole build through make, in scratch copies of the project: deterministic, incremental, atomic.

Each copy reuses this test run's environment (``VENV=…  ENV_STAMP=``) so only the pipeline itself runs.
"""

from __future__ import annotations

import filecmp
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
VENV = Path(sys.executable).resolve().parent.parent if Path(sys.prefix, "bin/python").exists() else None
pytestmark = pytest.mark.skipif(VENV is None, reason="runs inside the project's virtual environment")
OUTPUTS = ("build", "data/processed", "figures", "reports")


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


def outputs(project: Path) -> dict[str, Path]:
    """Every build product, by path; hidden files (atomic-write temporaries) are not products."""
    found = {}
    for folder in OUTPUTS:
        for path in (project / folder).rglob("*"):
            if path.is_file() and not path.name.startswith("."):
                found[str(path.relative_to(project))] = path
    return found


def differing(a: dict[str, Path], b: dict[str, Path]) -> list[str]:
    return sorted(k for k in a.keys() & b.keys() if not filecmp.cmp(a[k], b[k], shallow=False))


@pytest.fixture(scope="module")
def first_build(tmp_path_factory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("a") / "project")
    make(project, "report")
    return project


def test_two_clean_builds_are_byte_identical(first_build, tmp_path):
    second = copy_project(tmp_path / "project")
    make(second, "report")
    a, b = outputs(first_build), outputs(second)
    assert len(a) > 40
    assert sorted(a) == sorted(b)
    assert differing(a, b) == []


def test_a_second_make_does_nothing(first_build):
    started = time.perf_counter()
    result = make(first_build, "report")
    assert "Nothing to be done" in result.stdout
    assert time.perf_counter() - started < 5


def test_changing_one_parameter_reruns_that_notebook_and_what_depends_on_it(first_build):
    params = first_build / "params/03_west_midlands_2016.yml"
    os.utime(params)  # touched, as a researcher saving the file would
    planned = make(first_build, "-n", "report").stdout
    run = {line.split()[3] for line in planned.splitlines() if "police_breaches.run" in line}
    assert run == {"notebooks/03_west_midlands_2016.py", "notebooks/06_summary.py"}
    assert "police_breaches.report" in planned


def test_an_interrupted_build_leaves_nothing_half_written(first_build, tmp_path):
    project = copy_project(tmp_path / "project")
    process = make(project, "report", start_new_session=True)
    deadline = time.monotonic() + 120
    while not (project / "build/02_rankings_2011_2015.ipynb").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(1.0)  # well into the next notebook
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    reference = outputs(first_build)
    partial = outputs(project)
    assert "reports/index.html" not in partial, "the build finished before it could be interrupted"
    assert set(partial) <= set(reference)
    assert differing(partial, reference) == []  # whatever exists is complete
    make(project, "report")
    finished = outputs(project)
    assert sorted(finished) == sorted(reference)
    assert differing(finished, reference) == []
