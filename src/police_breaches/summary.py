"""The summary's findings, each a sentence whose numbers are read from the tables the notebooks wrote.

Every sentence copes with what a parameter can leave empty (a period with no per-force figure, a force with
no rate, a year with no category breakdown) by saying so, rather than failing or guessing.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .nb import md

TABLES = {
    "ranking": {"value": "Int64", "rank": "Int64"},
    "coverage": {},
    "rates": {"rate_rank": "Int64", "rank": "Int64"},
    "categories": {"value": "Int64"},
    "no_formal_action": {},
    "outcomes": {},
    "reproduction": {},
    "data_quality": {},
    "row_accounting": {},
}


def read_tables(folder: Path) -> dict[str, pd.DataFrame]:
    def read(name: str, types: dict) -> pd.DataFrame:
        return pd.read_csv(Path(folder) / f"{name}.csv", keep_default_na=False,
                           na_values={column: [""] for column in types}, dtype={"raw_row": str, **types})
    return {name: read(name, types) for name, types in TABLES.items()}


def _period(coverage: pd.DataFrame) -> str:
    row = coverage.iloc[0]
    start, end = pd.Timestamp(row["period_start"]), pd.Timestamp(row["period_end"])
    return f"between {start:%B %Y} and {end:%B %Y}"


def ranking_finding(tables: dict) -> str:
    ranking = tables["ranking"]
    known = ranking[ranking["rank"].notna()].sort_values(["rank", "force"])
    when = _period(tables["coverage"])
    if known.empty:
        return f"**No force has a published total {when}.**"
    leader = known.iloc[0]
    tied = known[known["value"] == leader["value"]]
    if len(tied) > 1:
        return (f"**{' and '.join(tied['force'])} reported {leader['value']:,} data breaches each** {when}, "
                f"the most among forces with a published total.")
    text = f"**{leader['force']} reported {leader['value']:,} data breaches** {when}"
    if len(known) == 1:
        return text + ", the only force with a published total."
    runner = known.iloc[1]
    return (text + f", {leader['value'] / runner['value']:.1f} times as many as the next force with a published "
                   f"total ({runner['force']}, {runner['value']:,}).")


def coverage_finding(tables: dict) -> str:
    row = tables["coverage"].iloc[0]
    known = int(row["forces_with_figure"])
    text = f"**Only {known} of {int(row['territorial_forces'])} territorial forces' totals are known.**"
    if row["national_total"] != "":
        text += (f" Together they account for {int(row['known_sum']):,} of the {int(row['national_total']):,} "
                 f"breaches Big Brother Watch counted ({100 * float(row['share_of_national']):.0f}%); other forces "
                 "may rank among them.")
    return text


def rate_finding(tables: dict, force_id: str, force_name: str) -> str:
    rates = tables["rates"].dropna(subset=["rate_rank"])
    if rates.empty:
        return "**No rate per member of staff can be given**: no force has a published total in this period."
    top = rates.sort_values("per_1000_fte", ascending=False).iloc[0]
    mine = rates[rates["force_id"] == force_id]
    highest = f"{top['force']} is highest at {top['per_1000_fte']:.1f}"
    if mine.empty:
        return (f"**{force_name} has no published total in this period, so no rate.** Among the "
                f"{len(rates)} forces with one, {highest}.")
    row = mine.iloc[0]
    return (f"**Per member of staff the order changes:** {force_name} has {row['per_1000_fte']:.1f} breaches "
            f"per 1,000 full-time-equivalent workforce (95% interval {row['per_1000_fte_low']:.1f}–"
            f"{row['per_1000_fte_high']:.1f}) and ranks {row['rate_rank']} by rate; {highest}.")


def outcome_finding(tables: dict) -> str:
    national = tables["no_formal_action"]
    national = national[national["body"] == "All forces that answered"]
    if national.empty:
        return "**No national outcome breakdown is published for this period.**"
    row = national.iloc[0]
    return (f"**{100 * float(row['share_no_formal_action']):.0f}% of the {int(row['denominator']):,} breaches "
            "nationally ended with no formal disciplinary action**, according to Big Brother Watch's key findings.")


def category_finding(tables: dict, name_of) -> str:
    categories = tables["categories"]
    counted = categories[categories["value"].notna()]
    if counted.empty:
        return "**No breakdown by category is published for the force and year chosen.**"
    top = int(counted["value"].max())
    leaders = counted.loc[counted["value"] == top, "label_as_published"].map(lambda label: f"*{md(label)}*").tolist()
    year, unit, force = int(counted["year"].iloc[0]), counted["unit"].iloc[0], name_of(counted["force_id"].iloc[0])
    which = " and ".join(leaders)
    largest = f"the largest category was {which} ({top})" if len(leaders) == 1 else \
        f"the largest categories were {which} ({top} each)"
    return f"**In {year} {force} had {int(counted['value'].sum())} {md(unit)}**; {largest}."


def reproduction_finding(tables: dict) -> str:
    reproduction = tables["reproduction"]
    verdicts = reproduction["verdict"].value_counts()
    return (f"**Reproduction:** of {len(reproduction)} published figures, {verdicts.get('match', 0)} are rebuilt exactly, "
            f"{verdicts.get('cannot be rebuilt', 0)} cannot be rebuilt from what was published (each with its reason), "
            f"{verdicts.get('partial breakdown', 0)} are partial breakdowns that were never meant to add up, and "
            f"{verdicts.get('differs', 0)} differ.")


def quality_finding(tables: dict) -> str:
    accounting, quality = tables["row_accounting"], tables["data_quality"]
    disagreements = quality[quality["result"] != "ok"]
    return (f"**Data quality:** {accounting['rows_in'].sum():,} raw rows from {len(accounting)} files, all accounted "
            f"for; {len(quality):,} checks, of which {len(disagreements)} found the sources disagreeing (kept as "
            "published).")


def findings(tables: dict, force_id: str, name_of) -> list[str]:
    """``name_of`` turns a force id into its name (the force register's ``name_of``)."""
    return [ranking_finding(tables), coverage_finding(tables), rate_finding(tables, force_id, name_of(force_id)),
            outcome_finding(tables), category_finding(tables, name_of), reproduction_finding(tables),
            quality_finding(tables)]
