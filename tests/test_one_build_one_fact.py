"""One table of facts, as the build and the runner use it: a parameter that defines a fact is set once and every
page follows it; a contradiction in published facts stops the build and publishes nothing new; two runs are
compared row by row on each table's key; a run's folder vouches only for the code it ran.

Each test changes a scratch copy of the built project; the changes are made up for the test.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import built_copy, make, python, snapshot

PAGE = re.compile(r"<[^>]+>")


def text_of(path: Path) -> str:
    return re.sub(r"\s+", " ", PAGE.sub(" ", path.read_text(encoding="utf-8")))


@pytest.fixture
def project(built_project, tmp_path) -> Path:
    return built_copy(built_project, tmp_path / "project")


def test_the_workforce_date_set_once_gives_the_report_and_the_force_page_one_rate(project):
    (project / "params/01_facts.yml").write_text('period_start: "2011-06-01"\nperiod_end: "2015-12-31"\n'
                                                 'workforce_as_at: "2016-03-31"\nties: min\n', encoding="utf-8")
    make(project, "report")
    report = text_of(project / "reports/index.html")
    page = text_of(project / "reports/forces/west_midlands.html")
    in_report = re.search(r"West Midlands Police has (\d+\.\d) breaches per 1,000", report).group(1)
    on_page = re.search(r"that is (\d+\.\d) breaches per 1,000", page).group(1)
    assert in_report == on_page == "46.1"  # 488 over 10,580.71 FTE at 31 March 2016
    assert "(as at 31 March 2016)" in page and "at 31 March 2016" in report


def test_a_contradiction_in_published_facts_stops_the_build_and_publishes_nothing_new(project):
    ranks = project / "data/raw/bbw_2016/published_ranks.csv"
    ranks.write_text(ranks.read_text(encoding="utf-8").replace("Dorset Police,8,", "Dorset Police,2,"), encoding="utf-8")
    assert python(project, "-m", "police_breaches", "manifest", "rehash", str(ranks)).returncode == 0
    before = {name: data for name, data in snapshot(project).items() if name.startswith("reports/")}
    result = make(project, "report", check=False)
    assert result.returncode != 0
    said = result.stdout + result.stderr
    assert "data/raw/bbw_2016/published_ranks.csv, row 7" in said, said
    assert "Dorset Police '2'" in said and "Surrey Police 202" in said
    assert {name: data for name, data in snapshot(project).items() if name.startswith("reports/")} == before
    assert "publish" not in re.findall(r"^▶ (\S+) …", result.stdout, flags=re.M)


# --------------------------------------------------------------------------- runs compared by key

def run(project: Path, *args: str) -> subprocess.CompletedProcess:
    return python(project, "-m", "police_breaches", "run", *args)


def folder_of(result: subprocess.CompletedProcess) -> str:
    return re.search(r"Written to runs/([^/\s]+)/", result.stdout).group(1)


@pytest.fixture
def two_runs(project) -> tuple[Path, str, str]:
    a = run(project, "03")
    b = run(project, "03", "-p", "year", "2014")
    assert a.returncode == 0 and b.returncode == 0, a.stderr + b.stderr
    return project, folder_of(a), folder_of(b)


def test_two_runs_are_compared_row_by_row_on_each_table_s_key(two_runs):
    project, a, b = two_runs
    result = run(project, "compare", a, b)
    assert result.returncode == 0, result.stderr
    page = text_of(project / f"runs/compare-{a}-{b}.html")
    # 2016's categories and 2014's share no label: each is a row removed or added, never one turned into another
    assert "inappropriate disclosure (row) present removed" in page
    assert "Unlawful Obtaining and Disclosure (row) absent added" in page
    assert "year 2016 2014" in page


@pytest.mark.parametrize("how", ["itself", "two notebooks", "a damaged record", "a folder that is no run"])
def test_runs_that_cannot_be_compared_say_why_in_one_line(two_runs, how):
    project, a, b = two_runs
    if how == "itself":
        names, expected = [a, a], "compared with itself"
    elif how == "two notebooks":
        other = run(project, "05")
        names, expected = [a, folder_of(other)], "compare two runs of one notebook"
    elif how == "a damaged record":
        record = project / "runs" / b / "run.json"
        record.write_text(record.read_text(encoding="utf-8")[:40], encoding="utf-8")
        names, expected = [a, b], "cannot be read"
    else:
        (project / "runs/empty").mkdir()
        names, expected = [a, "empty"], "not a run: empty"
    result = run(project, "compare", *names)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and expected in result.stderr and "Traceback" not in result.stderr


# --------------------------------------------------------------------------- a run vouches for the code it ran

def test_a_cell_edited_and_not_saved_gives_the_run_a_folder_of_its_own(project, tmp_path):
    """papermill's own command line on a converted notebook, once as it is and once with a cell changed by hand
    (as an edit in JupyterLab that was not saved)."""
    import nbformat

    converted = tmp_path / "03.ipynb"
    subprocess.run([sys.executable, "-m", "jupytext", "--quiet", "--to", "ipynb", "-o", str(converted),
                    str(project / "notebooks/03_west_midlands_2016.py")], check=True)
    notebook = nbformat.read(converted, as_version=4)
    edited = tmp_path / "03-edited.ipynb"
    last = next(i for i in reversed(range(len(notebook.cells))) if notebook.cells[i].cell_type == "code")
    notebook.cells[last].source += "\nprint('an edit that was never saved')"
    nbformat.write(notebook, edited)
    env = {"PYTHONPATH": str(project / "src"), "PATH": "/usr/bin:/bin"}
    folders = []
    for source in (converted, edited):
        out = tmp_path / f"{source.stem}-out.ipynb"
        subprocess.run([sys.executable, "-m", "papermill", str(source), str(out), "-k", "police-breaches", "--cwd",
                        str(project)], check=True, capture_output=True, env=env)
        said = "".join("".join(o.get("data", {}).get("text/markdown", "")) for c in nbformat.read(out, 4).cells
                       for o in c.get("outputs", []))
        folders.append(re.findall(r"runs/(03_west_midlands_2016-[0-9a-f]+)/", said)[-1])
    assert folders[0] != folders[1]
    record = json.loads((project / "runs" / folders[1] / "run.json").read_text(encoding="utf-8"))
    assert any("never saved" in cell for cell in record["code"]["cells_not_in_the_notebook"])
    assert "code" not in json.loads((project / "runs" / folders[0] / "run.json").read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- the published tables as a data package

def test_the_published_tables_are_a_data_package_the_standard_validator_accepts(built_project):
    package = json.loads((built_project / "data/processed/datapackage.json").read_text(encoding="utf-8"))
    assert package["resources"][0]["path"] == "facts.csv"
    assert package["resources"][0]["schema"]["primaryKey"] == ["fact_id"]
    present = {p.relative_to(built_project / "data/processed").as_posix()
               for p in (built_project / "data/processed").rglob("*.csv")}
    assert {r["path"] for r in package["resources"]} == present
    result = subprocess.run([sys.executable, "-m", "frictionless", "validate", "--json",
                             str(built_project / "data/processed/datapackage.json")], capture_output=True, text=True)
    report = json.loads(result.stdout)
    assert report["valid"], [task["errors"][:2] for task in report["tasks"] if not task["valid"]]


@pytest.mark.parametrize("what", ["table", "column"])
def test_a_table_or_column_that_is_not_described_is_not_published(built_project, tmp_path, what):
    from police_breaches.core.errors import InputError
    from police_breaches.publish import tables

    project = built_copy(built_project, tmp_path / "project")
    if what == "table":
        (project / "data/processed/made_up.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    else:
        facts = project / "data/processed/headline.csv"
        facts.write_text(facts.read_text(encoding="utf-8").replace("figure,label", "figure,label_made_up"))
    with pytest.raises(InputError) as err:
        tables.describe(project)
    assert "config/processed.yml" in str(err.value) and ("made_up.csv" in str(err.value) or "label_made_up" in str(err.value))
