"""The summary's findings, each a sentence whose numbers are facts (``data/processed/facts.csv``), in the
facts' own periods and scopes.

Every sentence copes with what a parameter can leave empty (a project period with no per-force figure, a
force with no rate, a year with no category breakdown) by saying so, rather than failing or guessing.
"""

from __future__ import annotations

import pandas as pd

from police_breaches.analysis.rankings import answered
from police_breaches.analysis.views import Facts
from police_breaches.core.text import md, ordinal
from police_breaches.publish.figures import number, percent
from police_breaches.publish.sentences import rate_scope
from police_breaches.publish.words import in_all_words, period_range, year_words


def _between(period: tuple[str, str]) -> str:
    start, end = (pd.Timestamp(p) for p in period)
    return f"between {start:%B %Y} and {end:%B %Y}"


def ranking_finding(facts: Facts) -> str:
    period = facts.ranking_period()
    if period is None:
        return f"**No force has a published total within the project's period, {period_range(*facts.window)}.**"
    ranking = facts.ranking(period)
    known = ranking[ranking["rank"].notna()].sort_values(["rank", "force"])
    when = _between(period)
    leader = known.iloc[0]
    tied = known[known["value"] == leader["value"]]
    if len(tied) > 1:
        return (f"**{' and '.join(tied['force'].map(md))} reported {leader['value']:,} data breaches each** {when}, "
                f"the most among forces with a known total.")
    text = f"**{md(leader['force'])} reported {leader['value']:,} data breaches** {when}"
    if len(known) == 1:
        return text + ", the only force with a known total."
    lead = facts.of("times_the_next", subject=leader["force_id"], period=period).iloc[0]
    runner = known[known["force_id"] == lead["label"]].iloc[0]
    return (text + f", {number(lead['value'], 'times')} times as many as the next force with a known total "
                   f"({md(runner['force'])}, {runner['value']:,}).")


def coverage_finding(facts: Facts) -> str:
    period = facts.ranking_period()
    cover = facts.coverage(period)
    text = (f"**Only {cover['forces_with_figure']} of {cover['territorial_forces']} territorial forces' totals are "
            f"known**" + (f" ({md(cover['scope'])})." if cover["scope"] else "."))
    if cover["national_total"] is not None:
        text += (f" Together they account for {cover['known_sum']:,} of the at least {cover['national_total']:,} "
                 f"breaches Big Brother Watch counted ({percent(cover['known_sum'], cover['national_total'])}); other "
                 "forces may rank among them.")
    return text


def rate_finding(facts: Facts, force_id: str, force_name: str) -> str:
    all_rates = facts.rates(facts.ranking_period())
    rates = all_rates.dropna(subset=["rate_rank"])
    if rates.empty:
        return ("**No rate per member of the workforce can be given**: no force has both a known total in the "
                "project's period and a workforce figure at the date chosen.")
    ordered = rates.sort_values("per_1000_fte", ascending=False)
    top = ordered[ordered["per_1000_fte"].map(lambda x: number(x, "rate")) == number(ordered["per_1000_fte"].iloc[0], "rate")]
    within = rate_scope(len(rates))
    highest = (f"{within}, {' and '.join(top['force'].map(md))} "
               f"{'has' if len(top) == 1 else 'share'} the highest rate ({number(top['per_1000_fte'].iloc[0], 'rate')})")
    mine = rates[rates["force_id"] == force_id]
    if mine.empty:
        unrated = all_rates[all_rates["force_id"] == force_id]
        why = (f"no rate: the Home Office gives no figure for {unrated['workforce_missing'].iloc[0]} at the date "
               "chosen" if len(unrated) else "no known total in the project's period, so no rate")
        return f"**{md(force_name)} has {md(why)}.** {_first_up(highest)}."
    row = mine.iloc[0]
    changes = "changes" if int(row["rate_rank"]) != int(row["count_rank"]) else "holds"
    return (f"**Per member of the workforce, the order {changes}:** {md(force_name)} has "
            f"{number(row['per_1000_fte'], 'rate')} breaches per 1,000 full-time-equivalent workforce (95% interval "
            f"{number(row['per_1000_fte_low'], 'rate')}–{number(row['per_1000_fte_high'], 'rate')}): "
            f"{ordinal(row['rate_rank'])} by rate and {ordinal(row['count_rank'])} by count {within}; "
            f"{' and '.join(top['force'].map(md))} {'has' if len(top) == 1 else 'share'} the highest rate of them "
            f"({number(top['per_1000_fte'].iloc[0], 'rate')}).")  # the scope said once in the sentence


