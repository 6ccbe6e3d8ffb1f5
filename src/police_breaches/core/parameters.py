"""Notebook parameters as declared once in ``config/parameters.yml``, and whether a value is allowed.

Every name must be declared and every value allowed; a problem is one line naming where the value came
from, the parameter, the value and what is allowed. A run's values (defaults ← ``params/`` ← ``-p``) are
resolved in ``pipeline/params.py``. Nothing here imports pandas: ``make report`` resolves parameters on
every run, even a no-op one.
"""

from __future__ import annotations

import copy
import json
import math
import re
from dataclasses import dataclass
from datetime import date
from functools import cached_property, lru_cache
from pathlib import Path

import yaml

from police_breaches.core import strict_yaml
from police_breaches.core.paths import CONFIG, MANIFEST_NAME

SPEC_FILE = CONFIG / "parameters.yml"


class ParameterError(ValueError):
    """A parameter that cannot be used: one line, naming the source, the parameter, the value and the rule."""

    def __init__(self, where: str, problem: str):
        self.where, self.problem = where, problem
        super().__init__(f"{where}: {problem}")

    def _render_traceback_(self) -> list[str]:
        """In a notebook, the one line ``make report`` would print, not a traceback through the package."""
        return [f"error: {self}"]


# --------------------------------------------------------------------------- YAML, read strictly

def load_yaml(text: str, where: str) -> tuple[dict, dict[str, int]]:
    """A YAML mapping and the line each top-level key is on; a problem names the file and line."""
    data, lines = _load_yaml(text, where)
    return copy.deepcopy(data), dict(lines)  # a fresh copy each time: callers may change what they get


@lru_cache(maxsize=64)
def _load_yaml(text: str, where: str) -> tuple[dict, dict[str, int]]:
    # The build reads params/09_force_page.yml once per force: parse each text once.
    try:
        node = strict_yaml.compose(text)
        data = strict_yaml.load(text)
    except strict_yaml.YAMLProblem as err:
        raise ParameterError(where + (f", line {err.line}" if err.line else ""), err.problem) from None
    if data is None:
        return {}, {}
    if not isinstance(data, dict):
        raise ParameterError(where, f"expected 'name: value' lines, found a {type(data).__name__}")
    lines, keys = {}, strict_yaml.Loader("")
    for key, _ in node.value:
        try:
            lines[keys.construct_object(key, deep=True)] = key.start_mark.line + 1
        except (TypeError, yaml.YAMLError):
            pass  # a key that is not a plain value: refused below as a name that is not an identifier
    return data, lines


# --------------------------------------------------------------------------- the declarations

@dataclass(frozen=True)
class Spec:
    name: str
    type: str
    default: object
    help: str = ""
    min: float | None = None
    max: float | None = None
    choices: tuple = ()
    after: str | None = None

    def allowed(self, context: Context) -> str:
        """What is allowed, in words, for the error message and the README."""
        if self.type == "date":
            return "an ISO date, YYYY-MM-DD" + (f", not before {self.after}" if self.after else "")
        if self.type == "integer":
            return f"a whole number from {self.min:g} to {self.max:g}"
        if self.type == "number":
            return f"a number from {self.min:g} to {self.max:g}"
        if self.type == "boolean":
            return "true or false"
        if self.type == "choice":
            return "one of " + ", ".join(self.choices)
        if self.type == "force_id":
            return "a force id from config/forces.csv (for example west_midlands)"
        if self.type == "territorial_force_id":
            return "the id of a territorial force in config/forces.csv (for example kent)"
        if self.type == "force_ids":
            return "a list of force ids from config/forces.csv, such as [west_midlands, surrey]"
        if self.type == "workforce_date":
            return "a date the workforce tables hold: " + ", ".join(sorted(context.workforce_dates))
        if self.type == "formats":
            return f"a list of {', '.join(self.choices)}, including svg"
        raise AssertionError(self.type)


TYPES = {"date", "integer", "number", "boolean", "choice", "force_id", "territorial_force_id", "force_ids",
         "workforce_date", "formats"}


def _declared(root: Path) -> dict[str, dict[str, Spec]]:
    try:
        text = (Path(root) / SPEC_FILE).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise ParameterError(str(SPEC_FILE), f"cannot be read as UTF-8 text ({getattr(err, 'strerror', None) or err})"
                             ) from None
    return _specs(text)


