"""Changing the manifest: an entry for a new raw file shaped like another, a new sha256 for a file edited on
purpose, sources copied from ``data/raw/sources.csv``.

    python -m police_breaches manifest verify                    check the manifest and every file
    python -m police_breaches manifest add FILE --like RESOURCE  write the entry for a new raw file
    python -m police_breaches manifest rehash FILE               record the new size and sha256 of an edited file
    python -m police_breaches manifest sources                   copy each file's sources from data/raw/sources.csv
    python -m police_breaches manifest hash FILE                 print a file's size and sha256
    python -m police_breaches manifest shapes                    the reader shapes and their options
"""

from __future__ import annotations

import copy
import csv
import functools
import io
import json
import re
import sys
from pathlib import Path

from police_breaches.core import paths
from police_breaches.core.configuration import raw_name_problem, read_json
from police_breaches.core.errors import InputError
from police_breaches.core.outputs import sha256_of
from police_breaches.core.paths import MANIFEST_NAME, RAW
from police_breaches.sources.manifest import (
    CONTENT_OPTIONS,
    PLACEHOLDER,
    SOURCES_FILE,
    UNLISTED_ALLOWED,
    load_manifest,
    normal_hash,
    placeholders,
    refresh_sources,
    sources_by_file,
    verify_checksums,
)

# --------------------------------------------------------------------------- writing entries

