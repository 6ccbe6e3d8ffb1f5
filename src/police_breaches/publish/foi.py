"""An FOI campaign for the forces whose totals are not known: a request each, a tracker, and deadlines as
the law counts them.

    python -m police_breaches foi plan [--start 2011-06-01] [--end 2015-12-31]
    python -m police_breaches foi status [--today YYYY-MM-DD]

``plan`` writes ``campaign/requests/<force>.txt`` (the force pages' request) for each territorial force
with no total for the period, and a row for each in ``campaign/tracker.csv``; it never changes a row
already there. The user fills in ``sent_on`` and ``reference`` as they send. ``status`` fills in what the
files say (the due date; "answered" once an answer naming the request is in the data; "overdue" once the
due date has passed), writes the tracker if that changed, and prints what to do next. The statuses, their
meanings and next steps are data (config/foi_statuses.csv); the tracker is checked like every other table
(config/tables.yml), so a bad date or an unknown status stops with the file, row and column.

Deadlines: the Freedom of Information Act 2000 (s.10) gives 20 working days following receipt; a working
day is not a Saturday, Sunday, Christmas Day, Good Friday or a bank holiday anywhere in the UK. The
Freedom of Information (Scotland) Act 2002 (s.10, s.73) gives 20 working days too, but only Scotland's
bank holidays (and Christmas Day) are not working days: Police Scotland answers under it. The holidays
come from the ``holidays`` package (each UK nation's bank holidays, substitute days and one-off ones such
as a coronation), not from a hand-kept list.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

from police_breaches.core import paths
from police_breaches.core.errors import InputError

CAMPAIGN = Path("campaign")
TRACKER = CAMPAIGN / "tracker.csv"
REQUESTS = CAMPAIGN / "requests"
FIELDS = ["force_id", "force", "law", "request_file", "sent_on", "reference", "due_on", "status", "status_on",
          "exemption", "answer_file", "notes"]
WORKING_DAYS = 20
LAWS = {"FOIA": ("ENG", "NIR", "SCT", "WLS"), "FOISA": ("SCT",)}  # whose bank holidays are not working days
LAW_NAMES = {"FOIA": "the Freedom of Information Act 2000", "FOISA": "the Freedom of Information (Scotland) Act 2002"}
WAITING = ("sent", "acknowledged", "overdue")  # the force's clock is running
# A source row in data/raw/sources.csv names the request it answers: "answers campaign/requests/kent.txt".
ANSWERS = re.compile(r"\banswers (campaign/requests/[^\s,;]+)", re.IGNORECASE)
REQUEST = re.compile(r"campaign/requests/([a-z0-9_]+)\.txt")
FOIA_IN_FORCE = date(2005, 1, 1)  # the right of access began on 1 January 2005 (and in Scotland)


# --------------------------------------------------------------------------- working days

@lru_cache(maxsize=None)
def holidays_of(law: str, year: int) -> frozenset[date]:
    """The days that are not working days under ``law`` in ``year``, besides weekends."""
    import holidays

    days = {date(year, 12, 25)}  # Christmas Day is named in both Acts, whatever the calendar says
    for nation in LAWS[law]:
        days |= set(holidays.UK(subdiv=nation, years=year))
    return frozenset(days)


def is_working_day(day: date, law: str) -> bool:
    return day.weekday() < 5 and day not in holidays_of(law, day.year)


def due_on(received: date, law: str) -> date:
    """The 20th working day following the day of receipt (the day of receipt is not counted)."""
    day, counted = received, 0
    while counted < WORKING_DAYS:
        day += timedelta(days=1)
        counted += is_working_day(day, law)
    return day


def working_days_between(start: date, end: date, law: str) -> int:
    """Working days after ``start`` up to and including ``end`` (0 when ``end`` is not after ``start``)."""
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        count += is_working_day(day, law)
    return count


def law_for(country: str) -> str:
    return "FOISA" if country == "Scotland" else "FOIA"


# --------------------------------------------------------------------------- the tracker

def statuses(root: Path) -> dict[str, dict]:
    from police_breaches.core.configuration import table

    return {row["status"]: row for row in table("foi_statuses.csv", root)}


def read_tracker(root: Path) -> list[dict]:
    """campaign/tracker.csv, checked against its schema and config/foi_statuses.csv (none: an empty list)."""
    from police_breaches.core.configuration import check

    if not (root / TRACKER).exists():
        return []
    found = check(root, ["forces.csv", "foi_statuses.csv", "tracker.csv"])
    rows, country = found["tracker.csv"], {f["force_id"]: f["country"] for f in found["forces.csv"]}
    problems = []
    for row in rows:
        law = law_for(country[row["force_id"]])
        if row["law"] != law:
            problems.append((row["_row"], "law", f"is {row['law']!r}, but {row['force']} answers under {law} "
                                                 f"({LAW_NAMES[law]})"))
        for column in ("sent_on", "due_on", "status_on"):
            if row[column] and not FOIA_IN_FORCE <= date.fromisoformat(row[column]) <= date(2200, 1, 1):
                problems.append((row["_row"], column, f"{row[column]!r} is not a date a request could be sent or "
                                                      "answered on (the Acts' right of access began in 2005)"))
        if row["status"] == "drafted" and row["sent_on"]:
            problems.append((row["_row"], "status", "is 'drafted' but sent_on is filled in: set the status to 'sent'"))
        if row["status"] in (*WAITING, "answered", "partly_answered", "refused") and not row["sent_on"]:
            problems.append((row["_row"], "sent_on", f"is empty, but the status is {row['status']!r}: when was it sent?"))
        if row["status"] == "refused" and not row["exemption"]:
            problems.append((row["_row"], "exemption", "is empty: a refusal cites an exemption (e.g. 'section 40')"))
    if problems:
        row, column, problem = problems[0]
        raise InputError(TRACKER.as_posix(), row, problem + (f" (and {len(problems) - 1} more)" if len(problems) > 1
                                                            else ""), column=column)
    return [{k: row[k] for k in FIELDS} for row in rows]


def write_tracker(root: Path, rows: list[dict]) -> None:
    """One row per force, in the order of config/forces.csv, LF line endings: a file that diffs well."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    (root / TRACKER).parent.mkdir(parents=True, exist_ok=True)
    (root / TRACKER).write_text(buffer.getvalue(), encoding="utf-8")


