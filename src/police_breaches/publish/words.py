"""Headings and introductions that follow the parameters: every year, force and period named comes from
what the notebook was run with, and every count in them from the data.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from police_breaches.core.text import date_words, md

_NOT_IN_A_NAME = r"[\w/.\-]"  # a token inside a file name, a path or a longer number is left alone
ISO_INTERVAL = re.compile(rf"(?<!{_NOT_IN_A_NAME})(\d{{4}}-\d{{2}}-\d{{2}})/(\d{{4}}-\d{{2}}-\d{{2}})(?!{_NOT_IN_A_NAME})")
ISO_DATE = re.compile(rf"(?<!{_NOT_IN_A_NAME})\d{{4}}-(?:0[1-9]|1[0-2])-\d{{2}}(?!{_NOT_IN_A_NAME})")  # not '2011-12'
CODE_NAME = re.compile(rf"(?<!{_NOT_IN_A_NAME})[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?!{_NOT_IN_A_NAME})")


def id_words(root=None) -> dict[str, str]:
    """Every id the processed tables use, as a reader names it: forces, sources, raw files, statuses and
    kinds of worker ('west_midlands' → 'West Midlands Police', 'not_revealed' → 'not revealed')."""
    from police_breaches.analysis import processed
    from police_breaches.core import configuration, paths
    from police_breaches.sources.readers.ods_sheet import PART_WORDS

    names = {row["status"]: row["status"].replace("_", " ") for row in configuration.table("statuses.csv")}
    names |= PART_WORDS
    # A step that does not read the manifest (a force page reads its profile alone) names no raw file or source.
    if (Path(root or paths.root()) / paths.MANIFEST_NAME).exists():
        manifest = processed.load_manifest(root)
        names |= {r["name"]: r.get("title", r["name"]) for r in manifest["resources"]}
        names |= processed.source_names(manifest)
    names |= {row["force_id"]: row["name"] for row in configuration.table("forces.csv")}
    return names


def plain(text: str, names: dict[str, str] | None = None) -> str:
    """Text for a reader: ids become names (``names``: as ``id_words`` gives; any other code name loses its
    underscores), and ISO dates and intervals become words. File names and paths are left as they are."""
    names = id_words() if names is None else names
    text = ISO_INTERVAL.sub(lambda m: f"{date_words(m.group(1))} – {date_words(m.group(2))}", str(text))
    text = ISO_DATE.sub(lambda m: date_words(m.group(0)), text)
    text = CODE_NAME.sub(lambda m: names.get(m.group(0), m.group(0).replace("_", " ")), text)
    return ONE_WORD_ID.sub(lambda m: names.get(m.group(0), m.group(0)), text)


# An id of one word that is no English word, so it can be named wherever it stands ('pcsos' → 'PCSOs').
ONE_WORD_ID = re.compile(r"\bpcsos\b")


def status_words(status: str, detail: str) -> str:
    """A figure not given as a number, in words: 'not held (No information is held)'; an answer whose own words
    already say the status ('not provided (the force said …)') is not bracketed inside it."""
    said = status.replace("_", " ")
    return detail if detail and detail.lower().startswith(said) else said + (f" ({detail})" if detail else "")


def period_as_shown(label: str, part_period: str) -> str:
    """A period's label, marked where its source answered before it ended ('2014 (part period: answered …)')."""
    return f"{label} (part period: {part_period})" if isinstance(part_period, str) and part_period else str(label)


def period_range(start: str, end: str) -> str:
    """'June 2011 – December 2015', '2016', or '3 June 2011 – 30 December 2015' where a month is not whole."""
    first, last = pd.Timestamp(start), pd.Timestamp(end)
    if first.is_year_start and last.is_year_end and first.year == last.year:
        return str(first.year)
    if first.day == 1 and last.is_month_end:
        return f"{first:%B %Y}" if (first.year, first.month) == (last.year, last.month) else \
            f"{first:%B %Y} – {last:%B %Y}"
    return f"{date_words(start)} – {date_words(end)}"


def rankings_heading(period: tuple[str, str] | None, window: tuple[str, str]) -> str:
    if period is None:
        return f"{period_range(*window)}: no force's total lies within this period"
    return f"{period_range(*period)}: the forces whose totals are known"


