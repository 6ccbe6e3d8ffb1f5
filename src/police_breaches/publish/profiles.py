"""What is known about one force: every published figure about it, each in its own unit and period.

``profile`` gathers it from the processed tables into one document (written as JSON, one file per force),
which the force page notebook turns into sentences and tables. Figures from different studies and answers
are kept apart: nothing here is ranked or summed across them. What is not known is said plainly.
"""

from __future__ import annotations

import re

import pandas as pd

from police_breaches.analysis import processed, rankings, rates, studies
from police_breaches.analysis.context import grid_resources
from police_breaches.analysis.processed import BBW_UNIT, source_names
from police_breaches.analysis.views import Facts
from police_breaches.core import configuration
from police_breaches.publish import charted
from police_breaches.publish.words import period_as_shown, period_range, status_words
from police_breaches.sources.vocab import ForceRegister

WORKFORCE_DATES = ["2015-03-31", "2016-03-31", "2017-03-31"]
BBW_2016 = ("bbw_force_totals", "bbw_force_details", "bbw_published_ranks", "bbw_key_findings", "bbw_dyfed_powys_outcomes")


def _figure(value, status: str, detail: str) -> str:
    if status in ("reported", "nil") and pd.notna(value):
        return f"{int(value):,}" + (f" ({detail})" if status == "nil" and detail else "")
    return status_words(status, detail)


def _whole(value):
    return None if value is None or pd.isna(value) else int(value)


def _number(value):
    return None if value is None or pd.isna(value) else float(round(value, 3))


def totals_2016(force_id: str, ranking: pd.DataFrame, published_ranks: pd.DataFrame, names: dict) -> dict:
    known = ranking[ranking["rank"].notna()]
    answers = int(rankings.answered(known).sum())
    row = ranking[ranking["force_id"] == force_id]
    quoted = [{"rank_as_published": r.rank_as_published, "scope": r.scope, "source": names.get(r.source_id, r.source_id)}
              for r in published_ranks[published_ranks["force_id"] == force_id].itertuples()]
    if row.empty:
        return {"status": "not_known", "of": len(known), "published_ranks": quoted}
    row = row.iloc[0]
    if pd.isna(row["value"]):
        return {"status": row["status"], "detail": row["status_detail"], "of": len(known), "published_ranks": quoted,
                "source": names.get(row["source_id"], row["source_id"])}
    tied = int((known["value"] == row["value"]).sum())
    from_answers = rankings.answered(known)
    return {"status": "reported", "total": int(row["value"]), "rank": int(row["rank"]), "of": len(known),
            # a total from this project's own FOI answer (foi.py), not from the 2016 report: said so on the page
            "from_campaign": bool(from_answers[known["force_id"] == force_id].any()),
            "summed": row["status_detail"] if str(row["status_detail"]).startswith("the sum of ") else "",
            "campaign_totals": int(from_answers.sum()),
            "tied_with": tied - 1, "source": names.get(row["source_id"], row["source_id"]), "published_ranks": quoted,
            "scope": rankings.known_scope(len(known) - answers, answers),
            "best": _whole(row["best"]), "worst": _whole(row["worst"]), "answered": _whole(row["of"]),
            "possible_rank": row["possible_rank"],
            "best_with_special_forces": _whole(row["best_with_special_forces"]),
            "worst_with_special_forces": _whole(row["worst_with_special_forces"]),
            "answered_with_special_forces": _whole(row["of_with_special_forces"]),
            "period": [row["period_start"], row["period_end"]],
            "published": [{"force_id": r.force_id, "force": r.force, "value": int(r.value),
                           "possible_rank": r.possible_rank, "answered": _whole(r.of)}
                          for r in known.sort_values(["rank", "force"]).itertuples()]}


