"""Runs side by side: the list of every run outside the build, and a page comparing two of them.

``runs/index.html`` lists each run (JupyterLab, papermill's command line, the one-off runner) with its
notebook, the parameters it changed from the published analysis, when it started and a digest of what it
read; it is written again whenever a run starts. ``python -m police_breaches run compare A B`` writes
``runs/compare-A-B.html``: the parameters that differ, every sentence of the notebook that changed (old →
new), every table cell that changed, and the two runs' charts side by side.
"""

from __future__ import annotations

import csv
import hashlib
import html
import io
import json
from pathlib import Path

from police_breaches.core import paths
from police_breaches.core.outputs import write_text


def runs(root: Path) -> list[tuple[Path, dict]]:
    """Every run folder with its run.json, newest first."""
    found = []
    for record in sorted((Path(root) / paths.RUNS).glob("*/run.json")):
        try:
            found.append((record.parent, json.loads(record.read_text(encoding="utf-8"))))
        except (OSError, ValueError):
            continue
    return sorted(found, key=lambda item: str(item[1].get("started", "")), reverse=True)


def changed_parameters(root: Path, notebook: str, parameters: dict) -> dict[str, tuple]:
    from police_breaches.publish.report import differences

    return differences(root, [(notebook, parameters)], ignore=()).get(notebook, {})


def write_index(root: Path) -> Path:
    from police_breaches.publish.page import html_page

    rows = []
    for folder, run in runs(root):
        changed = changed_parameters(root, run.get("notebook", ""), run.get("parameters", {}))
        what = ", ".join(f"<code>{html.escape(k)}={html.escape(repr(v))}</code>" for k, (v, _) in changed.items()) \
            or "the published analysis's parameters"
        digest = hashlib.sha256(json.dumps(run.get("inputs", {}), sort_keys=True).encode()).hexdigest()[:10]
        page = folder / "index.html"
        name = html.escape(folder.name)
        link = f'<a href="{name}/index.html">{name}</a>' if page.exists() else f'<a href="{name}/">{name}</a>'
        rows.append(f"<tr><td>{link}</td><td><code>{html.escape(run.get('notebook', ''))}</code></td><td>{what}</td>"
                    f"<td>{html.escape(str(run.get('started', '')))}</td><td>{html.escape(str(run.get('how', '')))}</td>"
                    f"<td><code>{digest}</code> ({len(run.get('inputs', {}))} files)</td></tr>")
    body = ("<h1>Runs outside the build</h1><p>Each run of a notebook with other parameters, in JupyterLab, by "
            "papermill's command line or the one-off runner, has a folder of its own, named by its parameters and "
            "the content of what it read. Compare two with <code>python -m police_breaches run compare A B</code>."
            "</p><div class=\"table-scroll\" role=\"region\" aria-label=\"Runs\" tabindex=\"0\"><table class=\"data-table\">"
            "<caption class=\"visually-hidden\">Every run</caption><thead><tr><th scope=\"col\">Folder</th>"
            "<th scope=\"col\">Notebook</th><th scope=\"col\">Parameters changed</th><th scope=\"col\">Started (UTC)</th>"
            "<th scope=\"col\">How</th><th scope=\"col\">Inputs</th></tr></thead><tbody>" + "".join(rows)
            + "</tbody></table></div>")
    path = Path(root) / paths.RUNS / "index.html"
    write_text(path, html_page("Runs outside the build", f"<main>{body}</main>"))
    return path


# --------------------------------------------------------------------------- two runs compared

def _table(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline=""))) if path.exists() else []


