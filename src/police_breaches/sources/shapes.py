"""The reader shapes and their options, as data: ``config/shapes.yml``.

From that one file come the JSON Schema that ``datapackage.json``'s ``x-reader`` entries are validated
against, the listing ``python -m police_breaches manifest shapes`` prints, and the README's table.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from police_breaches.core import strict_yaml
from police_breaches.core.paths import CONFIG

SHAPES_FILE = CONFIG / "shapes.yml"
TAXONOMY_DIMENSIONS = ("category", "outcome", "staff_group", "measure")
WORKER_TYPES = ("officers", "staff", "pcsos", "designated_officers")
SEPARATORS = ("any", "=", "–", "-", ":", " ")
_NAME = {"type": "string", "pattern": "^[a-z][a-z0-9_]*$"}
_TEXT = {"type": "string", "minLength": 1}

TYPES = {
    "text": _TEXT,
    "column": _TEXT,
    "force": _TEXT,
    "period": _TEXT,
    "boolean": {"type": "boolean"},
    "integer": {"type": "integer", "minimum": 1},
    "date": {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
    "dates": {"type": "array", "minItems": 1, "items": {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}},
    "texts": {"type": "array", "items": _TEXT},
    "dimension": _NAME,
    "study": _NAME,
    "dimensions": {"type": "array", "minItems": 1, "items": _NAME},
    "period_words": {"type": "object", "minProperties": 1, "propertyNames": _TEXT, "additionalProperties": _TEXT},
    "own_dimensions": {"type": "object", "minProperties": 1, "propertyNames": _NAME,
                       "additionalProperties": {"type": "array", "minItems": 1, "items": _TEXT}},
    "questions": {"type": "object", "minProperties": 1, "additionalProperties": {
        "type": "object", "required": ["breakdown"], "additionalProperties": False,
        "properties": {"breakdown": _NAME, "label": _TEXT}}},
    "sheets": {"type": "object", "minProperties": 1, "additionalProperties": {"enum": list(WORKER_TYPES)}},
    "markers": {"type": "object", "additionalProperties": _NAME},
    "counted_elsewhere": {"type": "array", "items": {
        "type": "object", "required": ["force", "part", "in", "as_at", "footnote"], "additionalProperties": False,
        "properties": {"force": _TEXT, "part": {"enum": list(WORKER_TYPES)}, "in": {"enum": list(WORKER_TYPES)},
                       "as_at": {"type": "array", "minItems": 1, "items": {"type": "string",
                                                                           "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}},
                       "footnote": _TEXT}}},
    "separator": {"enum": list(SEPARATORS)},
}


@dataclass(frozen=True)
class Option:
    name: str
    type: str
    help: str
    example: object
    required: bool = False
    default: object = None


@dataclass(frozen=True)
class Shape:
    name: str
    description: str
    example: str
    options: dict[str, Option]
    one_of: list[list[str]] = field(default_factory=list)

    def columns(self) -> list[str]:
        return [name for name, option in self.options.items() if option.type == "column"]

    def json_schema(self) -> dict:
        properties = {"shape": {"const": self.name}}
        properties.update({name: TYPES[option.type] for name, option in self.options.items()})
        return {"type": "object", "properties": properties, "additionalProperties": False,
                "required": ["shape", *(name for name, option in self.options.items() if option.required)]}


@cache
def _load(path: Path) -> dict[str, Shape]:
    from police_breaches.core.errors import InputError

    where = SHAPES_FILE.as_posix()
    try:
        raw = strict_yaml.load(path.read_text(encoding="utf-8"))
        shared = raw.get("options") or {}
        shapes = {}
        for name, spec in raw["shapes"].items():
            options = {}
            for option, declared in spec["options"].items():
                merged = {**shared.get(option, {}), **(declared or {})}
                if merged.get("type") not in TYPES:
                    raise InputError(where, None, f"{name}.{option} has unknown type {merged.get('type')!r}")
                options[option] = Option(name=option, **merged)
            shapes[name] = Shape(name=name, description=spec["description"], example=spec["example"],
                                 options=options, one_of=spec.get("one_of", []))
    except strict_yaml.YAMLProblem as err:
        raise InputError(where, err.line, err.problem) from None
    except (OSError, UnicodeDecodeError, AttributeError, KeyError, TypeError) as err:
        raise InputError(where, None, f"not the shapes this project reads ({type(err).__name__}: {err}): each shape "
                                      "needs a description, an example and options, each option a known type") from None
    return shapes


def shapes(root: Path) -> dict[str, Shape]:
    return _load((Path(root) / SHAPES_FILE).resolve())


def x_reader_schema(root: Path) -> dict:
    """The JSON Schema of an ``x-reader`` entry: one object schema per shape, chosen by ``shape``."""
    known = shapes(root)
    return {"type": "object", "required": ["shape"],
            "properties": {"shape": {"enum": list(known)}},
            "allOf": [{"if": {"properties": {"shape": {"const": name}}, "required": ["shape"]},
                       "then": shape.json_schema()} for name, shape in known.items()]}


def _example(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def describe(root: Path) -> str:
    """Every shape and its options, for ``python -m police_breaches manifest shapes``."""
    lines = []
    for shape in shapes(root).values():
        lines += [f"{shape.name}: {shape.description}", f"  example: {shape.example}"]
        for option in shape.options.values():
            flags = "required" if option.required else (f"default {_example(option.default)}"
                                                        if option.default is not None else "optional")
            lines.append(f"  {option.name} ({option.type}, {flags}): {option.help}. e.g. {_example(option.example)}")
        for group in shape.one_of:
            lines.append(f"  give exactly one of: {', '.join(group)}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def markdown_table(root: Path) -> str:
    """The README's table of shapes and options."""
    rows = ["| shape | option | type | required / default | what it is | example |", "|---|---|---|---|---|---|"]
    for shape in shapes(root).values():
        rows.append(f"| **`{shape.name}`** | | | | {shape.description} | `{shape.example}` |")
        for option in shape.options.values():
            flags = "required" if option.required else (f"`{_example(option.default)}`" if option.default is not None
                                                        else "")
            rows.append(f"| | `{option.name}` | {option.type} | {flags} | {option.help} | `{_example(option.example)}` |")
        for group in shape.one_of:
            rows.append(f"| | {' / '.join(f'`{name}`' for name in group)} | | exactly one | | |")
    return "\n".join(rows)
