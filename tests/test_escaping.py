"""Markup planted in the data reaches the report as text, never as markup (made-up labels, for tests only)."""

from __future__ import annotations

import hashlib
import json
from html.parser import HTMLParser
from pathlib import Path

from conftest import copy_project, make, python, read_page

PLANTED = {
    "label": "<img src=x onerror=alert(1)>",
    "script": "<script>alert(2)</script>",
    "link": "[click](javascript:alert(3))",
    "image": "![p](https://evil.example/p.png)",
}


class Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.attributes, self.text = [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes.extend(attrs)

    def handle_data(self, data):
        self.text.append(data)


def rehash(project: Path, path: str) -> None:
    manifest = json.loads((project / "datapackage.json").read_text())
    entry = next(r for r in manifest["resources"] if r["path"] == path)
    data = (project / path).read_bytes()
    entry["hash"], entry["bytes"] = "sha256:" + hashlib.sha256(data).hexdigest(), len(data)
    (project / "datapackage.json").write_text(json.dumps(manifest, indent=2) + "\n")


def test_markup_in_labels_statuses_and_sources_is_shown_as_text(tmp_path):
    project = copy_project(tmp_path / "project")
    categories = project / "data/raw/wmp_2016/categories.csv"
    planted_label = f'{PLANTED["label"]} {PLANTED["link"]} **bold**'
    # the largest category, so the label is also written into sentences (Markdown) by notebooks 03 and 06
    categories.write_text(categories.read_text().replace("inappropriate disclosure", f'"{planted_label}"'))
    labels = project / "config/labels.csv"
    labels.write_text(labels.read_text() + f'category,"{planted_label}",inappropriate_disclosure\n')
    cleveland = project / "data/raw/foi/cleveland_11288_computer_misuse.csv"
    cleveland.write_text(cleveland.read_text().replace("No cases.", f"Refused {PLANTED['script']}"))
    for path in ("data/raw/wmp_2016/categories.csv", "data/raw/foi/cleveland_11288_computer_misuse.csv"):
        rehash(project, path)
    manifest = json.loads((project / "datapackage.json").read_text())
    manifest["resources"][0]["title"] += f" {PLANTED['script']}"
    (project / "datapackage.json").write_text(json.dumps(manifest, indent=2) + "\n")
    sources = project / "data/raw/sources.csv"
    sources.write_text(sources.read_text().replace("press_expressandstar_2017,wmp_2016/categories.csv,Express & Star,",
                                                   f"press_expressandstar_2017,wmp_2016/categories.csv,"
                                                   f"Express & Star {PLANTED['label']},"))
    assert python(project, "-m", "police_breaches", "manifest", "sources").returncode == 0

    forces = project / "config/forces.csv"
    row = next(line for line in forces.read_text().splitlines() if line.startswith("west_midlands,"))
    planted = row.replace(",West Midlands Police,", f",West Midlands Police {PLANTED['image']},", 1) + "|West Midlands Police"
    forces.write_text(forces.read_text().replace(row, planted))

    make(project, "report")
    from police_breaches.publish.pack import STORE_ID

    page = Elements()
    markup = read_page(project / "reports/index.html")
    # the page's own: its charts (images of their SVG) and, at its end, the files it carries and their script
    own = markup.index(f'<script type="application/json" id="{STORE_ID}">')
    assert markup.count("<script") == 2 and markup.index("<script", own + 1) > own
    page.feed(markup[:own])
    assert not {"script", "iframe", "object", "embed"} & set(page.tags)
    charts = [value for name, value in page.attributes if name == "src"]
    assert charts and {value[:19] for value in charts} == {"data:image/svg+xml,"}
    for chart in charts:  # a label drawn in a chart is the chart's text, never an element of it
        from urllib.parse import unquote
        from xml.etree import ElementTree

        drawn = ElementTree.fromstring(unquote(chart.split(",", 1)[1]))
        assert {element.tag.split("}")[-1] for element in drawn.iter()} <= {
            "svg", "defs", "style", "path", "g", "text", "clipPath", "rect", "use", "tspan", "polyline", "line", "circle"}
        assert not [name for element in drawn.iter() for name in element.attrib if name.lower().startswith("on")]
    attributes = [(name, value) for name, value in page.attributes if name != "src"]
    assert not [name for name, _ in attributes if name.lower().startswith("on")]
    # a planted link is text wherever it shows (a chart's alt text says the label as it is); never a URL
    assert not [value for name, value in attributes if name in ("href", "action", "formaction", "data", "poster")
                and value and "javascript:" in value.lower()]
    assert [value for name, value in attributes if name == "alt" and PLANTED["label"] in (value or "")]
    text = "".join(page.text)
    assert PLANTED["label"] in text and PLANTED["script"] in text and "javascript:alert(3)" in text
    assert "**bold**" in text, "Markdown in a label was rendered as Markdown"
    assert PLANTED["image"] in text, "Markdown in a force's name was rendered as Markdown"
    summary = text[text.index("Every figure below is a fact"):text.index("Reproduction:")]
    assert PLANTED["label"] in summary
