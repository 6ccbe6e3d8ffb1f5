"""The sentences that go with the charts: coverage, ranks as ranges, highlights, rates and categories, each
from a table. Every comparative claim (most, highest, lowest, more than) is made from the data, with its
scope: only the forces whose totals were published can be compared, and the sentence says so. Where
intervals overlap, or a gap is so large that it more likely reflects how forces counted than what
happened, the sentence says that."""

from __future__ import annotations

import re

import pandas as pd

from police_breaches.core.text import md, ordinal
from police_breaches.publish.figures import percent  # one rounding of a share for every page

# A rate this many times another's is more likely a difference in what forces counted than in what happened.
NO_FIGURES = "No published per-force total lies within this period."
COUNTING_GAP = 10


def period_words(period: tuple[str, str]) -> str:
    start, end = (pd.Timestamp(p) for p in period)
    return f"{start.day} {start:%B %Y} to {end.day} {end:%B %Y}"


def short_name(force: str) -> str:
    """'Avon and Somerset Constabulary' → 'Avon and Somerset', as newsroom charts label forces."""
    return re.sub(r"\s+(Police Service|Police|Constabulary)$", "", force)


def and_list(items: list[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def scope(count: int) -> str:
    """The group a comparison is made in: 'of the 13 forces with a known total' (known: published in the 2016
    report, or given in an answer to this project's FOI request; the coverage sentence says which)."""
    return "of the only force with a known total" if count == 1 else f"of the {count} forces with a known total"


def rate_scope(count: int) -> str:
    """The group a comparison of rates is made in: only the forces with both a total and a workforce figure."""
    return ("of the only force with a known total and a workforce figure" if count == 1 else
            f"of the {count} forces with a known total and a workforce figure")


def coverage_sentence(cov: dict, period: tuple[str, str] | None, window: tuple[str, str]) -> str:
    """How many forces have a known total, and how much of the national figure they hold, in the totals' own
    period; where no total lies inside the project's window, which periods have one."""
    from police_breaches.publish.words import period_range

    if period is None or not cov["forces_with_figure"]:
        published = "; ".join(period_range(start, end) for start, end in cov["published_periods"])
        return (f"**Coverage, {period_range(*window)}:** no territorial force has a published total whose whole period "
                f"lies within the project's period, {period_range(*window)}. "
                + (f"Per-force totals are published for {published} only: set the project's period "
                   "(a parameter of the whole project) to contain it." if published else "No per-force total is published for "
                                                                             "any period."))
    share = "" if cov["share_of_national"] is None else (
        f", {percent(cov['known_sum'], cov['national_total'])} of the {cov['national_total']:,} breaches Big Brother "
        f"Watch counted; {cov['not_attributable']:,} cannot be attributed to a named force")
    return (f"**Coverage, {period_range(*period)}:** {cov['forces_with_figure']} of {cov['territorial_forces']} "
            f"territorial forces have a known total ({md(cov['scope'])}). Together they account for "
            f"{cov['known_sum']:,} breaches{share}.")


def coverage_table(cov: dict) -> pd.DataFrame:
    """The coverage figures as a table, each from the facts."""
    rows = [("forces with a known total", f"{cov['forces_with_figure']:,} ({cov['scope']})" if cov["scope"]
             else f"{cov['forces_with_figure']:,}"),
            ("breaches at those forces", f"{cov['known_sum']:,}"),
            ("national total (Big Brother Watch)", "" if cov["national_total"] is None else f"{cov['national_total']:,}"),
            ("share of the national total at named forces",
             "" if cov["share_of_national"] is None else percent(cov["known_sum"], cov["national_total"])),
            ("breaches not attributable to a named force",
             "" if cov["not_attributable"] is None else f"{cov['not_attributable']:,}"),
            ("territorial forces with no known total", f"{len(cov['missing']) + len(cov['withheld']):,}")]
    return pd.DataFrame(rows, columns=["measure", "value"])


def range_caption(cov: dict) -> str:
    return (f"The forces with a known total ({cov['scope']}), largest first, and the ranks each can hold among all "
            "the forces assumed to have answered")


def missing_forces_sentence(cov: dict, period: tuple[str, str]) -> str:
    from police_breaches.publish.words import period_range

    if not cov["forces_with_figure"]:
        return ""  # no force has one: said in the coverage sentence, not by listing all of them
    missing = (f"**Forces with no known total for {period_range(*period)}** (no rank is implied for them): "
               + ", ".join(md(name) for name in sorted(cov["missing"])) + ".")
    withheld = f" **Figures not revealed:** {', '.join(map(md, cov['withheld']))}." if cov["withheld"] else ""
    return missing + withheld


def range_table(ranked: pd.DataFrame) -> pd.DataFrame:
    """The forces with a published total, and the ranks each can hold among the forces assumed to have answered
    (range_sentence says how they move under the other assumption)."""
    known = ranked[ranked["rank"].notna()].sort_values(["rank", "force"])
    table = pd.DataFrame({"force": known["force"], "breaches": known["value"],
                          "possible_rank": known["possible_rank"] + known["of"].map(lambda n: f" of {int(n)}"),
                          "source_id": known["source_id"]})
    if "unit" in known and known["unit"].nunique() > 1:  # a total from this project's FOI campaign says so
        table.insert(2, "unit", known["unit"])
    return table


def range_sentence(ranked: pd.DataFrame, register) -> str:
    """What the ranges assume, and how far they move if the national forces answered too."""
    from police_breaches.analysis.ranges import assumptions, words

    known = ranked[ranked["rank"].notna()]
    if known.empty:
        return ""
    said = assumptions(ranked, register)
    moved = [f"{md(r.force)} {r.possible_rank} → {words(r.best_with_special_forces, r.worst_with_special_forces)}"
             for r in known.itertuples() if (r.best, r.worst) != (r.best_with_special_forces, r.worst_with_special_forces)]
    return (f"**How the ranges are worked out.** Each is the best and the worst rank a force can hold among the "
            f"{int(known['of'].max())} forces assumed to have answered: {md(said['territorial'])}. Each range "
            "allows every published total, every rank the press published in its own scope, and the national figure "
            f"(an integer program; see the methodology). A force last of the {len(known)} known totals is not "
            f"the lowest: the others' totals are not known. If {md(said['with special forces'])}, the "
            f"{int(known['of_with_special_forces'].max())} forces' ranges "
            + (f"move: {'; '.join(moved)}." if moved else "do not move."))


def highlight_sentence(ranked: pd.DataFrame, highlight: list[str], top_n: int, register) -> str:
    """Each highlighted force the ranking chart cannot draw, and why: no total for the period, a figure not
    revealed, or a rank below the bars shown."""
    known = ranked[ranked["rank"].notna()].set_index("force_id")
    notes = []
    for force_id in highlight:
        name = md(register.name_of(force_id))
        if force_id in known.index:
            rank = int(known.at[force_id, "rank"])
            if rank > top_n:
                notes.append(f"{name} (highlighted) is not among the {top_n} bars shown: its total of "
                             f"{int(known.at[force_id, 'value']):,} is the {ordinal(rank)} largest {scope(len(known))}, "
                             f"and it can rank {known.at[force_id, 'possible_rank']} of all "
                             f"{int(known.at[force_id, 'of'])} forces assumed to have answered.")
        elif force_id in set(ranked["force_id"]):
            notes.append(f"{name} (highlighted) is not in the chart: its figure was not revealed.")
        else:
            notes.append(f"{name} (highlighted) is not in the chart: it has no known total for this period.")
    return " ".join(notes)


def coverage_note(cov: dict) -> str:
    if cov["share_of_national"] is None:
        return f"Only the {cov['forces_with_figure']} forces with a known total are shown."
    return (f"Only the {cov['forces_with_figure']} forces whose totals are known are ranked ({cov['scope']}): "
            f"{cov['known_sum']:,} of {cov['national_total']:,} breaches "
            f"({percent(cov['known_sum'], cov['national_total'])}). Other forces may rank among them.")


def largest(table: pd.DataFrame, label: str, value: str = "value") -> tuple[list[str], object]:
    """The label(s) holding the largest value, all of them where there is a tie, and that value."""
    top = table[value].max()
    return table.loc[table[value] == top, label].tolist(), top


def sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


def _times(a: float, b: float) -> str:
    return f"{a / b:.0f} times" if a / b >= 2 else f"{a / b:.1f} times"


def rate_sentences(rates: pd.DataFrame, highlight: list[str]) -> str:
    """The order by rate in words, scoped to the forces with a published total, with what the intervals allow."""
    rows = rates.dropna(subset=["per_1000_fte"]).set_index("force_id")
    without = "".join(f" {md(row.force)} has no rate: the Home Office gives no figure for {row.workforce_missing}, "
                      "so its workforce at that date is not known." for row in unrated(rates).itertuples())
    if rows.empty:
        return (NO_FIGURES if rates.empty else "No rate can be given.") + without
    ordered = rows.sort_values("per_1000_fte", ascending=False)
    top, bottom = ordered.iloc[0], ordered.iloc[-1]
    within = sentence_case(rate_scope(len(rows)))
    parts = [f"{within}, **{md(top['force'])}** has the highest rate: {top['per_1000_fte']:.1f} breaches per 1,000 "
             f"workforce (FTE) (95% interval {top['per_1000_fte_low']:.1f}–{top['per_1000_fte_high']:.1f}); it ranks "
             f"{ordinal(top['count_rank'])} of them by count."
             + (f" The lowest of them is **{md(bottom['force'])}** at {bottom['per_1000_fte']:.1f}." if len(rows) > 1 else "")
             + without]
    for force_id in highlight:
        if force_id not in rows.index:
            continue
        row = rows.loc[force_id]
        rate = row["per_1000_fte"]
        others = rows.drop(index=force_id)
        above = others[others["per_1000_fte_low"] > row["per_1000_fte_high"]]
        below = others[others["per_1000_fte_high"] < row["per_1000_fte_low"]]
        overlap = others.drop(index=[*above.index, *below.index])
        far_below = below[rate >= COUNTING_GAP * below["per_1000_fte"]]
        far_above = above[above["per_1000_fte"] >= COUNTING_GAP * rate]
        text = (f"**{md(row['force'])}** ranks {ordinal(row['count_rank'])} by count and {ordinal(row['rate_rank'])} by rate "
                f"{rate_scope(len(rows))} ({rate:.1f} per 1,000 workforce, interval {row['per_1000_fte_low']:.1f}–"
                f"{row['per_1000_fte_high']:.1f}).")
        if len(overlap):
            text += (f" Its interval overlaps those of {and_list(overlap['force'].map(md))}: the data cannot tell those rates "
                     "apart.")
        near = [f for f in below.index if f not in far_below.index]
        if near:
            text += (f" Its rate is higher than {and_list(below.loc[near, 'force'].map(md))}'s by more than chance "
                     "would explain, "
                     "though each force decided for itself what to count as a breach.")
        near_above = [f for f in above.index if f not in far_above.index]
        if near_above:
            text += f" It is lower than {and_list(above.loc[near_above, 'force'].map(md))}'s by more than chance would explain."
        for other in far_below.itertuples():
            text += (f" It is {_times(rate, other.per_1000_fte)} {md(other.force)}'s rate ({other.per_1000_fte:.1f}): a gap "
                     "that size more likely reflects what each force counted as a breach than how often its officers and staff "
                     "breached data.")
        for other in far_above.itertuples():
            text += (f" {md(other.force)}'s rate is {_times(other.per_1000_fte, rate)} its own: a gap that size more likely "
                     "reflects what each force counted than how often its officers and staff breached data.")
        parts.append(text)
    return "\n\n".join(parts)


def rate_table(rates: pd.DataFrame) -> pd.DataFrame:
    """The rates as a table: each figure as the sentences write it (one rounding per figure)."""
    rows = rates.dropna(subset=["per_1000_fte"])
    return pd.DataFrame({
        "force": rows["force"], "breaches": rows["value"], "workforce_fte": rows["workforce_fte"],
        "per_1000_fte": rows["per_1000_fte"].map(lambda x: f"{x:.1f}"),
        "interval": [f"{lo:.1f}–{hi:.1f}" for lo, hi in zip(rows["per_1000_fte_low"], rows["per_1000_fte_high"])],
        "per_1000_fte_per_year": rows["per_1000_fte_per_year"].map(lambda x: f"{x:.1f}"),
        "count_rank": rows["count_rank"], "rate_rank": rows["rate_rank"]})


def rate_caption(as_at: str, period: tuple[str, str]) -> str:
    from police_breaches.publish.words import period_range

    date = pd.Timestamp(as_at)
    return (f"Breaches {period_range(*period)} per 1,000 FTE workforce at {date.day} {date:%B %Y}, with 95% intervals; "
            "places among the forces with a rate")


def workforce_note_sentence(rates: pd.DataFrame) -> str:
    flagged = rates[rates["workforce_note"] != ""]
    if flagged.empty:
        return "No force's workforce make-up stands out."
    return ("**A workforce that raises the rate:** a force that does much of its support work some other way (for "
            "example through an outsourcing contract) employs fewer staff of its own, so its breaches are divided "
            "by a smaller number. " + " ".join(f"{md(row.force)}: {row.workforce_note}." for row in flagged.itertuples()))


def unrated(rates: pd.DataFrame) -> pd.DataFrame:
    """The forces with a published total but no rate, each with why (the workforce part the Home Office lacks)."""
    return rates[rates["per_1000_fte"].isna()]


def workforce_caveats(rates: pd.DataFrame, as_at: str, years: float) -> str:
    """The caveats on the denominator at the date it is taken: its date, and each force whose table counts one
    part within another (the Home Office's footnote, declared in the manifest)."""
    date = pd.Timestamp(as_at)
    parts = [f"**Caveats on the workforce.** The workforce is taken at one date ({date.day} {date:%B %Y}); the "
             f"breaches span {years:.1f} years, their own period. The rate divides by officers, staff, PCSOs and "
             "designated officers "
             "together, so a force that counts its designated officers as staff (the Home Office notes some do) has "
             "the same rate either way."]
    parts += [f"{md(row.force)}: {md(row.workforce_caveat)}." for row in rates.itertuples()
              if row.workforce_caveat and pd.notna(row.per_1000_fte)]
    return " ".join(parts)


def category_sentence(breakdown: pd.DataFrame, year: int) -> str:
    """The breakdown's total (a fact) and its largest category, with its share of the total; a part year, or
    tables of one answer that disagree, said with it."""
    from police_breaches.publish.words import in_all_words, year_words

    in_all = breakdown.attrs.get("in_all") or {}
    counted = breakdown[breakdown["value"].notna()]
    leaders, top = largest(counted, "label_as_published")
    top, total = int(top), int(in_all.get("value") or 0)
    share = percent(top, total) if total else "0%"
    unit = counted["unit"].iloc[0]
    named = and_list([f"*{md(label)}*" for label in leaders])
    text = f"**{in_all_words(in_all)} {md(unit)}** in {md(year_words(year, in_all))}. "
    text += (f"The largest category, {named}, accounts for {top} ({share})." if len(leaders) == 1 else
             f"The largest categories, {named}, account for {top} each ({share} each).")
    return text + (f" {md(sentence_case(in_all['caveats']))}." if in_all.get("caveats") else "")


def revisions_sentence(revised: int, at_date: int, as_at: str) -> str:
    """Which of the Home Office's revisions touch the workforce the rates divide by."""
    when = f"{pd.Timestamp(as_at).day} {pd.Timestamp(as_at):%B %Y}"
    if not revised:
        return "No workforce figure was revised between Home Office releases."
    return (f"Later Home Office releases revised {revised} workforce figure{'' if revised == 1 else 's'}; "
            + (f"none concerns {when}, the date the rates use." if not at_date else
               f"{at_date} concern{'s' if at_date == 1 else ''} {when}, the date the rates use; the rates use the "
               "latest release."))


def no_formal_action_table(summary: pd.DataFrame) -> pd.DataFrame:
    """How many ended with no formal action, per body: each share written as every page writes it."""
    return pd.DataFrame({"body": summary["body"], "no_formal_action": summary["no_formal_action"],
                         "not_classifiable": summary["not_classifiable"],
                         "denominator": summary["denominator"], "counts": summary["counts"],
                         "share_no_formal_action": [percent(n, d) for n, d in
                                                    zip(summary["no_formal_action"], summary["denominator"])]})
