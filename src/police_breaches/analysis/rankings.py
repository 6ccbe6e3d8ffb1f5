"""Rankings, coverage, reproduction checks and rates, as small functions over the processed tables."""

from __future__ import annotations

import math
import re
from datetime import date

import pandas as pd

from police_breaches.core import paths
from police_breaches.sources.consistency import published_by
from police_breaches.sources.clean import workforce_revisions
from police_breaches.sources.readers import PART_WORDS
from police_breaches.core.paths import PROCESSED
from police_breaches.sources.vocab import ForceRegister

BBW_UNIT = "breaches reported to Big Brother Watch"


def within(frame: pd.DataFrame, start: str, end: str) -> pd.DataFrame:
    """Rows whose whole period lies inside [start, end]: nothing is assigned to a period it does not fit."""
    return frame[(frame["period_start"] >= start) & (frame["period_end"] <= end)]


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

    units = ranking_units()
    rows = within(observations, start, end)
    rows = rows[(rows["breakdown"] == "total") & (rows["scope"] == "force") & rows["unit"].isin(units)]
    report = rows[rows["unit"] == units[0]]
    answers = rows[(rows["unit"] != units[0]) & (rows["period_start"] == start) & (rows["period_end"] == end)
                   & rows["status"].isin(["reported", "nil"])].copy()
    answers.loc[answers["status"] == "nil", "value"] = 0
    answers["status"] = "reported"
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


def check_answers_fit(ranked: pd.DataFrame, national_total: int | None) -> None:
    """The answers to this project's FOI requests, added to the report's totals, cannot come to more than the
    national figure the report's totals are part of: if they do, stop, naming the answers."""
    from police_breaches.core.errors import InputError
    from police_breaches.core.paths import MANIFEST_NAME

    known = ranked[ranked["status"] == "reported"]
    answers = known[answered(known)]
    if national_total is None or answers.empty or int(known["value"].sum()) <= national_total:
        return
    listed = ", ".join(f"{r.resource} ({r.force}: {int(r.value):,})" for r in answers.itertuples())
    raise InputError(MANIFEST_NAME, None, f"the answers to this project's FOI requests ({listed}) bring the known "
                     f"totals to {int(known['value'].sum()):,}, more than the {national_total:,} breaches all the forces "
                     "reported to Big Brother Watch: check each answer's figure, period and unit")


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

    check_answers_fit(ranked, national_total)
    table = ranked.copy()
    for assumption, suffix in ((ranges.MAIN, ""), ("with special forces", "_with_special_forces")):
        found = ranges.rank_ranges(ranges.facts(ranked, published_ranks, register, national_total, assumption),
                                   int(limit("largest_count")))
        table = table.merge(found.rename(columns={c: f"{c}{suffix}" for c in ("best", "worst", "of")}),
                            on="force_id", how="left")
    counts = [f"{c}{suffix}" for c in ("best", "worst", "of") for suffix in ("", "_with_special_forces")]
    table[counts] = table[counts].astype("Int64")  # ranks are whole numbers in the CSV too, never 44.0
    table["possible_rank"] = [ranges.words(b, w) for b, w in zip(table["best"], table["worst"])]
    _check_answers_leave_a_ranking(table)
    return table


def _check_answers_leave_a_ranking(table: pd.DataFrame) -> None:
    """No ranking fits every fact once this project's FOI answers are added (one contradicts a rank the press
    published, say, Humberside 3rd): stop, naming the answers, rather than publish every rank as not known."""
    from police_breaches.core.errors import InputError
    from police_breaches.core.paths import MANIFEST_NAME

    known = table[table["status"] == "reported"]
    answers = known[answered(known)]
    if answers.empty or known["best"].notna().all():
        return
    listed = ", ".join(f"{r.resource} ({r.force}: {int(r.value):,})" for r in answers.itertuples())
    raise InputError(MANIFEST_NAME, None, f"no ranking fits both the answers to this project's FOI requests "
                     f"({listed}) and the ranks the press published with the 2016 report's totals (see "
                     "data/raw/bbw_2016/published_ranks.csv): check each answer's figure, period and unit")


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
        width = lambda t: int(t.at[force_id, "worst"]) - int(t.at[force_id, "best"])  # noqa: E731
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