def rate(force_id: str, rates: pd.DataFrame) -> dict | None:
    row = rates[(rates["force_id"] == force_id)]
    if row.empty or pd.isna(row["per_1000_fte"].iloc[0]):
        return None
    row = row.iloc[0]
    return {"per_1000": _number(row["per_1000_fte"]), "low": _number(row["per_1000_fte_low"]),
            "high": _number(row["per_1000_fte_high"]), "per_year": _number(row["per_1000_fte_per_year"]),
            "period_start": row["period_start"], "period_end": row["period_end"], "rank": int(row["rate_rank"]),
            "of": int(rates["rate_rank"].notna().sum()), "workforce_fte": _number(row["workforce_fte"]),
            "as_at": row["workforce_as_at"],
            "note": row["workforce_note"] if isinstance(row.get("workforce_note"), str) else ""}


def workforce(force_id: str, facts: Facts) -> list[dict]:
    """FTE at each 31 March a page shows, by kind of worker and in all, from the latest release giving the date."""
    table = facts.workforce(force_id, WORKFORCE_DATES)
    return [{"as_at": row.as_at, **{part: _number(getattr(row, part)) for part in rates.PARTS},
             "total": _number(row.total), "release": row.release, "caveat": row.caveat, "missing": row.missing}
            for row in table.itertuples(index=False)]


def outcomes(force_id: str, name: str, observations: pd.DataFrame, incidents: pd.DataFrame, names: dict,
             breakdowns: pd.DataFrame, summaries: pd.DataFrame, manifest: dict) -> dict:
    """The 2016 report's outcome details for the force, as quoted, and its incidents listed one by one; and, where
    they add up to its total, the same breakdown on the outcome scale the report charts (one function for both:
    breakdowns.outcome_breakdowns, so a page never gives a fact another number than the report)."""
    quoted = observations[(observations["force_id"] == force_id) & (observations["resource"] == "bbw_force_details")]
    listed = incidents[(incidents["force_id"] == force_id) & (incidents["unit"] == BBW_UNIT)]
    scale = breakdowns[breakdowns["body"] == name]
    return {
        "chart": charted.outcomes(scale, summaries[summaries["body"] == name], manifest),
        "on_the_scale": [{"outcome": r.outcome_name, "value": int(r.value), "of": int(r.denominator),
                          "counts": r.counts if isinstance(getattr(r, "counts", ""), str) else "breaches",
                          "note": r.note if isinstance(getattr(r, "note", ""), str) else ""}
                         for r in scale.itertuples()],
        "quoted": [{"measure": r.label_as_published, "staff_group": r.staff_group,
                    "figure": _figure(r.value, r.status, r.status_detail),
                    "source": names.get(r.source_id, r.source_id)} for r in quoted.itertuples()],
        "incidents": [{"description": r.description, "outcome": r.outcome_as_published or "not published",
                       "dates_of_the_incidents_listed": r.period_label} for r in listed.itertuples()],
    }


def period_text(row) -> str:
    """The period in words, and the wording as printed where that differs ('2007 – 2010 (printed: since 2007)')."""
    start, end = pd.Timestamp(row.period_start), pd.Timestamp(row.period_end)
    whole_years = (start.month, start.day, end.month, end.day) == (1, 1, 12, 31)
    if whole_years:
        span = f"{start.year}" if start.year == end.year else f"{start.year} – {end.year}"
    else:
        span = f"{start:%B %Y} – {end:%B %Y}"
    return _as_printed(span, row)


def _as_printed(span: str, row) -> str:
    """``span``, and the row's period label as printed where it says something else."""
    label = str(row.period_label)
    same = label.replace(" ", "").replace("–", "-") == span.replace(" ", "").replace("–", "-")
    return span if same or label == f"{row.period_start}/{row.period_end}" else f"{span} (printed: {label})"


