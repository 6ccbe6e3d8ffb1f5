"""The facts table: each fact computed once, in its own period, with its scope and caveats; the views rebuild
the tables the pages draw from facts alone; a contradiction among published facts stops with the file, the
row and the facts that conflict.

Most tests run the facts step's function on the real processed tables (the clean step run once); where a
test changes a figure or adds an answer, the change is made up for the test and says so.
"""

from __future__ import annotations

import itertools

import pandas as pd
import pytest
from conftest import facts_of

from police_breaches.analysis import breakdowns, derived, ranges, rankings, rates
from police_breaches.analysis.fact import KEY, measures
from police_breaches.analysis.views import Facts
from police_breaches.core.errors import InputError

REPORT = ("2011-06-01", "2015-12-31")


@pytest.fixture(scope="module")
def tables(processed_tables):
    return processed_tables


def computed(tables, vocab, window=REPORT, **parameters) -> Facts:
    return facts_of(tables, vocab, window, **parameters)


@pytest.fixture(scope="module")
def published(real_facts) -> Facts:
    return real_facts


# --------------------------------------------------------------------------- one row per fact

def test_every_fact_has_one_key_a_declared_measure_and_whole_numbers_where_it_counts(published, tables):
    frame = published.frame
    assert not frame.duplicated(KEY).any()
    assert frame["fact_id"].is_unique
    declared = measures()
    assert set(frame["measure"]) <= set(declared.index)  # the real data bring no breakdown of their own
    whole = frame[frame["measure"].map(declared["number"]) == "whole"]
    for column in ("value", "low", "high", "of"):
        assert all(isinstance(v, int) for v in whole[column].dropna()), column
    # every figure the clean step carried, every rank the press quoted and every workforce figure, as published
    assert len(frame[frame["kind"] == "published"]) == (len(tables["observations"]) + len(tables["published_ranks"])
                                                        + len(tables["workforce"]))


def test_a_missing_figure_is_missing_with_its_reason_never_zero(published):
    northumbria = published.of("known_total", "northumbria", REPORT).iloc[0]
    assert northumbria["value"] is None and northumbria["status"] == "not_revealed"
    kent = published.of("known_total", "kent", REPORT).iloc[0]
    assert kent["value"] is None and kent["status"] == "not_known" and kent["status_detail"]


# --------------------------------------------------------------------------- the views, from facts alone

def test_the_views_rebuild_what_the_analysis_functions_make(published, tables, vocab):
    ranked, cover, national, unranked = derived.ranking(tables, vocab.forces, "min", REPORT)
    assert unranked.empty  # the real data hold no answer to this project's requests
    view = published.ranking(REPORT)
    columns = list(view.columns)
    assert view[columns].sort_values("force_id").astype(str).reset_index(drop=True).equals(
        ranked[columns].sort_values("force_id").astype(str).reset_index(drop=True))
    found = published.coverage(REPORT)
    assert {k: found[k] for k in cover if k != "missing"} == {k: v for k, v in cover.items() if k != "missing"}
    assert sorted(found["missing"]) == sorted(cover["missing"])
    made = rates.rates(ranked, tables["workforce"], "2015-03-31", rates.years_between(*REPORT))
    view = published.rates(REPORT)
    shared = [c for c in view.columns if c in made.columns]
    assert view[shared].round(9).astype(str).equals(made[shared].round(9).astype(str).reset_index(drop=True))
    scale = vocab.taxonomy.names("outcome")
    made = breakdowns.outcome_breakdowns(tables["observations"], tables["incidents"], scale, vocab.forces, *REPORT)
    view, summary = published.outcomes(REPORT, scale)
    key = ["body", "outcome"]
    assert view[made.columns].sort_values(key).astype(str).reset_index(drop=True).equals(
        made.sort_values(key).astype(str).reset_index(drop=True))
    assert summary.set_index("body")["no_formal_action"].to_dict() == \
        breakdowns.no_formal_action(made).set_index("body")["no_formal_action"].to_dict()


# --------------------------------------------------------------------------- periods are the facts' own

def test_a_wider_window_keeps_the_totals_own_period_and_divides_by_its_years(tables, vocab):
    wider = computed(tables, vocab, window=("2011-01-01", "2016-12-31"))
    assert wider.ranking_period() == REPORT
    assert wider.years(REPORT) == pytest.approx(rates.years_between(*REPORT))
    rate = wider.of("rate_per_1000", "west_midlands", REPORT).iloc[0]
    per_year = wider.of("rate_per_1000_a_year", "west_midlands", REPORT).iloc[0]
    assert per_year["value"] == pytest.approx(rate["value"] / rates.years_between(*REPORT))
    from police_breaches.publish.figures import written

    assert written(per_year.to_dict()) == "9.8"  # 44.8 per 1,000 over 4.6 years, not 7.5 over the window's 6


