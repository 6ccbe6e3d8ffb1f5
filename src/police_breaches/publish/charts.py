"""The project's charts and the sentences that go with them, built on the house style in ``style``.

Every comparative claim (most, highest, lowest, more than) is made from the data, with its scope: only the
forces whose totals were published can be compared, and the sentence says so. Where intervals overlap, or a
gap is so large that it more likely reflects how forces counted than what happened, the sentence says that.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from police_breaches.publish import style
from police_breaches.core.text import md, ordinal

BBW_SOURCE = ("Big Brother Watch, 'Safe in Police hands?' (July 2016), FOI requests to UK forces; "
              "per-force totals as quoted by Computer Weekly and local papers")
HO_SOURCE = "Home Office, Police workforce, England and Wales (data tables, OGL v3.0)"
NO_FIGURES = "No published per-force total lies within this period."
RANGE_NOTE = ("A rank is a range: the other forces' totals were never published, so each force can sit anywhere the "
              "published totals, ranks and national figure allow.")
# A rate this many times another's is more likely a difference in what forces counted than in what happened.
COUNTING_GAP = 10


@dataclass
class Chart:
    fig: object
    data: pd.DataFrame
    title: str
    alt: str


# --------------------------------------------------------------------------- words

def period_words(period: tuple[str, str]) -> str:
    start, end = (pd.Timestamp(p) for p in period)
    return f"{start.day} {start:%B %Y} to {end.day} {end:%B %Y}"


def short_name(force: str) -> str:
    """'Avon and Somerset Constabulary' → 'Avon and Somerset', as newsroom charts label forces."""
    return re.sub(r"\s+(Police Service|Police|Constabulary)$", "", force)


def _list(items: list[str]) -> str:
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


def _coverage_note(cov: dict) -> str:
    if cov["share_of_national"] is None:
        return f"Only the {cov['forces_with_figure']} forces with a published total are shown."
    return (f"Only the {cov['forces_with_figure']} forces whose totals were published are ranked: "
            f"{cov['known_sum']:,} of {cov['national_total']:,} breaches ({100 * cov['share_of_national']:.0f}%). "
            f"Other forces may rank among them.")


def largest(table: pd.DataFrame, label: str, value: str = "value") -> tuple[list[str], object]:
    """The label(s) holding the largest value, all of them where there is a tie, and that value."""
    top = table[value].max()
    return table.loc[table[value] == top, label].tolist(), top


def _sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


# --------------------------------------------------------------------------- rankings

def ranking_title(known: pd.DataFrame, drawn: int | None = None) -> str:
    """What the chart is (the forces whose totals were published, or the ``drawn`` largest of them) and who
    reported the most among them."""
    leaders, top = largest(known, "force")
    from police_breaches.analysis.rankings import answered

    if answered(known).any():  # totals from this project's FOI answers are known, not published
        what = (f"The {len(known)} forces whose totals are known" if drawn is None or drawn >= len(known) else
                f"The {drawn} largest of the {len(known)} known totals")
    else:
        what = ("The only force whose total was published" if len(known) == 1 else
                f"The {len(known)} forces whose totals were published" if drawn is None or drawn >= len(known) else
                f"The {drawn} largest of the {len(known)} published totals")
    if len(known) == 1:
        return f"{what}: {leaders[0]}, {top:,} data breaches"
    if len(leaders) > 1:
        return f"{what}: {_list(leaders)} reported the most, {top:,} each"
    runner = known.loc[known["value"] < top, "value"].max()
    more = ", more than double any other" if top > 2 * runner else ""
    return f"{what}: {leaders[0]} reported the most{more}"


def ranking_chart(ranked: pd.DataFrame, top_n: int, highlight: list[str], coverage: dict,
                  period: tuple[str, str], width: float) -> Chart:
    known = ranked[ranked["rank"].notna()].sort_values(["rank", "force"])
    shown = known.head(top_n)
    if shown.empty:
        fig, _ = style.empty_chart(NO_FIGURES, width)
        title = "No published per-force figures for this period"
    else:
        labels = [f"{r.value:,} · {r.possible_rank}" for r in shown.itertuples()]
        fig, ax = style.bar_chart(shown.assign(label=shown["force"].map(short_name)), label="label", value="value",
                                  highlight=highlight, key="force_id", width=width, value_labels=labels)
        title = ranking_title(known, len(shown))
    shown_words = f"the {len(shown)} largest of {len(known)}" if len(shown) < len(known) else f"all {len(known)}"
    of = int(known["of"].max()) if len(known) and known["of"].notna().any() else 0
    style.finish(fig, title, f"Data breaches by officers and staff, {period_words(period)} ({shown_words}); beside each, "
                             f"the ranks it can hold among the {of} forces assumed to have answered", BBW_SOURCE,
                 _coverage_note(coverage) + " " + RANGE_NOTE)
    data = known[["force", "value", "rank", "possible_rank", "best", "worst", "of", "source_id"]].rename(
        columns={"value": "breaches", "rank": "rank_among_published", "best": "best_possible_rank",
                 "worst": "worst_possible_rank", "of": "forces_that_answered"})
    data.insert(1, "drawn", ["yes" if i < len(shown) else "no" for i in range(len(known))])
    data["notes"] = _coverage_note(coverage) + " " + RANGE_NOTE
    bars = "; ".join(f"{r.force} {r.value} ({r.possible_rank})" for r in shown.itertuples())
    alt = " ".join(part for part in [f"Horizontal bar chart: {title}.", f"{bars}." if bars else "",
                                     _coverage_note(coverage)] if part)
    return Chart(fig, data, title, alt)


def place_chart(document: dict, width: float) -> Chart:
    """A force page's chart: its total among the published ones, in vermilion, each with the ranks it can hold."""
    totals = document["bbw_2016"]
    known = pd.DataFrame(totals["published"])
    labels = [f"{r.value:,} · {r.possible_rank}" for r in known.itertuples()]
    fig, _ = style.bar_chart(known.assign(label=known["force"].map(short_name)), label="label", value="value",
                             highlight=[document["force_id"]], key="force_id", width=width, value_labels=labels)
    fixed = totals["best"] is not None and totals["best"] == totals["worst"]
    title = (f"{document['name']}: {totals['total']:,} data breaches, "
             + (f"{totals['possible_rank']}" if fixed else f"so it can rank {totals['possible_rank']}")
             + f" of the {totals['answered']} forces assumed to have answered")
    style.finish(fig, title, f"Data breaches by officers and staff, {period_words(tuple(totals['period']))}: the "
                             f"{len(known)} forces whose totals were published (vermilion: {document['name']}); beside "
                             "each, the ranks it can hold", BBW_SOURCE, RANGE_NOTE)
    data = known.rename(columns={"value": "breaches", "answered": "forces_that_answered"})
    data["notes"] = RANGE_NOTE
    alt = (f"Horizontal bar chart: {title}. " + "; ".join(f"{r.force} {r.value} ({r.possible_rank})"
                                                         for r in known.itertuples()) + ". " + RANGE_NOTE)
    return Chart(fig, data, title, alt)


