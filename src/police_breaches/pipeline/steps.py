"""The step graph, and the one answer to "is this step up to date?".

``pipeline.py`` declares the steps: what each runs (a notebook with its parameters, or an action such as
rendering the report), which steps' outputs it reads (``after``), which other files it reads (``reads``),
and which of its outputs other steps read by name (``targets``). Every step also reads, without saying so:

- its notebook and ``config/`` (but the prose beside it: a README or a ``.md``/``.txt`` note);
- the package's code, compared by its syntax tree, so a comment, a blank line or a docstring changes nothing;
- the environment: the Python version, every installed distribution and the fonts matplotlib can choose.

A step's *fingerprint* is all of that, each file with its digest (see ``fingerprints.py``). :func:`status`
compares it with the step's build record, and checks the files the step wrote are still as it wrote them.
``make report`` runs a step when, and only when, :func:`status` finds a reason; ``make check`` prints the
reasons (and :func:`plan` the steps that wait for those); the build record stores the fingerprint taken from
what the step actually read.
"""

from __future__ import annotations

import graphlib
import importlib.util
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from police_breaches.core import paths
from police_breaches.pipeline import fingerprints, params, record
from police_breaches.pipeline.fingerprints import files_under

PROSE = (".md", ".txt", ".rst")  # a note beside the configuration, read by no step


@dataclass(frozen=True)
class Step:
    name: str
    notebook: str | None = None
    action: Callable[[], None] | None = None
    parameters: dict = field(default_factory=dict)
    settings: dict = field(default_factory=dict)
    after: tuple[str, ...] = ()
    reads: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()

    @property
    def executed(self) -> str | None:
        """Where a notebook step keeps its executed notebook."""
        return f"{paths.BUILD.as_posix()}/{self.name}.ipynb" if self.notebook else None


class GraphError(ValueError):
    """The step graph in pipeline.py cannot be built as declared."""


_context: params.Context | None = None  # while load() reads pipeline.py: the one its notebook steps share


def notebook(name: str, *, step: str | None = None, after=(), reads=(), targets=(), overrides=None) -> Step:
    """A step that runs ``notebooks/<name>.py`` with its parameters (declared defaults ← params/ ← overrides)."""
    resolved = params.resolve(paths.root(), name, list((overrides or {}).items()), context=_context)
    # The order papermill writes them in is part of the executed notebook (the record sorts its keys).
    return Step(step or name, notebook=name, parameters=resolved, settings={"parameter_order": list(resolved)},
                after=tuple(after), reads=tuple(reads), targets=tuple(targets))


def action(name: str, run: Callable[[], None], *, settings=None, after=(), reads=(), targets=()) -> Step:
    """A step that calls ``run()`` with the project root set to its workspace (rendering the report, say)."""
    return Step(name, action=run, settings=dict(settings or {}), after=tuple(after), reads=tuple(reads),
                targets=tuple(targets))