def answers_in_the_data(root: Path) -> tuple[dict[str, str], list[str]]:
    """force id → the raw file(s) of the answers whose source rows say "answers campaign/requests/<force>.txt";
    and a warning for each row that names a request the campaign never wrote."""
    from police_breaches.core.configuration import table

    found: dict[str, list[str]] = {}
    warnings = []
    for row in table("sources.csv", root):
        text = " ".join(str(v) for k, v in row.items() if k != "_row")
        for named in (n.rstrip(".:)") for n in ANSWERS.findall(text)):  # a sentence may end with the name
            request = REQUEST.fullmatch(named)
            if not request or not (root / named).exists():
                warnings.append(f"data/raw/sources.csv, row {row['_row']}: answers {named}, which is not a request "
                                f"this campaign wrote (see {REQUESTS}/)")
                continue
            files = [f"data/raw/{f.strip()}" for f in row["files"].split(";") if f.strip()]
            found.setdefault(request.group(1), []).extend(files)
    return {force_id: "; ".join(dict.fromkeys(files)) for force_id, files in found.items()}, warnings


# --------------------------------------------------------------------------- plan

def forces_without_a_total(root: Path, vocab, start: str, end: str) -> list[dict]:
    """The territorial forces with no total for [start, end] (status 'reported'), in the register's order."""
    from police_breaches.analysis.rankings import force_totals
    from police_breaches.sources.clean import clean_all

    observations = clean_all(root, vocab=vocab).tables["observations"]
    totals = force_totals(observations, vocab.forces, start, end)
    known = set(totals.loc[totals["status"] == "reported", "force_id"])
    return [row for row in vocab.forces.territorial().to_dict("records") if row["force_id"] not in known]


