"""One job (a build step, or a one-off run of a notebook) in a process of its own, and how it ended.

**Where the sandbox is available** (Linux with Landlock): the job runs in a child forked from the build's
warm process, which imported the libraries once. Before the step's code runs, the child

1. ends with the build (``PR_SET_PDEATHSIG``) and becomes a subreaper (processes.py);
2. closes every descriptor it inherited but standard input, output and error, and reads standard input
   from ``/dev/null`` (a kernel has none);
3. enters its workspace: the project root, a private ``TMPDIR`` and ``HOME`` (so no user's configuration
   is read), ``PYTHONPATH`` pointing at a link to the package only, never into the checkout;
4. is confined by the operating system to what the step may touch (sandbox.py), with every access it
   tries recorded to say why one was refused (accesses.py).

When the work is done, the processes it left running are ended (processes.py), and it reports in one small
file: its failure, if any, and its notes. Whatever a notebook changes in its process (a module's global, a
cache, pandas options, rcParams, logging, ``sys.path``, threads, the environment) is gone with it.

**Elsewhere** (macOS, Windows, a kernel without Landlock, or ``POLICE_BREACHES_FALLBACK=1``), each job
runs in a freshly started Python process, and each notebook in a fresh Jupyter kernel, as ``make isolated``
runs it: the same bytes, more slowly, and held to its workspace by the copy alone, not by the system.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import tempfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from police_breaches.core import paths
from police_breaches.pipeline import execute, processes, sandbox

FALLBACK_VARIABLE = "POLICE_BREACHES_FALLBACK"


@dataclass(frozen=True)
class Job:
    """What one process runs: a notebook with its parameters (its executed copy written to ``executed``), or a
    build step's action (found by its name in pipeline.py)."""

    name: str
    checkout: Path
    root: Path  # the project root the job sees: its workspace, or the checkout for a one-off run
    notebook: str | None = None
    parameters: dict = field(default_factory=dict)
    executed: str | None = None
    temporary: Path | None = None  # a build step's private temporary folder
    run_folder: Path | None = None  # a one-off run's folder
    isolated: bool = False
    owners: dict = field(default_factory=dict)  # build product → the step that writes it, to explain a read


@dataclass
class Outcome:
    failure: str | None
    notes: list[str]


def unavailable() -> str | None:
    """Why the sandbox cannot be used here (None: it can). Said once by the build."""
    if os.environ.get(FALLBACK_VARIABLE):
        return f"{FALLBACK_VARIABLE} is set"
    if not hasattr(os, "fork"):
        return "this system has no fork"
    if not sandbox.landlock_abi():
        return "this system has no Landlock (Linux 5.13 or later, with Landlock enabled)"
    return None