def table_changes(a: Path, b: Path) -> list[tuple[str, str, str, str, str]]:
    """(table, row, column, old, new) for every cell of every table in data/processed that differs."""
    changes = []
    names = sorted({p.relative_to(a).as_posix() for p in (a / paths.PROCESSED).rglob("*.csv")}
                   | {p.relative_to(b).as_posix() for p in (b / paths.PROCESSED).rglob("*.csv")})
    for name in names:
        old, new = _table(a / name), _table(b / name)
        header = (old or new)[0] if (old or new) else []
        if not old or not new or old[0] != new[0]:
            changes.append((name, "", "", f"{max(len(old) - 1, 0)} rows", f"{max(len(new) - 1, 0)} rows"))
            continue
        for index in range(1, max(len(old), len(new))):
            before = old[index] if index < len(old) else [""] * len(header)
            after = new[index] if index < len(new) else [""] * len(header)
            label = (after or before)[0] if (after or before) else str(index)
            changes += [(name, f"{index}: {label}", column, x, y) for column, x, y in zip(header, before, after) if x != y]
    return changes


def sentences(folder: Path) -> list[str]:
    """Every sentence the run's executed notebook wrote, in order (none for a run that kept no notebook)."""
    found = []
    for notebook in folder.glob("*.ipynb"):
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        for cell in cells:
            for output in cell.get("outputs", []):
                text = output.get("data", {}).get("text/markdown")
                if text and "This run writes" not in "".join(text):
                    found.append("".join(text) if isinstance(text, list) else text)
    return found


def compare(root: Path, a: Path, b: Path) -> Path:
    from police_breaches.publish.page import html_page, markdown

    runs_a, runs_b = (json.loads((folder / "run.json").read_text(encoding="utf-8")) for folder in (a, b))
    names = sorted(set(runs_a.get("parameters", {})) | set(runs_b.get("parameters", {})))
    params = "".join(f"<tr><td><code>{html.escape(n)}</code></td><td>{html.escape(repr(runs_a['parameters'].get(n)))}"
                     f"</td><td>{html.escape(repr(runs_b['parameters'].get(n)))}</td></tr>" for n in names
                     if runs_a["parameters"].get(n) != runs_b["parameters"].get(n))
    old, new = sentences(a), sentences(b)
    said = "".join(f"<tr><td>{markdown(x)}</td><td>{markdown(y)}</td></tr>" for x, y in zip(old, new) if x != y)
    if len(old) != len(new):
        said += f"<tr><td>{len(old)} sentences</td><td>{len(new)} sentences</td></tr>"
    cells = "".join(f"<tr><td><code>{html.escape(t)}</code></td><td>{html.escape(r)}</td><td>{html.escape(c)}</td>"
                    f'<td class="num">{html.escape(x)}</td><td class="num">{html.escape(y)}</td></tr>'
                    for t, r, c, x, y in table_changes(a, b))
    charts = "".join(
        f"<h3>{html.escape(name)}</h3><div class=\"pair\">"
        + "".join(f'<figure><img src="{html.escape(folder.name)}/figures/{html.escape(name)}" alt="{html.escape(folder.name)}: '
                  f'{html.escape(name)}" style="max-width:100%"><figcaption>{html.escape(folder.name)}</figcaption></figure>'
                  for folder in (a, b) if (folder / paths.FIGURES / name).exists()) + "</div>"
        for name in sorted({p.name for folder in (a, b) for p in (folder / paths.FIGURES).glob("*.svg")}))

    def section(title: str, head: str, rows: str, empty: str) -> str:
        return (f"<h2>{title}</h2>" + (f'<div class="table-scroll" role="region" aria-label="{title}" tabindex="0">'
                                       f'<table class="data-table"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody>'
                                       "</table></div>" if rows else f"<p>{empty}</p>"))

    body = (f"<h1>{html.escape(a.name)} → {html.escape(b.name)}</h1>"
            + section("Parameters that differ", "<th>parameter</th><th>old</th><th>new</th>", params, "None.")
            + section("Sentences that changed", "<th>old</th><th>new</th>", said, "None (or no executed notebook kept).")
            + section("Table cells that changed", "<th>table</th><th>row</th><th>column</th><th>old</th><th>new</th>",
                      cells, "None.")
            + "<h2>Charts side by side</h2>" + (charts or "<p>No charts.</p>"))
    path = Path(root) / paths.RUNS / f"compare-{a.name}-{b.name}.html"
    write_text(path, html_page(f"{a.name} compared with {b.name}", f"<main>{body}</main>"))
    return path
