"""Change a parameter, add a file, delete an output: the build still tells the truth.

Most tests share one copy of the built project and put back what they change (rebuilding), so the next
starts from a complete, current build; a test whose change forces a full rebuild works on a copy of its own.
"""

from __future__ import annotations

import gzip
import hashlib
import html
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from conftest import built_copy, copy_project, edited, make, module_from, python, read_page, snapshot, steps_run


@pytest.fixture(scope="module")
def project(built_project, tmp_path_factory) -> Path:
    return built_copy(built_project, tmp_path_factory.mktemp("truth") / "project")


@pytest.fixture(scope="module")
def reference(project) -> dict[str, bytes]:
    return snapshot(project)


def changed(before: dict[str, bytes], after: dict[str, bytes]) -> list[str]:
    return sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))


# --------------------------------------------------------------------------- outputs that went missing or astray

@pytest.mark.parametrize("damage", [
    "delete figures/rankings.svg",
    "delete figures/categories.png",
    "delete data/processed/chart_rankings.csv",
    "delete data/processed/observations.csv",
    "edit data/processed/observations.csv",
    "edit data/processed/chart_rankings.csv",
    "edit figures/rates.svg",
    "edit reports/index.html",
    "delete reports/index.html",
    "delete build/02_rankings_2011_2015.ipynb",
    "edit build/01_clean.record.json",
    "delete build/05_west_midlands_in_context.record.json",
])
def test_a_missing_or_altered_build_product_is_rebuilt_never_trusted(project, reference, damage):
    action, name = damage.split(" ", 1)
    path = project / name
    if action == "delete":
        path.unlink()
    else:
        path.write_bytes(path.read_bytes().replace(b"4", b"5", 3) + b"\n")
        os.utime(path, (1e9, 1e9))  # and an old modification time, so no clock could notice
    output = make(project, "report").stdout
    assert steps_run(output), output
    assert changed(reference, snapshot(project)) == []


def test_a_raw_file_restored_with_other_content_and_an_older_time_is_read_again(built_project, tmp_path):
    project = built_copy(built_project, tmp_path / "project")  # its own copy: nothing to put back
    raw = project / "data/raw/wmp_2016/categories.csv"
    manifest_path = project / "datapackage.json"
    stamp = raw.stat().st_mtime
    edited = raw.read_bytes().replace(b"inappropriate disclosure,7", b"inappropriate disclosure,8")
    manifest = json.loads(manifest_path.read_bytes())
    entry = next(r for r in manifest["resources"] if r["path"] == "data/raw/wmp_2016/categories.csv")
    entry["hash"], entry["bytes"] = "sha256:" + hashlib.sha256(edited).hexdigest(), len(edited)
    raw.write_bytes(edited)
    manifest_path.write_text(json.dumps(manifest, indent=2) + "\n")
    os.utime(raw, (stamp - 10 * 365 * 86400,) * 2)  # as an older copy restored from a backup would be
    output = make(project, "report").stdout
    assert "01_clean" in steps_run(output)
    assert "had 25 data breaches" in read_page(project / "reports/index.html")


# --------------------------------------------------------------------------- parameters

@pytest.mark.parametrize("params_file, text, name", [
    ("06_summary", '"x = 0\\nimport os; os.system(\'touch PWNED\')\\ny": 1\n', "x = 0"),
    ("06_summary", "highlight_force: Surrey Police\n", "highlight_force"),
    ("02_rankings_2011_2015", "top_n: -1\n", "top_n"),
    ("02_rankings_2011_2015", "highlight_forces: [west_midland]\n", "highlight_forces"),
    ("01_facts", "period_start: [2011-06-01]\n", "period_start"),
    ("01_facts", "period_start: '2015-01-01'\nperiod_end: '2014-01-01'\n", "period_end"),
    ("02_rankings_2011_2015", "ties: dense\n", "ties"),  # the project's, in params/01_facts.yml
])
def test_a_bad_parameter_stops_the_build_in_one_line_before_anything_runs(project, reference, params_file, text, name):
    with edited(project / "params" / f"{params_file}.yml", lambda _: text):
        result = make(project, "report", check=False)
        assert result.returncode != 0
        errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
        assert len(errors) == 1 and errors[0].startswith(f"error: params/{params_file}.yml, line "), result.stderr
        assert name in errors[0]
        assert steps_run(result.stdout) == set()
        assert not (project / "PWNED").exists()
    assert changed(reference, snapshot(project)) == []


