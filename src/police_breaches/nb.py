"""Display helpers for the notebooks: tables as plain HTML tables, sentences with numbers, figures by link.

The markup is deterministic (no random ids) so that two builds of the report compare byte for byte.
"""

from __future__ import annotations

import html
import re

import pandas as pd
from IPython.display import HTML, Markdown, display


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#])")


def md(text) -> str:
    """A string from the data, made safe to put inside Markdown: its punctuation stays punctuation."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text))


def say(text: str) -> None:
    """A sentence for the reader, with the numbers already filled in from the data."""
    display(Markdown(text))


def table(frame: pd.DataFrame, caption: str = "", float_format: str = "{:,.2f}") -> None:
    formatted = frame.copy()
    for column in formatted.columns:
        if pd.api.types.is_float_dtype(formatted[column]):
            formatted[column] = formatted[column].map(lambda v: "" if pd.isna(v) else float_format.format(v))
        else:
            formatted[column] = formatted[column].map(lambda v: "" if v is None or (not isinstance(v, str) and pd.isna(v)) else v)
    markup = formatted.to_html(index=False, escape=True, border=0, classes="data-table", na_rep="")
    if caption:
        markup = markup.replace(">\n  <thead>", f">\n  <caption>{html.escape(caption)}</caption>\n  <thead>", 1)
    display(HTML(markup))


def figure(markup: str) -> None:
    display(HTML(markup))
