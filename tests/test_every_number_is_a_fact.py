"""Every number on every page is a fact from the facts table, stated in the fact's own period (the reader is in
facts_on_pages.py). The reader is tested first on made-up pages, where it must find what was planted."""

from __future__ import annotations

import json

import pytest
from conftest import ROOT, built_pages, facts_in
from facts_on_pages import quoted, unexplained


def manifest() -> dict:
    return json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))


def test_the_reader_finds_a_number_that_is_no_fact_and_a_fact_in_another_s_period(real_facts):
    facts = real_facts.frame
    quotes = quoted(manifest(), facts)
    made_up = {  # invented sentences, for testing the reader only
        "a figure that is no fact": "<p>West Midlands Police reported 489 data breaches between June 2011 and "
                                    "December 2015.</p>",
        "a window for a period": "<p>West Midlands Police reported 488 data breaches between January 2011 and "
                                 "December 2016.</p>",
        "a span of years that is no fact": "<p>The breaches span 16.3 years.</p>",
        "a figure of one year said of another": "<p>West Midlands Police reported 488 data breaches in 2016.</p>",
    }
    for what, page in made_up.items():
        assert unexplained(what, page, facts, quotes), what
    true = ("<p>West Midlands Police reported 488 data breaches between June 2011 and December 2015, 2.4 times as many "
            "as the next force with a known total (Surrey Police, 202).</p><p>The largest category, inappropriate "
            "disclosure, accounts for 7 (29.2%) of 24 data breaches in 2016.</p>")
    assert unexplained("true", true, facts, quotes) == []


@pytest.fixture(scope="module")
def pages(built_project) -> dict[str, str]:
    return built_pages(built_project)


def test_every_number_on_every_page_is_a_fact_in_its_own_period(built_project, pages):
    facts = facts_in(built_project).frame
    quotes = quoted(manifest(), facts)
    problems = [problem for page, markup in pages.items() for problem in unexplained(page, markup, facts, quotes)]
    assert problems == [], "\n".join(problems[:40]) + f"\n({len(problems)} in all)"