def plan(root: Path, start: str, end: str) -> tuple[int, int]:
    """Requests and tracker rows for the forces without a total; rows already in the tracker, and request
    files already written, are kept as they are. Returns (requests written, rows added)."""
    from police_breaches.publish.profiles import foi_request
    from police_breaches.sources.vocab import Vocabularies

    rows = read_tracker(root)
    asked = f"asks for {start} to {end}"
    other = [row for row in rows if row["notes"].startswith("asks for ") and not row["notes"].startswith(asked)]
    if other:
        raise InputError(TRACKER.as_posix(), None,
                         f"the campaign already {other[0]['notes']} ({other[0]['force']}), not {start} to {end}: "
                         "a campaign asks for one period (plan another in a copy of the checkout)")
    have = {row["force_id"] for row in rows}
    vocab = Vocabularies.load(root / paths.CONFIG)
    written = added = 0
    for force in forces_without_a_total(root, vocab, start, end):
        if force["force_id"] in have:
            continue
        request = REQUESTS / f"{force['force_id']}.txt"
        (root / request).parent.mkdir(parents=True, exist_ok=True)
        if not (root / request).exists():  # a request the user has edited is theirs
            document = {"force_id": force["force_id"], "name": force["name"], "country": force["country"],
                        "in_text": f"{force['article']} {force['name']}".strip()}
            (root / request).write_text(foi_request(document, start, end), encoding="utf-8")
            written += 1
        rows.append({**dict.fromkeys(FIELDS, ""), "force_id": force["force_id"], "force": force["name"],
                     "law": law_for(force["country"]), "request_file": request.as_posix(), "status": "drafted",
                     "notes": asked})
        added += 1
    order = {f: i for i, f in enumerate(vocab.forces.forces["force_id"])}
    write_tracker(root, sorted(rows, key=lambda r: order.get(r["force_id"], len(order))))
    return written, added


# --------------------------------------------------------------------------- status

def update(rows: list[dict], answered: dict[str, str], today: date) -> list[dict]:
    """What the files say, filled in: the due date from sent_on; 'answered' (with its file) once the data
    holds the answer, unless the tracker already says how it was answered; 'overdue' once the due date has
    passed with no answer. A status the user set otherwise is kept."""
    out = []
    for row in rows:
        row = dict(row)
        status = row["status"]
        if row["sent_on"]:
            row["due_on"] = due_on(date.fromisoformat(row["sent_on"]), row["law"]).isoformat()
        if row["force_id"] in answered and status != "drafted":  # a request never sent cannot be answered
            row["answer_file"] = answered[row["force_id"]]
            if status not in ("answered", "partly_answered", "refused", "internal_review", "complaint"):
                status = "answered"
        elif status in ("sent", "acknowledged") and row["due_on"] and today > date.fromisoformat(row["due_on"]):
            status = "overdue"
        if status != row["status"]:
            row["status"], row["status_on"] = status, today.isoformat()
        out.append(row)
    return out


def progress(rows: list[dict]) -> dict[str, int]:
    """How many requests are drafted, sent (and still waiting), answered (fully or in part), refused, overdue."""
    count = lambda *names: sum(row["status"] in names for row in rows)  # noqa: E731
    return {"requests": len(rows), "drafted": count("drafted"), "sent": len(rows) - count("drafted"),
            "answered": count("answered", "partly_answered"), "in_part": count("partly_answered"),
            "refused": count("refused"),
            "overdue": count("overdue")}


def progress_sentence(rows: list[dict]) -> str:
    if not rows:
        return ""
    p = progress(rows)
    when = max((row["status_on"] for row in rows if row["status_on"]), default="")
    return (f"This project's FOI campaign: {p['requests']} requests written, {p['sent']} of them sent: "
            f"{p['answered']} answered" + (f" ({p['in_part']} in part)" if p["in_part"] else "")
            + (f", {p['refused']} refused" if p["refused"] else "")
            + f" and {p['overdue']} overdue" + (f" (tracker last updated {when})" if when else "") + ".")