def other_studies(force_id: str, observations: pd.DataFrame, names: dict, belongs: dict) -> list[dict]:
    """The force's figures from the earlier studies (config/studies.csv), as printed."""
    earlier = {name: study for name, study in belongs.items() if study["kind"] == "earlier"}
    rows = observations[(observations["force_id"] == force_id) & observations["resource"].isin(list(earlier))]
    return [{"study": earlier[r.resource]["name"], "measure": r.label_as_published, "period": period_text(r),
             "unit": r.unit, "figure": _figure(r.value, r.status, r.status_detail),
             "source": names.get(r.source_id, r.source_id)} for r in rows.itertuples()]


def _span(row) -> str:
    """The period to the day where it is not whole months, with the wording as printed where that differs."""
    return _as_printed(period_range(row.period_start, row.period_end), row)


def since_2015(force_id: str, observations: pd.DataFrame, names: dict, belongs: dict, facts: Facts) -> list[dict]:
    """Every figure for the force over a period that starts after the 2016 report's ended: each later study's
    figures as printed, and each FOI or press answer's total (its own, or its categories added up), each with its
    unit, period, source and caveat. Listed side by side, never added together or to the 2016 report's."""
    rows = observations[(observations["force_id"] == force_id) & (observations["period_start"] >= studies.LATER_FROM)
                        & ~observations["resource"].isin(BBW_2016)]
    found = []
    for resource, group in rows.groupby("resource", sort=False):
        study = belongs.get(resource)
        if study is not None and study["kind"] != "later":
            continue
        in_all = None if study else categories_in_all(group, facts)
        if in_all:
            first = group.iloc[0]
            found.append({"period": period_as_shown(_span(first), first.part_period), "start": first.period_start,
                          "end": first.period_end,
                          "figure": f"{'at least ' if in_all['at_least'] else ''}{in_all['total']:,}",
                          "as_published": f"its {in_all['categories']} categories added up", "unit": in_all["unit"],
                          "source": names.get(first.source_id, first.source_id), "study": "", "caveat": first.note})
            continue
        for r in group[group["breakdown"].isin(["total", "measure"])].itertuples():
            found.append({"period": period_as_shown(_span(r), r.part_period), "start": r.period_start,
                          "end": r.period_end, "value": None if pd.isna(r.value) else int(r.value), "label": r.label_as_published,
                          "figure": _figure(r.value, r.status, r.status_detail), "as_published": r.label_as_published,
                          "unit": r.unit, "source": names.get(r.source_id, r.source_id),
                          "study": study["name"] if study else "", "caveat": study["caveat"] if study else r.note})
    # Ending first, and of two that end together the shorter: a year before the span that contains it.
    return sorted(sorted(found, key=lambda item: item["start"], reverse=True), key=lambda item: item["end"])


def categories_in_all(rows: pd.DataFrame, facts: Facts) -> dict | None:
    """The total of an answer's breakdown by category of one period in one unit: its sum fact, or None.

    Categories are the one breakdown treated as a partition (each breach in one category); staff groups and
    outcomes may overlap, so they are never added up. Unknown figures make the total a lower bound.
    """
    if rows.empty or set(rows["breakdown"]) != {"category"} or rows["unit"].nunique() != 1 \
            or rows[["period_start", "period_end"]].drop_duplicates().shape[0] != 1:
        return None
    first = rows.iloc[0]
    summed = facts.sum_of(first["force_id"], (first["period_start"], first["period_end"]), first["resource"], first["unit"])
    return {"total": int(summed["value"]), "categories": int(summed["of"]), "unit": summed["unit"],
            "period": first["period_label"], "at_least": summed["status"] == "at_least"}


