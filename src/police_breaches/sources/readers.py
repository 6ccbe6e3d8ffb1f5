"""Readers for each published shape, configured by the manifest's ``x-reader`` entry.

Shapes:
- ``table``: one row per figure (label, value, optional force/period/status/source columns).
- ``grid``: rows × years (month × year, category × year, rank × year), optionally with a Total row.
- ``incidents``: one row per incident (date or range, description, optional rank/outcome).
- ``questions``: an FOI answer kept as question/answer pairs, answers such as 'Dismissed = 5'.
- ``ranks``: ranks as quoted by the press, with the scope they state.
- ``workforce_ods``: Home Office police workforce tables (officers, staff, PCSOs, designated officers).

Every reader returns a :class:`ReadResult`: tidy rows for the output tables, the raw rows it set aside
(each with a reason), and the checks it made. Every raw row ends up in one or the other.
"""

from __future__ import annotations

import calendar
import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import pandas as pd

from police_breaches.core.errors import InputError, decode_text, shown, unusual_characters
from police_breaches.sources.parsing import MONTHS, Count, Period, parse_count, parse_fte, parse_period
from police_breaches.sources.vocab import Vocabularies, slug
from police_breaches.core.text import normalise


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
            "resource": self.name, "raw_row": raw_row, "check": check, "result": "ok" if ok else "mismatch",
            "expected": expected, "found": found, "message": message,
        })


# --------------------------------------------------------------------------- CSV files

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


def _constant_period(ctx: Context, row) -> Period:
    return parse_period(ctx.options["period"], ctx.file, row)


def _period_of(ctx: Context, record: dict) -> Period:
    column = ctx.options.get("period_column")
    if not column:
        return _constant_period(ctx, record["_row"])
    try:
        return parse_period(record[column], ctx.file, record["_row"])
    except InputError:
        if "study_period" not in ctx.options:
            raise
    study = parse_period(ctx.options["study_period"], "datapackage.json", None)
    wording = re.sub(r"\s+", " ", record[column]).strip()
    return Period(study.start, study.end, wording, f"period as published: '{wording}'; the study's period is used")


def _scope_row(ctx: Context, record: dict) -> str | None:
    """The group of forces a row is about, when its force column names one ('All forces that answered')."""
    column = ctx.options.get("force_column")
    groups = {normalise(g): g for g in ctx.options.get("scope_rows", [])}
    return groups.get(normalise(record[column])) if column else None


def _force_of(ctx: Context, record: dict) -> str | None:
    column = ctx.options.get("force_column")
    name = record[column] if column else ctx.options.get("force")
    if name is None or _scope_row(ctx, record):
        return None
    return ctx.vocab.forces.resolve(name, ctx.file, record["_row"])


def _period_fields(period: Period) -> dict:
    return {"period_start": period.start.isoformat(), "period_end": period.end.isoformat(),
            "period_label": period.label}


def _note(ctx: Context, period: Period) -> str:
    return "; ".join(part for part in (ctx.options.get("note", ""), period.note if period.note.startswith("period as") else "")
                     if part)


def read_table(ctx: Context) -> ReadResult:
    """One figure per row: wmp_2016 categories, force totals, key findings, answers by year …"""
    frame = read_csv_strict(ctx)
    opts = ctx.options
    result = ReadResult(rows_in=len(frame))
    dimensions = opts.get("dimensions", [])
    for record in frame.to_dict("records"):
        row = record["_row"]
        count = parse_count(record[opts["value_column"]], ctx.vocab.statuses, ctx.file, row,
                            status_hint=record.get(opts.get("status_column", ""), ""), column=opts["value_column"])
        label = record[opts["label_column"]] if opts.get("label_column") else ""
        breakdown, canonical = "total", ""
        if dimensions:
            breakdown, canonical = ctx.classify(dimensions, label, row)
            if breakdown == "measure":
                breakdown, canonical = "total", ""
        elif opts.get("label_breakdown"):
            breakdown, canonical = opts["label_breakdown"], slug(label)
        staff_label = record.get(opts.get("staff_group_column", ""), "")
        staff = ctx.lookup("staff_group", staff_label, row) if staff_label else "all"
        source_id = ctx.known_source(record[opts["source_column"]], row) if opts.get("source_column") else ctx.source_id
        if opts.get("percent_column") and record[opts["percent_column"]]:
            _check_printed_percent(ctx, result, record, count)
        period = _period_of(ctx, record)
        result.add("observations", ctx.base(
            row, source_id=source_id, force_id=_force_of(ctx, record),
            scope=_scope_row(ctx, record) or opts.get("scope", "force"), **_period_fields(period), unit=opts["unit"],
            **_labelled(breakdown, label, canonical), staff_group=staff, value=count.value, status=count.status,
            status_detail=count.detail, note=_note(ctx, period)))
    return result


