"""The built report in headless Chromium, on a phone (400 px), a desktop (1280 px) and A4 paper (print).

`make browser` installs Chromium (Debian's package, or Playwright's own browser where apt is missing; CI
runs it). Without Chromium these tests are skipped, and the test summary says so plainly; under CI they
fail instead. A full-page screenshot of each screen view is saved to build/ as a build artefact.

The page is measured twice: as it opens (its length on a phone, its smallest text, with long tables folded),
then with every folded part opened (its tables, links and words).
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from conftest import launch, needs_chromium

ROOT = Path(__file__).resolve().parents[1]
A4_PRINTABLE_PX = round((210 - 2 * 14) / 25.4 * 96)  # A4 less the stylesheet's 14 mm margins, at 96 px per inch
A4_PRINTABLE_HEIGHT_PX = round((297 - 2 * 14) / 25.4 * 96)
PHONE_SCREEN_PX = 800  # a 400 px wide phone shows about this much of a page at once
# The budget: 25 screens held the report until the section on the later studies (about 4 screens, its list of
# 21 forces the longest part) and their panels beside West Midlands' series; 30 keeps that growth bounded.
MOST_PHONE_SCREENS = 30
SMALLEST_TEXT_PX = 11

# As the page opens: how long it is, how many elements it has, and any text under 11 px, in the page or in a
# chart (a chart is an image of its SVG: its smallest font size times the scale it is shown at).
SVG_OF = "const svgOf = img => decodeURIComponent(img.getAttribute('src').split(',').slice(1).join(','));"
LAYOUT = """() => {
  %(svg_of)s
  const small = [];
  for (const el of document.querySelectorAll('body *')) {
    if (el.matches('.visually-hidden') || !el.getClientRects().length) continue;
    const text = [...el.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent).join('').trim();
    if (text && parseFloat(getComputedStyle(el).fontSize) < %(smallest)s) small.push(el.tagName + ': ' + text.slice(0, 50));
  }
  const charts = [...document.querySelectorAll('figure.chart img')].map(img => {
    const svg = svgOf(img), box = svg.match(/viewBox="[0-9.]+ [0-9.]+ ([0-9.]+)/);  // text sizes are in its units
    const sizes = [...svg.matchAll(/font-size: ?([0-9.]+)px/g)].map(m => parseFloat(m[1]));
    return Math.min(...sizes) * img.getBoundingClientRect().width / parseFloat(box[1]);
  });
  return {height: document.documentElement.scrollHeight, small, elements: document.getElementsByTagName('*').length,
          smallestChartText: charts.length ? Math.min(...charts) : null, charts: charts.length};
}""" % {"smallest": SMALLEST_TEXT_PX, "svg_of": SVG_OF}  # noqa: UP031 - in a format string every JavaScript brace would be doubled
MOST_ELEMENTS = 3000  # as the page opens, folds closed: what a phone must lay out before the reader does anything


def open_every_fold(page) -> None:
    """Open every folded section, and the folds inside them, each once its content is in place."""
    while page.evaluate("() => document.querySelectorAll('details:not([open])').length"):
        page.evaluate("() => document.querySelectorAll('details:not([open])').forEach(d => { d.open = true; })")
        page.wait_for_function("() => [...document.querySelectorAll('details[data-fold][open]')]"
                               ".every(d => d.dataset.opened === 'done')")


PRINT_RULES = "() => { " + SVG_OF + """ return {
  figures: [...document.querySelectorAll('figure')].map(f => [getComputedStyle(f).breakInside, f.getBoundingClientRect().height]),
  rows: [...new Set([...document.querySelectorAll('tr')].map(r => getComputedStyle(r).breakInside))],
  headings: [...new Set([...document.querySelectorAll('h2, h3, h4')].map(h => getComputedStyle(h).breakAfter))],
  headingText: [...document.querySelectorAll('h1, h2, h3, h4, .table-caption')].map(h => h.innerText.trim()).filter(Boolean),
  screen: document.body.innerText + [...document.querySelectorAll('figure.chart img')].map(img => new DOMParser()
    .parseFromString(svgOf(img), 'image/svg+xml').documentElement.textContent).join(' ')}; }"""


pytestmark = needs_chromium

MEASURE = """() => {
  const clipped = [];
  for (const el of document.querySelectorAll('p, li, td, th, caption, figcaption, h1, h2, h3, h4, code, pre')) {
    if (el.matches('.visually-hidden')) continue;  // for screen readers only: shown above the table as well
    if (el.closest('.table-scroll') && !el.matches('caption')) {
      if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'visible')
        clipped.push(el.tagName + ': ' + el.textContent.slice(0, 60));
      continue;
    }
    if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'visible')
      clipped.push(el.tagName + ': ' + el.textContent.slice(0, 60));
  }
  const scrollers = [...document.querySelectorAll('.table-scroll')].map(el => ({
    label: el.getAttribute('aria-label'), overflowing: el.scrollWidth > el.clientWidth + 1,
    grid: !!el.querySelector('table.grid'),
    overflow: getComputedStyle(el).overflowX, cue: getComputedStyle(el).backgroundImage}));
  const figures = [...document.querySelectorAll('img, svg[role=img]')].map(el => {
    const box = el.getBoundingClientRect();
    const label = el.tagName === 'IMG' ? el.alt
      : ((document.getElementById(el.getAttribute('aria-labelledby')) || {}).textContent || '');
    return {tag: el.tagName.toLowerCase(), label, left: box.left, right: box.right, width: box.width, height: box.height};
  });
  return {pageWidth: document.documentElement.scrollWidth, viewport: document.documentElement.clientWidth,
          clipped, scrollers, figures,
          headline: (document.querySelector('.headline') || {getBoundingClientRect: () => ({top: -1})})
            .getBoundingClientRect().top,
          nav: document.querySelector('nav').getBoundingClientRect().top,
          links: [...document.querySelectorAll('a[href]')].map(e => e.getAttribute('href')),
          ids: [...document.querySelectorAll('[id]')].map(e => e.id),
          captions: [...document.querySelectorAll('table caption')].map(e => e.textContent),
          headers: [...document.querySelectorAll('th')].map(e => e.textContent),
          cards: [...document.querySelectorAll('table.data-table:not(.grid) td')].map(e => [getComputedStyle(e).display,
                  getComputedStyle(e, '::before').content]),
          numbers: [...document.querySelectorAll('table:not(.grid) td.num')].map(e => [e.textContent,
                    getComputedStyle(e).textAlign]),
          cells: [...new Set([...document.querySelectorAll('table.data-table:not(.grid) td')]
                  .map(e => getComputedStyle(e).display))],
          grids: [...document.querySelectorAll('table.grid td.num')].map(e => [getComputedStyle(e).display,
                  getComputedStyle(e).textAlign]),
          tables: document.querySelectorAll('table.data-table').length,
          downloads: [...document.querySelectorAll('a[data-file], a[data-draw]')].map(e => [
                      e.dataset.file || 'drawn:' + e.dataset.draw, e.getAttribute('download')]),
          carried: [...document.querySelectorAll('a[href]')].filter(e => e.dataset.file || e.dataset.draw)
                      .map(e => e.getAttribute('href')),
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
        layout = page.evaluate(LAYOUT)
        artefact = ROOT / "build" / f"report-{request.param}.{'pdf' if request.param == 'print' else 'png'}"
        artefact.parent.mkdir(exist_ok=True)
        if request.param == "print":
            page.pdf(path=str(artefact), format="A4", print_background=True)
            layout["print"] = page.evaluate(PRINT_RULES)
            page.click("#provenance summary")  # a reader opens one fold, then prints
            page.wait_for_function("() => document.querySelector('#provenance details').dataset.opened === 'done'")
            layout["opened"] = artefact.with_name("report-print-opened.pdf")
            page.pdf(path=str(layout["opened"]), format="A4", print_background=True)
        else:
            page.screenshot(path=str(artefact), full_page=True)
            layout["axe"] = axe_violations(page)
        open_every_fold(page)
        measured = page.evaluate(MEASURE)
        browser.close()
    return {"mode": request.param, "width": width, "report": report, "problems": problems, "artefact": artefact,
            "layout": layout, **measured}


def axe_violations(page) -> list[str]:
    """axe-core's violations on the page as it stands, every rule it runs by default (best practices too)."""
    from axe_playwright_python.sync_playwright import Axe

    found = Axe().run(page).response["violations"]
    return [f"{v['id']} ({v['impact']}): {v['help']}: {v['nodes'][0]['html'][:120]}" for v in found]


def test_the_page_loads_without_errors_and_needs_no_network(view):
    assert view["problems"] == []


def test_nothing_runs_off_the_side_of_the_page(view):
    assert view["pageWidth"] <= view["viewport"] + 1, f"{view['mode']}: the page is {view['pageWidth']} px wide"


def test_no_text_is_clipped(view):
    assert view["clipped"] == []


def test_every_figure_is_an_image_of_its_svg_drawn_whole_with_its_alt_text(view):
    figures = view["figures"]
    assert len(figures) >= 9
    for figure in figures:
        assert figure["tag"] == "img", figure  # its source the SVG itself: the page needs no other file
        assert figure["width"] > 150 and figure["height"] > 100, figure
        assert figure["left"] >= -1 and figure["right"] <= view["viewport"] + 1, figure
        assert len(figure["label"].strip()) > 20, figure


def assert_only_grids_scroll(scrollers: list[dict], where: str) -> None:
    """No table is wider than the page, except a grid of months or years on a phone: it stays a table, so a row
    can be read across, and scrolls sideways with the shadow that says there is more."""
    assert [s["label"] for s in scrollers if s["overflowing"] and not s["grid"]] == [], where
    for scroller in scrollers:
        if scroller["overflowing"]:
            assert scroller["overflow"] == "auto" and "radial-gradient" in scroller["cue"], (where, scroller["label"])


def test_on_a_phone_every_card_in_the_report_says_what_its_value_is(view):
    if view["mode"] == "phone":
        assert view["cards"] and [label for _, label in view["cards"] if label in ('": "', "none", "normal")] == []


def test_no_table_is_wider_than_the_page_at_any_width(view):
    """On a phone a table is a set of cards, so no number is off the side of the screen; a grid of years stays a
    table, narrow enough to fit."""
    assert_only_grids_scroll(view["scrollers"], view["mode"])
    if view["mode"] == "phone":
        assert view["cells"] == ["block"]  # 'label: value' lines
    else:
        assert view["cells"] == ["table-cell"]
    # a table published as rows × years stays a table at every width, its figures right-aligned
    assert view["grids"] and set(map(tuple, view["grids"])) == {("table-cell", "right")}


def test_on_a_phone_the_report_is_at_most_30_screens_long(view):
    if view["mode"] == "phone":
        screens = view["layout"]["height"] / PHONE_SCREEN_PX
        assert screens <= MOST_PHONE_SCREENS, f"{screens:.1f} phone screens"


def test_no_text_in_the_page_or_its_charts_is_under_11_px(view):
    if view["mode"] != "phone":
        return
    assert view["layout"]["small"] == []
    assert view["layout"]["charts"] >= 9 and view["layout"]["smallestChartText"] >= SMALLEST_TEXT_PX - 0.05


def test_as_it_opens_the_page_has_at_most_3000_elements(view):
    assert view["layout"]["elements"] <= MOST_ELEMENTS, view["layout"]["elements"]


def test_axe_finds_no_accessibility_violation(view):
    if view["mode"] != "print":
        assert view["layout"]["axe"] == []


def test_on_paper_no_figure_or_row_splits_and_no_heading_ends_a_page(view):
    if view["mode"] != "print":
        return
    rules = view["layout"]["print"]
    assert rules["figures"] and all(inside == "avoid" and height <= A4_PRINTABLE_HEIGHT_PX
                                    for inside, height in rules["figures"]), rules["figures"]
    assert rules["rows"] == ["avoid"] and rules["headings"] == ["avoid"]
    from pypdf import PdfReader

    words = lambda text: " ".join(text.split())  # noqa: E731
    headings = {words(h) for h in rules["headingText"] if len(words(h)) > 10}
    pages = [words(page.extract_text()) for page in PdfReader(view["artefact"]).pages]
    ended = [(number, h) for number, text in enumerate(pages[:-1], start=1) for h in headings if text.endswith(h)]
    assert ended == [], "a heading is left at the foot of a page"
    # Paper shows what the screen shows: with the folds closed, no more than the screen's words; a fold the
    # reader opened prints whole
    squeeze = lambda text: "".join(unicodedata.normalize("NFKC", text).split())  # noqa: E731 - NFKC: 'ﬁ' is 'fi'
    printed = squeeze("".join(pages))
    assert len(printed) <= 1.02 * len(squeeze(rules["screen"])), "the printed page holds more than the screen shows"
    import json

    first = json.loads((view["report"].parents[1] / "datapackage.json").read_text())["resources"][0]
    checksum = first["hash"].removeprefix("sha256:")[:16]  # as the folded list of raw files prints it
    opened = squeeze("".join(page.extract_text() for page in PdfReader(view["layout"]["opened"]).pages))
    assert checksum not in printed and checksum in opened and len(opened) > len(printed)


def test_the_key_figures_come_before_the_contents(view):
    assert 0 <= view["headline"] < view["nav"] or view["mode"] == "print"
    assert "2,315" in view["text"] and "13 of 45" in view["text"] and "1,394" in view["text"]


def test_tables_have_human_labels_and_right_aligned_numbers(view):
    assert not [h for h in view["headers"] if "_" in h], "a column is labelled with a code name"
    assert view["numbers"] and {align for _, align in view["numbers"]} == {"left" if view["mode"] == "phone" else "right"}
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
    assert "Cite as:" in view["text"] and "Original research and reporting: Big Brother Watch" in view["text"]


def test_no_link_inside_the_report_is_broken_and_every_download_is_inside_it(view):
    external = 0
    for href in view["links"]:
        parsed = urlparse(href)
        if parsed.scheme in ("http", "https"):
            external += 1  # sources on the web: listed, not fetched (no network here)
        elif href in view["carried"]:
            continue  # a download the page carries (its href: the file beside it, for a browser without scripts)
        elif href.startswith("#"):
            assert href[1:] in view["ids"], href
        else:
            # the force pages beside it; a raw workbook too big to carry (its public source is linked beside it)
            assert href == "forces/index.html" or href.startswith("../data/raw/"), href
            assert (view["report"].parent / unquote(href)).is_file(), href
    assert external >= 18
    # each chart's PNG, SVG and data, each table's CSV and each raw file: carried by the page, named for saving
    kinds = {name.rsplit(".", 1)[-1] for _, name in view["downloads"]}
    assert {"png", "svg", "csv"} <= kinds
    assert len(view["downloads"]) >= 9 * 3 + 20 and all(name for _, name in view["downloads"])


def test_every_kind_of_download_works_from_a_copy_of_the_page_on_its_own(built_project, tmp_path):
    """The report e-mailed: alone in a folder. A chart's SVG and a raw file arrive byte for byte, a chart's PNG
    is drawn at the project's resolution, a table inside a fold arrives as a CSV with its rows."""
    import io
    import shutil

    import pandas as pd
    from PIL import Image
    from playwright.sync_api import sync_playwright

    alone = tmp_path / "inbox" / "report.html"
    alone.parent.mkdir()
    shutil.copy(built_project / "reports/index.html", alone)
    with sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page(viewport={"width": 1280, "height": 900}, accept_downloads=True)
        page.goto(alone.as_uri(), wait_until="load")

        def download(selector: str) -> tuple[str, bytes]:
            with page.expect_download() as waiting:
                page.locator(selector).first.click()
            got = waiting.value
            return got.suggested_filename, Path(got.path()).read_bytes()

        svg_name, svg = download('figure.chart a[download="rankings.svg"]')
        png_name, png = download('figure.chart a[download="rankings.png"]')
        data_name, data = download('figure.chart a[download="chart_rankings.csv"]')
        open_every_fold(page)
        raw_name, raw = download('a[data-file$="bbw_2016/force_totals.csv"]')
        table_name, table = download('#provenance ~ * a[data-file^="table:"], section a[data-file^="table:"]')
        # the link to the force pages, which did not come with this copy, gives way to a sentence saying so
        page.wait_for_function("() => !document.querySelector('a[data-beside]')")
        said = page.inner_text(".forces-link")
        alone_force = alone.with_name("kent.html")  # a force page e-mailed on its own
        shutil.copy(built_project / "reports/forces/kent.html", alone_force)
        page.goto(alone_force.as_uri(), wait_until="load")
        page.wait_for_function("() => !document.querySelector('a[data-beside]')")
        crumbs = page.inner_text("nav.crumbs")
        page.goto((built_project / "reports/index.html").as_uri(), wait_until="load")  # with the pages beside it
        page.wait_for_timeout(500)
        kept = page.locator('.forces-link a[href="forces/index.html"]').count()
        browser.close()
    assert "not with this copy" in said and "did not come with this copy" in crumbs and kept == 1
    assert (svg_name, svg) == ("rankings.svg", (built_project / "figures/rankings.svg").read_bytes())
    assert data == (built_project / "data/processed/chart_rankings.csv").read_bytes()
    assert raw == (built_project / "data/raw/bbw_2016/force_totals.csv").read_bytes()
    with Image.open(io.BytesIO(png)) as image, Image.open(built_project / "figures/rankings.png") as made:
        assert png_name == "rankings.png" and image.format == "PNG"
        assert abs(image.width - made.width) <= 2 and abs(image.height - made.height) <= 2  # at the same 200 dpi
    assert table_name.endswith(".csv") and len(pd.read_csv(io.BytesIO(table))) >= 1


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
            tab.on("console", lambda m, seen=problems: seen.append(f"console {m.type}: {m.text}")
                   if m.type == "error" else None)
            tab.on("pageerror", lambda e, seen=problems: seen.append(f"page error: {e}"))
            tab.on("requestfailed", lambda r, seen=problems: seen.append(f"failed to load {r.url}"))
            for path in pages:
                problems.clear()
                tab.goto(path.as_uri(), wait_until="load")
                layout = {**tab.evaluate(LAYOUT), "axe": axe_violations(tab)}
                open_every_fold(tab)
                views.append({"mode": mode, "path": path, "problems": list(problems), "layout": layout,
                              **tab.evaluate(MEASURE)})
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
        assert_only_grids_scroll(view["scrollers"], where)
        if view["mode"] == "phone":
            assert view["layout"]["small"] == [], where
            smallest = view["layout"]["smallestChartText"]
            assert smallest is None or smallest >= SMALLEST_TEXT_PX - 0.05, where


def test_axe_finds_no_accessibility_violation_on_any_force_page_or_the_index(force_views):
    found = {f"{v['path'].name} ({v['mode']})": v["layout"]["axe"] for v in force_views if v["mode"] != "print"}
    assert {page: violations for page, violations in found.items() if violations} == {}


def test_a_force_page_with_a_total_has_its_chart_and_every_table_as_csv_inside_it(force_views):
    for view in force_views:
        if view["mode"] == "desktop" and view["path"].stem not in ("index",):
            kinds = {name.rsplit(".", 1)[-1] for _, name in view["downloads"]}
            tables_as_csv = sum(key.startswith("table:") for key, _ in view["downloads"])
            assert tables_as_csv >= view["tables"], view["path"].name
            if "data breaches, so it can rank" in view["text"]:  # the chart of its place among the published totals
                assert {"png", "svg"} <= kinds, view["path"].name


def test_every_force_page_has_human_labels_and_no_broken_link(force_views):
    for view in force_views:
        where = f"{view['path'].name} ({view['mode']})"
        assert not [h for h in view["headers"] if "_" in h], f"{where}: a column is labelled with a code name"
        for href in view["links"]:
            parsed = urlparse(href)
            if parsed.scheme in ("http", "https") or href in view["carried"]:
                continue
            if href.startswith("#"):
                assert href[1:] in view["ids"], (where, href)
            else:
                assert (view["path"].parent / unquote(parsed.path)).resolve().is_file(), (where, href)
        assert "Cite as:" in view["text"], where


def test_on_a_phone_every_table_becomes_cards_with_their_labels(force_views):
    view = next(v for v in force_views if v["path"].name == "west_midlands.html" and v["mode"] == "phone")
    assert len(view["cards"]) >= 14
    assert {display for display, _ in view["cards"]} == {"block"}  # 'label: value' lines, not a table to swipe
    assert '"Counting unit: "' in {label for _, label in view["cards"]}
    desktop = next(v for v in force_views if v["path"].name == "west_midlands.html" and v["mode"] == "desktop")
    assert {display for display, _ in desktop["cards"]} == {"table-cell"}
    unlabelled = {v["path"].name for v in force_views if v["mode"] == "phone"
                  for _, label in v["cards"] if label in ('": "', "none", "normal")}
    assert unlabelled == set(), "a phone card shows a value with no label before it"


def test_the_index_sorts_by_any_column_with_unknowns_last(built_project):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        tab = browser.new_page(viewport={"width": 1280, "height": 900})
        tab.goto((built_project / "reports/forces/index.html").as_uri(), wait_until="load")
        column = "() => [...document.querySelectorAll('tbody tr')].map(r => r.cells[2].textContent)"
        tab.click("th:nth-child(3) button")  # a column of figures: the highest first, then reversed
        descending = tab.evaluate(column)
        first_state = tab.evaluate("() => document.querySelector('th:nth-child(3)').getAttribute('aria-sort')")
        tab.click("th:nth-child(3) button")
        ascending = tab.evaluate(column)
        tab.click("th:nth-child(1) button")  # names: A to Z first
        names = tab.evaluate("() => [...document.querySelectorAll('tbody tr')].map(r => r.cells[0].textContent)")
        sort_state = first_state
        browser.close()
    published = [int(v.replace(",", "")) for v in ascending if v[0].isdigit()]
    assert len(published) == 13 and published == sorted(published)
    unknown = {"not known", "not revealed"}  # no total known; or the force would not give one (Northumbria)
    assert len(ascending) == 45 and set(ascending[13:]) == unknown
    assert [int(v.replace(",", "")) for v in descending[:13]] == sorted(published, reverse=True)
    assert descending[0] == "488" and set(descending[13:]) == unknown
    assert sort_state == "descending"
    assert names[:13] == sorted(names[:13])


def test_on_a_phone_the_index_sorts_from_its_menu_and_jumps_to_any_force(built_project):
    """At 400 px the tables are cards with no headings to click: the menu above each sorts it the same way."""
    from playwright.sync_api import sync_playwright

    index = built_project / "reports/forces/index.html"
    with sync_playwright() as playwright:
        browser = launch(playwright)
        tab = browser.new_page(viewport={"width": 400, "height": 900})
        tab.goto(index.as_uri(), wait_until="load")
        menu = tab.locator('select[data-table="published"]')
        visible = menu.is_visible()
        menu.select_option(label=next(o for o in menu.locator("option").all_inner_texts() if o.startswith("Breaches")
                                      and o.endswith("(highest first)")))
        totals = tab.evaluate("() => [...document.querySelectorAll('#published tbody tr')].map(r => r.cells[2].textContent)")
        menu.select_option(label="Force (Z to A)")
        names = tab.evaluate("() => [...document.querySelectorAll('#published tbody tr')].map(r => r.cells[0].textContent)")
        jump = tab.evaluate("() => [...document.querySelectorAll('nav.jump a')].map(a => a.getAttribute('href'))")
        desktop = browser.new_page(viewport={"width": 1280, "height": 900})
        desktop.goto(index.as_uri(), wait_until="load")
        hidden_on_desktop = not desktop.locator('select[data-table="published"]').is_visible()
        browser.close()
    assert visible and hidden_on_desktop
    assert totals[0] == "488" and [int(t.replace(",", "")) for t in totals] == sorted(
        (int(t.replace(",", "")) for t in totals), reverse=True)
    assert names == sorted(names, reverse=True)
    assert len(jump) == 45 and all((index.parent / href).is_file() for href in jump)
