"""The clean step: every raw file in the manifest → tidy, validated tables, with nothing lost.

For every raw file, rows in = rows carried into an output table + rows set aside with a reason. Checks the
sources make possible (Total rows, region subtotals, printed percentages, tables of one FOI answer that
should agree) go into a data-quality table; disagreements are reported, not "fixed".
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import schemas
from .errors import InputError
from .manifest import load_manifest, verify_checksums
from .outputs import write_csv
from .readers import READERS, Context, ReadResult
from .vocab import Vocabularies

TABLES = ("observations", "incidents", "published_ranks", "workforce")


@dataclass
class CleanResult:
    tables: dict[str, pd.DataFrame]
    rejects: pd.DataFrame
    data_quality: pd.DataFrame
    row_accounting: pd.DataFrame

    def all_tables(self) -> dict[str, pd.DataFrame]:
        return {**self.tables, "rejects": self.rejects, "data_quality": self.data_quality,
                "row_accounting": self.row_accounting}


def read_resource(root: Path, entry: dict, vocab: Vocabularies) -> ReadResult:
    reader = READERS.get(entry.get("x-reader", {}).get("shape"))
    if reader is None:
        raise InputError("datapackage.json", None, f"resource {entry['name']!r}: unknown x-reader shape "
                                                   f"{entry.get('x-reader', {}).get('shape')!r}; known: {sorted(READERS)}")
    return reader(Context(resource=entry, vocab=vocab, path=Path(root) / entry["path"]))


def account_rows(entry: dict, result: ReadResult) -> dict:
    """Rows in = rows out + rows set aside, or the build stops: nothing is dropped silently."""
    carried = {str(r["raw_row"]) for table in TABLES for r in result.tables.get(table, [])}
    for frame in result.frames.values():
        carried.update(frame["raw_row"].astype(str).unique())
    set_aside = [str(r["raw_row"]) for r in result.rejects]
    twice = carried.intersection(set_aside)
    if twice or len(carried) + len(set_aside) != result.rows_in or len(set(set_aside)) != len(set_aside):
        raise InputError(entry["path"], None, f"row accounting failed: {result.rows_in} rows in, {len(carried)} "
                                              f"carried, {len(set_aside)} set aside (both: {sorted(twice)})")
    return {"resource": entry["name"], "path": entry["path"], "rows_in": result.rows_in,
            "rows_out": len(carried), "rows_set_aside": len(set_aside)}


def cross_table_checks(grid_totals: pd.DataFrame) -> list[dict]:
    """Tables of one FOI answer that count the same unit over the same years should have the same totals.

    WMP 4658_14 gives its cases three ways (by month, by type, by rank); by type disagrees in 2013 and 2014.
    """
    checks = []
    if grid_totals.empty:
        return checks
    for (source_id, unit, year), group in grid_totals.groupby(["source_id", "unit", "year"]):
        if len(group) < 2:
            continue
        ordered = group.sort_values("resource")
        reference = ordered.iloc[0]
        for other in ordered.iloc[1:].itertuples(index=False):
            checks.append({
                "resource": f"{reference['resource']} vs {other.resource}", "raw_row": "",
                "check": f"same {unit} total in {year} across tables of {source_id}",
                "result": "ok" if reference["sum_of_cells"] == other.sum_of_cells else "mismatch",
                "expected": int(reference["sum_of_cells"]), "found": int(other.sum_of_cells),
                "message": f"{year}: {reference['sum_of_cells']} by {reference['breakdown']}, "
                           f"{other.sum_of_cells} by {other.breakdown}"})
    return checks


def revision_checks(workforce: pd.DataFrame) -> list[dict]:
    """Later Home Office releases revise earlier dates: list every figure that changed between releases."""
    checks = []
    reported = workforce[workforce["status"] == "reported"]
    for (force_id, as_at, worker_type), group in reported.groupby(["force_id", "as_at", "worker_type"]):
        if group["release"].nunique() < 2:
            continue
        first, last = group.sort_values("release").iloc[[0, -1]].itertuples(index=False)
        checks.append({
            "resource": f"{first.resource} vs {last.resource}", "raw_row": f"{first.raw_row} / {last.raw_row}",
            "check": f"{worker_type} FTE for {force_id} at {as_at} unchanged between releases",
            "result": "ok" if round(first.fte, 2) == round(last.fte, 2) else "revised",
            "expected": round(first.fte, 2), "found": round(last.fte, 2),
            "message": f"release {first.release}: {first.fte:.2f}; release {last.release}: {last.fte:.2f}"})
    return checks


def clean_all(root: Path, config_dir: Path | None = None, manifest: dict | None = None,
              vocab: Vocabularies | None = None) -> CleanResult:
    """Every raw file of the manifest read and checked. A ``manifest`` given is taken as already validated."""
    root = Path(root)
    manifest = manifest or load_manifest(root)
    verify_checksums(root, manifest)
    vocab = vocab or Vocabularies.load(config_dir or root / "config")
    collected: dict[str, list[dict]] = {name: [] for name in (*TABLES, "grid_totals")}
    frames: dict[str, list[pd.DataFrame]] = {name: [] for name in TABLES}
    rejects, checks, accounting = [], [], []
    for entry in manifest["resources"]:
        result = read_resource(root, entry, vocab)
        accounting.append(account_rows(entry, result))
        for name, rows in result.tables.items():
            collected[name].extend(rows)
        for name, frame in result.frames.items():
            frames[name].append(frame)
        rejects.extend(result.rejects)
        checks.extend(result.checks)
    tables = {name: schemas.frame(name, collected[name], frames[name]) for name in TABLES}
    checks.extend(cross_table_checks(pd.DataFrame(collected["grid_totals"])))
    checks.extend(revision_checks(tables["workforce"]))
    return CleanResult(
        tables=tables,
        rejects=schemas.frame("rejects", rejects),
        data_quality=schemas.frame("data_quality", checks),
        row_accounting=schemas.frame("row_accounting", accounting),
    )


def write_clean(result: CleanResult, out_dir: Path) -> list[Path]:
    return [write_csv(frame, Path(out_dir) / f"{name}.csv") for name, frame in result.all_tables().items()]
