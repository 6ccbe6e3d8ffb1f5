"""What is known about one force: every published figure about it, each in its own unit and period.

``profile`` gathers it from the processed tables into one document (written as JSON, one file per force),
which the force page notebook turns into sentences and tables. Figures from different studies and answers
are kept apart: nothing here is ranked or summed across them. What is not known is said plainly.
"""

from __future__ import annotations

import textwrap

import pandas as pd

from .analysis import BBW_UNIT, grid_resources, source_names
from .vocab import ForceRegister

WIDTH = 78  # plain-text e-mail width
WORKFORCE_DATES = ["2015-03-31", "2016-03-31", "2017-03-31"]
STUDY_RESOURCES = {"pa_2014_force_figures": "the Press Association's FOI (2014)",
                   "bbw_2011_force_figures": "Big Brother Watch's 2011 report"}
BBW_2016 = ("bbw_force_totals", "bbw_force_details", "bbw_published_ranks", "bbw_key_findings", "bbw_dyfed_powys_outcomes")


def _figure(value, status: str, detail: str) -> str:
    if status in ("reported", "nil") and pd.notna(value):
        return f"{int(value):,}" + (f" ({detail})" if status == "nil" and detail else "")
    return status.replace("_", " ") + (f" ({detail})" if detail else "")


def _number(value):
    return None if value is None or pd.isna(value) else float(round(value, 3))


def totals_2016(force_id: str, ranking: pd.DataFrame, published_ranks: pd.DataFrame, names: dict) -> dict:
    known = ranking[ranking["rank"].notna()]
    row = ranking[ranking["force_id"] == force_id]
    quoted = [{"rank_as_published": r.rank_as_published, "scope": r.scope, "source": names.get(r.source_id, r.source_id)}
              for r in published_ranks[published_ranks["force_id"] == force_id].itertuples()]
    if row.empty:
        return {"status": "not_published", "of": len(known), "published_ranks": quoted}
    row = row.iloc[0]
    if pd.isna(row["value"]):
        return {"status": row["status"], "detail": row["status_detail"], "of": len(known), "published_ranks": quoted,
                "source": names.get(row["source_id"], row["source_id"])}
    tied = int((known["value"] == row["value"]).sum())
    return {"status": "reported", "total": int(row["value"]), "rank": int(row["rank"]), "of": len(known),
            "tied_with": tied - 1, "source": names.get(row["source_id"], row["source_id"]), "published_ranks": quoted}


def rate(force_id: str, rates: pd.DataFrame) -> dict | None:
    row = rates[(rates["force_id"] == force_id)]
    if row.empty or pd.isna(row["per_1000_fte"].iloc[0]):
        return None
    row = row.iloc[0]
    return {"per_1000": _number(row["per_1000_fte"]), "low": _number(row["per_1000_fte_low"]),
            "high": _number(row["per_1000_fte_high"]), "rank": int(row["rate_rank"]),
            "of": int(rates["rate_rank"].notna().sum()), "workforce_fte": _number(row["workforce_fte"]),
            "as_at": row["workforce_as_at"]}


def workforce(force_id: str, table: pd.DataFrame) -> list[dict]:
    """FTE at each 31 March, by kind of worker, from the latest release that gives the date."""
    rows = table[(table["force_id"] == force_id) & table["as_at"].isin(WORKFORCE_DATES)]
    rows = rows.sort_values("release").drop_duplicates(["as_at", "worker_type"], keep="last")
    out = []
    for as_at in WORKFORCE_DATES:
        at = rows[rows["as_at"] == as_at].set_index("worker_type")
        if at.empty:
            continue
        kinds = {kind: _number(at["fte"].get(kind)) for kind in ("officers", "staff", "pcsos", "designated_officers")}
        complete = all(v is not None for v in kinds.values())
        out.append({"as_at": as_at, **kinds, "total": _number(sum(kinds.values())) if complete else None,
                    "release": at["release"].iloc[0]})
    return out


def outcomes(force_id: str, observations: pd.DataFrame, incidents: pd.DataFrame, names: dict) -> dict:
    """The 2016 report's outcome details for the force, as quoted, and its incidents listed one by one."""
    quoted = observations[(observations["force_id"] == force_id) & (observations["resource"] == "bbw_force_details")]
    listed = incidents[(incidents["force_id"] == force_id) & (incidents["unit"] == BBW_UNIT)]
    return {
        "quoted": [{"measure": r.label_as_published, "staff_group": r.staff_group, "figure": _figure(r.value, r.status, r.status_detail),
                    "source": names.get(r.source_id, r.source_id)} for r in quoted.itertuples()],
        "incidents": [{"description": r.description, "outcome": r.outcome_as_published or "not published",
                       "period": r.period_label} for r in listed.itertuples()],
    }


