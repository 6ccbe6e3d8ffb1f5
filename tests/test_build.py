"""The whole build through make, in scratch copies of the project: deterministic, incremental, atomic."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest
from conftest import copy_project, differing, edited, make, products, steps_run

REPORT_STEPS = {"01_clean", "01_facts", "02_rankings_2011_2015", "03_west_midlands_2016", "04_outcomes_2011_2015",
                "05_west_midlands_in_context", "06_summary", "07_every_answer", "08_force_profiles", "10_later_studies",
                "force pages",
                "publish"}
FORCE_PAGES = 45  # one step each, reported as the one family line 'force pages'
ALL_STEPS = len(REPORT_STEPS) - 1 + FORCE_PAGES


@pytest.fixture(scope="module")
def one_at_a_time(tmp_path_factory) -> tuple[Path, str]:
    """A second clean build, one step at a time (built_project ran steps side by side), and what it printed."""
    project = copy_project(tmp_path_factory.mktemp("jobs1") / "project")
    return project, make(project, "report", "JOBS=1").stdout


def test_two_clean_builds_are_byte_identical_one_step_at_a_time_or_in_parallel(built_project, one_at_a_time):
    second, _ = one_at_a_time
    a, b = products(built_project), products(second)
    assert len(a) > 40
    assert sorted(a) == sorted(b)
    assert differing(a, b) == []


def test_a_second_build_runs_nothing_and_says_so(built_project):
    output = make(built_project, "report").stdout
    assert steps_run(output) == set()
    assert "0 step(s) run" in output and "up to date: " in output


def test_changing_one_parameter_reruns_that_notebook_and_what_depends_on_it(built_project):
    with edited(built_project / "params/03_west_midlands_2016.yml",
                lambda text: text.replace("highlight_largest: true", "highlight_largest: false")):
        assert steps_run(make(built_project, "report").stdout) == {"03_west_midlands_2016", "publish"}
    assert steps_run(make(built_project, "report").stdout) == {"03_west_midlands_2016", "publish"}


def test_saving_a_parameter_file_without_changing_a_value_reruns_nothing(built_project):
    params = built_project / "params/02_rankings_2011_2015.yml"
    with edited(params, lambda text: "# a comment a researcher added\n" + text.replace("top_n: 10", "top_n:   10")):
        os.utime(params)
        assert steps_run(make(built_project, "report").stdout) == set()


def test_the_progress_shows_each_step_with_its_time(one_at_a_time):
    _, output = one_at_a_time
    assert steps_run(output) == REPORT_STEPS
    for line in output.splitlines():
        if line.startswith("▶"):
            assert line.rstrip().endswith(" s"), line
    assert f"{ALL_STEPS} step(s) run" in output and f"{FORCE_PAGES} run, " in output


def test_an_interrupted_build_leaves_nothing_half_written(built_project, tmp_path):
    project = copy_project(tmp_path / "project")
    process = make(project, "report", start_new_session=True)
    deadline = time.monotonic() + 120
    while not (project / "build/01_clean.record.json").exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.3)  # well into the next step
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    reference = products(built_project)
    partial = products(project)
    assert "reports/index.html" not in partial, "the build finished before it could be interrupted"
    assert set(partial) <= set(reference)
    assert differing(partial, reference) == []  # whatever exists is complete
    make(project, "report")
    finished = products(project)
    assert sorted(finished) == sorted(reference)
    assert differing(finished, reference) == []


def test_no_build_product_holds_a_path_of_the_machine(built_project):
    for name, path in products(built_project).items():
        if path.suffix in (".ipynb", ".json", ".html", ".csv", ".txt"):
            assert str(built_project) not in path.read_text(encoding="utf-8"), name
            assert str(Path.home()) + "/" not in path.read_text(encoding="utf-8"), name


def test_a_bad_number_of_jobs_is_one_line_and_nothing_runs(built_project):
    for jobs in ("0", "two", "-1"):
        result = make(built_project, "report", f"JOBS={jobs}", check=False)
        assert result.returncode != 0
        assert "--jobs" in result.stderr and "a whole number of steps to run at once" in result.stderr
        assert steps_run(result.stdout) == set()