@lru_cache(maxsize=8)
def _specs(text: str) -> dict[str, dict[str, Spec]]:
    """The declarations, each checked: a known type, its limits or choices, a default and what it means (once
    per content of the file, wherever it is)."""
    raw, _ = load_yaml(text, str(SPEC_FILE))
    shared = raw.get("shared") or {}
    if not isinstance(raw.get("notebooks"), dict) or not isinstance(shared, dict):
        raise ParameterError(str(SPEC_FILE), "expected 'shared:' and 'notebooks:' mappings")
    specs: dict[str, dict[str, Spec]] = {}
    for notebook, declared in raw["notebooks"].items():
        if not (isinstance(notebook, str) and SLUG.fullmatch(notebook)) or not isinstance(declared or {}, dict):
            raise ParameterError(str(SPEC_FILE), f"notebooks.{notebook}: a notebook's name and a mapping of its parameters")
        specs[notebook] = {}
        for name, entry in (declared or {}).items():
            where = f"{notebook}.{name}"
            if isinstance(entry, dict) and "use" in entry:
                if set(entry) != {"use"} or entry["use"] not in shared:
                    raise ParameterError(str(SPEC_FILE), f"{where}: 'use' names one of the shared declarations "
                                                         f"({', '.join(shared)}) and nothing else")
                entry = shared[entry["use"]]
            specs[notebook][name] = _spec(where, name, entry)
        for name, spec in specs[notebook].items():
            if spec.after and getattr(specs[notebook].get(spec.after), "type", None) != "date":
                raise ParameterError(str(SPEC_FILE), f"{notebook}.{name}: after {spec.after!r} is not a date parameter "
                                                     "of the same notebook")
    return specs


SLUG = re.compile(r"[0-9a-z_]+", re.ASCII)
KEYS = {"type", "default", "help", "min", "max", "choices", "after"}


def _spec(where: str, name, entry) -> Spec:
    def refuse(problem: str):
        return ParameterError(str(SPEC_FILE), f"{where}: {problem}")

    if not (isinstance(name, str) and name.isidentifier()):
        raise refuse("a parameter's name must be a Python identifier")
    if not isinstance(entry, dict) or "default" not in entry or entry.get("type") not in TYPES:
        raise refuse(f"needs a type (one of {', '.join(sorted(TYPES))}) and a default")
    if set(entry) - KEYS:
        raise refuse(f"unknown key(s) {sorted(set(entry) - KEYS)}; known: {', '.join(sorted(KEYS))}")
    if entry["type"] in ("integer", "number"):
        limits = [entry.get("min"), entry.get("max")]
        if not all(isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) for v in limits) \
                or limits[0] > limits[1]:
            raise refuse("min and max must be numbers, min not above max")
    if entry["type"] in ("choice", "formats"):
        if not (isinstance(entry.get("choices"), list) and entry["choices"]
                and all(isinstance(c, str) for c in entry["choices"])):
            raise refuse("choices must be a list of words")
    return Spec(name=name, **{**entry, "choices": tuple(entry.get("choices", ()))})


def specs(root: Path, notebook: str) -> dict[str, Spec]:
    declared = _declared(root)
    if notebook not in declared:
        raise ParameterError(str(SPEC_FILE), f"no parameters declared for notebook {notebook!r}; "
                                             f"known: {', '.join(declared)}")
    return declared[notebook]


def notebooks(root: Path) -> list[str]:
    return list(_declared(root))


class Context:
    """What some checks need from the project: the force ids, and the workforce dates the data holds (read
    from datapackage.json only when a parameter needs them, so a notebook without one does not read it)."""

    def __init__(self, root: Path):
        self.root = Path(root)
        from police_breaches.core.configuration import table

        forces = table("forces.csv", self.root)
        self.force_ids = frozenset(row["force_id"] for row in forces)
        self.territorial = frozenset(row["force_id"] for row in forces if row["kind"] == "territorial")

    @cached_property
    def workforce_dates(self) -> frozenset:
        from police_breaches.core.configuration import read_json

        manifest = read_json(self.root / MANIFEST_NAME)
        return frozenset(d for r in manifest.get("resources", []) if isinstance(r, dict)
                         for d in (r.get("x-reader") or {}).get("as_at", []) if isinstance(d, str))


