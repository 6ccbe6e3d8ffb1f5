"""Everything a reader receives, from one build: the report, the force pages and their index, and the
description of every published table (``data/processed/datapackage.json``). One step writes them all, after
every step they show has succeeded, so ``reports/`` always shows one build."""

from __future__ import annotations

from police_breaches.publish import force_html, report, tables


def everything(sections: list[str], forces: list[str], source: dict) -> None:
    report.build(sections, source)
    force_html.force_pages(forces, source)
    tables.write_datapackage()
