"""The configuration tables (``config/*.csv``) and ``data/raw/sources.csv``, checked against their Table Schemas.

``config/tables.yml`` declares each file's columns, what each may hold, its keys and its references to the
other files. :func:`table` reads one file and checks it; :func:`check` reads them all and checks what
joins them, so an id given twice, a force without a region, a label mapped to a category that does not
exist or a source id used for two sources stops everything before any figure is read, with one line per
problem naming the file, the row and the column.

A file saved by Excel as "CSV UTF-8" (a byte-order mark, Windows line ends) is read as it was meant; a file
in another encoding is refused with a message.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from datetime import date
from functools import lru_cache
from pathlib import Path

from police_breaches.core import paths
from police_breaches.core.errors import InputError
from police_breaches.core.paths import MANIFEST_NAME
from police_breaches.core.rules import RULES

SCHEMAS = paths.CONFIG / "tables.yml"
SLUG = re.compile(r"[a-z0-9_]+", re.ASCII)
# A raw file's path: letters, digits and . _ - in each part, parts separated by '/', in NFC (so the name on
# disk and the name in the manifest are the same characters).
RAW_NAME = re.compile(r"[A-Za-z0-9._-]+(?:/[A-Za-z0-9._-]+)*", re.ASCII)
PARTIAL_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?(?: \(.+\))?", re.ASCII)
PERIOD = re.compile(r"([0-9]{4}-[0-9]{2}-[0-9]{2})/([0-9]{4}-[0-9]{2}-[0-9]{2})", re.ASCII)


# The files are parsed once per content, not per path: a step's process, forked from the build's, finds the
# configuration the build read already parsed (and a long-lived process never serves a stale one).

@lru_cache(maxsize=8)
def _schemas(data: bytes) -> dict:
    from police_breaches.core import strict_yaml

    where = SCHEMAS.as_posix()
    try:
        found = strict_yaml.load(decode(data, where))
    except strict_yaml.YAMLProblem as err:
        raise InputError(where, err.line, err.problem) from None
    for name, schema in (found.items() if isinstance(found, dict) else [(None, None)]):
        ok = (isinstance(schema, dict) and isinstance(schema.get("path"), str) and isinstance(schema.get("fields"), list)
              and all(isinstance(f, dict) and isinstance(f.get("name"), str) for f in schema["fields"])
              and all(f.get("format") in (None, *FORMATS) for f in schema["fields"]))
        if not ok:
            raise InputError(where, None, f"{name or 'the file'}: each table needs a path and a list of fields, each "
                                          f"with a name (and a format among {', '.join(FORMATS)})")
    return found


def schemas(root: Path | None = None) -> dict:
    try:
        data = paths.at(Path(root or paths.root()) / SCHEMAS).read_bytes()
    except OSError as err:
        raise InputError(SCHEMAS.as_posix(), None, f"cannot be read ({err.strerror})") from None
    return _schemas(data)


def decode(data: bytes, file: str) -> str:
    """A configuration file's text: UTF-8, with or without a byte-order mark."""
    from police_breaches.core.errors import decode_text

    return decode_text(data.removeprefix(b"\xef\xbb\xbf"), file)


def table(name: str, root: Path | None = None) -> list[dict[str, str]]:
    """The rows of one configuration table, each a dict of its columns, checked against its schema."""
    rows, problems = _read(name, Path(root or paths.root()))
    _raise(schemas(root)[name]["path"], problems)
    return rows


def _raise(file: str, problems: list[tuple[int | None, str | None, str]]) -> None:
    if len(problems) == 1:
        row, column, problem = problems[0]
        raise InputError(file, row, problem, column=column)
    if problems:
        raise InputError(file, None, f"{len(problems)} problems:\n" + "\n".join(
            f"  - {_where(row, column)}{problem}" for row, column, problem in problems))


def _where(row, column) -> str:
    return ("" if row is None else f"row {row}, ") + ("" if column is None else f"column {column!r}: ")


def _read(name: str, root: Path) -> tuple[list[dict[str, str]], list]:
    schema = schemas(root)[name]
    file = schema["path"]
    try:
        data = (root / file).read_bytes()
    except FileNotFoundError:
        raise InputError(file, None, "the file is missing") from None
    rows, problems = _parsed(file, data, json.dumps(schema, sort_keys=True))
    return [dict(row) for row in rows], list(problems)