def rankings_intro(period: tuple[str, str] | None, window: tuple[str, str], published: list[tuple[str, str]]) -> str:
    """What the ranking is of: the totals' own period, and how it sits in the project's period when that is
    not the one the totals are ``published`` for (a wider window does not stretch the figures, a narrower one
    leaves them out)."""
    report = "; ".join(f"{date_words(start)} to {date_words(end)}" for start, end in published) or "none"
    if [tuple(window)] == [tuple(p) for p in published]:
        return f"The per-force totals below are those of the 2016 report, for its whole period: {report}."
    set_to = (f"The project's period is set to {date_words(window[0])} – {date_words(window[1])} "
              f"(a parameter of the whole project), not the 2016 report's ({report})")
    if period is None:
        return set_to + ": no per-force total's whole period lies inside it, so nothing is ranked."
    if tuple(period) == tuple(window):
        return set_to + "; the totals below cover exactly that period."
    return (set_to + f". Only figures whose whole period lies inside it are used, each in its own period: the "
                     f"totals below cover {date_words(period[0])} – {date_words(period[1])}, and every rate and "
                     "rank is worked out over that, not over the project's period.")


def year_words(year: int, in_all: dict | None) -> str:
    """'2016'; '2014 (part year: answered during 2014, before the period ended)' where the facts say so."""
    part = (in_all or {}).get("partial")
    return f"{year} (part year: {part})" if part else f"{year}"


def in_all_words(in_all: dict | None) -> str:
    """A breakdown's total as the facts give it: '24', or 'at least 24' where a figure was not given."""
    if not in_all:
        return ""
    return ("at least " if in_all.get("status") == "at_least" else "") + f"{int(in_all['value']):,}"


def categories_heading(force: str, year: int, breakdown: pd.DataFrame) -> str:
    if breakdown.empty:
        return f"{force} in {year}: no breakdown by category is published"
    in_all = breakdown.attrs.get("in_all")
    return f"{force} in {year_words(year, in_all)}: {in_all_words(in_all)} {breakdown['unit'].iloc[0]}, by category"


def categories_intro(force: str, year: int, breakdown: pd.DataFrame, manifest: dict) -> str:
    """Who gave the breakdown, its total and its categories; and, where the facts carry one, why the year or the
    total is to be read with care (a part year, tables of one answer that disagree)."""
    if breakdown.empty:
        return f"No source gives {md(force)}'s {year} by category."
    source = _source(manifest, breakdown["source_id"].iloc[0])
    known = breakdown["value"].notna()
    in_all = breakdown.attrs.get("in_all") or {}
    care = [f"{year} is a part year: {in_all['partial']}" if in_all.get("partial") else "",
            in_all.get("caveats", "")]
    return (f"{md(source['publisher'])} ({md(date_words(source['published']))}, *{md(source['title'])}*) gave {md(force)}'s "
            f"{in_all_words(in_all)} {md(breakdown['unit'].iloc[0])} in {year} in "
            f"{int(known.sum())} categor{'y' if known.sum() == 1 else 'ies'}"
            + (f", and {int((~known).sum())} more without a figure" if (~known).any() else "") + "."
            + "".join(f" **Read with care:** {md(c[:1].upper() + c[1:])}." for c in care if c))


def other_breakdown(force: str, year: int, chosen: pd.DataFrame, other: pd.DataFrame, manifest: dict) -> str:
    """Why a second breakdown of the same year is shown apart, not added or compared."""
    source = _source(manifest, other["source_id"].iloc[0])
    same_unit = other["unit"].iloc[0] == chosen["unit"].iloc[0]
    return (f"**{md(source['publisher'])}** (*{md(source['title'])}*) also breaks {md(force)}'s {year} down by "
            f"category, in {md(other['unit'].iloc[0])}: "
            + "; ".join(f"{md(r.label_as_published)} {int(r.value):,}" if pd.notna(r.value)
                        else f"{md(r.label_as_published)} (no figure)" for r in other.itertuples()) + ". "
            + ("It is another source's count of the same kind, shown apart: the chart above follows the project's "
               "rule for which source is charted." if same_unit else
               f"It counts {md(other['unit'].iloc[0])}, not {md(chosen['unit'].iloc[0])}, so it is shown apart and "
               "never added to the chart above (the project's rule says which counting unit is charted)."))


def context_heading(force: str) -> str:
    return f"{force}: every published series"


def context_intro(force: str, series: pd.DataFrame, manifest: dict) -> str:
    """Where the force's series come from: each source, with what it counts and when; never joined."""
    if series.empty:
        return f"No published series counts {md(force)}'s breaches or cases."
    names = {s["source_id"]: f"{s['publisher']} ({date_words(str(s['published']).split(' (')[0])})"
             for r in manifest["resources"] for s in r["sources"]}
    sources = list(dict.fromkeys(series["source_id"]))
    said = [f"{md(names.get(source, source))}: " + "; ".join(
        f"*{md(unit)}* ({md(_span(series[(series['source_id'] == source) & (series['unit'] == unit)]))})"
        for unit in dict.fromkeys(series.loc[series["source_id"] == source, "unit"])) for source in sources]
    return (f"{md(force)}'s figures come from {len(sources)} source{'s' if len(sources) > 1 else ''}, each asking its "
            "own question: " + "; ".join(said) + ". "
            + ("They count different things, so they are shown side by side and never joined into one trend."
               if len(sources) > 1 else ""))