def rate_title(rows: pd.DataFrame) -> str:
    leaders, _ = largest(rows.assign(r=rows["per_1000_fte"].round(1)), "force", "r")
    who = _list(leaders) + (" had" if len(leaders) == 1 else " shared")
    return f"{_sentence_case(rate_scope(len(rows)))}, {who} the highest rate per member of the workforce"


def rate_chart(rates: pd.DataFrame, highlight: list[str], as_at: str, years: float, period: tuple[str, str],
               coverage: dict, width: float) -> Chart:
    rows = rates.dropna(subset=["per_1000_fte"]).iloc[::-1]
    if rows.empty:
        return _nothing_to_draw(width, "Breaches per 1,000 FTE workforce", period)
    fig, ax = style.subplots(width, 1)
    labels = style.tick_labels(fig, rows["force"].map(short_name))
    fig.set_figheight(0.2 + style.row_height(labels, least=0.42) * len(rows))
    for y, row in enumerate(rows.itertuples(index=False)):
        colour = style.HIGHLIGHT if row.force_id in highlight else style.BASE
        ax.plot([row.per_1000_fte_low, row.per_1000_fte_high], [y, y], color=colour, linewidth=2.2, alpha=0.55)
        ax.plot(row.per_1000_fte, y, "o", color=colour, markersize=7)
        ax.text(row.per_1000_fte_high, y, f"  {row.per_1000_fte:.1f}", va="center", fontsize=10.5, color=style.INK)
    ax.set_yticks(range(len(rows)), labels)
    top = rows["per_1000_fte_high"].max() * 1.05
    ax.set_xlim(0, top)
    ax.set_xticks([tick for tick in ax.get_xticks() if 0 <= tick <= top])
    ax.set_xlabel(style.wrap(fig, "Per 1,000 FTE (line: 95% interval)", fig.get_figwidth() - style.label_width(fig)
                             - 2 * style.PAD, style.SMALLEST), fontsize=style.SMALLEST)
    ax.tick_params(axis="x", labelsize=style.SMALLEST)
    ax.grid(axis="x", color="#E5E5E5")
    ax.set_axisbelow(True)
    title = rate_title(rows)
    style.finish(fig, title, f"Breaches {period_words(period)} per 1,000 FTE officers, staff, PCSOs and designated "
                             f"officers at {pd.Timestamp(as_at):%-d %B %Y}", f"{BBW_SOURCE}; {HO_SOURCE}",
                 _coverage_note(coverage))
    data = rates[["force", "value", "workforce_fte", "per_1000_fte", "per_1000_fte_low", "per_1000_fte_high",
                  "per_1000_fte_per_year", "rate_rank"]].rename(columns={"value": "breaches"}).round(3)
    data["workforce_as_at"] = as_at
    data["notes"] = "95% exact Poisson interval on the count; " + _coverage_note(coverage)
    alt = (f"Dot chart with intervals: {title}. " + "; ".join(
        f"{r.force} {r.per_1000_fte:.1f} (95% interval {r.per_1000_fte_low:.1f} to {r.per_1000_fte_high:.1f})"
        for r in rows.iloc[::-1].itertuples()) + "."
        + "".join(f" {r.force}: no rate (no workforce figure at that date)." for r in unrated(rates).itertuples()))
    return Chart(fig, data, title, alt)