def coverage_table(cov: dict) -> pd.DataFrame:
    share = cov["share_of_national"]
    rows = [
        ("forces with a published total", f"{cov['forces_with_figure']:,}"),
        ("breaches at those forces", f"{cov['known_sum']:,}"),
        ("national total (Big Brother Watch)", "" if cov["national_total"] is None else f"{cov['national_total']:,}"),
        ("share of the national total at named forces", "" if share is None else f"{100 * share:.1f}%"),
        ("breaches not attributable to a named force",
         "" if cov["not_attributable"] is None else f"{cov['not_attributable']:,}"),
        ("territorial forces with no published total", f"{len(cov['missing']) + len(cov['withheld']):,}"),
    ]
    return pd.DataFrame(rows, columns=["measure", "value"])


def coverage_record(cov: dict, period: tuple[str, str]) -> pd.DataFrame:
    """The coverage figures as a one-row table, for the summary to read back."""
    return pd.DataFrame([{
        "period_start": period[0], "period_end": period[1], "forces_with_figure": cov["forces_with_figure"],
        "from_answers": cov.get("from_answers", 0),
        "territorial_forces": cov["territorial_forces"], "known_sum": cov["known_sum"],
        "national_total": cov["national_total"], "not_attributable": cov["not_attributable"],
        "share_of_national": None if cov["share_of_national"] is None else round(cov["share_of_national"], 6),
        "withheld": "; ".join(cov["withheld"]), "missing": "; ".join(cov["missing"]),
        "published_periods": "; ".join(f"{start}/{end}" for start, end in cov["published_periods"])}])


REPRODUCTION_COLUMNS = ["figure", "published", "rebuilt", "verdict", "reason", "source_id"]


def reproduction(ranked: pd.DataFrame, totals: pd.DataFrame, observations: pd.DataFrame, published_ranks: pd.DataFrame,
                 incidents: pd.DataFrame, register: ForceRegister, start: str, end: str) -> pd.DataFrame:
    """Every published figure of the period beside what the raw data rebuild, with a verdict and a reason."""
    parts = [
        check_published_ranks(ranked, within(published_ranks, start, end), register),
        check_lead(ranked, within(published_ranks, start, end)),
        check_breakdown_sums(observations, totals, register, start, end, incidents),
        check_national_figures(observations, totals, start, end),
    ]
    parts = [part for part in parts if not part.empty]
    if not parts:
        return pd.DataFrame(columns=REPRODUCTION_COLUMNS)
    return pd.concat(parts, ignore_index=True)[REPRODUCTION_COLUMNS]


def check_published_ranks(ranked: pd.DataFrame, published: pd.DataFrame, register: ForceRegister) -> pd.DataFrame:
    """Compare each rank quoted by the press with the rank rebuilt among the forces whose totals are known.

    A published rank r is *matched* when the rebuilt rank is r. When the rebuilt rank is smaller, forces
    whose totals were never published may sit above it: it *cannot be rebuilt*. A larger rebuilt rank
    contradicts the source: it *differs*.
    """
    rebuilt = ranked.set_index("force_id")["rank"]
    unknown = len(register.territorial()) - int(ranked["rank"].notna().sum())
    rows = []
    for item in published.itertuples(index=False):
        mine = rebuilt.get(item.force_id)
        mine = None if mine is None or pd.isna(mine) else int(mine)
        if mine is None and not (item.rank is None or pd.isna(item.rank)):
            verdict, why = "cannot be rebuilt", "no total was published for this force, so it has no rebuilt rank"
        elif item.rank is None or pd.isna(item.rank):
            verdict = "cannot be rebuilt"
            why = (f"'{item.rank_as_published}' ({item.scope}) needs every force's total; {unknown} forces' "
                   f"totals were not published")
        elif mine == int(item.rank):
            verdict, why = "match", f"rank {mine} among the forces with a published total"
        elif mine is not None and mine < int(item.rank):
            verdict = "cannot be rebuilt"
            why = (f"rank {mine} among published totals; forces whose totals were not published "
                   f"(or outside the scope '{item.scope}') can sit above it")
        else:
            verdict, why = "differs", f"rebuilt rank {mine}"
        rows.append({"figure": f"{register.name_of(item.force_id)}: rank ({item.scope})",
                     "published": item.rank_as_published, "rebuilt": "" if mine is None else str(mine),
                     "verdict": verdict, "reason": why, "source_id": item.source_id})
    return pd.DataFrame(rows, columns=REPRODUCTION_COLUMNS)


