"""The ``incidents`` shape: one row per incident (a date or a range, what happened, optionally the rank and
the outcome). Its options are declared in ``config/shapes.yml`` under ``incidents``."""

from __future__ import annotations

import pandas as pd

from police_breaches.core.errors import InputError
from police_breaches.sources.parsing import Period, parse_period
from police_breaches.sources.readers.base import Context, ReadResult, constant_period, read_csv_strict


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
        source_period = constant_period(ctx, None)
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