def _labelled(breakdown: str, label: str, canonical: str) -> dict:
    """The columns that say what a figure is a part of: its breakdown, its label as published and its id."""
    return {"breakdown": breakdown, "label_as_published": label, "breakdown_value": canonical,
            "category": canonical if breakdown == "category" else "",
            "outcome": canonical if breakdown == "outcome" else ""}


def _check_printed_percent(ctx: Context, result: ReadResult, record: dict, count) -> None:
    """Key findings print a rounded percentage of a published base (2,315): check the rounding."""
    printed = record[ctx.options["percent_column"]]
    match = re.fullmatch(r"(0|[1-9][0-9]?|100)%", printed.strip(), flags=re.ASCII)
    if not match:
        raise InputError(ctx.file, record["_row"], f"cannot read the percentage {printed!r}")
    base = ctx.options["percent_base"]
    if count.value is None:
        raise InputError(ctx.file, record["_row"], f"the percentage {printed!r} is printed beside a figure that is "
                                                   f"not a count ({count.detail!r}), so it cannot be checked")
    rebuilt = round(100 * count.value / base)
    ctx.check(result, record["_row"], f"printed percentage of {base:,}", int(match.group(1)), rebuilt,
              f"{record[ctx.options['label_column']]}: {count.value:,} of {base:,} is {100 * count.value / base:.1f}%")


def read_grid(ctx: Context) -> ReadResult:
    """Rows × year columns, e.g. month × year; a Total row is checked against its cells, then set aside."""
    frame = read_csv_strict(ctx)
    opts = ctx.options
    label_column = opts["label_column"]
    year_columns = [c for c in frame.columns if c not in (label_column, "_row")]
    for column in year_columns:
        if not re.fullmatch(r"[0-9]{4}", column):
            raise InputError(ctx.file, 1, f"column {column!r} is not a year")
    result = ReadResult(rows_in=len(frame))
    force_id = _force_of(ctx, {"_row": 1})
    totals = frame[frame[label_column].map(normalise) == normalise(opts.get("total_label", "Total"))]
    if len(totals) > 1:
        raise InputError(ctx.file, int(totals.iloc[1]["_row"]), "more than one Total row")
    cells = frame.drop(totals.index)
    sums = {year: 0 for year in year_columns}
    for record in cells.to_dict("records"):
        row = record["_row"]
        label = record[label_column].strip()
        for year in year_columns:
            count = parse_count(record[year], ctx.vocab.statuses, ctx.file, row, column=year)
            sums[year] += count.value or 0
            period = Period(date(int(year), 1, 1), date(int(year), 12, 31), year)
            breakdown, canonical = opts["breakdown"], ""
            if breakdown == "month":
                month = _month_number(label, ctx, row)
                period = Period(date(int(year), month, 1), date(int(year), month, calendar.monthrange(int(year), month)[1]),
                                f"{label} {year}")
                canonical = f"{month:02d}"
            else:
                canonical = ctx.lookup(breakdown, label, row)
            result.add("observations", ctx.base(
                row, force_id=force_id, scope="force", **_period_fields(period), unit=opts["unit"],
                **_labelled(breakdown, label, canonical), staff_group=canonical if breakdown == "staff_group" else "all",
                value=count.value, status=count.status, status_detail=count.detail, note=opts.get("note", "")))
    for record in totals.to_dict("records"):
        for year in year_columns:
            published = parse_count(record[year], ctx.vocab.statuses, ctx.file, record["_row"], column=year)
            ctx.check(result, record["_row"], f"Total row equals the sum of its column ({year})",
                      published.value, sums[year], f"{ctx.file}: Total {year} is {published.value}, "
                                                   f"the cells above add up to {sums[year]}")
            if published.value != sums[year] and opts.get("total_must_match", True):
                raise InputError(ctx.file, record["_row"], f"Total for {year} is {published.value} but the "
                                                          f"rows above add up to {sums[year]}")
        ctx.reject(result, record["_row"], "published Total row: checked against the sum of its column, "
                                           "not carried as a figure of its own")
    result.tables.setdefault("grid_totals", []).extend(
        {"resource": ctx.name, "source_id": ctx.source_id, "breakdown": opts["breakdown"], "year": int(y),
         "unit": opts["unit"], "sum_of_cells": s} for y, s in sums.items())
    return result


