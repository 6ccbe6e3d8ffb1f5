"""The FOI campaign (src/police_breaches/publish/foi.py): deadlines as the two Acts count them, a tracker checked like
every other table, and a campaign run end to end with made-up answers.

Every answer, date and reference here is made up, for this test only; the answers are written into a
scratch copy of the project (never into data/raw of the checkout), with source rows pointing to
example.org.
"""

from __future__ import annotations

import csv
import html
import re
import shutil
from datetime import date

import pandas as pd
import pytest
from conftest import REPORT_PERIOD, ROOT, built_copy, facts_in, make, python, ranking_in

from police_breaches.core.errors import InputError
from police_breaches.publish import foi

# Each due date counted by hand from the bank holidays the governments publish (gov.uk/bank-holidays and
# mygov.scot): the 20th working day following the day of receipt.
DEADLINES = [
    # Christmas: 25 Dec (Fri), Boxing Day moved to Mon 28 Dec, New Year's Day (Fri 1 Jan), and Scotland's
    # 2 January moved to Mon 4 Jan 2027, which counts under the 2000 Act too (a bank holiday in any part of
    # the UK). Working days: 21-24 Dec (4), 29-31 Dec (7), 5-8 Jan (11), 11-15 (16), 18-21 (20).
    (date(2026, 12, 18), "FOIA", date(2027, 1, 21)),
    (date(2026, 12, 18), "FOISA", date(2027, 1, 21)),
    # Easter 2027: Good Friday 26 March is not a working day under either Act; Easter Monday 29 March is a
    # bank holiday in England, Wales and Northern Ireland but not in Scotland, so the Scottish clock runs.
    (date(2027, 3, 24), "FOIA", date(2027, 4, 23)),
    (date(2027, 3, 24), "FOISA", date(2027, 4, 22)),
    # Summer 2026: Scotland's bank holiday is Mon 3 August, England's Mon 31 August. The 2000 Act skips both;
    # the Scottish Act only the first, so its 20th working day is 31 August itself.
    (date(2026, 7, 31), "FOIA", date(2026, 9, 1)),
    (date(2026, 7, 31), "FOISA", date(2026, 8, 31)),
    # St Andrew's Day, Mon 30 November 2026: a bank holiday in Scotland only, so neither Act counts it; then
    # Christmas Day and the Boxing Day holiday (Mon 28 Dec). 27 Nov (1), 1-4 Dec (5), 7-11 (10), 14-18 (15),
    # 21-24 (19), 29 Dec (20).
    (date(2026, 11, 26), "FOISA", date(2026, 12, 29)),
    (date(2026, 11, 26), "FOIA", date(2026, 12, 29)),
    # Northern Ireland's Battle of the Boyne holiday, moved to Mon 13 July 2026, and Scotland's Mon 3 August:
    # the 2000 Act skips both (6-10 Jul (5), 14-17 (9), 20-24 (14), 27-31 (19), 4 Aug (20)); the Scottish
    # Act counts 13 July (6-10 (5), 13-17 (10), 20-24 (15), 27-31 (20)).
    (date(2026, 7, 3), "FOIA", date(2026, 8, 4)),
    (date(2026, 7, 3), "FOISA", date(2026, 7, 31)),
]


@pytest.mark.parametrize("received, law, due", DEADLINES)
def test_the_due_date_is_the_20th_working_day_as_each_act_counts_them(received, law, due):
    assert foi.due_on(received, law) == due
    assert foi.working_days_between(received, due, law) == 20
    assert foi.is_working_day(due, law)


def test_police_scotland_answers_under_the_scottish_act_and_every_other_force_under_the_2000_act():
    assert foi.law_for("Scotland") == "FOISA"
    assert {foi.law_for(c) for c in ("England", "Wales", "Northern Ireland")} == {"FOIA"}


# --------------------------------------------------------------------------- the tracker, checked

TRACKER_HEAD = ",".join(foi.FIELDS)


