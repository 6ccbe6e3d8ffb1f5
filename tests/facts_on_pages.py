"""Every number on a page is a fact, in the fact's own period: the reader the tests use (no test here).

A page is reduced to what a reader sees (text, captions, table cells, chart descriptions), one block per
paragraph, list item, table row or caption, and each block cut into sentences. What the page quotes from its
sources (titles, labels and wording as published, source names, notes) is set aside first, and so are dates,
years, identifiers and the method's own constants (per 1,000, a 95% interval). Every number left must be:

- the figure of a fact (``data/processed/facts.csv``) as the pages write it: its value, its interval or range,
  what it is out of, or its share of that;
- or a comparison of two facts the same block states: a share ('7 (29.2%)') or a multiple ('10 times').

Where the sentence names a period, one of the facts the number can be must have that period: a figure is
never said to be of a window it was not counted over.
"""

from __future__ import annotations

import html
import re
from itertools import permutations

import pandas as pd

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
SHORT = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"
ORDINAL = r"\d+(?:st|nd|rd|th)"
NUMBER = re.compile(rf"(?<![\w.,/%-])(?:({ORDINAL})(?:\s*[–-]\s*({ORDINAL}))?|(\d{{1,3}}(?:,\d{{3}})+|\d+)(\.\d+)?(%)?)"
                    r"(?![\w/-]|\.\d|,\d{3})")
CONSTANTS = [r"per 1,000", r"95\s?%", r"\b1,000 (?:FTE|full-time|workforce|officers)", r"Table[_ ]\d+",
             r"\b\d+ rows?\b", r"\bversion [\d.]+", r"\bcommit \w+", r"sha256 \w+", r"\b\d+ working days?\b",
             r"\btop \d+\b", r"\bten times\b", r"\bsection \d+\b", r"\b20\d{2}/\d{2}\b",
             r"\bFOI [\w./-]+"]  # an answer's reference
DATES = [rf"\b\d{{1,2}} (?:{MONTHS})(?: \d{{4}})?\b", rf"\b(?:{MONTHS}|{SHORT}) \d{{4}}", r"\b\d{4}-\d{2}-\d{2}\b",
         r"\b(?:19|20)\d{2}(?:\s*[–-]\s*(?:19|20)?\d{2})?\b"]


