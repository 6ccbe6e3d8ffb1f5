"""The clean step: every raw file in the manifest → tidy, validated tables, with nothing lost.

For every raw file, rows in = rows carried into an output table + rows set aside with a reason. Checks the
sources make possible (Total rows, region subtotals, printed percentages, tables of one FOI answer that
should agree) go into a data-quality table; disagreements are reported, not "fixed".
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from police_breaches.core import paths
from police_breaches.core.errors import InputError
from police_breaches.core.outputs import write_csv
from police_breaches.core.text import normalise
from police_breaches.sources import consistency, published_sums, schemas
from police_breaches.sources.manifest import load_manifest, verify_checksums
from police_breaches.sources.readers import READERS
from police_breaches.sources.readers.base import Context, ReadResult
from police_breaches.sources.vocab import Vocabularies

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


def check_one_figure_each(entry: dict, result: ReadResult) -> None:
    """Two rows that resolve to the same figure (the same force or month, period, unit and label) are an error.

    'West Midlands' and 'West Midlands Police', or 'Jan' and 'January' in a table by month, would otherwise be
    counted twice. Labels as published stay distinct: two published types of incident may share a category.
    """
    seen: dict[tuple, object] = {}
    for record in result.tables.get("observations", []):
        label = "" if record["breakdown"] in ("total", "month") else normalise(record["label_as_published"])
        key = (record["force_id"] or record["scope"], record["period_start"], record["period_end"], record["unit"],
               record["breakdown"], record["staff_group"], label)
        if key in seen and seen[key] != record["raw_row"]:
            what = record["force_id"] or record["scope"]
            raise InputError(entry["path"], record["raw_row"], f"the same figure as row {seen[key]} ({what}, "
                                                               f"{record['period_label']}"
                                                               + (f", {record['label_as_published']!r}" if label else "")
                                                               + "): two rows name one force, month or label")
        seen.setdefault(key, record["raw_row"])


def account_rows(entry: dict, result: ReadResult) -> dict:
    """Rows in = rows out + rows set aside, or the build stops: nothing is dropped silently."""
    # A pandas Index, not a Python set: an incident list can hold a million rows.
    carried = pd.Index([str(r["raw_row"]) for table in TABLES for r in result.tables.get(table, [])], dtype=object)
    carried = carried.append([pd.Index(frame["raw_row"].astype(str), dtype=object)
                              for frame in result.frames.values()]).unique()
    set_aside = [str(r["raw_row"]) for r in result.rejects]
    twice = set(carried.intersection(pd.Index(set_aside, dtype=object)))
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
                "check": f"same {unit} total in {year} across tables of {source_id}", "force_id": None,
                "result": "ok" if reference["sum_of_cells"] == other.sum_of_cells else "mismatch",
                "expected": int(reference["sum_of_cells"]), "found": int(other.sum_of_cells),
                "message": f"{year}: {reference['sum_of_cells']} by {reference['breakdown']}, "
                           f"{other.sum_of_cells} by {other.breakdown}"})
    return checks


def revision_checks(workforce: pd.DataFrame, register) -> list[dict]:
    """Later Home Office releases revise earlier dates: one check per figure given by more than one release."""
    return [{"resource": f"{row.first_resource} vs {row.last_resource}", "raw_row": f"{row.first_row} / {row.last_row}",
             "check": f"{row.worker_type} FTE for {register.in_text(row.force_id)} at {row.as_at} unchanged between "
                      "releases", "force_id": row.force_id,
             "result": "revised" if row.revised else "ok", "expected": row.first_shown, "found": row.last_shown,
             "message": f"release {row.first_release}: {row.first_shown}; release {row.last_release}: {row.last_shown}"}
            for row in workforce_revisions(workforce).itertuples()]


def clean_all(root: Path | None = None, config_dir: Path | None = None, manifest: dict | None = None,
              vocab: Vocabularies | None = None) -> CleanResult:
    """Every raw file of the manifest read and checked. A ``manifest`` given is taken as already validated."""
    root = Path(root or paths.root())
    manifest = manifest or load_manifest(root)
    verify_checksums(root, manifest)
    vocab = vocab or Vocabularies.load(config_dir or root / "config")
    collected: dict[str, list[dict]] = {name: [] for name in (*TABLES, "grid_totals")}
    frames: dict[str, list[pd.DataFrame]] = {name: [] for name in TABLES}
    rejects, checks, accounting = [], [], []
    for entry in manifest["resources"]:
        result = read_resource(root, entry, vocab)
        check_one_figure_each(entry, result)
        accounting.append(account_rows(entry, result))
        for name, rows in result.tables.items():
            collected[name].extend(rows)
        for name, frame in result.frames.items():
            frames[name].append(frame)
        rejects.extend(result.rejects)
        checks.extend(result.checks)
    resource_paths = {entry["name"]: entry["path"] for entry in manifest["resources"]}
    tables = {name: schemas.frame(name, collected[name], frames[name], resource_paths) for name in TABLES}
    consistency.check(tables, manifest, root)
    said = tables["observations"]["part_period"].fillna("")  # a reader's own (a count cut short, as published)
    tables["observations"]["part_period"] = said.where(said != "", consistency.part_periods(tables["observations"], manifest))
    checks.extend(cross_table_checks(pd.DataFrame(collected["grid_totals"])))
    checks.extend(revision_checks(tables["workforce"], vocab.forces))
    checks.extend(published_sums.checks(tables["observations"], set(resource_paths), root))
    return CleanResult(
        tables=tables,
        rejects=schemas.frame("rejects", rejects),
        data_quality=schemas.frame("data_quality", checks),
        row_accounting=schemas.frame("row_accounting", accounting),
    )


def report_text(result: CleanResult) -> str:
    """What ``make check`` prints of a clean run: rows in, carried and set aside per raw file, and every check
    that found the sources disagreeing."""
    accounting = result.row_accounting
    quality = result.data_quality
    problems = quality[quality["result"] != "ok"]
    lines = [f"{'raw file':<72} {'in':>5} {'out':>5} {'aside':>5}"]
    for row in accounting.itertuples(index=False):
        lines.append(f"{row.path:<72} {row.rows_in:>5} {row.rows_out:>5} {row.rows_set_aside:>5}")
    lines.append(f"{len(quality)} checks: {len(quality) - len(problems)} ok, {len(problems)} found the sources "
                 "disagreeing (kept as published):")
    lines += [f"  - {p.check}: expected {p.expected}, found {p.found} ({p.message})" for p in problems.itertuples()]
    return "\n".join(lines)


def write_clean(result: CleanResult, out_dir: Path) -> list[Path]:
    return [write_csv(frame, Path(out_dir) / f"{name}.csv") for name, frame in result.all_tables().items()]


def workforce_revisions(workforce: pd.DataFrame) -> pd.DataFrame:
    """Every figure more than one Home Office release gives (first and last release), and whether the later one
    changed it: its value, or its status (0.00 in one release, not available in the next)."""
    rows = []
    for (force_id, as_at, worker_type), group in workforce.groupby(["force_id", "as_at", "worker_type"]):
        if group["release"].nunique() < 2:
            continue
        first, last = group.sort_values("release").iloc[[0, -1]].itertuples(index=False)
        rows.append({"force_id": force_id, "as_at": as_at, "worker_type": worker_type,
                     "first_release": first.release, "last_release": last.release,
                     "first_fte": first.fte, "last_fte": last.fte, "first_shown": _fte_words(first),
                     "last_shown": _fte_words(last), "revised": _fte_words(first) != _fte_words(last),
                     "first_resource": first.resource, "last_resource": last.resource,
                     "first_row": first.raw_row, "last_row": last.raw_row})
    return pd.DataFrame(rows, columns=["force_id", "as_at", "worker_type", "first_release", "last_release", "first_fte",
                                       "last_fte", "first_shown", "last_shown", "revised", "first_resource",
                                       "last_resource", "first_row", "last_row"])


def _fte_words(row) -> str:
    """A workforce figure as a reader would compare it: '10,128.47', or 'not available (..)'."""
    if row.status == "reported":
        return f"{row.fte:,.2f}"
    return f"{row.status.replace('_', ' ')} ({row.status_detail})" if row.status_detail else row.status.replace("_", " ")