def _first_up(text: str) -> str:
    return text[:1].upper() + text[1:]


def outcome_finding(facts: Facts, scale: pd.DataFrame) -> str:
    _, summary = facts.outcomes(facts.ranking_period(), scale)
    national = summary[summary["body"] == "All forces that answered"]
    if national.empty:
        return "**No national outcome breakdown is published for the project's period.**"
    row = national.iloc[0]
    return (f"**{percent(row['no_formal_action'], row['denominator'])} of the {int(row['denominator']):,} breaches "
            "nationally ended with no formal disciplinary action**, according to Big Brother Watch's key findings.")


def category_finding(facts: Facts, categories: pd.DataFrame, name_of) -> str:
    """The breakdown the categories section charts (``categories``: its rows, as it wrote them), by its facts."""
    counted = categories[categories["value"].notna()]
    if counted.empty:
        return "**No breakdown by category is published for the force and year chosen.**"
    in_all = _in_all(facts, counted)
    top = int(counted["value"].max())
    leaders = counted.loc[counted["value"] == top, "label_as_published"].map(lambda label: f"*{md(label)}*").tolist()
    year, unit, force = int(counted["year"].iloc[0]), counted["unit"].iloc[0], name_of(counted["force_id"].iloc[0])
    which = " and ".join(leaders)
    largest = f"the largest category was {which} ({top})" if len(leaders) == 1 else \
        f"the largest categories were {which} ({top} each)"
    return f"**In {md(year_words(year, in_all))} {md(force)} had {in_all_words(in_all)} {md(unit)}**; {largest}."


def _in_all(facts: Facts, categories: pd.DataFrame) -> dict:
    """The sum fact of the breakdown a section charted."""
    row = categories.iloc[0]
    year = int(row["year"])
    return facts.sum_of(row["force_id"], (f"{year}-01-01", f"{year}-12-31"), row["resource"], row["unit"])


VERDICTS = {  # verdict: (one, several)
    "match": ("is rebuilt exactly", "are rebuilt exactly"),
    "cannot be rebuilt": ("cannot be rebuilt from what was published (with its reason)",
                          "cannot be rebuilt from what was published (each with its reason)"),
    "partial breakdown": ("is a partial breakdown that was never meant to add up",
                          "are partial breakdowns that were never meant to add up"),
    "overlapping": ("is a set of outcome figures that overlap, or count people rather than breaches",
                    "are sets of outcome figures that overlap, or count people rather than breaches"),
    "sources disagree": ("is a force's answer to this project's request that disagrees with what it told Big Brother "
                         "Watch (both kept as published)",
                         "are forces' answers to this project's requests that disagree with what they told Big "
                         "Brother Watch (both kept as published)"),
    "differs": ("differs", "differ"),
}


def reproduction_finding(facts: Facts) -> str:
    period = facts.ranking_period()
    checked = facts.value("figures_checked", "published_figures", period) if period else None
    if not checked:
        return "**Reproduction:** no published figure falls within the project's period."
    verdicts = {row.label: int(row.value) for row in facts.of("verdict", "published_figures", period).itertuples()}
    parts = [f"{verdicts.get(v, 0) or 'none'} {words[0] if verdicts.get(v, 0) == 1 else words[1]}"
             for v, words in VERDICTS.items() if verdicts.get(v, 0) or v == "differs"]
    # semicolons between the verdicts: a verdict's own words may hold a comma
    return f"**Reproduction:** of {checked} published figures, " + "; ".join(parts[:-1]) + f"; and {parts[-1]}."