def test_a_parameter_name_given_on_the_command_line_is_never_run_as_code(project, reference):
    result = python(project, "-m", "police_breaches", "run", "06", "-p", "x = 0\nimport os; os.system('touch PWNED')\ny", "1")
    assert result.returncode == 2
    assert "not a Python identifier" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not (project / "PWNED").exists()
    assert changed(reference, snapshot(project)) == []


def test_a_narrower_period_builds_every_notebook_and_says_what_is_missing(built_project, tmp_path):
    project = built_copy(built_project, tmp_path / "project")  # its own copy: nothing to put back
    path = project / "params/01_facts.yml"
    path.write_text(path.read_text().replace('"2011-06-01"', '"2012-01-01"').replace('"2015-12-31"', '"2014-12-31"'))
    make(project, "report")
    report = html.unescape(read_page(project / "reports/index.html"))
    assert "No outcome breakdown of the breaches is published for the project's period." in report
    assert "No force has a published total within the project's period, January 2012 – December 2014." in report
    assert "No national outcome breakdown is published for the project's period." in report
    assert not (project / "figures/outcomes_surrey_police.svg").exists(), "a figure of the old period was left"
    page = html.unescape(read_page(project / "reports/forces/west_midlands.html"))
    assert "does not contain the 2016 report's" in page  # the pages follow the one period too


# --------------------------------------------------------------------------- one-off runs and failures

def test_a_one_off_run_writes_only_to_its_own_folder(project, reference):
    result = python(project, "-m", "police_breaches", "run", "02", "-p", "top_n", "3", "-p", "highlight_forces",
                    "[west_midlands, surrey]")
    assert result.returncode == 0, result.stderr
    folder = project / re.search(r"Written to (runs/\S+)/", result.stdout).group(1)
    assert changed(reference, snapshot(project)) == []
    chart = pd.read_csv(folder / "data/processed/chart_rankings.csv")
    assert (chart["drawn"] == "yes").sum() == 3
    assert (folder / "figures/rankings.svg").exists() and (folder / "02_rankings_2011_2015.ipynb").exists()
    page = read_page(folder / "index.html")
    assert '<img src="data:image/svg+xml,' in page and "top_n=3" in page
    assert json.loads((folder / "run.json").read_text())["parameters"]["top_n"] == 3
    assert steps_run(make(project, "report").stdout) == set(), "the next build found something to redo"


def test_a_failing_step_changes_no_output_and_says_where_it_failed(project, reference):
    with edited(project / "notebooks/02_rankings_2011_2015.py",
                lambda text: text + '\n# %%\nraise RuntimeError("stopped on purpose")\n'):
        result = make(project, "report", check=False)
        assert result.returncode != 0
        assert "notebooks/02_rankings_2011_2015.py failed in cell" in result.stdout
        assert "RuntimeError: stopped on purpose" in result.stdout
        assert changed(reference, snapshot(project)) == []
    # a failed step keeps its last good outputs and record: with its notebook put back, it is up to date again
    assert steps_run(make(project, "report").stdout) <= {"02_rankings_2011_2015"}
    assert changed(reference, snapshot(project)) == []


@pytest.mark.parametrize("reader", [
    'open("data/processed/chart_rankings.csv").read()',
    'import pandas as pd\npd.read_csv(Path("data/processed") / "chart_rates.csv")',
    'from police_breaches.core.paths import FIGURES\n(FIGURES / "rankings.svg").read_bytes()',
    'import os\nos.chdir("data")\nopen("processed/chart_rankings.csv").read()',  # relative to another folder
    'import os\nos.close(os.open("data/processed/chart_rates.csv", os.O_RDONLY))',
])
def test_a_step_that_reads_what_a_step_it_does_not_depend_on_wrote_is_stopped(project, reference, reader):
    """03 does not depend on 02, so reading 02's outputs would give answers that depend on the build order."""
    with edited(project / "notebooks/03_west_midlands_2016.py",
                lambda text: text + f"\n# %%\nfrom pathlib import Path\n{reader}\n"):
        result = make(project, "report", check=False)
        assert result.returncode != 0
        assert re.search(r"03_west_midlands_2016 read (data/processed/chart_(rankings|rates)\.csv|figures/rankings\.svg), "
                         r"which no step it depends on wrote", result.stdout), result.stdout
        assert changed(reference, snapshot(project)) == []
    make(project, "report")
    assert changed(reference, snapshot(project)) == []


