"""This project's FOI campaign, worked out from what the tracker records: deadlines as the law counts them, each
request's state and next step on a given day, and what each answer gives.

The tracker (``campaign/tracker.csv``) holds only what happened: when a request was sent (received, by the
convention below), the force's reference, the status the user chose and the day it began, a deadline the force
extended to, an exemption cited, notes, and columns of the user's own. Everything here is computed when
read, for the day asked, and written to no file; the statuses, what each needs and what its clock counts from
are data (``config/foi_statuses.csv``).

Deadlines. The Freedom of Information Act 2000 (s.10) gives 20 working days following the day of receipt; a
working day is not a Saturday, Sunday, Christmas Day, Good Friday or a bank holiday in any part of the UK.
The Freedom of Information (Scotland) Act 2002 (s.10, s.73) gives 20 working days too, with Scotland's bank
holidays: Police Scotland answers under it. The day of receipt is not counted; a request received on a day
that is not a working day starts its count on the next one. An e-mail sent on a working day is taken as
received that day (``sent_on``). Holidays come from the ``holidays`` package (each nation's bank holidays,
substitute days and one-off ones), not a hand-kept list. An internal review may be asked for within 40
working days of the answer, and is due 20 working days after it is asked for (the Scottish Act's s.21; the
2000 Act's code of practice: 20, and 40 at most).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from police_breaches.analysis import rankings

WORKING_DAYS = 20
REVIEW_WITHIN = 40  # working days after an answer to ask for an internal review
REMINDER_THEN_REVIEW = 10  # working days overdue after which a reminder gives way to an internal review
LAWS = {"FOIA": ("ENG", "NIR", "SCT", "WLS"), "FOISA": ("SCT",)}  # whose bank holidays are not working days
LAW_NAMES = {"FOIA": "the Freedom of Information Act 2000", "FOISA": "the Freedom of Information (Scotland) Act 2002"}
REGULATOR = {"FOIA": "the Information Commissioner", "FOISA": "the Scottish Information Commissioner"}
TRACKER = Path("campaign/tracker.csv")
REQUESTS = Path("campaign/requests")
LETTERS = Path("campaign/letters")


# --------------------------------------------------------------------------- working days

@cache
def holidays_of(law: str, year: int) -> frozenset[date]:
    """The days that are not working days under ``law`` in ``year``, besides weekends."""
    import holidays

    days = {date(year, 12, 25)}  # Christmas Day is named in both Acts, whatever the calendar says
    for nation in LAWS[law]:
        days |= set(holidays.UK(subdiv=nation, years=year))
    return frozenset(days)


def is_working_day(day: date, law: str) -> bool:
    return day.weekday() < 5 and day not in holidays_of(law, day.year)


def working_day_after(start: date, count: int, law: str) -> date:
    """The ``count``-th working day following ``start`` (``start`` itself not counted)."""
    day, counted = start, 0
    while counted < count:
        day += timedelta(days=1)
        counted += is_working_day(day, law)
    return day


def due_on(received: date, law: str) -> date:
    """The 20th working day following the day of receipt."""
    return working_day_after(received, WORKING_DAYS, law)


def working_days_between(start: date, end: date, law: str) -> int:
    """Working days after ``start`` up to and including ``end`` (0 when ``end`` is not after ``start``)."""
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        count += is_working_day(day, law)
    return count


def law_for(country: str) -> str:
    return "FOISA" if country == "Scotland" else "FOIA"


# --------------------------------------------------------------------------- the tracker, read

def statuses(root: Path) -> dict[str, dict]:
    from police_breaches.core.configuration import table

    return {row["status"]: row for row in table("foi_statuses.csv", root)}


def read_tracker(root: Path) -> list[dict]:
    """campaign/tracker.csv, checked as every entry point checks it (config/tables.yml and core/rules.py): an
    empty list where no campaign runs. Each row keeps the user's own columns, and its line (``_row``)."""
    from police_breaches.core.configuration import check

    if not (Path(root) / TRACKER).exists():
        return []
    return check(root, ["forces.csv", "foi_statuses.csv", "tracker.csv"])["tracker.csv"]


# --------------------------------------------------------------------------- a request's state on a day

@dataclass(frozen=True)
class State:
    """A request as it stands on ``today``: when its clock runs out (None: it is not running), how many working
    days late the force is, and the next step with its date and the letter drafted for it."""
    row: dict
    today: date
    due: date | None
    late_by: int
    next_step: str
    next_on: date | None
    letter: str  # "" or reminder, internal_review, complaint

    @property
    def waiting(self) -> bool:
        return self.due is not None

    @property
    def overdue(self) -> bool:
        return self.late_by > 0


