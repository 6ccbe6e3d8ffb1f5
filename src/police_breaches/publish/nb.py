"""Display helpers for the notebooks: sentences with numbers, tables, and figures.

The markup is deterministic (no random ids) so that two builds of the report compare byte for byte. Every
value is escaped; column names become the human labels in ``config/column_labels.csv``; numbers are
right-aligned with thousands separators.
"""

from __future__ import annotations

import html
import re
from functools import cache
from types import MappingProxyType

import pandas as pd
from IPython.display import HTML, Markdown, display

from police_breaches.core import configuration
from police_breaches.core.text import md  # the notebooks write nb.md

NUM = ' class="num"'
FIGURES = ' class="num words"'  # published figures that may be words: right-aligned, wrapping like text


def say(text: str) -> None:
    """A sentence for the reader, with the numbers already filled in from the data (nothing, for no text)."""
    if text:
        display(Markdown(text))


@cache
def column_labels() -> MappingProxyType:
    """config/column_labels.csv, read once (and not to be changed: every table of the run shares it)."""
    return MappingProxyType({row["column"]: row["label"] for row in configuration.table("column_labels.csv")})


@cache
def figure_columns() -> frozenset[str]:
    """The columns of published figures, some of them words: right-aligned as numbers are."""
    return frozenset(row["column"] for row in configuration.table("column_labels.csv") if row.get("holds") == "figures")




YEAR_COLUMN = re.compile(r"\d{4}(?:\b|/)")  # 2016, 2014 (part year), 2017/18
FTE_COLUMN = re.compile(r"fte|^(officers|staff|pcsos|designated_officers)$")