def period_text(row) -> str:
    """The period in words, and the wording as printed where that differs ('2007 – 2010 (printed: since 2007)')."""
    start, end = pd.Timestamp(row.period_start), pd.Timestamp(row.period_end)
    whole_years = (start.month, start.day, end.month, end.day) == (1, 1, 12, 31)
    if whole_years:
        span = f"{start.year}" if start.year == end.year else f"{start.year} – {end.year}"
    else:
        span = f"{start:%B %Y} – {end:%B %Y}"
    label = str(row.period_label)
    same = label.replace(" ", "").replace("–", "-") == span.replace(" ", "").replace("–", "-")
    return span if same or label == f"{row.period_start}/{row.period_end}" else f"{span} (printed: {label})"


def other_studies(force_id: str, observations: pd.DataFrame, names: dict) -> list[dict]:
    rows = observations[(observations["force_id"] == force_id) & observations["resource"].isin(list(STUDY_RESOURCES))]
    return [{"study": STUDY_RESOURCES[r.resource], "measure": r.label_as_published, "period": period_text(r),
             "unit": r.unit, "figure": _figure(r.value, r.status, r.status_detail),
             "source": names.get(r.source_id, r.source_id)} for r in rows.itertuples()]


def categories_in_all(rows: pd.DataFrame) -> dict | None:
    """The total of a breakdown by category of one period in one unit, as notebook 03 adds it up, or None.

    Categories are the one breakdown treated as a partition (each breach in one category); staff groups and
    outcomes may overlap, so they are never added up. Unknown figures make the total a lower bound.
    """
    if rows.empty or set(rows["breakdown"]) != {"category"} or rows["unit"].nunique() != 1 \
            or rows[["period_start", "period_end"]].drop_duplicates().shape[0] != 1:
        return None
    known = rows["value"].notna()
    return {"total": int(rows.loc[known, "value"].sum()), "categories": int(len(rows)), "unit": rows["unit"].iloc[0],
            "period": rows["period_label"].iloc[0], "at_least": bool((~known).any())}


def answers(force_id: str, observations: pd.DataFrame, incidents: pd.DataFrame, manifest: dict, names: dict) -> list[dict]:
    """Every other answer about the force (FOI responses, press figures), one table per raw file."""
    skip = set(BBW_2016) | set(STUDY_RESOURCES)
    grids = set(grid_resources(manifest))
    found = []
    for entry in manifest["resources"]:
        if entry["name"] in skip:
            continue
        rows = observations[(observations["resource"] == entry["name"]) & (observations["force_id"] == force_id)]
        listed = incidents[(incidents["resource"] == entry["name"]) & (incidents["force_id"] == force_id)]
        if rows.empty and listed.empty:
            continue
        item = {"title": entry.get("title", entry["name"]), "path": entry["path"],
                "sources": [names[s["source_id"]] for s in entry["sources"]]}
        if len(rows):
            item["unit"] = " / ".join(dict.fromkeys(rows["unit"]))
            if entry["name"] in grids:  # rows × years, as published
                wide = rows.assign(year=rows["period_start"].str[:4]).pivot_table(
                    index="label_as_published", columns="year", values="value", aggfunc="sum", sort=False)
                item["columns"] = ["as published", *wide.columns]
                item["rows"] = [[label, *(None if pd.isna(v) else int(v) for v in values)]
                                for label, values in zip(wide.index, wide.to_numpy())]
            else:
                item["in_all"] = categories_in_all(rows)
                item["columns"] = ["period", "breakdown", "as published", "figure"]
                item["rows"] = [[r.period_label, r.breakdown.replace("_", " "), r.label_as_published,
                                 _figure(r.value, r.status, r.status_detail)] for r in rows.itertuples()]
        else:
            item["unit"] = listed["unit"].iloc[0]
            item["columns"] = ["period", "description", "outcome"]
            item["rows"] = [[r.period_label, r.description, r.outcome_as_published] for r in listed.itertuples()]
        found.append(item)
    return found


