"""One sheet of a Home Office workforce table: finding its header of dates, its force rows, its totals, and
checking that the forces add up to the total printed."""

from __future__ import annotations

import re
from datetime import date, datetime

import pandas as pd

from police_breaches.core.errors import InputError
from police_breaches.core.text import normalise
from police_breaches.sources.parsing import Count, parse_fte
from police_breaches.sources.readers.base import Context, ReadResult


def as_date(cell) -> date | None:
    if isinstance(cell, (datetime, pd.Timestamp)):
        return cell.date()
    if isinstance(cell, date):
        return cell
    return None

TOTAL_OF_FORCES = "total 43 forces"

BLANK_ROW = "blank row: no name and no figures (side notes such as 'Source: Home Office' included)"

GRAND_TOTAL = "total"

PART_WORDS = {"officers": "officers", "staff": "police staff", "pcsos": "PCSOs", "designated_officers": "designated officers"}


class Sheet:
    """One Home Office table read against its declared structure, row by row.

    After the title and the header row with the 'as at' dates, the table must be: every region of
    ``config/regions.csv`` once, each a region row followed by exactly its member forces; then 'Total 43
    forces'; then rows that are not territorial forces (British Transport Police, or names under
    ``x-reader.not_forces``); then 'Total'. After that only blank rows and notes. Blank rows may stand
    anywhere. Any other row is an error naming it: nothing is set aside because it did not fit.
    """

    def __init__(self, ctx: Context, result: ReadResult, sheet: str, worker_type: str, frame: pd.DataFrame):
        self.ctx, self.result, self.sheet, self.worker_type, self.frame = ctx, result, sheet, worker_type, frame
        self.markers = ctx.options.get("markers", {})
        # Parts the release marks as not available but, by its footnote, counts within another part.
        self.elsewhere = {(ctx.vocab.forces.resolve(rule["force"], ctx.file, None), rule["part"], as_at): rule
                          for rule in ctx.options.get("counted_elsewhere", []) for as_at in rule["as_at"]}
        self.regions = ctx.vocab.regions.groupby("region")["force_id"].apply(set).to_dict()
        self.region_by_name = {normalise(r): r for r in self.regions}
        self.state = "regions"  # regions → in_region → … → extras → after_table
        self.open_region, self.expected, self.region_values, self.member_sums = None, set(), {}, {}
        self.seen_regions: set[str] = set()
        self.forces: dict[str, dict] = {}
        self.totals: dict[int, float] = {}
        self.extras: dict[int, float] = {}

    def where(self, i: int) -> str:
        return f"{self.sheet}!{i + 1}"  # spreadsheet row numbers are 1-based

    def fail(self, i: int | None, problem: str):
        raise InputError(self.ctx.file, self.sheet if i is None else self.where(i), problem)

    def figures(self, i: int, values: dict, what: str) -> dict[int, float | None]:
        parsed = {j: parse_fte(v, self.ctx.file, self.where(i), self.markers, column=self.dates[j].isoformat())
                  for j, v in values.items()}
        return {j: count.value for j, count in parsed.items()}

    def checked(self, i: int, values: dict, what: str) -> dict[int, float]:
        """Figures a check is made against: a marker in place of one means the check cannot run."""
        figures = self.figures(i, values, what)
        missing = [self.dates[j].isoformat() for j, v in figures.items() if v is None]
        if missing:
            self.fail(i, f"{what} holds no figure for {', '.join(missing)}, so it cannot be checked")
        return figures

    # complexity: one pass down the sheet: the header's dates, each row by the table's state, then where the table ended
    def read(self) -> None:
        frame = self.frame
        header = next((i for i in range(len(frame)) if sum(as_date(c) is not None for c in frame.iloc[i]) >= 2), None)
        if header is None:
            self.fail(None, "no header row with 'as at' dates found")
        self.dates = {j: as_date(c) for j, c in enumerate(frame.iloc[header]) if as_date(c)}
        declared = self.ctx.options.get("as_at")
        found = sorted(d.isoformat() for d in self.dates.values())
        if declared is not None and found != sorted(declared):
            self.fail(header, f"the 'as at' dates are {found}; the manifest's x-reader.as_at declares {sorted(declared)}")
        for i in range(header + 1):
            self.ctx.reject(self.result, self.where(i), "title or header row")
        for i in range(header + 1, len(frame)):
            raw = frame.iat[i, 0]
            name = "" if pd.isna(raw) else str(raw).strip()
            values = {j: frame.iat[i, j] for j in self.dates}
            has_figures = not all(pd.isna(v) for v in values.values())
            if self.state == "after_table":
                if has_figures:
                    self.fail(i, f"figures below the table (after its last 'Total' row): {name!r}")
                self.ctx.reject(self.result, self.where(i), "notes and footnotes below the table" if name else BLANK_ROW)
                continue
            if not name and not has_figures:
                self.ctx.reject(self.result, self.where(i), BLANK_ROW)
                continue
            if not name:
                self.fail(i, "a row of figures with no force or region name")
            self.row(i, re.sub(r"(?<=[A-Za-z])[0-9]+$", "", name), values)  # 'Wiltshire2': footnote digit glued on
        if self.state != "after_table":
            ending = {"regions": "'Total 43 forces'", "in_region": f"the forces of {self.open_region!r}",
                      "extras": "its last 'Total' row"}[self.state]
            self.fail(None, f"the table ends before {ending}: a check of its totals could not run")

    # complexity: the table's state machine: one branch per state and kind of row (region, totals, extras)
    def row(self, i: int, name: str, values: dict) -> None:
        key = normalise(name)
        if self.state == "in_region":
            self.force(i, name, values, region=self.open_region)
            return
        if self.state == "regions" and key in self.region_by_name:
            region = self.region_by_name[key]
            if region in self.seen_regions:
                self.fail(i, f"the region {region!r} appears twice")
            self.seen_regions.add(region)
            self.open_region, self.expected = region, set(self.regions[region])
            self.region_values = self.checked(i, values, f"the region row {region!r}")
            self.member_sums = {j: 0.0 for j in values}
            self.state = "in_region"
            self.ctx.reject(self.result, self.where(i), f"region subtotal ({region}): checked against its forces")
            return
        if self.state == "regions" and key == TOTAL_OF_FORCES:
            missing = sorted(set(self.regions) - self.seen_regions)
            if missing:
                self.fail(i, f"'Total 43 forces' comes before the region(s) {missing}: the table is incomplete")
            self.totals = self.checked(i, values, "'Total 43 forces'")
            for j, total in self.totals.items():
                rebuilt = round(sum(f[j] or 0.0 for f in self.forces.values() if f["kind"] == "territorial"), 2)
                self.ctx.check(self.result, self.where(i), f"{self.sheet} Total 43 forces ({self.dates[j]})",
                               round(total, 2), rebuilt, f"{self.worker_type}: sum of the 43 force rows")
            self.extras = {j: 0.0 for j in values}
            self.state = "extras"
            self.ctx.reject(self.result, self.where(i), "Total 43 forces: total row, not a force")
            return
        if self.state == "extras" and key == GRAND_TOTAL:
            for j, total in self.checked(i, values, "'Total'").items():
                self.ctx.check(self.result, self.where(i), f"{self.sheet} Total ({self.dates[j]})", round(total, 2),
                               round(self.totals[j] + self.extras[j], 2),
                               f"{self.worker_type}: Total 43 forces plus the rows below it")
            self.state = "after_table"
            self.ctx.reject(self.result, self.where(i), "Total: total row, not a force")
            return
        if self.state == "extras":
            figures = self.figures(i, values, name)
            for j, value in figures.items():
                self.extras[j] += value or 0.0
            if name in self.ctx.options.get("not_forces", []):
                self.ctx.reject(self.result, self.where(i), f"{name}: not a police force (listed under x-reader.not_forces)")
            else:
                self.force(i, name, values, region=None)
            return
        to_come = sorted(set(self.regions) - self.seen_regions)
        expected = (f"a region row of config/regions.csv (still to come: {', '.join(to_come)})" if to_come
                    else "'Total 43 forces'") \
            if self.state == "regions" else "'Total', or a row that is not a territorial force"
        self.fail(i, f"{name!r} is not where the table's structure allows it: {expected} was expected here; "
                     "notes may only follow the table's last 'Total' row")

    def force(self, i: int, name: str, values: dict, region: str | None) -> None:
        ctx = self.ctx
        try:
            force_id = ctx.vocab.forces.resolve(name, ctx.file, self.where(i))
        except InputError as err:
            if region is None or normalise(name) in ctx.vocab.forces.alias_to_id:
                raise
            self.fail(i, f"{name!r} is not where the table's structure allows it: the region {region!r} still "
                         f"expects its forces {sorted(self.expected)} (config/regions.csv); notes may only follow the "
                         f"table's last 'Total' row ({err.problem})")
        kind = ctx.vocab.forces.kind_of(force_id)
        if region is not None and force_id not in self.expected:
            self.fail(i, f"{name!r} is not a force of the region {region!r} still to come "
                         f"(expected one of {sorted(self.expected)}, as config/regions.csv has it)")
        if region is None and kind == "territorial":
            self.fail(i, f"{name!r} is a territorial force outside its region's block (config/regions.csv)")
        if force_id in self.forces:
            self.fail(i, f"force {name!r} appears twice in {self.sheet}")
        figures = self.figures(i, values, name)
        self.forces[force_id] = {"kind": kind, **figures}
        for j, cell in values.items():
            count = parse_fte(cell, ctx.file, self.where(i), self.markers, column=self.dates[j].isoformat())
            elsewhere = self.elsewhere.get((force_id, self.worker_type, self.dates[j].isoformat()))
            if elsewhere and count.status != "reported":
                count = Count(None, "counted_elsewhere", f"counted in {PART_WORDS[elsewhere['in']]} "
                                                         f"({elsewhere['footnote']})")
            self.result.add("workforce", {
                "resource": ctx.name, "raw_row": self.where(i), "source_id": ctx.source_id, "force_id": force_id,
                "as_at": self.dates[j].isoformat(), "worker_type": self.worker_type, "fte": count.value,
                "status": count.status, "status_detail": count.detail, "release": ctx.options["release"]})
        if region is None:
            return
        self.expected.discard(force_id)
        for j, value in figures.items():
            self.member_sums[j] += value or 0.0
        if not self.expected:
            for j, region_total in self.region_values.items():
                ctx.check(self.result, self.where(i), f"{self.sheet} region {region} ({self.dates[j]})",
                          round(region_total, 2), round(self.member_sums[j], 2),
                          f"{self.worker_type}: region row against the sum of its forces")
            self.open_region, self.state = None, "regions"
