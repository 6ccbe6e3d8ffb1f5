"""Isolation by construction: every step runs in a process of its own, in a workspace holding exactly what
it reads, so no notebook can change another's output and the build sees every input.

Each test edits a scratch copy of the project; the edits are made up for the test.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import pytest
from conftest import built_copy, copy_project, differing, edited, make, products, read_page, restored, snapshot, steps_run

from police_breaches.pipeline import workspace

# Every kind of state a notebook can change in its own process, changed at the end of a notebook.
LEAKS = r'''
# %%
import decimal, logging, os, random, sys, threading, time, types
import matplotlib, matplotlib.units, numpy as np, pandas as pd
from police_breaches.core import parameters as params, paths
from police_breaches.publish import style
style.HIGHLIGHT = style.BASE = "#00FF00"                               # a package module's global
params.specs(paths.root(), "03_west_midlands_2016").clear()           # a cached result, mutated in place
pd.set_option("display.precision", 1)
pd.set_option("display.float_format", lambda x: "LEAKED")
np.set_printoptions(precision=1)
decimal.getcontext().prec = 2
random.seed(0)
sys.path.insert(0, "/nonexistent")
sys.modules["police_breaches.publish.summary"] = types.ModuleType("police_breaches.publish.summary")
for params in (matplotlib.rcParams, matplotlib.rcParamsOrig, matplotlib.rcParamsDefault):
    dict.__setitem__(params, "font.size", 31.0)
    dict.__setitem__(params, "axes.facecolor", "#FF00FF")
matplotlib.use("svg")
matplotlib.units.registry[str] = matplotlib.units.registry.get(float)
get_ipython().display_formatter.formatters["text/markdown"].enabled = False
get_ipython().display_formatter.formatters["text/html"].enabled = False
get_ipython().events.register("pre_run_cell", lambda *args: setattr(style, "HIGHLIGHT", "#FF00FF"))
threading.Thread(target=lambda: (time.sleep(0.3), setattr(style, "INK", "#FF00FF")), daemon=True).start()
logging.basicConfig(level=logging.DEBUG, stream=sys.stdout, force=True)  # last: this cell shows nothing
os.putenv("POLICE_BREACHES_ROOT", "/nonexistent")
os.environ["TZ"] = "Pacific/Kiritimati"
'''
LEAKY = ("01_clean", "03_west_midlands_2016")


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_notebook_that_changes_every_kind_of_state_changes_no_other_notebook(built_project, tmp_path, jobs):
    """The reference is `make isolated`'s bytes (test_a_build_with_a_fresh_kernel_per_notebook_is_byte_identical)."""
    project = copy_project(tmp_path / "project")
    for name in LEAKY:
        path = project / f"notebooks/{name}.py"
        path.write_text(path.read_text() + LEAKS)
    make(project, "report", f"JOBS={jobs}")
    reference, leaky = products(built_project), products(project)
    assert sorted(reference) == sorted(leaky)
    own = {f"build/{name}.ipynb" for name in LEAKY}  # the leaky notebooks themselves, and every record (which
    others = [name for name in reference if name not in own and not name.endswith(".record.json")]  # names them)
    assert len(others) > 200
    assert differing({n: reference[n] for n in others}, {n: leaky[n] for n in others}) == []


