"""Every published answer in the data, as published: what each raw file holds, made from the processed tables.

A file added to data/raw and datapackage.json appears here with no notebook change: its sources, the period
and unit of its figures, the figures themselves, and a link to the raw file.
"""

from __future__ import annotations

import html

import pandas as pd

from police_breaches.publish.words import period_as_shown, status_words
from police_breaches.sources.vocab import ForceRegister

FIGURES = ["force", "period_label", "breakdown", "label_as_published", "figure"]


def _figure(value, status: str, detail: str) -> str:
    if status == "reported" or (status == "nil" and pd.notna(value)):
        return f"{int(value):,}" if status == "reported" else f"{int(value):,} ({detail or 'nil'})"
    return status_words(status, detail)


def _force(register: ForceRegister, force_id, scope) -> str:
    if isinstance(force_id, str) and force_id:
        return register.name_of(force_id)
    return str(scope)


def source_html(source: dict) -> str:
    """One source, linked, as a reader reads it: publisher, title, date, period, kind and completeness."""
    from police_breaches.core.text import date_words
    from police_breaches.publish.words import plain

    period = plain(source["period_covered"].replace("/", " to "), {})
    return (f'{html.escape(source["publisher"])}, <a href="{html.escape(source["path"])}">'
            f'{html.escape(source["title"])}</a> (published {html.escape(date_words(source["published"]))}; covers '
            f'{html.escape(period)}; {html.escape(source["kind"])}; {html.escape(source["completeness"])})')


def source_line(entry: dict) -> str:
    """HTML: each source of a resource (source_html), then the raw file and its checksum."""
    raw = html.escape(entry["path"])
    return (f'<p class="answer-source">{"<br>".join(source_html(s) for s in entry["sources"])}<br>Raw file: '
            f'<a href="../{raw}"><code>{raw}</code></a> '
            f'(sha256 <code>{html.escape(entry["hash"].lower().removeprefix("sha256:")[:12])}…</code>)</p>')


def figures(entry: dict, tables: dict[str, pd.DataFrame], register: ForceRegister, caveats: pd.DataFrame,
            facts) -> list[tuple[str, pd.DataFrame]]:
    """(caption, table) for what one raw file holds, in each table it was read into; a figure that
    config/caveats.csv says to read with care carries the caveat beside it. What is added up (a Home Office
    release over its forces, an answer's incidents) is read from the facts (``facts``: views.Facts)."""
    name, out = entry["name"], []
    observations = tables["observations"]
    rows = observations[observations["resource"] == name]
    if len(rows):
        shown = pd.DataFrame({
            "force": [_force(register, f, s) for f, s in zip(rows["force_id"], rows["scope"])],
            "period_label": [period_as_shown(p, q) for p, q in zip(rows["period_label"], rows["part_period"])],
            "breakdown": rows["breakdown"].str.replace("_", " "),
            "label_as_published": rows["label_as_published"],
            "figure": [_figure(v, s, d) for v, s, d in zip(rows["value"], rows["status"], rows["status_detail"])],
        })
        said = caveats[caveats["about"] == name].set_index("force_id")["caveat"]
        if len(said):
            shown["read_with_care"] = rows["force_id"].map(said).fillna("").to_list()
        units = " / ".join(dict.fromkeys(rows["unit"]))
        out.append((f"{entry.get('title', name)}: {units}", shown.reset_index(drop=True)))
    listed = facts.of("incidents_listed", basis=name)
    if len(listed):
        counted = listed[listed["label"] == ""].set_index("subject")
        outcome = listed[listed["label"] == "with an outcome"].set_index("subject")["value"]
        shown = pd.DataFrame({"force_id": counted["subject_name"], "unit": counted["unit"],
                              # the span of the incidents' own dates, not the period the answer covers (its sources say that)
                              "dates_of_the_incidents_listed": counted["period_start"] + " to " + counted["period_end"],
                              "incidents": counted["value"], "with_outcome": outcome.reindex(counted.index)})
        out.append((f"{entry.get('title', name)}: incidents listed one by one", shown.reset_index(drop=True)))
    ranks = tables["published_ranks"]
    quoted = ranks[ranks["resource"] == name]
    if len(quoted):
        out.append((f"{entry.get('title', name)}: ranks as quoted",
                    quoted.assign(force=quoted["force_id"].map(register.name_of))[
                        ["force", "rank_as_published", "scope", "period_label"]].reset_index(drop=True)))
    added = facts.of(["workforce_fte", "figures_not_given"], subject="forces_in_the_table", basis=name)
    if len(added):
        total = added[added["measure"] == "workforce_fte"].set_index(["period_start", "label"])
        missing = added[added["measure"] == "figures_not_given"].set_index(["period_start", "label"])["value"]
        from police_breaches.publish.nb import column_labels

        named = column_labels()  # 'pcsos' → 'PCSOs': the kinds of worker as the workforce tables head them
        summary = pd.DataFrame({"as_at": [a for a, _ in total.index],
                                "worker_type": [named.get(w, w) for _, w in total.index],
                                "forces": total["of"].astype(int).to_list(), "fte": total["value"].to_list(),
                                "missing": missing.reindex(total.index).to_list()})
        out.append((f"{entry.get('title', name)}: full-time equivalents by date and kind of worker (all forces)",
                    summary))
    return out


def folded_section(entry: dict, found: list[tuple[str, pd.DataFrame]]) -> str:
    """One raw file's sources and figures behind a summary line naming it, with how many figures it holds."""
    from police_breaches.publish.nb import table_html

    count = sum(len(table) for _, table in found)
    from police_breaches.publish.words import plain

    title = html.escape(plain(entry.get("title", entry["name"]), {}))
    tables = "".join(table_html(table, caption=caption) for caption, table in found)
    return (f'<details class="folded answer"><summary><h2>{title}</h2> <span class="rows">({count:,} '
            f'row{"s" if count != 1 else ""})</span></summary>{source_line(entry)}{tables}</details>')


def every_file(sections: list[str]) -> str:
    """All the raw files' folded sections, themselves behind one summary line (the report stays short)."""
    return (f'<details class="folded"><summary>The {len(sections)} raw files, one by one <span class="rows">(open one '
            f"to read its sources and figures)</span></summary>{''.join(sections)}</details>")
