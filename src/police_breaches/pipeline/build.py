"""The build: every step of ``pipeline.py`` that is not up to date, in order, each in a process of its own.

``python -m police_breaches build [STEP ...]`` is what ``make report`` calls (no STEP: every step). It checks
every notebook's parameters first (one line and exit status 2 if any is wrong; nothing runs), then, for
each step in the graph's order:

1. asks :func:`police_breaches.pipeline.steps.status` whether the step is up to date; if so, moves on;
2. copies what the step reads into a new workspace (outside the checkout) and fingerprints those copies;
3. forks a process for the step from this one, which imported the libraries once and runs no notebook
   itself; the step runs with the workspace as its project root (``--isolated``: in a new Jupyter kernel);
4. when it has succeeded: checks that what it read has not changed meanwhile (if it has, the step runs
   again), that it wrote only its own outputs, then moves them into place together, removes what it wrote
   last time but not this time, and writes its build record.

Steps that do not depend on each other run side by side (``--jobs N``; default one per core, up to 4);
the outputs are byte-identical whatever N is. ``--isolated`` is the reference: it runs every step, each
notebook in a new Jupyter kernel, and must give the same bytes. One build or one-off run of a checkout
runs at a time.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import time
from pathlib import Path

from police_breaches.core import configuration, paths
from police_breaches.core.errors import InputError
from police_breaches.pipeline import execute, params, record, steps, workspace

ATTEMPTS = 3  # runs of a step whose inputs keep changing while it runs, before the build gives up


class Progress:
    """Each step as it finishes, with its time; a family of steps (``forces/<force>``) as one line once all of
    it is done; then what was up to date. Lines are written whole, so parallel steps never interleave."""

    def __init__(self, names: list[str], out=sys.stdout):
        self.out, self.started = out, time.perf_counter()
        self.left = {family: sum(_family(n) == family for n in names) for family in map(_family, names) if family}
        self.family_ran: dict[str, list[tuple[str, float]]] = {}
        self.ran: list[float] = []
        self.skipped: list[str] = []
        self.failed: list[str] = []

    def write(self, text: str) -> None:
        self.out.write(text)
        self.out.flush()

    def _done(self, name: str, seconds: float | None = None) -> bool:
        """Count a family member done (writing the family's line after its last); False for a lone step."""
        family = _family(name)
        if not family:
            return False
        if seconds is not None:
            self.family_ran.setdefault(family, []).append((name, seconds))
        self.left[family] -= 1
        ran = self.family_ran.get(family, [])
        if not self.left[family] and ran:
            named = f" ({', '.join(n for n, _ in ran)})" if len(ran) <= 10 else ""
            self.write(f"▶ {family} (one step each) … {len(ran)} run{named}, {sum(t for _, t in ran):.2f} s\n")
        return True

    def succeeded(self, name: str, seconds: float) -> None:
        self.ran.append(seconds)
        if not self._done(name, seconds):
            self.write(f"▶ {name} … {seconds:.2f} s\n")

    def up_to_date(self, name: str) -> None:
        self.skipped.append(name)
        self._done(name)

    def failed_step(self, name: str, message: str) -> None:
        self.failed.append(name)
        self.write(f"▶ {name} … failed\n  {message}\n")
        self._done(name)

    def not_run(self, name: str) -> None:
        """A step not run because a step it reads from failed."""
        self._done(name)

    def note(self, text: str) -> None:
        self.write(f"  {text}\n")

    def finish(self, order: list[str]) -> None:
        if self.skipped:
            skipped = sorted(self.skipped, key=order.index)
            lone = [name for name in skipped if not _family(name)]
            families = {f: sum(_family(n) == f for n in skipped) for f in map(_family, skipped) if f}
            self.write(f"up to date: {', '.join([*lone, *(f'{n} {f}' for f, n in families.items())])}\n")
        total = time.perf_counter() - self.started
        if self.failed:
            self.write(f"build failed after {total:.1f} s: {len(self.failed)} step(s) failed; the outputs of a "
                       "failed step were left as they were.\n")
        else:
            self.write(f"done in {total:.2f} s: {len(self.ran)} step(s) run ({sum(self.ran):.2f} s of work), "
                       f"{len(self.skipped)} up to date\n")


def _family(name: str) -> str | None:
    return {"forces": "force pages"}.get(name.split("/")[0], name.split("/")[0]) if "/" in name else None


# --------------------------------------------------------------------------- one step

class _Running:
    def __init__(self, step: steps.Step, place: Path, copied: dict, fingerprint: dict, failure, attempt: int):
        self.step, self.workspace, self.copied, self.fingerprint = step, place, copied, fingerprint
        self.failure, self.attempt, self.started = failure, attempt, time.perf_counter()


class Builder:
    def __init__(self, graph: steps.Graph, jobs: int, isolated: bool, progress: Progress):
        self.graph, self.jobs, self.isolated, self.progress = graph, jobs, isolated, progress
        self.owners = {output: name for name in graph.steps if (found := record.read(graph.root, name))
                       for output in found["outputs"]}
        self.pids: dict[int, _Running] = {}
        self.warm = False

    def start(self, step: steps.Step, attempt: int = 1) -> None:
        if not self.warm:
            execute.warm_up()
            self.warm = True
        reads = [*self.graph.sources(step), *self.graph.products_read(step)]
        place, copied = workspace.prepare(self.graph.root, step.name, reads)
        if step.notebook:
            execute.read_notebook(place, step.notebook)  # converted here, once, for every child to inherit
        fingerprint = steps.fingerprint(self.graph, step, base=place)
        pid, failure = execute.fork(lambda: self._work(step, place), root=place, step=step.name)
        self.pids[pid] = _Running(step, place, copied, fingerprint, failure, attempt)

    def _work(self, step: steps.Step, place: Path) -> None:
        """In the step's own process, with the workspace as the project root."""
        opened = _watch_opens()
        try:
            if step.notebook:
                import nbformat

                from police_breaches.core.outputs import write_text

                executed = execute.execute(place, step.notebook, step.parameters, self.isolated)
                write_text(step.executed, nbformat.writes(executed) + "\n")
            else:
                step.action()
        except BaseException:
            hint = self._undeclared(step, place, opened)
            if hint:
                raise execute.StepFailed(hint) from None
            raise

    def _undeclared(self, step: steps.Step, place: Path, opened: set[str]) -> str | None:
        """A read the step tried of a build product it does not declare: the likely cause of its failure."""
        for path in sorted(opened):
            try:
                name = Path(path).relative_to(place).as_posix()
            except ValueError:
                continue
            if paths.is_product(name) and not (place / name).exists() and (self.graph.root / name).is_file():
                writer = self.graph.owner.get(name) or self.owners.get(name, "another step")
                return (f"{step.name} read {name}, which no step it depends on wrote: name {writer} among what it "
                        "reads in pipeline.py (no output was changed)")
        return None

    def finish(self, running: _Running, exit_ok: bool) -> str | None:
        """Put a finished step's outputs in place and record it. Returns 'again' if it must run again,
        'failed' or None (done)."""
        step, place = running.step, running.workspace
        try:
            failure = execute.outcome(running.failure)
            if failure or not exit_ok:
                self.progress.failed_step(step.name, failure or "the step's process ended without finishing")
                return "failed"
            changed = self._changed_meanwhile(step, running.fingerprint)
            code = [name for name in changed if name.startswith(f"{steps.CODE.as_posix()}/")]
            if code:  # this build's processes run the code as it was when it started: no rerun can help
                self.progress.failed_step(step.name, f"the package's code ({', '.join(code)}) changed while the build "
                                                     "ran; no output was changed: run `make report` again")
                return "failed"
            if changed:
                if running.attempt < ATTEMPTS:
                    self.progress.note(f"{step.name}: {', '.join(changed)} changed while it ran; running it again")
                    return "again"
                self.progress.failed_step(step.name, f"{', '.join(changed)} kept changing while it ran; "
                                                     "no output was changed")
                return "failed"
            outputs, problems = workspace.written(place, running.copied)
            problems += [f"wrote {name}, which {owner} writes: one file, one step that writes it"
                         for name in outputs if (owner := self.graph.owner.get(name, self.owners.get(name, step.name)))
                         != step.name]
            if problems:
                self.progress.failed_step(step.name, f"{step.name} {'; '.join(problems)} (no output was changed)")
                return "failed"
            previous = record.read(self.graph.root, step.name)
            try:
                workspace.commit(place, self.graph.root, sorted(outputs))
            except OSError as err:
                self.progress.failed_step(step.name, f"{step.name}: its outputs could not be put in place ({err}); "
                                                     "the previous outputs were restored")
                return "failed"
            for stale in set((previous or {}).get("outputs", {})) - set(outputs):
                (self.graph.root / stale).unlink(missing_ok=True)
            record.write(self.graph.root, step.name, step.notebook and f"notebooks/{step.notebook}.py",
                         running.fingerprint, outputs)
            self.owners.update(dict.fromkeys(outputs, step.name))
            self.progress.succeeded(step.name, time.perf_counter() - running.started)
            return None
        finally:
            workspace.discard(place)

    def _changed_meanwhile(self, step: steps.Step, fingerprint: dict) -> list[str]:
        now = steps.fingerprint(self.graph, step, code=steps.code_digests(self.graph.root))["inputs"]
        return [name for name, value in fingerprint["inputs"].items() if now.get(name) != value]

    def run(self, names: list[str]) -> bool:
        import graphlib

        sorter = graphlib.TopologicalSorter({name: self.graph.upstream(name) & set(names) for name in names})
        sorter.prepare()
        blocked: set[str] = set()
        queue: list[tuple[steps.Step, int]] = []
        try:
            while sorter.is_active():
                for name in sorter.get_ready():
                    step = self.graph.steps[name]
                    if self.graph.upstream(name) & blocked:
                        blocked.add(name)
                        self.progress.not_run(name)
                        sorter.done(name)
                    elif not self.isolated and steps.status(self.graph, step).current:
                        self.progress.up_to_date(name)
                        sorter.done(name)
                    else:
                        queue.append((step, 1))
                while queue and len(self.pids) < self.jobs:
                    self.start(*queue.pop(0))
                if not self.pids:
                    continue
                pid, code = os.wait()
                running = self.pids.pop(pid)
                result = self.finish(running, os.waitstatus_to_exitcode(code) == 0)
                if result == "again":
                    queue.insert(0, (running.step, running.attempt + 1))
                    continue
                if result == "failed":
                    blocked.add(running.step.name)
                sorter.done(running.step.name)
        finally:
            for pid, running in self.pids.items():
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, 15)
                os.waitpid(pid, 0)
                workspace.discard(running.workspace)
        return not blocked


