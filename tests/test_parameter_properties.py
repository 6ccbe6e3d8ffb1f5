"""Random parameter sets, drawn by Hypothesis from what config/parameters.yml declares.

Valid sets: the whole build succeeds, records the values it ran with, every raw row is accounted for and no
published figure is contradicted by the raw data. Invalid values: the run stops before anything runs with one
line naming the file, its line and the parameter, and no output changes.

The strategies are built from each parameter's declared type, so a parameter added to the declaration is
covered without a change here.
"""

from __future__ import annotations

import json
import math
import os
import re
import shutil
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest
import yaml
from conftest import ROOT, built_copy, facts_in, make, snapshot
from facts_on_pages import quoted, unexplained
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from police_breaches.pipeline import params

CONTEXT = params.Context(ROOT)
SPECS = {notebook: params.specs(ROOT, notebook) for notebook in params.notebooks(ROOT)}
TUNABLE = sorted(notebook for notebook, specs in SPECS.items() if specs)
FORCE_IDS = sorted(CONTEXT.force_ids)
# The same examples on every run, so the suite is a gate, not a lottery; PARAMETER_EXAMPLES_SCALE=10 (say)
# explores ten times as many, with other draws, when looking for trouble.
SCALE = int(os.environ.get("PARAMETER_EXAMPLES_SCALE", 1))
VERDICTS = {"match", "cannot be rebuilt", "partial breakdown", "overlapping", "sources disagree"}  # never "differs"

# --------------------------------------------------------------------------- valid values, by declared type


def iso(day: date) -> str:
    return day.isoformat()


DAYS = st.dates(min_value=date(2005, 1, 1), max_value=date(2018, 12, 31))


def valid(spec: params.Spec):
    kind = spec.type
    if kind == "date":
        return DAYS.map(iso)
    if kind == "workforce_date":
        return st.sampled_from(sorted(CONTEXT.workforce_dates))
    if kind == "integer":
        return st.integers(int(spec.min), int(spec.max))
    if kind == "number":
        return st.floats(spec.min, spec.max, allow_nan=False).map(lambda x: round(x, 2))
    if kind == "boolean":
        return st.booleans()
    if kind == "choice":
        return st.sampled_from(spec.choices)
    if kind == "force_id":
        return st.sampled_from(FORCE_IDS)
    if kind == "territorial_force_id":
        return st.sampled_from(sorted(CONTEXT.territorial))
    if kind == "force_ids":
        return st.lists(st.sampled_from(FORCE_IDS), max_size=4, unique=True)
    if kind == "formats":
        others = [c for c in spec.choices if c != "svg"]
        return st.lists(st.sampled_from(others), unique=True).map(lambda chosen: ["svg", *chosen])
    raise AssertionError(f"no strategy for type {kind}: add one here")


@st.composite
def valid_settings(draw, notebook: str) -> dict:
    """Some of the notebook's parameters, each with a valid value; a date `after` another is not before it."""
    specs = SPECS[notebook]
    chosen = draw(st.lists(st.sampled_from(sorted(specs)), unique=True, max_size=len(specs)))
    values = {name: draw(valid(specs[name])) for name in chosen}
    for name, spec in specs.items():  # an end, drawn or left at its default, not before its start
        if spec.after and (name in values or spec.after in values):
            start = values.get(spec.after, specs[spec.after].default)
            if values.get(name, spec.default) < start:
                values[name] = iso(date.fromisoformat(start) + timedelta(days=draw(st.integers(0, 2000))))
    return values


# --------------------------------------------------------------------------- invalid values, by declared type

NOT_DATES = st.one_of(
    st.sampled_from(["2011-13-01", "2011-02-30", "2011-6-1", "11-06-01", "1 June 2011", "2011/06/01", "", "2011-06-01T00:00"]),
    st.text(min_size=1, max_size=12).filter(lambda t: not re.fullmatch(r"\d{4}-\d{2}-\d{2}", t)),
    st.integers(), st.lists(DAYS.map(iso), min_size=1, max_size=2), st.booleans(), st.none())
NOT_IDS = st.one_of(st.text(max_size=20).filter(lambda t: t not in CONTEXT.force_ids),
                    st.sampled_from([name.upper() for name in FORCE_IDS]), st.integers(), st.none())