def check_national_figures(observations: pd.DataFrame, totals: pd.DataFrame, start: str, end: str) -> pd.DataFrame:
    """The national key findings can only be rebuilt from a full per-force table, which was not obtained."""
    rows = within(observations, start, end)
    rows = rows[(rows["scope"] != "force") & (rows["unit"] == BBW_UNIT)]
    known = int(totals.loc[totals["status"] == "reported", "value"].sum())
    out = []
    for item in rows.itertuples(index=False):
        reason = f"needs every force's {item.breakdown}; the per-force table (Table 2 of the report) was not obtained"
        if item.breakdown == "total":
            reason += f"; the {len(totals[totals['status'] == 'reported'])} published force totals add up to {known:,}"
        out.append({"figure": f"All forces: {item.label_as_published}", "published": f"{item.value:,}",
                    "rebuilt": "", "verdict": "cannot be rebuilt", "reason": reason, "source_id": item.source_id})
    return pd.DataFrame(out, columns=REPRODUCTION_COLUMNS)


def check_lead(ranked: pd.DataFrame, published: pd.DataFrame | None = None, factor: float = 2.0) -> pd.DataFrame:
    """'More than double any other force': the force the press ranked first (else the largest) against the
    largest of the others among published totals; a tie at the top is no lead, and says whose it is."""
    known = ranked[ranked["rank"].notna()].sort_values(["rank", "force"])
    if len(known) < 2:
        return pd.DataFrame(columns=REPRODUCTION_COLUMNS)
    named = [] if published is None else published.loc[published["rank"] == 1, "force_id"].tolist()
    first = known[known["force_id"] == named[0]].iloc[0] if named and named[0] in set(known["force_id"]) \
        else known.iloc[0]
    others = known[known["force_id"] != first["force_id"]]
    second = others.sort_values(["value", "force"], ascending=[False, True]).iloc[0]
    ratio = first["value"] / second["value"] if second["value"] else float("inf")
    return pd.DataFrame([{
        "figure": f"{first['force']}: more than double any other force",
        "published": f"more than {factor:g}×", "rebuilt": f"{ratio:.2f}× ({first['value']} vs {second['force']} "
                                                          f"{second['value']})",
        "verdict": "match" if ratio > factor else "differs",
        "reason": "the runner-up's rank is itself published, so no unpublished force can be larger",
        "source_id": first["source_id"]}])


def check_breakdown_sums(observations: pd.DataFrame, totals: pd.DataFrame, register: ForceRegister,
                         start: str, end: str, incidents: pd.DataFrame | None = None) -> pd.DataFrame:
    """Does a force's published outcome breakdown account for its total?

    Outcome figures quoted by the press are compared with the force's total: equal (*match*), fewer (*partial
    breakdown*), or more (*overlapping*: they count something else, such as people, or overlap). Where the
    force's incidents are listed one by one, the list is compared with the total too.
    """
    rows = within(observations, start, end)
    rows = rows[(rows["scope"] == "force") & (rows["breakdown"] == "outcome") & (rows["unit"] == BBW_UNIT)]
    listed = pd.DataFrame(columns=["force_id", "source_id"]) if incidents is None else within(incidents, start, end)
    listed = listed[(listed.get("unit", pd.Series(dtype=str)) == BBW_UNIT)] if len(listed) else listed
    known = totals[totals["status"] == "reported"].set_index("force_id")["value"]
    out = []
    for force_id, group in rows.groupby("force_id"):
        if force_id not in known:
            continue
        published, summed = int(known[force_id]), int(group["value"].sum())
        listing = listed[listed["force_id"] == force_id]
        caveat = _overlap(force_id, group["resource"].unique())
        if caveat:
            verdict, reason = "overlapping", caveat + (f" (they add up to {summed} against {published})"
                                                       if summed != published else "")
        elif summed == published:
            verdict, reason = "match", f"the {len(group)} outcome figures quoted add up to the total"
        elif summed < published:
            verdict = "partial breakdown"
            quoted = "; ".join(f"{r.label_as_published}: {int(r.value)}" for r in group.itertuples() if pd.notna(r.value))
            figures = (f"the outcome figure quoted ({quoted}) accounts for" if len(group) == 1 else
                       f"the {len(group)} outcome figures quoted ({quoted}) account for" if len(group) <= 4 else
                       f"the {len(group)} outcome figures quoted account for")
            reason = f"{figures} {summed} of the {published}" + (
                f"; the incident list covers all {len(listing)}" if len(listing) == published else "")
        else:
            verdict = "overlapping"
            reason = (f"the {len(group)} outcome figures quoted add up to more than the total ({summed} against "
                      f"{published}): they overlap or count something else, such as people (see the source's notes)")
        out.append({"figure": f"{register.name_of(force_id)}: outcomes quoted against the force total",
                    "published": f"{published:,}", "rebuilt": f"{summed:,}", "verdict": verdict, "reason": reason,
                    "source_id": group["source_id"].iloc[0]})
    for force_id, listing in listed.groupby("force_id"):
        if force_id not in known:
            continue
        published = int(known[force_id])
        out.append({"figure": f"{register.name_of(force_id)}: incidents listed one by one against the force total",
                    "published": f"{published:,}", "rebuilt": f"{len(listing):,}",
                    "verdict": "match" if len(listing) == published else "partial breakdown",
                    "reason": f"{len(listing)} incidents listed, each with its outcome",
                    "source_id": listing["source_id"].iloc[0]})
    return pd.DataFrame(out, columns=REPRODUCTION_COLUMNS)


