"""This project's FOI campaign, from the command line: a request to each force whose total is not known, and
each morning, what is due, what is late and the letter for each next step.

    python -m police_breaches foi plan [--start 2011-06-01] [--end 2015-12-31]
    python -m police_breaches foi status [--today YYYY-MM-DD]

``plan`` writes ``campaign/requests/<force>.txt`` (the force page's request, word for word) for each
territorial force with no total for the period, and a row for each in ``campaign/tracker.csv``. It adds rows
and never changes one.

The tracker records what happened, and nothing else: the day the force received the request (``sent_on``),
the force's reference, the status you choose (config/foi_statuses.csv: sent, acknowledged,
awaiting_clarification, clarified, extended, answered, partly_answered, not_held, refused, withdrawn,
internal_review, complaint) and the day it began (``status_on``), the date a force extended its deadline to
(``extended_to``), the exemption a refusal cites, notes, and any columns of your own (a WhatDoTheyKnow link,
say). ``status`` writes none of it: due dates, what is overdue and by how many working days, review
deadlines and next steps are worked out for the day asked (``--today``, to look ahead or back), printed, and
drafted as letters in ``campaign/letters/`` with every date in ``campaign/calendar.ics`` for a calendar app.

The day of receipt. An e-mail sent on a working day is taken as received that day: record that day as
``sent_on``. One sent on a weekend or a bank holiday is received then too, but its count starts on the next
working day. The day of receipt is not counted.

The Acts. The Freedom of Information Act 2000 (s.10) gives a public authority 20 working days following the
day of receipt; a working day is any day but a Saturday, a Sunday, Christmas Day, Good Friday or a bank
holiday in any part of the United Kingdom. The Freedom of Information (Scotland) Act 2002 (s.10, s.73) gives
20 working days too, with Scotland's bank holidays only: Police Scotland answers under it. A clarification
the force asks for stops the clock; 20 working days start again when it receives the answer. An internal
review may be asked for within 40 working days of an answer, and is due 20 working days after it is asked for
(the Scottish Act's s.21; under the 2000 Act's code of practice, 40 at most). Bank holidays come from the
``holidays`` package, for each of the UK's nations.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from police_breaches.analysis import campaign
from police_breaches.analysis.campaign import LETTERS, REQUESTS, TRACKER
from police_breaches.core import paths
from police_breaches.core.errors import InputError
from police_breaches.publish import letters

FIELDS = ["force_id", "force", "law", "request_file", "asks_for", "sent_on", "reference", "status", "status_on",
          "extended_to", "exemption", "notes"]  # config/tables.yml's tracker.csv, in its order
CALENDAR = Path("campaign/calendar.ics")
LOOK_AHEAD = timedelta(days=366)  # how far ahead `status --today` counts
LETTER_KINDS = ("reminder", "internal_review", "complaint")  # config/foi_statuses.csv's letter column


# --------------------------------------------------------------------------- plan

def forces_without_a_total(root: Path, start: str, end: str) -> list[dict]:
    """The territorial forces the 2016 report gives no total for [start, end], in the register's order, each with
    the later figure its request can cite (``cite``; None where there is none)."""
    from police_breaches.analysis import studies
    from police_breaches.analysis.processed import load_manifest
    from police_breaches.analysis.rankings import report_and_answers
    from police_breaches.sources.clean import clean_all
    from police_breaches.sources.vocab import Vocabularies

    vocab = Vocabularies.load(root / paths.CONFIG)
    observations = clean_all(root, vocab=vocab).tables["observations"]
    report, _ = report_and_answers(observations, start, end)
    known = set(report.loc[report["status"] == "reported", "force_id"])
    manifest = load_manifest(root)
    return [{**row, "cite": studies.cited_from(observations, manifest, row["force_id"])}
            for row in vocab.forces.territorial().to_dict("records") if row["force_id"] not in known]


def check_period(start: str, end: str, today: date) -> None:
    """A period a force can hold records of, written as dates: the same bounds the tracker's asks_for is held to."""
    from police_breaches.core.configuration import FORMATS
    from police_breaches.core.rules import DPA_IN_FORCE

    for option, value in (("--start", start), ("--end", end)):
        problem = FORMATS["iso_date"](value)
        if problem:
            raise InputError("foi plan", None, f"{option} {problem}")
    if start > end:
        raise InputError("foi plan", None, f"--end {end} is before --start {start}")
    if date.fromisoformat(start) < DPA_IN_FORCE or date.fromisoformat(end) > today:
        raise InputError("foi plan", None, f"{start} to {end} is not a period a force can hold records of: it must "
                                           "start on or after 2000-03-01 (when the Data Protection Act 1998 came "
                                           f"into force) and end by today ({today.isoformat()})")


