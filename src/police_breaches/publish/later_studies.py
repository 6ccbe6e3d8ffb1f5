"""The report's section on what forces recorded after 2015: each later study told as a journalist would check
it (what it asked and who answered; its own list, with its scope; what its figures mean; where its figures
disagree), in words and one chart per list. Every figure is a fact (analysis.studies); none is ranked, summed
or drawn on one axis with a figure of the 2016 report or of another study."""

from __future__ import annotations

import pandas as pd

from police_breaches.analysis import studies
from police_breaches.core.text import date_words, md
from police_breaches.publish import style
from police_breaches.publish.charts import Chart
from police_breaches.publish.profiles import at_start
from police_breaches.publish.sentences import sentence_case
from police_breaches.publish.words import period_range


def asked_table(facts: pd.DataFrame, manifest: dict, names: dict) -> pd.DataFrame:
    """Each later study: what it asked and of whom, how many answered where it says, and where it was published."""
    rows = []
    for study_id, study in studies.studies().items():
        if study["kind"] != "later":
            continue
        files = [entry for entry in manifest["resources"] if entry["x-reader"].get("study") == study_id]
        sources = dict.fromkeys(names.get(s["source_id"], s["source_id"]) for entry in files for s in entry["sources"])
        answered = studies.answered(facts, manifest, study_id)
        rows.append({"Study": study["name"], "What it asked": study["asked"],
                     "Forces that answered": "" if answered is None else f"{answered:,}",
                     "Published by": "; ".join(sources)})
    return pd.DataFrame(rows, columns=["Study", "What it asked", "Forces that answered", "Published by"])


def list_scope(rows: pd.DataFrame, facts: pd.DataFrame, manifest: dict) -> str:
    """'21 of the 31 forces that answered VPNOverview's FOI (2021)': the list's forces_listed fact."""
    first = rows.iloc[0]
    found = facts[(facts["measure"] == "forces_listed") & (facts["basis"] == first["basis"])
                  & (facts["period_start"] == first["period_start"]) & (facts["period_end"] == first["period_end"])
                  & (facts["label"] == first["label"])].iloc[0]
    study = studies.study_of(manifest)[first["basis"]]["name"]
    return (f"{int(found['value'])} of the {int(found['of'])} forces that answered {study}" if pd.notna(found["of"])
            else f"the {int(found['value'])} forces {study} listed")


def list_chart(rows: pd.DataFrame, scope: str, width: float, source: str) -> Chart:
    """One study's list for one period, as published: bars for the forces it gave, no ranks and no other study."""
    data = rows.assign(force=rows["subject_name"], count=rows["value"].astype(int))
    label, period = rows["label"].iloc[0], period_range(rows["period_start"].iloc[0], rows["period_end"].iloc[0])
    fig, _ = style.bar_chart(data, label="force", value="count", width=width, bar_height=0.3)  # a long list, kept short
    title = f"{sentence_case(label)} in {period}, as {scope} told it"
    # The study's caveat is said in full beside the chart; the note keeps what a chart shared alone must carry.
    note = ("Each force decided what it counted as a data breach. Only the forces the study listed are shown: "
            "this is its list, not a ranking of all forces.")
    style.finish(fig, title, f"{sentence_case(label)}, {period}, each force's own count", source, note)
    out = data[["force", "count", "label", "period_start", "period_end", "basis"]]
    alt = (f"Horizontal bar chart: {title}. " + "; ".join(f"{r.force} {r.count:,}" for r in data.itertuples()) + ". "
           + note)
    return Chart(fig, out, title, alt)


def list_sentence(rows: pd.DataFrame, scope: str) -> str:
    """The list in words: its range, and its total as the figures give it (not as a national figure)."""
    top, bottom = rows.iloc[0], rows.iloc[-1]
    period = period_range(rows["period_start"].iloc[0], rows["period_end"].iloc[0])
    return (f"The list covers {scope}: from {int(top['value']):,} at {top['subject_name']} to "
            f"{int(bottom['value']):,} at {bottom['subject_name']} in {period}. Each force counted what it "
            "called a data breach, so a long bar may be a force that records carefully as much as one with more "
            "breaches.")


def definition_caveats(facts: pd.DataFrame, manifest: dict, in_text) -> str:
    """Each later study's caveat, and each zero its figures hold (a force that recorded none), as a list."""
    rows = studies.figures(facts, manifest)
    said = [f"{study['name']}: {study['caveat']}" for study in studies.studies().values() if study["kind"] == "later"]
    zeros = rows[(rows["scope"] == "force") & (rows["value"] == 0)]
    said += [f"{at_start(in_text(row.subject))} gave {row.study_name} 0 {row.label} for "
             f"{period_range(row.period_start, row.period_end)}: "
             "a force that recorded nothing, which need not mean nothing happened."
             for row in zeros.itertuples(index=False)]
    return "\n".join(f"- {md(item)}" for item in said)


def disagreements(facts: pd.DataFrame) -> pd.DataFrame:
    """Each check of figures a source published that should add up (its published_sum fact), as found."""
    sums = facts[facts["measure"] == "published_sum"]
    found = [f"They add up to {int(r.value):,}, as they should." if r.status_detail == "agree" else
             f"They add up to {int(r.value):,}, {'not' if r.label == 'equal' else 'more than'} {int(r.of):,}."
             for r in sums.itertuples(index=False)]
    return pd.DataFrame({"Check": sums["subject_name"], "Result": sums["status_detail"].map({"agree": "they agree"})
                         .fillna("the sources disagree"), "What was found": found}).reset_index(drop=True)


def disagreement_sentence(facts: pd.DataFrame) -> str:
    """The checks that found the sources disagreeing, in words (the table beside it has every check)."""
    table = disagreements(facts)
    found = table[table["Result"] == "the sources disagree"]
    if found.empty:
        return f"All {len(table)} checks of figures that should add up agree." if len(table) else ""
    said = " ".join(f"{md(check)}: {md(what[0].lower() + what[1:])}"
                    for check, what in zip(found["Check"], found["What was found"]))
    which = ("Both checks" if len(table) == 2 else "Every check") if len(found) == len(table) else \
        f"{len(found)} of the {len(table)} checks"
    return f"{which} found the sources disagreeing, kept as published. " + said


def no_rates(facts: pd.DataFrame, manifest: dict) -> str:
    """Why the later figures have no rate per 1,000 workforce (or nothing, where a matching date exists)."""
    latest = facts.loc[facts["measure"] == "workforce", "as_at"].max()
    first = studies.figures(facts, manifest)["period_start"].min()
    if pd.isna(latest) or pd.isna(first) or latest >= first:
        return ""
    return (f"No rate per 1,000 workforce is given for these figures: the Home Office workforce tables in the data "
            f"end at {date_words(latest)}, before any of their periods began.")