def write_manifest(root: Path, manifest: dict) -> None:
    from police_breaches.core.outputs import write_text

    write_text(Path(root) / MANIFEST_NAME, json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")


def _relative(root: Path, file: str) -> str:
    path = Path(file).resolve()
    if not path.is_relative_to((Path(root) / RAW).resolve()):
        raise SystemExit(f"error: {file} is not under data/raw/; copy the file there first, as published")
    if not path.is_file():
        raise SystemExit(f"error: {file} is not a file")
    unsafe = raw_name_problem(path.relative_to((Path(root) / RAW).resolve()).as_posix())
    if unsafe:
        raise SystemExit(f"error: {unsafe}")
    return str(path.relative_to(Path(root).resolve()))


def _header(path: Path) -> list[str]:
    from police_breaches.core.errors import decode_text

    text = decode_text(path.read_bytes(), str(path))
    return [cell.strip() for cell in next(csv.reader(io.StringIO(text, newline="")))]


def new_entry(root: Path, manifest: dict, file: str, like: str, title: str | None = None,
              settings: dict | None = None) -> dict:
    """A manifest entry for ``file``, shaped like the resource ``like``; what only a person knows is TODO.

    The sources come from the rows of data/raw/sources.csv that name the file; ``settings`` give reader
    options (``force``, ``period``, ``unit`` …), checked against the shape's schema like the rest.
    """
    from police_breaches.sources.shapes import shapes

    model = _model(manifest, like)
    relative = _relative(root, file)
    path = Path(root) / relative
    fmt = _format(path, relative, model, manifest)
    name = _free_name(path, manifest)
    entry = {"name": name, "path": relative, "title": title or f"{PLACEHOLDER}: what the file holds, in a few words",
             "format": fmt}
    header, model_fields, schema = _layout(path, fmt, model, entry)
    entry.update(bytes=path.stat().st_size, hash=f"sha256:{sha256_of(path)}")
    entry["sources"] = _sources(root, relative, name, model)
    if schema is not None:
        entry["schema"] = schema
    shape = shapes(root)[model["x-reader"]["shape"]]
    entry["x-reader"] = _with_settings(_reader_like(model, shape, header, model_fields), shape, settings or {})
    return entry


def _model(manifest: dict, like: str) -> dict:
    model = next((r for r in manifest["resources"] if r["name"] == like), None)
    if model is None:
        raise SystemExit(f"error: no resource named {like!r}; known: {', '.join(r['name'] for r in manifest['resources'])}")
    return model


def _format(path: Path, relative: str, model: dict, manifest: dict) -> str:
    fmt = path.suffix.lower().lstrip(".")
    if fmt != model.get("format"):
        alike = ", ".join(r["name"] for r in manifest["resources"] if r.get("format") == fmt) or "none yet"
        raise SystemExit(f"error: {relative} is a .{fmt} file but {model['name']!r} is a .{model.get('format')} file; "
                         f"use --like a resource of the same format (.{fmt}: {alike})")
    return fmt


def _free_name(path: Path, manifest: dict) -> str:
    """The file's name as a resource name, numbered where the manifest already has it."""
    name = re.sub(r"[^a-z0-9_]+", "_", path.stem.lower()).strip("_")
    taken = {r["name"] for r in manifest["resources"]}
    return next(candidate for candidate in [name, *(f"{name}_{i}" for i in range(2, 100))] if candidate not in taken)


def _layout(path: Path, fmt: str, model: dict, entry: dict) -> tuple[list[str], list[str], dict | None]:
    """The file's header, the model's field names and the new entry's schema; the entry gets its media type."""
    if fmt == "csv":
        entry.update(mediatype="text/csv", encoding="utf-8")
        header = _header(path)
        return header, [f["name"] for f in model["schema"]["fields"]], {
            "fields": [{"name": column, "type": "string"} for column in header]}
    # a spreadsheet: its reader finds its own header and sheets; to the standard, a file (hash and size)
    entry["mediatype"] = model.get("mediatype", "application/octet-stream")
    entry["type"] = "file"
    fields = [f["name"] for f in model.get("schema", {}).get("fields", [])]
    return fields, fields, copy.deepcopy(model.get("schema"))


def _sources(root: Path, relative: str, name: str, model: dict) -> list[dict]:
    """The file's rows of data/raw/sources.csv, or one source to fill in."""
    listed = sources_by_file(root).get(relative)
    if listed:
        return [{k: v for k, v in s.items() if v or k != "notes"} for s in listed]
    return [{
        "source_id": f"{PLACEHOLDER.lower()}_{name}",
        "publisher": f"{PLACEHOLDER}: who published it (the force, the commissioner, the paper)",
        "title": f"{PLACEHOLDER}: the title of the page or answer, with its FOI reference",
        "path": f"https://{PLACEHOLDER.lower()}.example/the-web-address-of-the-source",
        "published": f"{PLACEHOLDER}: the date it was published (YYYY-MM-DD)",
        "period_covered": f"{PLACEHOLDER}: start/end, e.g. 2011-06-01/2015-12-31",
        "kind": model["sources"][0]["kind"],
        "completeness": f"{PLACEHOLDER}: complete, or partial and why",
        "notes": f"{PLACEHOLDER}: anything a reader should know about the figures"}]


def _reader_like(model: dict, shape, header: list[str], model_fields: list[str]) -> dict:
    """The model's reader options for the new file: what it says about content is TODO (required ones only), a
    column is the new file's column in the same place, and the rest is copied."""
    reader = {}
    grouped = {option for group in shape.one_of for option in group}
    for option, value in model["x-reader"].items():
        if option in CONTENT_OPTIONS:
            if shape.options[option].required or option in grouped:  # optional ones (a note) are left out
                reader[option] = f"{PLACEHOLDER}: {shape.options[option].help} (e.g. {json.dumps(value, ensure_ascii=False)})"
        elif option in shape.columns():
            position = model_fields.index(value) if value in model_fields else None
            reader[option] = value if value in header else (
                header[position] if position is not None and position < len(header) else
                f"{PLACEHOLDER}: the column holding {shape.options[option].help}")
        else:
            reader[option] = copy.deepcopy(value)
    if "source_column" in reader and reader["source_column"] not in header:
        reader.pop("source_column")
    return reader


def _with_settings(reader: dict, shape, settings: dict) -> dict:
    """The reader options with each --set applied: text as given ('2019' is a period, not a number), the
    rest read as YAML."""
    from police_breaches.core import strict_yaml

    for option, text in settings.items():
        kind = shape.options[option].type if option in shape.options else "text"
        if kind in ("text", "column", "force", "period", "date", "separator"):
            reader[option] = text
            continue
        try:
            reader[option] = strict_yaml.load(text)  # dates stay text, as JSON needs
        except strict_yaml.YAMLProblem as err:
            raise SystemExit(f"error: --set {option}={text[:60]!r}: {err}") from None
    return reader


def main(argv: list[str]) -> int:
    try:
        return _command(argv)
    except InputError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1


def _command(argv: list[str]) -> int:
    from police_breaches.core.commandline import parser as command_parser
    from police_breaches.core.commandline import subcommand
    from police_breaches.sources.shapes import describe

    parser = command_parser(
        "manifest", "Describe the raw files in datapackage.json: an entry for a new file shaped like another, a new "
        "size and sha256 for a file corrected on purpose, sources copied from data/raw/sources.csv.",
        ["manifest add data/raw/foi/kent_1234_19.csv --like wmp_2016_categories --set force='Kent Police' "
         "--set period=2019", "manifest shapes", "manifest rehash data/raw/wmp_2016/categories.csv", "manifest verify"],
        "Add the file's source to data/raw/sources.csv first. Whatever only you can know and did not --set is "
        "written as TODO, and the build refuses the file until it is filled in.")
    commands = parser.add_subparsers(dest="command", required=True)
    sub = functools.partial(subcommand, commands)
    sub("verify", "Check the manifest and every raw file against the size and sha256 it records.",
        ["manifest verify"])
    add = sub("add", "Write the manifest entry for a new raw file, starting from a file of the same shape.",
              ["manifest add data/raw/foi/kent_1234_19.csv --like wmp_2016_categories --title 'Kent Police data "
               "breaches in 2019 by category' --set force='Kent Police' --set period=2019 --set unit='breaches "
               "recorded by the force'"],
              "Add the file's source to data/raw/sources.csv first. `manifest shapes` lists every option --set takes.")
    add.add_argument("file", help="the raw file, under data/raw/")
    add.add_argument("--like", required=True, help="the resource whose shape and reader options to start from")
    add.add_argument("--title", help="what the file holds, in a few words")
    add.add_argument("--set", action="append", default=[], metavar="OPTION=VALUE",
                     help="a reader option (see `manifest shapes`); the value is read as YAML: --set period=2019")
    rehash = sub("rehash", "Record the new size and sha256 of a raw file corrected on purpose.",
                 ["manifest rehash data/raw/wmp_2016/categories.csv"])
    rehash.add_argument("file", help="the raw file, under data/raw/")
    hash_ = sub("hash", "Print a file's size and sha256.", ["manifest hash data/raw/wmp_2016/categories.csv"])
    hash_.add_argument("file", help="any file")
    sub("shapes", "List the reader shapes and the options each takes.", ["manifest shapes"])
    sub("sources", "Give every resource the sources data/raw/sources.csv lists for its file.", ["manifest sources"])
    args = parser.parse_args(argv)
    root = paths.root()
    if args.command == "shapes":
        sys.stdout.write(describe(root))
        return 0
    if args.command == "hash":
        path = Path(args.file)
        if not path.is_file():
            raise SystemExit(f"error: {args.file}: no such file")
        print(json.dumps({"hash": f"sha256:{sha256_of(path)}", "bytes": path.stat().st_size}))
        return 0
    if args.command == "verify":
        manifest = load_manifest(root)
        verify_checksums(root, manifest)
        print(f"{len(manifest['resources'])} raw files match {MANIFEST_NAME}")
        return 0
    manifest = read_json(root / MANIFEST_NAME)
    if args.command == "sources":
        changed = refresh_sources(root, manifest)
        write_manifest(root, manifest)
        print(f"sources refreshed from {SOURCES_FILE} for: {', '.join(changed) or 'no resource (all were up to date)'}")
        return 0
    relative = _relative(root, args.file)
    if Path(relative) in UNLISTED_ALLOWED:
        raise SystemExit(f"error: {relative} is the project's notes beside the raw files, not a raw file: "
                         + ("edit it, then run `python -m police_breaches manifest sources`" if Path(relative) == SOURCES_FILE
                            else "it needs no entry"))
    if args.command == "rehash":
        entry = next((r for r in manifest["resources"] if r.get("path") == relative), None)
        if entry is None:
            raise SystemExit(f"error: {relative} is not in {MANIFEST_NAME}; add it with `manifest add`")
        old = (entry.get("hash"), entry.get("bytes"))
        entry["hash"], entry["bytes"] = f"sha256:{sha256_of(root / relative)}", (root / relative).stat().st_size
        write_manifest(root, manifest)
        print(f"{entry['name']}: sha256 {normal_hash(old[0] or '')[:12]}… → {entry['hash'][7:19]}…, "
              f"{old[1]} → {entry['bytes']} bytes")
        return 0
    if any(r.get("path") == relative for r in manifest["resources"]):
        raise SystemExit(f"error: {relative} is already in {MANIFEST_NAME}")
    entry = new_entry(root, manifest, args.file, args.like, args.title, _settings(args.set))
    manifest["resources"].append(entry)
    write_manifest(root, manifest)
    todo = [place for place, _ in placeholders(entry)]
    where = (f"Fill in what is marked TODO ({', '.join(todo)}) with `manifest add` again (remove the entry first) or "
             "in the file, then run `make check`." if todo else "Run `make check`, then `make report`.")
    print(f"added {entry['name']!r} to {MANIFEST_NAME} ({entry['bytes']:,} bytes, shaped like {args.like!r}). {where}")
    return 0


def _settings(pairs: list[str]) -> dict[str, str]:
    """--set OPTION=VALUE pairs, as text; new_entry reads each value by its option's type."""
    settings = {}
    for pair in pairs:
        option, equals, text = pair.partition("=")
        if not equals or not option.strip():
            raise SystemExit(f"error: --set {pair!r}: expected OPTION=VALUE, for example --set period=2019")
        settings[option.strip()] = text
    return settings

