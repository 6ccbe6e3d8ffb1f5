"""The notebooks, executed by papermill on the real raw data, into a scratch folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from police_breaches.run import run

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


def execute(name: str, out: Path, **parameters) -> nbformat.NotebookNode:
    dirs = {"processed_dir": str(out / "processed")}
    if name not in ("01_clean", "06_summary"):
        dirs["figures_dir"] = str(out / "figures")
    output = run(NOTEBOOKS / f"{name}.py", out / f"{name}.ipynb", {**dirs, **parameters})
    return nbformat.read(output, as_version=4)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("build")
    for name in ["01_clean", "02_rankings_2011_2015", "03_west_midlands_2016", "04_outcomes_2011_2015",
                 "05_west_midlands_in_context", "06_summary"]:
        execute(name, out)
    return out


def test_west_midlands_2016_categories_sum_to_24_led_by_inappropriate_disclosure(built):
    chart = pd.read_csv(built / "processed/chart_west_midlands_2016_categories.csv")
    assert chart["breaches"].sum() == 24
    assert len(chart) == 7
    top = chart.iloc[0]
    assert (top["label_as_published"], top["breaches"]) == ("inappropriate disclosure", 7)
    assert chart["breaches"].is_monotonic_decreasing


def test_west_midlands_ranks_first_in_2011_2015_with_488(built):
    chart = pd.read_csv(built / "processed/chart_rankings_2011_2015.csv")
    first = chart.iloc[0]
    assert (first["rank"], first["force"], first["breaches"]) == (1, "West Midlands Police", 488)
    assert first["breaches"] > 2 * chart.iloc[1]["breaches"]


def test_every_rebuildable_published_figure_matches(built):
    reproduction = pd.read_csv(built / "processed/reproduction_2011_2015.csv", keep_default_na=False)
    assert "differs" not in set(reproduction["verdict"])
    matched = reproduction[reproduction["verdict"] == "match"]["figure"]
    for force in ["West Midlands Police", "Surrey Police", "Humberside Police", "Avon and Somerset Constabulary"]:
        assert any(f.startswith(f"{force}: rank") for f in matched), force
    assert (reproduction["reason"] != "").all()
    sums = reproduction[reproduction["figure"].str.endswith("outcomes add up to the force total")]
    assert set(sums.loc[sums["verdict"] == "match", "figure"].str.split(":").str[0]) == {"Surrey Police", "Dorset Police"}
    assert not sums["figure"].str.startswith("West Midlands").any()  # its 2013 FOI counts people, not breaches


def test_outcomes_show_the_share_with_no_formal_action(built):
    national = pd.read_csv(built / "processed/chart_outcomes_all_forces_that_answered.csv", keep_default_na=False)
    no_formal = national[national["formal_action"] == "no"]
    assert no_formal["outcome_name"].tolist() == ["No disciplinary or no formal disciplinary action"]
    assert round(100 * no_formal["share"].sum()) == 55
    surrey = pd.read_csv(built / "processed/chart_outcomes_surrey_police.csv", keep_default_na=False)
    assert surrey["value"].sum() == surrey["denominator"].iloc[0]


def test_west_midlands_series_stay_in_their_own_units(built):
    series = pd.read_csv(built / "processed/chart_west_midlands_in_context.csv", keep_default_na=False)
    assert series.groupby("panel")["unit"].nunique().eq(1).all()
    assert {"cases finalised", "cases recorded", "people disciplined", "breaches reported to Big Brother Watch",
            "breaches reported in the press"} == set(series["unit"])
    finalised = series[series["unit"] == "cases finalised"]
    assert finalised["period_label"].tolist() == ["2005", "2006", "2007", "2008", "2009", "2010"]


def test_summary_states_the_headline_findings(built):
    notebook = nbformat.read(built / "06_summary.ipynb", as_version=4)
    text = " ".join(str(o.get("data", {}).get("text/markdown", "")) for c in notebook.cells for o in c.get("outputs", []))
    assert "West Midlands Police reported 488 data breaches" in text
    assert "In 2016 West Midlands Police had 24 breaches" in text
    assert "0 differ" in text


def test_figures_come_in_png_and_svg_with_alt_text_and_data(built):
    figures = built / "figures"
    for name in ["rankings_2011_2015", "rates_2011_2015", "count_vs_rate_rank_2011_2015",
                 "west_midlands_2016_categories", "outcomes_surrey_police", "west_midlands_in_context"]:
        assert (figures / f"{name}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert (figures / f"{name}.svg").read_text().lstrip().startswith("<?xml")
        assert len((figures / f"{name}.alt.txt").read_text().strip()) > 40
        assert (built / "processed" / f"chart_{name}.csv").exists()


def test_coverage_is_stated_in_the_rankings_notebook(built):
    notebook = nbformat.read(built / "02_rankings_2011_2015.ipynb", as_version=4)
    text = " ".join(str(o.get("data", {}).get("text/markdown", "")) for c in notebook.cells if c.cell_type == "code"
                    for o in c.outputs)
    assert "11 of 45 territorial forces have a published total" in text
    assert "1,340 breaches, 57.9% of the 2,315" in text


def test_executed_notebooks_carry_no_run_timestamps(built):
    notebook = nbformat.read(built / "01_clean.ipynb", as_version=4)
    assert "start_time" not in notebook.metadata.get("papermill", {})
    assert all("execution" not in cell.metadata for cell in notebook.cells)


def test_changing_top_n_changes_the_chart(built, tmp_path):
    shutil.copytree(built / "processed", tmp_path / "processed")
    execute("02_rankings_2011_2015", tmp_path, top_n=3, formats=["svg"])
    chart = pd.read_csv(tmp_path / "processed/chart_rankings_2011_2015.csv")
    assert chart["force"].tolist() == ["West Midlands Police", "Surrey Police", "Humberside Police"]


def test_a_period_with_no_per_force_figures_says_so_rather_than_guessing(built, tmp_path):
    shutil.copytree(built / "processed", tmp_path / "processed")
    notebook = execute("02_rankings_2011_2015", tmp_path, period_start="2012-01-01", formats=["svg"])
    text = " ".join(str(o.get("data", {}).get("text/markdown", "")) for c in notebook.cells for o in c.get("outputs", []))
    assert "0 of 45 territorial forces have a published total" in text
    assert "No published per-force total lies within this period." in text
    alt = (tmp_path / "figures/rankings_2011_2015.alt.txt").read_text()
    assert "No published per-force figures for this period" in alt
