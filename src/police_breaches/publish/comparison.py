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
    """Every run folder with its run.json, newest first (not an earlier run set aside while a run of the same name
    is under way: ``<folder>.replaced``)."""
    found = []
    for record in sorted((Path(root) / paths.RUNS).glob("*/run.json")):
        if record.parent.name.endswith(".replaced"):
            continue
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

class NotComparable(ValueError):
    """Two runs that cannot be compared: the one line says why."""


def _table(path: Path) -> list[dict[str, str]] | None:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline=""))) if path.exists() else None


def table_changes(a: Path, b: Path, root: Path) -> list[tuple[str, str, str, str, str]]:
    """(table, row, column, old, new) for every cell that differs between the two runs' tables, rows joined on
    each table's declared primary key (config/processed.yml), never by position; a row one run has and the other
    does not is 'added' or 'removed'. A table without a declared key is compared as a whole."""
    from police_breaches.publish.tables import primary_key

    changes = []
    names = sorted({p.relative_to(folder / paths.PROCESSED).as_posix() for folder in (a, b)
                    for p in (folder / paths.PROCESSED).rglob("*.csv")})
    for name in names:
        shown = f"{paths.PROCESSED.as_posix()}/{name}"
        old, new = _table(a / paths.PROCESSED / name), _table(b / paths.PROCESSED / name)
        if old is None or new is None:
            changes.append((shown, "", "", "not written" if old is None else f"{len(old)} rows",
                            "not written" if new is None else f"{len(new)} rows"))
            continue
        key = primary_key(name, root)
        columns = list(dict.fromkeys([*(old[0] if old else {}), *(new[0] if new else {})]))
        if not key or not set(key) <= set(columns):
            if old != new:
                changes.append((shown, "", "", f"{len(old)} rows", f"{len(new)} rows (no key declared: compared whole)"))
            continue
        changes += _row_changes(shown, old, new, key, columns)
    return changes


def _row_changes(shown: str, old: list[dict], new: list[dict], key: list[str],
                 columns: list[str]) -> list[tuple[str, str, str, str, str]]:
    """One table's changes, its rows joined on ``key``: each row removed or added, and each cell that differs."""
    changes = []
    before = {tuple(row.get(k, "") for k in key): row for row in old}
    after = {tuple(row.get(k, "") for k in key): row for row in new}
    for ident in [*before, *(k for k in after if k not in before)]:
        label = " · ".join(ident)
        if ident not in after:
            changes.append((shown, label, "(row)", "present", "removed"))
        elif ident not in before:
            changes.append((shown, label, "(row)", "absent", "added"))
        else:
            changes += [(shown, label, column, before[ident].get(column, ""), after[ident].get(column, ""))
                        for column in columns if column not in key
                        and before[ident].get(column, "") != after[ident].get(column, "")]
    return changes


def sentences(folder: Path, notebook: str) -> list[str]:
    """Every sentence the run's executed notebook wrote, in order."""
    found = []
    path = folder / f"{notebook}.ipynb"
    if not path.exists():
        return found
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        for output in cell.get("outputs", []):
            text = output.get("data", {}).get("text/markdown")
            if text and "This run writes" not in "".join(text):
                found.append("".join(text) if isinstance(text, list) else text)
    return found


def sentence_changes(old: list[str], new: list[str]) -> list[tuple[str, str]]:
    """(old, new) for each sentence that changed, was added ('', new) or removed (old, ''), matched by content."""
    import difflib

    changes = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        pairs = list(zip(old[i1:i2], new[j1:j2])) if tag == "replace" else []
        changes += pairs
        changes += [(x, "") for x in old[i1 + len(pairs):i2]] + [("", y) for y in new[j1 + len(pairs):j2]]
    return changes