def test_a_build_with_a_fresh_kernel_per_notebook_is_byte_identical(built_project, tmp_path):
    """`make isolated` runs every step in a kernel; here, every notebook but 43 of the 45 force pages (the
    same notebook again, a kernel start each), to keep the suite short."""
    isolated = copy_project(tmp_path / "project")
    steps = ["02_rankings_2011_2015", "03_west_midlands_2016", "04_outcomes_2011_2015", "05_west_midlands_in_context",
             "06_summary", "07_every_answer", "08_force_profiles", "10_later_studies", "forces/kent", "forces/west_midlands"]
    result = subprocess.run([sys.executable, "-m", "police_breaches", "build", "--isolated", *steps], cwd=isolated,
                            capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(isolated / "src")})
    assert result.returncode == 0, result.stdout + result.stderr
    assert len(steps_run(result.stdout)) == 12
    warm, cold = products(built_project), products(isolated)
    assert len(cold) > 100 and set(cold) <= set(warm)
    assert differing(warm, cold) == []
    rest = make(isolated, "report").stdout
    assert steps_run(rest) == {"force pages", "publish"} and "43 run" in rest, "the warm build redid a kernel's step"
    assert differing(warm, products(isolated)) == []
    again = subprocess.run([sys.executable, "-m", "police_breaches", "build", "--isolated", "03_west_midlands_2016"],
                           cwd=isolated, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(isolated / "src")})
    assert steps_run(again.stdout) == {"01_clean", "01_facts", "03_west_midlands_2016"}, \
        "the reference runs, never trusts a record"


# --------------------------------------------------------------------------- one answer to "is it up to date?"

@pytest.fixture(scope="module")
def project(built_project, tmp_path_factory) -> Path:
    return built_copy(built_project, tmp_path_factory.mktemp("isolation") / "project")


@pytest.fixture(scope="module")
def reference(project) -> dict[str, bytes]:
    return snapshot(project)


def named(check_output: str, state: str = "out of date") -> set[str]:
    """The steps `make check` gives ``state`` ('  ✗ 02_rankings_2011_2015: out of date', or a group of force pages
    '  ✗ 45 force pages (forces/avon_and_somerset, …): out of date'; 'will run again if what it reads changes'
    for a step that reads from one that is out of date)."""
    names = set()
    for line in check_output.splitlines():
        found = re.match(rf"  ✗ (.+): {re.escape(state)}$", line)
        if found:
            group = re.match(r"(\d+) force pages", found.group(1))
            names |= {"force pages"} if group else set(found.group(1).split(", "))
    return names


def out_of_date(check_output: str) -> set[str]:
    return named(check_output)


def ran(output: str) -> set[str]:
    return {"force pages" if name.startswith("forces/") else name for name in steps_run(output)}


