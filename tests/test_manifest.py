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
