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

from .errors import InputError
from .parsing import MONTHS, Period, parse_count, parse_fte, parse_period
from .vocab import Vocabularies, normalise


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

    def check(self, result: ReadResult, raw_row, check: str, expected, found, message: str = "") -> None:
        ok = expected == found
        result.checks.append({
            "resource": self.name, "raw_row": raw_row, "check": check, "result": "ok" if ok else "mismatch",
            "expected": expected, "found": found, "message": message,
        })


# --------------------------------------------------------------------------- CSV files

def read_csv_strict(ctx: Context) -> pd.DataFrame:
    """Read a raw CSV as text, refusing anything a person would not recognise as the published table.

    Returns one column per header field and ``_row`` (the line number in the file, header = 1).
    """
    data = ctx.path.read_bytes()
    if not data.strip():
        raise InputError(ctx.file, None, "the file is empty")
    if data.startswith(b"\xef\xbb\xbf"):
        raise InputError(ctx.file, 1, "the file starts with a byte-order mark (as Excel's 'CSV UTF-8' writes); "
                                      "save it as plain UTF-8 and record the new checksum")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise InputError(ctx.file, line, f"not valid UTF-8 (byte {data[err.start]:#04x} at offset {err.start}); "
                                         "was it saved as Windows-1252 or Latin-1?") from None
    if "\x00" in text:
        raise InputError(ctx.file, text[: text.index("\x00")].count("\n") + 1, "contains NUL bytes: not a text file")
    rows = list(csv.reader(io.StringIO(text.rstrip("\r\n") + "\n", newline="")))
    header = [cell.strip() for cell in rows[0]]
    expected = [f["name"] for f in ctx.resource["schema"]["fields"]]
    missing = [c for c in expected if c not in header]
    extra = [c for c in header if c not in expected]
    if missing or extra:
        parts = ([f"missing column(s) {missing}"] if missing else []) + ([f"unexpected column(s) {extra}"] if extra else [])
        raise InputError(ctx.file, 1, "; ".join(parts) + f"; the manifest expects {expected}")
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
    if column:
        return parse_period(record[column], ctx.file, record["_row"])
    return _constant_period(ctx, record["_row"])


def _force_of(ctx: Context, record: dict) -> str | None:
    column = ctx.options.get("force_column")
    name = record[column] if column else ctx.options.get("force")
    if name is None:
        return None
    return ctx.vocab.forces.resolve(name, ctx.file, record["_row"])


def _period_fields(period: Period) -> dict:
    return {"period_start": period.start.isoformat(), "period_end": period.end.isoformat(),
            "period_label": period.label}


def read_table(ctx: Context) -> ReadResult:
    """One figure per row: wmp_2016 categories, force totals, key findings, answers by year …"""
    frame = read_csv_strict(ctx)
    opts = ctx.options
    result = ReadResult(rows_in=len(frame))
    dimensions = opts.get("dimensions", [])
    for record in frame.to_dict("records"):
        row = record["_row"]
        count = parse_count(record[opts["value_column"]], ctx.vocab.statuses, ctx.file, row,
                            status_hint=record.get(opts.get("status_column", ""), ""))
        label = record[opts["label_column"]] if opts.get("label_column") else ""
        breakdown, canonical = "total", ""
        if dimensions:
            breakdown, canonical = ctx.vocab.taxonomy.classify(dimensions, label, ctx.file, row)
            if breakdown == "measure":
                breakdown, canonical = "total", ""
        staff_label = record.get(opts.get("staff_group_column", ""), "")
        staff = ctx.vocab.taxonomy.lookup("staff_group", staff_label, ctx.file, row) if staff_label else "all"
        source_id = ctx.known_source(record[opts["source_column"]], row) if opts.get("source_column") else ctx.source_id
        if opts.get("percent_column") and record[opts["percent_column"]]:
            _check_printed_percent(ctx, result, record, count)
        result.add("observations", ctx.base(
            row, source_id=source_id, force_id=_force_of(ctx, record), scope=opts.get("scope", "force"),
            **_period_fields(_period_of(ctx, record)), unit=opts["unit"], breakdown=breakdown,
            label_as_published=label, category=canonical if breakdown == "category" else "",
            outcome=canonical if breakdown == "outcome" else "", staff_group=staff,
            value=count.value, status=count.status, status_detail=count.detail, note=opts.get("note", "")))
    return result


