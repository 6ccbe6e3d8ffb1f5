"""Text as every layer writes it: Markdown made safe, labels folded for matching, ordinals and dates in words.

Here, not with the pages, because error messages and data checks say dates and places the same way the
report does."""

from __future__ import annotations

import re
from datetime import date

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#!()])")


def md(text) -> str:
    """A string from the data, made safe to put inside Markdown: its punctuation stays punctuation, on one line."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", re.sub(r"\s+", " ", str(text)))


def normalise(text: str) -> str:
    """Fold the differences that carry no meaning: case, '&' vs 'and', spacing, a leading 'the'."""
    text = str(text).replace("&", " and ").replace("–", "-").casefold()
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r"^the ", "", text)


def ordinal(n: int) -> str:
    n = int(n)
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def date_words(text: str) -> str:
    """A date as a reader writes it: '2016-07-14' → '14 July 2016', '2016-07' → 'July 2016' (anything after the
    date, such as a note in brackets, kept)."""
    found = re.match(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?(.*)$", str(text), re.S)
    if not found or not found.group(2):
        return str(text)
    year, month, rest = int(found.group(1)), int(found.group(2)), found.group(4)
    when = date(year, month, int(found.group(3) or 1))
    return (f"{when.day} {when:%B %Y}" if found.group(3) else f"{when:%B %Y}") + rest

