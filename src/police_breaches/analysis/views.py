"""The facts table, read: the tables the pages draw, each made from facts and nothing else.

``Facts.load()`` reads ``data/processed/facts.csv`` and the parameters the facts step ran with. Each view
(``ranking``, ``coverage``, ``rates``, ``outcomes``, ``categories``, ``series``, ``workforce``) turns the facts
of one kind back into the table a chart, a sentence or a force page works from, with the facts' own periods.
A view adds no figure: every number it returns is a fact's (a test turns the facts into views and back).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import pandas as pd

from police_breaches.analysis.fact import KNOWN, NATIONAL
from police_breaches.analysis.processed import BBW_UNIT
from police_breaches.analysis.ranges import words
from police_breaches.core import paths
from police_breaches.core.paths import PROCESSED

PARAMETERS = PROCESSED / "facts_parameters.json"


@dataclass
class Facts:
    frame: pd.DataFrame
    parameters: dict = field(default_factory=dict)  # what the facts step ran with: window, workforce date, ties

    @classmethod
    def load(cls, folder=None) -> Facts:
        from police_breaches.analysis import facts
        from police_breaches.core.outputs import source

        found = facts.load(folder)
        place = paths.at(folder) / PARAMETERS if folder else source(PARAMETERS)
        return cls(found, json.loads(place.read_text(encoding="utf-8")))

    # ----------------------------------------------------------------------- looking facts up

    def of(self, measure: str | list[str], subject: str | None = None, period: tuple[str, str] | None = None,
           basis: str | None = None, label: str | None = None) -> pd.DataFrame:
        frame = self.frame
        keep = frame["measure"].isin([measure] if isinstance(measure, str) else measure)
        if subject is not None:
            keep &= frame["subject"] == subject
        if period is not None:
            keep &= (frame["period_start"] == period[0]) & (frame["period_end"] == period[1])
        if basis is not None:
            keep &= frame["basis"] == basis
        if label is not None:
            keep &= frame["label"] == label
        return frame[keep]

    def value(self, measure: str, subject: str, period: tuple[str, str] | None = None, label: str = "",
              basis: str | None = None):
        """The one fact's value (None where there is no such fact, or it has no value)."""
        found = self.of(measure, subject, period, basis, label)
        if len(found) > 1:
            raise LookupError(f"{len(found)} facts for {subject} {measure} {label} {period}")
        return None if found.empty else found["value"].iloc[0]

    def sum_of(self, force_id: str, period: tuple[str, str], resource: str, unit: str,
               measure: str = "sum_of_categories") -> dict | None:
        """The sum fact of one published breakdown (a force's, in one period, from one raw file, in one unit)."""
        found = self.of(measure, subject=force_id, period=period, basis=resource, label=unit)
        return found.iloc[0].to_dict() if len(found) else None

    @property
    def window(self) -> tuple[str, str]:
        return self.parameters["period_start"], self.parameters["period_end"]

    # ----------------------------------------------------------------------- the ranking of a period

    def ranking_periods(self) -> list[tuple[str, str]]:
        """The ranking periods the facts step worked out (those inside the project's window)."""
        found = self.of(["place_among_known", "known_total"], basis="ranking")
        return sorted(set(zip(found["period_start"], found["period_end"])))

    def ranking_period(self) -> tuple[str, str] | None:
        """The period the ranking is of: the one with most known totals, if the window holds several."""
        periods = self.ranking_periods()
        if not periods:
            return None
        return max(periods, key=lambda p: (len(self.of("place_among_known", period=p)), p))

    def published_periods(self) -> list[tuple[str, str]]:
        """The periods for which the 2016 report's kind of per-force total is published, inside the window or not."""
        found = self.of("total")
        found = found[(found["unit"] == BBW_UNIT) & (found["scope"] == "force") & (found["status"] == "reported")]
        return sorted(set(zip(found["period_start"], found["period_end"])))

    def ranking(self, period: tuple[str, str] | None) -> pd.DataFrame:
        """Each force with a total for ``period`` (known, or not revealed), its place among the known and its
        ranges of ranks: the table rankings.with_ranges made, rebuilt from the facts (empty for no period)."""
        period = period or ("", "")
        places = self.of("place_among_known", period=period).set_index("subject")
        ranges = self.of("rank_range", period=period).set_index("subject")
        special = self.of("rank_range_with_special_forces", period=period).set_index("subject")
        totals = self.of("total", period=period)
        rows = []
        for force_id, place in places.iterrows():
            total = totals[(totals["subject"] == force_id) & (totals["basis"] == place["resource"])].iloc[0]
            rows.append({**_total(total), "status": "reported", "rank": place["value"], "best": ranges.at[force_id, "low"],
                         "worst": ranges.at[force_id, "high"], "of": ranges.at[force_id, "of"],
                         "best_with_special_forces": special.at[force_id, "low"],
                         "worst_with_special_forces": special.at[force_id, "high"],
                         "of_with_special_forces": special.at[force_id, "of"]})
        withheld = self.of("known_total", period=period)
        for fact_ in withheld[withheld["status"] != "not_known"].itertuples(index=False):
            total = totals[(totals["subject"] == fact_.subject) & (totals["unit"] == BBW_UNIT)].iloc[0]
            rows.append(_total(total))
        columns = ["force_id", "force", "value", "status", "status_detail", "source_id", "period_start", "period_end",
                   "unit", "resource", "rank", "best", "worst", "of", "best_with_special_forces",
                   "worst_with_special_forces", "of_with_special_forces"]
        table = pd.DataFrame(rows, columns=columns)
        whole = ["value", "rank", "best", "worst", "of", "best_with_special_forces", "worst_with_special_forces",
                 "of_with_special_forces"]
        table[whole] = table[whole].astype("Int64")
        table["possible_rank"] = [words(b, w) for b, w in zip(table["best"], table["worst"])]
        return table.sort_values(["value", "force"], ascending=[False, True], na_position="last").reset_index(drop=True)

    def coverage(self, period: tuple[str, str] | None) -> dict:
        """How much of the national figure the known totals account for, and which forces have none."""
        territorial = self.value("forces", "territorial_forces")
        if period is None:
            return {"forces_with_figure": 0, "from_answers": 0, "known_sum": 0, "national_total": None,
                    "share_of_national": None, "not_attributable": None, "withheld": [], "missing": [],
                    "territorial_forces": territorial, "published_periods": self.published_periods(), "scope": ""}
        forces = self.of("forces", subject=KNOWN, period=period)
        count = {row.label: row.value for row in forces.itertuples(index=False)}
        national = self.national_figure(period)
        missing = self.of("known_total", period=period)
        return {
            "forces_with_figure": count.get("", 0), "from_answers": count.get("from this project's FOI answers", 0),
            "territorial_forces": territorial,
            "known_sum": self.value("breaches", KNOWN, period) or 0,
            "national_total": national,
            "share_of_national": (self.value("breaches", KNOWN, period) or 0) / national if national else None,
            "not_attributable": self.value("breaches", "not_attributable", period),
            "withheld": missing.loc[missing["status"] != "not_known", "subject_name"].tolist(),
            "missing": missing.loc[missing["status"] == "not_known", "subject_name"].tolist(),
            "published_periods": self.published_periods(),
            "scope": forces.loc[forces["label"] == "", "scope"].iloc[0] if len(forces) else "",
        }

    def national_figure(self, period: tuple[str, str]) -> int | None:
        found = self.of("total", subject=None, period=period)
        found = found[(found["scope"] != "force") & (found["unit"] == BBW_UNIT) & found["value"].notna()]
        return None if found.empty else int(found["value"].iloc[0])

    def years(self, period: tuple[str, str]) -> float:
        return float(self.value("years", KNOWN, period))

    # ----------------------------------------------------------------------- rates

    def rates(self, period: tuple[str, str] | None) -> pd.DataFrame:
        """Breaches per 1,000 FTE workforce, with intervals, places by count and by rate among the rated, the
        workforce and what to know about it: the table rates.rates made, rebuilt from the facts."""
        ranked = self.ranking(period)
        known = ranked[ranked["status"] == "reported"].set_index("force_id")
        rate = self.of("rate_per_1000", period=period).set_index("subject")
        per_year = self.of("rate_per_1000_a_year", period=period).set_index("subject")
        count_place = self.of("place_by_count_among_rated", period=period).set_index("subject")
        rate_place = self.of("place_by_rate_among_rated", period=period).set_index("subject")
        as_at = self.parameters["workforce_as_at"]
        staff = self.of("workforce_fte", period=(as_at, as_at), label="").set_index("subject")
        rows = []
        for force_id, total in known.iterrows():
            fact_ = rate.loc[force_id]
            rated = fact_["status"] != "not_known"
            rows.append({"force_id": force_id, **total.to_dict(),
                         "workforce_fte": staff.at[force_id, "value"] if force_id in staff.index else None,
                         "workforce_note": fact_["caveats"].removeprefix("unusual workforce: ") if rated else "",
                         "workforce_caveat": staff.at[force_id, "caveats"] if force_id in staff.index else "",
                         "workforce_missing": "" if rated else fact_["status_detail"],
                         "per_1000_fte": fact_["value"], "per_1000_fte_low": fact_["low"],
                         "per_1000_fte_high": fact_["high"],
                         "per_1000_fte_per_year": per_year.at[force_id, "value"] if rated else None,
                         "count_rank": count_place.at[force_id, "value"] if rated else None,
                         "rate_rank": rate_place.at[force_id, "value"] if rated else None,
                         "workforce_as_at": as_at})
        table = pd.DataFrame(rows, columns=RATE_COLUMNS)
        if table.empty:
            return table
        floats = ["workforce_fte", "per_1000_fte", "per_1000_fte_low", "per_1000_fte_high", "per_1000_fte_per_year"]
        table[floats] = table[floats].astype("float64")
        table[["count_rank", "rate_rank"]] = table[["count_rank", "rate_rank"]].astype("Int64")
        return table.sort_values("per_1000_fte", ascending=False).reset_index(drop=True)

    def campaign(self, period: tuple[str, str] | None) -> pd.DataFrame:
        """Where this project's FOI answers added totals: each force's range from the report's totals alone and
        with the answers, and how far they narrowed it."""
        before = self.of("rank_range_report_only", period=period or ("", ""))
        if before.empty:
            return pd.DataFrame(columns=["force", "breaches", "unit", "possible_rank_before", "possible_rank",
                                         "narrowed_by"])
        ranked = self.ranking(period).set_index("force_id")
        ranked = ranked[ranked["rank"].notna()]
        narrowed = self.of("narrowed_by", period=period).set_index("subject")["value"]
        earlier = before.set_index("subject")
        rows = [{"force": row["force"], "breaches": row["value"], "unit": row["unit"],
                 "possible_rank_before": words(earlier.at[force_id, "low"], earlier.at[force_id, "high"])
                 if force_id in earlier.index else "not known", "possible_rank": row["possible_rank"],
                 "narrowed_by": narrowed.get(force_id)} for force_id, row in ranked.iterrows()]
        return pd.DataFrame(rows).astype({"narrowed_by": "Int64", "breaches": "Int64"})

    def requests(self, folder=None) -> pd.DataFrame:
        """This project's FOI campaign, a row per request, as the facts step worked it out (none: no rows)."""
        from police_breaches.analysis.campaign import REQUEST_COLUMNS
        from police_breaches.analysis.facts import REQUESTS
        from police_breaches.core.outputs import source

        path = paths.at(folder) / REQUESTS if folder else source(REQUESTS)
        if not path.exists():
            return pd.DataFrame(columns=REQUEST_COLUMNS)
        return pd.read_csv(path, dtype=str, keep_default_na=False)

    def progress(self) -> dict[tuple[str, str], dict[str, int]]:
        """For each period a campaign asks about, how many requests were written, sent and stand each way."""
        found: dict[tuple[str, str], dict[str, int]] = {}
        for row in self.of("requests").itertuples(index=False):
            found.setdefault((row.period_start, row.period_end), {})[row.label] = int(row.value)
        return found

    def not_ranked(self, period: tuple[str, str] | None) -> pd.DataFrame:
        """Answers to this project's requests kept out of the ranking of ``period``, each with why."""
        return self.of("answer_not_ranked", period=period or ("", ""))

    def checks(self, folder=None) -> pd.DataFrame:
        """The reproduction checks the facts step made: every published figure beside what the data rebuild."""
        from police_breaches.analysis.facts import CHECKS
        from police_breaches.core.outputs import source

        return pd.read_csv(paths.at(folder) / CHECKS if folder else source(CHECKS), dtype=str, keep_default_na=False)

    def revisions(self) -> tuple[int, int]:
        """How many workforce figures later Home Office releases revised, and how many at the workforce date."""
        return (int(self.value("checks", "raw_data", label="revised") or 0),
                int(self.value("checks", "raw_data", label="revised at the workforce date") or 0))

    # ----------------------------------------------------------------------- outcomes

    def outcomes(self, period: tuple[str, str] | None, scale: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
        """Outcome breakdowns on the project's scale, and how many ended with no formal action, per body."""
        period = period or ("", "")
        found = self.of("outcome_on_the_scale", period=period)
        names = scale.set_index("id")
        table = pd.DataFrame({
            "body": found["subject_name"], "subject": found["subject"], "outcome": found["label"],
            "outcome_name": found["label"].map(names["name"]), "order": found["label"].map(names["order"]),
            "formal_action": found["label"].map(names["formal_action"]), "value": found["value"].astype(int),
            "denominator": found["of"].astype(int), "counts": found["unit"], "source_id": found["sources"],
            "note": found["caveats"]})
        table["share"] = table["value"] / table["denominator"]
        table["order"] = table["order"].astype(int)
        national_first = table["subject"] != NATIONAL
        table = table.assign(_national=national_first).sort_values(["_national", "body", "order"]).drop(
            columns=["_national"])
        summary = []
        for (subject, body), _group in table.groupby(["subject", "body"], sort=False):
            informal = self.of("no_formal_action", subject=subject, period=period).iloc[0]
            unclear = self.of("not_classifiable", subject=subject, period=period).iloc[0]
            summary.append({"body": body, "no_formal_action": informal["value"], "not_classifiable": unclear["value"],
                            "denominator": informal["of"], "share_no_formal_action": informal["value"] / informal["of"],
                            "counts": informal["unit"]})
        columns = ["body", "no_formal_action", "not_classifiable", "denominator", "share_no_formal_action", "counts"]
        return table.drop(columns="subject").reset_index(drop=True), pd.DataFrame(summary, columns=columns)

    # ----------------------------------------------------------------------- one force

    def categories(self, force_id: str, year: int, taxonomy_names: pd.DataFrame, units_in_order: list[str],
                   published: dict[str, str]) -> list[pd.DataFrame]:
        """Every breakdown of one force's calendar year by category, one per source and unit, largest category
        first, each with its sum, part-period note and caveats (``in_all``, a dict in ``.attrs``); the one a chart
        shows first, by the rule in config/choices.yml (``units_in_order``; then the source published last),
        and one empty table where none is published. ``published``: each source id's publication date."""
        from datetime import date

        from police_breaches.sources.consistency import published_by

        found = self.of("category", subject=force_id, period=(f"{year}-01-01", f"{year}-12-31"))
        names = taxonomy_names.set_index("id")["name"]

        def preference(key: tuple[str, str]) -> tuple:
            unit, source_id = key
            rank = next((i for i, word in enumerate(units_in_order) if word in unit.lower().split()), len(units_in_order))
            return rank, -date.fromisoformat(published_by(published.get(source_id, "0001"))).toordinal(), source_id

        columns = ["label_as_published", "category", "category_name", "value", "status", "unit", "source_id", "resource"]
        tables = []
        for unit, source_id in sorted(set(zip(found["unit"], found["sources"])), key=preference):
            group = found[(found["unit"] == unit) & (found["sources"] == source_id)]
            table = pd.DataFrame({"label_as_published": group["label"], "category": group["canonical"],
                                  "category_name": group["canonical"].map(names), "value": group["value"],
                                  "status": group["status"], "unit": unit, "source_id": source_id,
                                  "resource": group["basis"]}, columns=columns)
            table["value"] = table["value"].astype("Int64")
            table = table.sort_values(["value", "label_as_published"], ascending=[False, True], na_position="last")
            table = table.reset_index(drop=True)
            table.attrs["in_all"] = self.sum_of(force_id, (f"{year}-01-01", f"{year}-12-31"), group["basis"].iloc[0], unit)
            tables.append(table)
        return tables or [pd.DataFrame(columns=columns)]

    def grids(self, force_id: str, grid_resources: list[str]) -> dict[str, pd.DataFrame]:
        """Each answer published as rows × years (by type, by rank) for the force, as published, with each
        year's sum (the fact) as its last row."""
        found = {}
        mine = self.frame[(self.frame["subject"] == force_id) & self.frame["basis"].isin(grid_resources)]
        for resource, group in mine[mine["measure"].isin(["category", "staff_group"])].groupby("basis", sort=False):
            measure = group["measure"].iloc[0]
            year = group["period_start"].str[:4] + group["partial"].map(lambda p: " (part year)" if p else "")
            wide = group.assign(year=year).pivot_table(index="label", columns="year", values="value", aggfunc="first",
                                                       sort=False)
            sums = mine[(mine["measure"] == SUMMED[measure]) & (mine["basis"] == resource)
                        & (mine["label"] == group["unit"].iloc[0])]
            wide.loc["Sum of the rows"] = [sums.loc[sums["period_start"].str[:4] == column[:4], "value"].iloc[0]
                                           for column in wide.columns]
            table = wide.reset_index().rename(columns={"label": "as published"})
            table.columns.name = None
            table.attrs["unit"] = group["unit"].iloc[0]
            found[resource] = table
        return found

    def series(self, force_id: str, titles: dict[str, str]) -> pd.DataFrame:
        """Every published series for one force, each in its own unit and period: per source, its totals as
        published, or its breakdown added up (months by year, staff groups, categories: the first of these the
        source gives), or each of a study's own measures as a series of its own. Nothing is joined across them."""
        mine = self.frame[self.frame["subject"] == force_id]
        published = mine[(mine["kind"] == "published") & mine["status"].isin(["reported", "nil"])]
        panels = []
        for (_, unit), group in published.groupby(["sources", "unit"], sort=False):  # one answer: one series
            measure = next((m for m in SERIES_PREFERENCE if m in set(group["measure"])), None)
            if measure is None:
                continue
            chosen = group[group["measure"] == measure]
            resource = chosen["basis"].iloc[0]  # of one answer's tables, the first with the preferred breakdown
            title = titles.get(resource, resource)
            if measure == "measure":  # a study's own measures count different things: one series each
                for label, rows in chosen.groupby("label", sort=False):
                    panels.append(_series(rows, f"{label[:1].upper()}{label[1:]}: {title}"))
                continue
            if measure != "total":
                chosen = mine[(mine["measure"] == SUMMED[measure]) & (mine["basis"] == resource) & (mine["label"] == unit)]
            panels.append(_series(chosen, f"{unit[:1].upper()}{unit[1:]}: {title}"))
        columns = ["panel", "unit", "period_label", "period_start", "period_end", "part_period", "value",
                   "source_id", "resource", "caveats"]
        if not panels:
            return pd.DataFrame(columns=columns)
        series = pd.concat(panels, ignore_index=True)
        first = series.groupby("panel")["period_start"].transform("min")
        series = series.assign(_first=first).sort_values(["_first", "panel", "period_start"]).drop(columns="_first")
        return series[columns].reset_index(drop=True)

    def workforce(self, force_id: str, dates: list[str]) -> pd.DataFrame:
        """A force's workforce at each date, by kind of worker and in all (FTE)."""
        found = self.of("workforce_fte", subject=force_id)
        found = found[found["period_start"].isin(dates)]
        wide = found.pivot_table(index="period_start", columns="label", values="value", aggfunc="first")
        totals = found[found["label"] == ""].set_index("period_start")
        rows = [{"as_at": when, "officers": wide.at[when, "officers"], "staff": wide.at[when, "staff"],
                 "pcsos": wide.at[when, "pcsos"], "designated_officers": wide.at[when, "designated_officers"],
                 "total": totals.at[when, "value"], "release": totals.at[when, "sources"].removeprefix("release "),
                 "caveat": totals.at[when, "caveats"], "missing": totals.at[when, "status_detail"]}
                for when in sorted(totals.index)]
        return pd.DataFrame(rows, columns=["as_at", "officers", "staff", "pcsos", "designated_officers", "total",
                                           "release", "caveat", "missing"])


RATE_COLUMNS = ["force_id", "force", "value", "status", "status_detail", "source_id", "period_start", "period_end",
                "unit", "resource", "rank", "best", "worst", "of", "best_with_special_forces",
                "worst_with_special_forces", "of_with_special_forces", "possible_rank", "workforce_fte",
                "workforce_note", "workforce_caveat", "workforce_missing", "per_1000_fte", "per_1000_fte_low",
                "per_1000_fte_high", "per_1000_fte_per_year", "count_rank", "rate_rank", "workforce_as_at"]
SERIES_PREFERENCE = ["total", "month", "staff_group", "category", "measure"]  # what a source's series is made of
SUMMED = {"month": "sum_of_months", "staff_group": "sum_of_staff_groups", "category": "sum_of_categories"}


def _series(facts_: pd.DataFrame, panel: str) -> pd.DataFrame:
    from police_breaches.analysis.context import period_label

    return pd.DataFrame({
        "panel": panel, "unit": facts_["unit"], "period_start": facts_["period_start"],
        "period_end": facts_["period_end"], "part_period": facts_["partial"], "value": facts_["value"].astype(int),
        "source_id": facts_["sources"], "resource": facts_["basis"], "caveats": facts_["caveats"],
        "period_label": [period_label(s, e) + (" (part)" if p else "")
                         for s, e, p in zip(facts_["period_start"], facts_["period_end"], facts_["partial"])]})


def _total(fact_: pd.Series) -> dict:
    """A total fact as a row of the ranking table."""
    return {"force_id": fact_["subject"], "force": fact_["subject_name"], "value": fact_["value"],
            "status": fact_["status"], "status_detail": fact_["status_detail"], "source_id": fact_["sources"],
            "period_start": fact_["period_start"], "period_end": fact_["period_end"], "unit": fact_["unit"],
            "resource": fact_["resource"]}