CHANGES = {  # what changes: (file, edit, steps `make check` finds out of date, steps it says wait for them, steps
    #                       `make report` then runs)
    "a parameter": ("params/03_west_midlands_2016.yml",
                    lambda t: t.replace("highlight_largest: true", "highlight_largest: false"),
                    {"03_west_midlands_2016"}, {"06_summary", "publish"}, {"03_west_midlands_2016", "publish"}),
    "a notebook's text": ("notebooks/07_every_answer.py", lambda t: t.replace("# Every", "# Each", 1),
                          {"07_every_answer"}, {"publish"}, {"07_every_answer", "publish"}),
    "the methodology": ("docs/methodology.md", lambda t: t + "\nOne more sentence.\n", {"publish"}, set(), {"publish"}),
    "the citation": ("CITATION.cff", lambda t: re.sub(r"(?m)^version: .*$", "version: 9.9.9", t),
                     {"publish"}, set(), {"publish"}),
    "a comment in the package": ("src/police_breaches/publish/report.py", lambda t: t.replace("\n\n\n", "\n\n\n# a comment\n", 1),
                                 set(), set(), set()),
    "a docstring in the package": ("src/police_breaches/analysis/rankings.py",
                                   lambda t: t.replace('"""', '"""Said again, in other words. ', 1), set(), set(), set()),
    "prose beside the raw data": ("data/raw/README.md", lambda t: t + "\nA note for readers.\n", set(), set(), set()),
    "a note beside the configuration": ("config/README.md", lambda t: t + "What each file here is for.\n", set(), set(), set()),
    "a comment in parameters.yml": ("config/parameters.yml", lambda t: "# a comment\n" + t, set(), set(), set()),
    "the order of the report's sections": ("pipeline.py", lambda t: t.replace(
        '["06_summary", "03_west_midlands_2016", "02_rankings_2011_2015",',
        '["06_summary", "02_rankings_2011_2015", "03_west_midlands_2016",', 1), {"publish"}, set(), {"publish"}),
    "the order parameters are declared in": ("config/parameters.yml", lambda t: t.replace(
        "    force: {type: force_id, default: west_midlands, help: \"the force whose breaches are broken down by category\"}\n",
        "").replace("    highlight_largest:", "    force: {type: force_id, default: west_midlands, help: \"the force whose "
                                             "breaches are broken down by category\"}\n    highlight_largest:", 1),
        {"03_west_midlands_2016"}, {"06_summary", "publish"}, {"03_west_midlands_2016", "publish"}),
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_make_check_and_make_report_agree_on_what_is_out_of_date(project, reference, change):
    """`make check` names exactly the steps `make report` runs first, by the one function both use, and the
    steps that read from them, which run again if what they read changes (the graph says which: one answer);
    a change that cannot alter an output (a comment, a docstring, prose) is not an input."""
    name, edit, stale, waiting, rebuilt = CHANGES[change]
    path = project / name
    original = path.read_bytes() if path.exists() else None
    assert edit(path.read_text() if original is not None else "") != (path.read_text() if original is not None else ""), \
        "the edit must change the file"
    try:
        path.write_text(edit(path.read_text() if original is not None else ""))
        result = make(project, "check", check=False)
        assert out_of_date(result.stdout) == stale, result.stdout
        assert named(result.stdout, "will run again if what it reads changes") == waiting, result.stdout
        assert (result.returncode != 0) == bool(stale)
        assert stale <= ran(make(project, "report").stdout) == rebuilt <= stale | waiting
        assert make(project, "check").returncode == 0
        if change == "the citation":
            assert "version 9.9.9" in read_page(project / "reports/index.html")
    finally:
        path.write_bytes(original) if original is not None else path.unlink()
    make(project, "report")
    assert snapshot(project) == reference


def test_a_setting_such_as_the_source_date_is_part_of_up_to_date(project, reference):
    """The commit and date the report names are settings of the publish step."""
    result = subprocess.run(["make", "--no-print-directory", "-C", str(project), f"VENV={sys.prefix}", "ENV_STAMP=",
                             "check"], capture_output=True, text=True, env={**os.environ, "SOURCE_DATE_EPOCH": "1700000000"})
    assert out_of_date(result.stdout) == {"publish"} and "setting source is now" in result.stdout
    result = subprocess.run(["make", "--no-print-directory", "-C", str(project), f"VENV={sys.prefix}", "ENV_STAMP=",
                             "report"], capture_output=True, text=True, env={**os.environ, "SOURCE_DATE_EPOCH": "1700000000"})
    assert ran(result.stdout) == {"publish"}
    assert "source date 2023-11-14" in read_page(project / "reports/index.html")
    make(project, "report")
    assert snapshot(project) == reference


def test_a_library_or_python_version_change_makes_every_step_out_of_date(project):
    from police_breaches.pipeline import steps

    graph = steps.load(project)
    step = graph.steps["02_rankings_2011_2015"]
    assert steps.status(graph, step).current
    distributions = dict(graph.environment["distributions"])
    distributions["jupytext"], distributions["a-new-one"] = "0.0.1", "1.0"
    del distributions["holidays"]
    graph.environment = {**graph.environment, "python": "3.99.0", "distributions": distributions}
    reasons = steps.status(graph, step).reasons
    assert any(r.startswith("Python is now 3.99.0, was 3.") for r in reasons)
    assert any(r.startswith("library jupytext is now 0.0.1, was ") for r in reasons)
    assert "library a-new-one 1.0 was installed since it was built" in reasons
    assert any(r.startswith("library holidays is no longer installed (was ") for r in reasons)


def test_a_users_matplotlibrc_changes_no_chart(built_project, tmp_path):
    """A built copy with every figure deleted, so every step that draws a chart runs again under the rc files."""
    project = built_copy(built_project, tmp_path / "project")
    for figure in (project / "figures").rglob("*.*"):
        figure.unlink()
    rc = "font.size: 30\naxes.facecolor: red\nfont.family: serif\nsvg.fonttype: none\nfigure.dpi: 50\n"
    (project / "matplotlibrc").write_text(rc)
    config = tmp_path / "mplconfig"
    config.mkdir()
    (config / "matplotlibrc").write_text(rc)
    subprocess.run(["make", "--no-print-directory", "-C", str(project), f"VENV={sys.prefix}", "ENV_STAMP=", "report"],
                   check=True, capture_output=True, env={**os.environ, "MPLCONFIGDIR": str(config)})
    assert differing(products(built_project), products(project)) == []


# --------------------------------------------------------------------------- inputs read and changed

# A cell that says its step runs (its workspace is made and filled by then), then waits to be told to go on: both
# through the step's own temporary folder, the one place outside its workspace it may write and read.
WAITING = ("\n# %%\nimport os, pathlib, time\npathlib.Path(os.environ['TMPDIR'], 'running').touch()\n"
           "while not pathlib.Path(os.environ['TMPDIR'], 'go').exists():\n    time.sleep(0.05)\n")


def running_step(project: Path, step: str) -> Path:
    """The temporary folder of ``step`` once its WAITING cell runs."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        found = list(workspace.stage(project).glob(f"{step}-*/tmp/running"))
        if found:
            return found[0].parent
        time.sleep(0.02)
    raise AssertionError(f"{step} did not start")

def test_a_notebook_edited_while_its_step_runs_is_run_again_from_the_edit(project, reference):
    notebook = project / "notebooks/07_every_answer.py"
    original = notebook.read_text()
    notebook.write_text(original + WAITING)
    try:
        build = make(project, "report", start_new_session=True)
        folder = running_step(project, "07_every_answer")
        notebook.write_text(original.replace("# Every", "# EDITED: every", 1))  # the edit, while the step waits
        (folder / "go").touch()
        output = build.communicate(timeout=300)[0].decode()
        assert build.returncode == 0, output
        assert "07_every_answer: notebooks/07_every_answer.py changed while it ran; running it again" in output
        assert "EDITED: every" in read_page(project / "reports/index.html")
        assert make(project, "check").returncode == 0
        assert steps_run(make(project, "report").stdout) == set()
    finally:
        notebook.write_text(original)
    make(project, "report")
    assert snapshot(project) == reference


@pytest.mark.parametrize("reader", [
    'import subprocess\nsubprocess.run(["cat", "data/processed/ranking.csv"], check=True)',
    'import ctypes\nassert ctypes.CDLL(None).open(b"data/processed/ranking.csv", 0) >= 0',
    'import os\nos.close(os.open("processed/ranking.csv", os.O_RDONLY, dir_fd=os.open("data", os.O_RDONLY)))',
    'import os\nos.rename("data/processed/ranking.csv", "data/processed/mine.csv")',
    'open("../../../data/processed/chart_rankings.csv").read()',  # up and out of the workspace: not the checkout
    'open("../../../data/processed/chart_rankings.csv", "w").write("force,count")',
])
def test_no_way_of_reading_reaches_what_a_step_does_not_declare(project, reference, reader):
    """A subprocess, native code or a directory descriptor cannot read another step's output either: in the
    step's workspace it does not exist (03 does not read 02)."""
    with edited(project / "notebooks/03_west_midlands_2016.py", lambda text: text + f"\n# %%\n{reader}\n"):
        result = make(project, "report", check=False)
        assert result.returncode != 0
        assert "▶ 03_west_midlands_2016 … failed" in result.stdout
        assert snapshot(project) == reference
    make(project, "report")
    assert snapshot(project) == reference


def test_a_step_reads_back_what_it_wrote_itself(project, reference):
    check = ('\n# %%\nimport pandas as pd\nfrom police_breaches.core import paths\n'
             'assert len(pd.read_csv(paths.at(PROCESSED / "categories.csv"))) == len(breakdown) == 7\n')
    with edited(project / "notebooks/03_west_midlands_2016.py", lambda text: text + check):
        make(project, "report")
    make(project, "report")
    assert snapshot(project) == reference


def test_two_steps_declaring_one_output_stop_the_build_in_one_line(project, reference):
    with edited(project / "pipeline.py", lambda text: text.replace(
            'yield notebook("07_every_answer", after=["01_clean", *facts], reads=[MANIFEST])',
            'yield notebook("07_every_answer", after=["01_clean", *facts], reads=[MANIFEST], '
            'targets=["data/processed/forces.csv"])')):
        for target in ("report", "check"):
            result = make(project, target, check=False)
            assert result.returncode != 0
            assert ("error: pipeline.py: data/processed/forces.csv is declared by both 07_every_answer and 08_force_profiles"
                    in result.stderr), result.stderr
    assert snapshot(project) == reference


def test_what_a_cell_writes_to_file_descriptors_is_kept_as_a_kernel_keeps_it(project):
    """os.write, C code and subprocesses write to descriptors 1 and 2, not to sys.stdout; a kernel keeps it
    (except under pytest, which ipykernel detects by PYTEST_CURRENT_TEST, so the runs are made without it)."""
    # A kernel forwards what reaches descriptors 1 and 2 from a thread of its own: the cell pauses before it
    # ends so that thread has read it (without the pause a kernel under load can lose the last write).
    cell = ('\n# %%\nimport os, subprocess, time\nprint("python")\nos.write(1, b"fd one\\n")\n'
            'subprocess.run(["echo", "from a subprocess"])\nos.write(2, b"fd two\\n")\ntime.sleep(0.5)\n')
    texts = []
    with edited(project / "notebooks/07_every_answer.py", lambda text: text + cell):
        for isolated in ([], ["--isolated"]):
            result = subprocess.run([sys.executable, "-m", "police_breaches", "run", "07", *isolated], cwd=project,
                                    capture_output=True, text=True, env={
                                        **{k: v for k, v in os.environ.items() if k != "PYTEST_CURRENT_TEST"},
                                        "PYTHONPATH": str(project / "src")})
            assert result.returncode == 0, result.stderr
            folder = project / re.search(r"Written to (runs/\S+)/", result.stdout).group(1)
            last = nbformat.read(folder / "07_every_answer.ipynb", as_version=4).cells[-1]
            texts.append({name: "".join(o["text"] for o in last.outputs if o.get("name") == name)
                          for name in ("stdout", "stderr")})
    assert texts[0] == texts[1] == {"stdout": "python\nfd one\nfrom a subprocess\n", "stderr": "fd two\n"}


# --------------------------------------------------------------------------- where outputs go

def test_outputs_move_into_place_across_filesystems(built_project, tmp_path):
    """data/processed on another filesystem (a Docker volume, say): each output is copied beside its place,
    then renamed, so it is still whole or absent."""
    shm = Path("/dev/shm")
    if not shm.is_dir() or os.stat(shm).st_dev == os.stat(tmp_path).st_dev:
        pytest.skip("no second filesystem to test with")
    project = built_copy(built_project, tmp_path / "project")
    volume = Path(tempfile.mkdtemp(dir=shm))
    try:
        shutil.rmtree(volume)
        shutil.move(project / "data/processed", volume)  # copied across, as a volume would be filled
        (project / "data/processed").symlink_to(volume)
        for output in ("chart_rankings.csv", "categories.csv", "forces/kent.json"):  # so three steps write there again
            (volume / output).unlink()
        assert {"02_rankings_2011_2015", "03_west_midlands_2016", "08_force_profiles"} <= steps_run(
            make(project, "report").stdout)
        reference = products(built_project)
        built = {name: path for name, path in products(project).items()}
        built.update({f"data/processed/{p.relative_to(volume)}": p for p in volume.rglob("*") if p.is_file()})
        assert differing(reference, built) == [] and set(reference) <= set(built)
    finally:
        shutil.rmtree(volume, ignore_errors=True)


def processes_in(folder: Path) -> list[int]:
    """Processes whose working folder lies inside ``folder`` (a step's process works in its workspace)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and Path(os.readlink(entry / "cwd")).is_relative_to(folder):
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def test_a_killed_build_leaves_no_step_running_and_the_next_build_tidies_up(tmp_path):
    project = copy_project(tmp_path / "project")
    process = make(project, "report", start_new_session=True)
    stage = workspace.stage(project)
    deadline = time.monotonic() + 120
    while not processes_in(stage) and time.monotonic() < deadline:
        time.sleep(0.01)
    builds = [pid for pid in processes_in(project) if pid not in processes_in(stage)
              and b"police_breaches\0build" in Path(f"/proc/{pid}/cmdline").read_bytes()]
    assert len(builds) == 1
    os.kill(builds[0], signal.SIGKILL)  # the build alone, as an out-of-memory kill would
    process.wait()
    deadline = time.monotonic() + 10
    while processes_in(stage) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert processes_in(stage) == []
    make(project, "report")
    assert not list(stage.glob("*"))
    assert json.loads((project / "build/publish.record.json").read_text())["step"] == "publish"


def test_a_users_ipython_configuration_changes_nothing_the_reference_makes(project, reference, tmp_path):
    """A kernel reads ~/.ipython and the Jupyter configuration; `make isolated` must not let them in."""
    profile = tmp_path / "ipython/profile_default"
    profile.mkdir(parents=True)
    (profile / "ipython_kernel_config.py").write_text('c.InteractiveShell.ast_node_interactivity = "all"\n')
    result = subprocess.run([sys.executable, "-m", "police_breaches", "build", "--isolated", "03_west_midlands_2016"],
                            cwd=project, capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": str(project / "src"), "IPYTHONDIR": str(tmp_path / "ipython"),
                                 "JUPYTER_CONFIG_DIR": str(tmp_path / "ipython")})
    assert result.returncode == 0, result.stdout + result.stderr
    assert snapshot(project) == reference


def test_a_code_change_while_a_step_runs_stops_it_with_what_to_do(project, reference):
    notebook, code = project / "notebooks/07_every_answer.py", project / "src/police_breaches/publish/summary.py"
    with edited(notebook, lambda text: text + WAITING), restored(code):
        build = make(project, "report", start_new_session=True)
        folder = running_step(project, "07_every_answer")
        code.write_text(code.read_text() + "\nLATER = 1\n")  # not a comment: the syntax tree changes
        (folder / "go").touch()
        output = build.communicate(timeout=300)[0].decode()
        assert build.returncode != 0
        assert ("07_every_answer … failed\n  the package's code (src/police_breaches/publish/summary.py) changed while the "
                "build ran; no output was changed: run `make report` again") in output, output
    make(project, "report")
    assert snapshot(project) == reference


def test_in_a_git_checkout_prose_beside_the_data_changes_nothing_published(built_project, tmp_path):
    project = built_copy(built_project, tmp_path / "project")
    for command in (["init", "-q"], ["add", "-A"], ["-c", "user.name=t", "-c", "user.email=t@e", "commit", "-qm", "x"]):
        subprocess.run(["git", *command], cwd=project, check=True)
    make(project, "report")
    with edited(project / "data/raw/README.md", lambda text: text + "\nA note for readers.\n"):
        (project / "notes-of-mine.txt").write_text("a stray file\n")
        (project / "config/README.md").write_text("What each file here is for.\n")  # untracked, beside the config
        assert make(project, "check").returncode == 0
        assert steps_run(make(project, "report").stdout) == set()
    with edited(project / "docs/methodology.md", lambda text: text + "\nOne more sentence.\n"):
        assert ran(make(project, "report").stdout) == {"publish"}  # and every page says: uncommitted changes
        assert "with uncommitted changes" in read_page(project / "reports/index.html")
