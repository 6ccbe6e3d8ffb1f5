"""Every published table described: ``data/processed/datapackage.json``, a Frictionless data package.

``config/processed.yml`` declares each table the build publishes in ``data/processed`` (the facts table first):
its title, what it holds and its primary key; and, once for all tables, each column's type and meaning. The
package lists every table present with its Table Schema, so a newsroom can load the figures into its own
tools with their meaning attached, and ``frictionless validate`` checks the files against it. A table or a
column that is not declared stops the build: nothing is published undescribed.
"""

from __future__ import annotations

import csv
import fnmatch
import io
import json
from pathlib import Path

from police_breaches.core import paths, strict_yaml
from police_breaches.core.errors import InputError
from police_breaches.core.outputs import sha256_of, write_text
from police_breaches.core.paths import PROCESSED

DECLARATION = "config/processed.yml"
OUTPUT = PROCESSED / "datapackage.json"


def declared(root: Path | None = None) -> dict:
    root = Path(root or paths.root())
    return strict_yaml.load((root / DECLARATION).read_text(encoding="utf-8"))


def describe(root: Path | None = None) -> dict:
    """The data package of every table in data/processed, in the declaration's order."""
    root = Path(root or paths.root())
    declaration = declared(root)
    present = sorted(p.relative_to(root / PROCESSED).as_posix() for p in (root / PROCESSED).rglob("*.csv"))
    found = {name: declaration_of(name, declaration) for name in present}
    undeclared = [name for name, table in found.items() if table is None]
    if undeclared:
        raise InputError(DECLARATION, None, f"{PROCESSED.as_posix()}/{undeclared[0]} is published but not declared: "
                                            "add it under 'tables' (its title, what it holds and its primary key)")
    order = {id(table): index for index, table in enumerate(declaration["tables"])}
    resources = [resource(root, name, found[name], declaration["columns"])
                 for name in sorted(present, key=lambda name: (order[id(found[name])], name))]
    return {"name": "police-breaches-processed", "title": declaration["title"],
            "description": declaration["description"], "licenses": declaration["licenses"],
            "resources": resources}


def declaration_of(name: str, declaration: dict) -> dict | None:
    """The first table declared whose path matches ``name`` (relative to data/processed)."""
    return next((table for table in declaration["tables"] if fnmatch.fnmatch(name, table["path"])), None)


def primary_key(name: str, root: Path | None = None) -> list[str]:
    """A published table's primary key, as config/processed.yml declares it (``name``: under data/processed)."""
    table = declaration_of(name, declared(root))
    return list((table or {}).get("primaryKey", []))


def resource(root: Path, name: str, table: dict, columns: dict) -> dict:
    path = root / PROCESSED / name
    with open(path, encoding="utf-8", newline="") as handle:
        header = next(csv.reader(io.StringIO(handle.readline())), [])
    unknown = [c for c in header if c not in columns]
    if unknown:
        raise InputError(DECLARATION, None, f"{PROCESSED.as_posix()}/{name} has a column {unknown[0]!r} that is not "
                                            "declared: add it under 'columns' (its type and what it holds)")
    stem = name.removesuffix(".csv").replace("/", "-")
    fields = [{"name": c, "type": columns[c]["type"], "description": columns[c]["description"]} for c in header]
    schema = {"fields": fields, "missingValues": [""]}
    if table.get("primaryKey"):
        schema["primaryKey"] = table["primaryKey"]
    title = table["title"].format(name=stem.removeprefix("chart_").replace("_", " "))
    return {"name": stem.lower(), "path": name, "title": title, "description": table["description"],
            "format": "csv", "mediatype": "text/csv", "encoding": "utf-8", "bytes": path.stat().st_size,
            "hash": f"sha256:{sha256_of(path)}", "schema": schema}


def write_datapackage(root: Path | None = None) -> Path:
    return write_text(OUTPUT, json.dumps(describe(root), indent=1, ensure_ascii=False) + "\n")
