"""One force's published series in context: the footnotes that say which bars a reader must not take at face
value (the series themselves are facts: ``views.Facts.series``)."""

from __future__ import annotations

import pandas as pd

MARKERS = ["*", "†", "‡", "§", "¶", "#"]


def annotate_series(series: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Footnote markers for bars a reader must not take at face value, and the footnotes: a period that was not
    over when the answer was given, and a year one answer's tables give different totals for (each fact's
    caveat, as the facts step found it)."""
    notes: dict[int, str] = {}
    for index, bar in series.iterrows():
        parts = ([f"a part year ({bar['part_period']})"] if bar["part_period"] else []) \
            + ([bar["caveats"]] if bar["caveats"] else [])
        if parts:
            notes[index] = f"{bar['period_label']}: " + "; ".join(parts)
    markers = {text: MARKERS[i % len(MARKERS)] * (1 + i // len(MARKERS))
               for i, text in enumerate(dict.fromkeys(notes.values()))}
    series = series.assign(marker=[markers.get(notes.get(i), "") for i in series.index])
    return series, [f"{marker} {text}." for text, marker in markers.items()]


def grid_resources(manifest: dict) -> list[str]:
    """Resources published as tables of rows × years (one FOI answer's cases by month, by type, by rank)."""
    return [r["name"] for r in manifest["resources"] if r.get("x-reader", {}).get("shape") == "grid"]


def period_label(start: str, end: str) -> str:
    s, e = pd.Timestamp(start), pd.Timestamp(end)
    if s.month == 1 and s.day == 1 and e.month == 12 and e.day == 31:
        return f"{s.year}" if s.year == e.year else f"{s.year} – {e.year}"
    return f"{s:%b %Y} – {e:%b %Y}"  # spaced, so a narrow chart wraps it at the dash, not inside a word
