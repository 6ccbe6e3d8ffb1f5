"""What a reader reads: every page parses as strict HTML, and no code name, ISO date or note to a programmer
reaches the text of the report, the force index or a force page.

Text inside <code> is for the researcher re-running the analysis (a parameter's name) and is left alone; so
is a raw file's name (data/raw/foi/wmp_4658_14_by_month.csv names a file a reader can download). Where the
project's code and settings live (config/, params/, notebooks/, a .py or .yml file) is said only in the
appendices for researchers (Methodology, where every figure comes from, Parameters), never in the story.
"""

from __future__ import annotations

import html
import re

import pytest
from conftest import built_pages

from police_breaches.publish.words import plain

NOT_FOR_READERS = {
    "a code name": re.compile(r"(?<![\w/.\-])[a-z][a-z0-9]*_[a-z0-9_]+(?![\w./\-])"),
    "an ISO date": re.compile(r"(?<![\w/.\-])\d{4}-\d{2}-\d{2}(?![\w/.\-])"),
    "an ISO interval": re.compile(r"\d{4}-\d{2}(?:-\d{2})?/\d{4}"),
    "a note to a programmer": re.compile(r"\b(?:[Tt]his notebook|TODO|None|nan|NaN|<NA>)\b"),
    "an id for a kind of worker": re.compile(r"\bpcsos?\b"),  # PCSOs, as the Home Office writes them
}


PROJECT_PATH = re.compile(r"(?:\b(?:config|params|notebooks|src|tools|data/processed)/[\w./<>*-]*|\b[\w-]+\.(?:py|yml)\b)")
FOR_RESEARCHERS = re.compile(r'<section id="(?:methodology|provenance|parameters)">.*?</section>', re.S)


def project_paths(markup: str) -> list[str]:
    """Where a page names the project's code or settings outside the appendices for researchers."""
    markup = re.sub(r"<(style|script)\b.*?</\1>", " ", FOR_RESEARCHERS.sub(" ", markup), flags=re.S)
    text = html.unescape(re.sub(r"<[^>]+>", " ", re.sub(r'\b(?:href|src)="[^"]*"', "", markup)))
    return [f"{m.group(0)!r} in …{text[max(0, m.start() - 60):m.end() + 30]!r}" for m in PROJECT_PATH.finditer(text)]


def reader_text(markup: str) -> str:
    markup = re.sub(r"<(style|script|code|pre|svg)\b.*?</\1>", " ", markup, flags=re.S)
    markup = re.sub(r'\b(?:href|src)="[^"]*"', "", markup)
    return html.unescape(re.sub(r"<[^>]+>", " ", markup))


def problems(markup: str) -> list[str]:
    text = reader_text(markup)
    return [f"{what}: {match.group(0)!r} in …{text[max(0, match.start() - 60):match.end() + 30]!r}"
            for what, pattern in NOT_FOR_READERS.items() for match in pattern.finditer(text)]


@pytest.fixture(scope="module")
def pages(built_project) -> dict[str, str]:
    return built_pages(built_project)


def test_the_check_sees_each_kind_of_text_not_for_readers():
    """Made-up markup, for this test only."""
    assert len(problems("<p>status not_revealed, 2011-06-01/2015-12-31, as at 2015-03-31; This notebook; pcsos</p>")) == 5
    assert problems("<p>Read <code>params/02_rankings_2011_2015.yml</code> and data/raw/foi/wmp_4658_14.csv.</p>") == []


def test_the_path_check_sees_paths_in_the_story_but_not_in_the_appendices_for_researchers():
    """Made-up markup, for this test only."""
    story = "<p>Set in <code>params/09_force_page.yml</code>; the labels in config/labels.csv; notebooks/02_x.py.</p>"
    assert len(project_paths(story)) == 3
    assert project_paths(f'<section id="parameters">{story}</section><p>data/raw/foi/x.csv</p>') == []


def test_no_page_names_the_projects_code_or_settings_outside_the_appendices(pages):
    found = {page: project_paths(markup) for page, markup in pages.items()}
    assert {page: p[:5] for page, p in found.items() if p} == {}


def test_no_page_shows_a_code_name_an_iso_date_or_a_note_to_a_programmer(pages):
    found = {page: problems(markup) for page, markup in pages.items()}
    assert {page: p[:5] for page, p in found.items() if p} == {}


def test_every_page_parses_as_strict_html(pages):
    import html5lib

    for _page, markup in pages.items():
        html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(markup)  # raises on any markup error


@pytest.mark.parametrize("text, expected", [
    ("designated_officers FTE for west_midlands at 2016-09-30", "designated officers FTE for West Midlands Police at "
                                                                "30 September 2016"),
    ("covers 2011-06-01/2015-12-31", "covers 1 June 2011 – 31 December 2015"),
    ("data/raw/foi/wmp_4658_14_by_month.csv, FOI 4658_14, 2011-12 and 1022.2016-17", "data/raw/foi/wmp_4658_14_by_month.csv, "
                                                                                    "FOI 4658_14, 2011-12 and 1022.2016-17"),
    ("by staff_group", "by staff group"),
])
def test_ids_become_names_and_dates_words_but_file_names_and_references_stay(text, expected):
    assert plain(text, {"west_midlands": "West Midlands Police", "designated_officers": "designated officers"}) == expected


def test_a_column_of_full_time_equivalents_keeps_its_decimals_in_every_row():
    """Made-up workforce figures: a whole number of FTE still reads 28.00 beside 0.50, never 28 beside 0.5;
    a column of counts stays whole."""
    import pandas as pd

    from police_breaches.publish.nb import table_html

    frame = pd.DataFrame({"designated_officers": [28.0, 0.0], "workforce_fte": [100.0, 7.5], "breaches": [3, 4]})
    cells = re.findall(r'data-label="([^"]+)">([^<]*)</td>', table_html(frame))
    shown = {}
    for label, value in cells:
        shown.setdefault(label, []).append(value)
    assert list(shown.values()) == [["28.00", "0.00"], ["100.00", "7.50"], ["3", "4"]], shown


def test_every_page_has_a_description_and_an_icon_that_travel_with_it(pages):
    """What a search result or a shared link shows, and the tab's icon, inline so an e-mailed page keeps both."""
    for page, markup in pages.items():
        head = markup[:markup.index("</head>")]
        description = re.search(r'<meta name="description" content="([^"]+)">', head)
        assert description and len(description.group(1)) > 40, page
        assert '<link rel="icon" href="data:image/svg+xml,' in head, page