def poisson_cdf(k: int, mu: float) -> float:
    """P(X ≤ k) for X ~ Poisson(mu), as the regularised upper incomplete gamma function Q(k + 1, mu).

    A series where mu is small against k, a continued fraction (modified Lentz) elsewhere: the textbook
    method (Numerical Recipes, 6.2), accurate to about 1e-15. Two quantiles did not justify importing
    scipy.stats (1.4 s at every start).
    """
    if mu <= 0:
        return 1.0
    a = k + 1
    log_prefactor = -mu + a * math.log(mu) - math.lgamma(a)
    if mu < a + 1:
        term = total = 1.0 / a
        n = a
        while abs(term) > abs(total) * 1e-17:
            n += 1
            term *= mu / n
            total += term
        return max(0.0, 1.0 - total * math.exp(log_prefactor))
    tiny = 1e-300
    b = mu + 1.0 - a
    c, d = 1.0 / tiny, 1.0 / b
    h = d
    for i in range(1, 100_000):
        an = -i * (i - a)
        b += 2.0
        d = an * d + b
        d = tiny if abs(d) < tiny else d
        c = b + an / c
        c = tiny if abs(c) < tiny else c
        d = 1.0 / d
        h *= d * c
        if abs(d * c - 1.0) < 1e-16:
            break
    return math.exp(log_prefactor) * h


def _where_falls_to(f, target: float, low: float, high: float) -> float:
    """The mu at which a decreasing function of mu crosses ``target``, by bisection."""
    while f(high) > target:
        high *= 2
    for _ in range(200):
        middle = (low + high) / 2
        low, high = (middle, high) if f(middle) > target else (low, middle)
        if high - low <= 1e-13 * max(1.0, high):
            break
    return (low + high) / 2


def poisson_interval(count: int, level: float = 0.95) -> tuple[float, float]:
    """Exact (Garwood) interval for a Poisson count: the means under which the count is just in the tails.

    Upper: P(X ≤ count) = (1 - level) / 2. Lower: P(X ≥ count) = (1 - level) / 2, and 0 for a count of 0.
    """
    tail = (1 - level) / 2
    upper = _where_falls_to(lambda mu: poisson_cdf(count, mu), tail, float(count), count + 10 * math.sqrt(count + 1) + 10)
    lower = 0.0 if count == 0 else _where_falls_to(lambda mu: poisson_cdf(count - 1, mu), 1 - tail, 0.0, float(count))
    return lower, upper




def revisions_sentence(workforce: pd.DataFrame, as_at: str) -> str:
    """Which of the Home Office's revisions touch the workforce the rates divide by."""
    revised = workforce_revisions(workforce)
    revised = revised[revised["revised"]]
    used = revised[revised["as_at"] == as_at]
    when = f"{pd.Timestamp(as_at).day} {pd.Timestamp(as_at):%B %Y}"
    if revised.empty:
        return "No workforce figure was revised between Home Office releases."
    return (f"Later Home Office releases revised {len(revised)} workforce figure{'' if len(revised) == 1 else 's'}; "
            + (f"none concerns {when}, the date the rates use." if used.empty else
               f"{len(used)} concern(s) {when}, the date the rates use; the rates use the latest release."))