def _rank_labels(rows: pd.DataFrame, rank: str) -> dict[int, str]:
    """One label per rank, naming every force that shares it (so tied forces do not print on each other)."""
    return {int(r): _list([short_name(f) for f in group["force"]])
            for r, group in rows.sort_values("force").groupby(rank)}


def slope_chart(rates: pd.DataFrame, highlight: list[str], period: tuple[str, str], coverage: dict,
                width: float) -> Chart:
    """Rank by count (left) against rank by rate (right): who moves when force size is taken into account."""
    rows = rates.dropna(subset=["per_1000_fte"])
    if rows.empty:
        return _nothing_to_draw(width, "Rank by count and by rate", period)
    n = max(int(rows["count_rank"].max()), int(rows["rate_rank"].max()))
    fig, ax = style.subplots(width, 1)
    # Wide enough for the longest single word ('Northamptonshire'), so a name is not broken mid-word, but a
    # third of the chart each side at most (on a chart narrower than about 4 inches a long name breaks).
    longest = max(style.text_width(fig, word, style.SMALLEST) for name in rows["force"].map(short_name)
                  for word in [*name.split(" "), "00"])
    side = min(max(style.label_width(fig) * 0.75, longest + 0.3), fig.get_figwidth() / 3)
    left = {rank: style.wrap(fig, f"{label} {rank}", side, style.SMALLEST)
            for rank, label in _rank_labels(rows, "count_rank").items()}
    right = {rank: style.wrap(fig, f"{rank} {label}", side, style.SMALLEST)
             for rank, label in _rank_labels(rows, "rate_rank").items()}
    fig.set_figheight(0.3 + style.row_height([*left.values(), *right.values()], style.SMALLEST, least=0.36) * n)
    for row in rows.itertuples(index=False):
        bold = row.force_id in highlight
        ax.plot([0, 1], [row.count_rank, row.rate_rank], color=style.HIGHLIGHT if bold else style.BASE,
                linewidth=2 if bold else 1.3, marker="o", markersize=5)
    names = set(rows.loc[rows["force_id"].isin(highlight), "force"].map(short_name))
    for x, ha, labels in ((-0.04, "right", left), (1.04, "left", right)):
        for rank, label in labels.items():
            ax.text(x, rank, label, ha=ha, va="center", fontsize=style.SMALLEST, color=style.INK,
                    fontweight="bold" if any(name in label.replace("\n", " ") for name in names) else "normal")
    ax.set_ylim(n + 0.5, 0.5)
    ax.set_xlim(0, 1)
    ax.axis("off")
    # Each heading stands over its own column of labels, so the two never meet however narrow the chart.
    ax.text(0, 0.35, "By count", ha="right", va="bottom", fontsize=style.SMALLEST, fontweight="bold", color=style.INK)
    ax.text(1, 0.35, "By rate", ha="left", va="bottom", fontsize=style.SMALLEST, fontweight="bold", color=style.INK)
    moved = rows[rows["count_rank"] != rows["rate_rank"]]
    title = (f"Taking force size into account reorders the ranking {rate_scope(len(rows))}" if len(moved)
             else f"The order {rate_scope(len(rows))} holds per member of the workforce")
    style.finish(fig, title, f"Place {rate_scope(len(rows))}, {period_words(period)}: by number of breaches "
                             "and by breaches per 1,000 FTE workforce", f"{BBW_SOURCE}; {HO_SOURCE}", _coverage_note(coverage))
    data = rows[["force", "count_rank", "rate_rank", "value", "per_1000_fte"]].rename(
        columns={"count_rank": "rank_by_count", "rate_rank": "rank_by_rate", "value": "breaches"}).round(3)
    data["notes"] = _coverage_note(coverage)
    alt = (f"Slope chart: {title}. " + "; ".join(
        f"{r.force} from {r.count_rank} by count to {r.rate_rank} by rate" for r in rows.itertuples()) + ".")
    return Chart(fig, data, title, alt)


