"""Every fact a page can state, computed once: the facts table, ``data/processed/facts.csv``.

Published figures are the clean step's observations, as published (a nil return is 0; a figure not given
keeps its status and no value). Derived figures are worked out by :mod:`police_breaches.analysis.derived`,
each once, with the parameters that define them (the workforce date and the tie rule, declared once for the
project in ``params/01_facts.yml``). ``notebooks/01_facts.py`` writes the table; every page reads it through
:mod:`police_breaches.analysis.views`, which turns facts back into the tables the pages draw, so nothing
downstream computes a figure again and no page can give one fact two numbers.
"""

from __future__ import annotations

from typing import NamedTuple

import pandas as pd

from police_breaches.analysis import campaign_facts, derived, processed, studies
from police_breaches.analysis.fact import fact, subject_of, table
from police_breaches.core import paths
from police_breaches.core.paths import PROCESSED

FACTS = PROCESSED / "facts.csv"
CHECKS = PROCESSED / "reproduction.csv"
REQUESTS = PROCESSED / "requests.csv"


def published(observations: pd.DataFrame, register, said: pd.DataFrame) -> list[dict]:
    """Each figure the clean step carried, as published: nil is 0, a figure not given keeps its status."""
    rows = []
    for row in observations.itertuples(index=False):
        caveats = list(said.loc[(said["force_id"] == row.force_id) & (said["about"] == row.resource), "caveat"])
        value = 0 if row.status == "nil" else (None if pd.isna(row.value) else int(row.value))
        rows.append(fact(
            subject_of(row.force_id, row.scope), row.breakdown, row.period_start, row.period_end, row.resource,
            kind="published", label=row.label_as_published, staff_group=row.staff_group or "all",
            subject_name=register.name_of(row.force_id) if row.force_id else row.scope, value=value, unit=row.unit,
            scope=row.scope, period_label=row.period_label, partial=row.part_period, status=row.status,
            status_detail=row.status_detail, canonical=row.breakdown_value, resource=row.resource, sources=row.source_id,
            caveats="; ".join(dict.fromkeys(filter(None, [*caveats, row.note])))))
    return rows


def published_workforce(workforce: pd.DataFrame, register) -> list[dict]:
    """Each force's full-time equivalents by kind of worker and date, from each Home Office release, as published."""
    return [fact(row.force_id, "workforce", row.as_at, row.as_at, row.resource, kind="published", label=row.worker_type,
                 subject_name=register.name_of(row.force_id), value=None if pd.isna(row.fte) else float(row.fte),
                 unit="full-time equivalents", status=row.status, status_detail=row.status_detail, as_at=row.as_at,
                 resource=row.resource, sources=row.source_id, period_label=f"release {row.release}")
            for row in workforce.itertuples(index=False)]


def published_ranks(ranks: pd.DataFrame, register) -> list[dict]:
    """Each rank the press quoted, as quoted ('6' in England; 'not in the top 10' has no number)."""
    return [fact(row.force_id, "rank_as_published", row.period_start, row.period_end, row.resource, kind="published",
                 label=row.scope, subject_name=register.name_of(row.force_id),
                 value=None if pd.isna(row.rank) else int(row.rank),
                 status="reported" if pd.notna(row.rank) else "in_words", status_detail=row.rank_as_published,
                 period_label=row.period_label, resource=row.resource, sources=row.source_id, scope=row.scope)
            for row in ranks.itertuples(index=False)]


class Computed(NamedTuple):
    facts: pd.DataFrame
    checks: pd.DataFrame  # every published figure beside what the data rebuild
    requests: pd.DataFrame  # this project's FOI campaign, a row per request (analysis/campaign.py)


def compute(tables: dict, vocab, manifest: dict, period: tuple[str, str], workforce_as_at: str, ties: str,
            tracker: list[dict] = (), statuses: dict[str, dict] | None = None) -> Computed:
    """The facts table, the reproduction checks, and the campaign's requests (``tracker``: its rows, as
    campaign.read_tracker gives them; ``statuses``: config/foi_statuses.csv).

    ``period`` is the project's window: the rankings, rates and outcomes of the periods that lie wholly inside
    it are worked out (each in its own period). Published figures are all kept, whatever their period."""
    from police_breaches.analysis import campaign
    from police_breaches.analysis.rankings import ranking_units

    register, observations = vocab.forces, tables["observations"]
    campaign.check_answers(manifest, observations, register, list(tracker))
    campaign.check_requests(list(tracker), observations, register)
    requests = campaign.requests(list(tracker), statuses or {}, manifest, observations, ranking_units()[1:])
    rows = [*published(observations, register, processed.caveats()),
            *published_ranks(tables["published_ranks"], register), *published_workforce(tables["workforce"], register)]
    rows += derived.register_facts(register)
    rows += derived.workforce_facts(tables["workforce"], register, workforce_as_at)
    rows += derived.release_facts(tables["workforce"])
    rows += derived.sum_facts(observations, tables["data_quality"], register)
    rows += derived.incident_facts(tables["incidents"], register)
    rows += derived.quality_facts(tables, workforce_as_at)
    checks = []
    for period in [p for p in derived.ranking_periods(observations) if period[0] <= p[0] and p[1] <= period[1]]:
        ranked, cover, national, unranked = derived.ranking(tables, register, ties, period)
        rows += derived.ranking_facts(ranked, cover, national, register, period, ties)
        rows += campaign_facts.answer_facts(observations, unranked, register, period)
        rows += derived.rate_facts(ranked, tables["workforce"], workforce_as_at, period)
        rows += derived.outcome_facts(tables, register, vocab.taxonomy.names("outcome"), period)
        reproduction, alone = derived.reproduction(ranked, tables, register, national, period)
        reproduction = pd.concat([reproduction, campaign_facts.answers_beside_the_report(observations, register, period)],
                                 ignore_index=True)
        checks.append(reproduction)
        rows += alone + derived.check_facts(reproduction, period)
        rows += campaign_facts.campaign_facts(tables, ranked, register, national, ties, period)
    rows += campaign_facts.request_facts(requests)
    rows += studies.sum_facts(observations, manifest)
    rows += studies.list_facts(table(rows), manifest)
    return Computed(table(rows), pd.concat(checks, ignore_index=True) if checks else
                    pd.DataFrame(columns=derived.CHECK_COLUMNS), requests)


def load(root=None) -> pd.DataFrame:
    """The facts table as the facts step wrote it (a run that recomputed the facts reads its own), figures typed
    (whole numbers as integers)."""
    from police_breaches.analysis.fact import typed
    from police_breaches.core.outputs import source

    frame = pd.read_csv(paths.at(root) / FACTS if root else source(FACTS), dtype=str, keep_default_na=False)
    return typed(frame)