def grid(cells: pd.DataFrame) -> dict:
    """A table published as rows × years, kept so: a cell not given as a number stays empty (never 0), and
    what the source said instead is listed ('PCSO, 2014: suppressed (<5)')."""
    labels, years = list(dict.fromkeys(cells["label_as_published"])), sorted(set(cells["year"]))
    at = {(r.label_as_published, r.year): r for r in cells.itertuples(index=False)}
    rows, gaps = [], []
    for label in labels:
        values = []
        for year in years:
            cell = at.get((label, year))
            values.append(None if cell is None or pd.isna(cell.value) else int(cell.value))
            if cell is not None and pd.isna(cell.value):
                gaps.append(f"{label}, {year}: {_figure(cell.value, cell.status, cell.status_detail)}")
            elif cell is None:
                gaps.append(f"{label}, {year}: not in the table")
        rows.append([label, *values])
    parts = {year: next((p for p in cells.loc[cells["year"] == year, "part_period"] if p), "") for year in years}
    return {"columns": ["as published", *[f"{y} (part year)" if parts[y] else y for y in years]], "rows": rows,
            "gaps": gaps, "part_years": [f"{year}: {part}" for year, part in parts.items() if part]}


def answers(force_id: str, observations: pd.DataFrame, incidents: pd.DataFrame, manifest: dict, names: dict,
            facts: Facts) -> list[dict]:
    """Every other answer about the force (FOI responses, press figures), one table per raw file."""
    skip = set(BBW_2016) | set(studies.study_of(manifest))
    grids = set(grid_resources(manifest))
    found = []
    for entry in manifest["resources"]:
        if entry["name"] in skip:
            continue
        rows = observations[(observations["resource"] == entry["name"]) & (observations["force_id"] == force_id)]
        listed = incidents[(incidents["resource"] == entry["name"]) & (incidents["force_id"] == force_id)]
        if rows.empty and listed.empty:
            continue
        item = {"resource": entry["name"], "title": entry.get("title", entry["name"]), "path": entry["path"],
                "sources": [names[s["source_id"]] for s in entry["sources"]]}
        if len(rows):
            item["unit"] = " / ".join(dict.fromkeys(rows["unit"]))
            cells = rows.assign(year=rows["period_start"].str[:4])
            if entry["name"] in grids and not cells.duplicated(["label_as_published", "year"]).any():
                item.update(grid(cells))  # rows × years, as published
            else:
                item["in_all"] = categories_in_all(rows, facts)
                item["columns"] = ["period", "breakdown", "as published", "figure"]
                item["rows"] = [[period_as_shown(r.period_label, r.part_period), r.breakdown.replace("_", " "),
                                 r.label_as_published,
                                 _figure(r.value, r.status, r.status_detail)] for r in rows.itertuples()]
        else:
            item["unit"] = listed["unit"].iloc[0]
            item["columns"] = ["period", "description", "outcome"]
            item["rows"] = [[r.period_label, r.description, r.outcome_as_published] for r in listed.itertuples()]
        found.append(item)
    return found


def at_start(text: str) -> str:
    """A name at the start of a sentence: 'the Metropolitan Police Service' → 'The Metropolitan …'."""
    return text[:1].upper() + text[1:]


def not_known(document: dict) -> list[str]:
    """What is missing, said plainly."""
    name, missing = document["in_text"], []
    named = at_start(name)
    totals = document["bbw_2016"]
    if document["report"] is None:
        missing.append(f"{named}'s total in Big Brother Watch's 2016 report: the project's period does not contain "
                       "the report's, so it is not worked out here.")
    elif totals["status"] == "not_known":
        missing.append(f"{named}'s total in Big Brother Watch's 2016 report ({period_range(*document['report']['period'])}): "
                       "the report's per-force table could not be obtained, and no newspaper this project found quoted "
                       "the figure.")
    elif totals["status"] != "reported":
        missing.append(f"{named} did not reveal its figures to Big Brother Watch for the 2016 report "
                       f"({totals.get('detail') or totals['status']}).")
    if document["rate"] is None:
        missing.append(f"No rate per member of the workforce can be given for {name}: that needs a known total and "
                       "a Home Office workforce figure.")
    if not document["workforce"]:
        missing.append(f"The Home Office workforce tables cover England and Wales only, so {name}'s workforce is not "
                       "in them, and no rate can be worked out for it.")
    if not document["outcomes"]["quoted"] and not document["outcomes"]["incidents"]:
        missing.append(f"What happened to the officers and staff involved at {name}, as Big Brother Watch's 2016 report gave it: "
                       "no newspaper this project found quoted it.")
    printed = {item["study"] for item in document["other_studies"]}
    for study in studies.studies().values():
        if study["kind"] == "earlier" and study["name"] not in printed:
            missing.append(f"No figure for {name} from {study['name']} was printed.")
    if not document["since_2015"]:
        missing.append(f"No figure for {name} over any period since 2015 is in the data.")
    if not document["answers"]:
        missing.append(f"No FOI answer from {name} itself is in the data.")
    return missing