def _span(rows: pd.DataFrame) -> str:
    first, last = rows["period_start"].min(), rows["period_end"].max()
    return period_range(first, last)


def _source(manifest: dict, source_id: str) -> dict:
    return next(s for entry in manifest["resources"] for s in entry["sources"] if s["source_id"] == source_id)


def campaign_sentence(effect: pd.DataFrame, coverage: dict) -> str:
    """What this project's own FOI answers added to the ranking, and how far they narrowed the ranges."""
    from police_breaches.analysis.rankings import answered

    added = effect[answered(effect)] if len(effect) else effect
    if added.empty:
        return "No answer to this project's FOI requests has a total for the whole period yet, so the ranking is the report's."
    narrowed = effect["narrowed_by"].dropna()
    names = ", ".join(md(name) for name in added["force"])
    return (f"The ranking is made of {md(coverage['scope'])}: this project's FOI answers add {len(added)} "
            f"{'force' if len(added) == 1 else 'forces'} and {int(added['breaches'].sum()):,} breaches ({names}), each "
            "in its own unit (breaches recorded, as the force answered this project's request), assumed to be the "
            "figure the force gave Big Brother Watch for the same question and period. With them, the ranges of "
            f"the forces known before narrowed by {int(narrowed.sum())} {'place' if int(narrowed.sum()) == 1 else 'places'} "
            f"in all ({int((narrowed > 0).sum())} of {len(narrowed)} forces' ranges narrowed).")


def progress_sentence(period: tuple[str, str], counts: dict[str, int]) -> str:
    """Where this project's FOI campaign stands, as the tracker records it and the answers in the data give it;
    nothing here depends on the day it is read (whether a request is overdue is `foi status`'s to say)."""
    from police_breaches.analysis.campaign import STANDS

    if not counts.get("written"):
        return ""
    plural = lambda n, word: f"{n} {word}{'' if n == 1 else 's'}"  # noqa: E731
    stood = [f"{counts[name]} {STANDS[name]}" for name in STANDS if name != "not_sent" and counts.get(name)]
    return (f"This project's FOI campaign asks {plural(counts['written'], 'force')} for their totals for "
            f"{period_range(*period)}: {counts['sent']} of the requests sent"
            + (f" ({'; '.join(stood)})" if stood else "") + ". Each force's page says where its request stands.")


def not_ranked_sentence(not_ranked: pd.DataFrame) -> str:
    """The answers to this project's requests that no ranking can take with the published facts, named, with
    why: each is shown on its force's page, in its own period and unit."""
    if not_ranked.empty:
        return ""
    listed = "; ".join(f"{md(row.subject_name)} ({row.resource}): {row.status_detail}"
                       for row in not_ranked.itertuples(index=False))
    return (f"**Not ranked:** {listed}. Each is kept as the force gave it, on its page; check its figure, period and "
            "unit against the answer.")


def facts_summary(table: pd.DataFrame, window: tuple[str, str]) -> str:
    """What the facts table holds, in one sentence."""
    derived = table[(table["kind"] == "derived") & (table["basis"] == "ranking")]
    periods = sorted(set(zip(derived["period_start"], derived["period_end"])))
    ranked = ("; the ranking and the rates are worked out over " + ", ".join(period_range(*p) for p in periods)
              if periods else f"; no ranking period lies inside the project's period, {period_range(*window)}")
    return ("**Every figure the pages state is a fact here**: each published figure, as published, and each figure "
            f"worked out from them, once{ranked}. Each page reads its figures from this table "
            "(`facts.csv` among the published tables, each described in their `datapackage.json`).")


def facts_table(table: pd.DataFrame) -> pd.DataFrame:
    """What the facts table holds, measure by measure: whether each is published or worked out, and what it is."""
    from police_breaches.analysis.fact import measures

    declared = measures()
    order = [m for m in declared.index if m in set(table["measure"])]
    # In words, as the pages write them ('rate per 1,000'); facts.csv keeps the identifier.
    return pd.DataFrame({"measure": [m.replace("_", " ").replace("1000", "1,000") for m in order],
                         "kind": declared.loc[order, "kind"].tolist(),
                         "what": declared.loc[order, "what"].tolist()})