def not_known(document: dict) -> list[str]:
    """What is missing, said plainly."""
    name, missing = document["name"], []
    totals = document["bbw_2016"]
    if totals["status"] == "not_published":
        missing.append(f"No total for {name} from Big Brother Watch's 2016 report (June 2011 – December 2015) was "
                       "published: the report's per-force table could not be obtained, and no newspaper quoted one.")
    elif totals["status"] != "reported":
        missing.append(f"{name} did not reveal its figures to Big Brother Watch for the 2016 report "
                       f"({totals.get('detail') or totals['status']}).")
    if document["rate"] is None:
        missing.append(f"No rate per member of the workforce can be given for {name}: that needs a published total and "
                       "a Home Office workforce figure.")
    if not document["workforce"]:
        missing.append(f"The Home Office workforce tables cover England and Wales only, so {name}'s workforce is not "
                       "in them.")
    if not document["outcomes"]["quoted"] and not document["outcomes"]["incidents"]:
        missing.append(f"Big Brother Watch's 2016 report published no outcome details for {name} (what happened to the "
                       "staff involved).")
    studies = {item["study"] for item in document["other_studies"]}
    for study in STUDY_RESOURCES.values():
        if study not in studies:
            missing.append(f"No figure for {name} from {study} was printed.")
    if not document["answers"]:
        missing.append(f"No FOI answer from {name} itself is in the data.")
    return missing


def profile(force_id: str, register: ForceRegister, tables: dict, manifest: dict) -> dict:
    """Everything known about one force, from the processed tables (``tables``: as summary.read_tables gives)."""
    names = source_names(manifest)
    force = register.by_id.loc[force_id]
    document = {
        "force_id": force_id, "name": force["name"], "country": force["country"],
        "bbw_2016": totals_2016(force_id, tables["ranking"], tables["published_ranks"], names),
        "rate": rate(force_id, tables["rates"]),
        "workforce": workforce(force_id, tables["workforce"]),
        "outcomes": outcomes(force_id, tables["observations"], tables["incidents"], names),
        "other_studies": other_studies(force_id, tables["observations"], names),
        "answers": answers(force_id, tables["observations"], tables["incidents"], manifest, names),
    }
    document["not_known"] = not_known(document)
    return document


def index_row(document: dict) -> dict:
    """One force in the index of force pages."""
    totals, rate_ = document["bbw_2016"], document["rate"]
    march_2015 = next((w["total"] for w in document["workforce"] if w["as_at"] == "2015-03-31"), None)
    return {"force_id": document["force_id"], "force": document["name"], "country": document["country"],
            "total_2016_report": totals.get("total"), "rank": totals.get("rank"),
            "per_1000_fte": rate_["per_1000"] if rate_ else None, "workforce_2015": march_2015,
            "earlier_studies": len(document["other_studies"]), "answers": len(document["answers"]),
            "status": "published" if totals["status"] == "reported" else totals["status"].replace("_", " ")}


def foi_request(document: dict, start: str, end: str) -> str:
    """A ready-to-send Freedom of Information request for the figures the 2016 report asked every force for."""
    first, last = (pd.Timestamp(d) for d in (start, end))
    period = f"{first.day} {first:%B %Y} to {last.day} {last:%B %Y}"
    name = document["name"]
    law = ("Freedom of Information (Scotland) Act 2002" if document["country"] == "Scotland"
           else "Freedom of Information Act 2000")
    paragraphs = [
        f"To: [{name}'s Freedom of Information address: fill in]\n"
        "From: [your name, and the postal or e-mail address for the reply]\nDate: [today's date]",
        f"Freedom of Information request: misuse of information by {name}'s officers and staff",
        "Dear Freedom of Information officer,",
        f"Under the {law}, please tell me, for the period {period}, how many of {name}'s police officers, police "
        "staff, PCSOs and special constables, for misusing information the force holds (looking at records "
        "without a policing purpose, or passing information to someone not entitled to it):",
        "\n".join(textwrap.fill(item, WIDTH, subsequent_indent="   ") for item in (
            "1. were convicted of a criminal offence, or cautioned;",
            "2. were dismissed, or had their employment or contract ended;",
            "3. were disciplined within the force (for example given a written or final written warning), with the "
            "outcome of each case;",
            "4. resigned or retired while disciplinary or criminal proceedings were under way; and",
            "5. faced no action, or only management advice or other informal action.")),
        "If you can, please give each figure by year and separately for officers, staff, PCSOs and special "
        "constables, and say what the force counts as such a breach. If answering in full would cost more than the "
        "limit the Act allows, please tell me what you can give within it, or how I could narrow the request.",
        "I would like the answer by e-mail, in a spreadsheet or CSV file if possible.",
        "Yours faithfully,\n[your name]",
        "---\nThese are the questions Big Brother Watch asked every force for its 2016 report \"Safe in Police "
        "hands?\". When the answer arrives, add it to this project as its README explains under \"Adding your own "
        "FOI response\".",
    ]
    # Lines already broken by hand (the address block, the list) are kept; prose is wrapped for e-mail.
    return "\n\n".join(p if "\n" in p and not p.startswith("---") else
                        "\n".join(textwrap.fill(line, WIDTH) for line in p.split("\n")) for p in paragraphs) + "\n"
