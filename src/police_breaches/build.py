"""The build engine's parts: how doit judges a step up to date, runs it, and reports progress.

``dodo.py`` (at the project root) says what the steps are and what each reads; this module turns that into
doit tasks. A step runs again when, and only when:

- the content of a file it reads changes (sha256, whatever the modification time says);
- its resolved parameter values change (doit's ``config_changed``);
- one of its build products is missing or altered (checked against the build record).

``python -m police_breaches.build`` is what ``make report`` calls: it checks every notebook's parameters
first (one line and exit status 2 if any is wrong; nothing runs), then runs doit. ``--isolated`` gives every
notebook its own Jupyter kernel instead of the warm in-process engine. ``--jobs N`` runs up to N independent
steps at once (default: one per core, up to 4); the outputs are byte-identical whatever N is.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import shutil
import sys
import time
from pathlib import Path

from doit.dependency import FileChangedChecker
from doit.exceptions import TaskFailed
from doit.tools import config_changed

from . import params, record
from .paths import BUILD, CONFIG, MANIFEST_NAME, RAW, project_root

ISOLATED_VARIABLE = "POLICE_BREACHES_ISOLATED"


class ContentChecker(FileChangedChecker):
    """A file has changed when its bytes have: sha256 every time, never the modification time."""

    def check_modified(self, file_path, file_stat, state):
        return state is None or state[1] != record.sha256_of(Path(file_path))

    def get_state(self, dep, current_state):
        state = (os.path.getsize(dep), record.sha256_of(Path(dep)))
        return None if current_state and list(current_state) == list(state) else state


FAMILY = 10  # a task with more subtasks than this is reported as one line, not one per subtask


class ProgressReporter:
    """Each step as it finishes, with its time; a large family of steps (the force pages) as one line; then
    which were up to date. A line is written whole, so steps running in parallel never interleave."""

    desc = "progress with timings"

    def __init__(self, outstream, options):
        self.out = outstream
        self.started = time.perf_counter()
        self.running: dict[str, float] = {}
        self.ran: list[tuple[str, float]] = []
        self.skipped: list[str] = []
        self.failures: list[tuple[str, str]] = []
        self.errors: list[str] = []
        self.family_size: dict[str, int] = {}
        self.order: dict[str, int] = {}
        self.families: dict[str, list[tuple[str, float]]] = {}  # steps run in each large family
        self.done: dict[str, int] = {}  # steps of each large family run, failed or up to date so far

    def write(self, text: str) -> None:
        self.out.write(text)
        self.out.flush()

    def initialize(self, tasks, selected_tasks):
        self.order = {name: at for at, name in enumerate(tasks)}  # dodo.py's order, whatever order steps ran in
        for task in tasks.values():
            if task.subtask_of:
                self.family_size[task.subtask_of] = self.family_size.get(task.subtask_of, 0) + 1

    def get_status(self, task):
        pass

    def _family(self, task) -> str | None:
        return task.subtask_of if self.family_size.get(task.subtask_of, 0) > FAMILY else None

    def execute_task(self, task):
        if task.actions:
            self.running[task.name] = time.perf_counter()

    def add_success(self, task):
        if task.name not in self.running:
            return
        seconds = time.perf_counter() - self.running.pop(task.name)
        self.ran.append((task.name, seconds))
        family = self._family(task)
        if family:
            self.families.setdefault(family, []).append((task.name, seconds))
            self._member_done(family)
        else:
            self.write(f"▶ {_label(task.name)} … {seconds:.2f} s\n")

    def _member_done(self, family: str) -> None:
        """Once every step of a family has run or been found up to date, its one line is written."""
        self.done[family] = self.done.get(family, 0) + 1
        if self.done[family] == self.family_size[family]:
            self._write_family(family)

    def _write_family(self, family: str) -> None:
        ran = self.families.pop(family, [])
        if ran:
            named = f" ({', '.join(_label(name) for name, _ in ran)})" if len(ran) <= FAMILY else ""
            self.write(f"▶ {family.replace('_', ' ')} (one step each) … {len(ran)} run{named}, "
                       f"{sum(seconds for _, seconds in ran):.2f} s\n")

    def add_failure(self, task, fail):
        self.running.pop(task.name, None)
        message = fail.get_msg().strip() if not isinstance(fail, TaskFailed) else str(fail.message).strip()
        self.failures.append((task.name, message))
        self.write(f"▶ {_label(task.name)} … failed\n  {message}\n")
        if self._family(task):
            self._member_done(task.subtask_of)

    def skip_uptodate(self, task):
        if task.actions:
            self.skipped.append(task.name)
            if self._family(task):
                self._member_done(task.subtask_of)

    def skip_ignore(self, task):
        pass

    def cleanup_error(self, exception):
        self.write(exception.get_msg())

    def runtime_error(self, msg):
        self.errors.append(msg)

    def teardown_task(self, task):
        pass

    def complete_run(self):
        for family in list(self.families):  # a family the build stopped in the middle of
            self._write_family(family)
        if self.skipped:
            self.write(f"up to date: {_summarise(sorted(self.skipped, key=lambda name: self.order.get(name, 0)))}\n")
        total = time.perf_counter() - self.started
        if self.errors:
            self.write("build stopped: " + "\n".join(self.errors) + "\n")
        elif self.failures:
            self.write(f"build failed after {total:.1f} s: {len(self.failures)} step(s) failed; the outputs of a "
                       "failed step were left as they were.\n")
        else:
            work = sum(seconds for _, seconds in self.ran)
            self.write(f"done in {total:.2f} s: {len(self.ran)} step(s) run ({work:.2f} s of work), "
                       f"{len(self.skipped)} up to date\n")


def _label(task_name: str) -> str:
    return task_name.split(":", 1)[-1]


def _summarise(names: list[str]) -> str:
    """Name each step, but count the members of a large family (the force pages) instead of listing them."""
    families: dict[str, list[str]] = {}
    for name in names:
        family, _, member = name.rpartition(":")
        families.setdefault(family, []).append(member)
    parts = []
    for family, members in families.items():
        parts.extend([f"{len(members)} {family.replace('_', ' ')}"] if len(members) > FAMILY else members)
    return ", ".join(parts)


# --------------------------------------------------------------------------- tasks for dodo.py

def files_under(*folders: Path, pattern: str = "*") -> list[str]:
    return sorted(str(p) for folder in folders for p in Path(folder).rglob(pattern)
                  if p.is_file() and "__pycache__" not in p.parts)


def territorial_forces() -> list[str]:
    """The ids of the territorial forces in config/forces.csv, read without pandas (every build loads this)."""
    import csv

    with open(CONFIG / "forces.csv", encoding="utf-8", newline="") as handle:
        return [row["force_id"] for row in csv.DictReader(handle) if row["kind"] == "territorial"]


def package_files() -> list[str]:
    return files_under(Path("src/police_breaches"), pattern="*.py")


def raw_files() -> list[str]:
    return [MANIFEST_NAME, *files_under(RAW)]


def isolated() -> bool:
    return os.environ.get(ISOLATED_VARIABLE) == "1"


def _run_step(step: str, notebook: str, parameters: dict, inputs: list[str]):
    from .errors import InputError
    from .run import StepFailed, run_notebook

    try:
        run_notebook(Path.cwd(), step, notebook, parameters, inputs=inputs, isolated=isolated())
    except (StepFailed, InputError, params.ParameterError) as err:
        return TaskFailed(str(err))
    return None


def notebook_task(notebook: str, reads: list[str], step: str | None = None, overrides: dict | None = None,
                  targets: list[str] = (), alone: bool = False) -> dict:
    """A doit task that runs ``notebooks/<notebook>.py`` as the step ``step`` (default: the notebook's name).

    ``targets`` are outputs a later step reads by name.
    ``alone`` makes it a task of its own (named ``step``) rather than a subtask of a ``task_*`` generator.
    """
    step = step or notebook
    resolved = params.resolve(Path.cwd(), notebook, list((overrides or {}).items()))
    inputs = sorted({f"notebooks/{notebook}.py", *reads, *files_under(CONFIG), *package_files()})
    return {
        ("basename" if alone else "name"): step,
        "actions": [(_run_step, [step, notebook, resolved, inputs])],
        "file_dep": inputs,
        "targets": [str(BUILD / f"{step}.ipynb"), str(record.record_path(step)), *targets],
        "uptodate": [config_changed({"parameters": resolved}), _outputs_intact(step)],
        "verbosity": 2,
    }


def action_task(step: str, action, reads: list[str], targets: list[str], config: dict | None = None) -> dict:
    """A doit task for a step that is not a notebook (the report): staged, recorded, checked like one."""
    from .run import run_action

    inputs = sorted({*reads, *package_files()})

    def run():
        try:
            run_action(Path.cwd(), step, action, parameters=config or {}, inputs=inputs)
        except Exception as err:  # noqa: BLE001 - reported as this step's failure, in one line
            return TaskFailed(f"{type(err).__name__}: {err}")
        return None

    return {
        "basename": step,
        "actions": [run],
        "file_dep": inputs,
        "targets": [*targets, str(record.record_path(step))],
        "uptodate": [config_changed(config or {}), _outputs_intact(step)],
        "verbosity": 2,
    }


def _outputs_intact(step: str):
    def intact(task, values):
        return record.outputs_intact(Path.cwd(), step)
    intact.__name__ = f"outputs_intact({step})"
    return intact


def record_of(step: str) -> str:
    """Depend on a step through its record: it changes exactly when one of the step's outputs does."""
    return str(record.record_path(step))


# --------------------------------------------------------------------------- running doit

def _dodo(root: Path):
    spec = importlib.util.spec_from_file_location("dodo", Path(root) / "dodo.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def check_all_parameters(root: Path) -> None:
    context = params.Context.load(root)
    for notebook in params.notebooks(root):
        params.resolve(root, notebook, context=context)


STATE_FILE = BUILD / ".doit.json"


def doit(root: Path, argv: list[str], jobs: int = 1) -> int:
    """Run doit on dodo.py. With ``jobs`` > 1, steps that do not depend on each other run side by side, each
    in a worker process forked from this one (so the tasks need not be pickled); the outputs are the same."""
    import multiprocessing

    from doit.cmd_base import ModuleTaskLoader
    from doit.doit_cmd import DoitMain

    os.chdir(root)
    state = Path(root) / STATE_FILE
    if state.exists():
        try:
            json.loads(state.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError):
            print(f"note: {STATE_FILE} was damaged; it is set aside and every step is checked afresh", file=sys.stderr)
            state.replace(state.with_suffix(".damaged"))
    module = _dodo(root)
    tidy(root, [step["name"] for step in steps_of_the_build(root, module)])
    if jobs > 1 and "fork" in multiprocessing.get_all_start_methods():
        multiprocessing.set_start_method("fork", force=True)  # Python 3.14 defaults to forkserver
        module.DOIT_CONFIG = {**module.DOIT_CONFIG, "num_process": jobs, "par_type": "process"}
    return DoitMain(ModuleTaskLoader(module)).run(argv)


def tidy(root: Path, steps: list[str]) -> None:
    """Before a build: remove what interrupted builds left in the staging folder, and the outputs of steps the
    build no longer has (a force that is no longer territorial), which nothing would otherwise rebuild or check."""
    shutil.rmtree(Path(root) / BUILD / "stage", ignore_errors=True)
    for path in sorted((Path(root) / BUILD).rglob("*.record.json")):
        step = path.relative_to(Path(root) / BUILD).as_posix().removesuffix(".record.json")
        if step in steps or path.is_relative_to(Path(root) / BUILD / "stage"):
            continue
        recorded = record.read(root, step) or {}
        for output in recorded.get("outputs", {}):
            (Path(root) / output).unlink(missing_ok=True)
        path.unlink()
        print(f"note: removed the outputs of {step}, a step the build no longer has", file=sys.stderr)


def steps_of_the_build(root: Path, module=None) -> list[dict]:
    """Every step dodo.py defines, in its order: name, inputs, targets, and resolved parameters (notebooks)."""
    from doit.loader import generate_tasks

    cwd = os.getcwd()
    os.chdir(root)
    try:
        module = module or _dodo(root)
        steps = []
        for name, creator in list(vars(module).items()):  # in dodo.py's order
            if name.startswith("task_"):
                for task in generate_tasks(name[5:], creator()):
                    if task.actions:
                        run = task.actions[0]
                        parameters = run.args[2] if getattr(run, "args", None) and len(run.args) > 2 else None
                        steps.append({"name": task.name.split(":", 1)[-1], "inputs": list(task.file_dep),
                                      "targets": list(task.targets), "parameters": parameters})
        return steps
    finally:
        os.chdir(cwd)


def upstream_of(notebook: str) -> list[str]:
    """The tasks a one-off run of ``notebook`` needs up to date first (doit follows them further up)."""
    return _dodo(project_root()).upstream(notebook)


def bring_up_to_date(root: Path, tasks: list[str]) -> None:
    check_all_parameters(root)  # every step's, as `make report` does before anything runs
    if tasks and doit(root, ["run", *tasks]) != 0:
        raise SystemExit("error: the steps this notebook reads from could not be brought up to date")


@contextlib.contextmanager
def exclusive(root: Path):
    """One build (or one-off run) of a checkout at a time: a second waits, rather than mixing outputs."""
    import fcntl

    path = Path(root) / BUILD / ".lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print("waiting for another build of this checkout to finish …", file=sys.stderr, flush=True)
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def default_jobs() -> int:
    return max(1, min(os.cpu_count() or 1, 4))


def main(argv: list[str]) -> int:
    root = project_root()
    if "--isolated" in argv:
        argv = [a for a in argv if a != "--isolated"]
        os.environ[ISOLATED_VARIABLE] = "1"
    jobs = default_jobs()
    if "--jobs" in argv:
        at = argv.index("--jobs")
        value = argv[at + 1] if at + 1 < len(argv) else ""
        if not value.isdigit() or int(value) < 1:
            print(f"error: --jobs {value!r}: give a whole number of steps to run at once, 1 or more", file=sys.stderr)
            return 2
        jobs, argv = int(value), argv[:at] + argv[at + 2:]
    from .errors import InputError

    try:
        check_all_parameters(root)
    except (params.ParameterError, InputError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    with exclusive(root):
        return doit(root, argv, jobs)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