class Graph:
    """The steps, checked: unique names, one owner per output, every read product owned, no cycles."""

    def __init__(self, root: Path, steps):
        self.root = Path(root)
        steps = list(steps)
        self.steps = {}
        self.owner: dict[str, str] = {}
        for step in steps:
            if step.name in self.steps:
                raise GraphError(f"pipeline.py: two steps are called {step.name!r}")
            self.steps[step.name] = step
            for target in (*step.targets, *([step.executed] if step.executed else [])):
                if target in self.owner:
                    raise GraphError(f"pipeline.py: {target} is declared by both {self.owner[target]} and {step.name}: "
                                     "one file, one step that writes it")
                self.owner[target] = step.name
        for step in steps:
            for name in step.after:
                if name not in self.steps:
                    raise GraphError(f"pipeline.py: {step.name} reads the outputs of {name!r}, which is not a step")
            for name in step.reads:
                if paths.is_product(name) and name not in self.owner:
                    raise GraphError(f"pipeline.py: {step.name} reads {name}, which no step declares among its targets")
        self.order = list(graphlib.TopologicalSorter({s: self.upstream(s) for s in self.steps}).static_order())
        self.environment = fingerprints.environment(self.root)
        self.code = fingerprints.code_digests(self.root)  # the package's code, as this process imports it

    def upstream(self, name: str) -> set[str]:
        step = self.steps[name]
        return set(step.after) | {self.owner[read] for read in step.reads if read in self.owner}

    def waiting_on(self) -> dict[str, int]:
        """For each step, how many steps read from it, directly or through others."""
        below: dict[str, set[str]] = {name: set() for name in self.order}
        for name in reversed(self.order):
            for above in self.upstream(name):
                below[above] |= {name} | below[name]
        return {name: len(found) for name, found in below.items()}

    def closure(self, names) -> list[str]:
        """The steps named and every step they read from, in the build's order."""
        wanted, todo = set(), list(names)
        while todo:
            name = todo.pop()
            if name not in wanted:
                wanted.add(name)
                todo.extend(self.upstream(name))
        return [name for name in self.order if name in wanted]

    def sources(self, step: Step) -> list[str]:
        """The files a step reads that no step writes."""
        implicit = [name for name in files_under(self.root, paths.CONFIG)
                    if not (name.endswith(PROSE) or Path(name).name.upper().startswith("README"))]
        if step.notebook:
            implicit.append(f"{paths.NOTEBOOKS.as_posix()}/{step.notebook}.py")
        return sorted({*implicit, *(read for read in step.reads if read not in self.owner)})

    def products_read(self, step: Step) -> dict[str, str | None]:
        """The build products a step reads: each output of the steps in ``after`` but their executed notebooks
        (a step that reads one names it), and each product read by name, with the step that wrote it (None:
        the step that writes it has not been built)."""
        found: dict[str, str | None] = {}
        for name in step.after:
            written = record.read(self.root, name)
            executed = self.steps[name].executed
            found.update({output: name for output in written["outputs"] if output != executed} if written
                         else {f"(outputs of {name})": None})
        for read in step.reads:
            if read in self.owner:
                found[read] = self.owner[read]
        return found


