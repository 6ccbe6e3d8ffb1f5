"""The ``table`` shape: one row per figure (label, value, optional force, period, status and source columns).
Its options are declared in ``config/shapes.yml`` under ``table``."""

from __future__ import annotations

import re

from police_breaches.core.errors import InputError
from police_breaches.core.text import date_words
from police_breaches.sources.parsing import Period, parse_count, parse_day, parse_period
from police_breaches.sources.readers.base import (
    Context,
    ReadResult,
    constant_period,
    force_of,
    labelled,
    period_fields,
    read_csv_strict,
    scope_row,
)
from police_breaches.sources.vocab import slug


def _period_of(ctx: Context, record: dict) -> Period:
    column = ctx.options.get("period_column")
    if not column:
        return constant_period(ctx, record["_row"])
    wording = re.sub(r"\s+", " ", record[column]).strip()
    read_as = ctx.options.get("period_words", {}).get(wording)
    if read_as is not None:  # the source's own words for a period, read as the manifest says
        period = parse_period(read_as, "datapackage.json", None)
        return Period(period.start, period.end, wording, f"period as published: '{wording}', read as "
                      f"{date_words(period.start.isoformat())} to {date_words(period.end.isoformat())}")
    try:
        return parse_period(record[column], ctx.file, record["_row"])
    except InputError:
        if "study_period" not in ctx.options:
            raise
    study = parse_period(ctx.options["study_period"], "datapackage.json", None)
    return Period(study.start, study.end, wording, f"period as published: '{wording}'; the study's period is used")


# A figure written with the day its count stops: '42 (up to 28/05/2025)', '42 (to 28 May 2025)'.
UP_TO = re.compile(r"(?P<count>.*?)\s*\(\s*(?:up\s+)?to\s+(?P<day>[^()]+?)\s*\)", re.I)


def _up_to(ctx: Context, record: dict, period: Period) -> tuple[str, Period, str]:
    """A value cell that says the day its count stops (x-reader.value_up_to): the count's text, the period cut
    at that day (which must lie inside the row's period), and what a reader is told."""
    cell = record[ctx.options["value_column"]]
    found = UP_TO.fullmatch(cell.strip()) if ctx.options.get("value_up_to") else None
    if not found:
        return cell, period, ""
    day = parse_day(found["day"], ctx.file, record["_row"], column=ctx.options["value_column"])
    if not period.start <= day <= period.end:
        raise InputError(ctx.file, record["_row"], f"{cell.strip()!r} counts up to {date_words(day.isoformat())}, "
                                                   f"outside its period {period.label!r} "
                                                   f"({date_words(period.start.isoformat())} to "
                                                   f"{date_words(period.end.isoformat())})", column=ctx.options["value_column"])
    if day == period.end:
        return found["count"], period, ""
    cut = Period(period.start, day, f"{period.label} (to {date_words(day.isoformat())})", period.note)
    return found["count"], cut, f"counted up to {date_words(day.isoformat())}, as published ({cell.strip()!r})"


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
        cell, period, cut = _up_to(ctx, record, _period_of(ctx, record))
        count = parse_count(cell, ctx.vocab.statuses, ctx.file, row,
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
        result.add("observations", ctx.base(
            row, source_id=source_id, force_id=force_of(ctx, record),
            scope=scope_row(ctx, record) or opts.get("scope", "force"), **period_fields(period), unit=opts["unit"],
            **labelled(breakdown, label, canonical), staff_group=staff, value=count.value, status=count.status,
            status_detail=count.detail, note=_note(ctx, period), part_period=cut))
    return result


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
