"""A notebook run where researchers work: JupyterLab (driven in Chromium), papermill's own command line.

Each runs the notebook from its own folder (JupyterLab's kernel starts in notebooks/, papermill's where it
is called), checks its parameters as `make report` does, writes to a folder of its own under runs/, and
leaves the build's folders byte for byte as they were.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from conftest import built_copy, launch, make, needs_chromium, snapshot

NOTEBOOKS = ["01_clean", "02_rankings_2011_2015", "03_west_midlands_2016", "04_outcomes_2011_2015",
             "05_west_midlands_in_context", "06_summary", "07_every_answer", "08_force_profiles", "09_force_page"]


@pytest.fixture(scope="module")
def project(built_project, tmp_path_factory) -> Path:
    return built_copy(built_project, tmp_path_factory.mktemp("outside") / "project")


def environment(project: Path, **more) -> dict:
    """As a researcher's shell would have it: this copy's package first, no pytest markers in the kernel
    (ipykernel changes how it captures output under pytest)."""
    return {**{k: v for k, v in os.environ.items() if k != "PYTEST_CURRENT_TEST"},
            "PYTHONPATH": str(project / "src"), **more}


# A researcher's own Python, after the first cell of notebook 02 ran with its defaults (``run``: its folder).
BEGUN = ("import os\nfrom police_breaches.core import outputs, parameters as params, paths\n"
         "from police_breaches.pipeline.session import begin\n"
         "values = {n: s.default for n, s in params.specs(paths.root(), '02_rankings_2011_2015').items()}\n"
         "begin('02_rankings_2011_2015', values)\nrun = outputs.run_folder()\n")


def python_outside(project: Path, code: str, where: Path | None = None) -> subprocess.CompletedProcess:
    """``code`` run by plain Python outside the build, in ``where`` (default: the project's root folder)."""
    return subprocess.run([sys.executable, "-c", code], cwd=where or project, capture_output=True, text=True,
                          env=environment(project))


def run_folder(text: str, project: Path) -> Path:
    """The folder a run says it writes to, in its first output."""
    return project / re.search(r"This run writes its figures and tables to `?(runs/[^/\s`]+)/", text).group(1)


# --------------------------------------------------------------------------- papermill's command line

def papermill(project: Path, notebook: str, where: Path, *arguments: str) -> subprocess.Popen:
    converted = where / f"{notebook}.ipynb"
    subprocess.run([sys.executable, "-m", "jupytext", "--quiet", "--to", "ipynb", "-o", str(converted),
                    str(project / "notebooks" / f"{notebook}.py")], check=True)
    return subprocess.Popen([sys.executable, "-m", "papermill", str(converted), str(where / f"{notebook}-out.ipynb"),
                             "-k", "police-breaches", "--cwd", str(where), *arguments], cwd=where,
                            env=environment(project), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def outputs_after_the_first(notebook: Path) -> str:
    """Each code cell's outputs after the one that checks the parameters (where a run says its folder), with
    links to a run's own files written as links to the project's."""
    cells = [c for c in nbformat.read(notebook, as_version=4).cells if c.cell_type == "code"]
    at = next(i for i, c in enumerate(cells) if "begin(" in c.source)
    shown = [[{k: v for k, v in o.items() if k != "execution_count"} for o in c.outputs] for c in cells[at + 1:]]
    return re.sub(r"\.\./runs/[^/]+/", "../", json.dumps(shown, indent=1))


def test_every_notebook_runs_under_papermills_command_line_from_another_folder_as_the_build_runs_it(project, tmp_path):
    before = snapshot(project)
    processes = {}
    for notebook in NOTEBOOKS:  # two at a time: each starts a kernel
        processes[notebook] = papermill(project, notebook, tmp_path)
        if len(processes) % 2 == 0:
            for running in processes.values():
                running.wait()
    for notebook, process in processes.items():
        output = process.communicate()[0]
        assert process.returncode == 0, (notebook, output)
        executed = tmp_path / f"{notebook}-out.ipynb"
        folder = run_folder(json.dumps(nbformat.read(executed, as_version=4).cells), project)
        assert folder.name.startswith(f"{notebook}-")
        for table in (folder / "data/processed").rglob("*.*"):
            name = table.relative_to(folder)
            assert table.read_bytes() == (project / name).read_bytes(), (notebook, name)
        built = project / "build" / ("forces/west_midlands" if notebook == "09_force_page" else notebook)
        assert outputs_after_the_first(executed) == outputs_after_the_first(built.with_suffix(".ipynb")), notebook
    assert snapshot(project) == before
    assert make(project, "check").returncode == 0


@pytest.mark.parametrize("arguments, message", [
    (["-p", "dpi", "10"], "dpi = 10 is not allowed: a whole number from 72 to 600"),
    (["-p", "top_n", "0"], "top_n = 0 is not allowed: a whole number from 1 to 50"),
    (["-p", "highlight_forces", "west_midlands"], 'highlight_forces = "west_midlands" is not allowed'),
])
def test_a_bad_value_from_papermills_command_line_stops_at_the_check_in_one_line(project, tmp_path, arguments, message):
    before = snapshot(project)
    runs = set((project / "runs").glob("*")) if (project / "runs").exists() else set()
    process = papermill(project, "02_rankings_2011_2015", tmp_path, *arguments)
    output = process.communicate()[0]
    assert process.returncode != 0
    errors = [o for c in nbformat.read(tmp_path / "02_rankings_2011_2015-out.ipynb", as_version=4).cells
              for o in c.get("outputs", []) if o["output_type"] == "error"]
    assert len(errors) == 1 and errors[0]["ename"] == "ParameterError"
    line = "error: notebooks/02_rankings_2011_2015.py (parameters as the notebook ran them): "
    assert len(errors[0]["traceback"]) == 1 and errors[0]["traceback"][0].startswith(line), errors[0]["traceback"]
    assert message in errors[0]["traceback"][0] and message in output
    assert snapshot(project) == before
    assert set((project / "runs").glob("*")) == runs if (project / "runs").exists() else True


def test_a_run_outside_the_build_may_not_write_to_the_builds_folders(project):
    before = snapshot(project)
    result = python_outside(project, BEGUN + "open(paths.at('data/processed/facts.csv'), 'w').write('overwritten')\n",
                            project / "notebooks")
    assert result.returncode != 0
    assert "PermissionError: data/processed/facts.csv belongs to the build" in result.stderr
    assert snapshot(project) == before


def test_the_one_off_runner_works_from_any_folder(project):
    result = subprocess.run([sys.executable, "-m", "police_breaches", "run", "03", "-p", "highlight_largest", "false"],
                            cwd=project / "notebooks", capture_output=True, text=True, env=environment(project))
    assert result.returncode == 0, result.stderr
    folder = project / re.search(r"Written to (runs/\S+)/", result.stdout).group(1)
    assert (folder / "figures/categories.svg").exists()


# --------------------------------------------------------------------------- JupyterLab

def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def lab(project, tmp_path_factory):
    """`make lab PORT=… BROWSER=no` in the built copy, with settings and runtime files of its own."""
    home = tmp_path_factory.mktemp("jupyter")
    tracker = home / "settings/@jupyterlab/notebook-extension/tracker.jupyterlab-settings"
    tracker.parent.mkdir(parents=True)
    tracker.write_text(json.dumps({"windowingMode": "none"}))  # every cell in the page, to be read by the test
    port = free_port()
    server = subprocess.Popen(
        ["make", "--no-print-directory", "-C", str(project), f"VENV={sys.prefix}", "ENV_STAMP=", "lab",
         f"PORT={port}", "BROWSER=no"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env=environment(project, JUPYTER_CONFIG_DIR=str(home / "config"), JUPYTER_RUNTIME_DIR=str(home / "runtime"),
                        JUPYTERLAB_SETTINGS_DIR=str(home / "settings"), JUPYTERLAB_WORKSPACES_DIR=str(home / "ws")),
        start_new_session=True)
    url, deadline, seen = None, time.monotonic() + 120, []
    while url is None and time.monotonic() < deadline:
        line = server.stdout.readline()
        seen.append(line)
        found = re.search(rf"(http://(?:localhost|127\.0\.0\.1):{port}/lab\?token=\w+)", line)
        url = found and found.group(1)
    assert url, "".join(seen)
    yield url
    os.killpg(server.pid, 15)
    server.wait(timeout=30)


@needs_chromium
def test_in_jupyterlab_a_double_click_opens_the_notebook_and_run_all_writes_only_to_its_own_folder(project, lab):
    from playwright.sync_api import sync_playwright

    before = snapshot(project)
    sources = {p.name: p.read_bytes() for p in (project / "notebooks").glob("*.py")}
    with sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.goto(lab.replace("/lab?", "/lab/tree/notebooks?"), wait_until="domcontentloaded")
        page.locator('.jp-DirListing-item[title*="02_rankings_2011_2015.py"]').dblclick(timeout=90_000)
        notebook = page.locator(".jp-NotebookPanel")
        notebook.wait_for(timeout=60_000)
        page.locator('.jp-StatusBar-TextItem:has-text("Python (police-breaches) | Idle")').wait_for(timeout=90_000)
        cell = page.locator(".jp-CodeCell", has_text="top_n = 10").first
        editor = cell.locator(".cm-content")
        editor.click()
        page.keyboard.press("Control+A")
        page.keyboard.insert_text(editor.inner_text().replace("top_n = 10", "top_n = 3"))
        page.locator('.lm-MenuBar-itemLabel:text-is("Run")').click()
        page.locator('.lm-Menu-itemLabel:text-is("Run All Cells")').click()
        prompts = page.locator(".jp-CodeCell .jp-InputArea-prompt")
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            shown = prompts.all_inner_texts()
            if shown and all(re.fullmatch(r"\[\d+\]:", text) for text in shown):
                break
            time.sleep(0.5)
        shown = prompts.all_inner_texts()
        assert all(re.fullmatch(r"\[\d+\]:", text) for text in shown), shown
        assert page.locator('[data-mime-type="application/vnd.jupyter.stderr"]').count() == 0
        first = page.locator(".jp-CodeCell .jp-OutputArea-output").first.inner_text()
        image = page.locator('.jp-OutputArea-output img[data-embed="figures/rankings.svg"]')
        source = image.get_attribute("src")
        loaded = image.evaluate("img => img.complete && img.naturalWidth > 0")
        page.screenshot(path=str(project / "runs" / "jupyterlab.png"))
        browser.close()
    folder = run_folder(first, project)
    chart = pd.read_csv(folder / "data/processed/chart_rankings.csv")
    assert (chart["drawn"] == "yes").sum() == 3 and chart["force"].iloc[0] == "West Midlands Police"
    assert f"/files/{folder.relative_to(project)}/figures/rankings.svg" in source and loaded  # the run's chart
    assert json.loads((folder / "run.json").read_text())["parameters"]["top_n"] == 3
    assert snapshot(project) == before
    assert {p.name: p.read_bytes() for p in (project / "notebooks").glob("*.py")} == sources  # nothing saved
    assert make(project, "check").returncode == 0


def test_a_cell_run_before_the_first_one_may_not_write_the_builds_folders(project):
    """After a kernel restart a researcher runs a later cell first: its writes are refused, not published."""
    before = snapshot(project)
    code = ("from police_breaches.core.outputs import write_text\n"
            "from police_breaches.core.paths import PROCESSED\n"
            "write_text(PROCESSED / 'categories.csv', 'overwritten')\n")
    result = python_outside(project, code, project / "notebooks")
    assert result.returncode != 0
    assert "data/processed/categories.csv belongs to the build: run the notebook's first cell" in result.stderr
    assert snapshot(project) == before


@pytest.mark.parametrize("change", [
    "os.link(paths.at('data/processed/chart_rates.csv'), run / 'rates.csv')",  # a second name for a shared file
    "open(paths.at('data/processed/facts.csv'), 'a').write('x')",
    "os.remove(paths.at('figures/rankings.svg'))",
])
def test_a_run_outside_the_build_cannot_change_a_shared_file_by_another_name(project, change):
    before = snapshot(project)
    result = python_outside(project, BEGUN + change + "\n")
    assert result.returncode != 0 and "belongs to the build" in result.stderr, result.stderr
    assert snapshot(project) == before


def test_the_guard_holds_where_data_processed_is_a_link_to_another_volume(project, tmp_path):
    copy = built_copy(project, tmp_path / "linked")
    volume = tmp_path / "volume"
    (copy / "data/processed").rename(volume)
    (copy / "data/processed").symlink_to(volume)
    result = python_outside(copy, BEGUN + "open(paths.at('data/processed/facts.csv'), 'w').write('overwritten')\n")
    assert result.returncode != 0 and "data/processed/facts.csv belongs to the build" in result.stderr
    assert "overwritten" not in (volume / "facts.csv").read_text()


def test_a_misspelt_parameter_on_papermills_command_line_stops_with_the_closest_name(project, tmp_path):
    process = papermill(project, "02_rankings_2011_2015", tmp_path, "-p", "top_m", "5")
    output = process.communicate()[0]
    assert process.returncode != 0
    assert "unknown parameter \"top_m\" (not a parameter of this notebook; did you mean top_n?)" in output, output


def test_the_runner_says_when_the_build_first_brought_what_it_reads_up_to_date(project):
    params = project / "params/01_facts.yml"
    original = params.read_text()
    try:
        params.write_text(original.replace("ties: min", "ties: max"))
        result = subprocess.run([sys.executable, "-m", "police_breaches", "run", "09", "-p", "force", "kent"],
                                cwd=project, capture_output=True, text=True, env=environment(project))
        assert result.returncode == 0, result.stderr
        assert "first the build brought 2 step(s) it reads from up to date, as `make report` would" in result.stdout
        assert "untouched" not in result.stdout
    finally:
        params.write_text(original)
        make(project, "report")
