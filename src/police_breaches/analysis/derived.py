"""The derived facts: figures worked out from the published ones, each once, by the package's functions.

Each function returns fact rows (:func:`police_breaches.analysis.facts.fact`) for one kind of figure: the
ranking of a period (places among the known totals, ranges of ranks, coverage), rates per 1,000 workforce,
the workforce itself, outcomes on one scale, sums of a breakdown, the reproduction checks and the data's
own accounting. Periods are always the figures' own, never a window a notebook was asked for.
"""

from __future__ import annotations

import pandas as pd

from police_breaches.analysis import breakdowns, checks, processed, ranges, rankings, rates
from police_breaches.analysis.fact import KNOWN, NATIONAL, fact, subject_of
from police_breaches.analysis.processed import BBW_UNIT
from police_breaches.core.errors import InputError

WORKFORCE_DATES = ["2015-03-31", "2016-03-31", "2017-03-31"]  # the force pages' workforce table
CHECK_COLUMNS = checks.REPRODUCTION_COLUMNS
TOTALS = ["force_id", "force", "value", "status", "status_detail", "source_id", "period_start", "period_end", "unit",
          "resource"]  # a total's columns (rankings.force_totals), without what ranking adds


# --------------------------------------------------------------------------- the ranking of a period

def ranking_periods(observations: pd.DataFrame) -> list[tuple[str, str]]:
    """The periods for which forces' totals of the 2016 report's kind are published (one: June 2011 –
    December 2015)."""
    return rankings.total_periods(observations)


def ranking(tables: dict, register, ties: str, period: tuple[str, str]) -> tuple[pd.DataFrame, dict, int | None,
                                                                                 pd.DataFrame]:
    """The forces' totals for ``period``, ranked among the known with each force's range of ranks; the
    coverage of the national figure; that figure; and the answers to this project's requests that cannot be
    ranked (with why). Published figures that cannot all hold stop here; an answer that cannot hold with them
    is kept out of the ranking, named, and shown on its force's page."""
    observations, (start, end) = tables["observations"], period
    totals = rankings.force_totals(observations, register, start, end)
    national = rankings.national_figure(observations, start, end)
    published_ranks = processed.within(tables["published_ranks"], start, end)
    report = totals[~rankings.answered(totals)]
    stop_on_contradiction(rankings.with_ranges(rankings.rank(report, ties=ties), published_ranks, register, national),
                          published_ranks, register, national)
    admitted, unranked = rankings.admit_answers(report, totals[rankings.answered(totals)], published_ranks, register, national)
    ranked = rankings.with_ranges(rankings.rank(admitted, ties=ties), published_ranks, register, national)
    cover = rankings.coverage(ranked, register, national, rankings.total_periods(observations))
    return ranked, cover, national, unranked


def stop_on_contradiction(ranked: pd.DataFrame, published_ranks: pd.DataFrame, register, national) -> None:
    """No ranking fits every published fact: stop, naming the published rank(s) that cannot hold with the
    totals (those whose removal would leave a ranking that fits), with the totals and the national figure."""
    from police_breaches.sources.consistency import limit

    known = ranked[ranked["status"] == "reported"]
    if known.empty or known["best"].notna().all():
        return
    largest = int(limit("largest_count"))
    culprits = [row for row in published_ranks.itertuples(index=False)
                if ranges.rank_ranges(ranges.facts(ranked, published_ranks[published_ranks["raw_row"] != row.raw_row],
                                                   register, national), largest)["best"].notna().all()]
    named = culprits or list(published_ranks.itertuples(index=False))
    totals = "; ".join(f"{r.force} {int(r.value):,}" for r in known.sort_values("value", ascending=False).itertuples())
    ranks = "; ".join(f"{register.name_of(r.force_id)} '{r.rank_as_published}' ({r.scope}, row {r.raw_row})"
                      for r in named)
    raise InputError(_path(published_ranks["resource"].iloc[0]), named[0].raw_row if len(named) == 1 else None,
                     f"the published rank{'s' if len(named) > 1 else ''} {ranks} cannot hold with the published totals "
                     f"({totals})" + (f" and the national figure ({national:,})" if national is not None else "")
                     + ": no ranking of the forces fits them all; check each against its source")


def _path(resource: str) -> str:
    return processed.resource_path(resource)


