"""A step's process is held by the operating system to what it declares: no route in or out but the declared one.

Each attack is a cell added to notebook 03 (which reads only the clean step's tables) in a scratch copy of the
built project; the step must fail with one line naming the step, the path and the rule, and change nothing.
The routes are those a researcher might take: an absolute path found through the package, the build's own
working folder, the Python path, the system's root seen through /proc, a symlink or a hard link, a file
descriptor the build inherited, the home folder and /tmp, shared memory, the network, another process.
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

import pytest
from conftest import built_copy, edited, python, snapshot

from police_breaches.pipeline import runner

STEP = "03_west_midlands_2016"
READ_RULE = "a step reads only what pipeline.py declares for it"

pytestmark = pytest.mark.skipif(runner.unavailable() is not None, reason=f"no sandbox here: {runner.unavailable()}")


@pytest.fixture(scope="module")
def project(built_project, tmp_path_factory) -> Path:
    return built_copy(built_project, tmp_path_factory.mktemp("sandbox") / "project")


@pytest.fixture(scope="module")
def reference(project) -> dict[str, bytes]:
    return snapshot(project)


@pytest.fixture(autouse=True)
def rebuilt(project, reference):
    """After each test the shared copy is brought back up to date (a step an attack did not stop ran with it)."""
    yield
    python(project, "-m", "police_breaches", "build")


def with_cell(project: Path, cell: str, **popen) -> subprocess.CompletedProcess:
    """Build step 03 with ``cell`` added to its notebook (taken out again afterwards)."""
    with edited(project / f"notebooks/{STEP}.py", lambda text: text + f"\n# %%\n{cell}\n"):
        env = {**os.environ, "PYTHONPATH": str(project / "src"), **popen.pop("env", {})}
        return subprocess.run([sys.executable, "-m", "police_breaches", "build", STEP], cwd=project, capture_output=True,
                              text=True, env=env, **popen)


def refused(result: subprocess.CompletedProcess) -> str:
    """The one line the failed step was given (after '▶ 03_west_midlands_2016 … failed')."""
    assert result.returncode != 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    return lines[lines.index(f"▶ {STEP} … failed") + 1].strip()


def checkout_path(project: Path, name: str) -> str:
    return str(Path(os.path.realpath(project)) / name)


@pytest.mark.parametrize("route", ["package", "parent's folder", "python path", "proc root", "symlink", "hard link"])
def test_an_absolute_read_into_the_checkout_fails_the_step_naming_the_path_and_the_rule(project, reference, route):
    target = "data/processed/chart_rankings.csv"  # 02's output: 03 does not read it
    cell = {
        "package": "import police_breaches, pathlib\n"
                   f"open(pathlib.Path(police_breaches.__file__).resolve().parents[2] / {target!r}).read()",
        "parent's folder": f"import os\nopen(f'/proc/{{os.getppid()}}/cwd/{target}').read()",
        "python path": "import os, pathlib\n"
                       "package = pathlib.Path(os.environ['PYTHONPATH'].split(os.pathsep)[0], 'police_breaches')\n"
                       f"open(package.resolve().parents[1] / {target!r}).read()",
        "proc root": f"open('/proc/self/root' + {checkout_path(project, target)!r}).read()",
        "symlink": f"import os\nos.symlink({checkout_path(project, target)!r}, 'data/processed/mine.csv')\n"
                   "open('data/processed/mine.csv').read()",
        "hard link": f"import os\nos.link({checkout_path(project, target)!r}, 'data/processed/mine.csv')\n"
                     "open('data/processed/mine.csv').read()",
    }[route]
    line = refused(with_cell(project, cell))
    shown = rf"/proc/[0-9]+/cwd/{target}" if route == "parent's folder" else f"<checkout>/{target}"
    assert re.fullmatch(f"{STEP} read {shown}: {READ_RULE}", line), line
    assert snapshot(project) == reference


def test_the_python_path_a_step_sees_leads_to_the_package_alone(project, reference):
    cell = ("import os, pathlib\nfor entry in os.environ['PYTHONPATH'].split(os.pathsep):\n"
            "    open(pathlib.Path(entry).parent / 'data/processed/chart_rankings.csv').read()")
    result = with_cell(project, cell)
    assert result.returncode != 0 and "FileNotFoundError" in result.stdout, result.stdout
    assert snapshot(project) == reference


def test_a_read_caught_by_the_notebook_still_fails_the_step(project, reference):
    """Its outputs would differ from a run in JupyterLab, where the read succeeds."""
    cell = f"try:\n    open({checkout_path(project, 'data/processed/chart_rankings.csv')!r}).read()\nexcept OSError:\n    pass"
    assert refused(with_cell(project, cell)) == f"{STEP} read <checkout>/data/processed/chart_rankings.csv: {READ_RULE}"
    assert snapshot(project) == reference


@pytest.mark.parametrize("where", ["home", "tmp", "shared memory"])
def test_an_absolute_write_outside_the_workspace_fails_the_step(project, reference, where):
    places = {"home": Path.home(), "tmp": Path("/tmp"), "shared memory": Path("/dev/shm")}
    target = places[where] / f"pb-{os.getpid()}-{where[:4]}"
    try:
        line = refused(with_cell(project, f"open({str(target)!r}, 'w').write('from a step')"))
        assert line.startswith(f"{STEP} wrote {target}: a step writes only its outputs, in its workspace"), line
        assert not target.exists()
    finally:
        target.unlink(missing_ok=True)
    assert snapshot(project) == reference


def test_a_relative_write_into_the_raw_data_says_why_it_failed(project, reference):
    line = refused(with_cell(project, "open('data/raw/mine.csv', 'w').write('x')"))
    assert line == (f"{STEP} wrote data/raw/mine.csv, outside the build's folders: a step writes only into "
                    "data/processed, figures, build and reports")
    assert snapshot(project) == reference


def test_a_file_another_process_left_in_shared_memory_cannot_be_read(project, reference):
    shared = Path(f"/dev/shm/pb-{os.getpid()}-left")
    if not shared.parent.is_dir():
        pytest.skip("no /dev/shm here")
    shared.write_text("a figure from elsewhere")
    try:
        assert refused(with_cell(project, f"open({str(shared)!r}).read()")) == f"{STEP} read {shared}: {READ_RULE}"
        cell = "from multiprocessing import shared_memory\nshared_memory.SharedMemory(create=True, size=16)"
        assert with_cell(project, cell).returncode != 0
    finally:
        shared.unlink()
    assert snapshot(project) == reference


def test_a_descriptor_the_build_inherited_is_closed_before_the_step_runs(project, reference):
    """A file the build was started with open (by make, a shell, a test harness) is not the step's to read."""
    secret = project / "data/processed/chart_rankings.csv"
    cell = ("import os\nfor fd in os.listdir('/proc/self/fd'):\n    try:\n"
            "        target = os.readlink(f'/proc/self/fd/{fd}')\n    except OSError:\n        continue\n"
            f"    if target == {str(secret)!r}:\n        print('LEAKED', os.pread(int(fd), 200, 0))")
    with open(secret, "rb") as handle:
        result = with_cell(project, cell, pass_fds=(handle.fileno(),))
    assert result.returncode == 0, result.stdout + result.stderr
    outputs = json.loads((project / f"build/{STEP}.ipynb").read_text())["cells"][-1]["outputs"]
    assert "LEAKED" not in json.dumps(outputs)


