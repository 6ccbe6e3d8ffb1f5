"""Stitch the executed notebooks into one self-contained HTML page: code hidden, figures embedded.

The page carries its own CSS, every figure with its alt text and every file it offers (publish.pack), so the
report and its charts cannot disagree and a copy e-mailed on its own still shows them. It needs no network.

Every piece of Markdown, whether a notebook's own text or a sentence a notebook wrote from the data, is
rendered with raw HTML escaped: a label holding markup reaches the reader as text. HTML outputs come only
from ``police_breaches.publish.nb``, which escapes every value it puts in a table or caption.
"""

from __future__ import annotations

import csv
import html
import re
from pathlib import Path

from police_breaches.core import paths
from police_breaches.core.outputs import write_text
from police_breaches.core.paths import BUILD, PROCESSED, REPORTS
from police_breaches.publish.pack import beside, pack
from police_breaches.publish.page import (
    PAGE_FOLDERS,
    footer_html,
    html_page,
    markdown,
    notebook_html,
    relink,
    source_version,
    unique_labels,
)
from police_breaches.sources.manifest import load_manifest

OUTPUT = str(REPORTS / "index.html")
# The force pages come with the report; a copy of it sent on its own says so where the link would be
FORCES_BESIDE = beside("forces/icon.svg", "Each territorial force has its own page, which comes with the full report "
                                          "but not with this copy of it.")


def provenance_table(manifest: dict) -> str:
    """One row per raw file: its checksum, every source it was transcribed from, and how complete it is."""
    from police_breaches.publish.answers import source_html  # pandas with it: not on the no-op build's path

    rows = []
    for entry in manifest["resources"]:
        sources = "<br>".join(source_html(source) for source in entry["sources"])
        rows.append(f"<tr><td><code>{html.escape(entry['path'])}</code><br><small>sha256 "
                    f"<code>{html.escape(entry['hash'].removeprefix('sha256:')[:16])}…</code></small></td>"
                    f"<td>{sources}</td></tr>")
    return ('<table class="provenance"><caption>Every raw file, its source and its checksum (full values in '
            "<code>datapackage.json</code>)</caption><thead><tr><th>Raw file</th><th>Source</th></tr></thead>"
            "<tbody>" + "".join(rows) + "</tbody></table>")


def categories_words(root: Path, manifest: dict) -> str:
    """The breakdown by category the report charts, as its section was set (force, year, source), in words."""
    from police_breaches.core.configuration import table
    from police_breaches.core.text import date_words

    path = Path(root) / PROCESSED / "categories.csv"
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    if not rows:
        return "one force's breaches in one year by category (none published for the year chosen)"
    from police_breaches.analysis.views import Facts
    from police_breaches.publish.words import year_words

    row = rows[0]
    year = int(row["year"])
    in_all = Facts.load().sum_of(row["force_id"], (f"{year}-01-01", f"{year}-12-31"), row["resource"], row["unit"])
    force = next(r["name"] for r in table("forces.csv", root) if r["force_id"] == row["force_id"])
    source = next(s for r in manifest["resources"] for s in r["sources"] if s["source_id"] == row["source_id"])
    when = date_words(str(source["published"]).split(" (")[0])
    return (f"{html.escape(force)}'s breaches in {html.escape(year_words(year, in_all))} by category "
            f"({html.escape(source['publisher'])}, {html.escape(when)})")


def headline_box(root: Path) -> str:
    """The four key figures, from data/processed/headline.csv (written by the summary notebook)."""
    path = Path(root) / PROCESSED / "headline.csv"
    if not path.exists():
        return ""
    with open(path, encoding="utf-8", newline="") as handle:
        items = "".join(f"<li><strong>{html.escape(row['figure'])}</strong><span>{html.escape(row['label'])}</span></li>"
                        for row in csv.DictReader(handle))
    return f'<ul class="headline" aria-label="Key figures">{items}</ul>' if items else ""


def differences(root: Path, runs: list[tuple[str, dict]], ignore=("force",)) -> dict[str, dict[str, tuple]]:
    """Each notebook's parameters that differ from the published analysis (the declared defaults):
    notebook → {name: (value, default)}. ``ignore``: parameters a step family sets per page (the force)."""
    from police_breaches.core.parameters import specs

    found = {}
    for step, parameters in runs:
        declared = specs(root, step)
        changed = {name: (value, declared[name].default) for name, value in parameters.items()
                   if name in declared and name not in ignore and value != declared[name].default}
        if changed:
            found[step] = changed
    return found


def banner(changed: dict[str, dict[str, tuple]]) -> str:
    """A report built with other parameters says so before anything else."""
    if not changed:
        return ""
    items = "".join(f"<li><code>{html.escape(step)}</code>: " + ", ".join(
        f"<code>{html.escape(name)}={html.escape(repr(value))}</code> (published analysis: "
        f"<code>{html.escape(repr(default))}</code>)" for name, (value, default) in names.items()) + "</li>"
        for step, names in changed.items())
    return ('<aside class="banner" role="note" aria-label="Not the published analysis"><p><strong>This is not the '
            "published analysis.</strong> It was built with parameters that differ from the defaults that reproduce "
            f"it (the appendix marks them):</p><ul>{items}</ul></aside>")