VERDICT_WORDS = {"cannot be rebuilt": "cannot be checked from the raw data",
                 "overlapping": "the figures overlap or count something else",
                 "partial breakdown": "the figures cover only part of the total", "differs": "the raw data differ",
                 "sources disagree": "the force's own figures disagree"}


def cautions(force_id: str, name: str, register_name: str, answers_: list[dict], shown_dates: set[str],
             data_quality: pd.DataFrame, reproduction: pd.DataFrame, caveats: pd.DataFrame, names: dict) -> list[str]:
    """What to keep in mind reading the figures on the page: what config/caveats.csv says about the force's
    figures (as the report says it), where the force's own tables disagree, where the Home Office revised a
    workforce figure shown, and where a published figure cannot be rebuilt as it stands."""
    said = [f"{row.caveat} ({names.get(row.source_id, row.source_id)})." for row in caveats.itertuples(index=False)]
    titles = {item["resource"]: item["title"] for item in answers_}
    problems = data_quality[data_quality["result"] != "ok"]
    by_year: dict[str, dict[str, int]] = {}  # year → {table title: its total}, where tables disagree
    for row in problems.itertuples(index=False):
        pair = str(row.resource).split(" vs ")
        year = re.search(r"\bin (\d{4})\b", str(row.check))
        if row.result == "mismatch" and len(pair) == 2 and set(pair) <= set(titles) and year:
            totals = by_year.setdefault(year.group(1), {})
            totals[titles[pair[0]]], totals[titles[pair[1]]] = int(row.expected), int(row.found)
        revised = re.match(r"(\w+) FTE for .+ at (\S+) unchanged between releases", str(row.check))
        if revised and row.force_id == force_id and revised.group(2) in shown_dates:
            kind = revised.group(1).replace("_", " ").replace("pcsos", "PCSOs")
            said.append(f"The Home Office revised {name}'s {kind} (full-time equivalent) at {revised.group(2)} in a "
                        f"later release ({row.message}); the workforce shown is from the latest release.")
    for year, totals in sorted(by_year.items()):
        listed = "; ".join(f"{total:,} in “{title}”" for title, total in totals.items())
        said.append(f"The tables of one answer give different totals for {year}: {listed}. Each is shown as "
                    "published; none is corrected.")
    for row in reproduction.itertuples(index=False):
        if not str(row.figure).startswith(f"{register_name}:") or row.verdict == "match":
            continue
        # Left out: what the caveats said above; a published rank, which the page's range of ranks already
        # takes into account; and a partial breakdown where the page lists every incident anyway.
        if (any(caveat in str(row.reason) for caveat in caveats["caveat"])
                or str(row.figure).startswith(f"{register_name}: rank (")
                or "the incident list covers all" in str(row.reason)):
            continue
        said.append(f"{row.figure} ({row.published} as published): "
                    f"{VERDICT_WORDS.get(row.verdict, row.verdict)}: {row.reason}.")
    return said


