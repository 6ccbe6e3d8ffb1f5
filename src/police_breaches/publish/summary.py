"""The summary's findings, each a sentence whose numbers are read from the tables the notebooks wrote.

Every sentence copes with what a parameter can leave empty (a period with no per-force figure, a force with
no rate, a year with no category breakdown) by saying so, rather than failing or guessing.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from police_breaches.analysis.rankings import answered
from police_breaches.core import paths
from police_breaches.core.text import md, ordinal
from police_breaches.publish.sentences import rate_scope

TABLES = {
    "ranking": {"value": "Int64", "rank": "Int64"},
    "coverage": {},
    "rates": {"rate_rank": "Int64", "count_rank": "Int64", "rank": "Int64", "value": "Int64", "workforce_fte": "float64",
              "per_1000_fte": "float64", "per_1000_fte_low": "float64", "per_1000_fte_high": "float64",
              "per_1000_fte_per_year": "float64"},
    "categories": {"value": "Int64"},
    "no_formal_action": {},
    "outcomes": {},
    "reproduction": {},
    "data_quality": {},
    "row_accounting": {},
}


def read_tables(folder: Path | None = None, names=None) -> dict[str, pd.DataFrame]:
    """The tables in TABLES (or just ``names``), read back with their types (default: data/processed)."""
    folder = paths.at(folder or paths.PROCESSED)

    def read(name: str, types: dict) -> pd.DataFrame:
        return pd.read_csv(folder / f"{name}.csv", keep_default_na=False,
                           na_values={column: [""] for column in types}, dtype={"raw_row": str, **types})
    return {name: read(name, TABLES[name]) for name in (names or TABLES)}


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
        return (f"**{' and '.join(tied['force'].map(md))} reported {leader['value']:,} data breaches each** {when}, "
                f"the most among forces with a published total.")
    text = f"**{md(leader['force'])} reported {leader['value']:,} data breaches** {when}"
    if len(known) == 1:
        return text + ", the only force with a published total."
    runner = known.iloc[1]
    return (text + f", {leader['value'] / runner['value']:.1f} times as many as the next force with a published "
                   f"total ({md(runner['force'])}, {runner['value']:,}).")


def coverage_finding(tables: dict) -> str:
    row = tables["coverage"].iloc[0]
    known = int(row["forces_with_figure"])
    answers = int(row["from_answers"]) if "from_answers" in row and str(row["from_answers"]) not in ("", "nan") else 0
    text = (f"**Only {known} of {int(row['territorial_forces'])} territorial forces' totals are known"
            + (f" ({answers} of them from this project's own FOI answers).**" if answers else ".**"))
    if row["national_total"] != "":
        text += (f" Together they account for {int(row['known_sum']):,} of the at least {int(row['national_total']):,} "
                 f"breaches Big Brother Watch counted ({100 * float(row['share_of_national']):.0f}%); other forces "
                 "may rank among them.")
    return text


def rate_finding(tables: dict, force_id: str, force_name: str) -> str:
    all_rates = tables["rates"]
    rates = all_rates.dropna(subset=["rate_rank"])
    if rates.empty:
        return ("**No rate per member of the workforce can be given**: no force has both a published total in this period "
                "and a workforce figure at the date chosen.")
    ordered = rates.sort_values("per_1000_fte", ascending=False)
    top = ordered[ordered["per_1000_fte"].round(1) == round(ordered["per_1000_fte"].iloc[0], 1)]
    within = rate_scope(len(rates))
    highest = (f"{within}, {' and '.join(top['force'].map(md))} "
               f"{'has' if len(top) == 1 else 'share'} the highest rate ({top['per_1000_fte'].iloc[0]:.1f})")
    mine = rates[rates["force_id"] == force_id]
    if mine.empty:
        unrated = all_rates[all_rates["force_id"] == force_id]
        why = (f"no rate: the Home Office gives no figure for {unrated['workforce_missing'].iloc[0]} at the date "
               "chosen" if len(unrated) else "no published total in this period, so no rate")
        return f"**{md(force_name)} has {md(why)}.** {_first_up(highest)}."
    row = mine.iloc[0]
    changes = "changes" if int(row["rate_rank"]) != int(row["count_rank"]) else "holds"
    return (f"**Per member of the workforce, the order {changes}:** {md(force_name)} has {row['per_1000_fte']:.1f} breaches "
            f"per 1,000 full-time-equivalent workforce (95% interval {row['per_1000_fte_low']:.1f}–"
            f"{row['per_1000_fte_high']:.1f}): {ordinal(row['rate_rank'])} by rate and {ordinal(row['count_rank'])} by "
            f"count {within}; {highest}.")


def _first_up(text: str) -> str:
    return text[:1].upper() + text[1:]


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
    return f"**In {year} {md(force)} had {int(counted['value'].sum())} {md(unit)}**; {largest}."


VERDICTS = {  # verdict: (one, several)
    "match": ("is rebuilt exactly", "are rebuilt exactly"),
    "cannot be rebuilt": ("cannot be rebuilt from what was published (with its reason)",
                          "cannot be rebuilt from what was published (each with its reason)"),
    "partial breakdown": ("is a partial breakdown that was never meant to add up",
                          "are partial breakdowns that were never meant to add up"),
    "overlapping": ("is a set of outcome figures that overlap, or count people rather than breaches",
                    "are sets of outcome figures that overlap, or count people rather than breaches"),
    "differs": ("differs", "differ"),
}


def reproduction_finding(tables: dict) -> str:
    reproduction = tables["reproduction"]
    if reproduction.empty:
        return "**Reproduction:** no published figure falls within the period chosen."
    verdicts = reproduction["verdict"].value_counts()
    parts = [f"{verdicts.get(v, 0) or 'none'} {words[0] if verdicts.get(v, 0) == 1 else words[1]}"
             for v, words in VERDICTS.items() if verdicts.get(v, 0) or v == "differs"]
    return f"**Reproduction:** of {len(reproduction)} published figures, " + ", ".join(parts[:-1]) + f" and {parts[-1]}."


def quality_finding(tables: dict) -> str:
    accounting, quality, rates = tables["row_accounting"], tables["data_quality"], tables["rates"]
    mismatches = quality[quality["result"] == "mismatch"]
    revised = quality[quality["result"] == "revised"]
    as_at = rates["workforce_as_at"].iloc[0] if "workforce_as_at" in rates and len(rates) else None
    touching = revised["check"].str.contains(f" at {as_at} ", regex=False).sum() if as_at else 0
    kinds = []
    if len(mismatches):
        kinds.append(f"{len(mismatches)} between tables or totals that should agree")
    if len(revised):
        when = f"{pd.Timestamp(as_at).day} {pd.Timestamp(as_at):%B %Y}" if as_at else "the date the rates use"
        kinds.append(f"{len(revised)} Home Office revisions of workforce figures, "
                     + (f"none at {when}, the date the rates use" if not touching else f"{touching} at {when}, the date "
                        "the rates use"))
    return (f"**Data quality:** {accounting['rows_in'].sum():,} raw rows from {len(accounting)} files, all accounted "
            f"for; {len(quality):,} checks, of which {len(mismatches) + len(revised)} found the sources disagreeing "
            f"(kept as published){': ' + '; '.join(kinds) if kinds else ''}.")


def headline(tables: dict, name_of) -> pd.DataFrame:
    """The four figures a reader sees first, each with what it counts: empty where a parameter leaves none."""
    rows = []
    coverage = tables["coverage"].iloc[0]
    when = _period(tables["coverage"]).replace("between ", "").replace(" and ", " – ")
    if coverage["national_total"] != "":
        rows.append((f"At least {int(coverage['national_total']):,}",
                     f"data breaches by police officers and staff, {when}, at the forces that answered Big Brother "
                     "Watch"))
    ranking = tables["ranking"]
    known = ranking[ranking["rank"].notna()].sort_values(["rank", "force"])
    if len(known):
        leaders = known[known["value"] == known["value"].iloc[0]]
        first = leaders.iloc[0]
        place = (f" (it ranks {first['possible_rank']} of the {int(first['of'])} forces assumed to have answered)"
                 if len(leaders) == 1 and "possible_rank" in first and pd.notna(first["of"]) else "")
        kind = "known" if answered(known).any() else "published"
        rows.append((f"{int(known['value'].iloc[0]):,}", f"at {' and '.join(leaders['force'])}, {when}: the most "
                                                         f"of the {len(known)} forces with a {kind} total{place}"))
    if int(coverage["forces_with_figure"]):
        answers = int(answered(known).sum())
        rows.append((f"{int(coverage['forces_with_figure'])} of {int(coverage['territorial_forces'])}",
                     f"territorial forces have a {'known' if answers else 'published'} total for {when}"
                     + (f" ({answers} from this project's FOI answers)" if answers else "")
                     + f": {int(coverage['known_sum']):,} breaches"
                     + (f" ({100 * float(coverage['share_of_national']):.0f}% of all)"
                        if coverage["national_total"] != "" else "")))
    else:
        rows.append(("None", f"of the {int(coverage['territorial_forces'])} territorial forces has a published total "
                             f"for {when}"))
    categories = tables["categories"]
    counted = categories[categories["value"].notna()]
    if len(counted):
        rows.append((f"{int(counted['value'].sum()):,}", f"{counted['unit'].iloc[0]} at "
                     f"{name_of(counted['force_id'].iloc[0])} in {int(counted['year'].iloc[0])}"))
    return pd.DataFrame(rows[:4], columns=["figure", "label"])


def findings(tables: dict, force_id: str, name_of) -> list[str]:
    """``name_of`` turns a force id into its name (the force register's ``name_of``)."""
    return [ranking_finding(tables), coverage_finding(tables), rate_finding(tables, force_id, name_of(force_id)),
            outcome_finding(tables), category_finding(tables, name_of), reproduction_finding(tables),
            quality_finding(tables)]
