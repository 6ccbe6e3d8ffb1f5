"""What every reader shares: the context it reads in (the file, its manifest entry and options, the
vocabularies), what it returns (tidy rows, rows set aside with a reason, checks), and strict CSV reading."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from police_breaches.core.errors import InputError, decode_text, shown, unusual_characters
from police_breaches.core.text import normalise
from police_breaches.sources.parsing import Period, parse_period
from police_breaches.sources.vocab import Vocabularies, slug


@dataclass
class ReadResult:
    rows_in: int
    tables: dict[str, list[dict]] = field(default_factory=dict)
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)  # readers that work column-wise
    rejects: list[dict] = field(default_factory=list)
    checks: list[dict] = field(default_factory=list)

    def add(self, table: str, record: dict) -> None:
        self.tables.setdefault(table, []).append(record)


@dataclass(frozen=True)
class Context:
    """What a reader needs besides the file: the manifest entry, the vocabularies, and the file's path."""

    resource: dict
    vocab: Vocabularies
    path: Path

    @property
    def name(self) -> str:
        return self.resource["name"]

    @property
    def file(self) -> str:
        return self.resource["path"]

    @property
    def options(self) -> dict:
        return self.resource["x-reader"]

    @property
    def source_id(self) -> str:
        return self.resource["sources"][0]["source_id"]

    def known_source(self, source_id: str, row: int | str) -> str:
        known = [source["source_id"] for source in self.resource["sources"]]
        if source_id not in known:
            raise InputError(self.file, row, f"source {source_id!r} is not among this file's sources in the "
                                             f"manifest ({', '.join(known)})")
        return source_id

    def base(self, raw_row: int | str, **values) -> dict:
        return {"resource": self.name, "raw_row": raw_row, "source_id": values.pop("source_id", self.source_id),
                **values}

    def reject(self, result: ReadResult, raw_row: int | str, reason: str) -> None:
        result.rejects.append({"resource": self.name, "path": self.file, "raw_row": raw_row, "reason": reason})

    @property
    def own_dimensions(self) -> dict[str, dict[str, str]]:
        """The file's own breakdowns (x-reader.own_dimensions): normalised label → id."""
        return {name: {normalise(label): slug(label) for label in labels}
                for name, labels in self.options.get("own_dimensions", {}).items()}

    def classify(self, dimensions: list[str], label: str, row) -> tuple[str, str]:
        """Which of ``dimensions`` the label belongs to, and its id there: the file's own first, then config."""
        own = self.own_dimensions
        for dimension in dimensions:
            if dimension in own and normalise(label) in own[dimension]:
                return dimension, own[dimension][normalise(label)]
        shared = [d for d in dimensions if d not in own]
        if shared:
            try:
                return self.vocab.taxonomy.classify(shared, label, self.file, row)
            except InputError:
                if len(shared) == len(dimensions):
                    raise
        known = [label for d in dimensions if d in own for label in self.options["own_dimensions"][d]]
        raise InputError(self.file, row, f"unknown {' or '.join(dimensions)} {shown(label)}; this file's own labels "
                                         f"(x-reader.own_dimensions) are {known}")

    def lookup(self, dimension: str, label: str, row) -> str:
        return self.classify([dimension], label, row)[1]

    def check(self, result: ReadResult, raw_row, check: str, expected, found, message: str = "") -> None:
        ok = expected == found
        result.checks.append({
            "resource": self.name, "raw_row": raw_row, "check": check, "force_id": None, "result": "ok" if ok else "mismatch",
            "expected": expected, "found": found, "message": message,
        })