def profile(force_id: str, register: ForceRegister, tables: dict, manifest: dict, facts: Facts) -> dict:
    """Everything known about one force: its facts (``facts``; ``tables``: the 2016 report's ranking, rates,
    outcome breakdowns and checks as the facts' views give them, and the clean step's tables)."""
    names, belongs = source_names(manifest), studies.study_of(manifest)
    force = register.by_id.loc[force_id]
    in_text = register.in_text(force_id)
    document = {
        "force_id": force_id, "name": force["name"], "in_text": in_text, "country": force["country"],
        "report": tables["report_2016"],  # its period and national figure (facts), or None outside the project's period
        "bbw_2016": totals_2016(force_id, tables["ranking"], tables["published_ranks"], names),
        "rate": rate(force_id, tables["rates"]),
        "workforce": workforce(force_id, facts),
        "outcomes": outcomes(force_id, force["name"], tables["observations"], tables["incidents"], names,
                             tables["outcome_breakdowns"], tables["outcome_summaries"], manifest),
        "categories": charted.categories(force_id, tables["observations"], manifest, facts, tables["category_names"]),
        "other_studies": other_studies(force_id, tables["observations"], names, belongs),
        "since_2015": since_2015(force_id, tables["observations"], names, belongs, facts),
        "cite": studies.cited_from(tables["observations"], manifest, force_id),
        "answers": answers(force_id, tables["observations"], tables["incidents"], manifest, names, facts),
        "request": request(force_id, facts.requests()),
        "foi_contacts": [{k: row[k] for k in ("how", "contact", "source_url")}
                         for row in configuration.table("foi_contacts.csv") if row["force_id"] == force_id],
    }
    document["not_known"] = not_known(document)
    shown_dates = {w["as_at"] for w in document["workforce"]} | ({document["rate"]["as_at"]} if document["rate"] else set())
    document["cautions"] = cautions(force_id, in_text, force["name"], document["answers"], shown_dates,
                                    tables["data_quality"], tables["reproduction"], processed.caveats(force_id), names)
    document["cautions"] += [f"Its answer to this project's FOI request ({row.resource}) is not ranked: {row.status_detail}."
                             for row in facts.not_ranked(facts.ranking_period()).itertuples(index=False)
                             if row.subject == force_id]
    return document


def request(force_id: str, requests: pd.DataFrame) -> dict | None:
    """This project's FOI request to the force, as the facts step worked it out (campaign/tracker.csv), or None."""
    mine = requests[requests["force_id"] == force_id]
    return mine.iloc[0].to_dict() if len(mine) else None


def index_row(document: dict) -> dict:
    """One force in the index of force pages."""
    totals, rate_ = document["bbw_2016"], document["rate"]
    march_2015 = next((w["total"] for w in document["workforce"] if w["as_at"] == "2015-03-31"), None)
    return {"force_id": document["force_id"], "force": document["name"], "country": document["country"],
            "total_2016_report": totals.get("total"), "possible_rank": totals.get("possible_rank") or "",
            "best_rank": totals.get("best"), "answered": totals.get("answered"),
            "per_1000_fte": rate_["per_1000"] if rate_ else None, "workforce_2015": march_2015,
            "earlier_studies": len(document["other_studies"]), "since_2015": len(document["since_2015"]),
            "answers": len(document["answers"]),
            "status": "published" if totals["status"] == "reported" else totals["status"].replace("_", " "),
            "period": period_range(*document["report"]["period"]) if document["report"] else "",
            "total_from": ("" if totals["status"] != "reported" else "this project's FOI request"
                           if totals.get("from_campaign") else "Big Brother Watch, 2016"),
            "request": request_words(document["request"])}


def request_words(row: dict | None) -> str:
    """Where the force's request stands, in a few words for the index: 'sent, awaiting an answer (due 21 January
    2027)'. No 'overdue': a page is the same whichever day it is built on."""
    from police_breaches.analysis.campaign import STANDS
    from police_breaches.core.text import date_words

    if not row:
        return ""
    due = f" (due {date_words(row['due_on'])})" if row["stands"] == "waiting" and row["due_on"] else ""
    return STANDS[row["stands"]] + due