def _month_number(label: str, ctx: Context, row: int) -> int:
    month = MONTHS.get(label.strip().casefold())
    if month is None:
        raise InputError(ctx.file, row, f"{shown(label)} is not a month name")
    return month


def _parse_distinct(column: pd.Series, rows: pd.Series, parse) -> dict:
    """Parse each distinct value once (a million incidents share a few dozen dates).

    An error names the first row holding the offending value.
    """
    first_rows = rows.groupby(column.to_numpy(), sort=False).first()
    return {value: parse(value, row) for value, row in first_rows.items()}


def read_incidents(ctx: Context) -> ReadResult:
    """One row per incident: the date (or range), what happened, and the rank and outcome where published.

    Column-wise, so that a large incident list is cleaned in seconds.
    """
    frame = read_csv_strict(ctx)
    opts = ctx.options
    rows = frame["_row"]
    out = pd.DataFrame({"resource": ctx.name, "raw_row": rows.astype(str), "source_id": ctx.source_id}, index=frame.index)
    if opts.get("force_column"):
        forces = _parse_distinct(frame[opts["force_column"]], rows, lambda v, r: ctx.vocab.forces.resolve(v, ctx.file, r))
        out["force_id"] = frame[opts["force_column"]].map(forces)
    else:
        out["force_id"] = ctx.vocab.forces.resolve(opts["force"], ctx.file, None)
    if opts.get("period_column"):
        column = frame[opts["period_column"]]
        periods = _parse_distinct(column, rows, lambda v, r: parse_period(v, ctx.file, r))
    else:
        source_period = _constant_period(ctx, None)
        column = pd.Series("", index=frame.index)
        periods = {"": Period(source_period.start, source_period.end, source_period.label,
                              "date not published; period of the source")}
    for name, attribute in [("period_start", "start"), ("period_end", "end"), ("period_label", "label"),
                            ("period_note", "note")]:
        values = {key: getattr(period, attribute) for key, period in periods.items()}
        out[name] = column.map({k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in values.items()})
    out["unit"] = opts["unit"]
    description = frame[opts["description_column"]].str.strip()
    if (description == "").any():
        raise InputError(ctx.file, int(rows[description == ""].iloc[0]), f"empty {opts['description_column']!r}")
    out["description"] = description
    out["category_as_published"] = out["category"] = ""
    if opts.get("category_prefix"):  # 'Confidentiality: Viewed record of RTA'
        parts = description.str.partition(":")
        if (parts[1] == "").any():
            bad = parts[1] == ""
            raise InputError(ctx.file, int(rows[bad].iloc[0]),
                             f"expected 'Category: description', found {description[bad].iloc[0]!r}")
        labels = parts[0].str.strip()
        categories = _parse_distinct(labels, rows, lambda v, r: ctx.lookup("category", v, r))
        out["category_as_published"], out["category"] = labels, labels.map(categories)
    for dimension in ("staff_group", "outcome"):
        column_name = opts.get(f"{dimension}_column")
        labels = frame[column_name].str.strip() if column_name else pd.Series("", index=frame.index)
        lookup = lambda v, r, d=dimension: ctx.lookup(d, v, r) if v else ""  # noqa: E731
        out[f"{dimension}_as_published"] = labels
        out[dimension] = labels.map(_parse_distinct(labels, rows, lookup))
    result = ReadResult(rows_in=len(frame))
    result.frames["incidents"] = out
    return result


