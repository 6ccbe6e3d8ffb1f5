"""Every input is fingerprinted or neutralised: what could change an output without the build noticing.

The installed libraries (all of them, not a list), the fonts matplotlib can choose, the terminal's width,
the user's font cache, the way a kernel prints; and the provenance the pages state. Each test edits a
scratch copy of the built project.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from conftest import built_copy, edited, make, products, python, snapshot, steps_run

from police_breaches.pipeline import fingerprints


@pytest.fixture(scope="module")
def project(built_project, tmp_path_factory) -> Path:
    return built_copy(built_project, tmp_path_factory.mktemp("inputs") / "project")


@pytest.fixture(scope="module")
def reference(project) -> dict[str, bytes]:
    return snapshot(project)


@pytest.fixture(autouse=True)
def rebuilt(request):
    """After each test on the shared copy, it is brought back up to date, whatever the test did."""
    yield
    if "project" in request.fixturenames:
        run(request.getfixturevalue("project"), "build")

# The steps besides the 45 force pages (said once, as their family): 01_clean, 01_facts, 02 to 08, 10, publish.
STEPS = 11


def run(project: Path, *args: str, **env) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "police_breaches", *args], cwd=project, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(project / "src"), **env})


def test_another_version_of_any_installed_library_makes_every_step_out_of_date(project, tmp_path):
    """highspy solves every published rank range; a distribution of it found first on the path stands for an
    upgrade (a dist-info folder as an installer writes it)."""
    installed = fingerprints.distributions()["highspy"]
    fake = tmp_path / "site" / "highspy-99.0.dist-info"
    fake.mkdir(parents=True)
    (fake / "METADATA").write_text("Metadata-Version: 2.1\nName: highspy\nVersion: 99.0\n")
    result = run(project, "check", PYTHONPATH=f"{tmp_path / 'site'}{os.pathsep}{project / 'src'}")
    assert result.returncode != 0
    assert result.stdout.count(f"library highspy is now 99.0, was {installed}") == STEPS + 1, result.stdout  # 45 pages: once
    assert run(project, "check").returncode == 0


def test_the_users_matplotlib_font_cache_changes_no_chart(project, reference, tmp_path):
    """A user's cache that says DejaVu Sans is in DejaVu Serif's file: the build uses the project's own."""
    mine = tmp_path / "mplconfig"
    mine.mkdir()
    cache = next((project / fingerprints.FONT_CACHE).glob("fontlist-*.json"))
    listed = json.loads(cache.read_text())
    for font in listed["ttflist"]:
        if font["name"] == "DejaVu Sans":
            font["fname"] = re.sub(r"DejaVuSans(-Bold)?(Oblique)?\.ttf$", r"DejaVuSerif\1.ttf", font["fname"])
    (mine / cache.name).write_text(json.dumps(listed))
    (project / "figures/categories.svg").unlink()
    result = make_env(project, "report", MPLCONFIGDIR=str(mine), HOME=str(tmp_path))
    assert steps_run(result.stdout) == {"03_west_midlands_2016"}, result.stdout
    assert snapshot(project) == reference


def make_env(project: Path, *args: str, **env) -> subprocess.CompletedProcess:
    command = ["make", "--no-print-directory", "-C", str(project), f"VENV={Path(sys.prefix)}", "ENV_STAMP=", *args]
    return subprocess.run(command, capture_output=True, text=True, env={**os.environ, **env}, check=True)


def test_the_projects_font_cache_is_an_input_of_every_step(project):
    cache = next((project / fingerprints.FONT_CACHE).glob("fontlist-*.json"))
    listed = json.loads(cache.read_text())
    listed["ttflist"] = [font for font in listed["ttflist"] if "Serif" not in font["name"]]
    with edited(cache, lambda _: json.dumps(listed)):
        result = make(project, "check", check=False)
        assert result.returncode != 0
        assert result.stdout.count("the fonts matplotlib can choose changed (.cache/matplotlib)") == STEPS + 1, result.stdout
    listed = json.loads(cache.read_text())
    listed["ttflist"].reverse()  # matplotlib lists them in another order each time it makes the cache
    with edited(cache, lambda _: json.dumps(listed)):
        assert make(project, "check").returncode == 0


WIDE_TABLE_AND_WARNING = '''
# %%
import sys, warnings
import numpy as np, pandas as pd
print("first to stdout"); print("then to stderr", file=sys.stderr); print("then stdout again")
warnings.warn("a library's warning")
frame = pd.DataFrame(np.arange(90).reshape(3, 30))
print(frame)
pd.reset_option("display.max_columns")
frame
'''


