"""One number per fact: the report and every force page, read as a reader reads them, never give one fact two
numbers.

A fact is (force, measure, period): a force's total of data breaches in a period, the ranks it can hold, its
rate per 1,000 of its workforce, or how many of its breaches ended in one outcome. The pages are reduced to
their visible text and chart descriptions, cut into sentences, and each number is attached to the force the
sentence names before it. The reader is tested on its own first, on made-up pages (it must see a
contradiction planted in them), so a pass means something.
"""

from __future__ import annotations

import csv
import html
import re
from collections import defaultdict
from pathlib import Path

import pytest
from conftest import built_pages

ROOT = Path(__file__).resolve().parents[1]
ORDINAL = r"\d+(?:st|nd|rd|th)"
RANGE = rf"({ORDINAL}\s*[–-]\s*{ORDINAL}|{ORDINAL}(?= of the \d+ forces that answered))"
MEASURES = {
    "rank range": re.compile(rf"(?<!→ )\b{RANGE}"),
    # the same force's range if the special forces answered too ('9th–20th → 9th–21st')
    "rank range with the special forces": re.compile(rf"(?<=→ ){RANGE}"),
    # a count: 1,000 and more is written with commas, so '2016 breaches' is a year, and '62.5 breaches' a share
    "data breaches": re.compile(r"(?<![\d.,])\b(\d{1,3}(?:,\d{3})*) (?:data )?breaches\b(?! per)"),
    "rate per 1,000": re.compile(r"(?<![\d.,])\b(\d+\.\d) (?:breaches )?per 1,000\b"),
}


def names() -> tuple[list[str], list[str]]:
    """Territorial force names, longest first (so 'West Midlands Police' wins over a shorter name inside it),
    and outcome names as the pages write them."""
    with open(ROOT / "config/forces.csv", encoding="utf-8") as handle:
        forces = sorted({row["name"] for row in csv.DictReader(handle)}, key=len, reverse=True)
    with open(ROOT / "config/canonical.csv", encoding="utf-8") as handle:
        outcomes = [row["name"].lower() for row in csv.DictReader(handle) if row["dimension"] == "outcome"]
    return forces, sorted(outcomes, key=len, reverse=True)