def report(rows: list[dict], known: dict[str, dict], today: date) -> str:
    """What is due within five working days, what is overdue and by how much, and the next step for each."""
    lines = [progress_sentence(rows).removesuffix(".") + f", as at {today.isoformat()}."]
    soon, late = [], []
    for row in rows:
        if row["status"] not in WAITING or not row["due_on"]:
            continue
        due = date.fromisoformat(row["due_on"])
        ref = f", reference {row['reference']}" if row["reference"] else ""
        if today > due:
            late_by = working_days_between(due, today, row["law"])
            late.append(f"  {row['force']} (sent {row['sent_on']}{ref}): due {due:%a %-d %B %Y}, "
                        f"{late_by} working day{'s' if late_by != 1 else ''} overdue.\n"
                        f"    Next: {known['overdue']['next_step']}")
        elif working_days_between(today, due, row["law"]) <= 5:
            left = working_days_between(today, due, row["law"])
            soon.append(f"  {row['force']} (sent {row['sent_on']}{ref}): due {due:%a %-d %B %Y}, "
                        + ("today." if due == today else f"in {left} working day{'s' if left != 1 else ''}."))
    lines += ["Due within five working days:", *(soon or ["  none"]), "Overdue:", *(late or ["  none"])]
    for row in rows:
        if row["status"] in ("partly_answered", "refused", "internal_review", "complaint"):
            lines.append(f"{row['force']}: {known[row['status']]['meaning']}. Next: {known[row['status']]['next_step']}")
    return "\n".join(lines)


def status(root: Path, today: date) -> str:
    known = statuses(root)
    rows = read_tracker(root)
    if not rows:
        return f"No campaign yet: run `python -m police_breaches foi plan` to write the requests and {TRACKER}."
    future = [row for row in rows if row["sent_on"] and date.fromisoformat(row["sent_on"]) > today]
    if future:
        raise InputError(TRACKER.as_posix(), None, f"{future[0]['force']}'s sent_on {future[0]['sent_on']} is after "
                                                   f"today ({today.isoformat()})")
    answered, warnings = answers_in_the_data(root)
    warnings += [f"{TRACKER}: an answer names {REQUESTS}/{row['force_id']}.txt, but the tracker says it was never "
                 "sent: fill in sent_on and the status" for row in rows
                 if row["force_id"] in answered and row["status"] == "drafted"]
    fresh = update(rows, answered, today)
    if fresh != rows:
        write_tracker(root, fresh)
    return "\n".join([report(fresh, known, today), *(f"warning: {w}" for w in warnings)])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m police_breaches foi", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    planning = commands.add_parser("plan", help="write a request for each force without a total, and the tracker")
    planning.add_argument("--start", default="2011-06-01")
    planning.add_argument("--end", default="2015-12-31")
    checking = commands.add_parser("status", help="due dates, what is overdue and what to do next")
    checking.add_argument("--today", type=date.fromisoformat, default=date.today(),
                          help="the day to count from (YYYY-MM-DD; default: today)")
    args = parser.parse_args(argv)
    root = paths.root()
    try:
        if args.command == "plan":
            from police_breaches.core.configuration import FORMATS

            for option, value in (("--start", args.start), ("--end", args.end)):
                problem = FORMATS["iso_date"](value)
                if problem:
                    raise InputError("foi plan", None, f"{option} {problem}")
            if args.start > args.end:
                raise InputError("foi plan", None, f"--end {args.end} is before --start {args.start}")
            written, added = plan(root, args.start, args.end)
            print(f"Wrote {written} request{'s' if written != 1 else ''} to {REQUESTS}/ and added {added} "
                  f"row{'s' if added != 1 else ''} to {TRACKER}. As you send each, fill in sent_on, set the status to "
                  "'sent' (and add the force's reference when it acknowledges); then run "
                  "`python -m police_breaches foi status`.")
        else:
            print(status(root, args.today))
    except (InputError, ValueError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    return 0