def _watch_opens() -> set[str]:
    """Every path this process opens from now on, as an absolute path (for the undeclared-read hint)."""
    opened: set[str] = set()

    def hook(event: str, args: tuple) -> None:
        if event == "open" and isinstance(args[0], (str, bytes, os.PathLike)):
            opened.add(os.path.abspath(os.fsdecode(args[0])))

    sys.addaudithook(hook)
    return opened


# --------------------------------------------------------------------------- the whole build

def tidy(graph: steps.Graph) -> None:
    """Before a build: remove what interrupted builds left in the staging folder, and the outputs of steps the
    build no longer has (a force that is no longer territorial), which nothing would otherwise rebuild or check."""
    shutil.rmtree(workspace.stage(graph.root), ignore_errors=True)
    shutil.rmtree(graph.root / paths.BUILD / "stage", ignore_errors=True)  # where earlier builds kept them
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
    import fcntl

    path = Path(root) / paths.BUILD / ".lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print("waiting for another build of this checkout to finish …", file=sys.stderr, flush=True)
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def build(graph: steps.Graph, names: list[str] | None = None, jobs: int = 1, isolated: bool = False) -> tuple[bool, int]:
    """Bring ``names`` (default: every step) and what they read from up to date: whether nothing failed, and
    how many steps ran."""
    from police_breaches.core.outputs import building

    building()
    tidy(graph)
    wanted = graph.closure(names) if names else list(graph.order)
    progress = Progress(wanted)
    ok = Builder(graph, jobs, isolated, progress).run(wanted)
    progress.finish(graph.order)
    steps.remember(graph.root)
    return ok, len(progress.ran)