def quality_finding(facts: Facts) -> str:
    count = {row.label: int(row.value) for row in facts.of("checks", "raw_data").itertuples()}
    files, rows = facts.value("raw_files", "raw_data"), facts.value("raw_rows", "raw_data", basis="quality")
    mismatches, revised, touching = count.get("mismatch", 0), count.get("revised", 0), \
        count.get("revised at the workforce date", 0)
    as_at = pd.Timestamp(facts.parameters["workforce_as_at"])
    kinds = []
    if mismatches:
        kinds.append(f"{mismatches} between tables or totals that should agree")
    if revised:
        when = f"{as_at.day} {as_at:%B %Y}"
        kinds.append(f"{revised} Home Office revisions of workforce figures, "
                     + (f"none at {when}, the date the rates use" if not touching else f"{touching} at {when}, the "
                        "date the rates use"))
    return (f"**Data quality:** {rows:,} raw rows from {files} files, all accounted for; {count.get('', 0):,} checks, "
            f"of which {mismatches + revised} found the sources disagreeing (kept as published)"
            f"{': ' + '; '.join(kinds) if kinds else ''}.")


def headline(facts: Facts, categories: pd.DataFrame, name_of) -> pd.DataFrame:
    """The four figures a reader sees first, each with what it counts: empty where a parameter leaves none."""
    rows = []
    period = facts.ranking_period()
    cover = facts.coverage(period)
    when = period_range(*(period or facts.window))
    if cover["national_total"] is not None:
        rows.append((f"At least {cover['national_total']:,}",
                     f"data breaches by police officers and staff, {when}, at the forces that answered Big Brother "
                     "Watch"))
    ranking = facts.ranking(period)
    known = ranking[ranking["rank"].notna()].sort_values(["rank", "force"])
    if len(known):
        leaders = known[known["value"] == known["value"].iloc[0]]
        first = leaders.iloc[0]
        place = (f" (it ranks {first['possible_rank']} of the {int(first['of'])} forces assumed to have answered)"
                 if len(leaders) == 1 and pd.notna(first["of"]) else "")
        kind = "known" if answered(known).any() else "published"
        rows.append((f"{int(known['value'].iloc[0]):,}", f"at {' and '.join(leaders['force'])}, {when}: the most "
                                                         f"of the {len(known)} forces with a {kind} total{place}"))
    if cover["forces_with_figure"]:
        rows.append((f"{cover['forces_with_figure']} of {cover['territorial_forces']}",
                     f"territorial forces have a known total for {when} ({cover['scope']}): {cover['known_sum']:,} "
                     "breaches" + (f" ({percent(cover['known_sum'], cover['national_total'])} of all)"
                                   if cover["national_total"] is not None else "")))
    else:
        rows.append(("None", f"of the {cover['territorial_forces']} territorial forces has a published total for {when}"))
    counted = categories[categories["value"].notna()]
    if len(counted):
        in_all = _in_all(facts, counted)
        year = int(counted["year"].iloc[0])
        rows.append((in_all_words(in_all), f"{counted['unit'].iloc[0]} at {name_of(counted['force_id'].iloc[0])} in "
                                           f"{year_words(year, in_all)}"))
    return pd.DataFrame(rows[:4], columns=["figure", "label"])


def findings(facts: Facts, categories: pd.DataFrame, force_id: str, name_of, scale: pd.DataFrame) -> list[str]:
    """``name_of`` turns a force id into its name (the force register's ``name_of``); ``scale``: the outcome
    scale (config/canonical.csv)."""
    return [ranking_finding(facts), coverage_finding(facts), rate_finding(facts, force_id, name_of(force_id)),
            outcome_finding(facts, scale), category_finding(facts, categories, name_of), reproduction_finding(facts),
            quality_finding(facts)]


def read_categories(folder=None) -> pd.DataFrame:
    """The breakdown the categories section (notebook 03) charts, as it wrote it."""
    from police_breaches.core import paths
    from police_breaches.core.outputs import source

    path = paths.at(folder) / paths.PROCESSED / "categories.csv" if folder else source(paths.PROCESSED / "categories.csv")
    return pd.read_csv(path, keep_default_na=False, na_values={"value": [""]}, dtype={"value": "Int64"})
