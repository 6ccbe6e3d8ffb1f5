"""The manifest: validated against its schema with one message per problem, hashes compared leniently in form."""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path

import pytest

from police_breaches.core.errors import InputError
from police_breaches.sources.clean import clean_all
from police_breaches.sources.manifest import load_manifest, verify_checksums

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def project(tmp_path) -> Path:
    shutil.copytree(ROOT / "config", tmp_path / "config")
    shutil.copytree(ROOT / "data/raw", tmp_path / "data/raw")
    shutil.copy(ROOT / "datapackage.json", tmp_path)
    return tmp_path


def edit(project: Path, change) -> None:
    manifest = json.loads((project / "datapackage.json").read_text())
    change(manifest["resources"])
    (project / "datapackage.json").write_text(json.dumps(manifest, indent=2))


@pytest.mark.parametrize("form", [str.upper, lambda h: "SHA256:" + h, lambda h: "sha256:" + h.upper(), lambda h: h])
def test_a_hash_in_either_case_with_or_without_its_prefix_is_the_same_hash(project, form):
    def rewrite(resources):
        for entry in resources:
            entry["hash"] = form(entry["hash"].removeprefix("sha256:"))
    edit(project, rewrite)
    verify_checksums(project, load_manifest(project))


def test_every_problem_is_reported_each_naming_its_resource(project):
    def break_three(resources):
        del resources[0]["hash"]
        resources[3]["path"] = "../outside.csv"
        resources[5]["x-reader"]["colour"] = "red"
    edit(project, break_three)
    with pytest.raises(InputError) as err:
        load_manifest(project)
    message = str(err.value)
    assert message.startswith("datapackage.json: 3 problems:")
    names = [r["name"] for r in json.loads((ROOT / "datapackage.json").read_text())["resources"]]
    for index in (0, 3, 5):
        assert f"resource '{names[index]}' (resources[{index}])" in message


def test_the_real_manifest_is_valid_and_every_raw_file_is_listed(project):
    manifest = load_manifest(project)
    verify_checksums(project, manifest)
    assert clean_all(project, manifest=copy.deepcopy(manifest)).row_accounting["rows_in"].sum() > 900


def test_only_the_top_level_notes_may_sit_unlisted_in_data_raw(project):
    (project / "data/raw/foi/README.md").write_text("a note in the wrong place\n")
    with pytest.raises(InputError, match="data/raw/foi/README.md: not listed in datapackage.json"):
        verify_checksums(project, load_manifest(project))


def _with_period_words(resources, words, keep_column=True):
    entry = next(e for e in resources if "period_words" in e["x-reader"])
    entry["x-reader"]["period_words"] = words
    if not keep_column:
        del entry["x-reader"]["period_column"]
    return entry["name"]


@pytest.mark.parametrize("words, keep_column, problem", [
    ({"2008-09": "2008-09"}, True, "x-reader.period_words['2008-09']: cannot read the period '2008-09'"),
    ({"the past three years": "2011-03-31/2008-04-01"}, True, "x-reader.period_words['the past three years']"),
    ({"2008-09": "2008/09"}, False, "x-reader.period_words needs period_column"),
    ({}, True, "period_words"),
])
def test_a_period_word_that_cannot_be_read_is_named_before_any_row_is(project, words, keep_column, problem):
    names = []
    edit(project, lambda resources: names.append(_with_period_words(resources, words, keep_column)))
    with pytest.raises(InputError) as err:
        load_manifest(project)
    assert problem in str(err.value) and names[0] in str(err.value), str(err.value)


def test_a_wording_the_manifest_does_not_read_stops_the_clean_naming_the_row(project):
    edit(project, lambda resources: _with_period_words(resources, {"2008-09": "2008/09"}))
    with pytest.raises(InputError) as err:
        clean_all(project)
    assert "cannot read the period '2009-10'" in str(err.value)
    assert "humberside_lincolnshire_scunthorpe_telegraph_2011.csv" in str(err.value)



def test_an_entry_made_like_another_takes_its_shape_not_its_sources_own_periods_or_groups(project):
    """`manifest add --like` copies how a file is read, never what belongs to the other file's source: its
    study period, its own words for periods, the rows naming a group of forces."""
    from police_breaches.sources.manifest_edit import new_entry

    manifest = load_manifest(project)
    like = next(e for e in manifest["resources"] if {"study_period", "scope_rows"} <= set(e["x-reader"]))
    copy_of = project / "data/raw/press/a_new_file.csv"
    shutil.copy(project / like["path"], copy_of)
    entry = new_entry(project, manifest, str(copy_of), like["name"])
    assert {"study_period", "scope_rows", "period_words"}.isdisjoint(entry["x-reader"])
    assert entry["x-reader"]["unit"].startswith("TODO"), "a required one is left for the person adding the file"
    assert entry["x-reader"]["shape"] == like["x-reader"]["shape"]


def test_the_standard_validator_passes_the_manifest_as_its_users_run_it():
    """`frictionless validate datapackage.json`: every CSV against its schema, and the Home Office workbooks,
    which the project reads sheet by sheet, as files whose size and sha256 must match."""
    import subprocess
    import sys
    from pathlib import Path

    tool = Path(sys.executable).parent / "frictionless"
    result = subprocess.run([str(tool), "validate", "datapackage.json"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "INVALID" not in result.stdout
