"""The sentences that go with the charts: coverage, ranks as ranges, highlights, rates and categories, each
from a table. Every comparative claim (most, highest, lowest, more than) is made from the data, with its
scope: only the forces whose totals were published can be compared, and the sentence says so. Where
intervals overlap, or a gap is so large that it more likely reflects how forces counted than what
happened, the sentence says that."""

from __future__ import annotations

import re

import pandas as pd

from police_breaches.core.text import md, ordinal

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


def percent(part: float, whole: float) -> str:
    """62.5%, 55.4%, 50%: one decimal unless it is whole."""
    share = 100 * part / whole
    return f"{share:.0f}%" if abs(share - round(share)) < 0.05 else f"{share:.1f}%"


def scope(count: int) -> str:
    """The group a comparison is made in: 'of the 13 forces with a published total'."""
    return "of the only force with a published total" if count == 1 else f"of the {count} forces with a published total"


def rate_scope(count: int) -> str:
    """The group a comparison of rates is made in: only the forces with both a total and a workforce figure."""
    return ("of the only force with a published total and a workforce figure" if count == 1 else
            f"of the {count} forces with a published total and a workforce figure")


def coverage_sentence(cov: dict, period: tuple[str, str]) -> str:
    from police_breaches.publish.words import period_range

    when = period_range(*period)
    if not cov["forces_with_figure"]:
        published = "; ".join(period_range(start, end) for start, end in cov["published_periods"])
        return (f"**Coverage, {when}:** no territorial force has a published total whose whole period lies within "
                f"{when}. " + (f"Per-force totals are published for {published} only: choose a period that "
                               "contains it." if published else "No per-force total is published for any period."))
    share = "" if cov["share_of_national"] is None else (
        f", {100 * cov['share_of_national']:.1f}% of the {cov['national_total']:,} breaches Big Brother Watch "
        f"counted; {cov['not_attributable']:,} cannot be attributed to a named force")
    answers = cov.get("from_answers", 0)
    which = (f"a known total ({cov['forces_with_figure'] - answers} published, {answers} from this project's FOI "
             "answers)" if answers else "a published total")
    return (f"**Coverage, {when}:** {cov['forces_with_figure']} of {cov['territorial_forces']} territorial forces have "
            f"{which}. Together they account for {cov['known_sum']:,} breaches{share}.")


def missing_forces_sentence(cov: dict, period: tuple[str, str]) -> str:
    from police_breaches.publish.words import period_range

    if not cov["forces_with_figure"]:
        return ""  # no force has one: said in the coverage sentence, not by listing all of them
    missing = (f"**Forces with no published total for {period_range(*period)}** (no rank is implied for them): "
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
            f"(an integer program; see the methodology). A force last of the {len(known)} published totals is not "
            f"the lowest: the others' totals were never published. If {md(said['with special forces'])}, the "
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
            notes.append(f"{name} (highlighted) is not in the chart: it has no published total for this period.")
    return " ".join(notes)


def coverage_note(cov: dict) -> str:
    if cov["share_of_national"] is None:
        return f"Only the {cov['forces_with_figure']} forces with a published total are shown."
    return (f"Only the {cov['forces_with_figure']} forces whose totals were published are ranked: "
            f"{cov['known_sum']:,} of {cov['national_total']:,} breaches ({100 * cov['share_of_national']:.0f}%). "
            f"Other forces may rank among them.")


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
            text += (f" Its rate is higher than {and_list(below.loc[near, 'force'].map(md))}'s by more than chance would explain, "
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
             f"breaches span {years:.1f} years. The rate divides by officers, staff, PCSOs and designated officers "
             "together, so a force that counts its designated officers as staff (the Home Office notes some do) has "
             "the same rate either way."]
    parts += [f"{md(row.force)}: {md(row.workforce_caveat)}." for row in rates.itertuples()
              if row.workforce_caveat and pd.notna(row.per_1000_fte)]
    return " ".join(parts)


def category_sentence(breakdown: pd.DataFrame, year: int) -> str:
    counted = breakdown[breakdown["value"].notna()]
    total = int(counted["value"].sum())
    leaders, top = largest(counted, "label_as_published")
    top = int(top)
    share = percent(top, total) if total else "0%"
    unit = counted["unit"].iloc[0]
    named = and_list([f"*{md(label)}*" for label in leaders])
    if len(leaders) == 1:
        return f"**{total} {md(unit)}** in {year}. The largest category, {named}, accounts for {top} ({share})."
    return f"**{total} {md(unit)}** in {year}. The largest categories, {named}, account for {top} each ({share} each)."
