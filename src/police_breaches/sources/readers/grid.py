"""The ``grid`` shape: rows × years (month × year, category × year, rank × year), optionally with a Total
row. Its options are declared in ``config/shapes.yml`` under ``grid``."""

from __future__ import annotations

import calendar
import re
from datetime import date

from police_breaches.core.errors import InputError, shown
from police_breaches.core.text import normalise
from police_breaches.sources.parsing import MONTHS, Period, parse_count
from police_breaches.sources.readers.base import Context, ReadResult, force_of, labelled, period_fields, read_csv_strict


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
    force_id = force_of(ctx, {"_row": 1})
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
                row, force_id=force_id, scope="force", **period_fields(period), unit=opts["unit"],
                **labelled(breakdown, label, canonical), staff_group=canonical if breakdown == "staff_group" else "all",
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
