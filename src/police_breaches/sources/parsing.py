"""Turning published cells into values with a status, and published dates into explicit periods."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from police_breaches.core.errors import InputError, shown
from police_breaches.sources.vocab import Statuses

MONTHS = {name.casefold(): number for number, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.casefold(): number for number, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9


@dataclass(frozen=True)
class Count:
    value: int | None
    status: str
    detail: str = ""


# The one grammar for a count: ASCII digits, no sign, no decimals, no leading zero, and thousands separators
# only between groups of three ("1,234"). Spaces or tabs around the number are allowed.
COUNT = re.compile(r"0|[1-9][0-9]{0,2}(?:,[0-9]{3})+|[1-9][0-9]*", re.ASCII)


@lru_cache(maxsize=1)
def largest_count() -> int:
    """The largest count accepted (config/limits.yml, with its reason): up to it, every sum, share and interval
    is exact."""
    from police_breaches.sources.consistency import limit

    return int(limit("largest_count"))


def _not_a_count(text: str) -> str | None:
    """Why a text that looks like a number is not a count, or None if it does not look like one."""
    if any(char.isdigit() and not "0" <= char <= "9" for char in text):
        return f"{shown(text)} uses digits other than 0-9"
    stripped = text.strip(" \t")
    if re.fullmatch(r"[+-]\s*[0-9][0-9,.]*", stripped, re.ASCII):
        return (f"negative count {stripped!r}" if stripped.startswith("-") else
                f"{stripped!r} has a sign: a count is written without one")
    if re.fullmatch(r"[0-9]+\.0+", stripped, re.ASCII):
        return f"{stripped!r} has decimals: a count is written as a whole number, without them"
    if re.fullmatch(r"[0-9]*\.[0-9]+", stripped, re.ASCII):
        return f"fractional count {stripped!r}: counts of breaches are whole numbers"
    if re.fullmatch(r"[0-9][0-9,]*", stripped, re.ASCII):
        if "," in stripped:
            return (f"{stripped!r} is not a count: a comma may only separate thousands (1,234), "
                    "and a decimal comma is not allowed")
        return f"{stripped!r} has a leading zero: write a count without one"
    if re.fullmatch(r"[0-9][0-9 ,.\u00a0\u202f\u2009']*[0-9]", stripped) or re.fullmatch(
            r"[0-9]+(?:[eE][+-]?[0-9]+|[xX][0-9a-fA-F]+|_[0-9_]+)", stripped):
        return f"{shown(stripped)} is not a count: write digits 0-9, with commas between thousands (1,234)"
    return None


def parse_count(cell: object, statuses: Statuses, file: str, row: int | str, *, markers: dict | None = None,
                status_hint: str = "", column: str | None = None) -> Count:
    """A whole, non-negative number with status ``reported``; or a recognised non-number with its status.

    ``status_hint`` is a status column published beside the value (for example 'figures not revealed').
    ``markers`` maps publisher-specific symbols ('..', '*') to statuses. A count is read straight from its
    digits, never through a float, so it stays exact. Anything else is an error naming the cell.
    """
    text = "" if cell is None else str(cell)
    stripped = text.strip(" \t")
    if status_hint:
        hinted = statuses.match(status_hint) or (status_hint if status_hint in statuses.known() else None)
        if hinted is None:
            raise InputError(file, row, f"unknown status {shown(status_hint)}; known (config/statuses.csv): "
                                        f"{', '.join(sorted(statuses.known()))}")
        if hinted != "reported":
            if stripped:
                raise InputError(file, row, f"status is {hinted!r} but a value {text!r} is given as well",
                                 column=column)
            return Count(0 if hinted == "nil" else None, hinted, status_hint)  # a nil return is a real zero
    if markers and stripped in markers:
        return Count(None, markers[stripped], stripped)
    if COUNT.fullmatch(stripped):
        value = int(stripped.replace(",", ""))
        if value > largest_count():
            raise InputError(file, row, f"{stripped!r} is larger than the largest count accepted "
                                        f"({largest_count():,}; config/limits.yml says why)", column=column)
        return Count(value, "reported")
    problem = _not_a_count(text)
    if problem:
        raise InputError(file, row, problem, column=column)
    if not stripped:
        raise InputError(file, row, "missing value: a blank is not a number; give a status "
                                    "(for example 'No cases.' or 'No information is held') instead", column=column)
    status = statuses.match(text)
    if status is None:
        raise InputError(file, row, f"{shown(text)} is neither a whole number nor a known status (config/"
                                    f"statuses.csv: {', '.join(sorted(statuses.known()))})", column=column)
    # A nil return is a real zero; every other non-number stays missing, with its status saying why.
    return Count(0 if status == "nil" else None, status, text)


def parse_fte(cell: object, file: str, row: int | str, markers: dict, column: str | None = None) -> Count:
    """Full-time equivalents (Home Office tables): a finite, non-negative number; markers become statuses."""
    if isinstance(cell, str) and cell.strip() in markers:
        return Count(None, markers[cell.strip()], cell.strip())
    if isinstance(cell, bool) or not isinstance(cell, (int, float)):
        raise InputError(file, row, f"full-time equivalent {shown(str(cell))} is not a number", column=column)
    if cell != cell or cell in (float("inf"), float("-inf")) or cell < 0:
        raise InputError(file, row, f"full-time equivalent {cell!r} is missing, infinite or negative", column=column)
    return Count(float(cell), "reported")


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    label: str
    note: str = ""

    @property
    def iso(self) -> str:
        return f"{self.start.isoformat()}/{self.end.isoformat()}"


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _point(text: str, default_year: int | None) -> tuple[date, date] | None:
    """One end of a period: 'March 2004', '2012', 'January' (year taken from the other end)."""
    text = text.strip()
    if m := re.fullmatch(r"([0-9]{4})", text):
        year = int(m.group(1))
        return date(year, 1, 1), date(year, 12, 31)
    if m := re.fullmatch(r"([A-Za-z]+)\.?\s+([0-9]{4})", text):
        month = MONTHS.get(m.group(1).casefold())
        if month:
            year = int(m.group(2))
            return date(year, month, 1), _month_end(year, month)
    if (m := re.fullmatch(r"([A-Za-z]+)", text)) and default_year:
        month = MONTHS.get(m.group(1).casefold())
        if month:
            return date(default_year, month, 1), _month_end(default_year, month)
    return None


def parse_day(text: str, file: str, row: int | str, column: str | None = None) -> date:
    """One day as a source writes it: '28/05/2025' (day first, as in the UK), '28 May 2025' or '2025-05-28'."""
    words = re.sub(r"\s+", " ", str(text)).strip()
    try:
        if m := re.fullmatch(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})", words):
            return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        if (m := re.fullmatch(r"([0-9]{1,2}) ([A-Za-z]+)\.? ([0-9]{4})", words)) and m.group(2).casefold() in MONTHS:
            return date(int(m.group(3)), MONTHS[m.group(2).casefold()], int(m.group(1)))
        if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", words):
            return date.fromisoformat(words)
    except ValueError as err:
        raise InputError(file, row, f"{words!r} is not a day: {err}", column=column) from None
    raise InputError(file, row, f"cannot read the day {words!r} (expected '28/05/2025', '28 May 2025' or "
                                "'2025-05-28')", column=column)


def parse_period(text: str, file: str, row: int | str) -> Period:
    """Calendar years, financial years, months, ranges and 'date not recorded' as explicit start/end dates."""
    try:
        return _parse_period(text, file, row)
    except ValueError as err:  # a date that does not exist: 30 February, year 0
        if isinstance(err, InputError):
            raise
        raise InputError(file, row, f"cannot read the period {str(text)!r}: {err}") from None


def _parse_period(text: str, file: str, row: int | str) -> Period:
    raw = str(text)
    label = re.sub(r"\s+", " ", raw).strip()
    note = ""
    if m := re.fullmatch(r"(.*?)\s*\(\s*date\s+not\s+recorded\s*\)", label, flags=re.I):
        label_core, note = m.group(1), "exact date not recorded"
    else:
        label_core = label
    if m := re.fullmatch(r"([0-9]{4})\s*/\s*([0-9]{2}|[0-9]{4})", label_core):  # financial year 2017/18
        start_year = int(m.group(1))
        written = int(m.group(2))  # 2017/18, 1999/00 or 2017/2018
        end_year = written if len(m.group(2)) == 4 else start_year + 1 if (start_year + 1) % 100 == written else -1
        if end_year != start_year + 1:
            raise InputError(file, row, f"financial year {label!r} does not span two consecutive years")
        return Period(date(start_year, 4, 1), date(end_year, 3, 31), label, "financial year")
    if m := re.fullmatch(r"([A-Za-z]{3})-([0-9]{2})", label_core):  # spreadsheet month 'Apr-19'
        month = MONTHS.get(m.group(1).casefold())
        if month:
            two = int(m.group(2))
            year = (1900 if two >= 69 else 2000) + two  # as strptime's %y reads two-digit years
            return Period(date(year, month, 1), _month_end(year, month), label, note)
    parts = re.split(r"\s*[-–—]\s*|\s+to\s+", label_core)
    if len(parts) == 1:
        point = _point(parts[0], None)
        if point:
            return Period(point[0], point[1], label, note)
    elif len(parts) == 2:
        end = _point(parts[1], None)
        start = _point(parts[0], end[0].year if end else None)
        if start and end:
            if end[1] < start[0]:
                raise InputError(file, row, f"period {label!r} ends before it starts")
            return Period(start[0], end[1], label, note or "range")
    if m := re.fullmatch(r"([0-9]{4}-[0-9]{2}-[0-9]{2})/([0-9]{4}-[0-9]{2}-[0-9]{2})", label_core):
        start, end = date.fromisoformat(m.group(1)), date.fromisoformat(m.group(2))
        if end < start:
            raise InputError(file, row, f"period {label!r} ends before it starts")
        return Period(start, end, label, note)
    raise InputError(file, row, f"cannot read the period {label!r} (expected a year, '2017/18', 'April 2011', "
                                "'Apr-19', a range such as 'March 2004 - July 2009', or an ISO interval)")
