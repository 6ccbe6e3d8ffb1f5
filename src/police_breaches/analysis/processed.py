"""The processed tables as the analysis reads them: the tables and the manifest loaded, rows within a period,
sources named and dated, and the caveats that follow a figure wherever it goes."""

from __future__ import annotations

import re

import pandas as pd

from police_breaches.core import paths
from police_breaches.core.paths import PROCESSED
from police_breaches.sources.vocab import ForceRegister

BBW_UNIT = "breaches reported to Big Brother Watch"


def within(frame: pd.DataFrame, start: str, end: str) -> pd.DataFrame:
    """Rows whose whole period lies inside [start, end]: nothing is assigned to a period it does not fit."""
    return frame[(frame["period_start"] >= start) & (frame["period_end"] <= end)]


def publication_dates(manifest: dict) -> dict[str, str]:
    """Each source id's publication date, as the manifest gives it ('2016-07', '2017-08-25')."""
    return {source["source_id"]: source["published"] for entry in manifest["resources"] for source in entry["sources"]}


def disagreements(problems: pd.DataFrame) -> pd.DataFrame:
    """The data-quality checks that found a disagreement, each with what it affects in the report."""
    def affects(check: str, result: str) -> str:
        if result == "revised":
            as_at = re.search(r" at ([0-9-]+) ", check)
            return (f"rates only if the workforce date chosen is {as_at.group(1) if as_at else 'that date'} (the "
                    "ranking section says which date it is); rates use the latest release")
        if "across tables of" in check:
            return "the force's series in 'in context', which marks the year and gives each table's total"
        if "printed percentage" in check:
            return "nothing rebuilt here: the counts are used, not the printed percentages"
        if check.startswith("Total row equals"):
            return "nothing rebuilt here: the table's rows are used, not its Total row"
        if "region" in check or "Total" in check:
            return "nothing rebuilt here: rates use the force rows, not the Home Office's totals"
        return "nothing corrected: each figure is shown as its source published it"
    out = problems[["check", "expected", "found", "message"]].copy()
    for column in ("expected", "found"):  # a count as a reader reads it: 2,386, not 2386
        out[column] = [f"{int(v):,}" if isinstance(v, str) and v.isdigit() else v for v in out[column]]
    out["affects"] = [affects(row["check"], row["result"]) for _, row in problems.iterrows()]
    return out


def source_names(manifest: dict) -> dict[str, str]:
    """source_id → 'Publisher (date)', as a reader would name a source ('Express & Star (25 August 2017)')."""
    from police_breaches.core.text import date_words

    # the date alone: a note beside it ('2016-07 (not printed on the page; …)') is for the source lists
    return {s["source_id"]: f"{s['publisher']} ({date_words(str(s['published']).split(' (')[0])})"
            for r in manifest["resources"] for s in r["sources"]}


def readable(frame: pd.DataFrame, manifest: dict, register: ForceRegister | None = None) -> pd.DataFrame:
    """A table for people: sources by publisher and date, forces by name (ids stay in the CSV files)."""
    out = frame.copy()
    if "source_id" in out:
        out["source_id"] = out["source_id"].map(source_names(manifest)).fillna(out["source_id"])
    if register is not None and "force_id" in out:
        out["force_id"] = out["force_id"].map(lambda f: register.name_of(f) if isinstance(f, str) and f else "")
    return out


def load_manifest(root=None) -> dict:
    """The manifest as the clean step validated it (notebooks after 01 only read its metadata)."""
    from police_breaches.sources.manifest import load_manifest as load
    return load(root or paths.root(), validate=False)


def load_processed(folder=None) -> dict[str, pd.DataFrame]:
    """The clean step's tables, read back with the types they were written with (blank = missing)."""
    folder = paths.at(folder or PROCESSED)

    def read(name: str, **types) -> pd.DataFrame:
        return pd.read_csv(folder / f"{name}.csv", keep_default_na=False, na_values={c: [""] for c in types},
                           dtype={"raw_row": str, **types})

    return {
        "observations": read("observations", value="Int64"),
        "incidents": read("incidents"),
        "published_ranks": read("published_ranks", rank="Int64"),
        "workforce": read("workforce", fte="float64"),
        "data_quality": read("data_quality", expected=str, found=str),  # a count stays its digits, never a float
        "row_accounting": read("row_accounting"),
    }


def caveats(force_id: str | None = None) -> pd.DataFrame:
    """config/caveats.csv: what a reader must keep in mind about a force's figures from one source (overlap:
    they may count a breach twice, or count people; doubtful: the source contradicts itself)."""
    from police_breaches.core.configuration import table

    rows = pd.DataFrame(table("caveats.csv"), columns=["force_id", "about", "kind", "caveat", "source_id", "_row"])
    return rows if force_id is None else rows[rows["force_id"] == force_id]


def caveats_for(force_id: str, resources, kinds=("overlap", "doubtful", "wording")) -> list[str]:
    """What config/caveats.csv says about a force's figures read from any of ``resources`` (raw file names)."""
    found = caveats(force_id)
    return list(found.loc[found["kind"].isin(kinds) & found["about"].isin(list(resources)), "caveat"])


def overlap_caveat(force_id: str, resources) -> str:
    """The overlap caveat for a force's figures from any of ``resources``, or ''."""
    return next(iter(caveats_for(force_id, resources, ("overlap",))), "")


def resource_path(resource: str) -> str:
    """A raw file's path, from its resource name in the manifest (the name itself where none matches)."""
    return next((r["path"] for r in load_manifest()["resources"] if r["name"] == resource), resource)