SEPARATORS = "=–—:-"


def split_answer(answer: str, separator: str, file: str, row, column: str) -> tuple[str, str]:
    """'Police Officers – 7' → ('Police Officers', '7'). ``separator`` is one of SEPARATORS, ' ', or 'any'."""
    text = answer.strip(" \t")
    marks = SEPARATORS if separator == "any" else ("" if separator == " " else separator)
    expected = ("'label = number', 'label – number', 'label - number', 'label: number' or 'label number'"
                if separator == "any" else f"'label{separator if separator == ' ' else f' {separator} '}number'")
    found = None
    if marks:
        found = re.fullmatch(rf"(.*?)[ \t]*[{re.escape(marks)}][ \t]*([^{re.escape(marks)}]+)", text)
    if found is None and separator in ("any", " "):
        found = re.fullmatch(r"(.*\S)[ \t]+(\S+)", text)
    if found is None or not found.group(1).strip(" \t"):
        raise InputError(file, row, f"cannot read the answer {shown(answer)}: expected {expected}", column=column)
    label, number = found.group(1).strip(" \t"), found.group(2)
    if label[-1:] in SEPARATORS:
        raise InputError(file, row, f"cannot read the answer {shown(answer)}: two separators (or a sign) before the "
                                    f"number; expected {expected}", column=column)
    return label, number


def read_questions(ctx: Context) -> ReadResult:
    """Question/answer FOI replies: an answer is a number, or a label and a number ('Dismissed = 5')."""
    frame = read_csv_strict(ctx)
    opts = ctx.options
    result = ReadResult(rows_in=len(frame))
    period = _constant_period(ctx, 2)
    force_id = _force_of(ctx, {"_row": 2})
    questions = {normalise(q): spec for q, spec in opts["questions"].items()}
    column = opts["answer_column"]
    for record in frame.to_dict("records"):
        row = record["_row"]
        spec = questions.get(normalise(record[opts["question_column"]]))
        if spec is None:
            raise InputError(ctx.file, row, f"unknown question {shown(record[opts['question_column']])}; "
                                            "describe it under x-reader.questions in the manifest")
        if "label" in spec:  # the question names what is counted; the answer is the number alone
            label, number = spec["label"], record[column]
        else:
            label, number = split_answer(record[column], opts.get("separator", "any"), ctx.file, row, column)
        count = parse_count(number, ctx.vocab.statuses, ctx.file, row, column=column)
        breakdown, note = spec["breakdown"], ""
        if breakdown == "incident_period":  # when the incidents happened, as a period of its own
            incident = parse_period(label, ctx.file, row)
            canonical, note = incident.iso, f"incident period {incident.start.isoformat()} to {incident.end.isoformat()}"
        else:
            canonical = ctx.lookup(breakdown, label, row)
        result.add("observations", ctx.base(
            row, force_id=force_id, scope="force", **_period_fields(period), unit=opts["unit"],
            **_labelled(breakdown, label, canonical), staff_group=canonical if breakdown == "staff_group" else "all",
            value=count.value, status=count.status, status_detail=count.detail, note=note))
    return result


def read_ranks(ctx: Context) -> ReadResult:
    """Ranks quoted by the press: a number with its stated scope, or a phrase such as 'not in the top 10'."""
    frame = read_csv_strict(ctx)
    opts = ctx.options
    result = ReadResult(rows_in=len(frame))
    period = _constant_period(ctx, 2)
    for record in frame.to_dict("records"):
        row = record["_row"]
        published = record[opts["rank_column"]].strip(" \t")
        rank = int(published) if re.fullmatch(r"0|[1-9][0-9]{0,3}", published) else None
        if rank is None and not re.fullmatch(r"not in the top [1-9][0-9]*", published, flags=re.I):
            raise InputError(ctx.file, row, f"rank {published!r} is neither a number nor 'not in the top N'")
        if rank is not None and not 1 <= rank <= len(ctx.vocab.forces.forces):
            raise InputError(ctx.file, row, f"rank {published!r} must be 1 or more, and at most the number of "
                                            f"forces ({len(ctx.vocab.forces.forces)})")
        result.add("published_ranks", ctx.base(
            row, source_id=ctx.known_source(record[opts["source_column"]], row), force_id=_force_of(ctx, record),
            **_period_fields(period), rank=rank, rank_as_published=published, scope=record[opts["scope_column"]]))
    return result


