"""Studies other than the 2016 report (config/studies.csv), each in its own terms: which raw files belong to
which study (x-reader.study in the manifest), and a study's figures as the facts table holds them.

A figure of a study is never ranked, summed or drawn on one axis with another study's figure: every function
here returns one study's figures, or a force's figures from several studies side by side, each with its own
unit, period and caveat.
"""

from __future__ import annotations

import pandas as pd

from police_breaches.analysis.fact import fact
from police_breaches.core import configuration
from police_breaches.sources import published_sums
from police_breaches.sources.vocab import slug

LATER_FROM = "2016-01-01"  # the day after the 2016 report's period (June 2011 – December 2015) ended


def studies() -> dict[str, dict]:
    """config/studies.csv, by study id."""
    return {row["study"]: row for row in configuration.table("studies.csv")}


def study_of(manifest: dict) -> dict[str, dict]:
    """Each raw file that belongs to a study (its name → the study's row)."""
    known = studies()
    return {entry["name"]: known[entry["x-reader"]["study"]] for entry in manifest["resources"]
            if "study" in entry["x-reader"]}


def resources(manifest: dict, kind: str) -> list[str]:
    """The raw files of the studies of one kind (earlier or later), in the manifest's order."""
    return [name for name, study in study_of(manifest).items() if study["kind"] == kind]


def figures(facts: pd.DataFrame, manifest: dict, kind: str = "later") -> pd.DataFrame:
    """The published facts of the studies of one kind, each with its study's id and name, in period order."""
    belongs = study_of(manifest)
    found = facts[(facts["kind"] == "published") & facts["basis"].isin(resources(manifest, kind))].copy()
    found["study"] = found["basis"].map(lambda basis: belongs[basis]["study"])
    found["study_name"] = found["basis"].map(lambda basis: belongs[basis]["name"])
    return found.sort_values(["period_start", "period_end", "basis"], kind="stable")


def answered(facts: pd.DataFrame, manifest: dict, study: str) -> int | None:
    """How many forces answered the study, where a figure of its own says (its answered_scope row)."""
    scope = studies()[study]["answered_scope"]
    if not scope:
        return None
    rows = figures(facts, manifest, studies()[study]["kind"])
    found = rows[(rows["study"] == study) & (rows["subject_name"] == scope)]
    return None if found.empty or pd.isna(found["value"].iloc[0]) else int(found["value"].iloc[0])


def lists(facts: pd.DataFrame, manifest: dict, smallest: int = 5) -> list[pd.DataFrame]:
    """Each later study's figures for one period and one measure across forces, where it gives at least
    ``smallest`` forces: the study's own list (VPNOverview's 2020), largest first as the press printed it, and
    never a ranking of all forces (only those the study listed are in it)."""
    rows = figures(facts, manifest)
    rows = rows[rows["scope"] == "force"]
    found = []
    for _, group in rows.groupby(["basis", "period_start", "period_end", "label"], sort=False):
        if group["subject"].nunique() >= smallest:
            found.append(group.sort_values(["value", "subject_name"], ascending=[False, True], kind="stable"))
    return found


def whole_year(start: str, end: str) -> bool:
    """A calendar year (1 January – 31 December) or a financial year (1 April – 31 March)."""
    s, e = pd.Timestamp(start), pd.Timestamp(end)
    return ((s.month, s.day, e.month, e.day) == (1, 1, 12, 31) and s.year == e.year) or \
        ((s.month, s.day, e.month, e.day) == (4, 1, 3, 31) and e.year == s.year + 1)


def to_cite(figures: list[dict]) -> dict | None:
    """Of a force's later-study figures (each with start, end, value, label, period and study), the one a new
    request can cite so its answer can be set beside it: the latest whole year the force gave a number for."""
    years = [f for f in figures if f.get("study") and f.get("value") is not None and whole_year(f["start"], f["end"])]
    return max(years, key=lambda f: f["end"], default=None)


def cited_from(observations: pd.DataFrame, manifest: dict, force_id: str) -> dict | None:
    """:func:`to_cite` over the clean step's observations of one force (what `foi plan` reads)."""
    belongs = study_of(manifest)
    rows = observations[(observations["force_id"] == force_id)
                        & observations["resource"].isin([r for r, s in belongs.items() if s["kind"] == "later"])]
    return to_cite([{"start": r.period_start, "end": r.period_end, "label": r.label_as_published,
                     "period": r.period_label, "study": belongs[r.resource]["name"],
                     "value": None if pd.isna(r.value) else int(r.value)} for r in rows.itertuples(index=False)])


def sum_facts(observations: pd.DataFrame, manifest: dict) -> list[dict]:
    """Each figure a source publishes that should add up (config/published_sums.csv) as a fact: the parts' sum
    (value) beside the whole it should reach (of), over the period both sides cover, agreeing or not."""
    rows = []
    for spec, whole, parts in published_sums.sums(observations, {e["name"] for e in manifest["resources"]}):
        both = pd.concat([whole, parts])
        total, summed = int(whole["value"].sum()), int(parts["value"].sum())
        rows.append(fact(slug(spec["check"]), "published_sum", both["period_start"].min(), both["period_end"].max(),
                         "published_sums", label=spec["relation"], subject_name=spec["check"], value=summed, of=total,
                         unit=whole["unit"].iloc[0], scope=f"{len(parts)} figures against {len(whole)}",
                         status_detail="agree" if published_sums.agrees(spec, total, summed) else "the sources disagree",
                         sources="; ".join(dict.fromkeys(both["source_id"])), resource=spec["whole_resource"]))
    return rows


def list_facts(published: pd.DataFrame, manifest: dict) -> list[dict]:
    """How many forces each later study's list gives (value), of how many answered where it says (of)."""
    rows = []
    for found in lists(published, manifest):
        first = found.iloc[0]
        study = study_of(manifest)[first["basis"]]
        rows.append(fact(first["basis"], "forces_listed", first["period_start"], first["period_end"], first["basis"],
                         label=first["label"], subject_name=study["name"], value=found["subject"].nunique(),
                         of=answered(published, manifest, study["study"]), unit="forces", sources=first["sources"],
                         resource=first["basis"]))
    return rows