def preflight(root: Path) -> None:
    """What is checked before anything runs: every configuration file (each table alone and against the
    others, the reader shapes, the limits, the manifest's schema), every params file and every notebook's
    parameters. The first problem stops the run, in one line (or one line per problem)."""
    configuration.check(root)
    steps.declaration(root).check_inputs(root)
    params.check_params_files(root)
    context = params.Context(root)
    for notebook in params.notebooks(root):
        params.resolve(root, notebook, context=context)


def default_jobs() -> int:
    return max(1, min(os.cpu_count() or 1, 4))


def main(argv: list[str]) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m police_breaches build", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("steps", nargs="*", help="steps to bring up to date, with what they read (default: all)")
    parser.add_argument("--jobs", default=str(default_jobs()), help="steps to run at once")
    parser.add_argument("--isolated", action="store_true", help="run every notebook in a new Jupyter kernel")
    args = parser.parse_args(argv)
    if not args.jobs.isdigit() or int(args.jobs) < 1:
        print(f"error: --jobs {args.jobs!r}: give a whole number of steps to run at once, 1 or more", file=sys.stderr)
        return 2
    root = paths.root()
    try:
        preflight(root)
        graph = steps.load(root)
        unknown = [name for name in args.steps if name not in graph.steps]
        if unknown:
            raise steps.GraphError(f"no step {unknown[0]!r} in pipeline.py")
    except (params.ParameterError, InputError, steps.GraphError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    with exclusive(root):
        return 0 if build(graph, args.steps, int(args.jobs), args.isolated)[0] else 1

