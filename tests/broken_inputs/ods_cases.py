"""Broken Home Office tables for the corpus, made at test time from the real September 2015 release.

Each recipe changes one thing in the first sheet (Table_1) of a copy of
data/raw/home_office_workforce/police-workforce-tabs-30sep15.ods, so the copy breaks the table's
declared structure in one way. The copies are test data only; none is written to data/raw.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

SOURCE = Path(__file__).parents[2] / "data/raw/home_office_workforce/police-workforce-tabs-30sep15.ods"


def _row(sheet: str, label: str) -> tuple[int, int]:
    """Start and end of the row whose first cell reads ``label`` exactly."""
    at = sheet.index(f"<text:p>{label}</text:p>")
    start = sheet.rindex("<table:table-row", 0, at)
    return start, sheet.index("</table:table-row>", at) + len("</table:table-row>")


def _text_row(label: str, number: float | None = None) -> str:
    figure = (f'<table:table-cell office:value-type="float" office:value="{number}"><text:p>{number}</text:p>'
              "</table:table-cell>") if number is not None else ""
    return (f'<table:table-row><table:table-cell office:value-type="string"><text:p>{label}</text:p>'
            f"</table:table-cell>{figure}</table:table-row>")


def _first_value(sheet: str, label: str, new_cell: str) -> str:
    start, end = _row(sheet, label)
    row = sheet[start:end]
    row = re.sub(r'<table:table-cell office:value-type="float"[^>]*>.*?</table:table-cell>', new_cell, row, count=1)
    return sheet[:start] + row + sheet[end:]


def _string_cell(text: str) -> str:
    return f'<table:table-cell office:value-type="string"><text:p>{text}</text:p></table:table-cell>'


def notes_row_inside(sheet):
    start, _ = _row(sheet, "Lancashire")
    return sheet[:start] + _text_row("Notes") + sheet[start:]


def total_row_missing(sheet):
    start, end = _row(sheet, "Total 43 forces")
    return sheet[:start] + sheet[end:]


def region_row_missing(sheet):
    start, end = _row(sheet, "Wales")
    return sheet[:start] + sheet[end:]


def figures_below_table(sheet):
    _, end = _row(sheet, "Total")
    return sheet[:end] + _text_row("Late addition", 12.5) + sheet[end:]


def force_outside_block(sheet):
    start, end = _row(sheet, "British Transport Police")
    row = sheet[start:end]
    sheet = sheet[:start] + sheet[end:]
    at, _ = _row(sheet, "Total 43 forces")
    return sheet[:at] + row + sheet[at:]


def force_twice(sheet):
    start, end = _row(sheet, "Cleveland")
    return sheet[:end] + sheet[start:end] + sheet[end:]


def text_in_figure(sheet):
    return _first_value(sheet, "Lancashire", _string_cell("2,943.3"))


def marker_in_total(sheet):
    return _first_value(sheet, "Total 43 forces", _string_cell(".."))


def marker_for_a_force(sheet):
    """Not broken: '..' (not available) for West Midlands Police at 31 March 2015, a marker the manifest allows."""
    start, end = _row(sheet, "Staffordshire")
    at = sheet.index("<text:p>West Midlands</text:p>", end)  # the force, after its region's other members
    begin = sheet.rindex("<table:table-row", 0, at)
    stop = sheet.index("</table:table-row>", at)
    row = sheet[begin:stop]
    cells = list(re.finditer(r'<table:table-cell office:value-type="float"[^>]*>.*?</table:table-cell>', row))
    second = cells[1]
    row = row[:second.start()] + _string_cell("..") + row[second.end():]
    return sheet[:begin] + row + sheet[stop:]


def header_date_changed(sheet):
    return sheet.replace('office:date-value="2015-03-31T00:00:00"', 'office:date-value="2015-04-01T00:00:00"', 1)


def force_misspelt(sheet):
    return sheet.replace("<text:p>Cumbria</text:p>", "<text:p>Cumbrai</text:p>", 1)


def figures_without_a_name(sheet):
    return sheet.replace("<text:p>Kent</text:p>", "<text:p></text:p>", 1)


RECIPES = {f.__name__: f for f in (notes_row_inside, total_row_missing, region_row_missing, figures_below_table,
                                   force_outside_block, force_twice, text_in_figure, marker_in_total,
                                   header_date_changed, force_misspelt, figures_without_a_name, marker_for_a_force)}


def make(recipe: str, destination: Path) -> Path:
    """Write the real table with ``recipe`` applied to its Table_1 to ``destination``."""
    with zipfile.ZipFile(SOURCE) as source:
        parts = {info: source.read(info.filename) for info in source.infolist()}
    with zipfile.ZipFile(destination, "w") as target:
        for info, data in parts.items():
            if info.filename == "content.xml":
                text = data.decode("utf-8")
                begin = text.index('table:name="Table_1"')
                end = text.index("</table:table>", begin)
                data = (text[:begin] + RECIPES[recipe](text[begin:end]) + text[end:]).encode("utf-8")
            target.writestr(info, data)
    return destination
