"""Force rankings: each force's total for a period (the 2016 report's, or an answer to this project's FOI
requests), ranks among the known totals with each force's possible range, and coverage of the forces."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from police_breaches.analysis.processed import BBW_UNIT, within
from police_breaches.sources.vocab import ForceRegister


def ranking_units() -> list[str]:
    """The units a total may be ranked in, the 2016 report's first (config/choices.yml)."""
    from police_breaches.core import paths, strict_yaml

    return strict_yaml.load(paths.at(CHOICES).read_text(encoding="utf-8"))["ranking"]["units_in_order"]


def answered(frame: pd.DataFrame) -> pd.Series:
    """Which rows' totals come from answers to this project's own FOI requests (foi.py), not from the 2016
    report: their unit is not the report's. All False for a table without units."""
    if "unit" not in frame:
        return pd.Series(False, index=frame.index)
    return frame["unit"] != ranking_units()[0]


def force_totals(observations: pd.DataFrame, register: ForceRegister, start: str, end: str) -> pd.DataFrame:
    """Per-force totals whose period lies inside [start, end], in a unit the ranking takes (config/choices.yml):
    the 2016 report's, or an answer to this project's own FOI request that gives a figure ('nil' is 0) for the
    whole period, for a force the report does not list. Two such answers for one force stop the build."""
    from police_breaches.core.errors import InputError
    from police_breaches.core.paths import MANIFEST_NAME

    report, answers = report_and_answers(observations, start, end)
    twice = answers[answers["force_id"].duplicated(keep=False)]
    if len(twice):
        force_id = twice["force_id"].iloc[0]
        given = twice[twice["force_id"] == force_id]
        raise InputError(MANIFEST_NAME, None, f"two answers give {register.name_of(force_id)}'s total for {start} to "
                         f"{end}: {' and '.join(f'{r.resource} ({int(r.value):,})' for r in given.itertuples())}; "
                         "keep one (remove the other resource, its file and its row in data/raw/sources.csv)")
    # A force in the report's table already (a figure, or one it did not reveal to Big Brother Watch, which is
    # then no part of the national figure the ranges add up to) keeps the report's row; its answer is shown on
    # its page, in its own unit, unranked.
    answers = answers[~answers["force_id"].isin(report["force_id"])]
    rows = pd.concat([report, answers])
    table = rows[["force_id", "value", "status", "status_detail", "source_id", "period_start", "period_end",
                  "unit", "resource"]].copy()
    table.insert(1, "force", table["force_id"].map(register.name_of))
    return table.sort_values(["value", "force"], ascending=[False, True], na_position="last").reset_index(drop=True)


def known_scope(published: int, from_answers: int) -> str:
    """'13 totals published in the 2016 report', and '… and 1 from this project's FOI answers': the words for
    the forces a ranking is made of, wherever a page names them."""
    text = f"{published} {'total' if published == 1 else 'totals'} published in the 2016 report"
    return text + (f" and {from_answers} from this project's FOI answers" if from_answers else "")


