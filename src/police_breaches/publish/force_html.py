"""The force pages' HTML, one per territorial force from its executed notebook, and their sortable index
(with the FOI campaign's progress while one runs)."""

from __future__ import annotations

import html
from pathlib import Path

from police_breaches.core import paths
from police_breaches.core.outputs import write_text
from police_breaches.core.paths import BUILD, PROCESSED, REPORTS
from police_breaches.publish.pack import beside, pack
from police_breaches.publish.page import ICON_SVG, footer_html, html_page, notebook_html
from police_breaches.publish.report import banner, differences

FORCES = REPORTS / "forces"
# The pages' icon as a file beside them: a page looks for it to know whether the pages it links to came with it
ICON = "icon.svg"

# Sorting by a column's heading, or (on a phone, where a table is cards with no headings) by the menu above it:
# one function, so both sort alike. Unknown figures ('not known') sort last either way.
SORT_SCRIPT = """
function sortTable(table, column, ascending) {
  var body = table.tBodies[0], th = table.tHead.rows[0].cells[column];
  table.querySelectorAll('th').forEach(function (h) { h.removeAttribute('aria-sort'); });
  th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
  var key = function (row) {
    var cell = row.cells[column]; return cell.dataset.sort !== undefined ? cell.dataset.sort : cell.textContent;
  };
  var rows = Array.prototype.slice.call(body.rows).sort(function (a, b) {
    var x = key(a), y = key(b);
    if (x === '' || y === '') { return (x === '') - (y === ''); }
    var order = (isNaN(parseFloat(x)) || isNaN(parseFloat(y))) ? x.localeCompare(y) : parseFloat(x) - parseFloat(y);
    return ascending ? order : -order;
  });
  rows.forEach(function (row) { body.appendChild(row); });
  var menu = document.querySelector('select[data-table="' + table.id + '"]');
  if (menu) { menu.value = column + (ascending ? ':up' : ':down'); }
}
document.querySelectorAll('table.sortable th button').forEach(function (button) {
  button.addEventListener('click', function () {
    var th = button.closest('th'), table = th.closest('table'), now = th.getAttribute('aria-sort');
    // a first click puts the highest figure first, or the names A to Z; a second reverses
    var ascending = now ? now !== 'ascending' : !th.classList.contains('num');
    sortTable(table, Array.prototype.indexOf.call(th.parentNode.children, th), ascending);
  });
});
document.querySelectorAll('select[data-table]').forEach(function (menu) {
  menu.addEventListener('change', function () {
    var table = document.getElementById(menu.dataset.table), body = table.tBodies[0];
    if (!menu.value) {  // as listed: the order the page was built in
      table.querySelectorAll('th').forEach(function (h) { h.removeAttribute('aria-sort'); });
      Array.prototype.slice.call(body.rows).sort(function (a, b) { return a.dataset.order - b.dataset.order; })
        .forEach(function (row) { body.appendChild(row); });
      return;
    }
    var choice = menu.value.split(':');
    sortTable(table, parseInt(choice[0], 10), choice[1] === 'up');
  });
});
"""


FORMATS = {"per_1000_fte": "rate", "workforce_2015": "fte"}
# The index's columns of words: headed and sorted as text (A to Z first); every other column holds a figure
TEXT_COLUMNS = {"force", "country", "status", "request", "total_from"}  # the index's figures in their facts' formats


def read_forces():
    import pandas as pd

    return pd.read_csv(paths.at(PROCESSED / "forces.csv"), keep_default_na=False, na_values=[""])


def force_pages(forces: list[str], source: dict, root: Path | None = None) -> None:
    """reports/forces/: each force's page from its executed notebook (build/forces/<force>.ipynb), and the index.

    Only this step carries the commit in its footers, so a new commit re-renders the pages (a fraction of a
    second) without running 45 notebooks again.
    """
    from police_breaches.analysis.views import Facts

    root = Path(root or paths.root())
    for force_id in forces:
        force_page(root / BUILD / "forces" / f"{force_id}.ipynb", force_id, source, root)
    force_index(read_forces(), source, root, Facts.load().progress())


