"""How a page writes a fact's figure: one format per measure (config/measures.csv), so one figure is never
rounded two ways on two pages."""

from __future__ import annotations

import pandas as pd

from police_breaches.analysis.fact import measure
from police_breaches.core.text import ordinal

KNOWN = ("reported", "nil", "at_least")


def number(value, fmt: str) -> str:
    """A figure in a measure's format: '1,394', '3rd', '44.8', '10,901.38', '4.6', '2.4'."""
    if fmt == "count":
        return f"{int(value):,}"
    if fmt == "place":
        return ordinal(int(value))
    if fmt == "rate":
        return f"{float(value):.1f}"
    if fmt == "fte":
        return f"{float(value):,.2f}"
    if fmt in ("years", "times"):
        return f"{float(value):.1f}"
    if fmt == "per_officer":
        return f"{float(value):.2f}"
    raise ValueError(f"no single-number format {fmt!r}")


def percent(part: float, whole: float) -> str:
    """62.5%, 55.4%, 52.0%: always one decimal, so a share is written one way on every page and in every table."""
    return f"{100 * part / whole:.1f}%"


def written(fact: dict) -> str:
    """The fact's figure as every page writes it, with its range or interval; a figure not known says why."""
    from police_breaches.analysis.ranges import words

    fmt = measure(fact["measure"])["format"]
    value, low, high, of = (fact.get(k) for k in ("value", "low", "high", "of"))
    if fmt == "rank_range":
        if _missing(low):
            return "not known"
        return words(low, high) + ("" if _missing(of) else f" of {int(of)}")
    if _missing(value):
        return str(fact.get("status", "")).replace("_", " ") or "not known"
    text = number(value, fmt)
    if fmt == "place" and not _missing(of):
        text += f" of {int(of)}"
    elif fmt == "rate" and not _missing(low):
        text += f" ({number(low, fmt)}–{number(high, fmt)})"
    elif fmt == "count" and not _missing(of) and fact["measure"] in SHARES:
        text += f" of {int(of):,} ({percent(value, of)})"
    return ("at least " if fact.get("status") == "at_least" else "") + text


def _missing(figure) -> bool:
    """No figure: absent from the fact, or empty in its table."""
    return figure is None or pd.isna(figure)


SHARES = {"breaches", "outcome_on_the_scale", "no_formal_action", "not_classifiable"}  # a count out of a whole