def ranking_facts(ranked: pd.DataFrame, cover: dict, national: int | None, register, period: tuple[str, str],
                  ties: str) -> list[dict]:
    """Each known total's place among the known and its ranges of ranks; the forces with no known total; the
    lead; and the coverage of the national figure."""
    start, end = period
    known = ranked[ranked["status"] == "reported"]
    answers = int(rankings.answered(known).sum())
    scope = rankings.known_scope(len(known) - answers, answers)
    rows = []
    for row in known.itertuples(index=False):
        base = dict(subject_name=row.force, unit=row.unit, sources=row.source_id, resource=row.resource)
        tied = int((known["value"] == row.value).sum()) - 1
        rows.append(fact(row.force_id, "place_among_known", start, end, "ranking", value=row.rank, of=len(known),
                         scope=f"of the {scope}", caveats=f"ties: {rankings.TIES[ties]}" + (
                             f"; tied with {tied} other{'s' if tied > 1 else ''}" if tied else ""), **base))
        for measure, suffix in (("rank_range", ""), ("rank_range_with_special_forces", "_with_special_forces")):
            best, worst, of = (getattr(row, f"{c}{suffix}") for c in ("best", "worst", "of"))
            rows.append(fact(row.force_id, measure, start, end, "ranking", low=best, high=worst, of=of,
                             status="reported" if pd.notna(best) else "not_known",
                             scope=f"of the {of} forces assumed to have answered"
                             + (", the national forces among them" if suffix else ""), **base))
    for force_id in [*ranked.loc[ranked["status"] != "reported", "force_id"],
                     *(register.resolve(name, "config/forces.csv", "") for name in cover["missing"])]:
        withheld = ranked[ranked["force_id"] == force_id]
        rows.append(fact(force_id, "known_total", start, end, "ranking", subject_name=register.name_of(force_id),
                         unit=BBW_UNIT, status=withheld["status"].iloc[0] if len(withheld) else "not_known",
                         status_detail=withheld["status_detail"].iloc[0] if len(withheld) else
                         "not published, and no answer to this project's FOI request gives it"))
    lead = _lead(known)
    rows += [lead] if lead else []
    group = dict(subject_name="forces with a known total", scope=scope)
    territorial = cover["territorial_forces"]
    rows += [
        fact(KNOWN, "forces", start, end, "ranking", value=len(known), of=territorial, **group),
        fact(KNOWN, "forces", start, end, "ranking", label="published in the 2016 report", value=len(known) - answers,
             **group),
        fact(KNOWN, "forces", start, end, "ranking", label="from this project's FOI answers", value=answers, **group),
        fact(KNOWN, "breaches", start, end, "ranking", value=cover["known_sum"], of=national, unit=BBW_UNIT, **group),
        fact(KNOWN, "years", start, end, "ranking", value=round(rates.years_between(start, end), 6), **group),
        fact("territorial_forces", "forces", start, end, "ranking", label="without a known total",
             value=territorial - len(known), of=territorial, subject_name="territorial forces",
             scope="territorial forces (config/forces.csv)"),
    ]
    if national is not None:
        rows.append(fact("not_attributable", "breaches", start, end, "ranking", value=cover["not_attributable"],
                         of=national, unit=BBW_UNIT, subject_name="breaches at no named force",
                         scope=f"of the {national:,} in the national figure"))
    return rows


def _lead(known: pd.DataFrame) -> dict | None:
    """The largest total as a multiple of the next largest ('2.4 times as many'), where one force leads."""
    ordered = known.sort_values(["value", "force"], ascending=[False, True])
    if len(ordered) < 2 or ordered["value"].iloc[0] == ordered["value"].iloc[1] or not ordered["value"].iloc[1]:
        return None
    first, second = ordered.iloc[0], ordered.iloc[1]
    return fact(first["force_id"], "times_the_next", first["period_start"], first["period_end"], "ranking",
                subject_name=first["force"], label=second["force_id"], value=round(first["value"] / second["value"], 6),
                of=int(second["value"]), unit="times the next largest known total",
                sources=f"{first['source_id']}; {second['source_id']}")




def register_facts(register) -> list[dict]:
    """How many territorial and national forces the register (config/forces.csv) holds: no period of its own."""
    forces = register.forces
    return [fact(f"{kind}_forces", "forces", "", "", "register", subject_name=f"{kind} forces",
                 value=int((forces["kind"] == kind).sum()), scope=f"{kind} forces in config/forces.csv")
            for kind in ("territorial", "national")]