def plan(root: Path, start: str, end: str) -> tuple[int, int]:
    """A request and a tracker row for each force without a total. A row already in the tracker, a column of the
    user's own and a request file already written are kept as they are: new rows are added at the end. Returns
    (requests written, rows added)."""

    rows = campaign.read_tracker(root)
    asks_for = f"{start}/{end}"
    other = [row for row in rows if row["asks_for"] != asks_for]
    if other:
        raise InputError(TRACKER.as_posix(), other[0]["_row"], f"the campaign asks for {other[0]['asks_for']}, not "
                         f"{asks_for}: a campaign asks about one period (plan another in a copy of the checkout)",
                         column="asks_for")
    have = {row["force_id"] for row in rows}
    new = []
    for force in forces_without_a_total(root, start, end):
        if force["force_id"] in have:
            continue
        request = REQUESTS / f"{force['force_id']}.txt"
        if not (root / request).exists():  # a request the user has edited is theirs
            document = {"force_id": force["force_id"], "name": force["name"], "country": force["country"],
                        "in_text": f"{force['article']} {force['name']}".strip(), "cite": force["cite"]}
            (root / request).parent.mkdir(parents=True, exist_ok=True)
            (root / request).write_text(letters.foi_request(document, start, end), encoding="utf-8")
        new.append({**dict.fromkeys(FIELDS, ""), "force_id": force["force_id"], "force": force["name"],
                    "law": campaign.law_for(force["country"]), "request_file": request.as_posix(),
                    "asks_for": asks_for, "status": "drafted"})
    append_rows(root, new)
    return len(new), len(new)


def append_rows(root: Path, new: list[dict]) -> None:
    """New rows at the end of the tracker (a new tracker has the header first), every existing byte kept."""
    path = root / TRACKER
    if not new:
        return
    if path.exists():
        text = path.read_text(encoding="utf-8")
        header = next(csv.reader([text.splitlines()[0]]))
        prefix = text if text.endswith("\n") else text + "\n"
    else:
        header, prefix = FIELDS, ""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, header, lineterminator="\n", restval="")
    if not prefix:
        writer.writeheader()
    writer.writerows(new)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(prefix + buffer.getvalue(), encoding="utf-8")


# --------------------------------------------------------------------------- status

def status(root: Path, today: date) -> str:
    """The campaign on ``today``: where it stands, what is due today and this week, what is late and by how
    much, and each next step with its date. Drafts the letters and the calendar; writes nothing to the tracker."""
    rows = campaign.read_tracker(root)
    if not rows:
        return f"No campaign yet: run `python -m police_breaches foi plan` to write the requests and {TRACKER}."
    later = [row for row in rows for column in ("sent_on", "status_on") if row[column] and row[column] > today.isoformat()]
    if later:
        raise InputError(TRACKER.as_posix(), later[0]["_row"], f"records {later[0]['force']}'s request as of "
                         f"{max(later[0]['sent_on'], later[0]['status_on'])}, after --today {today.isoformat()}: "
                         "count from a day on or after everything the tracker records")
    known = campaign.statuses(root)
    states = campaign.states(rows, known, today)
    requests = answered(root, rows, known)
    letters = write_letters(root, states, today)
    write_calendar(root, states, today)
    return "\n".join([*summary(states, requests, today), *morning(states, letters, today, known, requests),
                      f"Letters drafted in {LETTERS}/ ({len(letters)}); every date in {CALENDAR}."])


def answered(root: Path, rows: list[dict], known: dict[str, dict]):
    """Each request with what its answer in the data gives (the facts step's own table, worked out afresh from
    the raw data, so an answer added this morning counts)."""
    from police_breaches.analysis.processed import load_manifest
    from police_breaches.analysis.rankings import ranking_units
    from police_breaches.sources.clean import clean_all
    from police_breaches.sources.vocab import Vocabularies

    vocab = Vocabularies.load(root / paths.CONFIG)
    observations = clean_all(root, vocab=vocab).tables["observations"]
    manifest = load_manifest(root)
    campaign.check_answers(manifest, observations, vocab.forces, rows)
    return campaign.requests(rows, known, manifest, observations, ranking_units()[1:])


