"""YAML as people write it (parameters, ``-p`` and ``--set`` values, the configuration), read strictly.

PyYAML reads YAML 1.1, where ``1:30`` is the number 90 (base 60), ``0x7e0`` is 2016, ``no`` is false and
``2011-06-01`` a date. Here a value is read by the YAML 1.2 core schema, made stricter:

- whole numbers are decimal digits (``2016``, ``-3``); numbers with a point or exponent are decimal too
  (``4.8``, ``1e3``); anything else that looks like a number (``1:30``, ``0x7e0``, ``0b11``, ``.inf``)
  stays text, which the checks then refuse in words;
- ``true``/``false`` and ``null``/``~`` as in YAML 1.2; dates stay text, checked later as ISO dates;
- a key given twice, an anchor or alias (``&a``/``*a``, the way to a "billion laughs"), more than 64 KiB
  of text or nesting deeper than 16 are refused.

Every problem is a :class:`YAMLProblem` with the line it is on.
"""

from __future__ import annotations

import re

import yaml

MAX_BYTES = 64 * 1024
MAX_DEPTH = 16


class YAMLProblem(ValueError):
    def __init__(self, problem: str, line: int | None = None):
        self.problem, self.line = problem, line
        super().__init__(problem if line is None else f"line {line}: {problem}")


class Loader(yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader):  # libyaml: 5-10 times faster
    yaml_implicit_resolvers: dict = {}


def _resolve(tag: str, pattern: str, first: str) -> None:
    Loader.add_implicit_resolver(f"tag:yaml.org,2002:{tag}", re.compile(pattern, re.ASCII), list(first))


_resolve("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF")
_resolve("int", r"^[-+]?[0-9]+$", "-+0123456789")
_resolve("float", r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$", "-+0123456789.")
_resolve("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""])
Loader.add_constructor("tag:yaml.org,2002:int", lambda loader, node: int(loader.construct_scalar(node), 10))
Loader.add_constructor("tag:yaml.org,2002:float", lambda loader, node: float(loader.construct_scalar(node)))


def _mapping(loader: Loader, node: yaml.MappingNode) -> dict:
    seen: dict = {}
    for key_node, _ in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            raise yaml.constructor.ConstructorError(None, None, "'<<' (a merge key) is not allowed", key_node.start_mark)
        key = loader.construct_object(key_node, deep=True)
        try:
            given = key in seen
        except TypeError:
            raise yaml.constructor.ConstructorError(None, None, "a key must be a plain value", key_node.start_mark) from None
        if given:
            raise yaml.constructor.ConstructorError(
                None, None, f"{key!r} is given twice (first on line {seen[key] + 1})", key_node.start_mark)
        seen[key] = key_node.start_mark.line
    return loader.construct_mapping(node, deep=True)


Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def _check_shape(text: str) -> None:
    """Size, nesting and anchors, from the parser's events: no tree is built for a text refused here."""
    if len(text.encode("utf-8", errors="replace")) > MAX_BYTES:
        raise YAMLProblem(f"the text is longer than {MAX_BYTES // 1024} KiB; no parameter or setting needs that much")
    depth = 0
    for event in yaml.parse(text, Loader=Loader):
        line = event.start_mark.line + 1 if event.start_mark else None
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise YAMLProblem("anchors and aliases (&name, *name) are not allowed: write each value out", line)
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                raise YAMLProblem(f"nested deeper than {MAX_DEPTH} levels", line)
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            depth -= 1


def compose(text: str) -> yaml.Node | None:
    _guard(_check_shape, text)
    return _guard(yaml.compose, text, Loader=Loader)


def load(text: str):
    """The value ``text`` holds, read strictly; a :class:`YAMLProblem` naming the line otherwise."""
    _guard(_check_shape, text)
    return _guard(yaml.load, text, Loader=Loader)


def _guard(function, *args, **kwargs):
    try:
        return function(*args, **kwargs)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        if "maximum nesting depth" in str(err.problem):  # libyaml's own limit, met before the events reach ours
            raise YAMLProblem(f"nested deeper than {MAX_DEPTH} levels", mark.line + 1 if mark else None) from None
        raise YAMLProblem(f"not valid YAML: {err.problem or err.context}", mark.line + 1 if mark else None) from None
    except (yaml.YAMLError, ValueError, TypeError, RecursionError) as err:
        if isinstance(err, YAMLProblem):
            raise
        raise YAMLProblem(f"not valid YAML: {err}") from None
