"""What a force's page draws, as the report draws it: the report's outcome chart of the force and its chart of a
year by category, kept in the force's profile so the page draws the same chart from the same facts."""

from __future__ import annotations

import re

import pandas as pd

from police_breaches.analysis import processed
from police_breaches.analysis.context import grid_resources
from police_breaches.analysis.views import Facts
from police_breaches.publish.charts import source_line

OUTCOME_COLUMNS = ["body", "outcome", "outcome_name", "formal_action", "value", "denominator", "share", "counts",
                   "note", "source_id"]


def outcomes(scale: pd.DataFrame, summary: pd.DataFrame, manifest: dict) -> dict | None:
    """The force's outcome breakdown on the project's scale, as the report's chart of it draws it (None: none)."""
    if scale.empty:
        return None
    return {"breakdown": scale[OUTCOME_COLUMNS].to_dict("records"),
            "summary": {k: (v.item() if hasattr(v, "item") else v) for k, v in summary.iloc[0].items()},
            "source": source_line(scale["source_id"], manifest)}


def categories(force_id: str, observations: pd.DataFrame, manifest: dict, facts: Facts,
               category_names: pd.DataFrame) -> list[dict]:
    """Each calendar year the force's breaches are published by category as a list (a grid of years is shown as
    a table instead), with the breakdown the report's category section would chart for that force and year."""
    from police_breaches.analysis import breakdowns

    grids = set(grid_resources(manifest))
    mine = observations[(observations["force_id"] == force_id) & (observations["breakdown"] == "category")
                        & ~observations["resource"].isin(grids)]
    sizes = mine.groupby("period_label").size()
    found = []
    for year in sorted(int(label) for label, size in sizes.items() if re.fullmatch(r"\d{4}", str(label)) and size > 1):
        drawn = facts.categories(force_id, year, category_names, breakdowns.units_in_order(),
                                   processed.publication_dates(manifest))[0]
        if len(drawn):
            found.append({"year": year, "breakdown": drawn.to_dict("records"), "in_all": drawn.attrs.get("in_all"),
                          "source": source_line(drawn["source_id"], manifest),
                          "caveats": processed.caveats_for(force_id, drawn["resource"].unique())})
    return found