def force_page(notebook, force_id: str, source: dict, root: Path) -> Path:
    """reports/forces/<force>.html from the executed force page notebook: one self-contained page."""
    body, title, parameters = notebook_html(notebook, shift=0)
    away = beside(ICON, "(the other pages did not come with this copy of the page)")
    links = (f'<nav aria-label="Other pages" class="crumbs"><a href="index.html" {away}>All forces</a> · '
             f'<a href="../index.html" {away}>The full report</a></nav>')
    note = banner(differences(root, [("09_force_page", parameters)]))
    description = (f"{title}: every published figure, each in its own unit and period, what is not known, and "
                   "what to ask the force.")
    return write_text(FORCES / f"{force_id}.html",
                      html_page(title, pack(note + links + f"<main>{body}</main>" + footer_html(source, root), FORCES, root),
                                description))


def jump_list(rows) -> str:
    """Every force's page, A to Z, under its initial: on a phone the quickest way to one force."""
    initials: dict[str, list[str]] = {}
    for row in rows.sort_values("force").itertuples(index=False):
        initials.setdefault(row.force[0].upper(), []).append(
            f'<a href="{html.escape(row.force_id)}.html">{html.escape(row.force)}</a>')
    items = "".join(f"<li><strong>{letter}</strong> {' · '.join(links)}</li>" for letter, links in initials.items())
    return f'<nav aria-label="Every force, A to Z" class="jump"><h2>Every force, A to Z</h2><ul>{items}</ul></nav>'


