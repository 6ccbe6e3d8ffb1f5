"""Turning published cells into values with a status, and published dates into explicit periods."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from .errors import InputError
from .vocab import Statuses

MONTHS = {name.casefold(): number for number, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.casefold(): number for number, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9


@dataclass(frozen=True)
class Count:
    value: int | None
    status: str
    detail: str = ""


def parse_count(cell: object, statuses: Statuses, file: str, row: int | str, *, markers: dict | None = None,
                status_hint: str = "") -> Count:
    """A whole, non-negative number with status ``reported``; or a recognised non-number with its status.

    ``status_hint`` is a status column published beside the value (for example 'figures not revealed').
    ``markers`` maps publisher-specific symbols ('..', '*') to statuses.
    """
    text = "" if cell is None else str(cell).strip()
    if status_hint:
        hinted = statuses.match(status_hint) or (status_hint if status_hint in statuses.known() else None)
        if hinted is None:
            raise InputError(file, row, f"unknown status {status_hint!r}; known: {', '.join(sorted(statuses.known()))}")
        if hinted != "reported":
            if text:
                raise InputError(file, row, f"status is {hinted!r} but a value {text!r} is given as well")
            return Count(None, hinted, status_hint)
    if markers and text in markers:
        return Count(None, markers[text], text)
    if re.fullmatch(r"[+-]?\d+(\.0+)?", text.replace(",", "")):
        value = int(float(text.replace(",", "")))
        if value < 0:
            raise InputError(file, row, f"negative count {text!r}")
        return Count(value, "reported")
    if re.fullmatch(r"[+-]?\d*\.\d+", text):
        raise InputError(file, row, f"fractional count {text!r}: counts of breaches are whole numbers")
    if not text:
        raise InputError(file, row, "missing value: a blank is not a number; give a status "
                                    "(for example 'No cases.' or 'No information is held') instead")
    status = statuses.match(text)
    if status is None:
        raise InputError(file, row, f"{text!r} is neither a whole number nor a known status "
                                    f"({', '.join(sorted(statuses.known()))})")
    # A nil return is a real zero; every other non-number stays missing, with its status saying why.
    return Count(0 if status == "nil" else None, status, text)


def parse_fte(cell: object, file: str, row: int | str, markers: dict) -> Count:
    """Full-time equivalents (Home Office tables): fractional and non-negative; markers become statuses."""
    if isinstance(cell, str) and cell.strip() in markers:
        return Count(None, markers[cell.strip()], cell.strip())
    try:
        value = float(cell)
    except (TypeError, ValueError):
        raise InputError(file, row, f"full-time equivalent {cell!r} is not a number") from None
    if value != value or value < 0:
        raise InputError(file, row, f"full-time equivalent {cell!r} is missing or negative")
    return Count(value, "reported")


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
    if m := re.fullmatch(r"(\d{4})", text):
        year = int(m.group(1))
        return date(year, 1, 1), date(year, 12, 31)
    if m := re.fullmatch(r"([A-Za-z]+)\.?\s+(\d{4})", text):
        month = MONTHS.get(m.group(1).casefold())
        if month:
            year = int(m.group(2))
            return date(year, month, 1), _month_end(year, month)
    if (m := re.fullmatch(r"([A-Za-z]+)", text)) and default_year:
        month = MONTHS.get(m.group(1).casefold())
        if month:
            return date(default_year, month, 1), _month_end(default_year, month)
    return None


def parse_period(text: str, file: str, row: int | str) -> Period:
    """Calendar years, financial years, months, ranges and 'date not recorded' as explicit start/end dates."""
    raw = str(text)
    label = re.sub(r"\s+", " ", raw).strip()
    note = ""
    if m := re.fullmatch(r"(.*?)\s*\(\s*date\s+not\s+recorded\s*\)", label, flags=re.I):
        label_core, note = m.group(1), "exact date not recorded"
    else:
        label_core = label
    if m := re.fullmatch(r"(\d{4})\s*/\s*(\d{2}|\d{4})", label_core):  # financial year 2017/18
        start_year = int(m.group(1))
        end_year = int(m.group(2)) if len(m.group(2)) == 4 else (start_year // 100) * 100 + int(m.group(2))
        if end_year != start_year + 1:
            raise InputError(file, row, f"financial year {label!r} does not span two consecutive years")
        return Period(date(start_year, 4, 1), date(end_year, 3, 31), label, "financial year")
    if m := re.fullmatch(r"([A-Za-z]{3})-(\d{2})", label_core):  # spreadsheet month 'Apr-19'
        month = MONTHS.get(m.group(1).casefold())
        if month:
            year = 2000 + int(m.group(2))
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
    if m := re.fullmatch(r"(\d{4}-\d{2}-\d{2})/(\d{4}-\d{2}-\d{2})", label_core):
        start, end = date.fromisoformat(m.group(1)), date.fromisoformat(m.group(2))
        if end < start:
            raise InputError(file, row, f"period {label!r} ends before it starts")
        return Period(start, end, label, note)
    raise InputError(file, row, f"cannot read the period {label!r} (expected a year, '2017/18', 'April 2011', "
                                "'Apr-19', a range such as 'March 2004 - July 2009', or an ISO interval)")