# --------------------------------------------------------------------------- Home Office ODS tables

# python-calamine reads the three Home Office files in 0.02 s against odfpy's 0.6 s, giving the same cells
# (tests/test_clean_real.py checks the tidy tables are identical with both).
ODS_ENGINE = "calamine"


def read_workforce_ods(ctx: Context) -> ReadResult:
    """Per-force FTE from the Home Office tables, telling a region row from the force of the same name.

    Regions come in blocks: a region row, then exactly its member forces (``config/regions.csv``). So 'West
    Midlands' is the region when it opens a block and the force when the block expects it. Each region row
    is checked against the sum of its forces; 'Total 43 forces' against the sum of all 43.
    """
    opts = ctx.options
    try:
        sheets = pd.read_excel(ctx.path, sheet_name=list(opts["sheets"]), header=None, engine=ODS_ENGINE)
    except ValueError as err:
        raise InputError(ctx.file, None, f"cannot read the spreadsheet: {err}") from None
    except Exception as err:  # a truncated or corrupt ODS surfaces as zip/XML errors
        raise InputError(ctx.file, None, f"not a readable ODS spreadsheet ({type(err).__name__}: {err})") from None
    result = ReadResult(rows_in=sum(len(frame) for frame in sheets.values()))
    for sheet, worker_type in opts["sheets"].items():
        _read_workforce_sheet(ctx, result, sheet, worker_type, sheets[sheet])
    return result


def _as_date(cell) -> date | None:
    if isinstance(cell, (datetime, pd.Timestamp)):
        return cell.date()
    if isinstance(cell, date):
        return cell
    return None


TOTAL_OF_FORCES = "total 43 forces"
BLANK_ROW = "blank row: no name and no figures (side notes such as 'Source: Home Office' included)"
GRAND_TOTAL = "total"
PART_WORDS = {"officers": "officers", "staff": "police staff", "pcsos": "PCSOs", "designated_officers": "designated officers"}