def _check_printed_percent(ctx: Context, result: ReadResult, record: dict, count) -> None:
    """Key findings print a rounded percentage of a published base (2,315): check the rounding."""
    printed = record[ctx.options["percent_column"]]
    match = re.fullmatch(r"(\d+)%", printed.strip())
    if not match:
        raise InputError(ctx.file, record["_row"], f"cannot read the percentage {printed!r}")
    base = ctx.options["percent_base"]
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
        if not re.fullmatch(r"\d{4}", column):
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
            count = parse_count(record[year], ctx.vocab.statuses, ctx.file, f"{row} (column {year})")
            sums[year] += count.value or 0
            period = Period(date(int(year), 1, 1), date(int(year), 12, 31), year)
            category = staff = ""
            breakdown = opts["breakdown"]
            if breakdown == "month":
                month = _month_number(label, ctx, row)
                period = Period(date(int(year), month, 1), date(int(year), month, calendar.monthrange(int(year), month)[1]),
                                f"{label} {year}")
            elif breakdown == "category":
                category = ctx.vocab.taxonomy.lookup("category", label, ctx.file, row)
            elif breakdown == "staff_group":
                staff = ctx.vocab.taxonomy.lookup("staff_group", label, ctx.file, row)
            else:
                raise InputError("datapackage.json", None, f"{ctx.name}: unknown grid breakdown {breakdown!r}")
            result.add("observations", ctx.base(
                row, force_id=force_id, scope="force", **_period_fields(period), unit=opts["unit"],
                breakdown=breakdown, label_as_published=label, category=category, outcome="",
                staff_group=staff or "all", value=count.value, status=count.status, status_detail=count.detail,
                note=opts.get("note", "")))
    for record in totals.to_dict("records"):
        for year in year_columns:
            published = parse_count(record[year], ctx.vocab.statuses, ctx.file, f"{record['_row']} (column {year})")
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
        raise InputError(ctx.file, row, f"{label!r} is not a month name")
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
        categories = _parse_distinct(labels, rows, lambda v, r: ctx.vocab.taxonomy.lookup("category", v, ctx.file, r))
        out["category_as_published"], out["category"] = labels, labels.map(categories)
    for dimension in ("staff_group", "outcome"):
        column_name = opts.get(f"{dimension}_column")
        labels = frame[column_name].str.strip() if column_name else pd.Series("", index=frame.index)
        lookup = lambda v, r, d=dimension: ctx.vocab.taxonomy.lookup(d, v, ctx.file, r) if v else ""  # noqa: E731
        out[f"{dimension}_as_published"] = labels
        out[dimension] = labels.map(_parse_distinct(labels, rows, lookup))
    result = ReadResult(rows_in=len(frame))
    result.frames["incidents"] = out
    return result


