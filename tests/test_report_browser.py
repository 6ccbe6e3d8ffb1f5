"""The built report in headless Chromium, on a phone (400 px), a desktop (1280 px) and A4 paper (print).

`make browser` installs Chromium (Debian's package, or Playwright's own browser where apt is missing; CI
runs it). Without Chromium these tests are skipped, and the test summary says so plainly; under CI they
fail instead. A full-page screenshot of each screen view is saved to build/ as a build artefact.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from conftest import launch, needs_chromium

ROOT = Path(__file__).resolve().parents[1]
A4_PRINTABLE_PX = round((210 - 2 * 14) / 25.4 * 96)  # A4 less the stylesheet's 14 mm margins, at 96 px per inch


pytestmark = needs_chromium

MEASURE = """() => {
  const clipped = [];
  for (const el of document.querySelectorAll('p, li, td, th, caption, figcaption, h1, h2, h3, h4, code, pre')) {
    if (el.matches('.visually-hidden')) continue;  // for screen readers only: shown above the table as well
    if (el.closest('.table-scroll') && !el.matches('caption')) {
      if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'visible') clipped.push(el.tagName + ': ' + el.textContent.slice(0, 60));
      continue;
    }
    if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'visible') clipped.push(el.tagName + ': ' + el.textContent.slice(0, 60));
  }
  const scrollers = [...document.querySelectorAll('.table-scroll')].map(el => ({
    label: el.getAttribute('aria-label'), overflowing: el.scrollWidth > el.clientWidth + 1,
    overflow: getComputedStyle(el).overflowX, cue: getComputedStyle(el).backgroundImage}));
  const figures = [...document.querySelectorAll('img, svg[role=img]')].map(el => {
    const box = el.getBoundingClientRect();
    const label = el.tagName === 'IMG' ? el.alt : ((document.getElementById(el.getAttribute('aria-labelledby')) || {}).textContent || '');
    return {tag: el.tagName.toLowerCase(), label, left: box.left, right: box.right, width: box.width, height: box.height};
  });
  return {pageWidth: document.documentElement.scrollWidth, viewport: document.documentElement.clientWidth,
          clipped, scrollers, figures,
          headline: (document.querySelector('.headline') || {getBoundingClientRect: () => ({top: -1})}).getBoundingClientRect().top,
          nav: document.querySelector('nav').getBoundingClientRect().top,
          links: [...document.querySelectorAll('a[href]')].map(e => e.getAttribute('href')),
          ids: [...document.querySelectorAll('[id]')].map(e => e.id),
          captions: [...document.querySelectorAll('table caption')].map(e => e.textContent),
          headers: [...document.querySelectorAll('th')].map(e => e.textContent),
          cards: [...document.querySelectorAll('table.cards td')].map(e => [getComputedStyle(e).display,
                  getComputedStyle(e, '::before').content]),
          numbers: [...document.querySelectorAll('td.num')].map(e => [e.textContent, getComputedStyle(e).textAlign]),
          text: document.body.innerText};
}"""


@pytest.fixture(scope="module", params=["phone", "desktop", "print"])
def view(request, built_project):
    from playwright.sync_api import sync_playwright

    report = built_project / "reports/index.html"
    width = {"phone": 400, "desktop": 1280, "print": A4_PRINTABLE_PX}[request.param]
    problems = []
    with sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page(viewport={"width": width, "height": 900})
        page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
        page.on("requestfailed", lambda r: problems.append(f"failed to load {r.url}"))
        page.goto(report.as_uri(), wait_until="load")
        if request.param == "print":
            page.emulate_media(media="print")
        measured = page.evaluate(MEASURE)
        artefact = ROOT / "build" / f"report-{request.param}.{'pdf' if request.param == 'print' else 'png'}"
        artefact.parent.mkdir(exist_ok=True)
        if request.param == "print":
            page.pdf(path=str(artefact), format="A4", print_background=True)
        else:
            page.screenshot(path=str(artefact), full_page=True)
        browser.close()
    return {"mode": request.param, "width": width, "report": report, "problems": problems, "artefact": artefact,
            **measured}


def test_the_page_loads_without_errors_and_needs_no_network(view):
    assert view["problems"] == []


def test_nothing_runs_off_the_side_of_the_page(view):
    assert view["pageWidth"] <= view["viewport"] + 1, f"{view['mode']}: the page is {view['pageWidth']} px wide"


def test_no_text_is_clipped(view):
    assert view["clipped"] == []


def test_every_figure_is_inline_svg_drawn_whole_with_its_alt_text(view):
    figures = view["figures"]
    assert len(figures) >= 9
    for figure in figures:
        assert figure["tag"] == "svg", figure  # embedded: the page needs no other file to show its charts
        assert figure["width"] > 150 and figure["height"] > 100, figure
        assert figure["left"] >= -1 and figure["right"] <= view["viewport"] + 1, figure
        assert len(figure["label"].strip()) > 20, figure


def test_a_table_wider_than_the_page_scrolls_with_a_visible_cue_and_none_is_wider_on_desktop_or_paper(view):
    for scroller in view["scrollers"]:
        if view["mode"] in ("desktop", "print"):
            assert not scroller["overflowing"], f"{view['mode']}: {scroller['label']} is wider than the page"
        elif scroller["overflowing"]:
            assert scroller["overflow"] == "auto" and "gradient" in scroller["cue"], scroller


def test_the_key_figures_come_before_the_contents(view):
    assert 0 <= view["headline"] < view["nav"] or view["mode"] == "print"
    assert "2,315" in view["text"] and "13 of 45" in view["text"] and "1,394" in view["text"]


def test_tables_have_human_labels_and_right_aligned_numbers(view):
    assert not [h for h in view["headers"] if "_" in h], "a column is labelled with a code name"
    assert view["numbers"] and all(align == "right" for _, align in view["numbers"])
    assert "1,283" in [text for text, _ in view["numbers"]] or "1,283" in view["text"]


def test_the_reproduction_coverage_and_data_quality_tables_are_present(view):
    captions = " | ".join(view["captions"])
    for caption in ("Published figures and what the raw data rebuild", "Coverage of the national total",
                    "Checks that found a disagreement", "Every raw file, its source and its checksum"):
        assert caption in captions


def test_the_summary_comes_first_and_parameters_are_in_one_appendix(view):
    text = view["text"]
    assert text.index("Summary of findings") < text.index("Which forces reported the most data breaches")
    appendix = text[text.index("Parameters\n"):] if "Parameters\n" in text else text[text.rindex("Parameters"):]
    assert "top_n=10" in appendix and "period_start='2011-06-01'" in appendix
    assert text.count("top_n=10") == 1


def test_the_footer_names_the_build_and_how_to_cite_it(view):
    assert re.search(r"Built (from commit [0-9a-f]{12}|outside a git checkout)", view["text"])
    assert "Cite as:" in view["text"] and "CITATION.cff" in view["text"]


def test_no_link_inside_the_report_is_broken(view):
    external = 0
    for href in view["links"]:
        parsed = urlparse(href)
        if parsed.scheme in ("http", "https"):
            external += 1  # sources on the web: listed, not fetched (no network here)
        elif href.startswith("#"):
            assert href[1:] in view["ids"], href
        else:
            target = (view["report"].parent / unquote(parsed.path)).resolve()
            assert target.is_file(), href
    assert external >= 18


def test_the_artefact_shows_the_whole_page(view):
    if view["mode"] == "print":
        data = view["artefact"].read_bytes()
        assert data.startswith(b"%PDF") and len(re.findall(rb"/Type\s*/Page\b", data)) >= 10
        return
    from PIL import Image

    with Image.open(view["artefact"]) as image:
        width, height = image.size
    assert width == view["width"] and height > 5000


# --------------------------------------------------------------------------- the force pages

FORCE_WIDTHS = {"phone": 400, "desktop": 1280}


@pytest.fixture(scope="module")
def force_views(built_project):
    """Every force page and the index, measured at phone and desktop width; two pages also on paper."""
    from playwright.sync_api import sync_playwright

    pages = sorted((built_project / "reports/forces").glob("*.html"))
    views = []
    with sync_playwright() as playwright:
        browser = launch(playwright)
        for mode, width in FORCE_WIDTHS.items():
            tab = browser.new_page(viewport={"width": width, "height": 900})
            problems = []
            tab.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
            tab.on("pageerror", lambda e: problems.append(f"page error: {e}"))
            tab.on("requestfailed", lambda r: problems.append(f"failed to load {r.url}"))
            for path in pages:
                problems.clear()
                tab.goto(path.as_uri(), wait_until="load")
                views.append({"mode": mode, "path": path, "problems": list(problems), **tab.evaluate(MEASURE)})
            tab.close()
        tab = browser.new_page(viewport={"width": A4_PRINTABLE_PX, "height": 900})
        tab.emulate_media(media="print")
        for name in ("west_midlands", "kent"):
            tab.goto((built_project / f"reports/forces/{name}.html").as_uri(), wait_until="load")
            views.append({"mode": "print", "path": built_project / f"reports/forces/{name}.html", "problems": [],
                          **tab.evaluate(MEASURE)})
        browser.close()
    return views


def test_there_are_46_pages_each_seen_at_each_width(force_views):
    assert len(force_views) == 46 * len(FORCE_WIDTHS) + 2


def test_every_force_page_loads_without_errors_and_nothing_runs_off_the_side(force_views):
    for view in force_views:
        where = f"{view['path'].name} ({view['mode']})"
        assert view["problems"] == [], where
        assert view["pageWidth"] <= view["viewport"] + 1, f"{where}: the page is {view['pageWidth']} px wide"
        assert view["clipped"] == [], where
        for scroller in view["scrollers"]:
            if scroller["overflowing"]:
                assert view["mode"] == "phone", f"{where}: {scroller['label']} is wider than the page"
                assert scroller["overflow"] == "auto" and "gradient" in scroller["cue"], (where, scroller)


def test_every_force_page_has_human_labels_and_no_broken_link(force_views):
    for view in force_views:
        where = f"{view['path'].name} ({view['mode']})"
        assert not [h for h in view["headers"] if "_" in h], f"{where}: a column is labelled with a code name"
        for href in view["links"]:
            parsed = urlparse(href)
            if parsed.scheme in ("http", "https"):
                continue
            if href.startswith("#"):
                assert href[1:] in view["ids"], (where, href)
            else:
                assert (view["path"].parent / unquote(parsed.path)).resolve().is_file(), (where, href)
        assert "Cite as:" in view["text"], where


def test_on_a_phone_a_table_of_long_text_becomes_cards_with_their_labels(force_views):
    view = next(v for v in force_views if v["path"].name == "west_midlands.html" and v["mode"] == "phone")
    assert len(view["cards"]) >= 14
    assert {display for display, _ in view["cards"]} == {"block"}  # 'label: value' lines, not a table to swipe
    assert '"Counting unit: "' in {label for _, label in view["cards"]}
    desktop = next(v for v in force_views if v["path"].name == "west_midlands.html" and v["mode"] == "desktop")
    assert {display for display, _ in desktop["cards"]} == {"table-cell"}


def test_the_index_sorts_by_any_column_with_unknowns_last(built_project):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        tab = browser.new_page(viewport={"width": 1280, "height": 900})
        tab.goto((built_project / "reports/forces/index.html").as_uri(), wait_until="load")
        column = "() => [...document.querySelectorAll('tbody tr')].map(r => r.cells[2].textContent)"
        tab.click("th:nth-child(3) button")
        ascending = tab.evaluate(column)
        tab.click("th:nth-child(3) button")
        descending = tab.evaluate(column)
        sort_state = tab.evaluate("() => document.querySelector('th:nth-child(3)').getAttribute('aria-sort')")
        browser.close()
    published = [int(v.replace(",", "")) for v in ascending if v[0].isdigit()]
    assert len(published) == 13 and published == sorted(published)
    unknown = {"not known", "not revealed"}  # no total known; or the force would not give one (Northumbria)
    assert len(ascending) == 45 and set(ascending[13:]) == unknown
    assert [int(v.replace(",", "")) for v in descending[:13]] == sorted(published, reverse=True)
    assert descending[0] == "488" and set(descending[13:]) == unknown
    assert sort_state == "descending"