def summary(states: list, requests, today: date) -> list[str]:
    from police_breaches.analysis.campaign import STANDS

    stands = requests["stands"].value_counts()
    counted = "; ".join(f"{stands[name]} {STANDS[name]}" for name in STANDS if stands.get(name))
    return [f"The FOI campaign on {today:%A %-d %B %Y}: {len(states)} requests ({counted})."]


def morning(states: list, letters: dict[str, Path], today: date, known: dict[str, dict], requests) -> list[str]:
    """Due today, due this week, overdue (with working days late), and every other next step with its date; for an
    answer, what it gives in the data (``requests``: campaign.requests)."""
    gives = dict(zip(requests["force_id"], requests["answer_gives"]))
    friday = today + timedelta(days=(4 - today.weekday()) % 7)  # this week's Friday (next week's, at a weekend)
    due_today, this_week, later, stopped, late, rest, drafted = _headings(states, today, friday)

    def line(s, said: str) -> str:
        return _line(s, said, letters, gives, today)

    return ["Due today:", *_or_none([line(s, "due today.") for s in due_today]),
            f"Due this week (by {friday:%a %-d %B %Y}):",
            *_or_none([line(s, f"due {s.due:%a %-d %B %Y}.") for s in this_week]),
            "Overdue:", *_or_none([line(s, f"was due {s.due:%a %-d %B %Y}, {_working_days(s.late_by)} overdue.")
                                   for s in late]),
            "Due later:", *_or_none([line(s, f"due {s.due:%a %-d %B %Y} ({s.row['status'].replace('_', ' ')}).")
                                     for s in sorted(later, key=lambda s: s.due)]),
            "The clock stopped (the force asked what the request means):",
            *_or_none([line(s, f"the force asked on {s.row['status_on']}.") for s in stopped]),
            "Answered or refused:", *_or_none([line(s, _outcome(s, gives)) for s in rest]),
            *([f"Not sent yet: {len(drafted)} (" + ", ".join(s.row["force"] for s in drafted) + "). "
               + known["drafted"]["next_step"][0].upper() + known["drafted"]["next_step"][1:]
               + ". config/foi_contacts.csv has where some forces' own pages say to send a request."] if drafted else [])]


def _headings(states: list, today: date, friday: date) -> tuple[list, ...]:
    """The requests under each heading of the morning: due today, this week and later, stopped, overdue (most
    days late first), answered or refused, and not sent yet."""
    due_today = [s for s in states if s.due == today]
    this_week = [s for s in states if s.due and today < s.due <= friday]
    later = [s for s in states if s.due and s.due > friday]
    stopped = [s for s in states if s.row["status"] == "awaiting_clarification"]
    late = sorted((s for s in states if s.overdue), key=lambda s: -s.late_by)
    rest = [s for s in states if not s.waiting and s.row["status"] not in ("drafted", "withdrawn", "awaiting_clarification")]
    drafted = [s for s in states if s.row["status"] == "drafted"]
    return due_today, this_week, later, stopped, late, rest, drafted


def _line(s, said: str, letters: dict[str, Path], gives: dict, today: date) -> str:
    """One request in the morning's view: what is said of it, its next step with its date, and its letter."""
    ref = f", reference {s.row['reference']}" if s.row["reference"] else ""
    letter = f"\n    Letter: {letters[s.row['force_id']]}" if s.row["force_id"] in letters else ""
    on = f" ({s.next_on:%a %-d %B %Y})" if s.next_on and s.next_on != today else " (today)" if s.next_on else ""
    step = s.next_step
    if s.row["status"] == "answered" and gives.get(s.row["force_id"]):
        step = "nothing more: the answer is in the data, and `make report` uses it"
    return f"  {s.row['force']} (sent {s.row['sent_on']}{ref}): {said}\n    Next{on}: {step}{letter}"


def _outcome(s, gives: dict) -> str:
    """What became of an answered or refused request, and what its answer gives in the data, if it is there."""
    return s.row["status"].replace("_", " ") + f" on {s.row['status_on']}" + (
        f"; the answer in the data gives {campaign.KINDS[gives[s.row['force_id']]][0]}." if gives.get(s.row["force_id"])
        else "; its answer is not in the data yet." if s.row["status"] in ("answered", "partly_answered") else ".")


def _working_days(n: int) -> str:
    return f"{n} working day{'s' if n != 1 else ''}"


