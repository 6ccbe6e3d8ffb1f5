"""Ranking, coverage, reproduction and rates on small made-up tables (invented numbers, for tests only)."""

import pandas as pd
import pytest

from police_breaches.analysis import checks, processed, ranges, rankings, rates


def made_up_totals(values: dict) -> pd.DataFrame:
    rows = [{"force_id": f, "force": f.title(), "value": v, "status": "reported" if v is not None else "not_revealed",
             "status_detail": "", "source_id": "made_up", "period_start": "2011-06-01", "period_end": "2015-12-31"}
            for f, v in values.items()]
    frame = pd.DataFrame(rows)
    frame["value"] = frame["value"].astype("Int64")
    return frame


@pytest.mark.parametrize("ties, expected", [("min", [1, 2, 2, 4]), ("dense", [1, 2, 2, 3])])
def test_ties_follow_the_parameter(ties, expected):
    ranked = rankings.rank(made_up_totals({"a": 50, "b": 20, "c": 20, "d": 5}), ties=ties)
    assert ranked["rank"].tolist() == expected


def test_forces_without_a_figure_get_no_rank():
    ranked = rankings.rank(made_up_totals({"a": 50, "b": None}))
    assert ranked.set_index("force_id")["rank"].isna().tolist() == [False, True]


def test_coverage_counts_known_forces_and_the_remainder(vocab):
    totals = made_up_totals({"west_midlands": 30, "surrey": 10, "northumbria": None})
    totals["force"] = totals["force_id"].map(vocab.forces.name_of)
    cov = rankings.coverage(totals, vocab.forces, national_total=100)
    assert cov["forces_with_figure"] == 2
    assert cov["known_sum"] == 40
    assert cov["not_attributable"] == 60
    assert cov["share_of_national"] == pytest.approx(0.4)
    assert cov["withheld"] == ["Northumbria Police"]
    assert len(cov["missing"]) == len(vocab.forces.territorial()) - 3


@pytest.mark.parametrize("force, published, national, verdict, rebuilt", [
    ("west_midlands", "1", 45, "match", "1st of the 45 forces"),  # no breach left for an unknown force: it is fixed
    ("dorset", "not in the top 2", 45, "match", "3rd of the 45 forces"),
    ("dorset", "8", 45, "differs", "3rd of the 45 forces"),
    ("surrey", "2", 100, "cannot be rebuilt", "anything from 2nd to 7th of the 45 forces"),  # 55 left: up to 5 above
])
def test_published_rank_verdicts(vocab, force, published, national, verdict, rebuilt):
    """A published rank against the range the other published facts allow the force (made-up totals: 30, 10 and
    5 known, none withheld, so all 45 territorial forces answered; and a made-up national figure): a rank the
    range fixes matches; one it allows among others cannot be rebuilt; one it excludes differs."""
    ranked = rankings.rank(made_up_totals({"west_midlands": 30, "surrey": 10, "dorset": 5}))
    row = pd.DataFrame([{"raw_row": "2", "force_id": force, "rank": int(published) if published.isdigit() else pd.NA,
                         "rank_as_published": published, "scope": "all", "source_id": "s"}])
    alone = ranges.without_each(ranked, row, vocab.forces, national, 10 ** 6)
    found = checks.check_published_ranks(ranked, row, vocab.forces, alone).iloc[0]
    assert found["verdict"] == verdict and f"place the force {rebuilt} assumed to have answered" in found["reason"]


def test_lead_check_compares_leader_with_runner_up():
    assert checks.check_lead(rankings.rank(made_up_totals({"a": 41, "b": 20})))["verdict"].item() == "match"
    assert checks.check_lead(rankings.rank(made_up_totals({"a": 40, "b": 20})))["verdict"].item() == "differs"


@pytest.mark.parametrize("count, low, high", [
    (0, 0.0, 3.689),      # Garwood (1936) exact limits, as tabulated
    (1, 0.0253, 5.572),
    (10, 4.795, 18.390),
])
def test_exact_poisson_interval(count, low, high):
    lower, upper = rates.poisson_interval(count)
    assert lower == pytest.approx(low, abs=1e-3)
    assert upper == pytest.approx(high, abs=1e-3)


@pytest.mark.parametrize("count", [0, 1, 2, 5, 13, 39, 100, 488, 2315, 20000])
def test_the_interval_meets_its_definition(count):
    """Upper: P(X <= count) = 2.5%; lower: P(X >= count) = 2.5%, checked by summing Poisson terms directly."""
    def cdf(k, mu):  # P(X <= k), term by term in logs, independent of the implementation under test
        import math
        logs = [-mu + i * math.log(mu) - math.lgamma(i + 1) for i in range(k + 1)]
        top = max(logs)
        return math.exp(top) * sum(math.exp(x - top) for x in logs)

    lower, upper = rates.poisson_interval(count)
    assert cdf(count, upper) == pytest.approx(0.025, rel=1e-6)
    if count:
        assert 1 - cdf(count - 1, lower) == pytest.approx(0.025, rel=1e-6)
    else:
        assert lower == 0


