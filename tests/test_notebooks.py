"""The notebooks, executed by papermill on the real raw data: the published figures come out of the build."""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from conftest import python


def read(project: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(project / "data/processed" / f"{name}.csv", keep_default_na=False)


def markdown_of(notebook: Path) -> str:
    cells = nbformat.read(notebook, as_version=4).cells
    return " ".join(str(o.get("data", {}).get("text/markdown", "")) for c in cells for o in c.get("outputs", []))


def test_west_midlands_2016_categories_sum_to_24_led_by_inappropriate_disclosure(built_project):
    chart = read(built_project, "chart_categories")
    assert chart["count"].sum() == 24
    assert len(chart) == 7
    top = chart.iloc[0]
    assert (top["label_as_published"], top["count"]) == ("inappropriate disclosure", 7)
    assert chart["count"].is_monotonic_decreasing


def test_west_midlands_ranks_first_in_2011_2015_with_488(built_project):
    chart = read(built_project, "chart_rankings")
    first = chart.iloc[0]
    assert (first["force"], first["breaches"]) == ("West Midlands Police", 488)
    assert "rank_among_published" not in chart  # a place among the known is no rank of all forces
    assert (first["best_possible_rank"], first["worst_possible_rank"], first["possible_rank"]) == (1, 1, "1st")
    assert first["breaches"] > 2 * chart.iloc[1]["breaches"]
    assert len(chart) == 13 and (chart["drawn"] == "yes").sum() == 10  # every published total, the top 10 drawn


def test_every_rebuildable_published_figure_matches(built_project):
    reproduction = read(built_project, "reproduction")
    assert "differs" not in set(reproduction["verdict"])
    matched = reproduction[reproduction["verdict"] == "match"]["figure"]
    for force in ["West Midlands Police", "Surrey Police", "Humberside Police"]:
        assert any(f.startswith(f"{force}: rank") for f in matched), force
    # without its own published rank, the other facts allow Avon and Somerset 4th to 6th: 4th is not rebuilt
    avon = reproduction.set_index("figure").loc["Avon and Somerset Constabulary: rank (all forces)"]
    assert (avon["rebuilt"], avon["verdict"]) == ("4th of 44", "cannot be rebuilt")
    assert "anything from 4th to 6th of the 44 forces" in avon["reason"]
    assert (reproduction["reason"] != "").all()
    sums = reproduction[reproduction["figure"].str.endswith("outcomes quoted against the force total")]
    assert set(sums.loc[sums["verdict"] == "match", "figure"].str.split(":").str[0]) == {"Surrey Police"}
    # Dorset's answers add up to its total exactly, but count people and may overlap (config/caveats.csv)
    assert sums.set_index("figure").loc["Dorset Police: outcomes quoted against the force total", "verdict"] == "overlapping"
    assert not sums["figure"].str.startswith("West Midlands").any()  # its 2013 FOI counts people, not breaches
    verdicts = reproduction.set_index("figure")["verdict"]
    assert verdicts["Dyfed-Powys Police: incidents listed one by one against the force total"] == "match"
    assert verdicts["Cambridgeshire Constabulary: outcomes quoted against the force total"] == "overlapping"
    assert verdicts["Northamptonshire Police: outcomes quoted against the force total"] == "partial breakdown"


def test_dyfed_powys_is_exactly_5_of_8_with_no_formal_action(built_project):
    """The two unclear cases are one written warning and one management advice, as the source says."""
    facts = read(built_project, "facts").set_index(["subject", "measure"])
    dyfed = [facts.loc[("dyfed_powys", measure)] for measure in ("no_formal_action", "not_classifiable")]
    assert [(row["value"], row["of"]) for row in dyfed] == [("5", "8"), ("0", "8")]
    assert "5 of 8 breaches (62.5%)" in (built_project / "figures/outcomes_dyfed_powys_police.alt.txt").read_text()


def test_outcomes_show_the_share_with_no_formal_action(built_project):
    national = read(built_project, "chart_outcomes_all_forces_that_answered")
    no_formal = national[national["formal_action"] == "no"]
    assert no_formal["outcome_name"].tolist() == ["No disciplinary or no formal disciplinary action"]
    assert round(100 * no_formal["share"].sum()) == 55
    surrey = read(built_project, "chart_outcomes_surrey_police")
    assert surrey["value"].sum() == surrey["denominator"].iloc[0]


def test_west_midlands_series_stay_in_their_own_units(built_project):
    series = read(built_project, "chart_in_context")
    assert series.groupby("panel")["unit"].nunique().eq(1).all()
    assert set(series["unit"]) == {
        "cases finalised", "cases recorded", "people disciplined", "breaches reported to Big Brother Watch", "data breaches",
        "people convicted, dismissed or disciplined, as each measure says (Big Brother Watch, 2011)",
        "data breaches or incidents, as each measure says (VPNOverview FOI, 2021)"}
    later = series[series["unit"].str.contains("VPNOverview")]  # 2020 and early 2021, each in a panel of its own
    assert sorted(later["value"]) == [37, 119] and later["panel"].nunique() == 2
    assert {83, 7} <= set(series.loc[series["panel"].str.contains("Big Brother Watch, 2011"), "value"])
    finalised = series[series["unit"] == "cases finalised"]
    assert finalised["period_label"].tolist() == ["2005", "2006", "2007", "2008", "2009", "2010"]


def test_summary_states_the_headline_findings(built_project):
    text = markdown_of(built_project / "build/06_summary.ipynb")
    assert "West Midlands Police reported 488 data breaches" in text
    assert "In 2016 West Midlands Police had 24 data breaches" in text
    assert "and none differ." in text


def test_figures_come_in_png_and_svg_with_alt_text_and_data(built_project):
    figures = built_project / "figures"
    for name in ["rankings", "rates", "count_vs_rate_rank", "categories", "outcomes_surrey_police", "in_context"]:
        assert (figures / f"{name}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert (figures / f"{name}.svg").read_text().lstrip().startswith("<?xml")
        assert len((figures / f"{name}.alt.txt").read_text().strip()) > 40
        assert (built_project / "data/processed" / f"chart_{name}.csv").exists()


def test_coverage_is_stated_in_the_rankings_notebook(built_project):
    text = markdown_of(built_project / "build/02_rankings_2011_2015.ipynb")
    assert "13 of 45 territorial forces have a known total (13 totals published in the 2016 report)" in text
    assert "1,394 breaches, 60.2% of the 2,315" in text


def test_executed_notebooks_carry_no_run_timestamps_and_say_what_they_ran_with(built_project):
    notebook = nbformat.read(built_project / "build/02_rankings_2011_2015.ipynb", as_version=4)
    assert "start_time" not in notebook.metadata.get("papermill", {})
    assert all("execution" not in cell.metadata for cell in notebook.cells)
    assert notebook.metadata["papermill"]["parameters"]["top_n"] == 10
    assert [c.execution_count for c in notebook.cells if c.cell_type == "code"] == list(range(1, 1 + sum(
        c.cell_type == "code" for c in notebook.cells)))


def one_off(project: Path, notebook: str, *overrides: str) -> Path:
    args = [a for name_value in overrides for a in ("-p", *name_value.split("=", 1))]
    result = python(project, "-m", "police_breaches", "run", notebook, *args)
    assert result.returncode == 0, result.stderr
    return project / re.search(r"Written to (runs/\S+)/", result.stdout).group(1)


def test_changing_top_n_changes_the_chart(built_project):
    folder = one_off(built_project, "02", "top_n=3")
    chart = pd.read_csv(folder / "data/processed/chart_rankings.csv")
    assert chart.loc[chart["drawn"] == "yes", "force"].tolist() == ["West Midlands Police", "Surrey Police",
                                                                    "Humberside Police"]
    assert len(chart) == 13  # the data behind the chart keeps every published total


def test_a_period_with_no_per_force_figures_says_so_rather_than_guessing(built_project):
    """The period is the project's (01_facts): a run of 02 with it runs the facts step first, in its own folder."""
    folder = one_off(built_project, "02", "period_start=2012-01-01")
    text = markdown_of(folder / "02_rankings_2011_2015.ipynb")
    assert ("**Coverage, January 2012 – December 2015:** no territorial force has a published total whose whole period "
            "lies within the project's period, January 2012 – December 2015. Per-force totals are published for June "
            "2011 – December 2015 only") in text
    assert "Forces with no known total" not in text, "every force would be listed, as if the others had one"
    assert "West Midlands Police (highlighted) is not in the chart: it has no known total for this period." in text
    assert "no published figures for this period" in (folder / "figures/rankings.alt.txt").read_text()
    assert json.loads((folder / "run.json").read_text())["first"][0]["parameters"]["period_start"] == "2012-01-01"


@pytest.mark.parametrize("notebook, overrides, sentence", [
    ("03", ["year=2015"], "No source gives West Midlands Police's 2015 by category."),
    ("03", ["force=kent"], "No source gives Kent Police's 2016 by category."),
    ("03", ["year=2013"], "**13 cases recorded** in 2013. The largest category"),
    ("03", ["year=2014"], r"**3 cases recorded** in 2014 \(part year: answered during 2014, before the period ended\)"),
    ("03", ["year=2013"], "in people disciplined: Misuse of Force systems 7. It counts people disciplined, not cases "
                          "recorded, so it is shown apart"),
    ("04", ["period_start=2016-01-01", "period_end=2016-12-31"], "No outcome breakdown of the breaches is published"),
    ("05", ["force=essex"], "No published series counts Essex Police's breaches or cases."),
    ("05", ["force=gwent"], r"Gwent Police's figures come from 1 source"),  # a later study's 2020, its one series
])
def test_an_empty_or_other_selection_is_said_in_words_not_a_crash(built_project, notebook, overrides, sentence):
    folder = one_off(built_project, notebook, *overrides)
    executed = next(folder.glob(f"{notebook}_*.ipynb"))
    assert sentence in markdown_of(executed) + json.dumps(nbformat.read(executed, as_version=4).cells)