def tracker(tmp_path, *rows: str):
    """A made-up project holding the real config/ and a tracker of the given rows."""
    shutil.copytree(ROOT / "config", tmp_path / "config")
    (tmp_path / "campaign").mkdir()
    (tmp_path / "campaign/tracker.csv").write_text("\n".join([TRACKER_HEAD, *rows]) + "\n", encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("row, where, problem", [
    ("kent,Kent Police,FOIA,campaign/requests/kent.txt,18/12/2026,,,sent,,,,", "row 2, column 'sent_on'",
     "not a date written YYYY-MM-DD"),
    ("kent,Kent Police,FOIA,campaign/requests/kent.txt,2026-02-30,,,sent,,,,", "row 2, column 'sent_on'",
     "not a real date"),
    ("kent,Kent Police,FOIA,campaign/requests/kent.txt,2026-12-18,,,posted,,,,", "row 2, column 'status'",
     "'posted' is not in foi_statuses.csv"),
    ("kent,Kent Police,FOIA,campaign/requests/kent.txt,2026-12-18,,,refused,,,,", "row 2, column 'exemption'",
     "a refusal cites an exemption"),
    ("kent,Kent Police,FOIA,campaign/requests/kent.txt,,,,sent,,,,", "row 2, column 'sent_on'", "when was it sent?"),
    ("kent,Kent Police,FOI,campaign/requests/kent.txt,,,,drafted,,,,", "row 2, column 'law'", "FOIA"),
    ("kentt,Kent Police,FOIA,campaign/requests/kent.txt,,,,drafted,,,,", "row 2, column 'force_id'",
     "'kentt' is not in forces.csv"),
    ("police_scotland,Police Scotland,FOIA,campaign/requests/police_scotland.txt,,,,drafted,,,,",
     "row 2, column 'law'", "Police Scotland answers under FOISA"),
    ("kent,Kent Police,FOIA,campaign/requests/kent.txt,0001-01-01,,,sent,,,,", "row 2, column 'sent_on'",
     "the Acts' right of access began in 2005"),
    ("kent,Kent Police,FOIA,campaign/requests/kent.txt,9999-12-20,,,sent,,,,", "row 2, column 'sent_on'",
     "not a date a request could be sent"),
])
def test_a_bad_tracker_row_stops_with_the_file_row_column_and_problem(tmp_path, row, where, problem):
    project = tracker(tmp_path, row)
    with pytest.raises(InputError) as caught:
        foi.read_tracker(project)
    message = str(caught.value)
    assert message.startswith("campaign/tracker.csv") and where in message and problem in message, message


def test_status_fills_in_due_dates_and_overdue_and_keeps_what_the_user_set(tmp_path):
    """Made-up rows: one sent before Christmas (overdue by the day asked about), one acknowledged (due soon),
    one refused (kept as the user set it)."""
    project = tracker(tmp_path,
                      "kent,Kent Police,FOIA,campaign/requests/kent.txt,2026-12-18,FOI/1,,sent,,,,",
                      "essex,Essex Police,FOIA,campaign/requests/essex.txt,2027-01-04,,,acknowledged,,,,",
                      "lancashire,Lancashire Constabulary,FOIA,campaign/requests/lancashire.txt,2026-12-18,,,refused,,"
                      "section 12 (cost),,")
    rows = foi.update(foi.read_tracker(project), {}, date(2027, 1, 26))
    by = {row["force_id"]: row for row in rows}
    assert by["kent"]["due_on"] == "2027-01-21" and by["kent"]["status"] == "overdue"
    assert by["kent"]["status_on"] == "2027-01-26"
    assert by["essex"]["due_on"] == "2027-02-01" and by["essex"]["status"] == "acknowledged"
    assert by["lancashire"]["status"] == "refused" and by["lancashire"]["status_on"] == ""
    text = foi.report(rows, foi.statuses(ROOT), date(2027, 1, 26))
    assert re.search(r"Kent Police \(sent 2026-12-18, reference FOI/1\): due Thu 21 January 2027, 3 working days "
                     r"overdue\.\n    Next: send a reminder", text), text
    assert "Essex Police (sent 2027-01-04): due Mon 1 February 2027, in 4 working days." in text
    assert "Lancashire Constabulary: the force refused the request" in text



# --------------------------------------------------------------------------- a campaign, end to end

# Made-up answers, for this test only: Kent answers in full (a total for the whole period), Essex in part (a
# total for 2013-2015 only, so it cannot be ranked), Lancashire refuses (no file at all).
KENT = "force_as_published,breaches,status,source_id\nKent Police,57,reported,made_up_kent_answer\n"
ESSEX = "force_as_published,breaches,status,source_id\nEssex Police,21,reported,made_up_essex_answer\n"
UNIT = "breaches recorded (answer to this project's FOI request)"


def add_answer(project, force_id: str, text: str, period: str) -> None:
    file = f"foi/campaign/made_up_{force_id}.csv"
    (project / "data/raw" / file).parent.mkdir(parents=True, exist_ok=True)
    (project / "data/raw" / file).write_text(text, encoding="utf-8")
    with open(project / "data/raw/sources.csv", "a", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerow([
            f"made_up_{force_id}_answer", file, "A made-up force", "A made-up answer", "https://example.org/made-up",
            "2027-01-20", period, "FOI response (made up, for a test)", "complete",
            f"Answers campaign/requests/{force_id}.txt. Invented."])
    added = python(project, "-m", "police_breaches", "manifest", "add", f"data/raw/{file}", "--like", "bbw_force_totals",
                   "--title", f"A made-up answer from {force_id}", "--set", f"unit={UNIT}", "--set", f"period={period}")
    assert added.returncode == 0, added.stderr


def set_rows(project, **changes: dict) -> None:
    path = project / "campaign/tracker.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    for row in rows:
        row.update(changes.get(row["force_id"], {}))
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, foi.FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def test_a_campaign_from_plan_to_a_report_with_its_answers(built_project, tmp_path):
    project = built_copy(built_project, tmp_path / "project")
    ranking_before = ranking_in(project)

    planned = python(project, "-m", "police_breaches", "foi", "plan")
    assert planned.returncode == 0, planned.stderr
    rows = list(csv.DictReader((project / "campaign/tracker.csv").open(encoding="utf-8")))
    without = set(ranking_before.index[ranking_before["status"] != "reported"]) | (
        {f for f in (r["force_id"] for r in rows)} - set(ranking_before.index))
    assert {r["force_id"] for r in rows} == without and len(rows) == 45 - int((ranking_before["status"] == "reported").sum())
    assert {r["status"] for r in rows} == {"drafted"}
    assert {r["force_id"]: r["law"] for r in rows}["police_scotland"] == "FOISA"
    # the same request the force page offers, word for word
    assert (project / "campaign/requests/kent.txt").read_text() == (project / "reports/forces/kent-foi-request.txt").read_text()
    # planning again keeps every row as the user left it
    set_rows(project, kent={"sent_on": "2026-12-18", "status": "sent", "reference": "FOI/26/1234"})
    assert python(project, "-m", "police_breaches", "foi", "plan").returncode == 0
    assert "FOI/26/1234" in (project / "campaign/tracker.csv").read_text()

    set_rows(project, essex={"sent_on": "2026-12-18", "status": "partly_answered"},
             lancashire={"sent_on": "2026-12-18", "status": "refused", "exemption": "section 12 (cost limit)"},
             police_scotland={"sent_on": "2027-01-04", "status": "acknowledged"},
             cumbria={"sent_on": "2026-12-21", "status": "sent"})
    add_answer(project, "kent", KENT, "2011-06-01/2015-12-31")
    add_answer(project, "essex", ESSEX, "2013-01-01/2015-12-31")

    status = python(project, "-m", "police_breaches", "foi", "status", "--today", "2027-01-26")
    assert status.returncode == 0, status.stderr
    rows = {r["force_id"]: r for r in csv.DictReader((project / "campaign/tracker.csv").open(encoding="utf-8"))}
    assert rows["kent"]["status"] == "answered" and rows["kent"]["answer_file"] == "data/raw/foi/campaign/made_up_kent.csv"
    assert rows["essex"]["status"] == "partly_answered", "a status the user set is kept"
    assert rows["cumbria"]["due_on"] == "2027-01-22" and rows["cumbria"]["status"] == "overdue"
    assert rows["police_scotland"]["due_on"] == "2027-02-01"
    assert "Cumbria Constabulary (sent 2026-12-21): due Fri 22 January 2027, 2 working days overdue." in status.stdout
    assert "Police Scotland (sent 2027-01-04): due Mon 1 February 2027, in 4 working days." in status.stdout

    make(project, "report")
    page = lambda name: html.unescape((project / name).read_text(encoding="utf-8"))  # noqa: E731
    report = page("reports/index.html")
    progress = ("This project's FOI campaign: 32 requests written, 5 of them sent: 2 answered (1 in part), 1 refused "
                "and 1 overdue (tracker last updated 2027-01-26).")
    assert progress in report and progress in page("reports/forces/index.html")
    ranking = ranking_in(project)
    assert ranking.at["kent", "value"] == 57 and ranking.at["kent", "unit"] == UNIT
    assert "essex" not in ranking.index or ranking.at["essex", "status"] != "reported", "a part period is not a total"
    effect = facts_in(project).campaign(REPORT_PERIOD)
    assert ("The ranking is made of 13 totals published in the 2016 report and 1 from this project's FOI answers: "
            "this project's FOI answers add 1 force and 57 breaches (Kent Police)") in report
    # A new total can only narrow a range: every force known before keeps its range or a narrower one inside it.
    for force_id, row in ranking_before[ranking_before["best"].notna()].iterrows():
        assert row["best"] <= ranking.at[force_id, "best"] <= ranking.at[force_id, "worst"] <= row["worst"], force_id
    narrowed = int(sum((r["worst"] - r["best"]) - (ranking.at[f, "worst"] - ranking.at[f, "best"])
                       for f, r in ranking_before[ranking_before["best"].notna()].iterrows()))
    assert narrowed > 0 and f"narrowed by {narrowed} places in all" in report
    assert effect["narrowed_by"].sum() == narrowed
    kent = page("reports/forces/kent.html")
    assert "according to the force's answer to an FOI request by the police-breaches project" in kent
    assert not (ROOT / "data/raw/foi/campaign").exists(), "a made-up answer reached the checkout's data"


# --------------------------------------------------------------------------- which answers are ranked

REPORT_UNIT = "breaches reported to Big Brother Watch"


def observations(*rows) -> pd.DataFrame:
    """Made-up force totals: (resource, force_id, unit, period, value, status)."""
    return pd.DataFrame([
        {"resource": resource, "raw_row": 2, "source_id": f"{resource}_source", "force_id": force_id, "scope": "force",
         "period_start": period.split("/")[0], "period_end": period.split("/")[1], "unit": unit,
         "breakdown": "total", "value": value, "status": status, "status_detail": ""}
        for resource, force_id, unit, period, value, status in rows])


WHOLE = "2011-06-01/2015-12-31"


def totals(frame: pd.DataFrame) -> pd.DataFrame:
    from police_breaches.analysis import rankings
    from police_breaches.sources.vocab import Vocabularies

    return rankings.force_totals(frame, Vocabularies.load(ROOT / "config").forces, "2011-06-01", "2015-12-31")


def test_an_answer_counts_only_as_a_figure_for_the_whole_period_for_a_force_the_report_does_not_list():
    found = totals(observations(
        ("report", "west_midlands", REPORT_UNIT, WHOLE, 488, "reported"),
        ("report", "northumbria", REPORT_UNIT, WHOLE, None, "not_revealed"),
        ("a_northumbria", "northumbria", UNIT, WHOLE, 40, "reported"),  # not revealed to BBW, so no part of
        # the 2,315 the ranges add up to: its answer is shown on its page, unranked
        ("a_west_midlands", "west_midlands", UNIT, WHOLE, 500, "reported"),  # the report's figure wins
        ("a_kent", "kent", UNIT, "2013-01-01/2015-12-31", 30, "reported"),  # part of the period: not a total
        ("a_essex", "essex", UNIT, WHOLE, None, "nil"),  # 'no cases': 0
        ("a_surrey", "surrey", UNIT, WHOLE, None, "not_held"),  # no figure: the force stays unknown
    )).set_index("force_id")
    assert found.at["west_midlands", "value"] == 488 and found.at["west_midlands", "unit"] == REPORT_UNIT
    assert pd.isna(found.at["northumbria", "value"]) and found.at["northumbria", "status"] == "not_revealed"
    assert found.at["essex", "value"] == 0 and found.at["essex", "status"] == "reported"
    assert "kent" not in found.index and "surrey" not in found.index
    assert not found.index.duplicated().any()


def test_two_answers_for_one_force_stop_the_build_naming_both():
    with pytest.raises(InputError) as caught:
        totals(observations(("a_one", "cheshire", UNIT, WHOLE, 30, "reported"),
                            ("a_two", "cheshire", UNIT, WHOLE, 35, "reported")))
    assert "two answers give Cheshire Constabulary's total" in str(caught.value)
    assert "a_one (30)" in str(caught.value) and "a_two (35)" in str(caught.value)


def test_answers_that_bring_the_known_totals_above_the_national_figure_stop_the_ranking():
    from police_breaches.analysis import rankings
    ranked = rankings.rank(totals(observations(("report", "west_midlands", REPORT_UNIT, WHOLE, 488, "reported"),
                                               ("a_kent", "kent", UNIT, WHOLE, 3000, "reported"))))
    with pytest.raises(InputError) as caught:
        rankings.check_answers_fit(ranked, 2315)
    assert "a_kent (Kent Police: 3,000)" in str(caught.value) and "more than the 2,315" in str(caught.value)
    rankings.check_answers_fit(ranked, 3488)  # fits: nothing to say


def test_an_answer_that_contradicts_a_rank_the_press_published_stops_the_ranking():
    """Made up: Essex answers 170, above Humberside's 168, which the press called 3rd of all forces."""
    from police_breaches.analysis import rankings
    from police_breaches.sources.vocab import Vocabularies

    rows = [("report", force_id, REPORT_UNIT, WHOLE, value, "reported") for force_id, value in
            [("west_midlands", 488), ("surrey", 202), ("humberside", 168)]]
    published = pd.DataFrame([{"force_id": "humberside", "rank_as_published": "3", "scope": "all UK forces",
                               "source_id": "s"}])
    register = Vocabularies.load(ROOT / "config").forces
    fits = rankings.rank(totals(observations(*rows)))
    assert rankings.with_ranges(fits, published, register, 2315)["best"].notna().all()
    contradicted = rankings.rank(totals(observations(*rows, ("a_essex", "essex", UNIT, WHOLE, 170, "reported"))))
    with pytest.raises(InputError) as caught:
        rankings.with_ranges(contradicted, published, register, 2315)
    assert "no ranking fits both" in str(caught.value) and "a_essex (Essex Police: 170)" in str(caught.value)


def test_status_warns_of_an_answer_to_a_request_never_written_or_never_sent(tmp_path):
    project = tracker(tmp_path, "gwent,Gwent Police,FOIA,campaign/requests/gwent.txt,,,,drafted,,,,")
    (project / "campaign/requests").mkdir()
    (project / "campaign/requests/gwent.txt").write_text("made up\n")
    (project / "data/raw").mkdir(parents=True)
    shutil.copy(ROOT / "data/raw/sources.csv", project / "data/raw/sources.csv")
    with open(project / "data/raw/sources.csv", "a", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        for n, note in enumerate(["answers campaign/requests/gwent.txt.", "Answers campaign/requests/chesire.txt"]):
            writer.writerow([f"made_up_{n}", f"foi/made_up_{n}.csv", "A made-up force", "A made-up answer",
                             "https://example.org/made-up", "2027-01-20", WHOLE, "FOI response (made up)", "complete",
                             note])
    text = foi.status(project, date(2027, 1, 26))
    assert "answers campaign/requests/chesire.txt, which is not a request this campaign wrote" in text
    assert "an answer names campaign/requests/gwent.txt, but the tracker says it was never sent" in text
    assert foi.read_tracker(project)[0]["status"] == "drafted"


def test_plan_refuses_a_date_that_is_not_yyyy_mm_dd_naming_the_option(root):
    result = python(root, "-m", "police_breaches", "foi", "plan", "--start", "20110601")
    assert result.returncode == 2 and "--start '20110601' is not a date written YYYY-MM-DD" in result.stderr


@pytest.mark.parametrize("total, said", [(0, "**no data breaches**"), (1, "**1 data breach**"),
                                         (1234, "**1,234 data breaches**")])
def test_a_forces_answer_is_quoted_in_words_a_reader_would_use(total, said):
    """A nil answer from this project's own request reads 'no data breaches', one reads 'a breach' singular."""
    from police_breaches.publish.force_page import quotable

    document = {"in_text": "Kent Police", "bbw_2016": {"status": "reported", "total": total, "from_campaign": True},
                "report": {"period": ["2011-06-01", "2015-12-31"], "national": 2315}}
    text = quotable(document)
    assert said in text and "according to the force's answer to an FOI request" in text, text
