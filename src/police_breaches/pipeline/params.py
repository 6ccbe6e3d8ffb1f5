"""A notebook's parameters for one run: its declared defaults (``core.parameters``), overridden by
``params/<notebook>.yml`` and then by ``-p NAME VALUE``, every name and value checked before anything runs.

``python -m police_breaches params`` checks every params/*.yml and prints the resolved values.
"""

from __future__ import annotations

import json
from pathlib import Path

from police_breaches.core import strict_yaml
from police_breaches.core.parameters import (
    SPEC_FILE,
    Context,
    ParameterError,
    Spec,
    check_value,
    load_yaml,
    notebooks,
    shown,
    specs,
    unknown,
    why_not,
)
from police_breaches.core.paths import PARAMS


def check_params_files(root: Path) -> None:
    """Every file in params/ is a notebook's: one named otherwise would be read by nothing, silently."""
    import difflib

    known = [f"{notebook}.yml" for notebook in notebooks(root)]
    for path in sorted((Path(root) / PARAMS).glob("*")):
        if path.name not in known:
            near = difflib.get_close_matches(path.name, known, n=1, cutoff=0.5)
            raise ParameterError(f"{PARAMS.as_posix()}/{path.name}", "matches no notebook, so nothing would read it"
                                 + (f"; did you mean {near[0]}?" if near else f"; the notebooks' files: {', '.join(known)}"))


def params_file(root: Path, notebook: str) -> Path:
    return Path(root) / PARAMS / f"{notebook}.yml"


def read_params_file(root: Path, notebook: str) -> tuple[dict, dict[str, int], str]:
    path = params_file(root, notebook)
    where = str(path.relative_to(root)) if path.is_relative_to(root) else str(path)
    if not path.exists():
        return {}, {}, where
    if not path.is_file():
        raise ParameterError(where, "is a folder, not a file of 'name: value' lines")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        line = path.read_bytes()[: err.start].count(b"\n") + 1
        raise ParameterError(f"{where}, line {line}", "not UTF-8 text; save the file as UTF-8") from None
    return (*load_yaml(text, where), where)


def _command_line(name) -> str:
    return f"command line (-p {name if isinstance(name, str) and name.isidentifier() else shown(name)})"


def parse_override(name: str, text: str) -> tuple[str, object]:
    """``-p NAME VALUE``: the value is read as YAML (``5`` is a number, ``[a, b]`` a list)."""
    if any("\udc80" <= char <= "\udcff" for char in name + text):  # bytes that were not UTF-8, as argv keeps them
        raise ParameterError("command line", "a -p name or value that is not UTF-8 text")
    try:
        return name, strict_yaml.load(text)
    except strict_yaml.YAMLProblem as err:
        raise ParameterError(_command_line(name), f"value {shown(text)}: {err.problem}") from None


def resolve(root: Path, notebook: str, overrides: list[tuple[str, object]] = (),
            context: Context | None = None) -> dict:
    """Declared defaults ← params/<notebook>.yml ← overrides, every name and value checked."""
    declared = specs(root, notebook)
    context = context or Context(root)
    given, lines, where = read_params_file(root, notebook)
    sources = {name: f"{where}, line {lines.get(name, '?')}" for name in given}
    values = dict(given)
    seen = set()
    for name, value in overrides:
        if name in seen:
            raise ParameterError(_command_line(name), f"{shown(name)} is given twice on the command line")
        seen.add(name)
        values[name] = value
        sources[name] = _command_line(name)
    return _checked(notebook, declared, values, sources, context)


def check_namespace(root: Path, notebook: str, namespace: dict, injected: list[str] = ()) -> dict:
    """A notebook's parameters as its own cells left them (the parameters cell, then papermill's injected
    cell or a researcher's edit), checked as ``make report`` checks them; ``injected``: the names papermill's
    injected cell set, each of which must be a parameter (``-p top_m 5`` is a misspelling, not a choice)."""
    declared = specs(root, notebook)
    where = f"notebooks/{notebook}.py (parameters as the notebook ran them)"
    for name in injected:
        if name not in declared:
            raise ParameterError(where, unknown(name, notebook, declared))
    missing = [name for name in declared if name not in namespace]
    if missing:
        raise ParameterError(f"notebooks/{notebook}.py", f"the parameters cell does not set {', '.join(missing)}")
    values = {name: namespace[name] for name in declared}
    return _checked(notebook, declared, values, dict.fromkeys(values, where), Context(root))


def _checked(notebook: str, declared: dict[str, Spec], values: dict, sources: dict[str, str], context: Context) -> dict:
    for name in values:
        if name not in declared:
            raise ParameterError(sources[name], unknown(name, notebook, declared))
    resolved = {}
    for name, spec in declared.items():
        value = values.get(name, spec.default)
        checked = check_value(spec, value, context)
        if checked is None:
            origin = sources.get(name, f"{SPEC_FILE} (default of {notebook})")
            raise ParameterError(origin, f"{name} = {shown(value)} is not allowed: {spec.allowed(context)}"
                                         + why_not(spec, value, context))
        resolved[name] = checked
    for name, spec in declared.items():
        if spec.after and resolved[name] < resolved[spec.after]:
            origin = sources.get(name, sources.get(spec.after, str(SPEC_FILE)))
            raise ParameterError(origin, f"{name} = {resolved[name]} is before {spec.after} = {resolved[spec.after]}: "
                                         f"a period must end on or after the day it starts")
    return resolved


def main(argv: list[str]) -> int:
    """``python -m police_breaches params``: check every params/*.yml, print the resolved values."""
    from police_breaches.core.commandline import parser
    from police_breaches.core.paths import root as project_root

    parser("params", "Check every params/*.yml against config/parameters.yml and print each notebook's "
                     "parameters as the build will use them.", ["params"],
           "To change a parameter for good, edit params/<notebook>.yml and run `make report`; for one run, "
           "`python -m police_breaches run NOTEBOOK -p NAME VALUE`.").parse_args(argv)
    root = project_root()
    context = Context(root)
    for notebook in notebooks(root):
        try:
            print(f"{notebook}: {json.dumps(resolve(root, notebook, context=context), ensure_ascii=False)}")
        except ParameterError as err:
            print(f"error: {err}")
            return 2
    return 0