def test_rates_divide_by_the_summed_workforce():
    ranked = rankings.rank(made_up_totals({"a": 10, "b": 10}))
    workforce = pd.DataFrame([
        {"force_id": f, "as_at": "2015-03-31", "worker_type": t, "fte": fte, "release": "2015-09-30",
         "status": "reported", "status_detail": ""}
        for f, fte in [("a", 250.0), ("b", 500.0)]
        for t in ["officers", "staff", "pcsos", "designated_officers"]])
    table = rates.rates(ranked, workforce, "2015-03-31", years=2.0).set_index("force_id")
    assert table.loc["a", "workforce_fte"] == 1000
    assert table.loc["a", "per_1000_fte"] == pytest.approx(10)
    assert table.loc["b", "per_1000_fte"] == pytest.approx(5)
    assert table.loc["a", "per_1000_fte_per_year"] == pytest.approx(5)
    assert table.loc["a", "rate_rank"] == 1


def test_both_places_in_the_rates_table_are_counted_among_the_forces_with_a_rate():
    """Made up: the largest total has no workforce, so among the rated forces b is 1st by count, not 2nd."""
    ranked = rankings.rank(made_up_totals({"big": 90, "b": 20, "c": 10}))
    workforce = pd.DataFrame([
        {"force_id": f, "as_at": "2015-03-31", "worker_type": t, "fte": fte, "release": "2015-09-30",
         "status": "reported" if fte else "not_available", "status_detail": "" if fte else ".."}
        for f, fte in [("big", None), ("b", 1000.0), ("c", 100.0)]
        for t in ["officers", "staff", "pcsos", "designated_officers"]])
    table = rates.rates(ranked, workforce, "2015-03-31", years=1.0).set_index("force_id")
    assert table.loc["b", "rank"] == 2 and table.loc["b", "count_rank"] == 1
    assert table.loc["c", "count_rank"] == 2 and table.loc["c", "rate_rank"] == 1
    assert pd.isna(table.loc["big", "count_rank"])


def test_within_keeps_only_periods_inside_the_window():
    frame = pd.DataFrame({"period_start": ["2011-06-01", "2016-01-01"], "period_end": ["2015-12-31", "2016-12-31"]})
    assert len(processed.within(frame, "2011-06-01", "2015-12-31")) == 1
    assert len(processed.within(frame, "2012-01-01", "2015-12-31")) == 0


def test_workforce_notes_flag_only_forces_with_few_staff_of_their_own():
    """No designated officers counted separately cannot move a rate whose denominator adds all four groups."""
    totals = pd.DataFrame({"force_id": ["a", "b", "c", "d"], "officers": [1000.0] * 4,
                           "staff": [600.0, 550.0, 650.0, 150.0], "designated_officers": [10.0, 0.0, 5.0, 5.0]})
    notes = rates.workforce_notes(totals).set_index("force_id")["workforce_note"]
    assert notes["a"] == "" and notes["b"] == "" and notes["c"] == ""
    assert notes["d"] == "0.15 police staff per officer, against a median of 0.57"


def test_a_force_with_no_workforce_figure_gets_no_rate_not_a_division_by_zero():
    ranked = rankings.rank(made_up_totals({"a": 10, "b": 10}))
    workforce = pd.DataFrame([
        {"force_id": f, "as_at": "2015-03-31", "worker_type": t, "fte": fte, "release": "2015-09-30",
         "status": "reported" if fte else "not_available", "status_detail": "" if fte else ".."}
        for f, fte in [("a", None), ("b", 500.0)] for t in ["officers", "staff", "pcsos", "designated_officers"]])
    table = rates.rates(ranked, workforce, "2015-03-31", years=2.0).set_index("force_id")
    assert pd.isna(table.loc["a", "per_1000_fte"]) and pd.isna(table.loc["a", "rate_rank"])
    assert table.loc["a", "workforce_missing"].startswith("its officers ('..' in the table) and its police staff")
    assert table.loc["b", "rate_rank"] == 1


def test_a_part_counted_within_another_does_not_void_the_workforce():
    """The Home Office's '..' for a part its footnote says is counted in another part adds nothing (made up)."""
    ranked = rankings.rank(made_up_totals({"a": 10}))
    workforce = pd.DataFrame([
        {"force_id": "a", "as_at": "2016-09-30", "worker_type": t, "fte": fte, "release": "2017-09-30",
         "status": status, "status_detail": detail}
        for t, fte, status, detail in [("officers", 600.0, "reported", ""), ("staff", 300.0, "reported", ""),
                                       ("pcsos", 100.0, "reported", ""),
                                       ("designated_officers", None, "counted_elsewhere", "counted in police staff (note 4)")]])
    table = rates.rates(ranked, workforce, "2016-09-30", years=1.0).set_index("force_id")
    assert table.loc["a", "workforce_fte"] == 1000 and table.loc["a", "per_1000_fte"] == pytest.approx(10)
    assert table.loc["a", "workforce_caveat"] == "designated officers are counted in police staff (note 4)"
