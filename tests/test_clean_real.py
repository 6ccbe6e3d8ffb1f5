"""The clean step on the real raw data: every file read, every row accounted for, statuses kept."""

import csv
import json

import pandas as pd
import pytest

from police_breaches.sources.manifest import load_manifest
from police_breaches.sources.parsing import parse_period


def raw_rows(root, path):
    with open(root / path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_manifest_resource_is_read_and_every_row_accounted_for(root, cleaned):
    accounting = cleaned.row_accounting.set_index("resource")
    manifest = load_manifest(root)
    assert set(accounting.index) == {r["name"] for r in manifest["resources"]}
    assert (accounting["rows_in"] == accounting["rows_out"] + accounting["rows_set_aside"]).all()
    for entry in manifest["resources"]:
        if entry["format"] == "csv":
            assert accounting.loc[entry["name"], "rows_in"] == len(raw_rows(root, entry["path"]))


def test_every_raw_file_in_data_raw_is_in_the_manifest(root):
    listed = {r["path"] for r in load_manifest(root)["resources"]}
    on_disk = {str(p.relative_to(root)) for p in (root / "data/raw").rglob("*") if p.is_file()}
    assert on_disk - listed == {"data/raw/README.md", "data/raw/sources.csv"}


def test_the_only_rows_set_aside_are_totals_regions_and_sheet_furniture(cleaned):
    reasons = cleaned.rejects["reason"]
    allowed = ("published Total row", "region subtotal", "title or header row", "blank row",
               "notes and footnotes", "total row, not a force", "not a police force")
    assert reasons.map(lambda r: any(a in r for a in allowed)).all()


def test_statuses_survive_cleaning(cleaned):
    obs = cleaned.tables["observations"]
    by_source = obs.set_index(["resource", "period_label"])
    assert by_source.loc[("cleveland_11288", "2017/18"), ["value", "status"]].tolist() == [0, "nil"]
    assert by_source.loc[("cleveland_11288", "2018/19"), ["value", "status"]].tolist() == [4, "reported"]
    not_held = obs[obs["resource"] == "north_yorkshire_opcc_1022"]
    assert (not_held["status"] == "not_held").all() and not_held["value"].isna().all()
    northumbria = obs[(obs["resource"] == "bbw_force_totals") & (obs["force_id"] == "northumbria")]
    assert northumbria["status"].tolist() == ["not_revealed"] and northumbria["value"].isna().all()


def test_financial_years_and_ranges_keep_their_own_periods(cleaned):
    obs = cleaned.tables["observations"]
    fy = obs[(obs["resource"] == "cleveland_11288") & (obs["period_label"] == "2018/19")].iloc[0]
    assert (fy["period_start"], fy["period_end"]) == ("2018-04-01", "2019-03-31")
    incidents = cleaned.tables["incidents"]
    undated = incidents[incidents["period_label"].str.contains("not recorded")].iloc[0]
    assert (undated["period_start"], undated["period_end"]) == ("2011-01-01", "2011-12-31")
    assert undated["period_note"] == "exact date not recorded"


def test_a_period_in_the_sources_own_words_is_read_as_the_manifest_says_and_keeps_its_wording(root, cleaned):
    """The Scunthorpe Telegraph's '2008-09' (a financial year, not September 2008), its '2010-11' (a year not over
    when the story ran) and 'the past three years', each read through the entry's period_words."""
    entry = next(e for e in json.loads((root / "datapackage.json").read_text())["resources"]
                 if "period_words" in e["x-reader"])
    words = entry["x-reader"]["period_words"]
    obs = cleaned.tables["observations"]
    rows = obs[obs["resource"] == entry["name"]]
    assert set(rows["period_label"]) == set(words), "every row's wording is one the manifest reads"
    for row in rows.itertuples():
        expected = parse_period(words[row.period_label], "datapackage.json", None)
        assert (row.period_start, row.period_end) == (expected.start.isoformat(), expected.end.isoformat())
        assert f"period as published: '{row.period_label}', read as" in row.note
    published = entry["sources"][0]["published"]
    assert rows["period_end"].max() <= published, "no period reads past the day the story ran"
    humberside = rows[(rows["force_id"] == "humberside") & rows["label_as_published"].str.startswith("data protection")]
    years = humberside[humberside["period_label"] != "the past three years"].sort_values("period_start")
    whole = humberside[humberside["period_label"] == "the past three years"].iloc[0]
    # the years tile the three-year span, and add up to its figure, as the source's note says they do
    assert years["period_start"].iloc[0] == whole["period_start"] and years["period_end"].iloc[-1] == whole["period_end"]
    assert all(pd.Timestamp(a) + pd.Timedelta(days=1) == pd.Timestamp(b)
               for a, b in zip(years["period_end"].iloc[:-1], years["period_start"].iloc[1:]))
    assert years["value"].sum() == whole["value"]
    assert (rows["period_end"] == published).eq(rows["part_period"] != "").all()


def test_labels_are_kept_beside_canonical_categories(root, cleaned):
    obs = cleaned.tables["observations"]
    wmp = obs[obs["resource"] == "wmp_2016_categories"]
    published = {row["category_as_published"] for row in raw_rows(root, "data/raw/wmp_2016/categories.csv")}
    assert set(wmp["label_as_published"]) == published
    assert (wmp["category"] != "").all()


def test_4658_14_disagreement_is_reported_not_fixed(root, cleaned):
    quality = cleaned.data_quality
    mismatches = quality[(quality["result"] == "mismatch") & quality["check"].str.contains("foi_wmp_4658_14")]
    assert set(mismatches["check"].str.extract(r"in (\d{4})")[0]) == {"2013", "2014"}
    detail = raw_rows(root, "data/raw/foi/wmp_4658_14_by_detail.csv")
    month = raw_rows(root, "data/raw/foi/wmp_4658_14_by_month.csv")
    published = {"detail": int(detail[-1]["2013"]), "month": int(month[-1]["2013"])}
    row = mismatches[mismatches["message"].str.contains("2013") & mismatches["message"].str.contains("month")]
    assert row[["expected", "found"]].iloc[0].tolist() == [str(published["detail"]), str(published["month"])]


def test_workforce_tells_the_west_midlands_force_from_the_region(root, cleaned):
    sheet = pd.read_excel(root / "data/raw/home_office_workforce/police-workforce-tabs-30sep15.ods",
                          sheet_name="Table_1", header=None, engine="odf")
    names = sheet[0].astype(str)
    force_row = sheet[names == "West Midlands"].iloc[0]  # the force row has no trailing space
    region_row = sheet[names == "West Midlands "].iloc[0]
    workforce = cleaned.tables["workforce"]
    wmp = workforce[(workforce["force_id"] == "west_midlands") & (workforce["as_at"] == "2015-03-31")
                    & (workforce["worker_type"] == "officers")]
    assert len(wmp) == 1
    assert wmp["fte"].iloc[0] == force_row[2]
    assert wmp["fte"].iloc[0] != region_row[2]
    region_checks = cleaned.data_quality[cleaned.data_quality["check"].str.contains("region")]
    assert len(region_checks) > 0 and (region_checks["result"] == "ok").all()


def test_workforce_has_four_worker_types_for_every_force_at_each_march(cleaned):
    workforce = cleaned.tables["workforce"]
    for as_at in ["2015-03-31", "2016-03-31", "2017-03-31"]:
        at = workforce[workforce["as_at"] == as_at]
        counts = at.groupby("worker_type")["force_id"].nunique()
        assert counts.to_dict() == {"designated_officers": 44, "officers": 44, "pcsos": 44, "staff": 44}, as_at


def test_footnote_digits_are_not_part_of_force_names(cleaned):
    workforce = cleaned.tables["workforce"]
    assert {"wiltshire", "derbyshire"} <= set(workforce["force_id"])


def test_key_finding_percentages_match_their_counts(cleaned):
    checks = cleaned.data_quality[cleaned.data_quality["check"].str.startswith("printed percentage")]
    assert len(checks) == 6 and (checks["result"] == "ok").all()


def test_calamine_and_odfpy_read_the_home_office_tables_the_same(root, cleaned, monkeypatch):
    """The ODS reader uses python-calamine for speed; odfpy, the reference reader, must give the same table."""
    from police_breaches.sources.clean import clean_all
    from police_breaches.sources.readers import workforce_ods

    monkeypatch.setattr(workforce_ods, "ODS_ENGINE", "odf")
    with_odfpy = clean_all(root)
    pd.testing.assert_frame_equal(with_odfpy.tables["workforce"], cleaned.tables["workforce"])
    pd.testing.assert_frame_equal(with_odfpy.rejects, cleaned.rejects)


# --------------------------------------------------------------------------- row accounting, on made-up results

def made_up_result(table_rows, frame_rows, rejected, rows_in):
    """A reader's result with rows carried in records and in a column-wise frame (made up for these tests)."""
    from police_breaches.sources.readers.base import ReadResult

    result = ReadResult(rows_in=rows_in, rejects=[{"raw_row": r, "reason": "made up"} for r in rejected])
    for row in table_rows:
        result.add("observations", {"raw_row": row})
    if frame_rows:
        result.frames["incidents"] = pd.DataFrame({"raw_row": frame_rows})
    return result


@pytest.mark.parametrize("table_rows, frame_rows, rejected, rows_in", [
    ([2, 3], [4, 5], [6], 5),
    ([2, 2, 3], [], [], 2),  # a row may give several records (a grid's cells)
    ([], ["2", "3", 3], [4], 3),  # the same row however its number is written
])
def test_rows_in_equal_rows_carried_plus_rows_set_aside(table_rows, frame_rows, rejected, rows_in):
    from police_breaches.sources.clean import account_rows

    line = account_rows({"name": "x", "path": "data/raw/x.csv"}, made_up_result(table_rows, frame_rows, rejected, rows_in))
    assert line["rows_in"] == line["rows_out"] + line["rows_set_aside"] == rows_in


@pytest.mark.parametrize("table_rows, frame_rows, rejected, rows_in", [
    ([2, 3], [4], [], 4),  # a row lost
    ([2, 3], [4], [4], 3),  # a row both carried and set aside
    ([2], [], [3, 3], 3),  # a row set aside twice
    ([2, 3], [4, 5], [], 3),  # more rows out than in
])
def test_a_row_lost_or_counted_twice_stops_the_build_naming_the_file(table_rows, frame_rows, rejected, rows_in):
    from police_breaches.core.errors import InputError
    from police_breaches.sources.clean import account_rows

    with pytest.raises(InputError, match=r"data/raw/x\.csv.*row accounting failed"):
        account_rows({"name": "x", "path": "data/raw/x.csv"}, made_up_result(table_rows, frame_rows, rejected, rows_in))