def test_the_network_is_out_of_reach(project, reference):
    """A TCP server on this machine, an abstract Unix socket of another process, and any name lookup."""
    server = socket.create_server(("127.0.0.1", 0))
    abstract = socket.socket(socket.AF_UNIX)
    abstract.bind(f"\0pb-test-{os.getpid()}")
    abstract.listen()
    try:
        port = server.getsockname()[1]
        line = refused(with_cell(project, f"import socket\nsocket.create_connection(('127.0.0.1', {port}), 3).recv(9)"))
        assert line.startswith(f"{STEP} reached for the network (127.0.0.1:{port}): a step has none"), line
        assert refused(with_cell(project, "import socket\nsocket.getaddrinfo('example.com', 80)")).startswith(
            f"{STEP} reached for the network (example.com:80)")
        for cell in ("import socket\nsocket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b'x', ('127.0.0.1', 53))",
                     f"import socket\nsocket.socket(socket.AF_UNIX).connect('\\0pb-test-{os.getpid()}')"):
            assert with_cell(project, cell).returncode != 0, cell
    finally:
        server.close()
        abstract.close()
    assert snapshot(project) == reference


def test_a_step_cannot_signal_the_build(project, reference):
    result = with_cell(project, "import os, signal\nos.kill(os.getppid(), signal.SIGTERM)")
    assert "PermissionError" in refused(result) and "build failed" in result.stdout
    assert snapshot(project) == reference


def test_a_process_a_step_leaves_running_ends_with_it_whatever_session_it_is_in(project, reference, tmp_path):
    """`setsid` puts it in a session of its own; the step's process, a subreaper, ends it before the step ends."""
    marker = f"pb-late-{os.getpid()}"
    cell = f"import subprocess\nsubprocess.Popen(['setsid', 'bash', '-c', 'sleep 5; echo late > late-{marker}.txt'])"
    result = with_cell(project, cell)
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(rf"^  {STEP}: ended [12] process(es)? the step left running: bash -c sleep 5; echo late > "
                     rf"late-{marker}\.txt", result.stdout, flags=re.M), result.stdout
    running = subprocess.run(["pgrep", "-f", marker], capture_output=True, text=True).stdout.split()
    assert running == [], "a process of the step outlived it"


def test_a_step_whose_left_process_was_still_writing_an_output_fails(project, reference):
    cell = "import subprocess, time\nsubprocess.Popen(['bash', '-c', 'exec 3>figures/late.svg; sleep 30'])\ntime.sleep(0.5)"
    line = refused(with_cell(project, cell))
    assert line == (f"{STEP}: a process it left running was still writing figures/late.svg when the step ended, so "
                    "that output could be incomplete (no output was changed)")
    assert snapshot(project) == reference


def test_a_killed_step_says_which_signal_ended_it_and_what_did_not_run(project, reference):
    started = time.monotonic()
    result = with_cell(project, "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)")
    assert refused(result) == f"{STEP}: its process ended by SIGKILL before it finished (no output was changed)"
    assert time.monotonic() - started < 60
    assert "not run because of it:" not in result.stdout  # 03 alone was asked for
    with edited(project / f"notebooks/{STEP}.py", lambda text: text + "\n# %%\nimport os\nos.kill(os.getpid(), 9)\n"):
        whole = python(project, "-m", "police_breaches", "build")
    assert re.search(rf"1 step\(s\) failed \({STEP}\); not run because of it: 06_summary, publish\.", whole.stdout), whole.stdout
    assert snapshot(project) == reference