def test_a_wide_table_a_warning_and_interleaved_prints_are_the_bytes_a_kernel_makes(project, reference):
    """In the warm process, with a wide terminal, as in a new kernel: pandas shows 20 columns, the warning names
    the same cell, the streams are merged as nbclient merges them."""
    executed = project / "build/07_every_answer.ipynb"
    with edited(project / "notebooks/07_every_answer.py", lambda text: text + WIDE_TABLE_AND_WARNING):
        warm = run(project, "build", "07_every_answer", COLUMNS="200", LINES="50")
        assert steps_run(warm.stdout) == {"07_every_answer"}, warm.stdout + warm.stderr
        in_process = executed.read_bytes()
        cold = run(project, "build", "--isolated", "07_every_answer")
        assert cold.returncode == 0, cold.stdout + cold.stderr
        assert executed.read_bytes() == in_process
    last = nbformat.reads(in_process.decode(), as_version=4).cells[-1]
    assert [(o.output_type, o.get("name")) for o in last.outputs] == [
        ("stream", "stdout"), ("stream", "stderr"), ("execute_result", None)]
    assert "..." in last.outputs[0].text and "[3 rows x 30 columns]" in last.outputs[0].text
    assert last.outputs[1].text.startswith("then to stderr\n<notebook cell>:4: UserWarning: a library's warning\n")
    make(project, "report")
    assert snapshot(project) == reference


@pytest.mark.parametrize("how, why", [
    ({"PATH": "/nonexistent"}, "git is not installed, or not on PATH"),
    ({"GIT_DIR": "/nonexistent"}, "`git rev-parse` failed (fatal: not a git repository: '/nonexistent')"),
])
def test_in_a_git_checkout_a_git_that_is_missing_or_fails_is_said_at_build_time_and_on_the_pages(built_project, tmp_path,
                                                                                                   how, why):
    project = built_copy(built_project, tmp_path / "project")
    for command in (["init", "-q"], ["add", "-A"], ["-c", "user.name=t", "-c", "user.email=t@e", "commit", "-qm", "x"]):
        subprocess.run(["git", *command], cwd=project, check=True)
    result = run(project, "build", **how)
    assert result.returncode == 0, result.stderr
    assert f"warning: the pages cannot name the commit they are built from: {why}" in result.stderr
    assert steps_run(result.stdout) == {"publish"}
    for page in ("reports/index.html", "reports/forces/kent.html"):
        assert f"Built in a git checkout, but no commit can be named: {why.replace(chr(39), '&#x27;')}" in (
            project / page).read_text(), page


def test_a_raw_file_replaced_by_a_symlink_out_of_the_raw_data_is_refused_before_any_step(project, reference, tmp_path):
    """Same content, so the clean step is up to date by its digests; the path check still runs, every time."""
    raw = project / "data/raw/wmp_2016/categories.csv"
    outside = tmp_path / "categories.csv"
    shutil.copy2(raw, outside)
    raw.unlink()
    raw.symlink_to(outside)
    try:
        for target in ("report", "check"):
            result = make(project, target, check=False)
            assert result.returncode != 0 and steps_run(result.stdout) == set(), (target, result.stdout)
            assert "data/raw/wmp_2016/categories.csv" in result.stderr and "through a symlink" in result.stderr, result.stderr
    finally:
        raw.unlink()
        shutil.copy2(outside, raw)
    assert make(project, "check").returncode == 0
    assert snapshot(project) == reference


def test_without_a_sandbox_each_step_runs_in_a_new_process_and_kernel_with_the_same_bytes(built_project, tmp_path):
    """The way every step runs on macOS and Windows (POLICE_BREACHES_FALLBACK=1 forces it here), said once."""
    project = built_copy(built_project, tmp_path / "project")
    for output in ("figures/categories.svg", "build/07_every_answer.ipynb"):
        (project / output).unlink()
    result = run(project, "build", POLICE_BREACHES_FALLBACK="1")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("no sandbox here (POLICE_BREACHES_FALLBACK is set)") == 1
    assert steps_run(result.stdout) == {"03_west_midlands_2016", "07_every_answer"}
    assert products(project).keys() == products(built_project).keys()
    assert snapshot(project) == snapshot(built_project)
    with edited(project / "notebooks/03_west_midlands_2016.py",
                lambda text: text + '\n# %%\nopen("data/processed/chart_rankings.csv").read()\n'):
        failed = run(project, "build", "03_west_midlands_2016", POLICE_BREACHES_FALLBACK="1")
    assert ("03_west_midlands_2016 read data/processed/chart_rankings.csv, which no step it depends on wrote: name "
            "02_rankings_2011_2015 among what it reads in pipeline.py") in failed.stdout, failed.stdout
    assert python(project, "-m", "police_breaches", "check").returncode == 0
