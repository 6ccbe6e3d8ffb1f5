"""Shared logic for the UK police data-breach notebooks, in layers: each may import only those below it.

    pipeline/   the build (knows the domain only through pipeline.py)      may import core
    publish/    charts, sentences, pages, the report, FOI requests     may import analysis, sources, core
    analysis/   rankings, rates, breakdowns, context, checks            may import sources, core
    sources/    the manifest, readers, parsing, vocabularies, clean     may import core
    core/       paths, errors, YAML, configuration, parameters, text    imports nothing of the package

The contracts are in pyproject.toml ([tool.importlinter]) and checked by the tests. ``python -m
police_breaches`` lists the command lines (see __main__.py).
"""