@pytest.mark.parametrize("writer, message", [
    ('open("data/processed/chart_rankings.csv", "a").write("x")',
     "wrote data/processed/chart_rankings.csv, which 02_rankings_2011_2015 writes"),
    ('open("data/processed/facts.csv", "a").write("x")', "changed data/processed/facts.csv, which it reads"),
    ('import os\nos.remove("data/processed/facts.csv")', "removed data/processed/facts.csv, which it reads"),
    ('open("notes.txt", "w").write("x")', "wrote notes.txt, outside the build's folders"),
])
def test_a_step_writes_only_its_own_outputs_and_never_a_shared_file_in_place(project, reference, writer, message):
    """Whatever a step does happens in its workspace: another step's output, or a file it reads, is never
    touched in place, and the build refuses what the step did."""
    with edited(project / "notebooks/03_west_midlands_2016.py", lambda text: text + f"\n# %%\n{writer}\n"):
        result = make(project, "report", check=False)
        assert result.returncode != 0
        assert f"03_west_midlands_2016 {message}" in result.stdout, result.stdout
        assert changed(reference, snapshot(project)) == []
        assert not (project / "notes.txt").exists()
    make(project, "report")
    assert changed(reference, snapshot(project)) == []


def test_the_outputs_of_a_step_the_build_no_longer_has_are_removed(built_project, tmp_path):
    """City of London made a national force for this test: its page, request and record go."""
    project = built_copy(built_project, tmp_path / "project")  # its own copy: nothing to put back
    assert (project / "reports/forces/city_of_london-foi-request.txt").exists()
    forces = project / "config/forces.csv"
    forces.write_text(forces.read_text().replace("city_of_london,City of London Police,territorial,",
                                                 "city_of_london,City of London Police,national,"))
    result = make(project, "report")
    assert "removed the outputs of forces/city_of_london" in result.stderr
    for gone in ("reports/forces/city_of_london-foi-request.txt", "reports/forces/city_of_london.html",
                 "build/forces/city_of_london.ipynb", "build/forces/city_of_london.record.json"):
        assert not (project / gone).exists(), gone
    assert make(project, "check").returncode == 0


# --------------------------------------------------------------------------- the report and the checkout

def test_the_report_is_one_light_file_carrying_its_charts_and_every_file_it_offers(project):
    from police_breaches.publish.pack import CARRY_LIMIT, stored

    path = project / "reports/index.html"
    report = path.read_text(encoding="utf-8")
    assert path.stat().st_size <= 1_500_000, f"the report is {path.stat().st_size:,} bytes"
    charts = re.findall(r'<img src="data:image/svg\+xml,[^"]+" alt="([^"]*)" width="\d+" height="\d+">', report)
    assert len(charts) >= 9 and all(len(alt) > 20 for alt in charts) and "data-embed" not in report
    ids = re.findall(r'\bid="([^"]+)"', report)
    assert len(ids) == len(set(ids))
    files = stored(report)
    carried = offered = 0
    for link in re.findall(r"<a\b[^>]*>", read_page(path)):
        href = html.unescape(re.search(r'href="([^"]*)"', link).group(1))
        if href.startswith(("http://", "https://")) or (href.startswith("#") and "data-file" not in link) \
                or href == "forces/index.html":
            continue
        offered += 1
        if "data-draw=" in link:  # a chart's PNG: drawn by the browser from the chart on the page
            assert (project / "reports" / href).with_suffix(".svg").is_file(), link
            continue
        key = re.search(r'data-file="([^"]+)"', link)
        if key is None:  # too big to carry: the file beside the page, whose public source the page names
            target = (project / "reports" / href).resolve()
            assert len(gzip.compress(target.read_bytes())) > CARRY_LIMIT and target.is_relative_to(project / "data/raw")
            continue
        carried += 1
        kind, data = files[html.unescape(key.group(1))]
        if not key.group(1).startswith("table:"):  # a file of the project: carried byte for byte
            assert data == (project / html.unescape(key.group(1))).read_bytes(), key.group(1)
    assert offered >= 9 * 3 + 20 and carried >= 9 * 2 + 20  # each chart's PNG, SVG and data; tables; raw files