def _nothing_to_draw(width: float, what: str, period: tuple[str, str]) -> Chart:
    fig, _ = style.empty_chart(NO_FIGURES, width)
    title = f"{what}: no published figures for this period"
    style.finish(fig, title, period_words(period), BBW_SOURCE)
    return Chart(fig, pd.DataFrame({"notes": [NO_FIGURES]}), title, f"{title}. {NO_FIGURES}")


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
    within = _sentence_case(rate_scope(len(rows)))
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
            text += (f" Its interval overlaps those of {_list(overlap['force'].map(md))}: the data cannot tell those rates "
                     "apart.")
        near = [f for f in below.index if f not in far_below.index]
        if near:
            text += (f" Its rate is higher than {_list(below.loc[near, 'force'].map(md))}'s by more than chance would explain, "
                     "though each force decided for itself what to count as a breach.")
        near_above = [f for f in above.index if f not in far_above.index]
        if near_above:
            text += f" It is lower than {_list(above.loc[near_above, 'force'].map(md))}'s by more than chance would explain."
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


# --------------------------------------------------------------------------- one force's categories

def category_chart(breakdown: pd.DataFrame, force: str, year: int, highlight_largest: bool, width: float,
                   source: str, caveats: list[str] = ()) -> Chart:
    """``caveats``: what config/caveats.csv says about these figures, printed under the chart."""
    data = breakdown[breakdown["value"].notna()].copy()
    data["label"] = data["label_as_published"].map(_sentence_case)
    unit = data["unit"].iloc[0]
    total = int(data["value"].sum())
    leaders, _ = largest(data, "label")
    highlight = leaders if highlight_largest else []
    fig, ax = style.bar_chart(data, label="label", value="value", highlight=highlight, width=width)
    if len(leaders) == 1:
        title = f"{leaders[0]} was the most common of {force}'s {total} {unit} in {year}"
    else:
        title = f"{_list(leaders)} were joint most common of {force}'s {total} {unit} in {year}"
    note = " ".join(["Categories as published.", *(c.rstrip(".") + "." for c in caveats)])
    style.finish(fig, title, f"{_sentence_case(unit)} by category, 1 January to 31 December {year}", source, note)
    out = data[["label_as_published", "category_name", "value", "unit", "source_id"]].rename(columns={"value": "count"})
    out["notes"] = f"{total} {unit} in all. {note}"
    alt = (f"Horizontal bar chart: {title}. " + "; ".join(f"{r.label} {r.value}" for r in data.itertuples()) + ". "
           + note)
    return Chart(fig, out, title, alt)


