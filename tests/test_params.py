"""Parameters are declared once (config/parameters.yml) and every name and value is checked before a run.

Each case writes a params file into a scratch copy of the project's config and manifest and asks for the
resolved values; a bad one must give one line naming the file and line (or the command line), the
parameter, the value and what is allowed.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import jupytext
import papermill
import pytest

from police_breaches.pipeline import params

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def project(tmp_path) -> Path:
    shutil.copytree(ROOT / "config", tmp_path / "config")
    shutil.copy(ROOT / "datapackage.json", tmp_path / "datapackage.json")
    (tmp_path / "params").mkdir()
    return tmp_path


def resolve(project: Path, notebook: str, text: str | None = None, overrides=()):
    if text is not None:
        (project / "params" / f"{notebook}.yml").write_text(text, encoding="utf-8")
    return params.resolve(project, notebook, [params.parse_override(n, v) for n, v in overrides])


def test_the_committed_parameter_files_resolve_to_the_declared_defaults():
    for notebook in params.notebooks(ROOT):
        declared = {name: spec.default for name, spec in params.specs(ROOT, notebook).items()}
        assert params.resolve(ROOT, notebook) == declared, notebook


def test_each_notebook_declares_in_its_parameters_cell_exactly_the_declared_parameters_and_defaults(tmp_path):
    for notebook in params.notebooks(ROOT):
        source = jupytext.read(ROOT / "notebooks" / f"{notebook}.py")
        jupytext.write(source, tmp_path / f"{notebook}.ipynb")
        cell = [c for c in source.cells if "parameters" in c.metadata.get("tags", [])]
        declared = params.specs(ROOT, notebook)
        if not declared:
            assert not cell, f"{notebook} has a parameters cell but declares no parameters"
            continue
        inferred = papermill.inspect_notebook(str(tmp_path / f"{notebook}.ipynb"))
        assert list(inferred) == list(declared), notebook
        namespace: dict = {}
        exec(cell[0].source, namespace)
        assert {name: namespace[name] for name in declared} == {n: s.default for n, s in declared.items()}, notebook


def test_a_missing_params_file_means_the_defaults(project):
    assert resolve(project, "03_west_midlands_2016")["year"] == 2016


def test_values_are_normalised(project):
    resolved = resolve(project, "01_facts", "period_start: 2012-01-01\nperiod_end: '2014-12-31'\n")
    assert (resolved["period_start"], resolved["period_end"]) == ("2012-01-01", "2014-12-31")


@pytest.mark.parametrize("notebook, line, name, allowed", [
    # whole numbers
    ("02_rankings_2011_2015", "top_n: -1", "top_n", "a whole number from 1"),
    ("02_rankings_2011_2015", "top_n: 0", "top_n", "a whole number from 1"),
    ("02_rankings_2011_2015", "top_n: 2.5", "top_n", "a whole number"),
    ("02_rankings_2011_2015", "top_n: 5.0", "top_n", "a whole number"),
    ("02_rankings_2011_2015", "top_n: '5'", "top_n", "a whole number"),
    ("02_rankings_2011_2015", "top_n: true", "top_n", "a whole number"),
    ("02_rankings_2011_2015", "top_n: null", "top_n", "a whole number"),
    ("02_rankings_2011_2015", "top_n: 1000", "top_n", "a whole number from 1 to 50"),
    ("02_rankings_2011_2015", "dpi: 0", "dpi", "a whole number from 72"),
    ("03_west_midlands_2016", "year: '2016'", "year", "a whole number"),
    ("02_rankings_2011_2015", "fig_width: wide", "fig_width", "a number from 3"),
    ("02_rankings_2011_2015", "fig_width: .nan", "fig_width", "a number from 3"),
    # force ids
    ("02_rankings_2011_2015", "highlight_forces: [west_midland]", "highlight_forces", "force ids"),
    ("02_rankings_2011_2015", "highlight_forces: west_midlands", "highlight_forces", "a list of force ids"),
    ("02_rankings_2011_2015", "highlight_forces: [West Midlands Police]", "highlight_forces", "force ids"),
    ("02_rankings_2011_2015", "highlight_forces: [surrey, surrey]", "highlight_forces", "force ids"),
    ("06_summary", "highlight_force: Surrey Police", "highlight_force", "a force id"),
    ("06_summary", "highlight_force: [surrey]", "highlight_force", "a force id"),
    ("03_west_midlands_2016", "force: ''", "force", "a force id"),
    ("05_west_midlands_in_context", "force: WEST_MIDLANDS", "force", "a force id"),
    ("09_force_page", "force: british_transport", "force", "a territorial force"),
    ("09_force_page", "force: Kent", "force", "a territorial force"),
    # dates
    ("09_force_page", "request_end: 2011-01-01", "request_end", "is before request_start"),
    ("09_force_page", "request_start: June 2011", "request_start", "an ISO date"),
    ("01_facts", "period_start: [2011-06-01]", "period_start", "an ISO date"),
    ("01_facts", "period_start: 2011-13-01", "period_start", "an ISO date"),
    ("01_facts", "period_start: '2011-6-1'", "period_start", "an ISO date"),
    ("01_facts", "period_start: 1 June 2011", "period_start", "an ISO date"),
    ("01_facts", "period_start: 2011-06-01 10:00:00", "period_start", "an ISO date"),
    ("01_facts", "period_end: 2011-05-31", "period_end", "is before period_start"),
    ("01_facts", "workforce_as_at: 2018-03-31", "workforce_as_at", "a date the workforce tables hold"),
    ("01_facts", "workforce_as_at: 2015-03-30", "workforce_as_at", "a date the workforce tables hold"),
    # fixed sets
    ("02_rankings_2011_2015", "formats: [gif]", "formats", "including svg"),
    ("02_rankings_2011_2015", "formats: [png]", "formats", "including svg"),
    ("02_rankings_2011_2015", "formats: []", "formats", "including svg"),
    ("02_rankings_2011_2015", "formats: svg", "formats", "including svg"),
    ("02_rankings_2011_2015", "formats: [svg, svg]", "formats", "including svg"),
    ("01_facts", "ties: average", "ties", "one of min, dense, max"),
    ("01_facts", "ties: no", "ties", "one of min, dense, max"),
    ("03_west_midlands_2016", "highlight_largest: 'yes'", "highlight_largest", "true or false"),
    ("03_west_midlands_2016", "highlight_largest: 1", "highlight_largest", "true or false"),
])
def test_a_bad_value_is_one_line_naming_file_line_parameter_value_and_rule(project, notebook, line, name, allowed):
    with pytest.raises(params.ParameterError) as err:
        resolve(project, notebook, f"# a comment\n{line}\n")
    message = str(err.value)
    assert "\n" not in message
    assert message.startswith(f"params/{notebook}.yml, line 2: {name} = "), message
    assert allowed in message, message


@pytest.mark.parametrize("text, problem", [
    ('"x = 0\\nimport os; os.system(\'id\')\\ny": 1\n', "not a Python identifier"),
    ("top_n; 5: 1\n", "not a Python identifier"),
    ("__import__('os'): 1\n", "not a Python identifier"),
    ("processed_dir: data/processed\n", "not a parameter of this notebook"),
    ("top_N: 5\n", "not a parameter of this notebook"),
    ("1: 2\n", "not a Python identifier"),
])
def test_an_unknown_or_non_identifier_name_is_refused(project, text, problem):
    with pytest.raises(params.ParameterError) as err:
        resolve(project, "02_rankings_2011_2015", text)
    assert problem in str(err.value) and "\n" not in str(err.value)
    assert str(err.value).startswith("params/02_rankings_2011_2015.yml, line 1: unknown parameter")


@pytest.mark.parametrize("text, where, problem", [
    ("top_n: 5\ntop_n: 6\n", "line 2", "'top_n' is given twice (first on line 1)"),
    ("top_n: [5\n", "line 2", "not valid YAML"),
    ("top_n: 5\n  ties: min\n", "line 2", "not valid YAML"),
    ("- top_n\n", None, "expected 'name: value' lines"),
    ("!!python/object/apply:os.system ['id']\n", "line 1", "not valid YAML"),
])
def test_a_file_that_is_not_a_clean_mapping_is_refused_with_its_line(project, text, where, problem):
    with pytest.raises(params.ParameterError) as err:
        resolve(project, "02_rankings_2011_2015", text)
    message = str(err.value)
    assert message.startswith("params/02_rankings_2011_2015.yml" + (f", {where}" if where else "")), message
    assert problem in message


def test_command_line_overrides_are_checked_and_named(project):
    assert resolve(project, "02_rankings_2011_2015", overrides=[("top_n", "5")])["top_n"] == 5
    assert resolve(project, "02_rankings_2011_2015",
                   overrides=[("highlight_forces", "[west_midlands, surrey]")])["highlight_forces"] == ["west_midlands", "surrey"]
    with pytest.raises(params.ParameterError, match=r"^command line \(-p top_n\): top_n = -1 is not allowed"):
        resolve(project, "02_rankings_2011_2015", overrides=[("top_n", "-1")])
    with pytest.raises(params.ParameterError, match="not a Python identifier"):
        resolve(project, "06_summary", overrides=[("x = 0\nimport os; os.system('id')\ny", "1")])
    with pytest.raises(params.ParameterError, match=r'^command line \(-p top_n\): value "\[5": not valid YAML'):
        resolve(project, "02_rankings_2011_2015", overrides=[("top_n", "[5")])


def test_the_allowed_workforce_dates_are_those_the_manifest_declares_and_the_data_holds(cleaned):
    held = set(cleaned.tables["workforce"]["as_at"])
    assert params.Context(ROOT).workforce_dates == held


def test_every_declared_parameter_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for notebook in params.notebooks(ROOT):
        for name in params.specs(ROOT, notebook):
            assert re.search(rf"`{name}`", readme), f"{notebook}: {name} is not in the README"


def test_a_params_file_that_is_not_utf8_is_one_line(project):
    (project / "params/02_rankings_2011_2015.yml").write_bytes(b"# caf\xe9\ntop_n: 5\n")
    with pytest.raises(params.ParameterError, match=r"^params/02_rankings_2011_2015.yml, line 1: not UTF-8 text"):
        params.resolve(project, "02_rankings_2011_2015")


def test_a_parameter_given_twice_on_the_command_line_is_refused(project):
    with pytest.raises(params.ParameterError, match="given twice on the command line"):
        resolve(project, "02_rankings_2011_2015", overrides=[("top_n", "5"), ("top_n", "7")])


def test_a_command_line_value_that_is_not_utf8_is_refused():
    with pytest.raises(params.ParameterError, match="not UTF-8 text"):
        params.parse_override("top_n", "5\udce9")


def test_a_null_key_is_named_with_its_line(project):
    with pytest.raises(params.ParameterError, match=r"line 2: unknown parameter null"):
        resolve(project, "02_rankings_2011_2015", "top_n: 5\n~: 1\n")


def test_a_number_is_one_value_however_it_is_written(project):
    assert resolve(project, "02_rankings_2011_2015", "fig_width: 5\n")["fig_width"] == \
        resolve(project, "02_rankings_2011_2015", "fig_width: 5.0\n")["fig_width"] == 5.0
