"""The FOI campaign (src/police_breaches/analysis/campaign.py, publish/foi.py): deadlines as the two Acts count
them, a tracker that records only what happened and is checked the same way everywhere, conclusions worked out
for the day asked, answers counted for what they give, and a campaign run end to end.

Every tracker row, answer, date and reference here is made up, for this test only. The answers are written
into a scratch copy of the project (never into data/raw of the checkout), with source rows pointing to
example.org. Dates recorded in a tracker are in the past (a tracker records what has happened).
"""

from __future__ import annotations

import csv
import html
import re
import shutil
import subprocess
from datetime import date, timedelta

import pandas as pd
import pytest
from conftest import ROOT, built_copy, facts_in, make, python, ranking_in, read_page

from police_breaches.analysis import campaign
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
    # Received on a Saturday: the count starts on Monday. Sat 3 Oct 2026 → Mon 5 (1) … Fri 30 Oct (20).
    (date(2026, 10, 3), "FOIA", date(2026, 10, 30)),
    # Received on a bank holiday (Mon 31 Aug 2026, England): 1-4 Sep (4), 7-11 (9), 14-18 (14), 21-25 (19), 28 (20).
    (date(2026, 8, 31), "FOIA", date(2026, 9, 28)),
]


@pytest.mark.parametrize("received, law, due", DEADLINES)
def test_the_due_date_is_the_20th_working_day_as_each_act_counts_them(received, law, due):
    assert campaign.due_on(received, law) == due
    assert campaign.working_days_between(received, due, law) == 20
    assert campaign.is_working_day(due, law)


def test_police_scotland_answers_under_the_scottish_act_and_every_other_force_under_the_2000_act():
    assert campaign.law_for("Scotland") == "FOISA"
    assert {campaign.law_for(c) for c in ("England", "Wales", "Northern Ireland")} == {"FOIA"}


# --------------------------------------------------------------------------- the tracker, checked once

HEAD = ",".join(foi.FIELDS)
PERIOD = "2011-06-01/2015-12-31"


def row(force_id="kent", force="Kent Police", law="FOIA", request=None, asks_for=PERIOD, sent_on="", reference="",
        status="drafted", status_on="", extended_to="", exemption="", notes="") -> str:
    request = request or f"campaign/requests/{force_id}.txt"
    return ",".join([force_id, force, law, request, asks_for, sent_on, reference, status, status_on, extended_to,
                     exemption, notes])


def tracker(tmp_path, *rows: str, head: str = HEAD):
    """A made-up project holding the real config/ and data/raw/sources.csv, a tracker of the given rows and a
    request file for each force named."""
    shutil.copytree(ROOT / "config", tmp_path / "config")
    (tmp_path / "data/raw").mkdir(parents=True)
    shutil.copy(ROOT / "data/raw/sources.csv", tmp_path / "data/raw/sources.csv")
    (tmp_path / "campaign/requests").mkdir(parents=True)
    for line in rows:
        (tmp_path / f"campaign/requests/{line.split(',')[0]}.txt").write_text("A made-up request.\n")
    (tmp_path / "campaign/tracker.csv").write_text("\n".join([head, *rows]) + "\n", encoding="utf-8")
    return tmp_path


