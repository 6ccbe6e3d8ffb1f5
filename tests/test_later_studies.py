"""What forces recorded after 2015: the later studies on the force pages and in the report, each in its own
terms, and never ranked, summed or drawn on one axis with the 2016 report's figures.

The real figures are read from a built project. The made-up study at the end is invented, for this test only
(its source points to example.org): it goes in through the command line and config/studies.csv alone, as the
README says, and must appear on its force's page and in the report with no change to the code.
"""

from __future__ import annotations

import csv
import html
import re
from pathlib import Path

import pytest
from conftest import REPORT_PERIOD, ROOT, copy_project, facts_in, facts_of, make, python, read_page

from police_breaches.analysis import processed, studies
from police_breaches.core.errors import InputError
from police_breaches.sources import published_sums
from police_breaches.sources.parsing import parse_day

LATER = {"vpnoverview_2021_force_figures", "vpnoverview_2021_key_findings", "sussex_2025_data_breach_claims",
         "dyfed_powys_561_2025_non_cyber_breaches"}


def text(page: Path) -> str:
    """What a reader sees of a page, one line per paragraph or table row."""
    markup = re.sub(r"<(style|script|svg)\b.*?</\1>", " ", read_page(page), flags=re.S)
    markup = re.sub(r"</(p|li|tr|h\d|caption)>", "\n", markup)
    return html.unescape(re.sub(r"[ \t]+", " ", re.sub(r"<[^>]+>", " ", markup)))


def section(page_text: str, heading: str, next_heading: str) -> str:
    start = page_text.index(heading)
    return page_text[start:page_text.index(next_heading, start)]


def rows_with(block: str, *words: str) -> list[str]:
    return [line for line in block.splitlines() if all(word in line for word in words)]


def test_the_lancashire_page_gives_594_for_2020_with_its_source_and_caveat(built_project):
    page = text(built_project / "reports/forces/lancashire.html")
    later = section(page, "Since 2015", "What is not known")
    assert rows_with(later, "2020", "594", "data breaches", "London Loves Tech")
    assert "may be evidence of incomplete records or a loose definition" in later
    # its opening says what is known instead of only 'not known', each figure with its own period
    opening = page[:page.index("Big Brother Watch's 2016 report\n")]
    assert "is not known" in opening and "of 594 data breaches in 2020" in opening


def test_the_west_midlands_page_gives_488_24_119_and_37_each_with_its_period(built_project):
    page = text(built_project / "reports/forces/west_midlands.html")
    later = section(page, "Since 2015", "Earlier studies")
    assert "the 2016 report's figure: 488 between June 2011 and December 2015" in later
    assert rows_with(later, "2016", "24", "Express & Star")
    assert rows_with(later, "2020", "119", "VPNOverview")
    assert rows_with(later, "January 2021 – April 2021", "37", "VPNOverview")
    assert "1,220" not in page and "668" not in page  # 488 + … never added up (24+119+37 = 180; 488+180 = 668)


def test_the_report_names_the_disagreements_the_later_studies_publish(built_project):
    report = text(built_project / "reports/index.html")
    later = section(report, "The later studies, and who answered them", "Every published answer, as published")
    check = rows_with(later, "VPNOverview's 2020 table against its headline figure")
    assert check and "2,382" in check[0] and "2,386" in check[0] and "the sources disagree" in check[0]
    sussex = rows_with(later, "Sussex's types of breach since 2022")
    assert sussex and "483" in sussex[0] and "439" in sussex[0]
    assert "21 of the 31 forces that answered VPNOverview's FOI (2021)" in later
    assert "Metropolitan Police Service gave VPNOverview's FOI (2021) 0 data breach cases for 2020" in later


def test_no_later_figure_is_ranked_summed_or_drawn_with_the_2016_report(built_project):
    facts = facts_in(built_project).frame
    derived = facts[facts["kind"] == "derived"]
    # rankings, rates, sums of categories and checks of the report are worked out from the report's files only
    # (a later file's own facts: how many forces its list gives, and its rows accounted for)
    assert set(derived.loc[derived["basis"].isin(LATER), "measure"]) <= {"forces_listed", "raw_rows", "rows_carried",
                                                                         "rows_set_aside"}
    ranked = facts[facts["measure"].isin(["place_among_known", "known_total", "rank_range"])]
    assert not ranked.empty and (ranked["period_end"] <= REPORT_PERIOD[1]).all()
    for chart in (built_project / "data/processed").glob("chart_*.csv"):
        drawn = chart.read_text(encoding="utf-8")
        later = "VPNOverview" in drawn or any(name in drawn for name in LATER)
        if chart.name.startswith("chart_later_"):
            assert "Big Brother Watch" not in drawn and "488" not in drawn.split(",")  # the study's own list alone
        elif chart.name != "chart_in_context.csv":  # one panel per unit and source, each on its own scale
            assert not later, chart.name


def test_a_window_over_the_later_years_ranks_none_of_their_figures(processed_tables, vocab):
    facts = facts_of(processed_tables, vocab, window=("2011-06-01", "2025-12-31")).frame
    ranked = facts[facts["basis"] == "ranking"]
    assert not ranked.empty and (ranked["period_end"] <= REPORT_PERIOD[1]).all()


# --------------------------------------------------------------------------- the reader and the checks

@pytest.mark.parametrize("written, day", [("28/05/2025", "2025-05-28"), ("28 May 2025", "2025-05-28"),
                                          ("2025-05-28", "2025-05-28"), ("1/6/2025", "2025-06-01")])