# --------------------------------------------------------------------------- rates and the workforce

def rate_facts(ranked: pd.DataFrame, workforce: pd.DataFrame, as_at: str, period: tuple[str, str]) -> list[dict]:
    """Breaches per 1,000 FTE workforce over the totals' own period (never a window asked for), with intervals,
    and each force's place by count and by rate among the forces that have a rate."""
    start, end = period
    table = rates.rates(ranked, workforce, as_at, rates.years_between(start, end))
    rated = table[table["per_1000_fte"].notna()]
    scope = f"of the {len(rated)} forces with a known total and a workforce figure"
    rows = []
    for row in table.itertuples(index=False):
        base = dict(subject_name=row.force, as_at=as_at, sources=row.source_id, resource=row.resource)
        if pd.isna(row.per_1000_fte):
            rows.append(fact(row.force_id, "rate_per_1000", start, end, "rates", status="not_known",  # no workforce:
                             status_detail=row.workforce_missing, **base))  # the part the Home Office does not give
            continue
        unusual = f"unusual workforce: {row.workforce_note}" if row.workforce_note else ""
        rows += [
            fact(row.force_id, "staff_per_officer", as_at, as_at, "rates", value=row.staff_per_officer,
                 of=row.median_staff_per_officer, scope="against the median of the forces in the Home Office table",
                 unit="police staff per officer (FTE)", subject_name=row.force, as_at=as_at),
            fact(row.force_id, "rate_per_1000", start, end, "rates", value=row.per_1000_fte, low=row.per_1000_fte_low,
                 high=row.per_1000_fte_high, unit="breaches per 1,000 FTE workforce", scope=scope, caveats=unusual,
                 **base),
            fact(row.force_id, "rate_per_1000_a_year", start, end, "rates", value=row.per_1000_fte_per_year,
                 unit="breaches per 1,000 FTE workforce a year", scope=scope, **base),
            fact(row.force_id, "place_by_count_among_rated", start, end, "rates", value=row.count_rank, of=len(rated),
                 scope=scope, **base),
            fact(row.force_id, "place_by_rate_among_rated", start, end, "rates", value=row.rate_rank, of=len(rated),
                 scope=scope, **base),
        ]
    return rows


def workforce_facts(workforce: pd.DataFrame, register, as_at: str) -> list[dict]:
    """Each force's workforce (FTE) by kind of worker and in all, at each date a page shows, from the latest
    release that gives the date; a part the Home Office does not give leaves the total unknown, and says why."""
    dates = sorted({*WORKFORCE_DATES, as_at})
    totals = rates.workforce_notes(rates.workforce_totals(workforce[workforce["as_at"].isin(dates)]))
    rows = []
    for row in totals.itertuples(index=False):
        base = dict(subject_name=register.name_of(row.force_id), as_at=row.as_at, unit="full-time equivalents",
                    resource=f"home_office_workforce (release {row.release})", sources=f"release {row.release}")
        for part in ["", *rates.PARTS]:
            value = row.workforce_fte if part == "" else getattr(row, part)
            detail = row.workforce_missing if part == "" else ""
            rows.append(fact(row.force_id, "workforce_fte", row.as_at, row.as_at, "workforce", label=part, value=value,
                             status="reported" if pd.notna(value) else "not_known", status_detail=detail,
                             caveats=row.workforce_caveat if part == "" else "", **base))
    return rows


def release_facts(workforce: pd.DataFrame) -> list[dict]:
    """Each Home Office release's full-time equivalents added up over the forces it gives, by date and kind of
    worker, and how many forces' figures it does not give."""
    rows = []
    for (resource, as_at, part), group in workforce.groupby(["resource", "as_at", "worker_type"], sort=True):
        base = dict(subject_name="the forces in the table", unit="full-time equivalents", resource=resource,
                    sources="; ".join(dict.fromkeys(group["source_id"])), scope="forces in the Home Office table")
        rows.append(fact("forces_in_the_table", "workforce_fte", as_at, as_at, resource, label=part,
                         value=round(float(group["fte"].sum()), 2), of=int(group["force_id"].nunique()), **base))
        rows.append(fact("forces_in_the_table", "figures_not_given", as_at, as_at, resource, label=part,
                         value=int(group["fte"].isna().sum()), **base))
    return rows


# --------------------------------------------------------------------------- outcomes on one scale