def test_a_window_that_holds_no_ranking_period_ranks_nothing_and_keeps_the_published_figures(tables, vocab):
    narrow = computed(tables, vocab, window=("2012-01-01", "2014-12-31"))
    assert narrow.ranking_period() is None
    assert narrow.of(["place_among_known", "rank_range", "rate_per_1000"]).empty
    assert narrow.published_periods() == [REPORT]  # what a page names instead
    assert narrow.value("total", "west_midlands", REPORT, basis="bbw_force_totals") == 488


def test_a_part_year_and_tables_that_disagree_travel_with_the_year_s_total(published, vocab):
    from police_breaches.analysis import processed

    breakdown, *_ = published.categories("west_midlands", 2014, vocab.taxonomy.names("category"),
                                         breakdowns.units_in_order(),
                                         processed.publication_dates(processed.load_manifest()))
    in_all = breakdown.attrs["in_all"]
    assert in_all["value"] == 3 and in_all["partial"]
    assert "3 by category, 0 by month, 0 by staff group" in in_all["caveats"]


def test_one_force_s_series_are_every_source_it_has_including_the_earlier_studies(published):
    from police_breaches.analysis import processed

    titles = {r["name"]: r["title"] for r in processed.load_manifest()["resources"]}
    series = published.series("west_midlands", titles)
    assert {83, 7} <= set(series.loc[series["resource"] == "bbw_2011_force_figures", "value"])
    assert set(series["source_id"]) == set(published.of(["total", "month", "category", "staff_group", "measure"],
                                                        "west_midlands")["sources"]) - {""}
    # one answer given three ways is one series, by its preferred table, with the others' totals said
    thirteen = series[(series["resource"] == "wmp_4658_14_by_month") & (series["period_label"] == "2013")].iloc[0]
    assert thirteen["value"] == 16 and "13 by category" in thirteen["caveats"]


# --------------------------------------------------------------------------- ranks only as ranges

def test_the_reproduction_states_a_published_rank_against_a_range_never_a_place_among_the_known(published):
    checks = published.checks()
    ranks = checks[checks["figure"].str.contains(": rank (", regex=False)]
    assert len(ranks) == 7
    assert ranks["rebuilt"].str.fullmatch(r"\d+(st|nd|rd|th)(–\d+(st|nd|rd|th))? of 44").all()
    ranking = published.ranking(REPORT).set_index("force")
    for row in ranks.itertuples():  # the same range as the ranking states, never a place among the known
        force = row.figure.split(":")[0]
        assert row.rebuilt == f"{ranking.at[force, 'possible_rank']} of 44", force
    met = ranks[ranks["figure"].str.startswith("Metropolitan")].iloc[0]
    assert met["rebuilt"] == "11th–28th of 44" and met["verdict"] == "cannot be rebuilt"  # not '8' (of 13)


def brute_force_range(known: dict[str, int], unknown: dict[str, bool], national: int, force: str,
                      ranks: list[tuple[str, int, bool]], in_england: bool, english: set[str]) -> tuple[int, int]:
    """Every way the unknown forces' totals could add up to the national figure (each 0 to it), kept where every
    published rank holds: the best and worst rank of ``force`` (among English forces, ``in_england``)."""
    names, left = list(unknown), national - sum(known.values())
    seen = []
    for values in itertools.product(range(left + 1), repeat=len(names)):
        if sum(values) != left:
            continue
        totals = {**known, **dict(zip(names, values))}

        def rank(f, england_only, totals=totals):
            return 1 + sum(1 for g, v in totals.items() if v > totals[f] and (not england_only or g in english))

        if all(rank(f, e) == r for f, r, e in ranks):
            seen.append(rank(force, in_england))
    return min(seen), max(seen)


@pytest.mark.parametrize("force, in_england", [("b", False), ("b", True), ("c", False)])
def test_a_range_of_ranks_is_what_every_way_the_unknown_totals_could_add_up_allows(force, in_england):
    """Made-up totals (for this test only): a 9, b 5, c 3 known; x, y, z unknown, x and y English; 20 in all;
    b was published 2nd in England."""
    english = {"a", "b", "x", "y"}
    known = {"a": 9, "b": 5, "c": 3}
    facts_ = ranges.Facts(known=known, answered=["a", "b", "c", "x", "y", "z"], england=english, remaining=3,
                          ranks=[("b", "2", "forces in England")])
    expected = brute_force_range(known, {"x": True, "y": True, "z": False}, 20, force, [("b", 2, True)], in_england,
                                 english)
    assert ranges.rank_range(facts_, force, 1000, in_england) == expected