def test_a_day_is_read_as_sources_write_it(written, day):
    assert parse_day(written, "f.csv", 2).isoformat() == day


@pytest.mark.parametrize("written, problem", [("31/02/2025", "is not a day"), ("05/28/2025", "is not a day"),
                                              ("May 2025", "cannot read the day")])
def test_a_day_that_is_not_one_is_refused_naming_the_file_and_row(written, problem):
    with pytest.raises(InputError, match=problem) as found:
        parse_day(written, "data/raw/x.csv", 5)
    assert "data/raw/x.csv" in str(found.value) and "5" in str(found.value)


def test_a_count_cut_short_in_its_cell_keeps_its_day_and_says_so(cleaned):
    rows = cleaned.tables["observations"]
    cut = rows[(rows["resource"] == "dyfed_powys_561_2025_non_cyber_breaches") & (rows["period_start"] == "2025-01-01")]
    assert len(cut) == 1
    row = cut.iloc[0]
    assert (row["value"], row["period_end"]) == (42, "2025-05-28")
    assert "counted up to 28 May 2025" in row["part_period"] and "42 (up to 28/05/2025)" in row["part_period"]


def declare(project: Path, file: str, text: str, study: dict, *settings: str) -> None:
    (project / "data/raw" / file).write_text(text, encoding="utf-8")
    with open(project / "data/raw/sources.csv", "a", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerow([
            "made_up_later", file, "A made-up publisher", "A made-up later answer", "https://example.org/made-up",
            "2024-08-01", "2022-01-01/2024-06-30", "FOI response (made up, for a test)", "partial", "Invented."])
    with open(project / "config/studies.csv", "a", encoding="utf-8", newline="") as handle:
        csv.DictWriter(handle, fieldnames=list(study), lineterminator="\n").writerow(study)
    result = python(project, "-m", "police_breaches", "manifest", "add", f"data/raw/{file}", "--like",
                    "dyfed_powys_561_2025_non_cyber_breaches", "--title", "A made-up later answer",
                    *(a for s in settings for a in ("--set", s)))
    assert result.returncode == 0, result.stderr


MADE_UP_STUDY = {"study": "made_up_2024", "name": "A made-up FOI (2024)", "kind": "later",
                 "asked": "A made-up request to Kent Police, for this test only.", "answered_scope": "",
                 "caveat": "Invented figures that only this test reads."}


@pytest.fixture(scope="module")
def with_a_made_up_study(tmp_path_factory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("later") / "project")
    declare(project, "later_studies/made_up_kent_2024.csv", "year,breaches\n2022,5\n2023,9\n2024,3 (to 30 June 2024)\n",
            MADE_UP_STUDY, "force=Kent Police", "unit=breaches in a made-up answer",
            "value_column=breaches", "study=made_up_2024",
            "note=made up for a test")
    make(project, "check")
    make(project, "report")
    return project


def test_a_later_answer_of_a_new_shape_goes_in_with_no_code(with_a_made_up_study):
    page = text(with_a_made_up_study / "reports/forces/kent.html")
    later = section(page, "Since 2015", "What is not known")
    assert rows_with(later, "2023", "9", "A made-up FOI (2024)")
    assert rows_with(later, "January 2024 – June 2024", "counted up to 30 June 2024", "3")
    assert "Invented figures that only this test reads." in later
    report = text(with_a_made_up_study / "reports/index.html")
    assert rows_with(section(report, "The later studies, and who answered them", "Every published answer"),
                     "A made-up FOI (2024)", "A made-up request to Kent Police")


def test_a_study_the_configuration_does_not_know_is_refused_naming_it(tmp_path):
    project = copy_project(tmp_path / "project")
    manifest = (project / "datapackage.json").read_text(encoding="utf-8")
    (project / "datapackage.json").write_text(manifest.replace('"study": "dyfed_powys_561_2025"', '"study": "dyfed_2025"'),
                                              encoding="utf-8")
    result = make(project, "check", check=False)
    assert result.returncode != 0
    assert "x-reader.study is 'dyfed_2025', which is not a study in config/studies.csv" in result.stdout + result.stderr


def test_a_sum_whose_labels_match_nothing_is_an_error_naming_the_row(cleaned, tmp_path):
    project = copy_project(tmp_path / "project")
    sums = project / "config/published_sums.csv"
    sums.write_text(sums.read_text(encoding="utf-8").replace(",data breaches,2020,equal", ",data breachez,2020,equal"),
                    encoding="utf-8")
    with pytest.raises(InputError, match=r"parts_labels: data breachez not found in vpnoverview_2021_force_figures") as found:
        published_sums.sums(cleaned.tables["observations"], LATER, project)
    assert "config/published_sums.csv" in str(found.value) and "row 2" in str(found.value)


def test_every_later_file_belongs_to_a_later_study():
    belongs = studies.study_of(processed.load_manifest(ROOT))
    assert {name for name, study in belongs.items() if study["kind"] == "later"} == LATER


def test_a_sum_naming_a_file_the_project_lacks_stops_the_build_naming_the_row(tmp_path):
    project = copy_project(tmp_path / "project")
    sums = project / "config/published_sums.csv"
    sums.write_text(sums.read_text(encoding="utf-8").replace(",vpnoverview_2021_key_findings,", ",vpn_findings,"),
                    encoding="utf-8")
    result = make(project, "check", check=False)
    assert result.returncode != 0
    assert ("config/published_sums.csv: row 2: whole_resource 'vpn_findings' is not a resource of the manifest"
            in result.stdout + result.stderr), result.stdout + result.stderr