def test_make_check_prints_the_build_record_and_fails_when_the_report_is_out_of_date(project):
    result = make(project, "check")
    assert "✓ 02_rankings_2011_2015:" in result.stdout and "match the build record" in result.stdout
    figure = project / "figures/rankings.svg"
    original = figure.read_bytes()
    try:
        figure.write_bytes(original + b"<!-- edited -->")
        result = make(project, "check", check=False)
        assert result.returncode != 0
        assert "output figures/rankings.svg changed since it was built" in result.stdout
    finally:
        figure.write_bytes(original)
    params = project / "params/03_west_midlands_2016.yml"
    text = params.read_text()
    try:
        params.write_text(text.replace("year: 2016", "year: 2015"))
        result = make(project, "check", check=False)
        assert result.returncode != 0 and "parameter year is now 2015, was 2016" in result.stdout
    finally:
        params.write_text(text)


def test_a_copied_or_moved_checkout_imports_its_own_package(tmp_path):
    """tools/set_up_environment.py points the environment at src/ by a relative path, never an absolute one."""
    for place in ("first", "second"):
        checkout = tmp_path / place
        site = checkout / ".venv/lib/python3.11/site-packages"
        site.mkdir(parents=True)
        (checkout / "src/police_breaches").mkdir(parents=True)
        (checkout / "src/police_breaches/__init__.py").write_text(f"WHERE = {place!r}\n")
        (checkout / "tools").mkdir()
        shutil.copy(Path(__file__).parents[1] / "tools/set_up_environment.py", checkout / "tools")
        subprocess.run([sys.executable, "-c", "import runpy, pathlib; "
                        f"runpy.run_path({str(checkout / 'tools/set_up_environment.py')!r})['link_package']"
                        f"(pathlib.Path({str(site)!r}))"], check=True)
    moved = tmp_path / "moved"
    (tmp_path / "first").rename(moved)
    for checkout, expected in ((moved, "first"), (tmp_path / "second", "second")):
        pth = (checkout / ".venv/lib/python3.11/site-packages/police_breaches.pth").read_text().strip()
        assert not Path(pth).is_absolute()
        probe = subprocess.run([sys.executable, "-S", "-c", "import site, sys; "
                                f"site.addsitedir({str(checkout / '.venv/lib/python3.11/site-packages')!r}); "
                                "import police_breaches; print(police_breaches.WHERE, police_breaches.__file__)"],
                               capture_output=True, text=True, check=True, cwd=tmp_path,
                               env={k: v for k, v in os.environ.items() if k != "PYTHONPATH"})
        where, file = probe.stdout.split()
        assert where == expected and file.startswith(str(checkout))


def test_a_checkout_in_another_folder_remakes_its_environment(tmp_path):
    """The environment stamp names the folder it was made in; anywhere else, make re-runs the install."""
    project = copy_project(tmp_path / "project")
    (project / ".venv").mkdir()
    (project / ".venv/.installed").write_text("/somewhere/else\n")
    planned = subprocess.run(["make", "-n", "-C", str(project), "env"], capture_output=True, text=True).stdout
    assert "uv pip install" in planned
    (project / ".venv/.installed").write_text(f"{project}\n")
    planned = subprocess.run(["make", "-n", "-C", str(project), "env"], capture_output=True, text=True).stdout
    assert "uv pip install" not in planned


# --------------------------------------------------------------------------- found by an adversarial pass