def declaration(root: Path | None = None):
    """``pipeline.py`` at the project root: the one place the build meets the domain. Besides ``steps()`` it
    gives what is checked before any step runs (``check_inputs``, ``check_data``), and what a run outside the
    build writes (``one_off_page``, ``runs_index``, ``compare_runs``)."""
    root = Path(root or paths.root())
    spec = importlib.util.spec_from_file_location("project_pipeline", root / "pipeline.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load(root: Path | None = None, module=None) -> Graph:
    """The graph that ``pipeline.py`` at the project root declares (``graph.declared``: the module itself,
    loaded here unless given)."""
    global _context
    root = Path(root or paths.root())
    module = module or declaration(root)
    _context = params.Context(root)
    try:
        graph = Graph(root, module.steps())
    finally:
        _context = None
    graph.declared = module
    graph.warnings = list(getattr(module, "warnings", lambda: [])())
    return graph


# --------------------------------------------------------------------------- fingerprints

def fingerprint(graph: Graph, step: Step, base: Path | None = None, code: dict[str, str] | None = None,
                contents: dict[str, bytes] | None = None) -> dict:
    """Everything the step's outputs depend on. ``base``: where the files are read (the project root, or the
    step's workspace, whose copies are exactly what the step reads); ``contents``: the copies' bytes, read as
    they were made; ``code``: the package code's digests (default: as the graph found it when it was loaded,
    which is the code this process runs)."""
    base, contents = Path(base or graph.root), contents or {}
    # The checkout's files are remembered by identity; a workspace's are new copies, read once each.
    read = fingerprints.memo.digest if base == graph.root else fingerprints.digest

    def digest(name: str) -> str:
        return fingerprints.meaning(name, contents[name]) if name in contents else read(base / name, name)

    inputs = {name: digest(name) for name in graph.sources(step)}
    for name, writer in graph.products_read(step).items():
        inputs[name] = "not built" if writer is None else digest(name)
    inputs.update(graph.code if code is None else code)
    return {"inputs": dict(sorted(inputs.items())), "parameters": step.parameters, "settings": step.settings,
            "environment": graph.environment}


# --------------------------------------------------------------------------- the one answer

@dataclass
class Status:
    state: str  # "up to date" | "not built" | "out of date" | "waiting" (for a step that will run again)
    reasons: list[str]

    @property
    def current(self) -> bool:
        return self.state == "up to date"


def status(graph: Graph, step: Step, now: dict | None = None) -> Status:
    """Whether ``step``'s outputs are what it would make now, and if not, every reason why."""
    recorded = record.state(graph.root, step.name)
    if recorded == "edited":
        return Status("out of date", ["its build record was edited or damaged since the build wrote it"])
    if recorded == "missing":
        present = [t for t in (*step.targets, step.executed) if t and (graph.root / t).exists()]
        if present:
            return Status("out of date", [f"its build record is missing, but {', '.join(present)} exist(s)"])
        return Status("not built", ["not built yet"])
    now = now or fingerprint(graph, step)
    reasons = []
    before, after = recorded.get("inputs", {}), now["inputs"]
    for name in sorted(before.keys() | after.keys()):
        if name not in after:
            reasons.append(f"input {name} is no longer read")
        elif after[name] == "not built":
            reasons.append(f"input {name.removeprefix('(outputs of ').rstrip(')')} is not built")
        elif name not in before:
            reasons.append(f"input {name} was added since it was built")
        elif after[name] != before[name]:
            reasons.append(f"input {name} {'missing' if after[name] == 'missing' else 'changed'} since it was built")
    for kind, noun in (("parameters", "parameter"), ("settings", "setting")):
        was, now_ = recorded.get(kind, {}), now[kind]
        reasons += [f"{noun} {name} is now {now_.get(name)!r}, was {was.get(name)!r}"
                    for name in sorted(was.keys() | now_.keys()) if was.get(name) != now_.get(name)]
    reasons += environment_changes(recorded.get("environment", {}), now["environment"])
    reasons += [f"output {name} {what} since it was built (it will be rebuilt)"
                for name, what in record.changed(graph.root, recorded["outputs"])]
    return Status("out of date" if reasons else "up to date", reasons)


def plan(graph: Graph) -> dict[str, Status]:
    """Every step's status, and for a step that is up to date but reads from one that will run again, that it
    waits for it: the build runs it again if what it reads changes (one answer: the graph's)."""
    found: dict[str, Status] = {}
    for name in graph.order:
        answer = status(graph, graph.steps[name])
        stale = sorted(up for up in graph.upstream(name) if not found[up].current)
        if answer.current and stale:
            answer = Status("waiting", [f"it reads from {', '.join(stale)}, which will run again: it runs again too "
                                        "if what it reads changes"])
        found[name] = answer
    return found


def environment_changes(was: dict, now: dict) -> list[str]:
    """What differs between the environment a step was built in and this one, in words."""
    reasons = []
    if was.get("python") != now["python"]:
        reasons.append(f"Python is now {now['python']}, was {was.get('python')}")
    before, after = was.get("distributions", {}), now["distributions"]
    for name in sorted(before.keys() | after.keys()):
        if name not in after:
            reasons.append(f"library {name} is no longer installed (was {before[name]})")
        elif name not in before:
            reasons.append(f"library {name} {after[name]} was installed since it was built")
        elif before[name] != after[name]:
            reasons.append(f"library {name} is now {after[name]}, was {before[name]}")
    if was.get("fonts") != now["fonts"]:
        reasons.append(f"the fonts matplotlib can choose changed ({fingerprints.FONT_CACHE.as_posix()})")
    return reasons
