"""Every chart's text lies inside the figure and overlaps no other text, at every width a parameter allows.

The charts are drawn from the real data (and from made-up ties, marked as such), rendered with Agg, and
every visible text artist's window extent is checked against the figure and against every other text.
"""

from __future__ import annotations

import itertools

import matplotlib
import matplotlib.text
import pandas as pd
import pytest
from matplotlib.text import Text

from police_breaches.analysis import breakdowns, context
from police_breaches.publish import charts
from police_breaches.sources.vocab import Vocabularies

PERIOD = ("2011-06-01", "2015-12-31")
WIDTHS = [3, 4.8, 12]


@pytest.fixture(scope="module")
def data(real_facts, processed_tables, vocab):
    """The tables the charts draw, as the notebooks read them: views of the facts."""
    outcomes, summary = real_facts.outcomes(PERIOD, vocab.taxonomy.names("outcome"))
    return {"observations": processed_tables["observations"], "facts": real_facts, "ranked": real_facts.ranking(PERIOD),
            "coverage": real_facts.coverage(PERIOD), "rates": real_facts.rates(PERIOD), "breakdowns": outcomes,
            "summary": summary}


def problems(chart) -> list[str]:
    """Text outside the figure, or overlapping other text (1 px of tolerance)."""
    fig = chart.fig
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    frame = fig.bbox
    texts = [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]
    boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in texts]
    found = []
    for text, box in boxes:
        if box.x0 < frame.x0 - 1 or box.y0 < frame.y0 - 1 or box.x1 > frame.x1 + 1 or box.y1 > frame.y1 + 1:
            found.append(f"outside the figure: {text!r}")
    for (a, box_a), (b, box_b) in itertools.combinations(boxes, 2):
        if box_a.shrunk(0.98, 0.9).overlaps(box_b.shrunk(0.98, 0.9)):
            found.append(f"overlapping: {a!r} and {b!r}")
    return found


def every_chart(data, width: float) -> dict:
    ranked, rates, coverage = data["ranked"], data["rates"], data["coverage"]
    made = {
        "ranking": charts.ranking_chart(ranked, 10, ["west_midlands"], coverage, PERIOD, width),
        "ranking_all": charts.ranking_chart(ranked, 50, ["west_midlands", "surrey"], coverage, PERIOD, width),
        "ranking_one": charts.ranking_chart(ranked, 1, [], coverage, PERIOD, width),
        "rates": charts.rate_chart(rates, ["west_midlands"], "2015-03-31", PERIOD, coverage, width),
        "slope": charts.slope_chart(rates, ["west_midlands"], PERIOD, coverage, width),
        "empty": charts.ranking_chart(ranked.iloc[0:0], 10, [], coverage, PERIOD, width),
    }
    vocab = Vocabularies.load("config")
    breakdown = data["facts"].categories("west_midlands", 2016, vocab.taxonomy.names("category"),
                                         breakdowns.units_in_order(), {})[0]
    made["categories"] = charts.category_chart(breakdown, "West Midlands Police", 2016, True, width, "a source",
                                               ["a caveat printed under the chart"])
    summary = data["summary"].set_index("body")
    for body, group in data["breakdowns"].groupby("body"):
        made[f"outcomes {body}"] = charts.outcome_chart(group, summary.loc[body].to_dict(), PERIOD, width, "a source")
    series, notes = context.annotate_series(data["facts"].series("west_midlands", {}))
    made["in_context"] = charts.context_chart(series, "West Midlands Police", width, "a source", notes)
    return made


@pytest.mark.parametrize("width", WIDTHS)
def test_no_text_is_clipped_or_overlapping(data, width):
    found = {name: problems(chart) for name, chart in every_chart(data, width).items()}
    assert {name: p for name, p in found.items() if p} == {}


@pytest.mark.parametrize("width", WIDTHS)
def test_no_force_name_is_broken_mid_word(data, width):
    """A label wraps between words, never inside a force's name ('Northamptonshir-e'); only the slope chart,
    with a column of names on each side, may break one on a chart narrower than 4 inches."""
    found = {name: [t.get_text() for t in chart.fig.findobj(matplotlib.text.Text) if "-\n" in t.get_text()]
             for name, chart in every_chart(data, width).items() if width >= 4 or name != "slope"}
    assert {name: texts for name, texts in found.items() if texts} == {}


def test_tied_forces_are_labelled_together_not_on_top_of_each_other(data):
    """Made-up ties (for this test only): three forces with the same count and rank."""
    rates = data["rates"].copy()
    rates.loc[rates.index[:3], "count_rank"] = 1
    rates.loc[rates.index[3:6], "rate_rank"] = 4
    chart = charts.slope_chart(rates, [], PERIOD, data["coverage"], 4.8)
    assert problems(chart) == []


def test_titles_state_their_scope(data):
    made = every_chart(data, 4.8)
    assert made["ranking"].title.startswith("The 10 largest of the 13 published totals:"), made["ranking"].title
    assert "of the 13 forces with a known total" in made["rates"].title.lower(), made["rates"].title
    assert "the 13 forces with a known total and a workforce figure" in made["slope"].title, made["slope"].title
    assert made["outcomes Dyfed-Powys Police"].title == ("Dyfed-Powys Police: 5 of 8 breaches (62.5%) ended with no "
                                                        "formal action")


def test_a_tie_at_the_top_is_named_as_a_tie():
    """Made-up totals, for this test only."""
    known = pd.DataFrame({"force": ["A Police", "B Police", "C Police"], "value": [40, 40, 10], "rank": [1, 1, 3]})
    assert charts.ranking_title(known) == ("The 3 forces whose totals were published: A Police and B Police reported "
                                           "the most, 40 each")