@lru_cache(maxsize=64)
def _parsed(file: str, data: bytes, schema_json: str) -> tuple[tuple[dict, ...], tuple]:
    schema = json.loads(schema_json)
    text = decode(data, file)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        lines = list(reader)
    except csv.Error as err:
        raise InputError(file, reader.line_num, f"not a CSV table ({err})") from None
    fields = _header(file, [cell.strip() for cell in lines[0]], schema)
    rows, problems = [], []
    for line, cells in enumerate(lines[1:], start=2):
        if not any(cell.strip() for cell in cells):
            problems.append((line, None, "blank row inside the table"))
            continue
        if len(cells) != len(fields):
            problems.append((line, None, f"has {len(cells)} fields, the header has {len(fields)}"))
            continue
        row = dict(zip(fields, (cell.strip() for cell in cells)))
        row["_row"] = line
        for field in schema["fields"]:
            problem = _field_problem(field, row[field["name"]])
            if problem:
                problems.append((line, field["name"], problem))
        rows.append(row)
    problems += _repeated(rows, schema)
    return tuple(rows), tuple(dict.fromkeys(problems))


def _header(file: str, header: list[str], schema: dict) -> list[str]:
    """The table's columns, in the file's order; a header the schema does not allow stops the reading."""
    fields = [f["name"] for f in schema["fields"]]
    if schema.get("x-extra-columns"):  # the user's own columns are kept, wherever they are, beside the declared ones
        missing = [f for f in fields if f not in header]
        twice = sorted({h for h in header if header.count(h) > 1})
        if missing or twice or "" in header:
            raise InputError(file, 1, f"the header is {header}; it must hold each of {fields} once"
                             + (f" ({', '.join(missing)} missing)" if missing else "")
                             + (f" ({', '.join(twice)} given twice)" if twice else "")
                             + (" (a column has no name)" if "" in header else ""))
        return header
    if header != fields:
        raise InputError(file, 1, f"the header is {header}; it must be exactly {fields}")
    return fields


def _repeated(rows: list[dict], schema: dict) -> list[tuple[int, str | None, str]]:
    """A value given twice in a column declared unique, or a primary key given twice: each repeat after the first."""
    problems = []
    for key in [*([f["name"]] for f in schema["fields"] if f.get("constraints", {}).get("unique")),
                *([schema["primaryKey"]] if "primaryKey" in schema else [])]:
        seen: dict[tuple, int] = {}
        for row in rows:
            value = tuple(row[k] for k in key)
            if value in seen:
                shown = value[0] if len(value) == 1 else value
                problems.append((row["_row"], key[0] if len(key) == 1 else None,
                                 f"{'/'.join(key)} {shown!r} is given twice (first on row {seen[value]})"))
            seen.setdefault(value, row["_row"])
    return problems


def _field_problem(field: dict, value: str) -> str | None:
    constraints = field.get("constraints", {})
    if not value:
        return "is empty; it must be given" if constraints.get("required") else None
    if unicodedata.normalize("NFC", value) != value:
        return f"{value!r} is not in Unicode normal form C: retype it, or save the file as NFC"
    if "enum" in constraints and value not in [str(v) for v in constraints["enum"]]:
        return f"{value!r} is not one of {', '.join(repr(str(v)) for v in constraints['enum'] if v != '')}"
    if "pattern" in constraints and not re.fullmatch(constraints["pattern"], value):
        return f"{value!r} does not match the pattern {constraints['pattern']}"
    if field.get("type") == "integer":
        if not re.fullmatch(r"[0-9]+", value, re.ASCII):
            return f"{value!r} is not a whole number"
        if int(value) < constraints.get("minimum", 0):
            return f"{value} is below {constraints['minimum']}"
    return FORMATS[field["format"]](value) if "format" in field else None


def _slug(value: str) -> str | None:
    return None if SLUG.fullmatch(value) else (f"{value!r} is not an id: lowercase letters, digits and '_' only "
                                               "(an id can become part of a file name)")


def _regex(value: str) -> str | None:
    try:
        re.compile(value)
    except re.error as err:
        return f"{value!r} is not a valid regular expression: {err}"
    return None


