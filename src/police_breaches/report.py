"""Stitch the executed notebooks into one HTML report: code hidden, figures linked, works offline.

    python -m police_breaches.report build/01_clean.ipynb build/02_….ipynb -o reports/index.html

The page carries its own CSS (no CDN), the parameters each notebook ran with, and a provenance table of
every raw file (source, link, date, period, sha256) taken from the manifest.
"""

from __future__ import annotations

import argparse
import html
import re
import sys
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter

from .manifest import load_manifest
from .outputs import write_text
from .paths import project_root

CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;max-width:52rem;margin:0 auto;
padding:1rem;line-height:1.5;color:#222;background:#fff}
h1{font-size:1.8rem;line-height:1.2} h2{margin-top:2.5rem;border-top:1px solid #ddd;padding-top:1rem}
figure.chart{margin:1.5rem 0} figure.chart img{max-width:100%;height:auto;border:1px solid #eee}
figcaption{font-size:.85rem;color:#555} .downloads a{color:#0072B2}
table{border-collapse:collapse;font-size:.85rem;margin:1rem 0;display:block;overflow-x:auto;max-width:100%}
caption{text-align:left;font-weight:600;padding:.3rem 0} th,td{border-bottom:1px solid #ddd;padding:.25rem .5rem;
text-align:left;vertical-align:top} th{background:#f5f5f5} nav ol{padding-left:1.2rem} code{font-size:.9em}
.params{font-size:.8rem;color:#555} .jp-OutputPrompt,.jp-InputPrompt{display:none}
td code{overflow-wrap:anywhere}
@media (max-width:600px){table.provenance,table.provenance tbody,table.provenance tr,table.provenance td{display:block}
table.provenance thead{display:none} table.provenance tr{border-bottom:1px solid #ccc;padding:.4rem 0}
table.provenance td{border:0}}
"""


def notebook_body(path: Path) -> tuple[str, str, dict]:
    """The notebook's outputs and markdown as HTML, its first heading, and the parameters it ran with."""
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            # Warnings and logs are for the person running the build, not for readers of the report.
            cell.outputs = [o for o in cell.outputs if not (o.output_type == "stream" and o.name == "stderr")]
    exporter = HTMLExporter(template_name="basic", exclude_input=True, exclude_input_prompt=True,
                            exclude_output_prompt=True)
    body, _ = exporter.from_notebook_node(notebook)
    # Each notebook is a section of one page: its h1 becomes an h2, and so on down.
    body = re.sub(r"<(/?)h([1-5])\b", lambda m: f"<{m.group(1)}h{int(m.group(2)) + 1}", body)
    title = next((line.lstrip("# ").strip() for cell in notebook.cells if cell.cell_type == "markdown"
                  for line in cell.source.splitlines() if line.startswith("# ")), path.stem)
    return body, title, notebook.metadata.get("papermill", {}).get("parameters", {})


def provenance_table(manifest: dict) -> str:
    """One row per raw file: its checksum, every source it was transcribed from, and how complete it is."""
    rows = []
    for entry in manifest["resources"]:
        sources = "<br>".join(
            f'{html.escape(source["publisher"])}, <a href="{html.escape(source["path"])}">'
            f'{html.escape(source["title"])}</a> (published {html.escape(source["published"])}; covers '
            f'{html.escape(source["period_covered"].replace("/", " to "))}; {html.escape(source["completeness"])})'
            for source in entry["sources"])
        rows.append(f"<tr><td><code>{html.escape(entry['path'])}</code><br><small>sha256 "
                    f"<code>{entry['hash'].removeprefix('sha256:')[:16]}…</code></small></td><td>{sources}</td></tr>")
    return ('<table class="provenance"><caption>Every raw file, its source and its checksum (full values in '
            "<code>datapackage.json</code>)</caption><thead><tr><th>raw file</th><th>source</th></tr></thead>"
            "<tbody>" + "".join(rows) + "</tbody></table>")


def methodology(root: Path) -> str:
    import mistune  # nbconvert's own Markdown renderer
    return mistune.html((root / "docs/methodology.md").read_text(encoding="utf-8"))


def build(notebooks: list[Path], output: Path) -> Path:
    root = project_root()
    sections, toc = [], []
    for number, path in enumerate(notebooks, start=1):
        body, title, parameters = notebook_body(path)
        anchor = f"section-{number}"
        toc.append(f'<li><a href="#{anchor}">{html.escape(title)}</a></li>')
        params = ", ".join(f"<code>{html.escape(k)}={html.escape(repr(v))}</code>" for k, v in parameters.items())
        sections.append(f'<section id="{anchor}">{body}<p class="params">Built from '
                        f'<code>notebooks/{path.stem}.py</code> with {params or "its default parameters"}.</p></section>')
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>UK police data breaches: the figures rebuilt</title><style>{CSS}</style></head>
<body><header><h1>UK police data breaches: the figures rebuilt from the raw data</h1>
<p>Big Brother Watch's <em>Safe in Police hands?</em> (July 2016) and West Midlands Police's 2016 breaches
(Express &amp; Star, August 2017), rebuilt from the published figures. Every number below comes from a raw
file listed at the end, with its source and checksum.</p>
<nav><ol>{''.join(toc)}<li><a href="#methodology">Methodology</a></li>
<li><a href="#provenance">Where every figure comes from</a></li></ol></nav></header>
{''.join(sections)}
<section id="methodology">{methodology(root)}</section>
<section id="provenance"><h2>Where every figure comes from</h2>{provenance_table(load_manifest(root))}</section>
</body></html>
"""
    return write_text(output, page)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args(argv)
    build(args.notebooks, args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
