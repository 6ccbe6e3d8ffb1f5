"""The project's charts and the sentences that go with them, built on the house style in ``style``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import style

BBW_SOURCE = ("Big Brother Watch, 'Safe in Police hands?' (July 2016), FOI requests to UK forces; "
              "per-force totals as quoted by Computer Weekly and local papers")
HO_SOURCE = "Home Office, Police workforce, England and Wales (data tables, OGL v3.0)"

WORKFORCE_CAVEATS = (
    "**Caveats on the workforce.** The Home Office notes that some forces could not separately identify "
    "designated officers and count them as police staff, and that in July 2017 West Midlands Police changed "
    "its HR system, after which its staff and designated officers were counted differently. Forces that "
    "outsource work (custody, control rooms) employ fewer staff of their own, which raises their rate. "
    "The workforce is taken at one date; the breaches span four and a half years."
)


NO_FIGURES = "No published per-force total lies within this period."


@dataclass
class Chart:
    fig: object
    data: pd.DataFrame
    title: str
    alt: str


def _period_words(period: tuple[str, str]) -> str:
    start, end = (pd.Timestamp(p) for p in period)
    return f"{start.day} {start:%B %Y} to {end.day} {end:%B %Y}"


def short_name(force: str) -> str:
    """'Avon and Somerset Constabulary' → 'Avon and Somerset', as newsroom charts label forces."""
    return re.sub(r"\s+(Police Service|Police|Constabulary)$", "", force)


def coverage_sentence(cov: dict) -> str:
    share = "" if cov["share_of_national"] is None else (
        f", {100 * cov['share_of_national']:.1f}% of the {cov['national_total']:,} breaches Big Brother Watch "
        f"counted; {cov['not_attributable']:,} cannot be attributed to a named force")
    return (f"**Coverage:** {cov['forces_with_figure']} of {cov['territorial_forces']} territorial forces have a "
            f"published total. Together they account for {cov['known_sum']:,} breaches{share}.")


def missing_forces_sentence(cov: dict) -> str:
    missing = "**Forces with no published total** (no rank is implied for them): " + ", ".join(sorted(cov["missing"])) + "."
    withheld = f" **Figures not revealed:** {', '.join(cov['withheld'])}." if cov["withheld"] else ""
    return missing + withheld


def workforce_note_sentence(rates: pd.DataFrame) -> str:
    flagged = rates[rates["workforce_note"] != ""]
    if flagged.empty:
        return "No force's workforce make-up stands out."
    return "**Forces whose workforce make-up moves the rate:** " + " ".join(
        f"{row.force}: {row.workforce_note}." for row in flagged.itertuples())


def _coverage_note(cov: dict) -> str:
    if cov["share_of_national"] is None:
        return f"Only the {cov['forces_with_figure']} forces with a published total are shown."
    return (f"Only the {cov['forces_with_figure']} forces whose totals were published are ranked: "
            f"{cov['known_sum']:,} of {cov['national_total']:,} breaches ({100 * cov['share_of_national']:.0f}%). "
            f"Other forces may rank among them.")


def ranking_chart(ranked: pd.DataFrame, top_n: int, highlight: list[str], coverage: dict,
                  period: tuple[str, str], width: float) -> Chart:
    known = ranked[ranked["rank"].notna()].sort_values(["rank", "force"]).head(top_n)
    if known.empty:
        fig, _ = style.empty_chart(NO_FIGURES, width)
        title = "No published per-force figures for this period"
    else:
        fig, ax = style.bar_chart(known.assign(label=known["force"].map(short_name)), label="label", value="value",
                                  highlight=highlight, key="force_id", width=width)
        leader, runner = known.iloc[0], known.iloc[1] if len(known) > 1 else None
        title = f"{leader['force']} reported the most data breaches"
        if runner is not None and leader["value"] > 2 * runner["value"]:
            title += ", more than double any other force"
    style.finish(fig, title, f"Data breaches by police staff, {_period_words(period)}; forces with a published "
                             f"total, top {len(known)}", BBW_SOURCE, _coverage_note(coverage))
    data = known[["rank", "force", "value", "source_id"]].rename(columns={"value": "breaches"})
    data["notes"] = _coverage_note(coverage)
    bars = "; ".join(f"{r.force} {r.value}" for r in known.itertuples())
    alt = " ".join(part for part in [f"Horizontal bar chart: {title}.", f"{bars}." if bars else "",
                                     _coverage_note(coverage)] if part)
    return Chart(fig, data, title, alt)


def rate_chart(rates: pd.DataFrame, highlight: list[str], as_at: str, years: float, period: tuple[str, str],
               coverage: dict, width: float) -> Chart:
    rows = rates.dropna(subset=["per_1000_fte"]).iloc[::-1]
    if rows.empty:
        return _nothing_to_draw(width, "Breaches per 1,000 FTE workforce", period)
    fig, ax = style.subplots(width, 0.2 + 0.42 * len(rows))
    fig.subplots_adjust(left=0.4, right=0.95, top=1.0, bottom=0.0)
    for y, row in enumerate(rows.itertuples(index=False)):
        colour = style.HIGHLIGHT if row.force_id in highlight else style.BASE
        ax.plot([row.per_1000_fte_low, row.per_1000_fte_high], [y, y], color=colour, linewidth=2.2, alpha=0.55)
        ax.plot(row.per_1000_fte, y, "o", color=colour, markersize=7)
        ax.text(row.per_1000_fte_high, y, f"  {row.per_1000_fte:.1f}", va="center", fontsize=10.5, color=style.INK)
    ax.set_yticks(range(len(rows)), [style.tick_label(short_name(f)) for f in rows["force"]])
    ax.set_xlim(0, rows["per_1000_fte_high"].max() * 1.2)
    ax.set_xlabel("Per 1,000 FTE (line: 95% interval)", fontsize=10)
    ax.grid(axis="x", color="#E5E5E5")
    ax.set_axisbelow(True)
    top = rows.iloc[-1]
    title = f"Per member of the workforce, {top['force']} had the highest rate"
    style.finish(fig, title, f"Breaches {_period_words(period)} per 1,000 FTE officers, staff, PCSOs and designated "
                             f"officers at {pd.Timestamp(as_at):%-d %B %Y}", f"{BBW_SOURCE}; {HO_SOURCE}",
                 _coverage_note(coverage), axis_space=0.6)
    data = rates[["force", "value", "workforce_fte", "per_1000_fte", "per_1000_fte_low", "per_1000_fte_high",
                  "per_1000_fte_per_year", "rate_rank"]].rename(columns={"value": "breaches"}).round(3)
    data["workforce_as_at"] = as_at
    data["notes"] = "95% exact Poisson interval on the count; " + _coverage_note(coverage)
    alt = (f"Dot chart with intervals: {title}. " + "; ".join(
        f"{r.force} {r.per_1000_fte:.1f} (95% interval {r.per_1000_fte_low:.1f} to {r.per_1000_fte_high:.1f})"
        for r in rates.itertuples()) + ".")
    return Chart(fig, data, title, alt)


def slope_chart(rates: pd.DataFrame, highlight: list[str], period: tuple[str, str], coverage: dict,
                width: float) -> Chart:
    """Rank by count (left) against rank by rate (right): who moves when force size is taken into account."""
    rows = rates.dropna(subset=["per_1000_fte"])
    if rows.empty:
        return _nothing_to_draw(width, "Rank by count and by rate", period)
    n = len(rows)
    fig, ax = style.subplots(width, 0.6 + 0.4 * n)
    fig.subplots_adjust(left=0.37, right=0.63, top=1.0, bottom=0.0)
    for row in rows.itertuples(index=False):
        colour = style.HIGHLIGHT if row.force_id in highlight else style.BASE
        weight = "bold" if row.force_id in highlight else "normal"
        ax.plot([0, 1], [row.rank, row.rate_rank], color=colour, linewidth=2 if weight == "bold" else 1.3,
                marker="o", markersize=5)
        ax.text(-0.04, row.rank, f"{short_name(row.force)} {row.rank}", ha="right", va="center", fontsize=9.5, color=style.INK,
                fontweight=weight)
        ax.text(1.04, row.rate_rank, f"{row.rate_rank} {short_name(row.force)}", ha="left", va="center", fontsize=9.5,
                color=style.INK, fontweight=weight)
    ax.set_ylim(n + 0.5, -0.6)
    ax.set_xlim(0, 1)
    ax.axis("off")
    ax.text(0, 0.0, "By count", ha="center", va="bottom", fontsize=10.5, fontweight="bold", color=style.INK)
    ax.text(1, 0.0, "Per 1,000 staff", ha="center", va="bottom", fontsize=10.5, fontweight="bold", color=style.INK)
    moved = rows[rows["rank"] != rows["rate_rank"]]
    title = "Taking force size into account reorders the ranking" if len(moved) else "The order holds per member of staff"
    style.finish(fig, title, f"Rank among forces with a published total, {_period_words(period)}: by number of "
                             "breaches and by breaches per 1,000 FTE workforce", f"{BBW_SOURCE}; {HO_SOURCE}",
                 _coverage_note(coverage), axis_space=0.1)
    data = rows[["force", "rank", "rate_rank", "value", "per_1000_fte"]].rename(
        columns={"rank": "rank_by_count", "rate_rank": "rank_by_rate", "value": "breaches"}).round(3)
    data["notes"] = _coverage_note(coverage)
    alt = (f"Slope chart: {title}. " + "; ".join(
        f"{r.force} from {r.rank} by count to {r.rate_rank} by rate" for r in rows.itertuples()) + ".")
    return Chart(fig, data, title, alt)


def _nothing_to_draw(width: float, what: str, period: tuple[str, str]) -> Chart:
    fig, _ = style.empty_chart(NO_FIGURES, width)
    title = f"{what}: no published figures for this period"
    style.finish(fig, title, _period_words(period), BBW_SOURCE, axis_space=0.0)
    return Chart(fig, pd.DataFrame({"notes": [NO_FIGURES]}), title, f"{title}. {NO_FIGURES}")


def rate_sentences(rates: pd.DataFrame, highlight: list[str]) -> str:
    """Say in words how the order changes and which differences are larger than the intervals."""
    rows = rates.dropna(subset=["per_1000_fte"]).set_index("force_id")
    if rows.empty:
        return NO_FIGURES
    top = rows.sort_values("per_1000_fte", ascending=False).iloc[0]
    parts = [f"By rate, **{top['force']}** comes first with {top['per_1000_fte']:.1f} breaches per 1,000 workforce (FTE) "
             f"(95% interval {top['per_1000_fte_low']:.1f}–{top['per_1000_fte_high']:.1f}); it ranks "
             f"{top['rank']} by count."]
    for force_id in highlight:
        if force_id not in rows.index:
            continue
        row = rows.loc[force_id]
        above = rows[rows["per_1000_fte_low"] > row["per_1000_fte_high"]]["force"].tolist()
        below = rows[rows["per_1000_fte_high"] < row["per_1000_fte_low"]]["force"].tolist()
        overlap = [f for f in rows["force"] if f not in above + below and f != row["force"]]
        parts.append(
            f"**{row['force']}** ranks {row['rank']} by count and {row['rate_rank']} by rate "
            f"({row['per_1000_fte']:.1f} per 1,000 workforce, interval {row['per_1000_fte_low']:.1f}–"
            f"{row['per_1000_fte_high']:.1f}). Its rate is clearly higher than "
            f"{_list(below) or 'no other force'}; clearly lower than {_list(above) or 'no other force'}; "
            f"the intervals overlap with {_list(overlap) or 'no other force'}, so those differences could be chance.")
    return "\n\n".join(parts)


def _list(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def largest(table: pd.DataFrame, label: str, value: str = "value") -> tuple[list[str], int]:
    """The label(s) holding the largest value, all of them where there is a tie, and that value."""
    top = int(table[value].max())
    return table.loc[table[value] == top, label].tolist(), top


def _sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


def category_chart(breakdown: pd.DataFrame, force: str, year: int, highlight_largest: bool, width: float,
                   source: str) -> Chart:
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
    style.finish(fig, title, f"{_sentence_case(unit)} by category, 1 January to 31 December {year}", source,
                 "Categories as published.")
    out = data[["label_as_published", "category_name", "value", "unit", "source_id"]].rename(columns={"value": "count"})
    out["notes"] = f"{total} {unit} in all"
    alt = (f"Horizontal bar chart: {title}. " + "; ".join(f"{r.label} {r.value}" for r in data.itertuples()) + ".")
    return Chart(fig, out, title, alt)


def category_sentence(breakdown: pd.DataFrame, year: int) -> str:
    from .nb import md
    counted = breakdown[breakdown["value"].notna()]
    total = int(counted["value"].sum())
    leaders, top = largest(counted, "label_as_published")
    share = f"{100 * top / total:.0f}%" if total else "0%"
    unit = counted["unit"].iloc[0]
    named = _list([f"*{md(label)}*" for label in leaders])
    if len(leaders) == 1:
        return (f"**{total} {md(unit)}** in {year}. The largest category, {named}, accounts for {top} ({share}).")
    return f"**{total} {md(unit)}** in {year}. The largest categories, {named}, account for {top} each ({share} each)."


def save_chart(chart: Chart, name: str, figures_dir: Path, data_dir: Path, formats, dpi: int) -> dict:
    return style.save(chart.fig, name, figures_dir, chart.data, data_dir, chart.alt, formats=formats, dpi=dpi)


def figure_html(chart: Chart, paths: dict) -> str:
    return style.figure_html(paths, chart.alt, chart.title)


def source_line(source_ids, manifest: dict) -> str:
    """'Publisher, title (date)' for each source id, from the manifest, in the order given."""
    known = {s["source_id"]: s for r in manifest["resources"] for s in r["sources"]}
    return "; ".join(f"{known[i]['publisher']}, '{known[i]['title']}' ({known[i]['published']})"
                     for i in dict.fromkeys(source_ids))


def outcome_chart(breakdown: pd.DataFrame, summary: dict, period: tuple[str, str], width: float,
                  source: str, note: str = "") -> Chart:
    """One body's outcomes in the order of the canonical scale; no formal action in vermilion."""
    body = breakdown["body"].iloc[0]
    denominator = int(summary["denominator"])
    colours = {row.outcome: style.HIGHLIGHT if row.formal_action == "no" else
               (style.BASE if row.formal_action == "yes" else style.MUTED) for row in breakdown.itertuples()}
    labels = [f"{row.value:,} ({100 * row.share:.0f}%)" for row in breakdown.itertuples()]
    fig, _ = style.bar_chart(breakdown, label="outcome_name", value="value", key="outcome", colours=colours,
                             width=width, value_labels=labels)
    share = 100 * summary["share_no_formal_action"]
    at_least = "at least " if (breakdown["formal_action"] == "mixed").any() else ""
    title = f"{body}: {at_least}{share:.0f}% of breaches ended with no formal action"
    covered = int(breakdown["value"].sum())
    coverage_note = ("" if covered == denominator else
                     f"The outcomes quoted cover {covered:,} of {denominator:,} breaches; the rest were not quoted. ")
    style.finish(fig, title, f"Outcomes of data breaches, {_period_words(period)}, as a share of "
                             f"{denominator:,} breaches. Vermilion: no formal action; blue: formal "
                             "action; grey: other or not known", source, coverage_note + note)
    data = breakdown[["body", "outcome_name", "value", "denominator", "share", "formal_action", "source_id"]].copy()
    data["share"] = data["share"].round(4)
    data["notes"] = coverage_note + note
    alt = (f"Bar chart: {title}. " + "; ".join(f"{r.outcome_name} {r.value} ({100 * r.share:.0f}%)"
                                               for r in breakdown.itertuples()) + ". " + coverage_note)
    return Chart(fig, data, title, alt)