def invalid(spec: params.Spec):
    kind = spec.type
    if kind == "date":
        return NOT_DATES
    if kind == "workforce_date":
        return st.one_of(NOT_DATES, DAYS.map(iso).filter(lambda d: d not in CONTEXT.workforce_dates))
    if kind == "integer":
        return st.one_of(st.integers(max_value=int(spec.min) - 1), st.integers(min_value=int(spec.max) + 1),
                         st.floats(allow_nan=False).filter(lambda x: not x.is_integer() or math.isinf(x)),
                         st.booleans(), st.text(max_size=5), st.none())
    if kind == "number":
        return st.one_of(st.floats(max_value=spec.min, exclude_max=True), st.floats(min_value=spec.max, exclude_min=True),
                         st.just(float("nan")), st.booleans(), st.text(max_size=5), st.none())
    if kind == "boolean":
        return st.one_of(st.integers(), st.sampled_from(["true", "no", "1", ""]), st.none())
    if kind == "choice":
        return st.one_of(st.text(max_size=10).filter(lambda t: t not in spec.choices), st.integers(), st.none())
    if kind == "force_id":
        return NOT_IDS
    if kind == "territorial_force_id":
        return st.one_of(NOT_IDS, st.sampled_from(sorted(CONTEXT.force_ids - CONTEXT.territorial)))
    if kind == "force_ids":
        return st.one_of(NOT_IDS, st.lists(NOT_IDS, min_size=1, max_size=3),
                         st.sampled_from(FORCE_IDS).map(lambda f: [f, f]))
    if kind == "formats":
        others = [c for c in spec.choices if c != "svg"]
        return st.one_of(st.lists(st.sampled_from(others), unique=True),  # without svg
                         st.just(["svg", "svg"]), st.lists(st.text(max_size=5).filter(lambda t: t not in spec.choices),
                                                           min_size=1, max_size=2).map(lambda x: ["svg", *x]),
                         st.sampled_from(spec.choices))
    raise AssertionError(f"no strategy for type {kind}: add one here")


@st.composite
def one_bad_value(draw) -> tuple[str, str, object]:
    notebook = draw(st.sampled_from(TUNABLE))
    name = draw(st.sampled_from(sorted(SPECS[notebook])))
    spec = SPECS[notebook][name]
    if spec.after and draw(st.booleans()):  # a valid date before the one it must follow (left at its default)
        follows = date.fromisoformat(SPECS[notebook][spec.after].default)
        return notebook, name, iso(follows - timedelta(days=draw(st.integers(1, 4000))))
    return notebook, name, draw(invalid(spec))


def params_file(values: dict) -> str:
    return "# written by a property test\n" + (yaml.safe_dump(values, allow_unicode=True, sort_keys=True) if values else "")


@pytest.fixture(scope="module")
def project(built_project, tmp_path_factory) -> Path:
    return built_copy(built_project, tmp_path_factory.mktemp("properties") / "project")


# --------------------------------------------------------------------------- what a reader reads


def said(project: Path, step: str) -> list[str]:
    """Every Markdown output of an executed notebook, in order."""
    cells = json.loads((project / f"build/{step}.ipynb").read_text())["cells"]
    return ["".join(o["data"]["text/markdown"]) for c in cells for o in c.get("outputs", [])
            if "text/markdown" in o.get("data", {})]


def ran_with(project: Path, step: str) -> dict:
    return json.loads((project / f"build/{step}.record.json").read_text())["parameters"]


def name_of(force_id: str) -> str:
    forces = pd.read_csv(ROOT / "config/forces.csv", keep_default_na=False).set_index("force_id")
    return forces.at[force_id, "name"]


def years_in(text: str) -> set[str]:
    return set(re.findall(r"\b(?:19|20)[0-9]{2}\b", text))


def words_follow_the_parameters(project: Path) -> None:
    """No heading names a year, force or period other than those the notebook ran with, or the facts' own."""
    from police_breaches.publish.words import period_range

    facts = facts_in(project)
    period, window = facts.ranking_period(), facts.window
    p03, p05 = (ran_with(project, s) for s in ("03_west_midlands_2016", "05_west_midlands_in_context"))
    heading = next(t for t in said(project, "02_rankings_2011_2015") if t.startswith("## "))
    shown = period or window  # the totals' own period; the project's where none lies inside it
    assert period_range(*shown) in heading, heading
    assert years_in(heading) == {shown[0][:4], shown[1][:4]}, heading
    heading = next(t for t in said(project, "03_west_midlands_2016") if t.startswith("## "))
    assert f"{name_of(p03['force'])} in {p03['year']}" in heading and years_in(heading) == {str(p03["year"])}, heading
    alt = (project / "figures/categories.alt.txt")
    if alt.exists():
        assert f"in {p03['year']}" in alt.read_text() and name_of(p03["force"]) in alt.read_text()
    heading = next(t for t in said(project, "05_west_midlands_in_context") if t.startswith("## "))
    assert heading == f"## {name_of(p05['force'])}: every published series", heading