def _cell(value, numeric: bool, float_format: str, plain: bool, missing: str = "", whole: bool = True,
          names: dict | None = None) -> str:
    """One cell as a reader sees it: a whole-number column without decimals, any other number column with
    the same decimals in every row, and text with dates in words and ids as names (words.plain)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return missing
    if numeric and isinstance(value, (int, float)) and not isinstance(value, bool):
        if whole:
            return str(int(value)) if plain else f"{int(value):,}"
        return float_format.format(value)
    from police_breaches.publish.words import plain as plain_words

    return plain_words(str(value), names or {})


class Columns:
    """How each column of a table is shown: whether it holds numbers, whole ones, years or ranks (written without
    a thousands separator), and how it is aligned."""

    def __init__(self, frame: pd.DataFrame):
        self.numeric = {c: pd.api.types.is_numeric_dtype(frame[c]) and not pd.api.types.is_bool_dtype(frame[c])
                        for c in frame.columns}
        self.plain = {c: bool(re.search(r"year|rank", str(c))) for c in frame.columns}  # 2016 and rank 3, not 2,016
        # Full-time equivalents keep their decimals even where a column's happen to be whole (0.00 beside 28.00).
        self.whole = {c: self.numeric[c] and not FTE_COLUMN.search(str(c)) and all(
            float(v).is_integer() for v in frame[c].dropna() if isinstance(v, (int, float)) and not isinstance(v, bool))
            for c in frame.columns}
        # A table published as rows × years stays a table on a phone, so years can be compared across a row
        self.grid = len(frame.columns) > 1 and all(YEAR_COLUMN.match(str(c)) for c in frame.columns[1:])
        figures = figure_columns()
        self.aligned = {c: NUM if self.numeric[c] else FIGURES if str(c) in figures or (self.grid and i) else ""
                        for i, c in enumerate(frame.columns)}


def table_html(frame: pd.DataFrame, caption: str = "", float_format: str = "{:,.2f}", labels: dict | None = None,
               missing: str = "", folded: bool = False) -> str:
    """An HTML table: human column labels, numbers right-aligned, in a wrapper that scrolls with a visible cue.

    The caption is shown above the scrolling region, so it wraps to the screen however wide the table is; the
    table keeps it too, hidden, for screen readers. On a phone each row becomes a card of label: value lines,
    so no number is off the side of the screen (the report's stylesheet). ``missing`` is what an empty cell
    says; ``folded``: the table waits behind a summary line (caption and row count) until the reader opens it.
    """
    from police_breaches.publish.words import CODE_NAME, id_words
    from police_breaches.publish.words import plain as plain_words

    names = {**column_labels(), **(labels or {})}
    kinds = Columns(frame)
    shown = {c: html.escape(names.get(str(c), str(c))) for c in frame.columns}
    texts = [str(v) for c in frame.columns if not kinds.numeric[c] for v in frame[c]] + [caption]
    ids = id_words() if any(CODE_NAME.search(t) for t in texts) else {}  # the manifest only where an id shows
    caption = plain_words(caption, ids) if caption else caption
    head = "".join(f'<th scope="col"{kinds.aligned[c]}>{shown[c]}</th>' for c in frame.columns)
    body = "".join("<tr>" + "".join(
        f'<td{kinds.aligned[c]} data-label="{shown[c]}">'
        f'{html.escape(_cell(v, kinds.numeric[c], float_format, kinds.plain[c], missing, kinds.whole[c], ids))}</td>'
        for c, v in zip(frame.columns, row)) + "</tr>" for row in frame.itertuples(index=False))
    label = html.escape(caption or "table")
    shown_caption = f'<p class="table-caption" aria-hidden="true">{label}</p>' if caption and not folded else ""
    caption_html = f'<caption class="visually-hidden">{label}</caption>' if caption else ""
    markup = (f'{shown_caption}<div class="table-scroll" role="region" aria-label="{label}" tabindex="0">'
              f'<table class="data-table{" grid" if kinds.grid else ""}">{caption_html}<thead><tr>{head}</tr></thead>'
              f"<tbody>{body}</tbody></table></div>"
              + csv_link(frame, caption, names, ids))
    if not folded:
        return markup
    rows = f"{len(frame):,} row{'s' if len(frame) != 1 else ''}"
    return f'<details class="folded"><summary>{label} <span class="rows">({rows})</span></summary>{markup}</details>'


def csv_link(frame: pd.DataFrame, caption: str, labels: dict, ids: dict) -> str:
    """The table as a CSV file inside the page itself (a data: link), so it downloads from an e-mailed copy:
    human column labels, ids as names, numbers as numbers (whole ones as integers)."""
    import base64

    from police_breaches.core.outputs import whole_numbers
    from police_breaches.publish.words import plain as plain_words

    shown = whole_numbers(frame.copy())
    for column in shown.columns:
        if not pd.api.types.is_numeric_dtype(shown[column]):
            shown[column] = [v if v is None or (not isinstance(v, str) and pd.isna(v)) else plain_words(str(v), ids)
                             for v in shown[column]]
    shown.columns = [labels.get(str(c), str(c)) for c in shown.columns]
    data = base64.b64encode(shown.to_csv(index=False, lineterminator="\n").encode("utf-8")).decode("ascii")
    words = re.sub(r"[^a-z0-9]+", "-", (caption or "table").lower()).strip("-")
    # Cut at a word boundary, so the file's name never ends mid-word.
    name = (words if len(words) <= 60 else words[:61].rsplit("-", 1)[0]) or "table"
    return (f'<p class="downloads"><a href="data:text/csv;charset=utf-8;base64,{data}" download="{name}.csv">'
            f'Download this table<span class="visually-hidden">: {html.escape(caption or "table")}</span> (CSV)</a></p>')


def table(frame: pd.DataFrame, caption: str = "", float_format: str = "{:,.2f}", labels: dict | None = None,
          missing: str = "", folded: bool = False) -> None:
    display(HTML(table_html(frame, caption, float_format, labels, missing, folded)))


def figure(markup: str) -> None:
    display(HTML(markup))


def markup(html_text: str) -> None:
    """Markup built with every value escaped (answers.source_line, for one)."""
    display(HTML(html_text))


def heading(text: str, level: int = 3) -> None:
    from police_breaches.publish.words import plain

    display(Markdown(f"{'#' * level} {md(plain(text, {}))}"))