def force_index(rows, source: dict, root: Path, progress: dict | None = None) -> Path:
    """reports/forces/index.html: the forces with a published total, each with the ranks it can hold, and the
    forces with none, apart (no order among them is implied); each table sorts by any column. ``progress``:
    where this project's FOI campaign stands (Facts.progress), shown while a campaign runs."""
    import pandas as pd

    from police_breaches.publish.words import progress_sentence

    campaign = bool(progress)
    if "request" in rows:
        rows = rows.assign(request=rows["request"].fillna("none written"))

    def cell(column: str, name: str, value, row) -> str:
        # data-label heads each cell when a phone shows the rows as cards.
        label = f' data-label="{html.escape(name)}"'
        if column == "force":
            return (f'<td{label} data-sort="{html.escape(row.force)}"><a href="{html.escape(row.force_id)}.html">'
                    f"{html.escape(row.force)}</a></td>")
        if column == "possible_rank":
            return f'<td class="num"{label} data-sort="{row.best_rank}">{html.escape(value)}</td>'
        if value is None or (not isinstance(value, str) and pd.isna(value)):
            return f'<td class="num"{label} data-sort="">not known</td>'
        if isinstance(value, str):
            return f"<td{label}>{html.escape(value)}</td>"
        from police_breaches.publish.figures import number

        text = number(value, FORMATS.get(column, "count"))  # as every page writes the figure
        return f'<td class="num"{label} data-sort="{value}">{text}</td>'

    def table(subset, columns: list[tuple[str, str]], label: str, table_id: str) -> str:
        # the menu a phone sorts with (its cards have no headings to click): each column with a figure, either way
        def directions(column: str) -> tuple:
            if column in TEXT_COLUMNS:
                return ("up", "A to Z"), ("down", "Z to A")
            if column == "possible_rank":
                return ("up", "1st first"), ("down", "last first")
            return ("down", "highest first"), ("up", "lowest first")
        ways = "".join(f'<option value="{n}:{way}">{html.escape(name)} ({words})</option>'
                       for n, (c, name) in enumerate(columns) if subset[c].notna().any()
                       for way, words in directions(c))
        menu = (f'<p class="sort-by"><label>Sort by <select data-table="{table_id}"><option value="" selected>as '
                f"listed</option>{ways}</select></label></p>")
        head = "".join(f'<th scope="col"{" class=num" if c not in TEXT_COLUMNS else ""} '
                       f'data-label="{html.escape(name)}"><button type="button">{html.escape(name)}</button></th>'
                       for c, name in columns)
        body = "".join(f'<tr data-order="{n}">' + "".join(cell(c, name, getattr(row, c), row) for c, name in columns)
                       + "</tr>" for n, row in enumerate(subset.itertuples(index=False)))
        return (f'{menu}<div class="table-scroll" role="region" aria-label="{html.escape(label)}" tabindex="0">'
                f'<table class="sortable data-table" id="{table_id}">'
                f'<caption class="visually-hidden">{html.escape(label)}</caption>'
                f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>")

    common = [("per_1000_fte", "Per 1,000 FTE workforce, over that period"),
              ("workforce_2015", "Workforce, 31 March 2015 (FTE)"), ("earlier_studies", "Figures from earlier studies"),
              ("since_2015", "Figures since 2015"), ("answers", "FOI answers and press tables")]
    published = rows[rows["status"] == "published"].sort_values(["best_rank", "force"])
    period = next((p for p in rows.get("period", pd.Series(dtype=str)) if isinstance(p, str) and p), "the 2016 report's period")
    others = rows[rows["status"] != "published"].sort_values("force")
    answered = int(rows["answered"].max()) if "answered" in rows and rows["answered"].notna().any() else None
    from_answers = int((published.get("total_from", pd.Series(dtype=str)) == "this project's FOI request").sum())
    page = (f'<nav aria-label="Other pages" class="crumbs"><a href="../index.html" '
            f'{beside(ICON, "(the full report did not come with this copy of the page)")}>The full report</a></nav>'
            f"<main><h1>What about my force? A page per territorial force</h1>"
            f"<p>{len(published) - from_answers} of the {len(rows)} territorial forces have a total from Big Brother "
            "Watch's 2016 report" + (f", and {from_answers} from this project's own FOI requests" if from_answers else "")
            + ". Each force's page says what is published about data breaches by its officers and staff, each figure in its own "
            "unit and period, and what is not known; a force with no published total has a ready-to-send FOI "
            "request. Click a column's heading to sort by it (figures highest first, names A to Z); click again to "
            "reverse (on a phone, choose from the "
            "menu above a table).</p>" + jump_list(rows) +
            f'<h2>The {len(published)} forces whose totals {"are known" if from_answers else "were published"}</h2>'
            "<p>A rank is a range: the other forces' totals were never published, so each force can sit anywhere the "
            "published totals, ranks and national figure allow"
            + (f" among the {answered} forces assumed to have answered (see the report's methodology)" if answered
               else "") + ".</p>"
            + table(published, [("force", "Force"), ("country", "Country"),
                                ("total_2016_report", f"Breaches, {period}"
                                 + ("" if campaign else " (Big Brother Watch, 2016)")),
                                *([("total_from", "Where the total comes from")] if campaign else []),
                                ("possible_rank", "Ranks it can hold among the forces assumed to have answered"), *common],
                    "Forces with a published total", "published")
            + f"<h2>The {len(others)} forces whose totals are not known</h2><p>Their totals were never published (or "
            "not revealed), so nothing here ranks them, high or low. Each page has a ready-to-send FOI request.</p>"
            + "".join(f"<p>{html.escape(progress_sentence(asked, counts))}</p>" for asked, counts in (progress or {}).items())
            + table(others, [("force", "Force"), ("country", "Country"), ("status", "2016 report total"),
                             *([("request", "This project's FOI request")] if campaign else []), *common],
                    "Forces whose totals are not known", "not-known")
            + "</main>" + footer_html(source, root) + f"<script>{SORT_SCRIPT}</script>")
    write_text(FORCES / ICON, ICON_SVG + "\n")
    return write_text(FORCES / "index.html", html_page(
        "What about my force? A page per territorial force", pack(page, FORCES, root),
        "Every UK territorial police force: what is published about data breaches by its officers and staff, "
        "its total and possible rank in the 2016 report where known, and a ready-to-send FOI request where not."))