def context_chart(series: pd.DataFrame, force: str, width: float, source: str, note: str = "") -> Chart:
    """Small multiples: each published series in its own panel and unit; no line joins them."""
    panels = list(dict.fromkeys(series["panel"]))
    fig, axes = style.subplots(width, 1.55 * len(panels), len(panels), 1, squeeze=False)
    fig.subplots_adjust(left=0.08, right=0.97, top=1.0, bottom=0.0, hspace=1.05)
    slots = max(series.groupby("panel").size().max(), 4)
    for ax, panel in zip(axes[:, 0], panels):
        rows = series[series["panel"] == panel]
        ax.set_xlim(-0.5, slots - 0.5)  # same bar width in every panel, however many periods it has
        bars = ax.bar(rows["period_label"], rows["value"], color=style.BASE, width=0.6)
        for bar, value in zip(bars, rows["value"]):
            ax.text(bar.get_x() + bar.get_width() / 2, bar.get_height(), f"{value:,}", ha="center", va="bottom",
                    fontsize=9.5, color=style.INK)
        ax.set_title(style.tick_label(panel, 70), loc="left", fontsize=10, color=style.INK)
        ax.set_yticks([])
        ax.set_ylim(0, rows["value"].max() * 1.3 if len(rows) else 1)
        ax.tick_params(axis="x", labelsize=9)
    title = f"{force}'s published figures count different things"
    style.finish(fig, title, "Each panel is a different counting unit and source; they cannot be joined into "
                             "one trend", source, note, extra_top=0.45)
    data = series[["panel", "unit", "period_label", "period_start", "period_end", "value", "source_id"]].copy()
    data["notes"] = "Counting units differ between panels: do not compare or join them."
    alt = (f"Small multiples: {title}. " + " ".join(
        f"{panel}: " + ", ".join(f"{r.period_label} {r.value}" for r in series[series['panel'] == panel].itertuples())
        + "." for panel in panels))
    return Chart(fig, data, title, alt)