def blocks(markup: str) -> list[str]:
    """The text a reader sees, one block per paragraph, list item, table row, caption or chart description."""
    markup = re.sub(r"<(style|script)\b.*?</\1>", " ", markup, flags=re.S)
    markup = re.sub(r'href="data:[^"]*"', "", markup)
    markup = re.sub(r"<(svg)\b.*?<title[^>]*>(.*?)</title>.*?</svg>", r"<p>\2</p>", markup, flags=re.S)
    markup = re.sub(r'<img\b[^>]*\balt="([^"]*)"[^>]*>', r"<p>\1</p>", markup)
    parts = re.split(r"<(?:/?p|/?li|/?tr|/?h\d|/?caption|/?figcaption|/?summary|br)\b[^>]*>", markup)
    return [re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", part))).strip() for part in parts]


def period_of(sentence: str) -> str:
    """Which period a sentence speaks of: the 2016 report's (June 2011 – December 2015), which is what a sentence
    naming no year is about (the pages' subject); 2016; or the later years it names (a later study's 2020)."""
    years = set(re.findall(r"\b(?:19|20)\d{2}\b", sentence))
    if not years or {"2011", "2015"} & years:
        return "June 2011 – December 2015"
    return " / ".join(sorted(years))


def facts(page: str, markup: str, forces: list[str], outcomes: list[str]) -> list[tuple[tuple, str, str]]:
    """((force, measure, period), number, where) for each number the page ties to a force."""
    force_pattern = re.compile("|".join(re.escape(f) for f in forces))
    outcome_pattern = re.compile(rf"\b({'|'.join(re.escape(o) for o in outcomes)}) (\d[\d,]*)\b", re.I)
    found = []
    for block in blocks(markup):
        block_force = None
        for sentence in re.split(r"(?<=[.;])\s+", block):
            period = period_of(sentence)
            marks = [(m.start(), m.group(0)) for m in force_pattern.finditer(sentence)]
            for measure, pattern in MEASURES.items():
                for match in pattern.finditer(sentence):
                    before = [name for at, name in marks if at < match.start()]
                    if before:
                        number = re.sub(r"\s+", "", match.group(1))
                        found.append(((before[-1], measure, period), number, f"{page}: …{sentence[:160]}"))
            block_force = marks[-1][1] if marks else block_force
            for match in outcome_pattern.finditer(sentence):
                if block_force:  # a chart's list of outcomes names its force once, at its start
                    found.append(((block_force, match.group(1).lower(), period), match.group(2),
                                  f"{page}: …{sentence[:160]}"))
    return found


def contradictions(pages: dict[str, str]) -> list[str]:
    forces, outcomes = names()
    seen: dict[tuple, dict[str, str]] = defaultdict(dict)
    for page, markup in pages.items():
        for fact, number, where in facts(page, markup, forces, outcomes):
            seen[fact].setdefault(number, where)
    return [f"{fact}: " + " | ".join(f"{number} in {where}" for number, where in numbers.items())
            for fact, numbers in seen.items() if len(numbers) > 1]


# --------------------------------------------------------------------------- the reader, on made-up pages

MADE_UP = {  # invented text, for testing the reader only: no figure here is real
    "a.html": "<p>Sussex Police: 63 data breaches between June 2011 and December 2015.</p>"
              "<p>Sussex Police can rank 9th–20th of the 44 forces that answered.</p>"
              "<svg><title>Bar chart: Sussex Police: 3 of 63 breaches. Written warning 2 (3%); Dismissed or "
              "contract terminated 1</title></svg><p>Sussex Police gave 334 data breaches in 2020.</p>",
    "b.html": "<p>Sussex Police's officers and staff committed 64 data breaches between June 2011 and December "
              "2015.</p><p>Sussex Police can rank 9th–21st of the 44 forces that answered.</p>"
              "<p>Sussex Police: written warning 3 of 8.</p><p>Sussex Police gave 335 data breaches in 2020.</p>",
}


def test_the_reader_finds_each_kind_of_contradiction_planted_in_made_up_pages():
    found = "\n".join(contradictions(MADE_UP))
    assert "('Sussex Police', 'data breaches', 'June 2011 – December 2015'): 63" in found
    assert "('Sussex Police', 'rank range', 'June 2011 – December 2015'): 9th–20th" in found
    assert "('Sussex Police', 'written warning'" in found
    assert "('Sussex Police', 'data breaches', '2020'): 334" in found  # a later year's figure, apart from the report's
    assert len(contradictions({"a.html": MADE_UP["a.html"]})) == 0  # one page agrees with itself


def test_the_reader_ties_a_number_to_the_force_named_before_it_not_after():
    forces, outcomes = names()
    page = "<p>Surrey Police reported 202 data breaches in 2015, more than Sussex Police.</p>"
    assert [(fact, number) for fact, number, _ in facts("x", page, forces, outcomes)] == [
        (("Surrey Police", "data breaches", "June 2011 – December 2015"), "202")]


# --------------------------------------------------------------------------- the built pages

@pytest.fixture(scope="module")
def pages(built_project) -> dict[str, str]:
    return built_pages(built_project)


def test_every_page_gives_each_fact_one_number(pages):
    assert not contradictions(pages), "\n".join(contradictions(pages))


def test_the_reader_sees_the_facts_the_pages_are_about(pages):
    """Enough facts are read from the real pages that a contradiction among them would show."""
    forces, outcomes = names()
    read = {fact: number for page, markup in pages.items() for fact, number, _ in facts(page, markup, forces, outcomes)}
    assert read[("West Midlands Police", "data breaches", "June 2011 – December 2015")] == "488"
    assert read[("Dyfed-Powys Police", "management advice or action", "June 2011 – December 2015")] == "5"
    assert read[("Sussex Police", "rank range", "June 2011 – December 2015")].replace(" ", "") == "9th–20th"
    assert sum(1 for fact in read if fact[1] == "rank range") >= 13
