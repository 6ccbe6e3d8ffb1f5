"""The built report, opened in headless Chromium (Debian's, driven by Playwright).

`make browser` installs Chromium (CI runs it). Without Chromium the test is skipped, except under CI, where
it fails. A full-page screenshot is saved to build/report-screenshot.png as a build artefact.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

if CHROMIUM is None and os.environ.get("CI"):
    pytest.fail("Chromium is missing: run `make browser` before `make test`", pytrace=False)
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium not installed (`make browser`)")


@pytest.fixture(scope="module")
def page_report(built_project):
    from playwright.sync_api import sync_playwright

    report = built_project / "reports/index.html"
    problems = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 400, "height": 900})  # phone width
        page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
        page.on("requestfailed", lambda r: problems.append(f"failed to load {r.url}"))
        page.goto(report.as_uri(), wait_until="load")
        images = page.eval_on_selector_all(
            "img, svg[role=img]", "els => els.map(e => ({tag: e.tagName.toLowerCase(), src: e.getAttribute('src'),"
            " label: e.tagName === 'IMG' ? e.alt : (document.getElementById(e.getAttribute('aria-labelledby'))"
            " || {}).textContent || '', width: e.getBoundingClientRect().width,"
            " height: e.getBoundingClientRect().height}))")
        links = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
        ids = set(page.eval_on_selector_all("[id]", "els => els.map(e => e.id)"))
        captions = page.eval_on_selector_all("table caption", "els => els.map(e => e.textContent)")
        text = page.inner_text("body")
        screenshot = ROOT / "build/report-screenshot.png"
        screenshot.parent.mkdir(exist_ok=True)
        page.screenshot(path=str(screenshot), full_page=True)
        browser.close()
    return {"report": report, "problems": problems, "images": images, "links": links, "ids": ids,
            "captions": captions, "text": text, "screenshot": screenshot}


def test_page_loads_without_console_errors(page_report):
    assert page_report["problems"] == []


def test_every_figure_is_inline_svg_drawn_with_its_alt_text(page_report):
    images = page_report["images"]
    assert len(images) >= 9
    for image in images:
        assert image["tag"] == "svg", image  # embedded: the page needs no other file to show its charts
        assert image["width"] > 200 and image["height"] > 100, image
        assert len(image["label"].strip()) > 20, image


def test_reproduction_coverage_and_data_quality_tables_are_present(page_report):
    captions = " | ".join(page_report["captions"])
    assert "Published figures and what the raw data rebuild" in captions
    assert "Coverage of the national total" in captions
    assert "Checks that found a disagreement" in captions
    assert "Every raw file, its source and its checksum" in captions


def test_summary_comes_first_and_parameters_are_printed(page_report):
    text = page_report["text"]
    assert text.index("Summary of findings") < text.index("Which forces reported the most data breaches")
    assert "top_n=10" in text and "period_start='2011-06-01'" in text


def test_no_link_inside_the_report_is_broken(page_report):
    external = 0
    for href in page_report["links"]:
        parsed = urlparse(href)
        if parsed.scheme in ("http", "https"):
            external += 1  # sources on the web: listed, not fetched (no network here)
        elif href.startswith("#"):
            assert href[1:] in page_report["ids"], href
        else:
            target = (page_report["report"].parent / unquote(parsed.path)).resolve()
            assert target.is_file(), href
    assert external >= 18


def test_the_screenshot_shows_the_whole_page(page_report):
    from PIL import Image

    with Image.open(page_report["screenshot"]) as image:
        width, height = image.size
    assert width == 400 and height > 5000