def read_questions(ctx: Context) -> ReadResult:
    """Question/answer FOI replies; answers are a number or 'label = number' (WMP 4624_14)."""
    frame = read_csv_strict(ctx)
    opts = ctx.options
    result = ReadResult(rows_in=len(frame))
    period = _constant_period(ctx, 2)
    force_id = _force_of(ctx, {"_row": 2})
    questions = {normalise(q): spec for q, spec in opts["questions"].items()}
    for record in frame.to_dict("records"):
        row = record["_row"]
        spec = questions.get(normalise(record[opts["question_column"]]))
        if spec is None:
            raise InputError(ctx.file, row, f"unknown question {record[opts['question_column']]!r}; "
                                            "describe it under x-reader.questions in the manifest")
        answer = record[opts["answer_column"]].strip()
        label, _, number = answer.rpartition("=") if "=" in answer else (spec.get("label", ""), "", answer)
        label = label.strip()
        count = parse_count(number, ctx.vocab.statuses, ctx.file, row)
        breakdown = spec["breakdown"]
        category = outcome = note = ""
        staff = "all"
        if breakdown == "category":
            category = ctx.vocab.taxonomy.lookup("category", label, ctx.file, row)
        elif breakdown == "outcome":
            outcome = ctx.vocab.taxonomy.lookup("outcome", label, ctx.file, row)
        elif breakdown == "staff_group":
            staff = ctx.vocab.taxonomy.lookup("staff_group", label, ctx.file, row)
        elif breakdown == "incident_period":
            incident = parse_period(label, ctx.file, row)
            note = f"incident period {incident.start.isoformat()} to {incident.end.isoformat()}"
        else:
            raise InputError("datapackage.json", None, f"{ctx.name}: unknown question breakdown {breakdown!r}")
        result.add("observations", ctx.base(
            row, force_id=force_id, scope="force", **_period_fields(period), unit=opts["unit"],
            breakdown=breakdown, label_as_published=label, category=category, outcome=outcome, staff_group=staff,
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
        published = record[opts["rank_column"]].strip()
        rank = int(published) if published.isdigit() else None
        if rank is None and not re.fullmatch(r"not in the top \d+", published, flags=re.I):
            raise InputError(ctx.file, row, f"rank {published!r} is neither a number nor 'not in the top N'")
        if rank is not None and rank < 1:
            raise InputError(ctx.file, row, f"rank {published!r} must be 1 or more")
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


def _read_workforce_sheet(ctx: Context, result: ReadResult, sheet: str, worker_type: str, frame: pd.DataFrame):
    opts = ctx.options
    markers = opts.get("markers", {})
    where = lambda i: f"{sheet}!{i + 1}"  # noqa: E731 - spreadsheet row numbers are 1-based
    header_index = next((i for i in range(len(frame)) if sum(_as_date(c) is not None for c in frame.iloc[i]) >= 2),
                        None)
    if header_index is None:
        raise InputError(ctx.file, f"{sheet}!?", "no header row with 'as at' dates found")
    date_columns = {j: _as_date(c) for j, c in enumerate(frame.iloc[header_index]) if _as_date(c)}
    declared = opts.get("as_at")
    if declared is not None and sorted(d.isoformat() for d in date_columns.values()) != sorted(declared):
        raise InputError(ctx.file, where(header_index), f"the 'as at' dates are "
                         f"{sorted(d.isoformat() for d in date_columns.values())}; the manifest's x-reader.as_at "
                         f"declares {sorted(declared)}")
    for i in range(header_index + 1):
        ctx.reject(result, where(i), "title or header row")
    regions = ctx.vocab.regions.groupby("region")["force_id"].apply(set).to_dict()
    region_by_name = {normalise(r): r for r in regions}
    open_region, expected, region_values, member_sums = None, set(), {}, {}
    all_forces: dict[str, dict] = {}
    footnotes_started = False
    for i in range(header_index + 1, len(frame)):
        raw_name = frame.iat[i, 0]
        name = "" if pd.isna(raw_name) else str(raw_name)
        values = {j: frame.iat[i, j] for j in date_columns}
        if not name.strip() and all(pd.isna(v) for v in values.values()):
            ctx.reject(result, where(i), "blank row: no force name and no figures "
                                         "(side notes such as 'Source: Home Office' included)")
            continue
        if footnotes_started or re.match(r"^\s*(\d+\.?\s+\S|notes?$|\*\s)", name, flags=re.I):
            footnotes_started = True
            ctx.reject(result, where(i), "notes and footnotes below the table")
            continue
        clean = re.sub(r"(?<=[A-Za-z])\d+$", "", name.strip())  # 'Wiltshire2': footnote digit glued on
        key = normalise(clean)
        if not expected and key in region_by_name:
            open_region = region_by_name[key]
            expected = set(regions[open_region])
            region_values = {j: parse_fte(v, ctx.file, where(i), markers) for j, v in values.items()}
            member_sums = {j: 0.0 for j in values}
            ctx.reject(result, where(i), f"region subtotal ({open_region}): checked against its forces")
            continue
        if key.startswith("total"):
            published = {j: parse_fte(v, ctx.file, where(i), markers) for j, v in values.items()}
            if key == "total 43 forces":
                for j, count in published.items():
                    rebuilt = round(sum(f[j] for f in all_forces.values() if f["kind"] == "territorial"), 2)
                    ctx.check(result, where(i), f"{sheet} Total 43 forces ({date_columns[j]})",
                              round(count.value, 2), rebuilt, f"{worker_type}: sum of the 43 force rows")
            ctx.reject(result, where(i), f"{clean}: total row, not a force")
            continue
        if clean in opts.get("not_forces", []):
            ctx.reject(result, where(i), f"{clean}: not a police force (listed under x-reader.not_forces)")
            continue
        force_id = ctx.vocab.forces.resolve(clean, ctx.file, where(i))
        if expected:
            if force_id not in expected:
                raise InputError(ctx.file, where(i), f"{clean!r} is not a force of the region {open_region!r} "
                                                    f"(expected one of {sorted(expected)})")
            expected.discard(force_id)
        kind = ctx.vocab.forces.kind_of(force_id)
        if force_id in all_forces:
            raise InputError(ctx.file, where(i), f"force {clean!r} appears twice in {sheet}")
        all_forces[force_id] = {"kind": kind}
        for j, cell in values.items():
            count = parse_fte(cell, ctx.file, where(i), markers)
            all_forces[force_id][j] = count.value or 0.0
            if open_region and force_id in regions[open_region]:
                member_sums[j] += count.value or 0.0
            result.add("workforce", {
                "resource": ctx.name, "raw_row": where(i), "source_id": ctx.source_id, "force_id": force_id,
                "as_at": date_columns[j].isoformat(), "worker_type": worker_type, "fte": count.value,
                "status": count.status, "status_detail": count.detail, "release": opts["release"]})
        if open_region and not expected:
            for j, region_count in region_values.items():
                ctx.check(result, where(i), f"{sheet} region {open_region} ({date_columns[j]})",
                          round(region_count.value or 0.0, 2), round(member_sums[j], 2),
                          f"{worker_type}: region row against the sum of its forces")
            open_region = None
    if expected:
        raise InputError(ctx.file, sheet, f"region {open_region!r} ended before listing {sorted(expected)}")


READERS = {
    "table": read_table,
    "grid": read_grid,
    "incidents": read_incidents,
    "questions": read_questions,
    "ranks": read_ranks,
    "workforce_ods": read_workforce_ods,
}
