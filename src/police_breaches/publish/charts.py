"""The project's charts, built on the house style in ``style``: each titled, sourced, directly labelled and
readable at phone width, with the data it draws saved beside it. What they say in words is in ``sentences``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from police_breaches.publish import style
from police_breaches.publish.sentences import (
    NO_FIGURES,
    and_list,
    coverage_note,
    largest,
    percent,
    period_words,
    rate_scope,
    sentence_case,
    short_name,
    unrated,
)

BBW_SOURCE = ("Big Brother Watch, 'Safe in Police hands?' (July 2016), FOI requests to UK forces; "
              "per-force totals as quoted by Computer Weekly and local papers")

HO_SOURCE = "Home Office, Police workforce, England and Wales (data tables, OGL v3.0)"


RANGE_NOTE = ("A rank is a range: the other forces' totals were never published, so each force can sit anywhere the "
              "published totals, ranks and national figure allow.")


@dataclass
class Chart:
    fig: object
    data: pd.DataFrame
    title: str
    alt: str


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
        return f"{what}: {and_list(leaders)} reported the most, {top:,} each"
    runner = known.loc[known["value"] < top, "value"].max()
    more = ", more than double any other" if top > 2 * runner else ""
    return f"{what}: {leaders[0]} reported the most{more}"


def ranking_chart(ranked: pd.DataFrame, top_n: int, highlight: list[str], coverage: dict,
                  period: tuple[str, str], width: float) -> Chart:
    """The known totals of ``period`` (the totals' own; the project's period where none lies inside it), largest
    first, each with the ranks it can hold among all the forces assumed to have answered."""
    known = ranked[ranked["rank"].notna()].sort_values(["rank", "force"])
    shown = known.head(top_n)
    if shown.empty:
        return _nothing_to_draw(width, "The forces' totals", period)
    labels = [f"{r.value:,} · {r.possible_rank}" for r in shown.itertuples()]
    fig, ax = style.bar_chart(shown.assign(label=shown["force"].map(short_name)), label="label", value="value",
                              highlight=highlight, key="force_id", width=width, value_labels=labels)
    title = ranking_title(known, len(shown))
    shown_words = f"the {len(shown)} largest of {len(known)}" if len(shown) < len(known) else f"all {len(known)}"
    of = int(known["of"].max()) if known["of"].notna().any() else 0
    style.finish(fig, title, f"Data breaches by officers and staff, {period_words(period)} ({shown_words}); beside each, "
                             f"the ranks it can hold among the {of} forces assumed to have answered", BBW_SOURCE,
                 coverage_note(coverage) + " " + RANGE_NOTE)
    data = known[["force", "value", "possible_rank", "best", "worst", "of", "source_id"]].rename(
        columns={"value": "breaches", "best": "best_possible_rank", "worst": "worst_possible_rank",
                 "of": "forces_that_answered"})
    data.insert(1, "drawn", ["yes" if i < len(shown) else "no" for i in range(len(known))])
    data["notes"] = coverage_note(coverage) + " " + RANGE_NOTE
    bars = "; ".join(f"{r.force} {r.value} ({r.possible_rank})" for r in shown.itertuples())
    alt = " ".join(part for part in [f"Horizontal bar chart: {title}.", f"{bars}." if bars else "",
                                     coverage_note(coverage)] if part)
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
    who = and_list(leaders) + (" had" if len(leaders) == 1 else " shared")
    return f"{sentence_case(rate_scope(len(rows)))}, {who} the highest rate per member of the workforce"


def rate_chart(rates: pd.DataFrame, highlight: list[str], as_at: str, period: tuple[str, str] | None,
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
                 coverage_note(coverage))
    data = rates[["force", "value", "workforce_fte", "per_1000_fte", "per_1000_fte_low", "per_1000_fte_high",
                  "per_1000_fte_per_year", "rate_rank"]].rename(
        columns={"value": "breaches", "rate_rank": "place_by_rate_among_rated"}).round(3)
    data["workforce_as_at"] = as_at
    data["notes"] = "95% exact Poisson interval on the count; " + coverage_note(coverage)
    alt = (f"Dot chart with intervals: {title}. " + "; ".join(
        f"{r.force} {r.per_1000_fte:.1f} (95% interval {r.per_1000_fte_low:.1f} to {r.per_1000_fte_high:.1f})"
        for r in rows.iloc[::-1].itertuples()) + "."
        + "".join(f" {r.force}: no rate (no workforce figure at that date)." for r in unrated(rates).itertuples()))
    return Chart(fig, data, title, alt)


def _place_labels(rows: pd.DataFrame, place: str, figure) -> dict[int, str]:
    """One label per place, naming every force that holds it with its figure ('Metropolitan 39'): a place among
    the forces with a rate is not a rank of all forces, so the labels give the figures, not the places."""
    return {int(p): and_list([f"{short_name(r.force)} {figure(r)}" for r in group.itertuples()])
            for p, group in rows.sort_values("force").groupby(place)}


def slope_chart(rates: pd.DataFrame, highlight: list[str], period: tuple[str, str], coverage: dict,
                width: float) -> Chart:
    """The forces with a rate, ordered by count (left, with each count) and by rate (right, with each rate): who
    moves when force size is taken into account."""
    rows = rates.dropna(subset=["per_1000_fte"])
    if rows.empty:
        return _nothing_to_draw(width, "Count and rate", period)
    n = max(int(rows["count_rank"].max()), int(rows["rate_rank"].max()))
    fig, ax = style.subplots(width, 1)
    # Wide enough for the longest single word ('Northamptonshire'), so a name is not broken mid-word, but a
    # third of the chart each side at most (on a chart narrower than about 4 inches a long name breaks).
    longest = max(style.text_width(fig, word, style.SMALLEST) for name in rows["force"].map(short_name)
                  for word in [*name.split(" "), "00.0"])
    side = min(max(style.label_width(fig) * 0.75, longest + 0.3), fig.get_figwidth() / 3)
    left = {place: style.wrap(fig, label, side, style.SMALLEST)
            for place, label in _place_labels(rows, "count_rank", lambda r: f"{r.value:,}").items()}
    right = {place: style.wrap(fig, label, side, style.SMALLEST)
             for place, label in _place_labels(rows, "rate_rank", lambda r: f"{r.per_1000_fte:.1f}").items()}
    fig.set_figheight(0.3 + style.row_height([*left.values(), *right.values()], style.SMALLEST, least=0.36) * n)
    for row in rows.itertuples(index=False):
        bold = row.force_id in highlight
        ax.plot([0, 1], [row.count_rank, row.rate_rank], color=style.HIGHLIGHT if bold else style.BASE,
                linewidth=2 if bold else 1.3, marker="o", markersize=5)
    names = set(rows.loc[rows["force_id"].isin(highlight), "force"].map(short_name))
    for x, ha, labels in ((-0.04, "right", left), (1.04, "left", right)):
        for place, label in labels.items():
            ax.text(x, place, label, ha=ha, va="center", fontsize=style.SMALLEST, color=style.INK,
                    fontweight="bold" if any(name in label.replace("\n", " ") for name in names) else "normal")
    ax.set_ylim(n + 0.5, 0.5)
    ax.set_xlim(0, 1)
    ax.axis("off")
    # Each heading stands over its own column of labels, so the two never meet however narrow the chart.
    ax.text(0, 0.35, "Breaches", ha="right", va="bottom", fontsize=style.SMALLEST, fontweight="bold", color=style.INK)
    ax.text(1, 0.35, "Per 1,000", ha="left", va="bottom", fontsize=style.SMALLEST, fontweight="bold", color=style.INK)
    moved = rows[rows["count_rank"] != rows["rate_rank"]]
    title = (f"Taking force size into account reorders the {len(rows)} forces with a known total and a workforce "
             "figure" if len(moved) else
             f"The order of the {len(rows)} forces with a known total and a workforce figure holds per member of the "
             "workforce")
    style.finish(fig, title, f"The same {len(rows)} forces, {period_words(period)}, in order of breaches (left) and of "
                             "breaches per 1,000 FTE workforce (right); an order among these forces only, not a rank of "
                             "all forces", f"{BBW_SOURCE}; {HO_SOURCE}", coverage_note(coverage))
    data = rows[["force", "value", "per_1000_fte", "count_rank", "rate_rank"]].rename(
        columns={"value": "breaches", "count_rank": "order_by_breaches_among_these",
                 "rate_rank": "order_by_rate_among_these"}).round(3)
    data["notes"] = (f"Orders among the {len(rows)} forces with a known total and a workforce figure only, not ranks "
                     "of all forces. " + coverage_note(coverage))
    alt = (f"Slope chart: {title}. " + "; ".join(
        f"{r.force}: {r.value:,} breaches, {r.per_1000_fte:.1f} per 1,000" for r in rows.itertuples()) + ".")
    return Chart(fig, data, title, alt)


def _nothing_to_draw(width: float, what: str, period: tuple[str, str]) -> Chart:
    """An empty chart for a period (the project's) with no figure in it, saying so."""
    fig, _ = style.empty_chart(NO_FIGURES, width)
    title = f"{what}: no published figures for this period"
    style.finish(fig, title, f"No per-force total's whole period lies within {period_words(period)}", BBW_SOURCE)
    return Chart(fig, pd.DataFrame({"notes": [NO_FIGURES]}), title, f"{title}. {NO_FIGURES}")


def category_chart(breakdown: pd.DataFrame, force: str, year: int, highlight_largest: bool, width: float,
                   source: str, caveats: list[str] = ()) -> Chart:
    """``caveats``: what config/caveats.csv says about these figures, printed under the chart with the total's own
    (a part year, tables of one answer that disagree)."""
    from police_breaches.publish.words import in_all_words, year_words

    in_all = breakdown.attrs.get("in_all") or {}
    data = breakdown[breakdown["value"].notna()].copy()
    data["label"] = data["label_as_published"].map(sentence_case)
    unit = data["unit"].iloc[0]
    total = in_all_words(in_all)
    leaders, _ = largest(data, "label")
    highlight = leaders if highlight_largest else []
    fig, ax = style.bar_chart(data, label="label", value="value", highlight=highlight, width=width)
    when = year_words(year, in_all)
    if len(leaders) == 1:
        title = f"{leaders[0]} was the most common of {force}'s {total} {unit} in {when}"
    else:
        title = f"{and_list(leaders)} were joint most common of {force}'s {total} {unit} in {when}"
    own = [f"{year} is a part year: {in_all['partial']}" if in_all.get("partial") else "", in_all.get("caveats", "")]
    note = " ".join(["Categories as published.", *(sentence_case(c.rstrip(".")) + "." for c in [*caveats, *own] if c)])
    span = f"1 January to 31 December {year}" if not in_all.get("partial") else f"{year}, a part year"
    style.finish(fig, title, f"{sentence_case(unit)} by category, {span}", source, note)
    out = data[["label_as_published", "category_name", "value", "unit", "source_id"]].rename(columns={"value": "count"})
    out["notes"] = f"{total} {unit} in all. {note}"
    alt = (f"Horizontal bar chart: {title}. " + "; ".join(f"{r.label} {r.value}" for r in data.itertuples()) + ". "
           + note)
    return Chart(fig, out, title, alt)


def outcome_title(body: str, summary: dict) -> str:
    informal, unclear, denominator = (int(summary[k]) for k in ("no_formal_action", "not_classifiable", "denominator"))
    share = percent(informal, denominator)
    counts = summary.get("counts") or "breaches"  # or outcomes for people, where they may overlap (caveats.csv)
    if unclear and summary.get("mixed"):
        return f"{body}: at least {informal:,} of {denominator:,} {counts} ({share}) ended with no formal action"
    return f"{body}: {informal:,} of {denominator:,} {counts} ({share}) ended with no formal action"


def force_category_chart(document: dict, item: dict, width: float) -> Chart:
    """A force page's chart of one year by category: as the report's category section draws it for that force
    and year (its largest category highlighted, as the section's default)."""
    breakdown = pd.DataFrame(item["breakdown"])
    breakdown.attrs["in_all"] = item["in_all"]
    return category_chart(breakdown, document["name"], item["year"], True, width, item["source"], item["caveats"])


def force_outcome_chart(document: dict, width: float) -> Chart:
    """A force page's outcome chart: the report's chart of the force, drawn from the force's profile."""
    chart = document["outcomes"]["chart"]
    return outcome_chart(pd.DataFrame(chart["breakdown"]), chart["summary"], tuple(document["report"]["period"]), width,
                         chart["source"])


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
    note_text = " ".join(sentence_case(n.rstrip(".")) + "." for n in notes if n)
    style.finish(fig, title, f"Outcomes of data breaches, {period_words(period)}, as a share of "
                             f"{denominator:,} {counts}. Vermilion: no formal action; blue: formal "
                             "action; grey: other or not known", source, note_text)
    data = breakdown[["body", "outcome_name", "value", "denominator", "share", "formal_action", "source_id"]].copy()
    data["share"] = data["share"].round(4)
    data["notes"] = note_text
    alt = (f"Bar chart: {title}. " + "; ".join(f"{r.outcome_name} {r.value} ({percent(r.value, denominator)})"
                                               for r in breakdown.itertuples()) + ". " + note_text)
    return Chart(fig, data, title, alt)


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
        ax.set_xticks(ax.get_xticks(), [style.wrap(fig, t.get_text(), width / slots - 0.05, style.SMALLEST)
                                        for t in ax.get_xticklabels()])
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