def category_sentence(breakdown: pd.DataFrame, year: int) -> str:
    counted = breakdown[breakdown["value"].notna()]
    total = int(counted["value"].sum())
    leaders, top = largest(counted, "label_as_published")
    top = int(top)
    share = percent(top, total) if total else "0%"
    unit = counted["unit"].iloc[0]
    named = _list([f"*{md(label)}*" for label in leaders])
    if len(leaders) == 1:
        return f"**{total} {md(unit)}** in {year}. The largest category, {named}, accounts for {top} ({share})."
    return f"**{total} {md(unit)}** in {year}. The largest categories, {named}, account for {top} each ({share} each)."


# --------------------------------------------------------------------------- outcomes

def outcome_title(body: str, summary: dict) -> str:
    informal, unclear, denominator = (int(summary[k]) for k in ("no_formal_action", "not_classifiable", "denominator"))
    share = percent(informal, denominator)
    counts = summary.get("counts") or "breaches"  # 'answers' where they count people or may overlap (caveats.csv)
    if unclear and summary.get("mixed"):
        return f"{body}: at least {informal:,} of {denominator:,} {counts} ({share}) ended with no formal action"
    return f"{body}: {informal:,} of {denominator:,} {counts} ({share}) ended with no formal action"


def outcome_chart(breakdown: pd.DataFrame, summary: dict, period: tuple[str, str], width: float,
                  source: str) -> Chart:
    """One body's outcomes in the order of the canonical scale; no formal action in vermilion."""
    body = breakdown["body"].iloc[0]
    denominator = int(summary["denominator"])
    colours = {row.outcome: style.HIGHLIGHT if row.formal_action == "no" else
               (style.BASE if row.formal_action == "yes" else style.MUTED) for row in breakdown.itertuples()}
    labels = [f"{row.value:,} ({percent(row.value, denominator)})" for row in breakdown.itertuples()]
    fig, _ = style.bar_chart(breakdown, label="outcome_name", value="value", key="outcome", colours=colours,
                             width=width, value_labels=labels)
    title = outcome_title(body, {**summary, "mixed": (breakdown["formal_action"] == "mixed").any()})
    covered = int(breakdown["value"].sum())
    counts = breakdown["counts"].iloc[0] if "counts" in breakdown else "breaches"
    notes = [(f"The outcomes quoted cover {covered:,} of {denominator:,} breaches; the rest were not quoted."
              if covered < denominator else f"The outcomes quoted add up to {covered:,}, more than the {denominator:,} "
              "breaches: some breaches are counted under more than one outcome, so the shares overlap")
             if covered != denominator else "", *dict.fromkeys(filter(None, breakdown.get("note", [])))]
    note_text = " ".join(_sentence_case(n.rstrip(".")) + "." for n in notes if n)
    style.finish(fig, title, f"Outcomes of data breaches, {period_words(period)}, as a share of "
                             f"{denominator:,} {counts}. Vermilion: no formal action; blue: formal "
                             "action; grey: other or not known", source, note_text)
    data = breakdown[["body", "outcome_name", "value", "denominator", "share", "formal_action", "source_id"]].copy()
    data["share"] = data["share"].round(4)
    data["notes"] = note_text
    alt = (f"Bar chart: {title}. " + "; ".join(f"{r.outcome_name} {r.value} ({percent(r.value, denominator)})"
                                               for r in breakdown.itertuples()) + ". " + note_text)
    return Chart(fig, data, title, alt)