PARTS = ["officers", "staff", "pcsos", "designated_officers"]


def workforce_totals(workforce: pd.DataFrame, as_at: str | None = None) -> pd.DataFrame:
    """Per force and date, from the latest release giving the date: officers, police staff, PCSOs and designated
    officers (FTE), their total, and what a reader needs to know of it. A part the release counts within another
    (status ``counted_elsewhere``, its footnote declared in the manifest) adds nothing and is named in
    ``workforce_caveat``; a part it does not give leaves the total unknown, said in ``workforce_missing``.
    The one function for a workforce: the rates, the summary and the force pages all use it."""
    rows = workforce if as_at is None else workforce[workforce["as_at"] == as_at]
    rows = rows.sort_values("release").drop_duplicates(["force_id", "as_at", "worker_type"], keep="last")
    out = []
    for (force_id, when), group in rows.groupby(["force_id", "as_at"], sort=True):
        parts = group.set_index("worker_type")
        values, caveats, missing = {}, [], []
        for part in PARTS:
            row = parts.loc[part] if part in parts.index else None
            values[part] = round(float(row["fte"]), 2) if row is not None and row["status"] == "reported" else None
            if row is None:
                missing.append(f"its {PART_WORDS[part]} (not in the table)")
            elif row["status"] == "counted_elsewhere":
                caveats.append(f"{PART_WORDS[part]} are {row['status_detail']}")
            elif row["status"] != "reported":
                missing.append(f"its {PART_WORDS[part]} ('{row['status_detail'] or row['status']}' in the table)")
        total = None if missing else round(sum(v for v in values.values() if v is not None), 2)
        out.append({"force_id": force_id, "as_at": when, "release": parts["release"].max(), **values,
                    "workforce_fte": total, "workforce_caveat": "; ".join(caveats),
                    "workforce_missing": " and ".join(missing)})
    return pd.DataFrame(out, columns=["force_id", "as_at", "release", *PARTS, "workforce_fte", "workforce_caveat",
                                      "workforce_missing"]).astype({column: float for column in [*PARTS, "workforce_fte"]})


def workforce_notes(totals: pd.DataFrame, unusual: float = 0.5) -> pd.DataFrame:
    """Flag a workforce whose make-up raises the rate: very few police staff of its own per officer.

    A force with under ``unusual`` × the median number of police staff per officer (across all forces in the
    table) does much of its support work some other way, for example through an outsourcing contract; its
    breaches are divided by a smaller workforce, which raises its rate. (How a force splits designated
    officers from staff cannot move the rate: the denominator adds all four groups.)
    """
    table = totals.copy()
    per_officer = table["staff"] / table["officers"]
    median = per_officer.median()
    table["workforce_note"] = [f"{ratio:.2f} police staff per officer, against a median of {median:.2f}"
                               if ratio < unusual * median else "" for ratio in per_officer]
    return table


def rates(ranked: pd.DataFrame, workforce: pd.DataFrame, as_at: str, years: float, level: float = 0.95) -> pd.DataFrame:
    """Breaches per 1,000 FTE workforce (and per year), with exact Poisson intervals."""
    staff = workforce_notes(workforce_totals(workforce, as_at))
    table = ranked[ranked["status"] == "reported"].merge(
        staff[["force_id", "workforce_fte", "workforce_note", "workforce_caveat", "workforce_missing"]],
        on="force_id", how="left")
    for column in ("workforce_note", "workforce_caveat"):
        table[column] = table[column].fillna("")
    table["workforce_missing"] = table["workforce_missing"].fillna("it is not in the Home Office tables (which "
                                                                   "cover England and Wales only)")
    # No workforce (a part not given, or no figure at all) means no rate, not a division by zero.
    table["workforce_fte"] = table["workforce_fte"].astype(float).where(table["workforce_fte"] > 0)
    bounds = table["value"].astype(int).map(lambda n: poisson_interval(n, level))
    table["per_1000_fte"] = 1000 * table["value"] / table["workforce_fte"]
    table["per_1000_fte_low"] = [1000 * lo / w for (lo, _), w in zip(bounds, table["workforce_fte"])]
    table["per_1000_fte_high"] = [1000 * hi / w for (_, hi), w in zip(bounds, table["workforce_fte"])]
    table["per_1000_fte_per_year"] = table["per_1000_fte"] / years
    # Both places are counted among the forces with a rate, so the slope chart and the words compare like with like
    # (a force's place among all published totals is in the ranking).
    rated = table["per_1000_fte"].notna()
    table["count_rank"] = table["value"].where(rated).rank(method="min", ascending=False).astype("Int64")
    table["rate_rank"] = table["per_1000_fte"].rank(method="min", ascending=False).astype("Int64")
    table["workforce_as_at"] = as_at
    return table.sort_values("per_1000_fte", ascending=False).reset_index(drop=True)