def outcome_facts(tables: dict, register, scale: pd.DataFrame, period: tuple[str, str]) -> list[dict]:
    """Each published outcome breakdown of the period on the project's outcome scale, and how many ended with
    no formal action, each out of its denominator and in what it counts (breaches, or answers about people)."""
    table = breakdowns.outcome_breakdowns(tables["observations"], tables["incidents"], scale, register, *period)
    rows = []
    for body, group in table.groupby("body", sort=False):
        subject = NATIONAL if body == "All forces that answered" else register.resolve(body, "config/forces.csv", "")
        base = dict(subject_name=body, unit=group["counts"].iloc[0], sources="; ".join(dict.fromkeys(group["source_id"])))
        for row in group.itertuples(index=False):
            rows.append(fact(subject, "outcome_on_the_scale", *period, "outcomes", label=row.outcome, value=row.value,
                             of=row.denominator, caveats=row.note, **base))
        summary = breakdowns.no_formal_action(group).iloc[0]
        for measure in ("no_formal_action", "not_classifiable"):
            rows.append(fact(subject, measure, *period, "outcomes", value=summary[measure], of=summary["denominator"],
                             caveats="; ".join(dict.fromkeys(filter(None, group["note"]))), **base))
    return rows


# --------------------------------------------------------------------------- sums of a published breakdown

SUMMED = {"category": "sum_of_categories", "month": "sum_of_months", "staff_group": "sum_of_staff_groups",
          "outcome": "sum_of_outcomes"}


def sum_facts(observations: pd.DataFrame, data_quality: pd.DataFrame, register) -> list[dict]:
    """A force's published breakdown of one period (by category or staff group; months by calendar year) added
    up, as its page and its series show it: the period's part-period note and any disagreement between the
    answer's tables go with it. Only these are added: outcomes may overlap, and a study's measures count
    different things."""
    rows = observations[observations["breakdown"].isin(list(SUMMED))
                        & ((observations["scope"] == "force") | (observations["breakdown"] == "outcome"))].copy()
    rows["force_id"] = [subject_of(f, s) for f, s in zip(rows["force_id"], rows["scope"])]
    months = rows["breakdown"] == "month"
    rows.loc[months, "period_start"] = rows.loc[months, "period_start"].str[:4] + "-01-01"
    rows.loc[months, "period_end"] = rows.loc[months, "period_end"].str[:4] + "-12-31"
    found = []
    for (force_id, resource, breakdown, start, end, unit), group in rows.groupby(
            ["force_id", "resource", "breakdown", "period_start", "period_end", "unit"], sort=True):
        known = group["value"].notna() | group["status"].eq("nil")
        year = start[:4] if start[5:] == "01-01" and end[5:] == "12-31" and start[:4] == end[:4] else ""
        label = year or next(iter(dict.fromkeys(group["period_label"])))
        named = register.name_of(force_id) if force_id in register.by_id.index else force_id.replace("_", " ")
        found.append(fact(force_id, SUMMED[breakdown], start, end, resource, subject_name=named,
                          label=unit, value=int(group["value"].fillna(0).sum()), of=int(len(group)), unit=unit,
                          status="reported" if known.all() else "at_least",
                          status_detail="" if known.all() else f"{int((~known).sum())} of its figures not given",
                          partial=next((p for p in group["part_period"] if p), ""), resource=resource,
                          sources="; ".join(dict.fromkeys(group["source_id"])), period_label=label,
                          caveats=_tables_disagree(data_quality, resource, year) if year else ""))
    return found


def _tables_disagree(data_quality: pd.DataFrame, resource: str, year: str) -> str:
    """What the data-quality checks found where one answer's tables give one year different totals."""
    found = data_quality[(data_quality["result"] == "mismatch") & data_quality["check"].str.contains(f" in {year} ")
                         & data_quality["resource"].str.split(" vs ").map(lambda pair: resource in pair)]
    if found.empty:
        return ""
    said = ", ".join(dict.fromkeys(part.strip() for message in found["message"]
                                   for part in message.split(":", 1)[-1].split(",")))
    return f"the answer's tables disagree about {year}: {said}".replace("staff_group", "staff group")