def state(row: dict, known: dict[str, dict], today: date) -> State:
    status = known[row["status"]]
    law = row["law"]
    when = {column: date.fromisoformat(row[column]) if row.get(column) else None
            for column in ("sent_on", "status_on", "extended_to")}
    clock = status["clock"]
    due = (due_on(when[clock], law) if clock in ("sent_on", "status_on") else when["extended_to"]
           if clock == "extended_to" else None)
    late_by = working_days_between(due, today, law) if due and today > due else 0
    step, on, letter = status["next_step"], due, ""
    if status["letter"] == "internal_review" and when["status_on"]:  # an answer: a review may be asked for
        on, letter = working_day_after(when["status_on"], REVIEW_WITHIN, law), "internal_review"
    elif late_by and status["letter"] == "complaint":  # a review the force has not finished in time
        step, on, letter = f"complain to {REGULATOR[law]}: the review was due on {due:%-d %B %Y}", today, "complaint"
    elif late_by and late_by >= REMINDER_THEN_REVIEW:
        step, on, letter = (f"ask for an internal review: the answer is {late_by} working days late", today,
                            "internal_review")
    elif late_by:
        step, on, letter = f"send a reminder that quotes the date it was due ({due:%-d %B %Y})", today, "reminder"
    return State(row, today, due, late_by, step, on, letter)


def states(rows: list[dict], known: dict[str, dict], today: date) -> list[State]:
    return [state(row, known, today) for row in rows]


# --------------------------------------------------------------------------- what each answer gives

ANSWERS = r"\banswers (campaign/requests/[^\s,;]+)"  # a source's notes name the request it answers


def answer_files(manifest: dict) -> dict[str, list[dict]]:
    """force id → the manifest's resources whose sources say "answers campaign/requests/<force>.txt"."""
    import re

    found: dict[str, list[dict]] = {}
    for entry in manifest["resources"]:
        for source in entry["sources"]:
            text = " ".join(str(source.get(k, "")) for k in ("notes", "title", "kind"))
            for named in (n.rstrip(".:)") for n in re.findall(ANSWERS, text, flags=re.IGNORECASE)):
                request = re.fullmatch(r"campaign/requests/([a-z0-9_]+)\.txt", named)
                if request and entry not in found.get(request.group(1), []):
                    found.setdefault(request.group(1), []).append(entry)
    return found


KINDS = {  # what an answer in the data gives, in words; and what it counts as
    "answered": ("a total for the whole period asked about", "answered"),
    "answered_by_year": ("figures by year that cover the whole period asked about exactly, added up here",
                         "answered"),
    "other_period": ("figures for another period than the one asked about, shown on the force's page, unranked",
                     "partly_answered"),
    "no_total": ("other figures, but no total of breaches", "partly_answered"),
    "not_held": ("that the force holds no such information", "not_held"),
    "refused": ("a refusal", "refused"),
}
STANDS = {  # where a request stands, as the pages say it: worked out from its status and its answer
    "not_sent": "written, not yet sent",
    "waiting": "sent, awaiting an answer",
    "answered": "answered with a total",
    "partly_answered": "answered in part",
    "answer_not_added": "answered; the answer is not yet in the data",
    "not_held": "the force holds no such information",
    "refused": "refused",
    "challenged": "under internal review or complaint",
    "withdrawn": "withdrawn",
}


def stands(status: str, kind: str) -> str:
    """Where a request stands (STANDS): what its answer in the data gives wins over the status the user chose,
    so a request is 'answered' only when the figure asked for is there."""
    if status == "drafted":
        return "not_sent"
    if status == "withdrawn":
        return "withdrawn"
    if kind:
        return KINDS[kind][1]
    if status in ("not_held", "refused"):
        return status
    if status in ("answered", "partly_answered"):
        return "answer_not_added"
    if status in ("internal_review", "complaint"):
        return "challenged"
    return "waiting"


def answer_kind(totals, start: str, end: str) -> str:
    """What one answer's rows of totals (``totals``: its observations of breakdown 'total') give for a request
    for [start, end]."""
    if totals.empty:
        return "no_total"
    if set(totals["status"]) <= {"not_held"}:
        return "not_held"
    if set(totals["status"]) <= {"refused"}:
        return "refused"
    given = totals[totals["status"].isin(["reported", "nil"])]
    if ((given["period_start"] == start) & (given["period_end"] == end)).any():
        return "answered"
    if rankings.tiles(list(zip(given["period_start"], given["period_end"])), start, end):
        return "answered_by_year"
    return "other_period"