def text_blocks(markup: str) -> list[str]:
    """What a reader sees, one block per paragraph, item, row, caption or chart description; a letter set out
    to be copied (the FOI request) and code (a parameter's value, a path) are no statements of the project's."""
    markup = re.sub(r"<(style|script|pre|code)\b.*?</\1>", " ", markup, flags=re.S)  # code: names, paths, values
    markup = re.sub(r'href="data:[^"]*"', "", markup)
    markup = re.sub(r"<(svg)\b.*?<title[^>]*>(.*?)</title>.*?</svg>", r"<p>\2</p>", markup, flags=re.S)
    markup = re.sub(r'<img\b[^>]*\balt="([^"]*)"[^>]*>', r"<p>\1</p>", markup)
    parts = re.split(r"<(?:/?p|/?li|/?tr|/?h\d|/?caption|/?figcaption|/?summary|br|/?td|/?th)\b[^>]*>", markup)
    return [text for part in parts
            if (text := re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", part))).strip())]


def quoted(manifest: dict, facts: pd.DataFrame, extra: list[str] = ()) -> list[str]:
    """Text the pages quote from their sources, longest first (so a title is set aside before a word in it)."""
    found = {r.get("title", "") for r in manifest["resources"]} | {r["path"] for r in manifest["resources"]}
    for entry in manifest["resources"]:
        for source in entry["sources"]:
            found |= {str(source.get(k, "")) for k in ("title", "publisher", "notes", "completeness", "period",
                                                        "published", "kind", "source_id")}
    for column in ("label", "status_detail", "period_label", "caveats", "partial", "unit", "subject_name", "scope"):
        for value in facts[column].dropna().astype(str):
            found |= {value, *value.split("; ")}
    # a quotation is text with words in it: a bare figure ('16') is a figure, to be checked as one, and a date
    # ('December 2015') is a date, set aside as one wherever it is
    dates = re.compile("(?:" + "|".join(DATES) + r")[\s–-]*")
    return sorted({q.strip() for q in [*found, *extra] if q and len(q.strip()) >= 6 and re.search(r"\d", q)
                   and re.search(r"[A-Za-z]{2}", q) and not dates.fullmatch(q.strip())}, key=len, reverse=True)


def periods_in(sentence: str) -> set[tuple[str, str]]:
    """The periods a sentence names, as (start, end): '1 June 2011 – 31 December 2015', 'June 2011 – December
    2015', 'between June 2011 and December 2015', 'in 2016'."""
    month = {m: i + 1 for i, m in enumerate(MONTHS.split("|"))} | {m: i + 1 for i, m in enumerate(SHORT.split("|"))}
    found = set()
    for a, b, c, d, e, f in re.findall(rf"(\d{{1,2}}) ({MONTHS}) (\d{{4}}) (?:–|-|to) (\d{{1,2}}) ({MONTHS}) (\d{{4}})",
                                       sentence):
        found.add((f"{c}-{month[b]:02d}-{int(a):02d}", f"{f}-{month[e]:02d}-{int(d):02d}"))
    for a, b, c, d in re.findall(rf"(?<!\d )\b({MONTHS}|{SHORT}) (\d{{4}}) (?:–|-|and) ({MONTHS}|{SHORT}) (\d{{4}})",
                                 sentence):
        end = pd.Timestamp(f"{d}-{month[c]:02d}-01") + pd.offsets.MonthEnd(0)
        found.add((f"{b}-{month[a]:02d}-01", end.strftime("%Y-%m-%d")))
    for year in re.findall(r"\bin ((?:19|20)\d{2})\b", sentence):
        found.add((f"{year}-01-01", f"{year}-12-31"))
    return found


def written_forms(facts: pd.DataFrame) -> dict[str, list[tuple[str, str]]]:
    """Each way a page may write a fact's figure → the periods of the facts written so."""
    from police_breaches.analysis.fact import measure
    from police_breaches.core.text import ordinal
    from police_breaches.publish.figures import number, percent

    forms: dict[str, list[tuple[str, str]]] = {}

    def add(text: str, row) -> None:
        forms.setdefault(text, []).append((row.period_start, row.period_end))

    for row in facts.itertuples(index=False):
        fmt = measure(row.measure)["format"]
        values = [v for v in (row.value, row.low, row.high) if v is not None and not pd.isna(v)]
        for value in values:
            if fmt in ("place", "rank_range"):
                add(ordinal(value), row)
                add(f"{int(value)}", row)
            elif fmt == "count":
                add(f"{int(value):,}", row)
                add(f"{int(value)}", row)
            else:
                for shown in {number(value, fmt), f"{float(value):.2f}", f"{float(value):,.2f}"}:
                    add(shown, row)
        if row.low is not None and not pd.isna(row.low) and fmt == "rank_range":
            add(f"{ordinal(row.low)}–{ordinal(row.high)}", row)
        if row.of is not None and not pd.isna(row.of):
            if fmt in ("count", "place", "rank_range") or float(row.of).is_integer():  # a whole: how many
                add(f"{int(row.of):,}", row)
                add(f"{int(row.of)}", row)
            else:
                add(number(row.of, fmt), row)
            if row.value is not None and not pd.isna(row.value) and row.of:
                add(percent(row.value, row.of), row)
    return forms


def unexplained(page: str, markup: str, facts: pd.DataFrame, quotes: list[str]) -> list[str]:
    """Each number on the page that is no fact, and each fact said to be of a period it was not counted over."""
    from police_breaches.publish.figures import percent

    forms = written_forms(facts)
    problems = []
    for block in text_blocks(markup):
        for quote in quotes:  # what a source said is no claim of the page's: set aside whole, before any split
            if quote in block:
                block = re.sub(rf"(?<!\w){re.escape(quote)}(?!\w)", " «quoted» ", block)
        sentences = [(periods_in(sentence), _figures_only(sentence))
                     for sentence in re.split(r"(?<=[.;:])\s+(?=[A-Z*])", block)]
        plain = [m.group(0) for _, said in sentences for m in NUMBER.finditer(said)
                 if re.fullmatch(r"[\d,]+(\.\d+)?", m.group(0))]
        for periods, said in sentences:
            for match in NUMBER.finditer(said):
                shown = match.group(0)
                if shown in forms:
                    fact_periods = set(forms[shown])
                    if periods and not (fact_periods & periods) and not any(not s for s, _ in fact_periods):
                        problems.append(f"{page}: {shown} is stated for {sorted(periods)}, but no fact of that figure "
                                        f"has that period ({sorted(fact_periods)[:3]}): …{said[:160]}")
                    continue
                if shown.endswith("%") and any(percent(_value(a), _value(b)) == shown
                                               for a, b in permutations(plain, 2) if _value(b)):
                    continue  # a share of one fact in another, both stated here
                if re.fullmatch(r"\d+", shown) and re.search(rf"\b{shown} times\b", said) and any(
                        _could_be(int(shown), a, b) for a, b in permutations(plain, 2)):
                    continue  # a multiple of one fact by another, both stated here
                problems.append(f"{page}: {shown} is no fact: …{said[:160]}")
    return problems


def _figures_only(sentence: str) -> str:
    """A sentence without its dates and the method's constants."""
    said = re.sub("|".join(DATES), " ", sentence)
    for pattern in CONSTANTS:
        said = re.sub(pattern, " ", said)
    return said


def _value(shown: str) -> float:
    return float(shown.replace(",", ""))


def _could_be(multiple: int, a: str, b: str) -> bool:
    """Whether a / b, each as rounded where it is written, can round to ``multiple``."""
    half = 0.5 * 10 ** -(len(a.split(".")[1]) if "." in a else 0), 0.5 * 10 ** -(len(b.split(".")[1]) if "." in b else 0)
    low, high = _value(b) - half[1], _value(b) + half[1]
    if low <= 0:
        return False
    return (_value(a) - half[0]) / high <= multiple + 0.5 and (_value(a) + half[0]) / low >= multiple - 0.5