def years_between(start: str, end: str) -> float:
    return ((pd.Timestamp(end) - pd.Timestamp(start)).days + 1) / 365.25




CHOICES = "config/choices.yml"


def category_breakdowns(observations: pd.DataFrame, taxonomy_names: pd.DataFrame, force_id: str, year: int,
                        published: dict[str, str]) -> list[pd.DataFrame]:
    """Every breakdown of one force's calendar year by category, one per source and unit, largest category
    first; the one a chart shows first, by the rule in config/choices.yml (never by the order of rows), and
    one empty table where none is published. ``published``: each source id's publication date (tie-break)."""
    from police_breaches.core import paths, strict_yaml

    rule = strict_yaml.load(paths.at(CHOICES).read_text(encoding="utf-8"))["category_breakdown"]["units_in_order"]
    start, end = f"{year}-01-01", f"{year}-12-31"
    rows = observations[(observations["force_id"] == force_id) & (observations["breakdown"] == "category")
                        & (observations["period_start"] == start) & (observations["period_end"] == end)]
    names = taxonomy_names.set_index("id")["name"]

    def preference(key: tuple[str, str]) -> tuple:
        unit, source_id = key
        rank = next((i for i, word in enumerate(rule) if word in unit.lower().split()), len(rule))
        when = date.fromisoformat(published_by(published.get(source_id, "0001")))
        return rank, -when.toordinal(), source_id

    tables = []
    for unit, source_id in sorted(rows[["unit", "source_id"]].drop_duplicates().itertuples(index=False, name=None),
                                  key=preference):
        group = rows[(rows["unit"] == unit) & (rows["source_id"] == source_id)]
        table = group[["label_as_published", "category", "value", "status", "unit", "source_id", "resource"]].copy()
        table.insert(2, "category_name", table["category"].map(names))
        tables.append(table.sort_values(["value", "label_as_published"], ascending=[False, True],
                                        na_position="last").reset_index(drop=True))
    columns = ["label_as_published", "category", "category_name", "value", "status", "unit", "source_id", "resource"]
    return tables or [pd.DataFrame(columns=columns)]


def publication_dates(manifest: dict) -> dict[str, str]:
    """Each source id's publication date, as the manifest gives it ('2016-07', '2017-08-25')."""
    return {source["source_id"]: source["published"] for entry in manifest["resources"] for source in entry["sources"]}


def disagreements(problems: pd.DataFrame) -> pd.DataFrame:
    """The data-quality checks that found a disagreement, each with what it affects in the report."""
    def affects(check: str, result: str) -> str:
        if result == "revised":
            as_at = re.search(r" at ([0-9-]+) ", check)
            return (f"rates only if the workforce date chosen is {as_at.group(1) if as_at else 'that date'} (the "
                    "ranking section says which date it is); rates use the latest release")
        if "across tables of" in check:
            return "the force's series in 'in context', which marks the year and gives each table's total"
        if "printed percentage" in check:
            return "nothing rebuilt here: the counts are used, not the printed percentages"
        if check.startswith("Total row equals"):
            return "nothing rebuilt here: the table's rows are used, not its Total row"
        if "region" in check or "Total" in check:
            return "nothing rebuilt here: rates use the force rows, not the Home Office's totals"
        return "see the message"
    out = problems[["check", "expected", "found", "message"]].copy()
    out["affects"] = [affects(row["check"], row["result"]) for _, row in problems.iterrows()]
    return out