def every_number_is_a_fact(project: Path) -> None:
    """Every number the report and the force pages state is a fact, in the fact's own period (facts_on_pages)."""
    facts = facts_in(project).frame
    quotes = quoted(json.loads((project / "datapackage.json").read_text(encoding="utf-8")), facts)
    pages = [project / "reports/index.html", project / "reports/forces/index.html",
             *(project / f"reports/forces/{force}.html" for force in ("west_midlands", "kent", "dorset"))]
    problems = [p for page in pages for p in unexplained(page.name, page.read_text(encoding="utf-8"), facts, quotes)]
    assert problems == [], "\n".join(problems[:20])


# --------------------------------------------------------------------------- the properties


@settings(max_examples=300 * SCALE, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(bad=one_bad_value())
def test_an_invalid_value_is_one_line_naming_file_line_and_parameter(tmp_path_factory, bad):
    notebook, name, value = bad
    folder = tmp_path_factory.mktemp("bad")
    shutil.copytree(ROOT / "config", folder / "config")
    shutil.copy(ROOT / "datapackage.json", folder / "datapackage.json")
    (folder / "params").mkdir()
    (folder / "params" / f"{notebook}.yml").write_text(params_file({name: value}), encoding="utf-8")
    with pytest.raises(params.ParameterError) as err:
        params.resolve(folder, notebook)
    message = str(err.value)
    assert "\n" not in message
    assert message.startswith(f"params/{notebook}.yml, line 2: {name} = "), message


@settings(max_examples=4 * SCALE, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(bad=one_bad_value())
def test_an_invalid_value_stops_the_build_before_anything_runs(project, bad):
    notebook, name, value = bad
    before = snapshot(project)
    path = project / "params" / f"{notebook}.yml"
    original = path.read_text(encoding="utf-8") if path.exists() else None
    try:
        path.write_text(params_file({name: value}), encoding="utf-8")
        result = make(project, "report", check=False)
        assert result.returncode != 0
        assert result.stderr.strip().startswith(f"error: params/{notebook}.yml, line 2: {name} = "), result.stderr
        assert "▶" not in result.stdout
        assert snapshot(project) == before
    finally:
        path.write_text(original, encoding="utf-8") if original is not None else path.unlink()


@st.composite
def valid_sets(draw) -> dict[str, dict]:
    notebooks = draw(st.lists(st.sampled_from(TUNABLE), min_size=1, max_size=3, unique=True))
    return {notebook: draw(valid_settings(notebook)) for notebook in notebooks}


@settings(max_examples=10 * SCALE, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(chosen=valid_sets())
def test_any_valid_parameter_set_builds_and_the_accounting_and_reproduction_hold(project, chosen):
    originals = {nb: (project / "params" / f"{nb}.yml").read_text(encoding="utf-8")
                 if (project / "params" / f"{nb}.yml").exists() else None for nb in chosen}
    try:
        for notebook, values in chosen.items():
            (project / "params" / f"{notebook}.yml").write_text(params_file(values), encoding="utf-8")
        result = make(project, "report", check=False)
        assert result.returncode == 0, result.stdout + result.stderr
        for notebook, values in chosen.items():
            per_force = notebook == "09_force_page"  # the build gives each page its own force
            step = "forces/kent" if per_force else notebook
            ran_with = json.loads((project / f"build/{step}.record.json").read_text())["parameters"]
            expected = {k: params.check_value(SPECS[notebook][k], v, CONTEXT) for k, v in values.items()
                        if not (per_force and k == "force")}
            assert {k: ran_with[k] for k in expected} == expected
        accounting = pd.read_csv(project / "data/processed/row_accounting.csv")
        assert (accounting["rows_in"] == accounting["rows_out"] + accounting["rows_set_aside"]).all()
        reproduction = pd.read_csv(project / "data/processed/reproduction.csv", keep_default_na=False)
        assert set(reproduction["verdict"]) <= VERDICTS, reproduction[~reproduction["verdict"].isin(VERDICTS)]
        assert (reproduction["reason"].str.len() > 0).all()
        assert (project / "reports/index.html").stat().st_size > 0
        words_follow_the_parameters(project)
        every_number_is_a_fact(project)
    finally:
        for notebook, text in originals.items():
            path = project / "params" / f"{notebook}.yml"
            path.write_text(text, encoding="utf-8") if text is not None else path.unlink()