class _Sheet:
    """One Home Office table read against its declared structure, row by row.

    After the title and the header row with the 'as at' dates, the table must be: every region of
    ``config/regions.csv`` once, each a region row followed by exactly its member forces; then 'Total 43
    forces'; then rows that are not territorial forces (British Transport Police, or names under
    ``x-reader.not_forces``); then 'Total'. After that only blank rows and notes. Blank rows may stand
    anywhere. Any other row is an error naming it: nothing is set aside because it did not fit.
    """

    def __init__(self, ctx: Context, result: ReadResult, sheet: str, worker_type: str, frame: pd.DataFrame):
        self.ctx, self.result, self.sheet, self.worker_type, self.frame = ctx, result, sheet, worker_type, frame
        self.markers = ctx.options.get("markers", {})
        # Parts the release marks as not available but, by its footnote, counts within another part.
        self.elsewhere = {(ctx.vocab.forces.resolve(rule["force"], ctx.file, None), rule["part"], as_at): rule
                          for rule in ctx.options.get("counted_elsewhere", []) for as_at in rule["as_at"]}
        self.regions = ctx.vocab.regions.groupby("region")["force_id"].apply(set).to_dict()
        self.region_by_name = {normalise(r): r for r in self.regions}
        self.state = "regions"  # regions → in_region → … → extras → after_table
        self.open_region, self.expected, self.region_values, self.member_sums = None, set(), {}, {}
        self.seen_regions: set[str] = set()
        self.forces: dict[str, dict] = {}
        self.totals: dict[int, float] = {}
        self.extras: dict[int, float] = {}

    def where(self, i: int) -> str:
        return f"{self.sheet}!{i + 1}"  # spreadsheet row numbers are 1-based

    def fail(self, i: int | None, problem: str):
        raise InputError(self.ctx.file, self.sheet if i is None else self.where(i), problem)

    def figures(self, i: int, values: dict, what: str) -> dict[int, float | None]:
        parsed = {j: parse_fte(v, self.ctx.file, self.where(i), self.markers, column=self.dates[j].isoformat())
                  for j, v in values.items()}
        return {j: count.value for j, count in parsed.items()}

    def checked(self, i: int, values: dict, what: str) -> dict[int, float]:
        """Figures a check is made against: a marker in place of one means the check cannot run."""
        figures = self.figures(i, values, what)
        missing = [self.dates[j].isoformat() for j, v in figures.items() if v is None]
        if missing:
            self.fail(i, f"{what} holds no figure for {', '.join(missing)}, so it cannot be checked")
        return figures

    def read(self) -> None:
        frame = self.frame
        header = next((i for i in range(len(frame)) if sum(_as_date(c) is not None for c in frame.iloc[i]) >= 2), None)
        if header is None:
            self.fail(None, "no header row with 'as at' dates found")
        self.dates = {j: _as_date(c) for j, c in enumerate(frame.iloc[header]) if _as_date(c)}
        declared = self.ctx.options.get("as_at")
        found = sorted(d.isoformat() for d in self.dates.values())
        if declared is not None and found != sorted(declared):
            self.fail(header, f"the 'as at' dates are {found}; the manifest's x-reader.as_at declares {sorted(declared)}")
        for i in range(header + 1):
            self.ctx.reject(self.result, self.where(i), "title or header row")
        for i in range(header + 1, len(frame)):
            raw = frame.iat[i, 0]
            name = "" if pd.isna(raw) else str(raw).strip()
            values = {j: frame.iat[i, j] for j in self.dates}
            has_figures = not all(pd.isna(v) for v in values.values())
            if self.state == "after_table":
                if has_figures:
                    self.fail(i, f"figures below the table (after its last 'Total' row): {name!r}")
                self.ctx.reject(self.result, self.where(i), "notes and footnotes below the table" if name else BLANK_ROW)
                continue
            if not name and not has_figures:
                self.ctx.reject(self.result, self.where(i), BLANK_ROW)
                continue
            if not name:
                self.fail(i, "a row of figures with no force or region name")
            self.row(i, re.sub(r"(?<=[A-Za-z])[0-9]+$", "", name), values)  # 'Wiltshire2': footnote digit glued on
        if self.state != "after_table":
            ending = {"regions": "'Total 43 forces'", "in_region": f"the forces of {self.open_region!r}",
                      "extras": "its last 'Total' row"}[self.state]
            self.fail(None, f"the table ends before {ending}: a check of its totals could not run")

    def row(self, i: int, name: str, values: dict) -> None:
        key = normalise(name)
        if self.state == "in_region":
            self.force(i, name, values, region=self.open_region)
            return
        if self.state == "regions" and key in self.region_by_name:
            region = self.region_by_name[key]
            if region in self.seen_regions:
                self.fail(i, f"the region {region!r} appears twice")
            self.seen_regions.add(region)
            self.open_region, self.expected = region, set(self.regions[region])
            self.region_values = self.checked(i, values, f"the region row {region!r}")
            self.member_sums = {j: 0.0 for j in values}
            self.state = "in_region"
            self.ctx.reject(self.result, self.where(i), f"region subtotal ({region}): checked against its forces")
            return
        if self.state == "regions" and key == TOTAL_OF_FORCES:
            missing = sorted(set(self.regions) - self.seen_regions)
            if missing:
                self.fail(i, f"'Total 43 forces' comes before the region(s) {missing}: the table is incomplete")
            self.totals = self.checked(i, values, "'Total 43 forces'")
            for j, total in self.totals.items():
                rebuilt = round(sum(f[j] or 0.0 for f in self.forces.values() if f["kind"] == "territorial"), 2)
                self.ctx.check(self.result, self.where(i), f"{self.sheet} Total 43 forces ({self.dates[j]})",
                               round(total, 2), rebuilt, f"{self.worker_type}: sum of the 43 force rows")
            self.extras = {j: 0.0 for j in values}
            self.state = "extras"
            self.ctx.reject(self.result, self.where(i), "Total 43 forces: total row, not a force")
            return
        if self.state == "extras" and key == GRAND_TOTAL:
            for j, total in self.checked(i, values, "'Total'").items():
                self.ctx.check(self.result, self.where(i), f"{self.sheet} Total ({self.dates[j]})", round(total, 2),
                               round(self.totals[j] + self.extras[j], 2),
                               f"{self.worker_type}: Total 43 forces plus the rows below it")
            self.state = "after_table"
            self.ctx.reject(self.result, self.where(i), "Total: total row, not a force")
            return
        if self.state == "extras":
            figures = self.figures(i, values, name)
            for j, value in figures.items():
                self.extras[j] += value or 0.0
            if name in self.ctx.options.get("not_forces", []):
                self.ctx.reject(self.result, self.where(i), f"{name}: not a police force (listed under x-reader.not_forces)")
            else:
                self.force(i, name, values, region=None)
            return
        to_come = sorted(set(self.regions) - self.seen_regions)
        expected = (f"a region row of config/regions.csv (still to come: {', '.join(to_come)})" if to_come
                    else "'Total 43 forces'") \
            if self.state == "regions" else "'Total', or a row that is not a territorial force"
        self.fail(i, f"{name!r} is not where the table's structure allows it: {expected} was expected here; "
                     "notes may only follow the table's last 'Total' row")

    def force(self, i: int, name: str, values: dict, region: str | None) -> None:
        ctx = self.ctx
        try:
            force_id = ctx.vocab.forces.resolve(name, ctx.file, self.where(i))
        except InputError as err:
            if region is None or normalise(name) in ctx.vocab.forces.alias_to_id:
                raise
            self.fail(i, f"{name!r} is not where the table's structure allows it: the region {region!r} still "
                         f"expects its forces {sorted(self.expected)} (config/regions.csv); notes may only follow the "
                         f"table's last 'Total' row ({err.problem})")
        kind = ctx.vocab.forces.kind_of(force_id)
        if region is not None and force_id not in self.expected:
            self.fail(i, f"{name!r} is not a force of the region {region!r} still to come "
                         f"(expected one of {sorted(self.expected)}, as config/regions.csv has it)")
        if region is None and kind == "territorial":
            self.fail(i, f"{name!r} is a territorial force outside its region's block (config/regions.csv)")
        if force_id in self.forces:
            self.fail(i, f"force {name!r} appears twice in {self.sheet}")
        figures = self.figures(i, values, name)
        self.forces[force_id] = {"kind": kind, **figures}
        for j, cell in values.items():
            count = parse_fte(cell, ctx.file, self.where(i), self.markers, column=self.dates[j].isoformat())
            elsewhere = self.elsewhere.get((force_id, self.worker_type, self.dates[j].isoformat()))
            if elsewhere and count.status != "reported":
                count = Count(None, "counted_elsewhere", f"counted in {PART_WORDS[elsewhere['in']]} "
                                                         f"({elsewhere['footnote']})")
            self.result.add("workforce", {
                "resource": ctx.name, "raw_row": self.where(i), "source_id": ctx.source_id, "force_id": force_id,
                "as_at": self.dates[j].isoformat(), "worker_type": self.worker_type, "fte": count.value,
                "status": count.status, "status_detail": count.detail, "release": ctx.options["release"]})
        if region is None:
            return
        self.expected.discard(force_id)
        for j, value in figures.items():
            self.member_sums[j] += value or 0.0
        if not self.expected:
            for j, region_total in self.region_values.items():
                ctx.check(self.result, self.where(i), f"{self.sheet} region {region} ({self.dates[j]})",
                          round(region_total, 2), round(self.member_sums[j], 2),
                          f"{self.worker_type}: region row against the sum of its forces")
            self.open_region, self.state = None, "regions"


def _read_workforce_sheet(ctx: Context, result: ReadResult, sheet: str, worker_type: str, frame: pd.DataFrame):
    _Sheet(ctx, result, sheet, worker_type, frame).read()


READERS = {
    "table": read_table,
    "grid": read_grid,
    "incidents": read_incidents,
    "questions": read_questions,
    "ranks": read_ranks,
    "workforce_ods": read_workforce_ods,
}