def source_names(manifest: dict) -> dict[str, str]:
    """source_id → 'Publisher (date)', as a reader would name a source ('Express & Star (25 August 2017)')."""
    from police_breaches.core.text import date_words

    # the date alone: a note beside it ('2016-07 (not printed on the page; …)') is for the source lists
    return {s["source_id"]: f"{s['publisher']} ({date_words(str(s['published']).split(' (')[0])})"
            for r in manifest["resources"] for s in r["sources"]}


def readable(frame: pd.DataFrame, manifest: dict, register: ForceRegister | None = None) -> pd.DataFrame:
    """A table for people: sources by publisher and date, forces by name (ids stay in the CSV files)."""
    out = frame.copy()
    if "source_id" in out:
        out["source_id"] = out["source_id"].map(source_names(manifest)).fillna(out["source_id"])
    if register is not None and "force_id" in out:
        out["force_id"] = out["force_id"].map(lambda f: register.name_of(f) if isinstance(f, str) and f else "")
    return out


def load_manifest(root=None) -> dict:
    """The manifest as the clean step validated it (notebooks after 01 only read its metadata)."""
    from police_breaches.sources.manifest import load_manifest as load
    return load(root or paths.root(), validate=False)


def load_processed(folder=None) -> dict[str, pd.DataFrame]:
    """The clean step's tables, read back with the types they were written with (blank = missing)."""
    folder = paths.at(folder or PROCESSED)

    def read(name: str, **types) -> pd.DataFrame:
        return pd.read_csv(folder / f"{name}.csv", keep_default_na=False, na_values={c: [""] for c in types},
                           dtype={"raw_row": str, **types})

    return {
        "observations": read("observations", value="Int64"),
        "incidents": read("incidents"),
        "published_ranks": read("published_ranks", rank="Int64"),
        "workforce": read("workforce", fte="float64"),
        "data_quality": read("data_quality", expected=str, found=str),  # a count stays its digits, never a float
        "row_accounting": read("row_accounting"),
    }


def caveats(force_id: str | None = None) -> pd.DataFrame:
    """config/caveats.csv: what a reader must keep in mind about a force's figures from one source (overlap:
    they may count a breach twice, or count people; doubtful: the source contradicts itself)."""
    from police_breaches.core.configuration import table

    rows = pd.DataFrame(table("caveats.csv"), columns=["force_id", "about", "kind", "caveat", "source_id", "_row"])
    return rows if force_id is None else rows[rows["force_id"] == force_id]


def caveats_for(force_id: str, resources, kinds=("overlap", "doubtful", "wording")) -> list[str]:
    """What config/caveats.csv says about a force's figures read from any of ``resources`` (raw file names)."""
    found = caveats(force_id)
    return list(found.loc[found["kind"].isin(kinds) & found["about"].isin(list(resources)), "caveat"])


def _overlap(force_id: str, resources) -> str:
    """The overlap caveat for a force's figures from any of ``resources``, or ''."""
    return next(iter(caveats_for(force_id, resources, ("overlap",))), "")