def parameters_appendix(runs: list[tuple[str, dict]], changed: dict | None = None) -> str:
    """Every notebook's parameters, in one place at the end; those that differ from the published analysis marked."""
    changed = changed or {}

    def shown(step: str, name: str, value) -> str:
        text = f"<code>{html.escape(name)}={html.escape(repr(value))}</code>"
        return f"<mark>{text} (not the published analysis)</mark>" if name in changed.get(step, {}) else text

    rows = "".join(f"<tr><td><code>notebooks/{html.escape(step)}.py</code></td><td>"
                   + (", ".join(shown(step, k, v) for k, v in parameters.items()) or "no parameters") + "</td></tr>"
                   for step, parameters in runs)
    return ('<section id="parameters">' + folded(
        "Parameters", "what each section was built with" + (", some not the published analysis's" if changed else ""),
        '<p class="params">Each section was built from its notebook with the parameters below (<code>params/</code>; '
        "change them and run <code>make report</code>).</p>"
        '<div class="table-scroll" role="region" aria-label="Parameters" tabindex="0"><table class="params-table">'
        "<thead><tr><th>Notebook</th><th>Parameters</th></tr></thead><tbody>" + rows + "</tbody></table></div>")
        + "</section>")


def folded(heading: str, what: str, content: str) -> str:
    """A section of the appendix behind its heading: the reader opens what they need."""
    return (f'<details class="folded appendix"><summary><h2>{html.escape(heading)}</h2> <span class="rows">'
            f"({html.escape(what)})</span></summary>{content}</details>")


def build(sections: list[str], source: dict | None = None, root: Path | None = None) -> str:
    root = Path(root or paths.root())
    source = source or source_version(root)
    parts, toc, runs = [], [], []
    labels: dict[str, int] = {}
    for number, step in enumerate(sections, start=1):
        body, title, parameters = notebook_html(root / BUILD / f"{step}.ipynb")
        anchor = f"section-{number}"
        toc.append(f'<li><a href="#{anchor}">{html.escape(title)}</a></li>')
        parts.append(f'<section id="{anchor}">{unique_labels(body, labels, title)}</section>')
        runs.append((step, parameters))
    methodology = re.sub(r"^<h2>Methodology</h2>", "", markdown((root / "docs/methodology.md").read_text(encoding="utf-8")))
    changed = differences(root, runs)
    manifest = load_manifest(root, validate=False)
    body = f"""{banner(changed)}<header><h1>UK police data breaches: the figures rebuilt from the raw data</h1>
<p>Big Brother Watch's <em>Safe in Police hands?</em> (July 2016) and {categories_words(root, manifest)}, rebuilt
from the published figures. Every number below comes from a raw file listed at the end, with its source and
checksum.</p>
{headline_box(root)}
<p class="forces-link"><a href="forces/index.html" {FORCES_BESIDE}>What about my force? A page for each territorial force</a></p>
<nav aria-label="Contents"><ol>{''.join(toc)}<li><a href="#methodology">Methodology</a></li>
<li><a href="#provenance">Where every figure comes from</a></li><li><a href="#parameters">Parameters</a></li></ol></nav>
</header>
<main>{''.join(parts)}
<section id="methodology">{folded("Methodology", "how each figure is counted, ranked and checked", methodology)}</section>
<section id="provenance">{folded("Where every figure comes from", "every raw file, its sources and its checksum",
                                   provenance_table(manifest))}</section>
{parameters_appendix(runs, changed)}</main>
{footer_html(source, root)}"""
    body = pack(body, Path(OUTPUT).parent, root)
    write_text(OUTPUT, html_page("UK police data breaches: the figures rebuilt", body,
                                 "Big Brother Watch's 2016 count of data breaches by UK police staff, the West "
                                 "Midlands 2016 breakdown and what forces recorded later, rebuilt from the raw "
                                 "figures with every source named."))
    return OUTPUT


def one_off_page(root: Path, folder: Path, executed: Path, parameters: dict, notebook: str = "") -> Path:
    """The page of a one-off run: the notebook's output with its own figures, from its own folder."""
    import json

    body, title, _ = notebook_html(executed)
    body = relink(body, PAGE_FOLDERS.get(notebook, "reports"), folder, root)
    first = json.loads((Path(folder) / "run.json").read_text(encoding="utf-8")).get("first", [])

    def listed(values: dict) -> str:
        return ", ".join(f"<code>{html.escape(k)}={html.escape(repr(v))}</code>" for k, v in values.items())

    before = "".join(f" It read the facts of its own run of <code>{html.escape(item['notebook'])}</code>, with "
                     f"{listed(item['parameters'])}." for item in first)
    page = (f"<header><h1>One-off run: {html.escape(title)}</h1><p>Parameters: {listed(parameters)}.{before} The shared "
            "report and figures were not changed.</p></header>"
            + body + footer_html(source_version(root), root))
    return write_text(Path(folder) / "index.html", html_page(f"One-off run: {title}", pack(page, folder, root, folder)))