def _partial_date(value: str) -> str | None:
    found = PARTIAL_DATE.fullmatch(value)
    if not found:
        return f"{value!r} is not a date: YYYY, YYYY-MM or YYYY-MM-DD, optionally followed by a note in brackets"
    year, month, day = found.group(1), found.group(2), found.group(3)
    try:
        date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return f"{value!r} is not a real date"
    return None


def _period(value: str) -> str | None:
    found = PERIOD.fullmatch(value)
    if not found:
        return f"{value!r} is not a period: start/end as ISO dates, such as 2011-06-01/2015-12-31"
    try:
        start, end = date.fromisoformat(found.group(1)), date.fromisoformat(found.group(2))
    except ValueError:
        return f"{value!r} holds a date that does not exist"
    return None if start <= end else f"{value!r} ends before it starts"


def _raw_files(value: str) -> str | None:
    for name in (part.strip() for part in value.split(";")):
        problem = raw_name_problem(name)
        if problem:
            return problem
    return None


def raw_name_problem(name: str) -> str | None:
    """Why ``name`` (a path under data/raw) is not a safe name for a raw file, or None."""
    if unicodedata.normalize("NFC", name) != name:
        return f"{name!r} is not in Unicode normal form C (a letter written as two characters): rename the file"
    if not RAW_NAME.fullmatch(name) or any(part in (".", "..") for part in name.split("/")):
        return (f"{name!r} is not a safe file name: use letters, digits, '.', '_' and '-', with '/' between "
                "folders (no spaces, ';', quotes or line breaks)")
    return None


def _iso_date(value: str) -> str | None:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return f"{value!r} is not a date written YYYY-MM-DD (such as 2027-01-21)"
    try:
        date.fromisoformat(value)
    except ValueError:
        return f"{value!r} is not a real date"
    return None


FORMATS = {"slug": _slug, "regex": _regex, "partial_date": _partial_date, "period": _period, "raw_files": _raw_files,
           "iso_date": _iso_date}


# --------------------------------------------------------------------------- what joins the files

CONFIG_TABLES = ("forces.csv", "regions.csv", "canonical.csv", "labels.csv", "statuses.csv", "column_labels.csv")
# (caveats.csv refers to sources.csv, so it is checked with it: configuration.check(), before any build)


def check(root: Path | None = None, names=None) -> dict[str, list[dict]]:
    """The configuration tables (default: every one, sources.csv included) read and checked, alone and
    against each other; the rows of each."""
    root = Path(root or paths.root())
    found, problems = {}, {}
    for name in names or schemas(root):
        schema = schemas(root)[name]
        if schema.get("x-optional") and not (root / schema["path"]).exists():
            continue  # a file there only while in use (the FOI campaign's tracker)
        found[name], problems[name] = _read(name, root)
    for name in found:
        schema = schemas(root)[name]
        for key in schema.get("foreignKeys", []):
            target = {tuple(row[k] for k in key["reference"]["fields"]) for row in found[key["reference"]["resource"]]}
            for row in found[name]:
                value = tuple(row[k] for k in key["fields"])
                if all(value) and value not in target:
                    shown = value[0] if len(value) == 1 else value
                    problems[name].append((row["_row"], key["fields"][-1],
                                           f"{shown!r} is not in {key['reference']['resource']}"
                                           + _known(shown, target)))
        for rule in schema.get("x-rules", []):
            problems[name] += RULES[rule](found, root)
    for name in found:
        _raise(schemas(root)[name]["path"], list(dict.fromkeys(problems[name])))
    return found


def _known(value, known: set[tuple]) -> str:
    """What was meant: the closest known value, or every one where there are few."""
    import difflib

    names = sorted(str(k[0] if len(k) == 1 else k) for k in known)
    close = difflib.get_close_matches(str(value), names, n=1)
    said = [f"did you mean {close[0]!r}?"] if close else []
    said.append(f"known: {', '.join(names)}" if len(names) <= 20 else f"{len(names)} known")
    return f" ({' '.join(said)})"


def read_json(path: Path) -> dict:
    """The manifest (datapackage.json) as JSON: a syntax error is named by line and column."""
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        raise InputError(MANIFEST_NAME, None, f"not valid JSON: {err.msg} (a comma after the last item, or a "
                                              "missing quote, comma or bracket, is the usual cause)",
                         position=f"line {err.lineno}, column {err.colno}") from None
    except UnicodeDecodeError:
        raise InputError(MANIFEST_NAME, None, "not UTF-8 text") from None
