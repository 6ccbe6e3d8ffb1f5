"""A new FOI answer of each shape goes in through the command line alone and shows up in the report.

Every file here is made up, for this test only: the figures are invented, and the source rows point to
example.org. Each is saved under data/raw with a row in data/raw/sources.csv (as the README's first step
says), added with `python -m police_breaches manifest add … --like … --set …`, and found in the report.
"""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import copy_project, make, module_from, python, read_page

from police_breaches.core.errors import InputError
from police_breaches.sources.readers.questions import split_answer

ANSWERS = [
    ("table", "foi/made_up_kent_categories_2019.csv", "wmp_2016_categories",
     "category_as_published,breaches\ninappropriate disclosure,3\nloss of technology,2\n",
     ["force=Kent Police", "period=2019", "unit=breaches in a made-up answer"], ["inappropriate disclosure", "3"]),
    ("grid", "foi/made_up_kent_by_month.csv", "wmp_4658_14_by_month",
     "Month,2018,2019\nJanuary,1,2\nFebruary,0,1\nTotal,1,3\n",
     ["force=Kent Police", "unit=cases recorded in a made-up answer"], ["February 2019"]),
    ("incidents", "foi/made_up_kent_incidents.csv", "northumbria_183_20",
     "Month,Rank,Nature of Allegation/ Breach,Outcome\nApr-19,Police staff,Confidentiality: Viewed a record,"
     "Management Advice\nMay-19,Police officer,Confidentiality: Viewed a record,Final written warning\n",
     ["force=Kent Police", "unit=allegations in a made-up answer"], ["allegations in a made-up answer"]),
    ("questions", "foi/made_up_kent_disciplined.csv", "wmp_4624_14_disciplined_2013",
     "question,answer_as_published\nofficers and staff disciplined in 2019,Police Officers – 7\n"
     "officers and staff disciplined in 2019,Police Staff - 2\ntype of data,Vehicle: 4\ntype of data,Personal = 3\n"
     "type of data,Other 2\n",
     ["force=Kent Police", "period=2019", "unit=people disciplined in a made-up answer",
      'questions={"officers and staff disciplined in 2019": {breakdown: staff_group}, "type of data": '
      "{breakdown: type_of_data}}", "own_dimensions={type_of_data: [Vehicle, Personal, Other]}"],
     ["Vehicle", "Personal", "type of data", "Police Officers"]),
    ("ranks", "foi/made_up_kent_rank.csv", "bbw_published_ranks",
     "force_as_published,rank_as_published,scope,source_id\nKent Police,12,forces in England,made_up_ranks\n",
     ["period=2011-06-01/2015-12-31"], ["forces in England"]),
]


def add_source(project: Path, file: str, source_id: str) -> None:
    with open(project / "data/raw/sources.csv", "a", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerow([
            source_id, file, "A made-up publisher", f"A made-up answer ({source_id})", "https://example.org/made-up",
            "2020-01-31", "2019-01-01/2019-12-31", "FOI response (made up, for a test)", "complete", "Invented."])


def cli(project: Path, *args: str) -> subprocess.CompletedProcess:
    return python(project, "-m", "police_breaches", "manifest", *args)


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("answers") / "project")
    for shape, file, like, text, settings, _ in ANSWERS:
        (project / "data/raw" / file).write_text(text, encoding="utf-8")
        add_source(project, file, "made_up_ranks" if shape == "ranks" else f"made_up_{shape}")
        result = cli(project, "add", f"data/raw/{file}", "--like", like, "--title", f"A made-up {shape} answer",
                     *(a for s in settings for a in ("--set", s)))
        assert result.returncode == 0, result.stderr
        assert "TODO" not in result.stdout, result.stdout
    ods_cases = module_from(Path(__file__).parent / "broken_inputs/ods_cases.py")
    ods = "home_office_workforce/made_up_release.ods"
    ods_cases.make("marker_for_a_force", project / "data/raw" / ods)
    add_source(project, ods, "made_up_workforce")
    result = cli(project, "add", f"data/raw/{ods}", "--like", "home_office_workforce_sep15", "--title",
                 "A made-up workforce release", "--set", "release=2015-09-29",
                 "--set", "as_at=[2014-09-30, 2015-03-31, 2015-09-30]")
    assert result.returncode == 0, result.stderr
    make(project, "check")
    make(project, "report")
    return project