FAR = "2199-12-31"
BAD_ROWS = [
    (row(sent_on="18/10/2026", status="sent"), "sent_on", "not a date written YYYY-MM-DD"),
    (row(sent_on="2026-02-30", status="sent"), "sent_on", "not a real date"),
    (row(sent_on="2026-10-01", status="posted"), "status", "'posted' is not in foi_statuses.csv (known: acknowledged, "
                                                           "answered, awaiting_clarification, clarified, complaint"),
    (row(sent_on="2026-10-01", status="snet"), "status", "'snet' is not in foi_statuses.csv (did you mean 'sent'? known:"),
    (row(sent_on="2026-10-01", status="refused", status_on="2026-10-20"), "exemption", "a refusal cites an exemption"),
    (row(status="sent"), "sent_on", "when did the force receive it?"),
    (row(sent_on="2026-10-01", status="answered"), "status_on", "on which day did that happen?"),
    (row(sent_on="2026-10-01", status="extended", status_on="2026-10-20"), "extended_to", "to which date"),
    (row(sent_on="2026-10-01"), "status", "is 'drafted' but sent_on is filled in"),
    (row(law="FOI"), "law", "'FOI' is not one of 'FOIA', 'FOISA'"),
    (row(law="FOISA"), "law", "Kent Police answers under FOIA"),
    (row(force_id="kentt"), "force_id", "'kentt' is not in forces.csv (did you mean 'kent'?"),
    (row("police_scotland", "Police Scotland"), "law", "Police Scotland answers under FOISA"),
    (row(force="Kent Constabulary"), "force", "but kent is 'Kent Police' in config/forces.csv"),
    (row("british_transport", "British Transport Police"), "force_id", "is a national force"),
    (row(request="campaign/requests/nowhere.txt"), "request_file", "is not a request this campaign wrote"),
    (row(sent_on="0001-01-01", status="sent"), "sent_on", "before the Acts' right of access began in 2005"),
    (row(sent_on=FAR, status="sent"), "sent_on", "after today, and the tracker records what has happened"),
    (row(sent_on="2026-10-01", status="answered", status_on=FAR), "status_on", "after today"),
    (row(sent_on="2026-10-01", status="answered", status_on="2026-09-01"), "status_on", "is before sent_on"),
    (row(sent_on="2026-10-01", status="extended", status_on="2026-10-20", extended_to=FAR), "extended_to",
     "not within a year after sent_on"),
    (row(asks_for="1899-01-01/2099-12-31"), "asks_for", "must start on or after 1 March 2000"),
    (row(asks_for="2015-12-31/2011-06-01"), "asks_for", "ends before it starts"),
]


@pytest.mark.parametrize("line, column, problem", BAD_ROWS)
def test_a_bad_tracker_row_stops_every_command_alike_naming_file_row_column_and_problem(tmp_path, line, column,
                                                                                        problem):
    """One validation serves `foi status`, `make check` and the build: each gives the same message."""
    from police_breaches.core.configuration import check

    project = tracker(tmp_path, line)
    messages = []
    for read in (lambda: campaign.read_tracker(project), lambda: check(project),
                 lambda: foi.status(project, date(2026, 11, 2))):
        with pytest.raises(InputError) as caught:
            read()
        messages.append(str(caught.value))
    assert len(set(messages)) == 1, messages
    assert messages[0].startswith(f"campaign/tracker.csv, row 2, column '{column}'") and problem in messages[0], messages[0]


def test_two_rows_for_one_force_stop_naming_the_second(tmp_path):
    project = tracker(tmp_path, row(), row(notes="again"))
    with pytest.raises(InputError, match=r"campaign/tracker.csv, row 3, column 'force_id'"):
        campaign.read_tracker(project)


# --------------------------------------------------------------------------- the day asked, worked out

def states(tmp_path, today: date, *rows: str):
    project = tracker(tmp_path, *rows)
    return {s.row["force_id"]: s for s in campaign.states(campaign.read_tracker(project), campaign.statuses(project),
                                                         today)}


def test_a_month_of_mornings_counts_late_days_on_working_days_only_and_moves_from_reminder_to_review(tmp_path):
    """Kent: received Mon 2 Nov 2026, due Tue 1 Dec (St Andrew's Day, Mon 30 Nov, is not a working day under
    the 2000 Act). Each morning of December: late by the working days after 1 Dec, a reminder until 10 working
    days late, then an internal review."""
    project = tracker(tmp_path, row(sent_on="2026-11-02", status="sent", reference="K/1"))
    rows, known = campaign.read_tracker(project), campaign.statuses(project)
    late = 0
    for day in (date(2026, 11, 20) + timedelta(days=n) for n in range(45)):
        found = campaign.state(rows[0], known, day)
        assert found.due == date(2026, 12, 1)
        if day > found.due and campaign.is_working_day(day, "FOIA"):
            late += 1
        assert found.late_by == late, day
        assert found.letter == ("" if late == 0 else "reminder" if late < 10 else "internal_review"), day
    # By Sun 3 January: 2-4 Dec (3), 7-11 (8), 14-18 (13), 21-24 (17), 29-31 (20): not Christmas Day, the
    # Boxing Day holiday (Mon 28th) or New Year's Day.
    assert late == campaign.working_days_between(date(2026, 12, 1), date(2027, 1, 3), "FOIA") == 20


