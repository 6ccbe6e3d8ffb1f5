"""One force's every published series, each in its own unit and period, with the notes that set it in
context."""

from __future__ import annotations

import pandas as pd

BREAKDOWN_PREFERENCE = ["total", "month", "staff_group", "category", "outcome"]


def context_series(observations: pd.DataFrame, force_id: str, titles: dict[str, str]) -> pd.DataFrame:
    """Every published series for one force, one per source and counting unit, as totals per period.

    Where one answer gives the same cases several ways (by month, by rank, by type), the first of
    ``BREAKDOWN_PREFERENCE`` is used; the disagreement between them is in the data-quality table.
    """
    rows = observations[(observations["force_id"] == force_id) & (observations["status"].isin(["reported", "nil"]))]
    rows = rows[rows["breakdown"] != "incident_period"]
    panels = []
    for (source_id, unit), group in rows.groupby(["source_id", "unit"], sort=False):
        breakdown = next((b for b in BREAKDOWN_PREFERENCE if b in set(group["breakdown"])), None)
        if breakdown is None:
            continue
        chosen = group[group["breakdown"] == breakdown].copy()
        if breakdown == "month":
            chosen["period_start"] = chosen["period_start"].str[:4] + "-01-01"
            chosen["period_end"] = chosen["period_end"].str[:4] + "-12-31"
        summed = chosen.groupby(["period_start", "period_end"], as_index=False).agg(
            value=("value", "sum"), resource=("resource", "first"),
            part_period=("part_period", lambda p: next((x for x in p if x), "")))
        if breakdown == "outcome" and len(chosen["outcome"].unique()) > 1:
            continue  # outcomes of some cases are not a count of all cases
        summed["source_id"], summed["unit"] = source_id, unit
        panels.append(summed)
    if not panels:
        return pd.DataFrame(columns=["panel", "unit", "period_label", "period_start", "period_end", "part_period",
                                     "value", "source_id", "resource"])
    series = pd.concat(panels, ignore_index=True)
    series["value"] = series["value"].astype(int)
    series["period_label"] = [_period_label(s, e) + (" (part)" if part else "")
                              for s, e, part in zip(series["period_start"], series["period_end"], series["part_period"])]
    series["panel"] = [f"{u[:1].upper()}{u[1:]}: {titles.get(r, r)}" for u, r in zip(series["unit"], series["resource"])]
    series = series.sort_values(["period_start", "period_end"]).reset_index(drop=True)
    first_seen = series.groupby("panel")["period_start"].transform("min")
    series = series.assign(_first=first_seen).sort_values(["_first", "panel", "period_start"]).drop(columns="_first")
    return series[["panel", "unit", "period_label", "period_start", "period_end", "part_period", "value", "source_id",
                   "resource"]].reset_index(drop=True)

MARKERS = ["*", "†", "‡", "§", "¶", "#"]


def annotate_series(series: pd.DataFrame, observations: pd.DataFrame, manifest: dict) -> tuple[pd.DataFrame, list[str]]:
    """Footnote markers for bars a reader must not take at face value, and the footnotes.

    A year that was not over when the answer was given is incomplete. A year an answer gives several ways
    (by month, by type, by rank) with different totals shows the table charted and the others.
    """
    grids = set(grid_resources(manifest))
    notes: dict[tuple[int, str], str] = {}
    for index, bar in series.iterrows():
        parts = []
        if bar["part_period"]:
            parts.append(f"a part year ({bar['part_period']})")
        if bar["resource"] in grids:
            same = observations[(observations["source_id"] == bar["source_id"]) & (observations["unit"] == bar["unit"])
                                & observations["resource"].isin(grids)
                                & (observations["period_start"].str[:4] == bar["period_start"][:4])]
            sums = same.groupby("resource", sort=True).agg(value=("value", "sum"), breakdown=("breakdown", "first"))
            if sums["value"].nunique() > 1:
                parts.append("its tables give " + ", ".join(f"{int(row.value)} by {row.breakdown.replace('_', ' ')}"
                                                            for row in sums.itertuples())
                             + f" (the chart shows the table by {sums.loc[bar['resource'], 'breakdown'].replace('_', ' ')})")
        if parts:
            notes[index] = f"{bar['period_label']}: " + "; ".join(parts)
    markers = {text: MARKERS[i % len(MARKERS)] * (1 + i // len(MARKERS)) for i, text in enumerate(dict.fromkeys(notes.values()))}
    series = series.assign(marker=[markers.get(notes.get(i), "") for i in series.index])
    return series, [f"{marker} {text}." for text, marker in markers.items()]


def grid_resources(manifest: dict) -> list[str]:
    """Resources published as tables of rows × years (one FOI answer's cases by month, by type, by rank)."""
    return [r["name"] for r in manifest["resources"] if r.get("x-reader", {}).get("shape") == "grid"]


def _period_label(start: str, end: str) -> str:
    s, e = pd.Timestamp(start), pd.Timestamp(end)
    if s.month == 1 and s.day == 1 and e.month == 12 and e.day == 31:
        return f"{s.year}" if s.year == e.year else f"{s.year}–{e.year}"
    return f"{s:%b %Y} – {e:%b %Y}"  # spaced, so a narrow chart wraps it at the dash, not inside a word