def test_the_check_of_a_published_rank_leaves_that_rank_out_of_what_it_checks_against(published, tables, vocab):
    ranked, _, national, _ = derived.ranking(tables, vocab.forces, "min", REPORT)
    others = tables["published_ranks"][tables["published_ranks"]["force_id"] != "dorset"]
    alone = ranges.rank_range(ranges.facts(ranked, others, vocab.forces, national), "dorset", 10 ** 6)
    dorset = published.checks().set_index("figure").loc["Dorset Police: rank (forces in the UK)"]
    assert alone == (7, 17) and "place the force anything from 7th to 17th of the 44 forces" in dorset["reason"]
    with_it = published.of("rank_range", "dorset", REPORT).iloc[0]
    assert (with_it["low"], with_it["high"]) == (8, 8) and dorset["rebuilt"] == "8th of 44"  # its own rank narrows it


# --------------------------------------------------------------------------- contradictions stop, by name

def test_a_published_rank_the_totals_cannot_allow_stops_naming_file_row_and_the_facts(tables, vocab):
    """Made up for this test: Dorset, 81 breaches, printed 2nd in the UK, above Surrey's 202."""
    changed = dict(tables)
    ranks = tables["published_ranks"].copy()
    ranks.loc[ranks["force_id"] == "dorset", ["rank", "rank_as_published"]] = [2, "2"]
    changed["published_ranks"] = ranks
    with pytest.raises(InputError) as err:
        computed(changed, vocab)
    message = str(err.value)
    assert message.startswith("data/raw/bbw_2016/published_ranks.csv")
    assert "Dorset Police '2'" in message and "row 7" in message
    assert "Dorset Police 81" in message and "Surrey Police 202" in message and "2,315" in message


def test_a_lead_the_totals_contradict_stops_naming_the_claim_and_the_totals(tables, vocab):
    """Made up for this test: Surrey's total raised to 300, so West Midlands' 488 is no longer double it."""
    changed = dict(tables)
    observations = tables["observations"].copy()
    surrey = (observations["resource"] == "bbw_force_totals") & (observations["force_id"] == "surrey")
    observations.loc[surrey, "value"] = 300
    changed["observations"] = observations
    with pytest.raises(InputError) as err:
        computed(changed, vocab)
    assert "more than double any other force" in str(err.value) and "Surrey Police's 300" in str(err.value)


# --------------------------------------------------------------------------- scope words come from the facts

def test_an_answer_to_this_project_s_request_is_named_as_one_wherever_the_known_totals_are_counted(tables, vocab):
    """Made up for this test: Essex Police answers this project's request with 30 breaches for the period."""
    unit = rankings.ranking_units()[1]
    row = tables["observations"].iloc[0].to_dict() | {
        "resource": "essex_made_up", "raw_row": "2", "source_id": "made_up", "force_id": "essex", "scope": "force",
        "period_start": REPORT[0], "period_end": REPORT[1], "period_label": "June 2011 - December 2015",
        "part_period": "", "unit": unit, "breakdown": "total", "label_as_published": "", "breakdown_value": "",
        "value": 30, "status": "reported", "status_detail": "", "note": ""}
    changed = dict(tables)
    changed["observations"] = pd.concat([tables["observations"], pd.DataFrame([row])], ignore_index=True)
    answered = computed(changed, vocab)
    scope = "13 totals published in the 2016 report and 1 from this project's FOI answers"
    assert answered.coverage(REPORT)["scope"] == scope
    national = answered.checks().set_index("figure").loc["All forces: breaches in police forces"]
    assert f"the {scope} add up to 1,424" in national["reason"]
    assert answered.value("forces", "forces_with_a_known_total", REPORT, label="from this project's FOI answers") == 1
    assert not answered.campaign(REPORT).empty


def test_the_parameters_that_define_facts_are_declared_once_for_the_project(root):
    from police_breaches.core.parameters import specs
    from police_breaches.pipeline.params import notebooks

    owners = {name: [nb for nb in notebooks(root) if name in specs(root, nb)]
              for name in ("workforce_as_at", "ties", "period_start", "period_end")}
    assert owners == {name: ["01_facts"] for name in owners}


def test_a_rate_is_written_one_way_on_every_page(published):
    from police_breaches.publish.figures import written

    rate = published.of("rate_per_1000", "west_midlands", REPORT).iloc[0].to_dict()
    assert written(rate) == "44.8 (40.9–48.9)"
    place = published.of("rank_range", "sussex", REPORT).iloc[0].to_dict()
    assert written(place) == "9th–20th of 44"