def read_run(folder: Path) -> dict:
    """A run's record, or a one-line reason it is not one."""
    record = folder / "run.json"
    try:
        run = json.loads(record.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as err:
        raise NotComparable(f"{paths.shown(record)} cannot be read ({type(err).__name__}): run the notebook again "
                            "to make a new one") from None
    if not isinstance(run, dict) or not isinstance(run.get("notebook"), str) or not isinstance(run.get("parameters"), dict):
        raise NotComparable(f"{paths.shown(record)} is not a run's record (no notebook or parameters): run the "
                            "notebook again to make a new one")
    return run


def compare(root: Path, a: Path, b: Path) -> Path:
    """runs/compare-A-B.html: what changed between two runs of one notebook. Two runs of different notebooks,
    one run compared with itself or a damaged record stop with one line (``NotComparable``)."""
    from police_breaches.publish.page import html_page, markdown

    missing = [folder.name for folder in (a, b) if not (folder / "run.json").is_file()]
    if missing:
        raise NotComparable(f"not a run: {', '.join(missing)} (no run.json; see runs/index.html); usage: python -m "
                            "police_breaches run compare RUN_A RUN_B")
    if a.resolve() == b.resolve():
        raise NotComparable(f"{a.name} is compared with itself: give two different runs (see runs/index.html)")
    runs_a, runs_b = read_run(a), read_run(b)
    if runs_a["notebook"] != runs_b["notebook"]:
        raise NotComparable(f"{a.name} ran {runs_a['notebook']} and {b.name} ran {runs_b['notebook']}: compare two runs "
                            "of one notebook")
    names = sorted(set(runs_a["parameters"]) | set(runs_b["parameters"]))
    params = "".join(f"<tr><td><code>{html.escape(n)}</code></td><td>{html.escape(repr(runs_a['parameters'].get(n)))}"
                     f"</td><td>{html.escape(repr(runs_b['parameters'].get(n)))}</td></tr>" for n in names
                     if runs_a["parameters"].get(n) != runs_b["parameters"].get(n))
    params += "".join(f"<tr><td><code>{html.escape(item['notebook'])}</code> first</td><td>{html.escape(repr(x))}</td>"
                      f"<td>{html.escape(repr(y))}</td></tr>" for item, x, y in _first_changes(runs_a, runs_b))
    said = "".join(f"<tr><td>{markdown(x) if x else '(none)'}</td><td>{markdown(y) if y else '(none)'}</td></tr>"
                   for x, y in sentence_changes(sentences(a, runs_a["notebook"]), sentences(b, runs_b["notebook"])))
    cells = "".join(f"<tr><td><code>{html.escape(t)}</code></td><td>{html.escape(r)}</td><td>{html.escape(c)}</td>"
                    f'<td class="num">{html.escape(x)}</td><td class="num">{html.escape(y)}</td></tr>'
                    for t, r, c, x, y in table_changes(a, b, root))
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
            f"<p>Two runs of <code>notebooks/{html.escape(runs_a['notebook'])}.py</code>. Table rows are matched on "
            "each table's key (<code>config/processed.yml</code>), never by their position.</p>"
            + section("Parameters that differ", "<th>parameter</th><th>old</th><th>new</th>", params, "None.")
            + section("Sentences that changed, were added or were removed", "<th>old</th><th>new</th>", said, "None.")
            + section("Table cells that changed, and rows added or removed",
                      "<th>table</th><th>row (its key)</th><th>column</th><th>old</th><th>new</th>", cells, "None.")
            + "<h2>Charts side by side</h2>" + (charts or "<p>No charts.</p>"))
    path = Path(root) / paths.RUNS / f"compare-{a.name}-{b.name}.html"
    write_text(path, html_page(f"{a.name} compared with {b.name}", f"<main>{body}</main>"))
    return path


def _first_changes(a: dict, b: dict) -> list[tuple[dict, object, object]]:
    """The values of notebooks a run ran first (the facts, with other project parameters) that differ."""
    first_a = {item["notebook"]: item["parameters"] for item in a.get("first", [])}
    first_b = {item["notebook"]: item["parameters"] for item in b.get("first", [])}
    found = []
    for notebook in sorted(set(first_a) | set(first_b)):
        x, y = first_a.get(notebook, {}), first_b.get(notebook, {})
        found += [({"notebook": f"{notebook}: {name}"}, x.get(name), y.get(name)) for name in sorted(set(x) | set(y))
                  if x.get(name) != y.get(name)]
    return found
