"""The reproduction checks: whether the rebuilt figures give what was published (each total, the ranks the
press printed, the national figure, the lead, breakdowns that sum to their totals)."""

from __future__ import annotations

import pandas as pd

from police_breaches.analysis.processed import BBW_UNIT, overlap_caveat, within
from police_breaches.sources.vocab import ForceRegister

REPRODUCTION_COLUMNS = ["figure", "published", "rebuilt", "verdict", "reason", "source_id"]


def reproduction(ranked: pd.DataFrame, totals: pd.DataFrame, observations: pd.DataFrame, published_ranks: pd.DataFrame,
                 incidents: pd.DataFrame, register: ForceRegister, start: str, end: str,
                 alone: pd.DataFrame) -> pd.DataFrame:
    """Every published figure of the period beside what the raw data rebuild, with a verdict and a reason.
    ``alone``: each published rank's range without it (ranges.without_each)."""
    published = within(published_ranks, start, end)
    parts = [
        check_published_ranks(ranked, published, register, alone),
        check_lead(ranked, published),
        check_breakdown_sums(observations, totals, register, start, end, incidents),
        check_national_figures(observations, totals, start, end),
    ]
    parts = [part for part in parts if not part.empty]
    if not parts:
        return pd.DataFrame(columns=REPRODUCTION_COLUMNS)
    return pd.concat(parts, ignore_index=True)[REPRODUCTION_COLUMNS]


def check_published_ranks(ranked: pd.DataFrame, published: pd.DataFrame, register: ForceRegister,
                          alone: pd.DataFrame) -> pd.DataFrame:
    """Each rank the press quoted, beside the range of ranks the force can hold (every published fact taken
    together, as the ranking states it: a rank is a range, never a place among the known totals, among which
    forces whose totals were not published could sit).

    The verdict asks whether the rank could be rebuilt without it: from every *other* published fact, in the
    rank's own scope ('in England': among English forces; ``alone``, from ranges.without_each). *Match*: every
    rank they allow agrees with it. *Cannot be rebuilt*: they allow it and others too. *Differs*: they exclude
    it (the facts step then stops, since no ranking fits every published fact).
    """
    from police_breaches.analysis import ranges
    from police_breaches.core.text import ordinal

    known = ranked[ranked["status"] == "reported"].set_index("force_id")
    without = alone.set_index("raw_row")
    rows = []
    for item in published.itertuples(index=False):
        figure = f"{register.name_of(item.force_id)}: rank ({item.scope})"
        if item.force_id not in known.index:
            rows.append({"figure": figure, "published": item.rank_as_published, "rebuilt": "", "verdict":
                         "cannot be rebuilt", "reason": "no total was published for this force, so it has no range "
                         "of ranks", "source_id": item.source_id})
            continue
        other = without.loc[item.raw_row]
        best = None if pd.isna(other["best"]) else int(other["best"])
        worst = None if pd.isna(other["worst"]) else int(other["worst"])
        among = f"{int(other['of'])} {'English forces' if other['in_england'] else 'forces'} assumed to have answered"
        claim = _claim(str(item.rank_as_published))
        verdict = ("differs" if best is None or not any(claim(r) for r in range(best, worst + 1)) else
                   "match" if all(claim(r) for r in range(best, worst + 1)) else "cannot be rebuilt")
        said = (f"'{item.rank_as_published}'" if not str(item.rank_as_published).strip().isdigit()
                else ordinal(int(item.rank_as_published)))
        placed = "no rank at all" if best is None else (ordinal(best) if best == worst else
                                                         f"anything from {ordinal(best)} to {ordinal(worst)}")
        mine = known.loc[item.force_id]
        rows.append({"figure": figure, "published": item.rank_as_published,
                     "rebuilt": "" if pd.isna(mine.get("best")) else
                     f"{ranges.words(mine['best'], mine['worst'])} of {int(mine['of'])}",
                     "verdict": verdict,
                     "reason": f"without it, the totals, the national figure and the other published ranks place the "
                               f"force {placed} of the {among}" + {
                                   "match": f": {said}, as published", "differs": f", not {said}",
                                   "cannot be rebuilt": f": {said} is possible, and so are others"}[verdict],
                     "source_id": item.source_id})
    return pd.DataFrame(rows, columns=REPRODUCTION_COLUMNS)


def _claim(rank_as_published: str):
    """Whether a rank satisfies what was published: '6' is 6th; 'not in the top 10' is 11th or lower."""
    import re

    outside = re.fullmatch(r"not in the top (\d+)", rank_as_published.strip().lower())
    if outside:
        return lambda rank: rank > int(outside.group(1))
    return lambda rank: rank == int(rank_as_published)


def check_national_figures(observations: pd.DataFrame, totals: pd.DataFrame, start: str, end: str) -> pd.DataFrame:
    """The national key findings can only be rebuilt from a full per-force table, which was not obtained."""
    from police_breaches.analysis.rankings import answered, known_scope

    rows = within(observations, start, end)
    rows = rows[(rows["scope"] != "force") & (rows["unit"] == BBW_UNIT)]
    known = totals[totals["status"] == "reported"]
    answers = int(answered(known).sum())
    out = []
    for item in rows.itertuples(index=False):
        reason = f"needs every force's {item.breakdown}; the per-force table (Table 2 of the report) was not obtained"
        if item.breakdown == "total":
            reason += (f"; the {known_scope(len(known) - answers, answers)} add up to "
                       f"{int(known['value'].sum()):,}")
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
        "published": "more than double any other force",
        "rebuilt": f"{ratio:.1f} times ({first['value']:,} against {second['force']}'s {second['value']:,})",
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
        caveat = overlap_caveat(force_id, group["resource"].unique())
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