# complexity: header checks in a fixed order (unnamed, repeated, missing or extra, order): the first to fail is raised
def check_header(header: list[str], expected: list[str], file: str) -> None:
    """The header must name exactly the manifest's schema fields, once each, in order."""
    for index, name in enumerate(header, start=1):
        if not name:
            raise InputError(file, 1, f"column {index} of the header has no name; the manifest expects {expected}")
    repeated = sorted({name for name in header if header.count(name) > 1})
    if repeated:
        places = {name: [i for i, h in enumerate(header, start=1) if h == name] for name in repeated}
        raise InputError(file, 1, "; ".join(f"the header names {name!r} more than once (columns "
                                            f"{', '.join(map(str, at))})" for name, at in places.items()))
    missing = [c for c in expected if c not in header]
    extra = [c for c in header if c not in expected]
    if missing or extra:
        parts = ([f"missing column(s) {missing}"] if missing else []) + (
            [f"unexpected column(s) {[shown(c) if unusual_characters(c) else c for c in extra]}"] if extra else [])
        raise InputError(file, 1, "; ".join(parts) + f"; the manifest expects {expected}")
    if header != expected:
        raise InputError(file, 1, f"the columns are in the order {header}; the manifest's schema expects "
                                  f"{expected}")


def read_csv_strict(ctx: Context) -> pd.DataFrame:
    """Read a raw CSV as text, refusing anything a person would not recognise as the published table.

    Returns one column per header field and ``_row`` (the line number in the file, header = 1).
    """
    text = decode_text(ctx.path.read_bytes(), ctx.file)
    rows = list(csv.reader(io.StringIO(text.rstrip("\r\n") + "\n", newline="")))
    header = [cell.strip() for cell in rows[0]]
    check_header(header, [f["name"] for f in ctx.resource["schema"]["fields"]], ctx.file)
    body = rows[1:]
    if not body:
        raise InputError(ctx.file, None, "header only: the file has no data rows")
    # Row numbers count records as a spreadsheet shows them: the header is row 1.
    ragged = next((i for i, cells in enumerate(body) if len(cells) != len(header)), None)
    blank = next((i for i, cells in enumerate(body) if not "".join(cells).strip()), None)
    if blank is not None and (ragged is None or blank <= ragged):
        raise InputError(ctx.file, blank + 2, "blank row inside the table")
    if ragged is not None:
        raise InputError(ctx.file, ragged + 2, f"has {len(body[ragged])} fields, the header has {len(header)}")
    frame = pd.DataFrame(body, columns=header, dtype=object)
    frame["_row"] = range(2, len(body) + 2)
    key = ctx.resource["schema"].get("primaryKey")
    if key:
        key = [key] if isinstance(key, str) else key
        folded = frame[key].apply(lambda col: col.map(normalise))
        dupes = frame[folded.duplicated(keep="first")]
        if not dupes.empty:
            first = dupes.iloc[0]
            raise InputError(ctx.file, int(first["_row"]),
                             f"duplicate row: {', '.join(f'{k}={first[k]!r}' for k in key)} appears twice")
    return frame


def constant_period(ctx: Context, row) -> Period:
    return parse_period(ctx.options["period"], ctx.file, row)


def scope_row(ctx: Context, record: dict) -> str | None:
    """The group of forces a row is about, when its force column names one ('All forces that answered')."""
    column = ctx.options.get("force_column")
    groups = {normalise(g): g for g in ctx.options.get("scope_rows", [])}
    return groups.get(normalise(record[column])) if column else None


def force_of(ctx: Context, record: dict) -> str | None:
    column = ctx.options.get("force_column")
    name = record[column] if column else ctx.options.get("force")
    if name is None or scope_row(ctx, record):
        return None
    return ctx.vocab.forces.resolve(name, ctx.file, record["_row"])


def period_fields(period: Period) -> dict:
    return {"period_start": period.start.isoformat(), "period_end": period.end.isoformat(),
            "period_label": period.label}


def labelled(breakdown: str, label: str, canonical: str) -> dict:
    """The columns that say what a figure is a part of: its breakdown, its label as published and its id."""
    return {"breakdown": breakdown, "label_as_published": label, "breakdown_value": canonical,
            "category": canonical if breakdown == "category" else "",
            "outcome": canonical if breakdown == "outcome" else ""}
