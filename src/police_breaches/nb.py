"""Display helpers for the notebooks: sentences with numbers, tables, and figures.

The markup is deterministic (no random ids) so that two builds of the report compare byte for byte. Every
value is escaped; column names become the human labels in ``config/column_labels.csv``; numbers are
right-aligned with thousands separators.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from types import MappingProxyType

import pandas as pd
from IPython.display import HTML, Markdown, display

from . import configuration

NUM = ' class="num"'
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#!()])")


def md(text) -> str:
    """A string from the data, made safe to put inside Markdown: its punctuation stays punctuation, on one line."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", re.sub(r"\s+", " ", str(text)))


def say(text: str) -> None:
    """A sentence for the reader, with the numbers already filled in from the data (nothing, for no text)."""
    if text:
        display(Markdown(text))


@lru_cache(maxsize=None)
def column_labels() -> MappingProxyType:
    """config/column_labels.csv, read once (and not to be changed: every table of the run shares it)."""
    return MappingProxyType({row["column"]: row["label"] for row in configuration.table("column_labels.csv")})


def _cell(value, numeric: bool, float_format: str, plain: bool, missing: str = "") -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return missing
    if numeric and isinstance(value, (int, float)) and not isinstance(value, bool):
        if float(value).is_integer():
            return str(int(value)) if plain else f"{int(value):,}"
        return float_format.format(value)
    return str(value)


def table_html(frame: pd.DataFrame, caption: str = "", float_format: str = "{:,.2f}", labels: dict | None = None,
               cards: bool = False, missing: str = "") -> str:
    """An HTML table: human column labels, numbers right-aligned, in a wrapper that scrolls with a visible cue.

    The caption is shown above the scrolling region, so it wraps to the screen however wide the table is; the
    table keeps it too, hidden, for screen readers. ``cards``: on a phone, each row becomes a card of
    label: value lines instead of a table to scroll (for tables of a few rows with long text). ``missing``
    is what an empty cell says.
    """
    names = {**column_labels(), **(labels or {})}
    numeric = {c: pd.api.types.is_numeric_dtype(frame[c]) and not pd.api.types.is_bool_dtype(frame[c])
               for c in frame.columns}
    plain = {c: bool(re.search(r"year|rank", str(c))) for c in frame.columns}  # 2016 and rank 3, not 2,016
    shown = {c: html.escape(names.get(str(c), str(c))) for c in frame.columns}
    head = "".join(f'<th scope="col"{NUM if numeric[c] else ""}>{shown[c]}</th>' for c in frame.columns)
    body = "".join("<tr>" + "".join(
        f'<td{NUM if numeric[c] else ""} data-label="{shown[c]}">{html.escape(_cell(v, numeric[c], float_format, plain[c], missing))}</td>'
        for c, v in zip(frame.columns, row)) + "</tr>" for row in frame.itertuples(index=False))
    label = html.escape(caption or "table")
    shown_caption = f'<p class="table-caption" aria-hidden="true">{label}</p>' if caption else ""
    caption_html = f'<caption class="visually-hidden">{label}</caption>' if caption else ""
    kind = "data-table cards" if cards else "data-table"
    return (f'{shown_caption}<div class="table-scroll" role="region" aria-label="{label}" tabindex="0">'
            f'<table class="{kind}">{caption_html}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>')


def table(frame: pd.DataFrame, caption: str = "", float_format: str = "{:,.2f}", labels: dict | None = None,
          cards: bool = False, missing: str = "") -> None:
    display(HTML(table_html(frame, caption, float_format, labels, cards, missing)))


def figure(markup: str) -> None:
    display(HTML(markup))


def markup(html_text: str) -> None:
    """Markup built with every value escaped (answers.source_line, for one)."""
    display(HTML(html_text))


def heading(text: str, level: int = 3) -> None:
    display(Markdown(f"{'#' * level} {md(text)}"))