@pytest.mark.parametrize("answer", ANSWERS, ids=[a[0] for a in ANSWERS])
def test_an_answer_of_each_shape_added_through_the_cli_appears_in_the_report(project, answer):
    _, file, _, _, _, expected = answer
    report = read_page(project / "reports/index.html")
    section = report[report.index("Every published answer, as published"):report.index("Cleaning the raw figures</h2>")]
    assert f"data/raw/{file}" in section
    for text in expected:
        assert text in section, text


def test_a_workforce_release_added_through_the_cli_appears_in_the_report(project):
    report = read_page(project / "reports/index.html")
    assert "data/raw/home_office_workforce/made_up_release.ods" in report and "A made-up workforce release" in report


def test_an_entry_left_with_placeholders_is_refused_until_filled(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "data/raw/foi/made_up.csv").write_text("category_as_published,breaches\nloss of technology,1\n")
    result = cli(project, "add", "data/raw/foi/made_up.csv", "--like", "wmp_2016_categories")
    assert result.returncode == 0 and "TODO" in result.stdout
    check = make(project, "check", check=False)
    assert check.returncode != 0 and "is still a placeholder" in check.stderr + check.stdout


def test_an_edited_raw_file_is_named_with_the_command_that_records_it(tmp_path):
    project = copy_project(tmp_path / "project")
    raw = project / "data/raw/wmp_2016/categories.csv"
    raw.write_text(raw.read_text().replace("misuse of systems,1", "misuse of systems,2"))
    check = make(project, "check", check=False)
    assert "run `python -m police_breaches manifest rehash data/raw/wmp_2016/categories.csv`" in check.stderr
    assert cli(project, "rehash", "data/raw/wmp_2016/categories.csv").returncode == 0
    assert make(project, "check", check=False).returncode == 0


def test_the_shapes_and_their_options_are_listed():
    result = subprocess.run([sys.executable, "-m", "police_breaches", "manifest", "shapes"], capture_output=True, text=True,
                            check=True)
    for shape in ("table", "grid", "incidents", "questions", "ranks", "workforce_ods"):
        assert f"{shape}: " in result.stdout
    assert "separator (separator, default \"any\")" in result.stdout


@pytest.mark.parametrize("answer, label, number", [
    ("Police Officers = 7", "Police Officers", "7"),
    ("Police Officers – 7", "Police Officers", "7"),
    ("Police Officers - 7", "Police Officers", "7"),
    ("Police Officers: 7", "Police Officers", "7"),
    ("Police Officers 7", "Police Officers", "7"),
    ("Final Written warning =1", "Final Written warning", "1"),
    ("January 2011= 1", "January 2011", "1"),
    ("2004- September 2012 = 1", "2004- September 2012", "1"),
    ("January – February 2013 = 1", "January – February 2013", "1"),
    ("Officers = No information held", "Officers", "No information held"),
])
def test_the_answer_formats_foi_officers_write_are_read(answer, label, number):
    assert split_answer(answer, "any", "f.csv", 2, "answer") == (label, number)


@pytest.mark.parametrize("answer, separator, problem", [
    ("Officers = -7", "any", "two separators (or a sign)"),
    ("7", "any", "expected 'label = number', 'label – number'"),
    ("Officers – 7", "=", "expected 'label = number'"),
])
def test_an_answer_that_cannot_be_read_says_what_was_expected(answer, separator, problem):
    with pytest.raises(InputError) as err:
        split_answer(answer, separator, "f.csv", 2, "answer")
    assert problem in str(err.value)
