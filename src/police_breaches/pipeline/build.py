"""The build: every step of ``pipeline.py`` that is not up to date, in order, each in a process of its own.

``python -m police_breaches build [STEP ...]`` is what ``make report`` calls (no STEP: every step). Before
anything runs it makes every check ``make check`` makes (pipeline/check.py: one function for both; one line
and exit status 2 for the first problem), then, for each step in the graph's order:

1. asks :func:`police_breaches.pipeline.steps.status` whether the step is up to date; if so, moves on;
2. copies what the step reads into a new workspace (``build/stage/``) and fingerprints those copies;
3. starts a process for the step (runner.py): forked from this one, which imported the libraries once and
   runs no notebook itself, and confined by the operating system to its workspace (``--isolated``: each
   notebook in a new Jupyter kernel); where there is no sandbox, a new process and a new kernel;
4. when it has succeeded: checks that what it read has not changed meanwhile (if it has, the step runs
   again), that it wrote only its own outputs, then moves them into place together, removes what it wrote
   last time but not this time, and writes its build record.

Steps that do not depend on each other run side by side (``--jobs N``; default one per core, up to 4), the
step with the most steps waiting on it first; the outputs are byte-identical whatever N is. ``--isolated``
is the reference: it runs every step, each notebook in a new Jupyter kernel, and must give the same bytes.
One build or one-off run of a checkout runs at a time.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import time
from pathlib import Path

from police_breaches.core import paths
from police_breaches.core.errors import InputError
from police_breaches.pipeline import check, fingerprints, params, processes, record, runner, steps, workspace
from police_breaches.pipeline.progress import Progress

ATTEMPTS = 3  # runs of a step whose inputs keep changing while it runs, before the build gives up


class _Running:
    def __init__(self, step: steps.Step, place: workspace.Place, copied: workspace.Copied, fingerprint: dict,
                 process: runner.Started, attempt: int):
        self.step, self.place, self.copied, self.fingerprint = step, place, copied, fingerprint
        self.process, self.attempt, self.started = process, attempt, time.perf_counter()


class Builder:
    def __init__(self, graph: steps.Graph, jobs: int, isolated: bool, progress: Progress, sandboxed: bool):
        self.graph, self.jobs, self.isolated, self.progress = graph, jobs, isolated, progress
        self.sandboxed = sandboxed
        self.owners = {output: name for name in graph.steps if (found := record.read(graph.root, name))
                       for output in found["outputs"]}
        self.running: list[_Running] = []
        self.warmth = "warm" if not sandboxed else "cold"  # a fresh process per step imports for itself

    def warm_up(self, first_only: bool = False) -> None:
        """Import, in this process, what the steps import (``first_only``: what the step that checks the raw data
        needs: it runs alone, before every other, while this process imports the rest)."""
        from police_breaches.pipeline import execute

        execute.warm_up(first_only)
        if self.warmth == "cold":
            fingerprints.keep_only_the_font_cache_in_use(self.graph.root)
            self.graph.environment = fingerprints.environment(self.graph.root)  # with the font cache matplotlib uses
        self.warmth = "first" if first_only else "warm"

    def start(self, step: steps.Step, attempt: int = 1) -> None:
        if self.warmth == "cold":
            self.warm_up(first_only=step.name == self.graph.declared.DATA_CHECKED_BY)
        reads = [*self.graph.sources(step), *self.graph.products_read(step)]
        place, copied = workspace.prepare(self.graph.root, step.name, reads)
        if step.notebook and self.sandboxed:
            from police_breaches.pipeline import execute

            execute.convert(copied.contents[f"notebooks/{step.notebook}.py"])  # once, for every child to inherit
        fingerprint = steps.fingerprint(self.graph, step, base=place.root, contents=copied.contents)
        copied.contents.clear()
        job = runner.Job(step.name, self.graph.root, place.root, step.notebook, step.parameters, step.executed,
                         place.temporary, isolated=self.isolated or not self.sandboxed,
                         owners={**self.owners, **self.graph.owner})
        process = runner.start(job, self.sandboxed, self.graph)
        self.running.append(_Running(step, place, copied, fingerprint, process, attempt))

    def finish(self, running: _Running) -> str | None:
        """Put a finished step's outputs in place and record it. Returns 'again' if it must run again,
        'failed' or None (done)."""
        step, place = running.step, running.place
        try:
            outcome = running.process.outcome()
            if self.sandboxed:
                left = processes.end_children({r.process.pid for r in self.running})
                if left:
                    outcome.notes.append(f"{step.name}: {processes.ended(left, 'its process left when it was ended')}")
            for note in outcome.notes:
                self.progress.note(note)
            if outcome.failure:
                self.progress.failed_step(step.name, outcome.failure)
                return "failed"
            return self._record(running)
        finally:
            workspace.discard(place)

    def _record(self, running: _Running) -> str | None:
        step, place = running.step, running.place
        changed = self._changed_meanwhile(step, running.fingerprint)
        code = [name for name in changed if name.startswith(f"{fingerprints.CODE.as_posix()}/")]
        if code:  # this build's processes run the code as it was when it started: no rerun can help
            self.progress.failed_step(step.name, f"the package's code ({', '.join(code)}) changed while the build "
                                                 "ran; no output was changed: run `make report` again")
            return "failed"
        if changed:
            if running.attempt < ATTEMPTS:
                self.progress.note(f"{step.name}: {', '.join(changed)} changed while it ran; running it again")
                return "again"
            self.progress.failed_step(step.name, f"{', '.join(changed)} kept changing while it ran; no output was changed")
            return "failed"
        # With the sandbox, a step cannot change a file in the folders it may only read (its sources).
        outputs, problems = workspace.written(place.root, running.copied,
                                              lambda name: self.sandboxed and not paths.is_product(name))
        problems += [f"did not write {name}, which it declares" for name in (*step.targets, step.executed)
                     if name and name not in outputs]
        problems += [f"wrote {name}, which {owner} writes: one file, one step that writes it"
                     for name in outputs if (owner := self._owner(name, step.name)) != step.name]
        if problems:
            self.progress.failed_step(step.name, f"{step.name} {'; '.join(problems)} (no output was changed)")
            return "failed"
        previous = record.read(self.graph.root, step.name)
        try:
            workspace.commit(place.root, self.graph.root, sorted(outputs))
        except OSError as err:
            self.progress.failed_step(step.name, f"{step.name}: its outputs could not be put in place ({err}); "
                                                 "the previous outputs were restored")
            return "failed"
        for stale in set((previous or {}).get("outputs", {})) - set(outputs):
            if self.owners.get(stale, step.name) == step.name:  # not a file another step has written since
                (self.graph.root / stale).unlink(missing_ok=True)
        record.write(self.graph.root, step.name, step.notebook and f"notebooks/{step.notebook}.py",
                     running.fingerprint, outputs)
        self.owners.update(dict.fromkeys(outputs, step.name))
        self.progress.succeeded(step.name, time.perf_counter() - running.started)
        return None

    def _owner(self, name: str, writer: str) -> str:
        """The step that writes ``name``: the one pipeline.py declares, else the one whose record says it wrote it last,
        unless that record is out of date (a file moved from one step to another, say): then ``writer`` takes it."""
        if name in self.graph.owner:
            return self.graph.owner[name]
        recorded = self.owners.get(name, writer)
        if recorded != writer and (recorded not in self.graph.steps
                                   or not steps.status(self.graph, self.graph.steps[recorded]).current):
            return writer
        return recorded

    def _changed_meanwhile(self, step: steps.Step, fingerprint: dict) -> list[str]:
        now = steps.fingerprint(self.graph, step, code=fingerprints.code_digests(self.graph.root))["inputs"]
        return [name for name, value in fingerprint["inputs"].items() if now.get(name) != value]

    # complexity: the scheduler's one loop: skipping, starting, retrying and blocking steps share its queue and sets
    def run(self, names: list[str]) -> bool:
        import graphlib

        # The step that checks every raw file's content runs before every other (but those it reads from).
        gate = self.graph.declared.DATA_CHECKED_BY
        first = set(self.graph.closure([gate])) if gate in names else set(names)
        after = {name: (self.graph.upstream(name) | ({gate} if name not in first else set())) & set(names)
                 for name in names}
        sorter = graphlib.TopologicalSorter(after)
        sorter.prepare()
        blocked: set[str] = set()
        finished: set[str] = set()
        queue: list[tuple[steps.Step, int]] = []
        waiting = self.graph.waiting_on()

        def priority(item) -> tuple[int, int]:
            """The step most steps wait on first; then one whose end lets another start (06 before a force page:
            the report waits for it alone, the force index for all 45 pages)."""
            name = item[0].name
            lets = sum(1 for below, above in after.items() if name in above and not above - finished - {name})
            return -waiting[name], -lets

        try:
            while sorter.is_active():
                for name in sorter.get_ready():
                    step = self.graph.steps[name]
                    if after[name] & blocked:
                        blocked.add(name)
                        self.progress.not_run(name)
                        sorter.done(name)
                        finished.add(name)
                    elif not self.isolated and steps.status(self.graph, step).current:
                        self.progress.up_to_date(name)
                        sorter.done(name)
                        finished.add(name)
                    else:
                        queue.append((step, 1))
                queue.sort(key=priority)
                while queue and len(self.running) < self.jobs:
                    self.start(*queue.pop(0))
                if self.warmth == "first":
                    self.warm_up()  # while the first steps run
                if not self.running:
                    continue
                done = runner.wait([r.process for r in self.running])
                running = next(r for r in self.running if r.process is done)
                self.running.remove(running)
                if queue:  # the core it leaves goes to a step that is ready before this one is put in place
                    self.start(*queue.pop(0))
                result = self.finish(running)
                if result == "again":
                    queue.insert(0, (running.step, running.attempt + 1))
                    continue
                if result == "failed":
                    blocked.add(running.step.name)
                sorter.done(running.step.name)
                finished.add(running.step.name)
        finally:
            for running in self.running:
                running.process.stop()
                workspace.discard(running.place)
            if self.sandboxed:
                processes.end_children(set())
        return not blocked


# --------------------------------------------------------------------------- the whole build

def tidy(graph: steps.Graph) -> None:
    """Before a build: remove what interrupted builds left in the staging folder, and the outputs of steps the
    build no longer has (a force that is no longer territorial), which nothing would otherwise rebuild or check."""
    shutil.rmtree(workspace.stage(graph.root), ignore_errors=True)
    for path in sorted((graph.root / paths.BUILD).rglob("*.record.json")):
        name = path.relative_to(graph.root / paths.BUILD).as_posix().removesuffix(".record.json")
        if name in graph.steps:
            continue
        for output in (record.read(graph.root, name) or {}).get("outputs", {}):
            (graph.root / output).unlink(missing_ok=True)
        path.unlink()
        print(f"note: removed the outputs of {name}, a step the build no longer has", file=sys.stderr)


@contextlib.contextmanager
def exclusive(root: Path):
    """One build (or one-off run) of a checkout at a time: a second waits, rather than mixing outputs."""
    path = Path(root) / paths.BUILD / ".lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w") as handle:
        if not _lock(handle, wait=False):
            print("waiting for another build of this checkout to finish …", file=sys.stderr, flush=True)
            _lock(handle, wait=True)
        yield


def _lock(handle, wait: bool) -> bool:
    try:
        import fcntl
    except ImportError:  # Windows
        import msvcrt

        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_LOCK if wait else msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        return True
    except BlockingIOError:
        return False


def build(graph: steps.Graph, names: list[str] | None = None, jobs: int = 1, isolated: bool = False) -> tuple[bool, int]:
    """Bring ``names`` (default: every step) and what they read from up to date: whether nothing failed, and
    how many steps ran."""
    from police_breaches.core.outputs import building

    building()
    tidy(graph)
    wanted = graph.closure(names) if names else list(graph.order)
    progress = Progress(wanted)
    why_not = runner.unavailable()
    if why_not and any(not steps.status(graph, graph.steps[name]).current for name in wanted):
        progress.note(f"no sandbox here ({why_not}): each step runs in a new process, each notebook in a new "
                      "Jupyter kernel, kept to its workspace by the copy alone, not by the operating system")
    if not why_not:
        processes.become_subreaper()  # a killed step's processes come here, to be ended
    ok = Builder(graph, jobs, isolated, progress, sandboxed=not why_not).run(wanted)
    progress.finish(graph.order)
    fingerprints.memo.save()
    with contextlib.suppress(OSError):
        workspace.stage(graph.root).rmdir()
    return ok, len(progress.ran)


def default_jobs() -> int:
    return max(1, min(os.cpu_count() or 1, 4))


def main(argv: list[str]) -> int:
    from police_breaches.core.commandline import parser as command_parser

    parser = command_parser(
        "build", "Bring the report up to date, as `make report` does: every step whose inputs changed since it last "
        "ran is run again, each in a sandbox of its own, and reports/ is published when all have succeeded.",
        ["build", "build 03_west_midlands_2016", "build --jobs 1", "build --isolated"],
        "Nothing runs if a raw file, a configuration file or a parameter is wrong: the first problem is printed in "
        "one line, naming the file and the row. Steps that do not depend on each other run side by side; the "
        "outputs are the same bytes whatever --jobs is.")
    parser.add_argument("steps", nargs="*", help="steps to bring up to date, with what they read (default: all)")
    parser.add_argument("--jobs", default=str(default_jobs()), help="steps to run at once")
    parser.add_argument("--isolated", action="store_true", help="run every notebook in a new Jupyter kernel")
    args = parser.parse_args(argv)
    if not args.jobs.isdigit() or int(args.jobs) < 1:
        print(f"error: --jobs {args.jobs!r}: give a whole number of steps to run at once, 1 or more", file=sys.stderr)
        return 2
    root = paths.root()
    fingerprints.use_project_fonts(root)
    try:
        graph, _ = check.inputs(root, content=False)
        unknown = [name for name in args.steps if name not in graph.steps]
        if unknown:
            raise steps.GraphError(f"no step {unknown[0]!r} in pipeline.py")
    except (params.ParameterError, InputError, steps.GraphError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    for warning in graph.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    with exclusive(root):
        return 0 if build(graph, args.steps, int(args.jobs), args.isolated)[0] else 1
