"""A self-contained HTML page: the house style sheet, Markdown with raw HTML escaped, executed notebooks turned
into HTML, and the footer naming the version and the credit (publish.pack carries the charts and the files)."""

from __future__ import annotations

import calendar
import html
import json
import os
import re
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote, unquote, urlparse

from police_breaches.core import paths

CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;max-width:52rem;margin:0 auto;
padding:1rem;line-height:1.5;color:#222;background:#fff}
h1{font-size:1.8rem;line-height:1.2} h2{margin-top:2.5rem;border-top:1px solid #ddd;padding-top:1rem}
.headline{display:grid;grid-template-columns:repeat(auto-fit,minmax(10rem,1fr));gap:.6rem;margin:1rem 0 1.5rem;
padding:0;list-style:none}
.headline li{border:1px solid #d0d7de;border-left:4px solid #D55E00;padding:.5rem .7rem;background:#fafafa}
.headline strong{display:block;font-size:1.6rem;line-height:1.2;font-variant-numeric:tabular-nums}
.headline span{font-size:.85rem;color:#333}
figure.chart{margin:1.5rem 0;max-width:36rem} figure.chart img{width:100%;height:auto;border:1px solid #eee;display:block}
figcaption{font-size:.85rem;color:#555} .downloads a{color:#0072B2}
.table-scroll{max-width:100%;overflow-x:auto;margin:1rem 0;
background:linear-gradient(to right,#fff 30%,rgba(255,255,255,0)),linear-gradient(to right,rgba(255,255,255,0),#fff 70%) 100% 0,
radial-gradient(farthest-side at 0 50%,rgba(0,0,0,.25),rgba(0,0,0,0)),
radial-gradient(farthest-side at 100% 50%,rgba(0,0,0,.25),rgba(0,0,0,0)) 100% 0;
background-repeat:no-repeat;background-size:2.5rem 100%,2.5rem 100%,.9rem 100%,.9rem 100%;
background-attachment:local,local,scroll,scroll}
table{border-collapse:collapse;font-size:.85rem;width:100%}
caption,.table-caption{text-align:left;font-weight:600;padding:.3rem 0;margin:.8rem 0 0}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
th,td{border-bottom:1px solid #ddd;padding:.25rem .45rem;
text-align:left;vertical-align:top;overflow-wrap:break-word;hyphens:auto} th{background:#f5f5f5;font-weight:600}
th.num,td.num{text-align:right;font-variant-numeric:tabular-nums;overflow-wrap:normal} td.num{white-space:nowrap}
td.num.words{white-space:normal}
nav ol{padding-left:1.2rem} code{font-size:.9em;overflow-wrap:anywhere} pre{white-space:pre-wrap}
.params{font-size:.85rem} footer{margin-top:3rem;border-top:1px solid #ddd;padding-top:1rem;font-size:.85rem;color:#444}
.forces-link a{font-weight:600}
.crumbs{font-size:.9rem;margin-bottom:1rem} .banner{border:2px solid #D55E00;background:#fff4ec;padding:.2rem 1rem;
margin:1rem 0} mark{background:#fff4ec;color:inherit}
pre.foi-request{font-family:inherit;background:#f7f7f7;border:1px solid #ddd;padding:.8rem;
font-size:.85rem;overflow-wrap:anywhere} th button{font:inherit;font-weight:600;background:none;border:0;padding:0;
cursor:pointer;text-align:inherit;color:inherit} th[aria-sort=ascending] button::after{content:" ▲"}
th[aria-sort=descending] button::after{content:" ▼"} .answer-source{font-size:.85rem;color:#444}
small{font-size:.8rem} details.folded{margin:1rem 0;border:1px solid #d0d7de;padding:.3rem .7rem}
details.folded>summary{cursor:pointer;font-weight:600;padding:.2rem 0} details.folded .rows{font-weight:400;color:#444}
details.folded>summary h2{display:inline;font-size:1.05rem;margin:0;border:0;padding:0}
details.appendix{margin-top:2rem}
.credit{font-size:.9rem}
.sort-by{display:none} .jump ul{list-style:none;padding:0;columns:2 16rem} .jump li{break-inside:avoid;margin:.15rem 0}
.jump h2{font-size:1.1rem}


@media (max-width:600px){
table.provenance,table.provenance tbody,table.provenance tr,table.provenance td{display:block}
table.provenance thead{display:none} table.provenance tr{border-bottom:1px solid #ccc;padding:.4rem 0}
table.provenance td{border:0} table.provenance caption{display:block;text-align:left}
table.data-table:not(.grid),table.data-table:not(.grid) tbody,table.data-table:not(.grid) tr,
table.data-table:not(.grid) td{display:block}
table.data-table:not(.grid) thead{display:none}
table.data-table:not(.grid) tr{border-bottom:1px solid #ccc;padding:.4rem 0}
table.data-table:not(.grid) td{border:0;padding:.1rem 0}
table.data-table:not(.grid) td.num{text-align:left;white-space:normal}
table.data-table:not(.grid) td::before{content:attr(data-label) ": ";font-weight:600}
.sort-by{display:block} .sort-by select{font:inherit;max-width:100%}}


@media print{@page{size:A4;margin:14mm}
body{max-width:none;padding:0;font-size:10pt;line-height:1.35} h1{font-size:18pt} h2{font-size:14pt;break-after:avoid}
h3,h4,.table-caption{break-after:avoid} nav,.downloads{display:none}
th button{display:none} th[data-label]::before{content:attr(data-label)}
.table-scroll{overflow:visible;background:none} table{font-size:8.5pt;page-break-inside:auto} tr{break-inside:avoid}
th,td{padding:.1rem .2rem} th.num,td.num{white-space:normal} h2,h3,h4,summary,.table-caption{break-inside:avoid}
figure.chart{max-width:13cm;break-inside:avoid} figure.chart img{max-height:24cm;width:auto;max-width:100%}
.headline li{break-inside:avoid}
/* Paper shows what the screen shows: a closed fold prints as its heading, an opened one whole. */
a{color:inherit}}
"""

_markdown = None


def markdown(text: str) -> str:
    """Markdown to HTML with any raw HTML in it escaped (and javascript: links refused)."""
    global _markdown
    if _markdown is None:
        import mistune
        _markdown = mistune.create_markdown(escape=True, plugins=["table", "strikethrough"])
    return _markdown(text)

def unique_labels(markup: str, seen: dict[str, int], where: str) -> str:
    """An aria-label already used on the page gets the section it is in, so no two regions share a name."""
    def replace(match: re.Match) -> str:
        label = match.group(1)
        seen[label] = seen.get(label, 0) + 1
        return match.group(0) if seen[label] == 1 else f'aria-label="{label} ({html.escape(where)})"'
    return re.sub(r'aria-label="([^"]*)"', replace, markup)


def _text(value) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def notebook_html(path_or_notebook, shift: int = 1) -> tuple[str, str, dict]:
    """The notebook's Markdown and outputs as HTML (code hidden), its first heading and its parameters.

    ``shift`` moves headings down (a notebook that is a section of a page: its h1 becomes an h2).
    """
    notebook = (path_or_notebook if isinstance(path_or_notebook, dict)
                else json.loads(Path(path_or_notebook).read_text(encoding="utf-8")))
    parts, title = [], None
    for cell in notebook["cells"]:
        if cell["cell_type"] == "markdown":
            source = _text(cell["source"])
            title = title or next((line[2:].strip() for line in source.splitlines() if line.startswith("# ")), None)
            parts.append(markdown(source))
        elif cell["cell_type"] == "code":
            for output in cell.get("outputs", []):
                parts.append(_output_html(output))
                heading = re.match(r"<h1[^>]*>(.*?)</h1>", parts[-1])
                title = title or (heading and html.unescape(re.sub(r"<[^>]+>", "", heading.group(1))))
    body = "".join(parts)
    if shift:
        body = re.sub(r"<(/?)h([1-5])\b", lambda m: f"<{m.group(1)}h{int(m.group(2)) + shift}", body)
    parameters = notebook["metadata"].get("papermill", {}).get("parameters", {})
    return body, title or "notebook", parameters


def _output_html(output: dict) -> str:
    kind = output["output_type"]
    if kind in ("display_data", "execute_result"):
        data = output.get("data", {})
        if "text/html" in data:
            return _text(data["text/html"])
        if "text/markdown" in data:
            return markdown(_text(data["text/markdown"]))
        if "text/plain" in data:
            return _printed(_text(data["text/plain"]))
        return ""
    if kind == "stream" and output.get("name") == "stdout":
        return _printed(_text(output["text"]))
    return ""  # warnings and logs are for the person running the build, not for readers


PRINTED_LIMIT = 5_000  # characters of a notebook's printed output a page shows; the executed notebook keeps all


def _printed(text: str) -> str:
    """Printed output, cut at PRINTED_LIMIT with a note saying so (a debug print must not swell the page)."""
    if len(text) <= PRINTED_LIMIT:
        return f"<pre>{html.escape(text)}</pre>"
    left = len(text) - PRINTED_LIMIT
    return (f"<pre>{html.escape(text[:PRINTED_LIMIT])}</pre><p>The notebook printed {left:,} more "
            "characters, not shown here: its executed copy under build/ holds them all.</p>")

EARLIEST_EPOCH = 315532800  # 1980-01-01, as reproducible-builds.org advises for SOURCE_DATE_EPOCH


def source_version(root: Path | None = None, watched: list[str] = ()) -> dict:
    """The commit the build comes from and that commit's date, never the wall clock (reproducible builds);
    and whether any of ``watched`` (git pathspecs: what the build reads) differs from that commit.

    ``SOURCE_DATE_EPOCH``, where set, gives the date. Outside a git checkout the commit is unknown and said so;
    in one where git is missing or fails, ``no_commit`` says why, for the build to warn and the pages to say.
    """
    root = Path(root or paths.root())
    failures: list[str] = []

    def git(*args: str) -> str | None:
        try:
            return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True).stdout.strip()
        except FileNotFoundError:
            failures.append("git is not installed, or not on PATH")
        except subprocess.CalledProcessError as err:
            said = (err.stderr or "").strip().splitlines()
            failures.append(f"`git {args[0]}` failed" + (f" ({said[0]})" if said else ""))
        except OSError as err:
            failures.append(f"git could not be run ({err.strerror})")
        return None

    in_checkout = (root / ".git").exists()
    commit = git("rev-parse", "HEAD") if in_checkout else None
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is not None and not (re.fullmatch(r"[0-9]+", epoch, re.ASCII) and int(epoch) >= EARLIEST_EPOCH):
        from police_breaches.core.errors import InputError

        raise InputError("SOURCE_DATE_EPOCH", None, f"{epoch!r} is not a date the report can carry: give a whole "
                                                    f"number of seconds since 1970, from {EARLIEST_EPOCH} (1980-01-01, "
                                                    "the earliest a zip or tar file can hold) on, or unset it")
    epoch = epoch or (commit and git("log", "-1", "--format=%ct"))
    return {
        "commit": commit,
        "modified": bool(commit and git("status", "--porcelain", "--", *watched)),
        "date": datetime.fromtimestamp(int(epoch), tz=UTC).date().isoformat() if epoch else None,
        "no_commit": failures[0] if in_checkout and not commit and failures else None,
    }


def credit(root: Path) -> str:
    """Who to credit, from CITATION.cff: the original research (its references) and this project."""
    from police_breaches.core import strict_yaml

    cff = strict_yaml.load((Path(root) / "CITATION.cff").read_text(encoding="utf-8"))
    works = []
    for work in cff.get("references", []):
        author = work["authors"][0]
        who = (f'<a href="{html.escape(author["website"])}">{html.escape(author["name"])}</a>' if author.get("website")
               else html.escape(author["name"]))
        when = " ".join(str(part) for part in (calendar.month_name[work["month"]] if work.get("month") else "",
                                               work.get("year", "")) if part)
        title = html.escape(work["title"])
        if work.get("url"):  # the work itself, where its address is known; else its publisher's site
            title = f'<a href="{html.escape(work["url"])}">{title}</a>'
        works.append(f"{who}, <cite>{title}</cite>" + (f" ({html.escape(when)})" if when else ""))
    project = html.escape(cff["title"])
    if cff.get("repository-code") or cff.get("url"):
        project = f'<a href="{html.escape(cff.get("repository-code") or cff.get("url"))}">{project}</a>'
    who = cff["authors"][0]["name"]
    who = who[:1].lower() + who[1:] if who.startswith("The ") else who  # 'by the police-breaches project'
    return (f'<p class="credit">Original research and reporting: {"; ".join(works)}. Rebuilt from the published figures by '
            f"{html.escape(who)}: <cite>{project}</cite>, version {html.escape(cff['version'])}.</p>")


def citation(root: Path, source: dict) -> str:
    """'Title (version 0.2.0, commit …, date).' from CITATION.cff and the commit the report was built from."""
    from police_breaches.core import strict_yaml

    cff = strict_yaml.load((Path(root) / "CITATION.cff").read_text(encoding="utf-8"))
    parts = [f"version {cff['version']}"]
    if source["commit"]:
        parts.append(f"commit {source['commit'][:12]}")
    if source["date"]:
        parts.append(source["date"])
    authors = ", ".join(a.get("name") or f"{a.get('given-names', '')} {a.get('family-names', '')}".strip()
                        for a in cff["authors"])
    return f"{authors}. <em>{html.escape(cff['title'])}</em> ({html.escape(', '.join(parts))})."


def footer_html(source: dict, root: Path | None = None) -> str:
    cite = f"{credit(root)}<p>Cite as: {citation(root, source)}</p>" if root else ""
    if source["commit"]:
        built = (f"Built from commit <code>{source['commit'][:12]}</code>"
                 + (" with uncommitted changes" if source["modified"] else "")
                 + (f", dated {source['date']}" if source["date"] else ""))
    else:
        built = (f"Built in a git checkout, but no commit can be named: {html.escape(source['no_commit'])}"
                 if source.get("no_commit") else "Built outside a git checkout, so no commit can be named") + (
            f"; source date {source['date']}" if source["date"] else "")
    return f"<footer><p>{built}.</p>{cite}</footer>"


# The pages' icon: three bars in the charts' blue, inline so a page e-mailed on its own keeps it.
ICON_SVG = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="2" '
            'fill="#fff"/><g fill="#0072b2"><rect x="2" y="8" width="3" height="6"/><rect x="6.5" y="3" width="3" '
            'height="11"/><rect x="11" y="6" width="3" height="8"/></g></svg>')
FAVICON = "data:image/svg+xml," + quote(ICON_SVG)


def html_page(title: str, body: str, description: str = "") -> str:
    """A whole page: ``description`` is what a search result or a shared link shows (the title, if none)."""
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<meta name="description" content="{html.escape(description or title)}">'
            f'<link rel="icon" href="{FAVICON}">'
            f"<title>{html.escape(title)}</title><style>{CSS}</style></head>\n"
            f"<body>{body}</body></html>\n")

# Where a notebook's page normally lives: its links are written relative to that folder.
PAGE_FOLDERS = {"09_force_page": "reports/forces"}


def relink(markup: str, page_folder: str, folder: Path, root: Path) -> str:
    """Links written for a page in ``page_folder`` of the project, pointed from ``folder`` instead: to the
    run's own copy of a file where it wrote one (the folder mirrors the project), else to the project's."""
    def replace(match: re.Match) -> str:
        href = html.unescape(match.group(1))
        if urlparse(href).scheme or href.startswith("#"):
            return match.group(0)
        target = os.path.normpath(os.path.join(page_folder, unquote(href)))
        if (Path(folder) / target).exists():
            moved = target
        elif (Path(root) / target).exists():
            moved = os.path.relpath(Path(root) / target, folder)
        else:
            return match.group(0)
        return f'href="{html.escape(Path(moved).as_posix())}"'
    return re.sub(r'href="([^"]*)"', replace, markup)