def test_a_clarification_stops_the_clock_and_restarts_it_from_the_day_the_force_receives_it(tmp_path):
    found = states(tmp_path, date(2026, 12, 30),
                   row("kent", sent_on="2026-10-01", status="awaiting_clarification", status_on="2026-10-05"),
                   row("essex", "Essex Police", sent_on="2026-10-01", status="clarified", status_on="2026-11-02"))
    assert found["kent"].due is None and not found["kent"].overdue  # stopped: never late, however long
    assert found["essex"].due == campaign.due_on(date(2026, 11, 2), "FOIA") == date(2026, 12, 1)


def test_an_extension_moves_the_due_date_to_the_date_the_force_gave(tmp_path):
    found = states(tmp_path, date(2026, 12, 4),
                   row(sent_on="2026-10-01", status="extended", status_on="2026-10-28", extended_to="2026-12-03"))
    assert found["kent"].due == date(2026, 12, 3) and found["kent"].late_by == 1


def test_a_review_that_is_late_turns_into_a_complaint_to_the_right_regulator(tmp_path):
    found = states(tmp_path, date(2026, 12, 4),
                   row(sent_on="2026-08-03", status="internal_review", status_on="2026-10-01"),
                   row("police_scotland", "Police Scotland", "FOISA", sent_on="2026-08-03", status="internal_review",
                       status_on="2026-11-20"))
    assert found["kent"].due == date(2026, 10, 29) and found["kent"].letter == "complaint"
    assert "the Information Commissioner" in found["kent"].next_step
    # Asked Fri 20 Nov: 23-27 (5), not St Andrew's Day (Mon 30th), 1-4 Dec (9), 7-11 (14), 14-18 (19), 21 (20).
    assert found["police_scotland"].letter == "" and found["police_scotland"].due == date(2026, 12, 21)
    later = campaign.state(found["police_scotland"].row, campaign.statuses(ROOT), date(2026, 12, 22))
    assert later.letter == "complaint" and "the Scottish Information Commissioner" in later.next_step


def test_an_answer_opens_a_review_window_of_40_working_days(tmp_path):
    found = states(tmp_path, date(2026, 11, 3),
                   row(sent_on="2026-10-01", status="refused", status_on="2026-10-20", exemption="section 12"))
    assert found["kent"].due is None and found["kent"].letter == "internal_review"
    assert found["kent"].next_on == campaign.working_day_after(date(2026, 10, 20), 40, "FOIA") == date(2026, 12, 16)


# --------------------------------------------------------------------------- the morning, on the command line

MORNING = [row(sent_on="2026-11-02", status="sent", reference="K/1"),
           row("essex", "Essex Police", sent_on="2026-11-20", status="acknowledged"),
           row("lancashire", "Lancashire Constabulary", sent_on="2026-10-01", status="refused", status_on="2026-10-20",
               exemption="section 12 (cost)"),
           row("police_scotland", "Police Scotland", "FOISA", sent_on="2026-08-03", status="internal_review",
               status_on="2026-10-01"),
           row("cumbria", "Cumbria Constabulary")]


def run_status(project, *args: str) -> subprocess.CompletedProcess:
    return python(project, "-m", "police_breaches", "foi", "status", *args)