# --------------------------------------------------------------------------- one force's series

def context_chart(series: pd.DataFrame, force: str, width: float, source: str, notes: list[str] = ()) -> Chart:
    """Small multiples (seaborn's catplot): each published series in its own panel and unit; no line joins them.

    ``series`` may carry a ``marker`` per bar (a footnote sign) explained by ``notes``.
    """
    import seaborn as sns

    panels = list(dict.fromkeys(series["panel"]))
    slots = max(int(series.groupby("panel").size().max()), 4)
    style.apply()
    with sns.axes_style("white", rc=style.RC):  # each panel keeps its own periods (sharex=False)
        grid = sns.catplot(series, kind="bar", row="panel", row_order=panels, x="period_label", y="value",
                           sharex=False, sharey=False, height=1.0, aspect=width, color=style.BASE, width=0.6,
                           errorbar=None)
        grid.despine(left=True)
    fig = grid.figure
    fig.set_figwidth(width)
    for ax, panel in zip(grid.axes[:, 0], panels):
        rows = series[series["panel"] == panel]
        ax.set_xlim(-0.5, slots - 0.5)  # the same bar width in every panel, however many periods it has
        markers = rows["marker"] if "marker" in rows else [""] * len(rows)
        labels = [f"{value:,}{' ' + marker if marker else ''}" for value, marker in zip(rows["value"], markers)]
        ax.bar_label(ax.containers[0], labels=labels, fontsize=style.SMALLEST, color=style.INK, padding=2)
        ax.set_title("")
        ax.set_title(style.wrap(fig, panel, width - 2 * style.PAD, style.SMALLEST), loc="left", fontsize=style.SMALLEST,
                     color=style.INK)
        ax.set_xlabel("")
        ax.set_ylabel("")
        ax.set_yticks([])
        ax.set_ylim(0, max(int(rows["value"].max()), 1) * 1.35)
        ax.set_xticks(ax.get_xticks(), [style.wrap(fig, t.get_text(), width / slots - 0.05, style.SMALLEST) for t in ax.get_xticklabels()])
        ax.tick_params(axis="x", labelsize=style.SMALLEST)
    title = f"{force}'s published figures count different things"
    style.finish(fig, title, "Each panel is a different counting unit and source, with its own scale: bars of "
                             "the same height in two panels are not the same number, and no trend joins them",
                 source, " ".join(notes), heights=[1.0] * len(panels))
    data = series[["panel", "unit", "period_label", "period_start", "period_end", "part_period", "value",
                   "source_id"]].copy()
    data["notes"] = ("Counting units and scales differ between panels: do not compare or join them. "
                     + " ".join(notes))
    alt = (f"Small multiples: {title}. " + " ".join(
        f"{panel}: " + ", ".join(f"{r.period_label} {r.value}" for r in series[series['panel'] == panel].itertuples())
        + "." for panel in panels) + (" " + " ".join(notes) if notes else ""))
    return Chart(fig, data, title, alt)


# --------------------------------------------------------------------------- saving and sources

def save_chart(chart: Chart, name: str, figures_dir: Path, data_dir: Path, formats, dpi: int) -> dict:
    return style.save(chart.fig, name, figures_dir, chart.data, data_dir, chart.alt, formats=formats, dpi=dpi)


def figure_html(chart: Chart, paths: dict, depth: int = 1) -> str:
    return style.figure_html(paths, chart.alt, chart.title, depth)


def source_line(source_ids, manifest: dict) -> str:
    """'Publisher, title (date)' for each source id, from the manifest, in the order given."""
    known = {s["source_id"]: s for r in manifest["resources"] for s in r["sources"]}
    from police_breaches.core.text import date_words

    return "; ".join(f"{known[i]['publisher']}, '{known[i]['title']}' ({date_words(known[i]['published'])})"
                     for i in dict.fromkeys(source_ids))
