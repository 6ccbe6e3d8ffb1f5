"""One force's breaches by category, and the forces' outcomes on one scale, each in its own unit."""

from __future__ import annotations

import pandas as pd

from police_breaches.analysis.processed import BBW_UNIT, overlap_caveat, within
from police_breaches.analysis.rankings import CHOICES, force_totals, national_figure
from police_breaches.sources.vocab import ForceRegister

# What outcome figures count where they are answers about people rather than breaches (caveats.csv, overlap):
# one breach may have several people, so the figures are outcomes for officers and staff, not breaches.
PEOPLE = "outcomes for officers and staff"


def units_in_order() -> list[str]:
    """The rule for choosing which of several breakdowns of one year by category a chart shows: the first unit
    in this list that the source's unit names (config/choices.yml); then the source published last."""
    from police_breaches.core import paths, strict_yaml

    return strict_yaml.load(paths.at(CHOICES).read_text(encoding="utf-8"))["category_breakdown"]["units_in_order"]


def outcome_breakdowns(observations: pd.DataFrame, incidents: pd.DataFrame, scale: pd.DataFrame,
                       register: ForceRegister, start: str, end: str) -> pd.DataFrame:
    """Published outcome breakdowns on the canonical outcome scale, each with its denominator and what it
    counts (breaches; or, where config/caveats.csv says a force's answers count people or overlap, answers).

    National key findings (denominator: the national total), forces whose quoted outcomes add up to their
    total, and forces whose incidents are listed one by one with an outcome.
    """
    obs = within(observations, start, end)
    obs = obs[(obs["unit"] == BBW_UNIT)]
    national_total = national_figure(observations, start, end)
    parts = []
    national = obs[(obs["scope"] != "force") & (obs["breakdown"] == "outcome")]
    if not national.empty:
        parts.append(national.assign(body="All forces that answered", denominator=national_total)
                     [["body", "outcome", "value", "denominator", "source_id"]])
    totals = force_totals(observations, register, start, end).set_index("force_id")["value"]
    per_force = obs[(obs["scope"] == "force") & (obs["breakdown"] == "outcome")]
    for force_id, group in per_force.groupby("force_id"):
        if force_id in totals and not pd.isna(totals[force_id]) and int(group["value"].sum()) == int(totals[force_id]):
            summed = group.groupby("outcome", as_index=False).agg(value=("value", "sum"), source_id=("source_id", "first"))
            caveat = overlap_caveat(force_id, group["resource"].unique())
            parts.append(summed.assign(body=register.name_of(force_id), denominator=int(totals[force_id]),
                                       counts=PEOPLE if caveat else "breaches", caveat=caveat))
    listed = within(incidents, start, end)
    listed = listed[(listed["unit"] == BBW_UNIT) & (listed["outcome"] != "")]
    for force_id, group in listed.groupby("force_id"):
        counted = group.groupby("outcome", as_index=False).agg(value=("description", "size"),
                                                              source_id=("source_id", "first"))
        parts.append(counted.assign(body=register.name_of(force_id), denominator=len(group)))
    if not parts:
        return pd.DataFrame(columns=["body", "outcome", "outcome_name", "order", "formal_action", "value",
                                     "denominator", "share", "counts", "source_id", "note"])
    table = pd.concat(parts, ignore_index=True)
    table = table.assign(counts=table.get("counts", "breaches"), caveat=table.get("caveat", ""))
    table = split_outcomes(table.fillna({"counts": "breaches", "caveat": ""}), scale)
    table["note"] = ["; ".join(filter(None, [c, n])) for n, c in zip(table["note"], table["caveat"])]
    table["value"] = table["value"].astype(int)
    names = scale.set_index("id")
    table["outcome_name"] = table["outcome"].map(names["name"])
    table["order"] = table["outcome"].map(names["order"])
    table["formal_action"] = table["outcome"].map(names["formal_action"])
    table["share"] = table["value"] / table["denominator"]
    columns = ["body", "outcome", "outcome_name", "order", "formal_action", "value", "denominator", "share", "counts",
               "source_id", "note"]
    return table[columns].sort_values(["body", "order"]).reset_index(drop=True)


def split_outcomes(table: pd.DataFrame, scale: pd.DataFrame) -> pd.DataFrame:
    """Cases whose outcome the source gives only as 'one each' of several (config/canonical.csv, splits_into).

    Two cases 'written warning or management advice (one each)' are one written warning and one management
    advice: which case had which is unknown, the count of each is not. A count that does not divide evenly
    stays as published, unclassified.
    """
    splits = scale.set_index("id")["splits_into"].to_dict() if "splits_into" in scale else {}
    names = scale.set_index("id")["name"].to_dict()
    rows = []
    for row in table.assign(note="").to_dict("records"):
        parts = [p for p in splits.get(row["outcome"], "").split("|") if p]
        if parts and row["value"] % len(parts) == 0:
            share = row["value"] // len(parts)
            note = (f"the {row['value']} cases given as '{names.get(row['outcome'], row['outcome']).lower()}' are "
                    f"{' and '.join(f'{share} {names[p].lower()}' for p in parts)}, as the source says (which case "
                    "had which is not known)")
            rows += [{**row, "outcome": part, "value": share, "note": note} for part in parts]
        else:
            rows.append(row)
    split = pd.DataFrame(rows)
    keys = ["body", "outcome", "denominator", *[c for c in ("counts", "caveat") if c in split]]
    return split.groupby(keys, as_index=False, sort=False, dropna=False).agg(
        value=("value", "sum"), source_id=("source_id", "first"),
        note=("note", lambda n: "; ".join(dict.fromkeys(filter(None, n)))))


def no_formal_action(breakdowns: pd.DataFrame) -> pd.DataFrame:
    """Per body: how many ended with no formal action (no action, informal/management action, not proven)."""
    rows = []
    for body, group in breakdowns.groupby("body", sort=False):
        informal = int(group.loc[group["formal_action"] == "no", "value"].sum())
        unclear = int(group.loc[group["formal_action"].isin(["", "mixed"]), "value"].sum())
        denominator = int(group["denominator"].iloc[0])
        rows.append({"body": body, "no_formal_action": informal, "not_classifiable": unclear,
                     "denominator": denominator, "share_no_formal_action": informal / denominator,
                     "counts": group["counts"].iloc[0]})
    return pd.DataFrame(rows, columns=["body", "no_formal_action", "not_classifiable", "denominator",
                                       "share_no_formal_action", "counts"])