def scratch(tmp_path, rows=MORNING, extra_column: bool = False):
    """A scratch copy of the project with a tracker (and, optionally, a column of the user's own)."""
    from conftest import copy_project

    project = copy_project(tmp_path / "project")
    (project / "campaign/requests").mkdir(parents=True)
    lines = [HEAD + (",wdtk_link" if extra_column else "")]
    for line in rows:
        (project / f"campaign/requests/{line.split(',')[0]}.txt").write_text("A made-up request.\n")
        lines.append(line + (",https://www.whatdotheyknow.com/request/made_up" if extra_column else ""))
    (project / "campaign/tracker.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def morning(tmp_path_factory):
    return scratch(tmp_path_factory.mktemp("morning"), extra_column=True)


def test_the_morning_view_says_what_is_due_and_late_with_dates_and_letters_and_writes_no_tracker(morning):
    before = (morning / "campaign/tracker.csv").read_bytes()
    result = run_status(morning, "--today", "2026-12-04")
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert "Due this week (by Fri 4 December 2026):\n  none" in text
    assert ("Kent Police (sent 2026-11-02, reference K/1): was due Tue 1 December 2026, 3 working days overdue.\n"
            "    Next (today): send a reminder that quotes the date it was due (1 December 2026)\n"
            "    Letter: campaign/letters/kent-reminder.txt") in text
    assert "Police Scotland (sent 2026-08-03): was due Thu 29 October 2026" in text  # the review, 20 days on
    assert "Letter: campaign/letters/police_scotland-complaint.txt" in text
    # Received Fri 20 Nov: the 20th working day under the 2000 Act is Mon 21 Dec (St Andrew's Day, a bank
    # holiday in Scotland, is not a working day anywhere under it).
    assert "Essex Police (sent 2026-11-20): due Mon 21 December 2026 (acknowledged)." in text
    assert ("Lancashire Constabulary (sent 2026-10-01): refused on 2026-10-20.\n"
            "    Next (Wed 16 December 2026)") in text
    assert "Not sent yet: 1 (Cumbria Constabulary)" in text
    reminder = (morning / "campaign/letters/kent-reminder.txt").read_text()
    assert "your reference K/1" in reminder and "2 November 2026" in reminder and "1 December 2026" in reminder
    complaint = (morning / "campaign/letters/police_scotland-complaint.txt").read_text()
    assert complaint.startswith("To: The Scottish Information Commissioner") and "section 47(1)" in complaint
    assert (morning / "campaign/tracker.csv").read_bytes() == before
    # A look-ahead changes nothing recorded: today's morning is as it was.
    ahead = run_status(morning, "--today", "2027-01-26")
    assert ahead.returncode == 0 and "Essex Police (sent 2026-11-20): was due Mon 21 December 2026" in ahead.stdout
    assert (morning / "campaign/tracker.csv").read_bytes() == before
    again = run_status(morning, "--today", "2026-12-04")
    assert again.stdout == text and not (morning / "campaign/letters/essex-reminder.txt").exists()


def test_the_calendar_holds_each_due_date_and_next_step_for_any_calendar_application(morning):
    import icalendar

    assert run_status(morning, "--today", "2026-12-04").returncode == 0
    calendar = icalendar.Calendar.from_ical((morning / "campaign/calendar.ics").read_bytes())
    events = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
    assert events["essex-due@police-breaches"].decoded("dtstart") == date(2026, 12, 21)
    assert events["kent-due@police-breaches"].decoded("dtstart") == date(2026, 12, 1)
    assert events["lancashire-next@police-breaches"].decoded("dtstart") == date(2026, 12, 16)
    assert "FOI answer due: Essex Police" == str(events["essex-due@police-breaches"]["summary"])


@pytest.mark.parametrize("today, problem", [
    ("9999-12-31", "not a day to count from"), ("2199-12-31", "not a day to count from"),
    ("2026-10-15", "after --today 2026-10-15"), ("26/01/2027", "not a date written YYYY-MM-DD")])
def test_a_day_that_cannot_be_counted_from_is_refused_in_one_line(morning, today, problem):
    result = run_status(morning, "--today", today)
    assert result.returncode == 2 and problem in result.stderr and "Traceback" not in result.stderr, result.stderr


def test_a_reader_who_stops_reading_gets_no_traceback(morning):
    """`make foi-status | head`: the command ends quietly when head stops reading (``head -n 0`` stops before
    the command has printed anything, so every line it prints meets a closed pipe)."""
    import os
    import shlex
    import sys

    command = (f"{shlex.quote(sys.executable)} -m police_breaches foi status --today 2026-12-04 | head -n 0; "
               "echo \"exit ${PIPESTATUS[0]}\"")
    result = subprocess.run(["bash", "-c", command], cwd=morning, capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": str(morning / "src")})
    assert result.stderr == "" and result.stdout == "exit 0\n", result.stderr


def test_help_tells_the_day_of_receipt_convention_and_both_acts(root):
    result = python(root, "-m", "police_breaches", "foi", "status", "--help")
    text = " ".join(result.stdout.split())
    assert result.returncode == 0
    for said in ("An e-mail sent on a working day is taken as received that day",
                 "The Freedom of Information Act 2000 (s.10) gives a public authority 20 working days",
                 "The Freedom of Information (Scotland) Act 2002", "Police Scotland answers under it",
                 "The day of receipt is not counted"):
        assert said in text, said


def test_plan_keeps_a_column_of_the_users_own_and_every_row_as_it_was(tmp_path):
    project = scratch(tmp_path, rows=[row(sent_on="2026-11-02", status="sent", reference="K/1")], extra_column=True)
    before = (project / "campaign/tracker.csv").read_text()
    planned = python(project, "-m", "police_breaches", "foi", "plan")
    assert planned.returncode == 0, planned.stderr
    after = (project / "campaign/tracker.csv").read_text()
    assert after.startswith(before) and after.splitlines()[0].endswith(",wdtk_link")
    rows = list(csv.DictReader(after.splitlines()))
    assert len(rows) == 32 and {r["status"] for r in rows[1:]} == {"drafted"} and rows[0]["reference"] == "K/1"
    assert {r["force_id"]: r["law"] for r in rows}["police_scotland"] == "FOISA"
    assert python(project, "-m", "police_breaches", "foi", "plan").returncode == 0
    assert (project / "campaign/tracker.csv").read_text() == after


@pytest.mark.parametrize("args, problem", [
    (["--start", "20110601"], "--start '20110601' is not a date written YYYY-MM-DD"),
    (["--start", "1899-01-01", "--end", "2099-12-31"], "must start on or after 2000-03-01"),
    (["--start", "2015-01-01", "--end", "2011-01-01"], "--end 2011-01-01 is before --start 2015-01-01")])
def test_plan_refuses_a_period_no_force_can_hold_records_of(root, args, problem):
    result = python(root, "-m", "police_breaches", "foi", "plan", *args)
    assert result.returncode == 2 and problem in result.stderr, result.stderr


# --------------------------------------------------------------------------- what an answer gives

REPORT_UNIT = "breaches reported to Big Brother Watch"
UNIT = "breaches recorded (answer to this project's FOI request)"
WHOLE = "2011-06-01/2015-12-31"
YEARS = ["2011-06-01/2011-12-31", "2012-01-01/2012-12-31", "2013-01-01/2013-12-31", "2014-01-01/2014-12-31",
         "2015-01-01/2015-12-31"]


def observations(*rows) -> pd.DataFrame:
    """Made-up force totals: (resource, force_id, unit, period, value, status)."""
    return pd.DataFrame([
        {"resource": resource, "raw_row": n + 2, "source_id": f"{resource}_source", "force_id": force_id,
         "scope": "force", "period_start": period.split("/")[0], "period_end": period.split("/")[1],
         "period_label": period, "unit": unit, "breakdown": "total", "value": value, "status": status,
         "status_detail": ""}
        for n, (resource, force_id, unit, period, value, status) in enumerate(rows)])


@pytest.mark.parametrize("rows, kind", [
    ([(WHOLE, 57, "reported")], "answered"),
    ([(WHOLE, None, "nil")], "answered"),
    ([(p, v, "reported") for p, v in zip(YEARS, [3, 5, 4, 6, 2])], "answered_by_year"),
    ([(p, v, "reported") for p, v in zip(YEARS[1:], [5, 4, 6, 2])], "other_period"),  # a year missing
    ([("2011-01-01/2015-12-31", 60, "reported")], "other_period"),
    ([(WHOLE, None, "not_held")], "not_held"),
    ([(WHOLE, None, "refused")], "refused"),
    ([], "no_total"),
])
def test_an_answer_counts_for_what_it_gives(rows, kind):
    given = observations(*[("a", "kent", UNIT, p, v, s) for p, v, s in rows])
    assert campaign.answer_kind(given if rows else given.iloc[0:0], *WHOLE.split("/")) == kind
    assert campaign.stands("answered", kind) == campaign.KINDS[kind][1]
    assert campaign.stands("answered", "") == "answer_not_added"  # the user says answered; the data do not yet


def totals(frame: pd.DataFrame) -> pd.DataFrame:
    from police_breaches.analysis import rankings
    from police_breaches.sources.vocab import Vocabularies

    return rankings.force_totals(frame, Vocabularies.load(ROOT / "config").forces, *WHOLE.split("/"))


def test_figures_by_year_that_cover_the_period_exactly_are_added_up_and_ranked_saying_so():
    found = totals(observations(*[("a_essex", "essex", UNIT, p, v, "reported") for p, v in zip(YEARS, [3, 5, 4, 6, 2])],
                                *[("a_kent", "kent", UNIT, p, v, "reported") for p, v in zip(YEARS[1:], [5, 4, 6, 2])]))
    found = found.set_index("force_id")
    assert found.at["essex", "value"] == 20 and found.at["essex", "status_detail"].startswith(
        "the sum of the 5 figures by year the force gave")
    assert "kent" not in found.index  # a year missing: shown on its page, not ranked


def test_an_answer_counts_only_for_a_force_the_report_does_not_list():
    found = totals(observations(
        ("report", "west_midlands", REPORT_UNIT, WHOLE, 488, "reported"),
        ("report", "northumbria", REPORT_UNIT, WHOLE, None, "not_revealed"),
        ("a_northumbria", "northumbria", UNIT, WHOLE, 40, "reported"),
        ("a_west_midlands", "west_midlands", UNIT, WHOLE, 500, "reported"),  # the report's figure is ranked
        ("a_essex", "essex", UNIT, WHOLE, None, "nil"),  # 'no cases': 0
        ("a_surrey", "surrey", UNIT, WHOLE, None, "not_held"),  # no figure: the force stays unknown
    )).set_index("force_id")
    assert found.at["west_midlands", "value"] == 488 and found.at["west_midlands", "unit"] == REPORT_UNIT
    assert pd.isna(found.at["northumbria", "value"]) and found.at["northumbria", "status"] == "not_revealed"
    assert found.at["essex", "value"] == 0 and found.at["essex", "status"] == "reported"
    assert "surrey" not in found.index and not found.index.duplicated().any()


def test_a_forces_answer_that_disagrees_with_what_it_told_big_brother_watch_is_flagged():
    from police_breaches.analysis import campaign_facts
    from police_breaches.sources.vocab import Vocabularies

    register = Vocabularies.load(ROOT / "config").forces
    checks = campaign_facts.answers_beside_the_report(observations(
        ("report", "west_midlands", REPORT_UNIT, WHOLE, 488, "reported"),
        ("a_west_midlands", "west_midlands", UNIT, WHOLE, 500, "reported"),
        ("report", "surrey", REPORT_UNIT, WHOLE, 202, "reported"),
        ("a_surrey", "surrey", UNIT, WHOLE, 202, "reported")), register, tuple(WHOLE.split("/"))).set_index("source_id")
    assert checks.at["a_west_midlands_source", "verdict"] == "sources disagree"
    assert "gives 500 for the same period and question; it told Big Brother Watch 488" in \
        checks.at["a_west_midlands_source", "reason"]
    assert checks.at["a_surrey_source", "verdict"] == "match"


def test_two_answers_for_one_force_stop_the_build_naming_both():
    with pytest.raises(InputError) as caught:
        totals(observations(("a_one", "cheshire", UNIT, WHOLE, 30, "reported"),
                            ("a_two", "cheshire", UNIT, WHOLE, 35, "reported")))
    assert "two answers give Cheshire Constabulary's total" in str(caught.value)
    assert "a_one (30)" in str(caught.value) and "a_two (35)" in str(caught.value)


REPORT_ROWS = [("report", f, REPORT_UNIT, WHOLE, v, "reported")
               for f, v in [("west_midlands", 488), ("surrey", 202), ("humberside", 168)]]
HUMBERSIDE_3RD = pd.DataFrame([{"force_id": "humberside", "rank_as_published": "3", "rank": 3,
                                "scope": "all UK forces", "source_id": "s", "period_start": "2011-06-01",
                                "period_end": "2015-12-31"}])


@pytest.mark.parametrize("answer, why", [
    (("a_kent", "kent", UNIT, WHOLE, 3000, "reported"), "with it the known totals come to 3,878, more than the 2,315"),
    (("a_essex", "essex", UNIT, WHOLE, 170, "reported"), "no ranking of the forces fits it"),  # above Humberside's
    # 168, which the press called 3rd of all forces
])
def test_an_answer_no_published_fact_allows_is_named_and_kept_unranked_and_the_build_goes_on(answer, why):
    from police_breaches.analysis import rankings
    from police_breaches.sources.vocab import Vocabularies

    register = Vocabularies.load(ROOT / "config").forces
    found = totals(observations(*REPORT_ROWS, answer, ("a_cheshire", "cheshire", UNIT, WHOLE, 20, "reported")))
    report = found[~rankings.answered(found)]
    admitted, unranked = rankings.admit_answers(report, found[rankings.answered(found)], HUMBERSIDE_3RD, register, 2315)
    assert list(unranked["force_id"]) == [answer[1]] and why in unranked.iloc[0]["why"]
    assert "cheshire" in set(admitted["force_id"]) and answer[1] not in set(admitted["force_id"])


def test_an_answer_filed_against_another_forces_request_stops_naming_file_and_row():
    from police_breaches.sources.vocab import Vocabularies

    register = Vocabularies.load(ROOT / "config").forces
    manifest = {"resources": [{"name": "a_kent", "path": "data/raw/foi/a_kent.csv", "sources": [
        {"source_id": "made_up", "notes": "Answers campaign/requests/kent.txt."}]}]}
    given = observations(("a_kent", "essex", UNIT, WHOLE, 70, "reported"))
    with pytest.raises(InputError) as caught:
        campaign.check_answers(manifest, given, register, [])
    assert str(caught.value).startswith("data/raw/foi/a_kent.csv, row 2") and "gives figures for Essex Police" in \
        str(caught.value) and "the request to Kent Police" in str(caught.value)
    manifest["resources"][0]["sources"][0]["notes"] = "Answers campaign/requests/kentt.txt."
    with pytest.raises(InputError, match="'kentt' is not a force in config/forces.csv"):
        campaign.check_answers(manifest, observations(("a_kent", "kent", UNIT, WHOLE, 70, "reported")), register, [])


def test_a_request_to_a_force_the_report_gives_a_total_for_stops_naming_its_row():
    from police_breaches.sources.vocab import Vocabularies

    register = Vocabularies.load(ROOT / "config").forces
    rows = [{"force_id": "kent", "asks_for": WHOLE, "_row": 2}, {"force_id": "west_midlands", "asks_for": WHOLE, "_row": 3}]
    with pytest.raises(InputError) as caught:
        campaign.check_requests(rows, observations(*REPORT_ROWS), register)
    assert str(caught.value).startswith("campaign/tracker.csv, row 3, column 'force_id'")
    assert "the 2016 report gives already" in str(caught.value)
    campaign.check_requests([dict(rows[1], asks_for="2016-01-01/2016-12-31")], observations(*REPORT_ROWS), register)


# --------------------------------------------------------------------------- a campaign, end to end

# Made-up answers, for this test only: Kent answers in full; Essex by year, the years covering the period
# exactly; Norfolk for part of the period; Cumbria holds nothing; Lancashire refuses; Hampshire's total is more
# than every force together reported; West Midlands, asked outside the tracker, gives 500 against the 488 it
# gave Big Brother Watch. Gwent has not answered yet.
TOTALS = "force_as_published,breaches,status,source_id\n"
ANSWERS = {
    "kent": (TOTALS + "Kent Police,57,reported,made_up\n", WHOLE, "bbw_force_totals"),
    "essex": ("year,breaches\nJune 2011 - December 2011,3\n2012,5\n2013,4\n2014,6\n2015,2\n", None,
              "wmp_cases_finalised_2005_2010"),
    "norfolk": (TOTALS + "Norfolk Constabulary,21,reported,made_up\n", "2013-01-01/2015-12-31", "bbw_force_totals"),
    "cumbria": (TOTALS + "Cumbria Constabulary,,not held,made_up\n", WHOLE, "bbw_force_totals"),
    "lancashire": (TOTALS + "Lancashire Constabulary,,refused under section 12,made_up\n", WHOLE, "bbw_force_totals"),
    "hampshire": (TOTALS + "Hampshire Constabulary,3000,reported,made_up\n", WHOLE, "bbw_force_totals"),
    "west_midlands": (TOTALS + "West Midlands Police,500,reported,made_up\n", WHOLE, "bbw_force_totals"),
}


def add_answer(project, force_id: str) -> None:
    text, period, like = ANSWERS[force_id]
    text = text.replace(",made_up\n", f",made_up_{force_id}_answer\n")  # the source row below
    file = f"foi/campaign/made_up_{force_id}.csv"
    (project / "data/raw" / file).parent.mkdir(parents=True, exist_ok=True)
    (project / "data/raw" / file).write_text(text, encoding="utf-8")
    with open(project / "data/raw/sources.csv", "a", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerow([
            f"made_up_{force_id}_answer", file, "A made-up force", "A made-up answer", "https://example.org/made-up",
            "2026-11-20", period or WHOLE, "FOI response (made up, for a test)", "complete",
            f"Answers campaign/requests/{force_id}.txt. Invented."])
    settings = ["--set", f"unit={UNIT}", *(["--set", f"period={period}"] if period else
                                           ["--set", "force=Essex Police", "--set", "value_column=breaches"])]
    added = python(project, "-m", "police_breaches", "manifest", "add", f"data/raw/{file}", "--like", like,
                   "--title", f"A made-up answer from {force_id}", *settings)
    assert added.returncode == 0, added.stderr


def set_rows(project, **changes: dict) -> None:
    path = project / "campaign/tracker.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows({**r, **changes.get(r["force_id"], {})} for r in rows)


def test_a_campaign_from_plan_to_a_report_that_ranks_its_answers(built_project, tmp_path):
    project = built_copy(built_project, tmp_path / "project")
    ranking_before = ranking_in(project)
    assert python(project, "-m", "police_breaches", "foi", "plan").returncode == 0
    # the same request the force page offers, word for word
    assert (project / "campaign/requests/kent.txt").read_text() == (project / "reports/forces/kent-foi-request.txt").read_text()
    answered = {"sent_on": "2026-10-05", "status": "answered", "status_on": "2026-11-02"}
    set_rows(project, kent=answered, essex=answered, hampshire=answered,
             norfolk={**answered, "status": "partly_answered"}, cumbria={**answered, "status": "not_held"},
             lancashire={**answered, "status": "refused", "exemption": "section 12 (cost)"},
             gwent={"sent_on": "2026-11-20", "status": "acknowledged", "reference": "GW/99"})
    for force_id in ANSWERS:
        add_answer(project, force_id)
    tracker_before = (project / "campaign/tracker.csv").read_bytes()
    make(project, "report")
    assert (project / "campaign/tracker.csv").read_bytes() == tracker_before

    def page(name: str) -> str:  # the words a reader sees, markup aside
        return " ".join(html.unescape(re.sub(r"<[^>]+>", "", read_page(project / name))).split())

    report, index = page("reports/index.html"), page("reports/forces/index.html")
    progress = ("This project's FOI campaign asks 32 forces for their totals for June 2011 – December 2015: 7 of the "
                "requests sent (1 sent, awaiting an answer; 3 answered with a total; 1 answered in part; 1 the force "
                "holds no such information; 1 refused).")
    assert progress in report and progress in index
    ranking = ranking_in(project)
    assert ranking.at["kent", "value"] == 57 and ranking.at["essex", "value"] == 20
    assert "norfolk" not in ranking.index and "hampshire" not in ranking.index
    assert ranking.at["west_midlands", "value"] == 488
    assert ("Not ranked: Hampshire Constabulary (made_up_hampshire): with it the known totals come to 4,414, more "
            "than the 2,315 all the forces reported") in report
    # A new total can only narrow a range: every force known before keeps its range or a narrower one inside it.
    for force_id, before in ranking_before[ranking_before["best"].notna()].iterrows():
        assert before["best"] <= ranking.at[force_id, "best"] <= ranking.at[force_id, "worst"] <= before["worst"]
    facts = facts_in(project)
    checks = facts.checks(project).set_index("figure")
    west_midlands = checks.loc["West Midlands Police: its answer to this project's request against the 2016 report"]
    assert west_midlands["verdict"] == "sources disagree"
    assert "gives 500 for the same period and question; it told Big Brother Watch 488" in page(
        "reports/forces/west_midlands.html")
    assert "the sum of the 5 figures by year the force gave" in page("reports/forces/essex.html")
    assert "The force's answer gives figures for another period" in page("reports/forces/norfolk.html")
    assert "Where it stands: the force holds no such information" in page("reports/forces/cumbria.html")
    assert "Where it stands: refused (citing section 12 (cost))" in page("reports/forces/lancashire.html")
    assert "is not ranked: with it the known totals come to" in page("reports/forces/hampshire.html")
    gwent = page("reports/forces/gwent.html")
    assert "on 20 November 2026 (the force's reference: GW/99)" in gwent and "The answer is due by 21 December 2026" in gwent
    for name in ["reports/index.html", *(f"reports/forces/{f}.html" for f in ("index", "gwent", "kent"))]:
        assert "overdue" not in page(name).lower(), name  # a page is the same whichever day it is built
    requests = pd.read_csv(project / "data/processed/requests.csv", dtype=str, keep_default_na=False)
    assert "notes" not in requests and "wdtk_link" not in requests  # the user's notes may be private
    assert requests.set_index("force_id").at["essex", "answer_gives"] == "answered_by_year"
    # the morning after: status agrees with the pages, and still writes no tracker
    status = python(project, "-m", "police_breaches", "foi", "status", "--today", "2026-12-04")
    assert status.returncode == 0, status.stderr
    assert "3 answered with a total" in status.stdout and "Gwent Police (sent 2026-11-20, reference GW/99): due" in status.stdout
    assert (project / "campaign/tracker.csv").read_bytes() == tracker_before
    assert not (ROOT / "data/raw/foi/campaign").exists(), "a made-up answer reached the checkout's data"
