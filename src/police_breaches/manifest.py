"""The manifest (``datapackage.json``): every raw file, its source and its sha256.

The manifest follows the Frictionless Data Package convention: one ``resource`` per raw file with ``path``,
``hash`` (``sha256:…``), ``bytes``, ``sources`` and a table ``schema``. Two project-specific keys sit beside
them: ``x-source`` (the full provenance record from ``data/raw/sources.csv``) and ``x-reader`` (which reader
turns the file into tidy tables, with its options). Adding an FOI answer of a known shape means adding a file
and a resource here, not code.

Run ``python -m police_breaches.manifest verify`` to check every raw file against its checksum, or
``python -m police_breaches.manifest hash FILE`` to print the entry values for a new file.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

from .errors import InputError
from .paths import MANIFEST_NAME, project_root


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def load_manifest(root: Path) -> dict:
    path = Path(root) / MANIFEST_NAME
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        raise InputError(path, err.lineno, f"not valid JSON: {err.msg}") from None
    names = [resource.get("name") for resource in manifest.get("resources", [])]
    duplicated = sorted({name for name in names if names.count(name) > 1})
    if duplicated:
        raise InputError(path, None, f"resource names must be unique; repeated: {', '.join(duplicated)}")
    return manifest


def resource(manifest: dict, name: str) -> dict:
    for entry in manifest["resources"]:
        if entry["name"] == name:
            return entry
    raise KeyError(f"no resource named {name!r} in the manifest")


def verify_checksums(root: Path, manifest: dict) -> None:
    """Refuse to go on if any raw file is missing or differs from the checksum in the manifest."""
    problems = []
    for entry in manifest["resources"]:
        path = Path(root) / entry["path"]
        expected = entry["hash"].removeprefix("sha256:")
        if not path.exists():
            problems.append(InputError(entry["path"], None, "listed in the manifest but missing"))
            continue
        found = sha256_of(path)
        if found != expected:
            problems.append(
                InputError(
                    entry["path"],
                    None,
                    f"checksum mismatch: the manifest says sha256 {expected[:12]}…, the file has {found[:12]}…. "
                    "Raw files are immutable; if this is a new version of the source, record it as a new "
                    "resource with its own source and checksum.",
                )
            )
    if problems:
        if len(problems) == 1:
            raise problems[0]
        raise InputError(MANIFEST_NAME, None, "; ".join(str(p) for p in problems))


def main(argv: list[str]) -> int:
    root = project_root()
    if argv[:1] == ["verify"]:
        manifest = load_manifest(root)
        verify_checksums(root, manifest)
        print(f"{len(manifest['resources'])} raw files match their checksums in {MANIFEST_NAME}")
        return 0
    if argv[:1] == ["hash"] and len(argv) == 2:
        path = Path(argv[1])
        print(json.dumps({"hash": f"sha256:{sha256_of(path)}", "bytes": path.stat().st_size}))
        return 0
    print("usage: python -m police_breaches.manifest verify | hash FILE", file=sys.stderr)
    return 2


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except InputError as err:
        print(f"error: {err}", file=sys.stderr)
        sys.exit(1)