def incident_facts(incidents: pd.DataFrame, register) -> list[dict]:
    """How many incidents each answer lists one by one for a force."""
    found = []
    for (force_id, resource, unit), group in incidents.groupby(["force_id", "resource", "unit"], sort=True):
        base = dict(subject_name=register.name_of(force_id), unit=unit, resource=resource,
                    sources="; ".join(dict.fromkeys(group["source_id"])))
        span = (group["period_start"].min(), group["period_end"].max())
        found.append(fact(force_id, "incidents_listed", *span, resource, value=len(group), **base))
        found.append(fact(force_id, "incidents_listed", *span, resource, label="with an outcome",
                          value=int((group["outcome"] != "").sum()), of=len(group), **base))
    return found


# --------------------------------------------------------------------------- checks and accounting

def reproduction(ranked: pd.DataFrame, tables: dict, register, national: int | None,
                 period: tuple[str, str]) -> tuple[pd.DataFrame, list[dict]]:
    """Every published figure of the period beside what the raw data rebuild (ranks as ranges), and as facts the
    range each published rank's force can hold without it. A published figure the raw data contradict stops
    the build here, naming it, its source and the figures it conflicts with: the pages never publish both."""
    from police_breaches.sources.consistency import limit

    published = processed.within(tables["published_ranks"], *period)
    alone = ranges.without_each(ranked, published, register, national, int(limit("largest_count")))
    found = checks.reproduction(ranked, ranked[TOTALS], tables["observations"], tables["published_ranks"],
                                tables["incidents"], register, *period, alone=alone)
    differs = found[found["verdict"] == "differs"]
    if len(differs):
        names = processed.source_names(processed.load_manifest())
        said = "; ".join(f"{r.figure} ('{r.published}', {names.get(r.source_id, r.source_id)}): the raw data give "
                         f"{r.rebuilt or 'no value'} ({r.reason})" for r in differs.itertuples())
        raise InputError(_path("bbw_force_totals"), None, f"published figures that the raw data contradict: {said}; "
                         "check each against its source")
    facts_ = [fact(row.force_id, "rank_range_without_its_published_rank", *period, "checks", label=row.scope,
                   subject_name=register.name_of(row.force_id), low=row.best, high=row.worst, of=row.of,
                   status="reported" if pd.notna(row.best) else "not_known",
                   scope=f"of the {row.of} {'English forces' if row.in_england else 'forces'} assumed to have answered, "
                         "from every published fact but that rank")
              for row in alone.itertuples(index=False)]
    return found, facts_


def check_facts(reproduced: pd.DataFrame, period: tuple[str, str]) -> list[dict]:
    base = dict(subject_name="published figures", scope="published figures of the period")
    rows = [fact("published_figures", "figures_checked", *period, "checks", value=len(reproduced), **base)]
    for verdict, count in reproduced["verdict"].value_counts().items():
        rows.append(fact("published_figures", "verdict", *period, "checks", label=verdict, value=int(count), **base))
    return rows


def quality_facts(tables: dict, as_at: str) -> list[dict]:
    """The clean step's own accounting: files, rows, checks and the disagreements it found."""
    accounting, quality = tables["row_accounting"], tables["data_quality"]
    base = dict(subject_name="the raw data", scope="every raw file in datapackage.json")
    revised = quality[quality["result"] == "revised"]
    rows = [fact("raw_data", "raw_files", "", "", "quality", value=len(accounting), **base),
            fact("raw_data", "raw_rows", "", "", "quality", value=int(accounting["rows_in"].sum()), **base),
            fact("raw_data", "rows_carried", "", "", "quality", value=int(accounting["rows_out"].sum()), **base),
            fact("raw_data", "rows_set_aside", "", "", "quality", value=int(accounting["rows_set_aside"].sum()), **base),
            fact("raw_data", "checks", "", "", "quality", value=len(quality), **base),
            fact("raw_data", "checks", "", "", "quality", label="revised at the workforce date", as_at=as_at,
                 value=int(revised["check"].str.contains(f" at {as_at} ", regex=False).sum()), **base)]
    for result, count in quality["result"].value_counts().items():
        rows.append(fact("raw_data", "checks", "", "", "quality", label=result, value=int(count), **base))
    for row in accounting.itertuples(index=False):  # each raw file's own accounting
        mine = dict(base, subject_name=row.path, scope="one raw file", resource=row.resource)
        rows += [fact("raw_data", measure, "", "", row.resource, value=int(getattr(row, column)), **mine)
                 for measure, column in (("raw_rows", "rows_in"), ("rows_carried", "rows_out"),
                                         ("rows_set_aside", "rows_set_aside"))]
    return rows
