"""The facts this project's FOI campaign adds (analysis/campaign.py): totals given by year, added up; answers
kept out of the ranking, and why; each force's answer beside what it told Big Brother Watch; how far the
answers narrowed the ranges; and where the requests stand."""

from __future__ import annotations

import re

import pandas as pd

from police_breaches.analysis import processed, rankings
from police_breaches.analysis.checks import REPRODUCTION_COLUMNS
from police_breaches.analysis.fact import fact

TOTALS = ["force_id", "force", "value", "status", "status_detail", "source_id", "period_start", "period_end", "unit",
          "resource"]  # a total's columns (rankings.force_totals), without what ranking adds


def campaign_facts(tables: dict, ranked: pd.DataFrame, register, national: int | None, ties: str,
                   period: tuple[str, str]) -> list[dict]:
    """Where this project's FOI answers added totals: each force's range from the report's totals alone, and
    how far the answers narrowed it."""
    if not rankings.answered(ranked[ranked["status"] == "reported"]).any():
        return []
    published_ranks = processed.within(tables["published_ranks"], *period)
    effect = rankings.campaign_effect(ranked[TOTALS], ranked, published_ranks, register, national, ties)
    answered = ranked.set_index("force_id")["of"]
    rows = []
    for row in effect.itertuples(index=False):
        force_id = register.resolve(row.force, "config/forces.csv", "")
        best, worst = rankings_before(row.possible_rank_before)
        rows.append(fact(force_id, "rank_range_report_only", *period, "ranking", subject_name=row.force, low=best,
                         high=worst, of=answered.get(force_id), status="reported" if best else "not_known",
                         scope="from the 2016 report's totals alone"))
        if pd.notna(row.narrowed_by):
            rows.append(fact(force_id, "narrowed_by", *period, "ranking", subject_name=row.force, value=row.narrowed_by,
                             unit="places", scope="by this project's FOI answers"))
    return rows


def answer_facts(observations: pd.DataFrame, unranked: pd.DataFrame, register, period: tuple[str, str]) -> list[dict]:
    """What this project's FOI answers give for the ranking's period: a total given by years, added up (the
    answer's own rows are its published figures); an answer kept out of the ranking, and why."""
    _, answers = rankings.report_and_answers(observations, *period)
    rows = [fact(row.force_id, "total", *period, row.resource, subject_name=register.name_of(row.force_id),
                 value=row.value, unit=row.unit, status="reported", status_detail=row.status_detail,
                 resource=row.resource, sources=row.source_id, caveats=row.status_detail)
            for row in answers.itertuples(index=False) if str(row.status_detail).startswith("the sum of ")]
    rows += [fact(row.force_id, "answer_not_ranked", *period, row.resource, subject_name=register.name_of(row.force_id),
                  status="not_ranked", status_detail=row.why, unit=row.unit, resource=row.resource, sources=row.source_id)
             for row in unranked.itertuples(index=False)]
    return rows


def answers_beside_the_report(observations: pd.DataFrame, register, period: tuple[str, str]) -> pd.DataFrame:
    """A force's answer to this project's request for the report's own period, beside the total it gave Big
    Brother Watch: a check row each (reproduction's columns), 'match' where they agree, 'sources disagree'
    where they do not (kept as published, flagged on the force's page)."""
    report, answers = rankings.report_and_answers(observations, *period)
    given = report[report["status"] == "reported"].set_index("force_id")
    rows = []
    for row in answers[answers["force_id"].isin(given.index)].itertuples(index=False):
        told = int(given.at[row.force_id, "value"])
        rows.append({"figure": f"{register.name_of(row.force_id)}: its answer to this project's request against the "
                               "2016 report", "published": f"{told:,}", "rebuilt": f"{int(row.value):,}",
                     "verdict": "match" if int(row.value) == told else "sources disagree",
                     "reason": f"the force's answer ({processed.resource_path(row.resource)}) gives {int(row.value):,} "
                               "for the same period "
                               f"and question; it told Big Brother Watch {told:,}"
                               + ("" if int(row.value) == told else ": kept as published, and not ranked"),
                     "source_id": row.source_id})
    return pd.DataFrame(rows, columns=REPRODUCTION_COLUMNS)


def request_facts(requests: pd.DataFrame) -> list[dict]:
    """How many requests this project's FOI campaign wrote and sent, and where they stand (label: an outcome
    campaign.STANDS names, worked out from each request's status and its answer), in the period asked about."""
    from police_breaches.analysis.campaign import STANDS

    rows = []
    for (start, end), asked in requests.groupby(["asks_from", "asks_to"]):
        counts = {"written": len(asked), "sent": int((asked["stands"] != "not_sent").sum()),
                  **{name: int((asked["stands"] == name).sum()) for name in STANDS}}
        rows += [fact("campaign", "requests", start, end, "campaign", label=label, subject_name="this project's FOI campaign",
                      value=count, unit="requests", scope="in campaign/tracker.csv", resource="campaign/tracker.csv")
                 for label, count in counts.items()]
    return rows


def rankings_before(words: str) -> tuple[int | None, int | None]:
    """'9th–20th' → (9, 20); '1st' → (1, 1); 'not known' → (None, None)."""
    found = [int(n) for n in re.findall(r"\d+", str(words))]
    return (found[0], found[-1]) if found else (None, None)