def check_answers(manifest: dict, observations, register, rows: list[dict]) -> None:
    """An answer answers a request this campaign could have sent, to the force it gives figures for: a source
    naming a request that is not a force's (a typo), an answer giving another force's figures (filed against the
    wrong request, or a name mistyped), or an answer to a request the tracker says was never sent stops, naming
    the file and row. (A force's answer to a request sent outside the tracker is taken as it is.)"""
    from police_breaches.core.errors import InputError

    tracked = {row["force_id"]: row for row in rows}
    for force_id, entries in answer_files(manifest).items():
        for entry in entries:
            source = ", ".join(s["source_id"] for s in entry["sources"])
            if force_id not in register.by_id.index:
                raise InputError("data/raw/sources.csv", None, f"source {source} answers campaign/requests/"
                                 f"{force_id}.txt, but {force_id!r} is not a force in config/forces.csv: name the "
                                 "request by the force's id (see campaign/tracker.csv)", column="notes")
            if tracked.get(force_id, {}).get("status") == "drafted":
                raise InputError(TRACKER.as_posix(), tracked[force_id]["_row"], f"{entry['path']} answers "
                                 f"campaign/requests/{force_id}.txt, but the tracker says it was never sent: fill in "
                                 "sent_on and the status", column="status")
            given = observations[(observations["resource"] == entry["name"]) & (observations["force_id"] != "")]
            wrong = given[given["force_id"] != force_id]
            if len(wrong):
                row = wrong.iloc[0]
                raise InputError(entry["path"], row["raw_row"], f"gives figures for {register.name_of(row['force_id'])}, "
                                 f"but it answers campaign/requests/{force_id}.txt, the request to "
                                 f"{register.name_of(force_id)}: file it against that force's request, or correct "
                                 "the force")


# --------------------------------------------------------------------------- the campaign as the build states it

REQUEST_COLUMNS = ["force_id", "force", "law", "asks_from", "asks_to", "sent_on", "reference", "request_status",
                   "status_on", "extended_to", "exemption", "due_on", "whatdotheyknow", "answer_gives", "stands",
                   "answer_files"]


def requests(rows: list[dict], known: dict[str, dict], manifest: dict, observations, answer_units: list[str]):
    """One row per request: what the tracker records (not its notes or the user's own columns, which may be
    private), the date its answer is due where its clock runs (worked out, not stored), its state on
    WhatDoTheyKnow, what its answer in the data gives (KINDS) and where it stands (STANDS). Nothing here
    depends on the day it is read: whether a request is overdue is said by `foi status`, for the day asked."""
    import pandas as pd

    answered = answer_files(manifest)
    out = []
    for row in rows:
        start, _, end = row["asks_for"].partition("/")
        entries = answered.get(row["force_id"], [])
        mine = observations[observations["resource"].isin([e["name"] for e in entries])
                            & (observations["breakdown"] == "total") & observations["unit"].isin(answer_units)]
        kind = answer_kind(mine, start, end) if entries else ""
        due = state(row, known, date.min).due  # the due date does not depend on the day it is read
        out.append({**{k: row[k] for k in ("force_id", "force", "law", "sent_on", "reference", "status_on",
                                           "extended_to", "exemption")},
                    "request_status": row["status"], "asks_from": start, "asks_to": end,
                    "due_on": due.isoformat() if due else "", "whatdotheyknow": known[row["status"]]["whatdotheyknow"],
                    "answer_gives": kind, "stands": stands(row["status"], kind),
                    "answer_files": "; ".join(e["path"] for e in entries)})
    return pd.DataFrame(out, columns=REQUEST_COLUMNS)


def check_requests(rows: list[dict], observations, register) -> None:
    """A request to a force whose total for the period asked the 2016 report gives already stops, naming its
    row: the campaign asks the forces whose totals are not known."""
    from police_breaches.core.errors import InputError

    for row in rows:
        report, _ = rankings.report_and_answers(observations, *row["asks_for"].split("/"))
        if row["force_id"] in set(report.loc[report["status"] == "reported", "force_id"]):
            raise InputError(TRACKER.as_posix(), row["_row"], f"asks {register.name_of(row['force_id'])} for its total "
                             f"for {row['asks_for']}, which the 2016 report gives already: remove the row (and its "
                             "request file)", column="force_id")