def report_and_answers(observations: pd.DataFrame, start: str, end: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The 2016 report's per-force totals inside [start, end], and every answer to this project's requests that
    gives a force's total for exactly [start, end] (by itself, or by years that add up to it; 'nil' is 0)."""
    units = ranking_units()
    rows = within(observations, start, end)
    rows = rows[(rows["breakdown"] == "total") & (rows["scope"] == "force") & rows["unit"].isin(units)]
    report = rows[rows["unit"] == units[0]]
    answers = pd.concat([rows[(rows["unit"] != units[0]) & (rows["period_start"] == start) & (rows["period_end"] == end)
                              & rows["status"].isin(["reported", "nil"])],
                         yearly_sums(rows[rows["unit"] != units[0]], start, end)]).copy()
    answers.loc[answers["status"] == "nil", "value"] = 0
    answers["status"] = "reported"
    return report, answers


def yearly_sums(answers: pd.DataFrame, start: str, end: str) -> pd.DataFrame:
    """An answer that gives its total by year (the requests ask for figures by year), where its years cover
    [start, end] exactly: one row, their sum, for the whole period, saying so in its period label."""
    summed = []
    for (_, _force_id), group in answers[answers["status"].isin(["reported", "nil"])].groupby(["resource", "force_id"]):
        periods = list(zip(group["period_start"], group["period_end"]))
        if (start, end) in periods or not tiles(periods, start, end):
            continue
        row = group.iloc[0].to_dict()
        years = "; ".join(f"{p}: {int(v)}" for p, v in zip(group["period_label"], group["value"].fillna(0)))
        summed.append({**row, "period_start": start, "period_end": end, "status": "reported",
                       "value": int(group["value"].fillna(0).sum()),
                       "status_detail": f"the sum of the {len(group)} figures by year the force gave ({years})"})
    return pd.DataFrame(summed, columns=answers.columns).astype(answers.dtypes)  # an empty one keeps the types


TIES = {"min": "equal counts share the higher rank: 1, 2, 2, 4", "dense": "equal counts share a rank, with no gap "
        "after: 1, 2, 2, 3", "max": "equal counts share the lower rank: 1, 3, 3, 4"}


def rank(totals: pd.DataFrame, ties: str = "min") -> pd.DataFrame:
    """Rank only the forces with a figure; ``ties`` is pandas' method ('min': 1, 2, 2, 4; 'dense': 1, 2, 2, 3)."""
    ranked = totals.copy()
    ranked["rank"] = ranked["value"].astype("Float64").rank(method=ties, ascending=False).astype("Int64")
    return ranked


def with_ranges(ranked: pd.DataFrame, published_ranks: pd.DataFrame, register: ForceRegister,
                national_total: int | None) -> pd.DataFrame:
    """The ranking with, for each force with a published total, the best and worst rank it can hold among all
    the forces that answered (ranges.py), under the main assumption and with the special forces answering too."""
    from police_breaches.analysis import ranges
    from police_breaches.sources.consistency import limit

    table = ranked.copy()
    for assumption, suffix in ((ranges.MAIN, ""), ("with special forces", "_with_special_forces")):
        found = ranges.rank_ranges(ranges.facts(ranked, published_ranks, register, national_total, assumption),
                                   int(limit("largest_count")))
        table = table.merge(found.rename(columns={c: f"{c}{suffix}" for c in ("best", "worst", "of")}),
                            on="force_id", how="left")
    counts = [f"{c}{suffix}" for c in ("best", "worst", "of") for suffix in ("", "_with_special_forces")]
    table[counts] = table[counts].astype("Int64")  # ranks are whole numbers in the CSV too, never 44.0
    table["possible_rank"] = [ranges.words(b, w) for b, w in zip(table["best"], table["worst"])]
    return table


def campaign_effect(totals: pd.DataFrame, ranked: pd.DataFrame, published_ranks: pd.DataFrame,
                    register: ForceRegister, national_total: int | None, ties: str) -> pd.DataFrame:
    """How this project's own FOI answers moved each force's range of ranks: the ranking rebuilt from the
    report's totals alone, beside the ranking with the answers (``ranked``). A new fact can only narrow a range."""
    report_only = totals[~answered(totals)]
    before = with_ranges(rank(report_only, ties=ties), published_ranks, register, national_total).set_index("force_id")
    after = ranked.set_index("force_id")
    rows = []
    for force_id, row in after[after["best"].notna()].iterrows():
        known = force_id in before.index and pd.notna(before.at[force_id, "best"])
        width = lambda t, f=force_id: int(t.at[f, "worst"]) - int(t.at[f, "best"])  # noqa: E731
        rows.append({"force": row["force"], "breaches": int(row["value"]), "unit": row["unit"], "possible_rank_before":
                     before.at[force_id, "possible_rank"] if known else "not known",
                     "possible_rank": row["possible_rank"], "narrowed_by": width(before) - width(after) if known else pd.NA})
    return pd.DataFrame(rows, columns=["force", "breaches", "unit", "possible_rank_before", "possible_rank", "narrowed_by"]
                        ).astype({"narrowed_by": "Int64"})


def national_figure(observations: pd.DataFrame, start: str, end: str) -> int | None:
    """Big Brother Watch's national total for the period, if one is published (sources that give it agree, or
    the clean step stops: consistency.py)."""
    rows = within(observations, start, end)
    rows = rows[(rows["scope"] != "force") & (rows["breakdown"] == "total") & (rows["unit"] == BBW_UNIT)]
    values = rows["value"].dropna().unique()
    return int(values[0]) if len(values) == 1 else None


def total_periods(observations: pd.DataFrame) -> list[tuple[str, str]]:
    """The periods for which per-force totals of the 2016 report's kind are published."""
    rows = observations[(observations["scope"] == "force") & (observations["breakdown"] == "total")
                        & (observations["unit"] == BBW_UNIT) & (observations["status"] == "reported")]
    return sorted(set(zip(rows["period_start"], rows["period_end"])))


def coverage(totals: pd.DataFrame, register: ForceRegister, national_total: int | None,
             published: list[tuple[str, str]] = ()) -> dict:
    """How much of the national total the per-force figures account for, which forces are missing, and the
    periods (``published``: total_periods) for which per-force totals exist at all."""
    known = totals[totals["status"] == "reported"]
    withheld = totals[totals["status"] != "reported"]
    territorial = register.territorial()
    missing = territorial[~territorial["force_id"].isin(totals["force_id"])]
    known_sum = int(known["value"].sum())
    return {
        "forces_with_figure": len(known),
        # of them, from answers to this project's own FOI requests (foi.py), not from the 2016 report
        "from_answers": int(answered(known).sum()),
        "territorial_forces": len(territorial),
        "known_sum": known_sum,
        "national_total": national_total,
        "share_of_national": known_sum / national_total if national_total else None,
        "not_attributable": national_total - known_sum if national_total else None,
        "withheld": withheld["force"].tolist(),
        "missing": missing["name"].tolist(),
        "published_periods": list(published),
    }


CHOICES = "config/choices.yml"


def admit_answers(report: pd.DataFrame, answers: pd.DataFrame, published_ranks: pd.DataFrame, register,
                  national: int | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The report's totals with each answer that can hold with every published fact (one at a time, by force):
    an answer that would bring the known totals above the national figure, or that no ranking allows with the
    ranks the press published, is set aside with why."""
    from police_breaches.analysis import ranges
    from police_breaches.sources.consistency import limit

    admitted, unranked = report, []
    for row in answers.sort_values("force_id").itertuples(index=False):
        trial = pd.concat([admitted, pd.DataFrame([row._asdict()])], ignore_index=True)
        known = trial[trial["status"] == "reported"]
        if national is not None and int(known["value"].sum()) > national:
            unranked.append({**row._asdict(), "why": f"with it the known totals come to {int(known['value'].sum()):,}, "
                                                     f"more than the {national:,} all the forces reported"})
            continue
        facts_ = ranges.facts(rank(trial), published_ranks, register, national)
        if ranges.rank_range(facts_, row.force_id, int(limit("largest_count")))[0] is None:
            unranked.append({**row._asdict(), "why": "no ranking of the forces fits it with the ranks the press "
                                                     "published and the national figure"})
            continue
        admitted = trial
    return admitted, pd.DataFrame(unranked, columns=[*answers.columns, "why"])


def tiles(periods: list[tuple[str, str]], start: str, end: str) -> bool:
    """Whether the periods, in order, cover [start, end] exactly: no gap, no overlap, nothing outside."""
    ordered = sorted(periods)
    if not ordered or ordered[0][0] != start or ordered[-1][1] != end:
        return False
    return all(date.fromisoformat(a_end) + timedelta(days=1) == date.fromisoformat(b_start)
               for (_, a_end), (b_start, _) in zip(ordered, ordered[1:]))
