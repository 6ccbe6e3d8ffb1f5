"""Display helpers for the notebooks: sentences with numbers, tables, and figures.

The markup is deterministic (no random ids) so that two builds of the report compare byte for byte. Every
value is escaped; column names become the human labels in ``config/column_labels.csv``; numbers are
right-aligned with thousands separators.
"""

from __future__ import annotations

import csv
import html
import re
from functools import lru_cache

import pandas as pd
from IPython.display import HTML, Markdown, display

from .paths import CONFIG

NUM = ' class="num"'
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#!()])")


def md(text) -> str:
    """A string from the data, made safe to put inside Markdown: its punctuation stays punctuation, on one line."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", re.sub(r"\s+", " ", str(text)))


def say(text: str) -> None:
    """A sentence for the reader, with the numbers already filled in from the data."""
    display(Markdown(text))


@lru_cache(maxsize=None)
def column_labels() -> dict[str, str]:
    with open(CONFIG / "column_labels.csv", encoding="utf-8", newline="") as handle:
        return {row["column"]: row["label"] for row in csv.DictReader(handle)}


def _cell(value, numeric: bool, float_format: str, plain: bool) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if numeric and isinstance(value, (int, float)) and not isinstance(value, bool):
        if float(value).is_integer():
            return str(int(value)) if plain else f"{int(value):,}"
        return float_format.format(value)
    return str(value)


def table_html(frame: pd.DataFrame, caption: str = "", float_format: str = "{:,.2f}", labels: dict | None = None) -> str:
    """An HTML table: human column labels, numbers right-aligned, in a wrapper that scrolls with a visible cue."""
    names = {**column_labels(), **(labels or {})}
    numeric = {c: pd.api.types.is_numeric_dtype(frame[c]) and not pd.api.types.is_bool_dtype(frame[c])
               for c in frame.columns}
    plain = {c: bool(re.search(r"year|rank", str(c))) for c in frame.columns}  # 2016 and rank 3, not 2,016
    head = "".join(f'<th scope="col"{NUM if numeric[c] else ""}>{html.escape(names.get(str(c), str(c)))}</th>'
                   for c in frame.columns)
    body = "".join("<tr>" + "".join(
        f'<td{NUM if numeric[c] else ""}>{html.escape(_cell(v, numeric[c], float_format, plain[c]))}</td>'
        for c, v in zip(frame.columns, row)) + "</tr>" for row in frame.itertuples(index=False))
    label = html.escape(caption or "table")
    caption_html = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    return (f'<div class="table-scroll" role="region" aria-label="{label}" tabindex="0"><table class="data-table">'
            f"{caption_html}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>")


def table(frame: pd.DataFrame, caption: str = "", float_format: str = "{:,.2f}", labels: dict | None = None) -> None:
    display(HTML(table_html(frame, caption, float_format, labels)))


def figure(markup: str) -> None:
    display(HTML(markup))


def markup(html_text: str) -> None:
    """Markup built with every value escaped (answers.source_line, for one)."""
    display(HTML(html_text))


def heading(text: str, level: int = 3) -> None:
    display(Markdown(f"{'#' * level} {md(text)}"))
