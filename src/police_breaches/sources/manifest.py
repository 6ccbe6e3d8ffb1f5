"""The manifest (``datapackage.json``): every raw file, its sources, its sha256 and how to read it.

It follows the Frictionless Data Package standard: one ``resource`` per raw file with ``path``, ``hash``,
``bytes``, ``sources`` and a table ``schema``, plus ``x-reader`` (which reader turns the file into tidy
tables, with its options; see ``config/shapes.yml``). Before anything is read, the manifest is validated
against ``config/datapackage.schema.json`` with each shape's options, and every file is checked: inside
``data/raw`` (not through a symlink out of it), listed once, its size and sha256 as recorded. Every problem
found is reported, each naming its resource. Changing it: ``manifest_edit``.
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

from police_breaches.core.configuration import raw_name_problem, read_json
from police_breaches.core.errors import InputError
from police_breaches.core.outputs import sha256_of
from police_breaches.core.paths import CONFIG, MANIFEST_NAME, RAW

SCHEMA_FILE = CONFIG / "datapackage.schema.json"
SOURCES_FILE = RAW / "sources.csv"
SOURCE_FIELDS = ("source_id", "publisher", "title", "path", "published", "period_covered", "kind", "completeness",
                 "notes")
UNLISTED_ALLOWED = {RAW / "README.md", RAW / "sources.csv"}  # the curated notes that sit beside the raw files
PLACEHOLDER = "TODO"
# Options whose values belong to the file's own source, so `add` never copies them from another resource.
CONTENT_OPTIONS = ("force", "period", "unit", "note", "scope", "percent_base", "release", "as_at", "study_period",
                   "period_words", "scope_rows", "study")


def normal_hash(text: str) -> str:
    """'SHA256:ABC…' and 'abc…' are the same hash."""
    return re.sub(r"^sha256:", "", str(text).strip(), flags=re.I).lower()


# --------------------------------------------------------------------------- reading and validating

def load_manifest(root: Path, validate: bool = True) -> dict:
    """The manifest, validated (schema, options, placeholders) unless ``validate`` is False."""
    manifest = read_json(Path(root) / MANIFEST_NAME)
    if validate:
        problems = schema_problems(root, manifest) or rule_problems(root, manifest)
        raise_problems(problems)
    return manifest


def raise_problems(problems: list[str]) -> None:
    if len(problems) == 1:
        raise InputError(MANIFEST_NAME, None, problems[0])
    if problems:
        raise InputError(MANIFEST_NAME, None, f"{len(problems)} problems:\n" + "\n".join(f"  - {p}" for p in problems))


def _schema(root: Path) -> dict:
    """The manifest's JSON Schema (config/datapackage.schema.json, with each reader shape's options), checked."""
    sys.modules.setdefault("rfc3987_syntax", None)  # see execute.py: a slow import for a string format never used
    import jsonschema

    from police_breaches.sources.shapes import x_reader_schema

    schema = read_json_config(Path(root) / SCHEMA_FILE)
    try:
        schema["$defs"]["x-reader"] = x_reader_schema(root)
        jsonschema.Draft202012Validator.check_schema(schema)
    except (TypeError, KeyError, jsonschema.SchemaError) as err:
        problem = err.message if isinstance(err, jsonschema.SchemaError) else f"no $defs ({err})"
        raise InputError(SCHEMA_FILE.as_posix(), None, f"not a usable JSON Schema: {problem}") from None
    return schema


def read_json_config(path: Path) -> dict:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise InputError(SCHEMA_FILE.as_posix(), None, f"not readable JSON ({err})") from None


def _label(manifest: dict, index: int) -> str:
    resources = manifest.get("resources") if isinstance(manifest, dict) else None
    entry = resources[index] if isinstance(resources, list) and index < len(resources) else None
    name = entry.get("name") if isinstance(entry, dict) else None
    return f"resource {name!r} (resources[{index}])" if isinstance(name, str) else f"resources[{index}]"


# complexity: one branch per jsonschema validator, each with its own wording for the field it names
def _describe(error) -> str:
    """A jsonschema error in words a person adding a file can act on."""
    path = [str(p) for p in error.absolute_path]
    parts = list(error.absolute_path)[2:] if path[:1] == ["resources"] else list(error.absolute_path)
    field = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in parts).lstrip(".") or "the entry"
    instance, kind = error.instance, error.validator
    if kind == "required":
        missing = re.search(r"'([^']+)' is a required property", error.message)
        return f"{field} has no {missing.group(1) if missing else 'required field'!r}" if field != "the entry" else \
            f"{missing.group(1) if missing else 'a required field'!r} is missing"
    if kind == "additionalProperties":
        unknown = sorted(set(instance) - set(error.schema.get("properties", {})))
        known = ", ".join(sorted(error.schema.get("properties", {})))
        shape = instance.get("shape") if isinstance(instance, dict) else None
        return (f"{field}: unknown option(s) {unknown}" + (f" for the shape {shape!r}" if shape else "")
                + f"; known: {known} (see `python -m police_breaches manifest shapes`)")
    if kind == "pattern":
        last = path[-1] if path else ""
        why = {"hash": "a sha256: 64 hexadecimal digits, optionally after 'sha256:'",
               "path": "a relative path inside data/raw/ of letters, digits, '.', '_' and '-', with '/' between "
                       "folders (no spaces, ';', quotes, line breaks or '..')",
               "name": "lowercase letters, digits, '.', '-' and '_'",
               "source_id": "lowercase letters, digits and '_'",
               "path_url": "a web address (http:// or https://)"}.get(last, f"text matching {error.validator_value}")
        if last == "path" and "sources" in path:
            why = "the web address of the source (http:// or https://)"
        return f"{field} is {instance!r}, which is not {why}"
    if kind in ("enum", "const"):
        allowed = error.validator_value if kind == "enum" else [error.validator_value]
        return f"{field} is {instance!r}; allowed: {', '.join(map(repr, allowed))}"
    if kind == "type":
        return f"{field} should be {error.validator_value}, not {json.dumps(instance, ensure_ascii=False)[:60]}"
    if kind in ("minItems", "minProperties", "minLength"):
        return f"{field} is empty"
    if kind == "minimum":
        return f"{field} is {instance!r}; it must be at least {error.validator_value}"
    return f"{field}: {error.message}"


def schema_problems(root: Path, manifest) -> list[str]:
    """Every place the manifest breaks the schema, each naming its resource."""
    sys.modules.setdefault("rfc3987_syntax", None)  # see run.py: a slow import for a string format never used
    import jsonschema

    validator = jsonschema.Draft202012Validator(_schema(root))
    problems = []
    for error in sorted(validator.iter_errors(manifest), key=lambda e: [str(p) for p in e.absolute_path]):
        leaf = error
        while leaf.context:  # an if/then branch: report the innermost problem
            leaf = sorted(leaf.context, key=lambda e: len(e.absolute_path))[-1]
        path = list(leaf.absolute_path)
        where = _label(manifest, path[1]) if path[:1] == ["resources"] and len(path) > 1 else MANIFEST_NAME
        problems.append(f"{where}: {_describe(leaf)}")
    return list(dict.fromkeys(problems))


# complexity: a flat list of independent checks on each resource, each with its own message, in the order reported
def rule_problems(root: Path, manifest: dict) -> list[str]:
    """What a schema cannot say: unique names, columns that exist, one of each option pair, placeholders."""
    from police_breaches.sources.parsing import parse_period
    from police_breaches.sources.shapes import TAXONOMY_DIMENSIONS, shapes

    known_shapes = shapes(root)
    statuses = _statuses(root)
    studies = _studies(root)
    problems, names = [], {}
    for index, entry in enumerate(manifest["resources"]):
        where = _label(manifest, index)
        if entry["name"] in names:
            problems.append(f"{where}: the name {entry['name']!r} is already used by resources[{names[entry['name']]}]")
        names.setdefault(entry["name"], index)
        reader = entry["x-reader"]
        shape = known_shapes[reader["shape"]]
        fields = [f["name"] for f in entry.get("schema", {}).get("fields", [])]
        for option in shape.columns():
            if option in reader and reader[option] not in fields:
                problems.append(f"{where}: x-reader.{option} is {reader[option]!r}, which is not a column in "
                                f"schema.fields {fields}")
        for group in shape.one_of:
            given = [option for option in group if option in reader]
            if len(given) != 1:
                problems.append(f"{where}: x-reader needs exactly one of {', '.join(group)}"
                                + (f"; it has {', '.join(given)}" if given else ""))
        own = set(reader.get("own_dimensions", {}))
        dimensions = set(TAXONOMY_DIMENSIONS) | own
        asked = [*reader.get("dimensions", []), *([reader["breakdown"]] if "breakdown" in reader else []),
                 *(q["breakdown"] for q in reader.get("questions", {}).values())]
        allowed = dimensions | {"month", "incident_period"}
        for dimension in asked:
            if dimension not in allowed:
                problems.append(f"{where}: x-reader asks for the dimension {dimension!r}, which is neither in "
                                f"config/canonical.csv ({', '.join(TAXONOMY_DIMENSIONS)}) nor among its own_dimensions")
        for option, text in [*((o, reader[o]) for o in ("period", "study_period") if o in reader),
                             *((f"period_words[{w!r}]", t) for w, t in reader.get("period_words", {}).items())]:
            try:
                parse_period(text, MANIFEST_NAME, None)
            except InputError as err:
                problems.append(f"{where}: x-reader.{option}: {err.problem}")
        if "period_words" in reader and "period_column" not in reader:
            problems.append(f"{where}: x-reader.period_words needs period_column: they read that column's wording")
        if "study" in reader and reader["study"] not in studies:
            problems.append(f"{where}: x-reader.study is {reader['study']!r}, which is not a study in config/studies.csv "
                            f"({', '.join(sorted(studies))})")
        for symbol, status in reader.get("markers", {}).items():
            if status not in statuses:
                problems.append(f"{where}: x-reader.markers gives {symbol!r} the unknown status {status!r}")
        problems += [f"{where}: {place} is still a placeholder ({value!r}): fill it in"
                     for place, value in placeholders(entry)]
    return problems + source_identity_problems(manifest) + source_problems(root, manifest)


def source_identity_problems(manifest: dict) -> list[str]:
    """A source id names one source, wherever it appears; its dates are real and its period runs forwards."""
    from police_breaches.core.configuration import FORMATS

    problems, first = [], {}
    for index, entry in enumerate(manifest["resources"]):
        for source in entry["sources"]:
            if placeholders(source):
                continue
            where = f"{_label(manifest, index)}: source {source['source_id']!r}"
            for field, check in (("published", FORMATS["partial_date"]), ("period_covered", FORMATS["period"])):
                problem = check(str(source.get(field, "")))
                if problem:
                    problems.append(f"{where}: {field} {problem}")
            seen = first.setdefault(source["source_id"], (index, source))
            if seen[1] != source:
                fields = [k for k in SOURCE_FIELDS if seen[1].get(k, "") != source.get(k, "")]
                problems.append(f"{where} differs from the source of the same id in {_label(manifest, seen[0])} "
                                f"({', '.join(fields)}): one id, one source")
    return problems


def sources_by_file(root: Path) -> dict[str, list[dict]]:
    """data/raw/sources.csv (checked: configuration.table) as manifest sources, by the raw file they describe."""
    from police_breaches.core.configuration import table

    if not (Path(root) / SOURCES_FILE).exists():
        return {}
    by_file: dict[str, list[dict]] = {}
    for row in table("sources.csv", root):
        source = {field: row["url"] if field == "path" else row[field] for field in SOURCE_FIELDS}
        for file in filter(None, (f.strip() for f in row["files"].split(";"))):
            by_file.setdefault(f"{RAW}/{file}", []).append(source)
    return by_file


def source_problems(root: Path, manifest: dict) -> list[str]:
    """sources.csv and the manifest must not drift: name every source missing from, or differing in, either."""
    listed = sources_by_file(root)
    if not listed:
        return []
    problems = []
    paths = {entry["path"] for entry in manifest["resources"]}
    for index, entry in enumerate(manifest["resources"]):
        where = _label(manifest, index)
        in_csv = {s["source_id"]: s for s in listed.get(entry["path"], [])}
        for source in entry["sources"]:
            if placeholders(source):
                continue  # reported as a placeholder already
            expected = in_csv.get(source["source_id"])
            if expected is None:
                problems.append(f"{where}: its source {source['source_id']!r} is not in {SOURCES_FILE} for this file; "
                                f"add a row there (files: {entry['path'].removeprefix(f'{RAW}/')}), then run "
                                "`python -m police_breaches manifest sources`")
            elif {k: source.get(k, "") for k in SOURCE_FIELDS} != expected:
                fields = [k for k in SOURCE_FIELDS if source.get(k, "") != expected[k]]
                problems.append(f"{where}: its source {source['source_id']!r} differs from {SOURCES_FILE} in "
                                f"{', '.join(fields)}; run `python -m police_breaches manifest sources`")
        for source_id in set(in_csv) - {s["source_id"] for s in entry["sources"]}:
            problems.append(f"{where}: {SOURCES_FILE} gives it the source {source_id!r}, which the manifest lacks; "
                            "run `python -m police_breaches manifest sources`")
    for path in sorted(set(listed) - paths):
        ids = ", ".join(s["source_id"] for s in listed[path])
        problems.append(f"{SOURCES_FILE} names {path} (source {ids}), which is not in {MANIFEST_NAME}")
    return problems


def refresh_sources(root: Path, manifest: dict) -> list[str]:
    """Give every resource the sources sources.csv lists for its file (keeping the order of those it had)."""
    listed, changed = sources_by_file(root), []
    for entry in manifest["resources"]:
        fresh = {s["source_id"]: s for s in listed.get(entry["path"], [])}
        if not fresh:
            continue
        kept = [s["source_id"] for s in entry["sources"] if s["source_id"] in fresh]
        order = kept + [source_id for source_id in fresh if source_id not in kept]
        sources = [{k: v for k, v in fresh[source_id].items() if v or k != "notes"} for source_id in order]
        if sources != entry["sources"]:
            entry["sources"] = sources
            changed.append(entry["name"])
    return changed


def _studies(root: Path) -> set[str]:
    from police_breaches.core.configuration import table

    return {row["study"] for row in table("studies.csv", root)}


def _statuses(root: Path) -> set[str]:
    from police_breaches.core.configuration import table

    return {row["status"] for row in table("statuses.csv", root)}


def placeholders(value, place: str = "") -> list[tuple[str, str]]:
    """Every text in an entry still marked TODO (as ``manifest add`` leaves what only a person can fill in)."""
    if isinstance(value, str):
        return [(place or "a value", value)] if value.strip().upper().startswith(PLACEHOLDER) else []
    if isinstance(value, dict):
        return [p for key, item in value.items() for p in placeholders(item, f"{place}.{key}" if place else key)]
    if isinstance(value, list):
        return [p for i, item in enumerate(value) for p in placeholders(item, f"{place}[{i}]")]
    return []


# --------------------------------------------------------------------------- the files themselves

def file_problems(root: Path, manifest: dict) -> list[tuple[str, str]]:
    """(file, problem) for every raw file that is not where, what and as big as the manifest says."""
    root = Path(root)
    raw = (root / RAW).resolve()
    problems, by_path, by_hash, listed = [], {}, {}, set()
    for index, entry in enumerate(manifest["resources"]):
        where = _label(manifest, index)
        path = root / entry["path"]
        resolved = path.resolve()
        listed.add(Path(os.path.normpath(path)))
        if not resolved.is_relative_to(raw):
            how = " through a symlink" if Path(os.path.normpath(path)).is_relative_to(root / RAW) else ""
            problems.append((entry["path"], f"{where}: the path leads outside data/raw{how} (to {resolved}); "
                                            "raw files must live in data/raw"))
            continue
        if resolved in by_path:
            problems.append((entry["path"], f"{where}: the same file as {by_path[resolved]}; each file is listed once"))
            continue
        by_path[resolved] = where
        if not path.exists():
            problems.append((entry["path"], "listed in the manifest but missing"))
            continue
        if not path.is_file():
            problems.append((entry["path"], f"{where}: the path is a folder, not a file"))
            continue
        found = sha256_of(path)
        expected = normal_hash(entry["hash"])
        if found != expected:
            problems.append((entry["path"], f"checksum mismatch: the manifest says sha256 {expected[:12]}…, the file "
                                            f"has {found[:12]}…. Raw files are immutable: if this is a new version "
                                            "of the source, record it as a new resource with its own source; if you "
                                            "corrected a transcription on purpose, run `python -m "
                                            f"police_breaches manifest rehash {entry['path']}`"))
        elif path.stat().st_size != entry["bytes"]:
            problems.append((entry["path"], f"the manifest says {entry['bytes']:,} bytes, the file has "
                                            f"{path.stat().st_size:,}; run `python -m police_breaches manifest "
                                            f"rehash {entry['path']}`"))
        if found in by_hash:
            problems.append((entry["path"], f"{where}: holds exactly the same bytes as {by_hash[found]}; the same "
                                            "file under two names would count its rows twice"))
        by_hash.setdefault(found, where)
    listed |= set(by_path)
    for path in sorted((root / RAW).rglob("*")):
        if path.is_file() and path.relative_to(root) not in UNLISTED_ALLOWED and not {path, path.resolve()} & listed:
            relative = path.relative_to(root)
            unsafe = raw_name_problem(relative.relative_to(RAW).as_posix())
            problems.append((repr(str(relative)) if unsafe else str(relative), unsafe and f"{unsafe}, then add it with "
                             "`python -m police_breaches manifest add`" or f"not listed in {MANIFEST_NAME}: add it "
                             f"with `python -m police_breaches manifest add {relative} --like RESOURCE`"))
    return problems


def verify_checksums(root: Path, manifest: dict) -> None:
    """Refuse to go on if any raw file is missing, astray or differs from the manifest."""
    problems = file_problems(root, manifest)
    if len(problems) == 1:
        raise InputError(*problems[0][:1], None, problems[0][1])
    raise_problems([f"{file}: {problem}" for file, problem in problems])
