"""One fact, and the table of them: the key, the columns, the measures a fact may have.

A fact is one figure about one subject (a force, or a group such as "all forces that answered") for one
period: a count, a place, a range of ranks, a rate with its interval, a part of a whole. It carries its unit,
its scope in words, its sources and caveats, and whether its period is only part of what it names. Its key
is ``KEY``: ``basis`` is the raw file a published figure was transcribed from, or the rule a derived figure
follows (``ranking``, ``rates``, ``outcomes``, …). A figure that is not known keeps a status saying why,
and no value.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from police_breaches.core import configuration
from police_breaches.sources.vocab import slug

KEY = ["subject", "measure", "label", "staff_group", "period_start", "period_end", "basis"]
COLUMNS = ["fact_id", *KEY, "kind", "subject_name", "value", "low", "high", "of", "unit", "scope", "period_label", "partial",
           "status", "status_detail", "canonical", "as_at", "resource", "sources", "caveats"]
FIGURES = ["value", "low", "high", "of"]
NATIONAL = "all_forces_that_answered"  # the subject of Big Brother Watch's national key findings
KNOWN = "forces_with_a_known_total"  # the forces a ranking is made of


@lru_cache(maxsize=1)
def _measures() -> pd.DataFrame:
    return pd.DataFrame(configuration.table("measures.csv")).drop(columns="_row").set_index("measure")


def measures() -> pd.DataFrame:
    """config/measures.csv: every measure a fact may have, whether its figures are whole numbers, and how it
    is written (count, place, rank range, rate, share, …)."""
    return _measures().copy()


# A published figure's measure is its breakdown, and a raw file may bring a breakdown of its own
# (`own_dimensions` in datapackage.json): such a figure is a whole count, as published.
OWN_BREAKDOWN = {"kind": "published", "number": "whole", "format": "count",
                 "what": "a figure of a breakdown a raw file declares itself, as published"}


def measure(name: str) -> dict:
    """One measure's declaration, or a raw file's own breakdown's."""
    declared = _measures()
    return declared.loc[name].to_dict() if name in declared.index else dict(OWN_BREAKDOWN)


def fact(subject: str, measure: str, start: str, end: str, basis: str, **fields) -> dict:
    """A derived fact's row (a published one sets ``kind``); what is not given is empty, and a figure given with
    no status is reported."""
    if "status" not in fields and any(fields.get(k) is not None and not pd.isna(fields.get(k)) for k in FIGURES):
        fields["status"] = "reported"
    return {"subject": subject, "measure": measure, "label": "", "staff_group": "all", "period_start": start,
            "period_end": end, "basis": basis, "kind": "derived", **fields}


def subject_of(force_id: str, scope: str) -> str:
    """A force's id, or the group a figure is about ('All forces that answered' → all_forces_that_answered)."""
    return force_id or slug(scope)


def table(rows: list[dict]) -> pd.DataFrame:
    """Rows as the facts table: every column, figures whole where their measure is, one row per key."""
    frame = pd.DataFrame(rows, columns=COLUMNS)
    text = [c for c in COLUMNS if c not in FIGURES]
    frame[text] = frame[text].astype(object).where(frame[text].notna(), "").astype(str)
    frame["fact_id"] = frame[KEY].agg("|".join, axis=1)  # the key in one column, for tools that join on one
    derived = set(frame.loc[frame["kind"] == "derived", "measure"])
    unknown = sorted(derived - set(measures().index))
    if unknown:  # a derived measure is the project's own: it says what it is
        raise ValueError(f"measures not declared in config/measures.csv: {', '.join(unknown)}")
    twice = frame[frame.duplicated(KEY, keep=False)]
    if len(twice):
        raise ValueError(f"two facts share a key: {twice[KEY].head(2).to_dict('records')}")
    return typed(frame).sort_values(KEY, kind="stable").reset_index(drop=True)


def typed(frame: pd.DataFrame) -> pd.DataFrame:
    """Figures as numbers: whole numbers (counts, places, ranks) as integers, never 488.0; others as floats."""
    whole = frame["measure"].map(lambda name: measure(name)["number"]).eq("whole")
    for column in FIGURES:
        numbers = pd.to_numeric(frame[column], errors="coerce").astype("float64")
        frame[column] = pd.Series([None if pd.isna(x) else int(round(x)) if w else float(x)
                                    for x, w in zip(numbers, whole)], index=frame.index, dtype=object)
    return frame
