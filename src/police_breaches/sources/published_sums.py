"""Figures a source publishes that should add up (config/published_sums.csv): each whole beside the sum of
its parts, as a data-quality check. A disagreement is reported as the sources publish it, never fixed."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from police_breaches.core import configuration
from police_breaches.core.errors import InputError
from police_breaches.core.text import normalise
from police_breaches.sources.parsing import parse_period

CONFIG_FILE = "config/published_sums.csv"


def _rows(observations: pd.DataFrame, spec: dict, side: str, resources: set[str]) -> pd.DataFrame:
    """The figures one side of a check names; a side that names nothing is an error in the configuration."""
    resource, row = spec[f"{side}_resource"], spec["_row"]
    labels = {normalise(label) for label in spec[f"{side}_labels"].split("|")}
    found = observations[(observations["resource"] == resource)
                         & observations["label_as_published"].map(normalise).isin(labels)]
    if spec[f"{side}_period"]:
        period = parse_period(spec[f"{side}_period"], CONFIG_FILE, row)
        found = found[(found["period_start"] == period.start.isoformat()) & (found["period_end"] == period.end.isoformat())]
    missing = labels - set(found["label_as_published"].map(normalise))
    if missing:
        raise InputError(CONFIG_FILE, row, f"{side}_labels: {', '.join(sorted(missing))} not found in {resource}"
                                           + (f" for {spec[f'{side}_period']}" if spec[f"{side}_period"] else ""))
    if found["value"].isna().any():
        raise InputError(CONFIG_FILE, row, f"the {side} includes a figure that is not a number: it cannot be summed")
    return found


def _sum_words(rows: pd.DataFrame) -> str:
    """'108 + 156 + 175 = 439'; a long list by its total alone."""
    values = [f"{int(v):,}" for v in rows["value"]]
    total = f"{int(rows['value'].sum()):,}"
    return total if len(values) == 1 or len(values) > 5 else f"{' + '.join(values)} = {total}"


def sums(observations: pd.DataFrame, resources: set[str],
         root: Path | None = None) -> list[tuple[dict, pd.DataFrame, pd.DataFrame]]:
    """Each declared sum whose files are among ``resources``: its row of config/published_sums.csv, the whole's
    figures and the parts' figures. (A row naming a file the project's manifest lacks stops the build before any
    step runs, :func:`problems` in pipeline.py's check_inputs; a reader given part of the manifest skips it.)"""
    return [(spec, _rows(observations, spec, "whole", resources), _rows(observations, spec, "parts", resources))
            for spec in configuration.table("published_sums.csv", root)
            if {spec["whole_resource"], spec["parts_resource"]} <= resources]


def problems(root: Path, resources: set[str]) -> list[str]:
    """Each row of config/published_sums.csv that names a file the manifest does not have."""
    return [f"row {spec['_row']}: {side}_resource {spec[f'{side}_resource']!r} is not a resource of "
            "the manifest" for spec in configuration.table("published_sums.csv", root) for side in ("whole", "parts")
            if spec[f"{side}_resource"] not in resources]


def agrees(spec: dict, total: int, summed: int) -> bool:
    return summed == total if spec["relation"] == "equal" else summed <= total


def checks(observations: pd.DataFrame, resources: set[str], root: Path) -> list[dict]:
    """A data-quality row per declared sum: ok, or mismatch with both sides in words."""
    found = []
    for spec, whole, parts in sums(observations, resources, root):
        total, summed = int(whole["value"].sum()), int(parts["value"].sum())
        ok = agrees(spec, total, summed)
        verb = "add up to" if spec["relation"] == "equal" else "add up to no more than"
        found.append({
            "resource": spec["whole_resource"] if spec["whole_resource"] == spec["parts_resource"]
            else f"{spec['whole_resource']} vs {spec['parts_resource']}",
            "raw_row": " / ".join(str(r) for r in [*whole["raw_row"], *parts["raw_row"]]),
            "check": spec["check"], "force_id": None, "result": "ok" if ok else "mismatch", "expected": total, "found": summed,
            "message": f"the {len(parts)} figures should {verb} {_sum_words(whole)}: they add up to {_sum_words(parts)}"})
    return found
