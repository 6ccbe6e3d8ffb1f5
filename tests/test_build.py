"""The whole build through make, in scratch copies of the project: deterministic, incremental, atomic.

Each copy reuses this test run's environment (``VENV=…  ENV_STAMP=``) so only the pipeline itself runs.
"""

from __future__ import annotations

import filecmp
import os
import signal
import time
from pathlib import Path

from conftest import copy_project, make

OUTPUTS = ("build", "data/processed", "figures", "reports")


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


def test_two_clean_builds_are_byte_identical(built_project, tmp_path):
    second = copy_project(tmp_path / "project")
    make(second, "report")
    a, b = outputs(built_project), outputs(second)
    assert len(a) > 40
    assert sorted(a) == sorted(b)
    assert differing(a, b) == []


def test_a_second_make_does_nothing(built_project):
    started = time.perf_counter()
    result = make(built_project, "report")
    assert "Nothing to be done" in result.stdout
    assert time.perf_counter() - started < 5


def test_changing_one_parameter_reruns_that_notebook_and_what_depends_on_it(built_project):
    params = built_project / "params/03_west_midlands_2016.yml"
    os.utime(params)  # touched, as a researcher saving the file would
    planned = make(built_project, "-n", "report").stdout
    run = {line.split()[3] for line in planned.splitlines() if "police_breaches.run" in line}
    assert run == {"notebooks/03_west_midlands_2016.py", "notebooks/06_summary.py"}
    assert "police_breaches.report" in planned


def test_an_interrupted_build_leaves_nothing_half_written(built_project, tmp_path):
    project = copy_project(tmp_path / "project")
    process = make(project, "report", start_new_session=True)
    deadline = time.monotonic() + 120
    while not (project / "build/02_rankings_2011_2015.ipynb").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(1.0)  # well into the next notebook
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    reference = outputs(built_project)
    partial = outputs(project)
    assert "reports/index.html" not in partial, "the build finished before it could be interrupted"
    assert set(partial) <= set(reference)
    assert differing(partial, reference) == []  # whatever exists is complete
    make(project, "report")
    finished = outputs(project)
    assert sorted(finished) == sorted(reference)
    assert differing(finished, reference) == []