def _or_none(lines: list[str]) -> list[str]:
    return lines or ["  none"]


# --------------------------------------------------------------------------- letters and the calendar

def write_letters(root: Path, states: list, today: date) -> dict[str, Path]:
    """campaign/letters/<force>-<letter>.txt for each next step that takes one, drafted for ``today``; the
    drafts of an earlier day that no longer apply are removed (copy a draft elsewhere before editing it)."""
    folder = root / LETTERS
    wanted = {s.row["force_id"]: (LETTERS / f"{s.row['force_id']}-{s.letter}.txt", letters.campaign_letter(s, today))
              for s in states if s.letter}
    if folder.exists():
        for old in folder.glob("*.txt"):
            drafted_here = old.stem.rsplit("-", 1)[-1] in LETTER_KINDS
            if drafted_here and LETTERS / old.name not in {path for path, _ in wanted.values()}:
                old.unlink()
    for path, text in wanted.values():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text, encoding="utf-8")
    return {force_id: path for force_id, (path, _) in wanted.items()}


def write_calendar(root: Path, states: list, today: date) -> Path:
    """campaign/calendar.ics: each request's due date, and each next step's date, as an all-day event (the
    ``icalendar`` library writes RFC 5545, which any calendar application reads)."""
    import icalendar

    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//police-breaches//FOI campaign//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "FOI campaign")
    for s in states:
        events = [("due", s.due, f"FOI answer due: {s.row['force']}")] if s.due else []
        if s.next_on and s.next_on != s.due:
            events.append(("next", s.next_on, f"FOI next step: {s.row['force']}"))
        for kind, day, summary_ in events:
            event = icalendar.Event()
            event.add("uid", f"{s.row['force_id']}-{kind}@police-breaches")
            event.add("dtstamp", datetime(today.year, today.month, today.day, tzinfo=UTC))  # the day asked:
            # the same tracker and day give the same file
            event.add("dtstart", day)
            event.add("dtend", day + timedelta(days=1))
            event.add("summary", summary_)
            event.add("description", f"{s.next_step}. Sent {s.row['sent_on']}"
                                     + (f", reference {s.row['reference']}" if s.row["reference"] else "") + ".")
            calendar.add_component(event)
    (root / CALENDAR).parent.mkdir(parents=True, exist_ok=True)
    (root / CALENDAR).write_bytes(calendar.to_ical())
    return CALENDAR


# --------------------------------------------------------------------------- the command line

def a_day(text: str) -> date:
    try:
        return date.fromisoformat(text) if len(text) == 10 else date.fromisoformat("")
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date written YYYY-MM-DD") from None


def main(argv: list[str] | None = None) -> int:
    today = date.today()
    from police_breaches.core.commandline import Parser

    doc = __doc__.replace("``", "").split("\n\n")  # the module's own words, as plain text
    parser = Parser(prog="python -m police_breaches foi", description=doc[0], epilog="\n\n".join(doc[3:]),
                    formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    planning = commands.add_parser("plan", help="write a request for each force without a total, and the tracker",
                                   description=doc[2])
    planning.add_argument("--start", default="2011-06-01", help="the first day asked about (default: 2011-06-01)")
    planning.add_argument("--end", default="2015-12-31", help="the last day asked about (default: 2015-12-31)")
    checking = commands.add_parser("status", help="what is due, what is late, and the letter for each next step",
                                   description="\n\n".join(doc[3:]),
                                   formatter_class=argparse.RawDescriptionHelpFormatter)
    checking.add_argument("--today", type=a_day, default=today,
                          help="the day to count from (YYYY-MM-DD; default: today; at most a year ahead)")
    args = parser.parse_args(argv)
    root = paths.root()
    try:
        if args.command == "plan":
            check_period(args.start, args.end, today)
            written, added = plan(root, args.start, args.end)
            print(f"Wrote {written} request{'s' if written != 1 else ''} to {REQUESTS}/ and added {added} "
                  f"row{'s' if added != 1 else ''} to {TRACKER}. As you send each, set its status to 'sent' and "
                  "sent_on to the day the force received it; then run `python -m police_breaches foi status`.")
        else:
            if not date(2005, 1, 1) <= args.today <= today + LOOK_AHEAD:
                raise InputError("foi status", None, f"--today {args.today.isoformat()} is not a day to count from: "
                                 f"from 2005-01-01 (when the Acts' right of access began) to a year from today")
            print(status(root, args.today))
    except InputError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    return 0