def outcome_breakdowns(observations: pd.DataFrame, incidents: pd.DataFrame, scale: pd.DataFrame,
                       register: ForceRegister, start: str, end: str) -> pd.DataFrame:
    """Published outcome breakdowns on the canonical outcome scale, each with its denominator and what it
    counts (breaches; or, where config/caveats.csv says a force's answers count people or overlap, answers).

    National key findings (denominator: the national total), forces whose quoted outcomes add up to their
    total, and forces whose incidents are listed one by one with an outcome.
    """
    obs = within(observations, start, end)
    obs = obs[(obs["unit"] == BBW_UNIT)]
    national_total = national_figure(observations, start, end)
    parts = []
    national = obs[(obs["scope"] != "force") & (obs["breakdown"] == "outcome")]
    if not national.empty:
        parts.append(national.assign(body="All forces that answered", denominator=national_total)
                     [["body", "outcome", "value", "denominator", "source_id"]])
    totals = force_totals(observations, register, start, end).set_index("force_id")["value"]
    per_force = obs[(obs["scope"] == "force") & (obs["breakdown"] == "outcome")]
    for force_id, group in per_force.groupby("force_id"):
        if force_id in totals and not pd.isna(totals[force_id]) and int(group["value"].sum()) == int(totals[force_id]):
            summed = group.groupby("outcome", as_index=False).agg(value=("value", "sum"), source_id=("source_id", "first"))
            caveat = _overlap(force_id, group["resource"].unique())
            parts.append(summed.assign(body=register.name_of(force_id), denominator=int(totals[force_id]),
                                       counts="answers" if caveat else "breaches", caveat=caveat))
    listed = within(incidents, start, end)
    listed = listed[(listed["unit"] == BBW_UNIT) & (listed["outcome"] != "")]
    for force_id, group in listed.groupby("force_id"):
        counted = group.groupby("outcome", as_index=False).agg(value=("description", "size"),
                                                              source_id=("source_id", "first"))
        parts.append(counted.assign(body=register.name_of(force_id), denominator=len(group)))
    if not parts:
        return pd.DataFrame(columns=["body", "outcome", "outcome_name", "order", "formal_action", "value",
                                     "denominator", "share", "counts", "source_id", "note"])
    table = pd.concat(parts, ignore_index=True)
    table = table.assign(counts=table.get("counts", "breaches"), caveat=table.get("caveat", ""))
    table = split_outcomes(table.fillna({"counts": "breaches", "caveat": ""}), scale)
    table["note"] = ["; ".join(filter(None, [c, n])) for n, c in zip(table["note"], table["caveat"])]
    table["value"] = table["value"].astype(int)
    names = scale.set_index("id")
    table["outcome_name"] = table["outcome"].map(names["name"])
    table["order"] = table["outcome"].map(names["order"])
    table["formal_action"] = table["outcome"].map(names["formal_action"])
    table["share"] = table["value"] / table["denominator"]
    columns = ["body", "outcome", "outcome_name", "order", "formal_action", "value", "denominator", "share", "counts",
               "source_id", "note"]
    return table[columns].sort_values(["body", "order"]).reset_index(drop=True)


def split_outcomes(table: pd.DataFrame, scale: pd.DataFrame) -> pd.DataFrame:
    """Cases whose outcome the source gives only as 'one each' of several (config/canonical.csv, splits_into).

    Two cases 'written warning or management advice (one each)' are one written warning and one management
    advice: which case had which is unknown, the count of each is not. A count that does not divide evenly
    stays as published, unclassified.
    """
    splits = scale.set_index("id")["splits_into"].to_dict() if "splits_into" in scale else {}
    names = scale.set_index("id")["name"].to_dict()
    rows = []
    for row in table.assign(note="").to_dict("records"):
        parts = [p for p in splits.get(row["outcome"], "").split("|") if p]
        if parts and row["value"] % len(parts) == 0:
            share = row["value"] // len(parts)
            note = (f"the {row['value']} cases given as '{names.get(row['outcome'], row['outcome']).lower()}' are "
                    f"{' and '.join(f'{share} {names[p].lower()}' for p in parts)}, as the source says (which case "
                    "had which is not known)")
            rows += [{**row, "outcome": part, "value": share, "note": note} for part in parts]
        else:
            rows.append(row)
    split = pd.DataFrame(rows)
    keys = ["body", "outcome", "denominator", *[c for c in ("counts", "caveat") if c in split]]
    return split.groupby(keys, as_index=False, sort=False, dropna=False).agg(
        value=("value", "sum"), source_id=("source_id", "first"), note=("note", lambda n: "; ".join(dict.fromkeys(filter(None, n)))))


def no_formal_action(breakdowns: pd.DataFrame) -> pd.DataFrame:
    """Per body: how many ended with no formal action (no action, informal/management action, not proven)."""
    rows = []
    for body, group in breakdowns.groupby("body", sort=False):
        informal = int(group.loc[group["formal_action"] == "no", "value"].sum())
        unclear = int(group.loc[group["formal_action"].isin(["", "mixed"]), "value"].sum())
        denominator = int(group["denominator"].iloc[0])
        rows.append({"body": body, "no_formal_action": informal, "not_classifiable": unclear,
                     "denominator": denominator, "share_no_formal_action": informal / denominator,
                     "counts": group["counts"].iloc[0]})
    return pd.DataFrame(rows, columns=["body", "no_formal_action", "not_classifiable", "denominator",
                                       "share_no_formal_action", "counts"])


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