@pytest.mark.parametrize("damage", ["edit", "delete"])
def test_make_check_fails_when_a_record_is_edited_or_missing_but_its_outputs_exist(project, damage):
    path = project / "build/publish.record.json"
    original = path.read_bytes()
    try:
        if damage == "edit":
            path.write_text(path.read_text().replace('"publish"', '"publish2"'))
        else:
            path.unlink()
        result = make(project, "check", check=False)
        assert result.returncode != 0
        assert "✗ publish: out of date" in result.stdout
    finally:
        path.write_bytes(original)


def test_make_check_names_an_input_added_since_the_build(project):
    extra = project / "config/extra_notes.csv"
    extra.write_text("a,b\n1,2\n")
    try:
        result = make(project, "check", check=False)
        assert result.returncode != 0 and "input config/extra_notes.csv was added since it was built" in result.stdout
    finally:
        extra.unlink()


def test_a_one_off_run_during_a_build_waits_and_neither_mixes_up_the_other(project, reference):
    params = project / "params/02_rankings_2011_2015.yml"
    original = params.read_text()
    try:
        params.write_text(original.replace("top_n: 10", "top_n: 5"))
        build = make(project, "report", start_new_session=True)
        one_off = python(project, "-m", "police_breaches", "run", "02", "-p", "top_n", "3")
        build.wait()
        assert build.returncode == 0 and one_off.returncode == 0, one_off.stderr
        assert (pd.read_csv(project / "data/processed/chart_rankings.csv")["drawn"] == "yes").sum() == 5
        assert make(project, "check", check=False).returncode == 0
    finally:
        params.write_text(original)
        make(project, "report")
    assert changed(reference, snapshot(project)) == []


def test_outputs_that_cannot_be_put_in_place_are_all_put_back(project, reference):
    params = project / "params/02_rankings_2011_2015.yml"
    original = params.read_text()
    figure = project / "figures/rates.svg"
    try:
        params.write_text(original.replace("top_n: 10", "top_n: 5"))
        figure.unlink()
        figure.mkdir()  # a folder where the build writes a file
        result = make(project, "report", check=False)
        assert result.returncode != 0 and "could not be put in place" in result.stdout
        figure.rmdir()
        assert changed(reference, snapshot(project)) == ["figures/rates.svg"]  # only the folder's victim is gone
    finally:
        if figure.is_dir():
            figure.rmdir()
        params.write_text(original)
        make(project, "report")
    assert changed(reference, snapshot(project)) == []


def test_a_force_without_a_workforce_figure_gets_no_rate_and_the_report_says_so(tmp_path):
    """'..' for West Midlands Police's officers at 31 March 2015 (made from the real table, for this test)."""
    ods_cases = module_from(Path(__file__).parent / "broken_inputs/ods_cases.py")
    project = copy_project(tmp_path / "project")
    raw = project / "data/raw/home_office_workforce/police-workforce-tabs-30sep15.ods"
    ods_cases.make("marker_for_a_force", raw)
    assert python(project, "-m", "police_breaches", "manifest", "rehash", str(raw)).returncode == 0
    make(project, "report")
    report = read_page(project / "reports/index.html")
    assert ("West Midlands Police has no rate: the Home Office gives no figure for its officers ('..' in "
            "the table), so its workforce at that date is not known.") in report
    assert ("West Midlands Police has no rate: the Home Office gives no figure for its officers ('..' in "
            "the table) at the date chosen.") in report


@pytest.mark.parametrize("file, text", [
    ("params/03_west_midlands_2016.yml", "colour: red\n"),
    ("datapackage.json", '{"resources": [\n  {"name": "x"},\n]}\n'),
])
def test_every_entry_point_reports_a_bad_file_in_one_line(project, reference, file, text):
    path = project / file
    original = path.read_bytes()
    try:
        path.write_text(text)
        for command in (["-m", "police_breaches", "run", "02", "-p", "top_n", "3"], ["-m", "police_breaches", "check"],
                        ["-m", "police_breaches", "build"]):
            result = python(project, *command)
            errors = [line for line in (result.stdout + result.stderr).splitlines() if line.startswith("error:")]
            assert result.returncode != 0 and "Traceback" not in result.stderr, (command, result.stderr)
            assert len(errors) == 1 and file in errors[0], (command, result.stdout, result.stderr)
    finally:
        path.write_bytes(original)
    assert changed(reference, snapshot(project)) == []