class Started:
    """A job's running process: wait on ``sentinel``; then :meth:`outcome`."""

    def __init__(self, job: Job, pid: int, sentinel, channel: str, process=None):
        self.job, self.pid, self.sentinel, self.channel, self.process = job, pid, sentinel, channel, process

    def outcome(self) -> Outcome:
        """Reap the process and read its report (the process has ended: its sentinel is ready)."""
        if self.process is None:
            _, status = os.waitpid(self.pid, 0)
            os.close(self.sentinel)
            code = os.waitstatus_to_exitcode(status)
        else:
            self.process.join()
            code = self.process.exitcode
        try:
            report = json.loads(Path(self.channel).read_text(encoding="utf-8") or "{}")
        except (OSError, ValueError):
            report = {}
        finally:
            Path(self.channel).unlink(missing_ok=True)
        failure = report.get("failure")
        if code and not failure:
            ended = f"ended by {signal.Signals(-code).name}" if code < 0 else f"ended with exit status {code}"
            failure = f"{self.job.name}: its process {ended} before it finished (no output was changed)"
        return Outcome(failure, report.get("notes", []))

    def stop(self) -> None:
        """End the process now (the build was interrupted)."""
        if self.process is not None:
            self.process.terminate()
        else:
            try:
                os.kill(self.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        self.outcome()


def wait(running: list[Started]) -> Started:
    """The first of ``running`` to end."""
    from multiprocessing.connection import wait as ready

    finished = ready([started.sentinel for started in running])
    return next(started for started in running if started.sentinel in finished)


def start(job: Job, forked: bool, graph=None) -> Started:
    """Start ``job``: forked from this warm process (a build step confined to its workspace), or, where there is
    no sandbox, in a new process."""
    handle, channel = tempfile.mkstemp(prefix="police-breaches-", suffix=".json")
    if not forked:
        import multiprocessing

        os.close(handle)
        process = multiprocessing.get_context("spawn").Process(target=_spawned, args=(job, channel), daemon=True)
        process.start()
        return Started(job, process.pid, process.sentinel, channel, process)
    rules = _rules(job) if job.temporary else None
    sys.stdout.flush()
    sys.stderr.flush()
    parent = os.getpid()
    pid = os.fork()
    if pid:
        os.close(handle)
        return Started(job, pid, os.pidfd_open(pid), channel)
    try:
        _end_with(parent)
        _report(handle, _run(job, graph, rules, keep={handle}))
    finally:
        os._exit(1)  # unless the report was written


def _spawned(job: Job, channel: str) -> None:
    """A fresh process, where there is no sandbox: the job's notebook in a fresh kernel."""
    from police_breaches.pipeline import steps

    graph = None if job.notebook else steps.load(job.checkout)  # an action, as pipeline.py declares it
    _report(os.open(channel, os.O_WRONLY | os.O_TRUNC), _run(job, graph, rules=None, keep=set()))


def _report(handle: int, outcome: Outcome) -> None:
    """Write the job's report, and end its process with the exit status that says whether it failed."""
    sys.stdout.flush()
    sys.stderr.flush()
    os.write(handle, json.dumps({"failure": outcome.failure, "notes": outcome.notes}).encode("utf-8"))
    os.close(handle)
    os._exit(1 if outcome.failure else 0)


def _run(job: Job, graph, rules: sandbox.Rules | None, keep: set[int]) -> Outcome:
    from police_breaches.pipeline.accesses import Accesses

    failure, notes, watch = None, [], None
    reaping = processes.become_subreaper()
    try:
        if rules is not None:
            _close_inherited(keep | {0, 1, 2})
        _enter(job)
        if job.temporary is not None:  # a build step: what it tries is judged, and, with the sandbox, refused
            watch = Accesses(rules, job.root, job.checkout)
            watch.watch()
        if rules is not None:
            sandbox.confine(rules, sandbox.landlock_abi())
        _work(job, graph, local_kernel=rules is not None)
    except BaseException as err:  # every failure is the step's, said by the parent in one line
        failure = str(err) if isinstance(err, execute.StepFailed) else f"{type(err).__name__}: {err}"
    if watch is not None:
        watch.stop()  # what follows is the build's own doing
    if reaping:
        ended, writing = processes.end_descendants(job.root)
        if ended:
            notes.append(f"{job.name}: {processes.ended(ended, 'the step left running')}")
        if writing and not failure:
            failure = (f"{job.name}: a process it left running was still writing {', '.join(writing)} when the step "
                       "ended, so that output could be incomplete (no output was changed)")
    if watch is not None:
        try:
            failure = watch.refused(job.name, lambda name: job.owners.get(name, "another step"), failure) or failure
        except Exception as err:  # the step's own failure, if any, is still said
            failure = failure or f"{job.name}: what it accessed could not be judged ({type(err).__name__}: {err})"
    return Outcome(failure, notes)


def _work(job: Job, graph, local_kernel: bool) -> None:
    if job.notebook:
        from nbformat.v4.nbjson import writes

        from police_breaches.core.outputs import write_text

        executed = execute.execute(job.root, job.notebook, job.parameters, job.isolated, local_kernel)
        write_text(job.executed, writes(executed) + "\n")  # as nbformat.writes, less its check against the schema
    else:
        graph.steps[job.name].action()


def _end_with(parent: int) -> None:
    """A step's process ends if the build's does (Linux), rather than finish a step nobody will record."""
    import ctypes

    ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:
        os._exit(1)


def _close_inherited(keep: set[int]) -> None:
    """Close every descriptor this process inherited but ``keep``; standard input reads nothing."""
    for fd in sorted(int(name) for name in os.listdir("/proc/self/fd")):
        if fd not in keep:
            try:
                os.close(fd)
            except OSError:
                pass  # the descriptor of the listing itself, already closed
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)


def _enter(job: Job) -> None:
    """The job's environment: its project root, and for a build step its private temporary folder and home,
    and a Python path holding the package alone."""
    environ = os.environ
    environ[paths.ROOT_VARIABLE] = environ["PWD"] = str(job.root)
    environ.pop("OLDPWD", None)
    for variable, value in ((paths.STEP_VARIABLE, job.name if job.temporary else None), (paths.RUN_VARIABLE, job.run_folder)):
        environ.pop(variable, None) if value is None else environ.__setitem__(variable, str(value))
    if job.temporary is not None:
        temporary = str(job.temporary)
        for variable in ("TMPDIR", "TEMP", "TMP", "HOME"):
            environ[variable] = temporary
        for variable in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_RUNTIME_DIR",
                         "JUPYTER_PATH", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "PYTHONSTARTUP", "MPLBACKEND"):
            environ.pop(variable, None)
        tempfile.tempdir = temporary
        python = job.temporary / "python"
        python.mkdir()
        (python / "police_breaches").symlink_to(_package())
        environ["PYTHONPATH"] = str(python)
        checkout = job.checkout.resolve()
        sys.path[:] = [entry for entry in sys.path if not Path(os.path.realpath(entry or ".")).is_relative_to(checkout)
                       or Path(os.path.realpath(entry)).is_relative_to(os.path.realpath(sys.prefix))] + [str(python)]
    os.chdir(job.root)


@lru_cache(maxsize=1)
def _package() -> Path:
    import police_breaches

    return Path(os.path.realpath(Path(police_breaches.__file__).parent))


def _rules(job: Job) -> sandbox.Rules:
    return sandbox.rules_for(job.checkout, job.root, job.temporary, _package(), _fonts(job.checkout))


@lru_cache(maxsize=4)
def _fonts(checkout: Path) -> list[Path]:
    from police_breaches.pipeline import fingerprints

    return fingerprints.font_folders(checkout)