# --------------------------------------------------------------------------- checking one value

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


def _iso_date(value) -> str | None:
    if isinstance(value, date) and not hasattr(value, "hour"):
        return value.isoformat()
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            return date.fromisoformat(value).isoformat()
        except ValueError:
            return None
    return None


# complexity: one branch per parameter type a notebook may declare, each its own test: a flat dispatch on spec.type
def check_value(spec: Spec, value, context: Context):
    """The value as the notebook will see it, or None if it is not allowed."""
    kind = spec.type
    if kind in ("date", "workforce_date"):
        iso = _iso_date(value)
        if kind == "workforce_date" and iso not in context.workforce_dates:
            return None
        return iso
    if kind == "integer":
        ok = isinstance(value, int) and not isinstance(value, bool) and spec.min <= value <= spec.max
        return value if ok else None
    if kind == "number":
        ok = (isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
              and spec.min <= value <= spec.max)
        return float(value) if ok else None  # 5 and 5.0 are the same width: one value, one build
    if kind == "boolean":
        return value if isinstance(value, bool) else None
    if kind == "choice":
        return value if isinstance(value, str) and value in spec.choices else None
    if kind == "force_id":
        return value if isinstance(value, str) and value in context.force_ids else None
    if kind == "territorial_force_id":
        return value if isinstance(value, str) and value in context.territorial else None
    if kind == "force_ids":
        ok = (isinstance(value, list) and all(isinstance(v, str) and v in context.force_ids for v in value)
              and len(set(value)) == len(value))
        return value if ok else None
    if kind == "formats":
        ok = (isinstance(value, list) and value and all(isinstance(v, str) and v in spec.choices for v in value)
              and len(set(value)) == len(value) and "svg" in value)
        return value if ok else None
    raise AssertionError(kind)


def why_not(spec: Spec, value, context: Context) -> str:
    """What exactly is wrong, where a closer look says more: an id not known (and the closest known), a name
    given twice in a list."""
    import difflib

    known = {"force_id": context.force_ids, "force_ids": context.force_ids, "territorial_force_id": context.territorial,
             "choice": set(spec.choices), "formats": set(spec.choices)}.get(spec.type)
    if known is None:
        return ""
    values = value if isinstance(value, list) else [value]
    notes = []
    for item in values:
        if isinstance(item, str) and item not in known:
            near = difflib.get_close_matches(item, sorted(known), n=1, cutoff=0.6)
            notes.append(f"{item!r} is not known" + (f" (did you mean {near[0]!r}?)" if near else ""))
    repeated = [item for item in dict.fromkeys(v for v in values if isinstance(v, str)) if values.count(item) > 1]
    notes += [f"{item!r} is given twice" for item in repeated]
    return "; " + "; ".join(notes) if notes else ""


def shown(value) -> str:
    """A value on one line, as the user wrote it (YAML-ish), whatever it holds."""
    if isinstance(value, date):
        return value.isoformat()
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 80 else text[:77] + "…"


def unknown(name, notebook: str, declared: dict[str, Spec]) -> str:
    import difflib

    what = "not a Python identifier, so never a parameter" if not (isinstance(name, str) and name.isidentifier()) \
        else "not a parameter of this notebook"
    near = difflib.get_close_matches(name, list(declared), n=1, cutoff=0.6) if isinstance(name, str) else []
    known = ", ".join(declared) or "none"
    return (f"unknown parameter {shown(name)} ({what}" + (f"; did you mean {near[0]}?" if near else "")
            + f"); parameters of {notebook}: {known}")


def markdown_table(root: Path) -> str:
    """The README's table of parameters, made from the declarations (tools/readme.py puts it in)."""
    context = Context(root)
    rows = ["| notebook | parameter | default | allowed | what it does |", "|---|---|---|---|---|"]
    for notebook in notebooks(root):
        for name, spec in specs(root, notebook).items():
            rows.append(f"| `{notebook}` | `{name}` | `{shown(spec.default)}` | {spec.allowed(context)} | {spec.help} |")
    return "\n".join(rows)
