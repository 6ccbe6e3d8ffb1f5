"""The broken-input corpus (tests/broken_inputs, made up): every case fails loudly and specifically.

Each case runs in a scratch copy of the project whose manifest holds the broken file with the reader and
schema of the real resource it imitates (``like``), or the real file with a broken manifest entry. The
error must name the file (or datapackage.json) and, where there is one, the row; the raw file must be left
as it was, and no processed file may be written.
"""

from __future__ import annotations

import copy
import csv
import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest
from conftest import module_from

from police_breaches.core.errors import InputError
from police_breaches.sources.clean import clean_all, write_clean
from police_breaches.sources.manifest import load_manifest

CORPUS = Path(__file__).parent / "broken_inputs"
ODS_CASES = module_from(CORPUS / "ods_cases.py")
CASES = list(csv.DictReader(open(CORPUS / "cases.csv", encoding="utf-8")))
ROOT = Path(__file__).resolve().parents[1]


def test_the_corpus_has_at_least_eighty_distinct_cases():
    assert len(CASES) >= 80
    assert len({case["case"] for case in CASES}) == len(CASES)


def fingerprint(entry: dict, data: bytes) -> dict:
    return {**entry, "hash": "sha256:" + hashlib.sha256(data).hexdigest(), "bytes": len(data)}


def merge(entry: dict, patch: dict) -> dict:
    for key, value in patch.items():
        if value is None:
            entry.pop(key, None)
        elif isinstance(value, dict) and isinstance(entry.get(key), dict):
            merge(entry[key], value)
        else:
            entry[key] = value
    return entry


def scratch_project(tmp_path: Path, case: dict) -> tuple[Path, Path]:
    """A project holding one resource: the case's broken file, or the real file under a broken entry."""
    project = tmp_path / "project"
    shutil.copytree(ROOT / "config", project / "config")
    (project / "data/raw").mkdir(parents=True)
    model = next(r for r in load_manifest(ROOT)["resources"] if r["name"] == case["like"])
    entry = copy.deepcopy(model)
    setup = case["setup"]
    raw = project / "data/raw" / case["file"]
    if setup.startswith("ods:"):
        ODS_CASES.make(setup[4:], raw)
    elif setup:  # a manifest case: the real file, as published
        shutil.copy(ROOT / model["path"], raw)
    elif (CORPUS / case["file"]).exists():
        shutil.copy(CORPUS / case["file"], raw)
    entry["path"] = f"data/raw/{case['file']}"
    if raw.exists():
        entry = fingerprint(entry, raw.read_bytes())
    if case["case"] == "checksum_mismatch":
        entry["hash"] = "sha256:" + "0" * 64
    resources = [merge(entry, json.loads(case["manifest"]) if case["manifest"] else {})]
    if setup == "symlink_out":
        outside = tmp_path / "outside.csv"
        raw.rename(outside)
        raw.symlink_to(outside)
    elif setup == "same_path_twice":
        resources.append({**copy.deepcopy(entry), "name": "the_same_again"})
    elif setup in ("same_bytes_twice", "same_name_twice"):
        other = raw.with_name("copy_of_" + raw.name)
        data = raw.read_bytes() + (b"loss of technology,5\n" if setup == "same_name_twice" else b"")
        other.write_bytes(data)
        name = entry["name"] if setup == "same_name_twice" else "the_same_again"
        resources.append(fingerprint({**copy.deepcopy(entry), "name": name, "path": f"data/raw/{other.name}"}, data))
    elif setup == "directory":
        raw.unlink()
        raw.mkdir()
    elif setup == "unlisted":
        (raw.parent / "forgotten.csv").write_text("a,b\n1,2\n")
    manifest = json.dumps({"resources": resources}, indent=2)
    if setup == "trailing_comma":
        manifest = '{"resources": [\n  ' + json.dumps(entry) + ',\n]\n}\n'
    (project / "datapackage.json").write_text(manifest, encoding="utf-8")
    return project, raw


@pytest.mark.parametrize("case", CASES, ids=[c["case"] for c in CASES])
def test_broken_input_fails_loudly(tmp_path, case):
    project, raw = scratch_project(tmp_path, case)
    before = raw.read_bytes() if raw.is_file() else None
    out = project / "data/processed"
    cwd = os.getcwd()
    os.chdir(project)
    try:
        with pytest.raises(InputError) as err:
            write_clean(clean_all(project), out)
    finally:
        os.chdir(cwd)
    message = str(err.value)
    assert case["message"] in message, message
    if case["setup"] and not case["setup"].startswith("ods:"):
        assert err.value.file == "datapackage.json" or err.value.file.startswith("data/raw/"), message
    else:
        assert err.value.file == f"data/raw/{case['file']}", message
    if case["row"].endswith("!"):
        assert str(err.value.row).startswith(case["row"]), message
    elif case["row"]:
        assert str(err.value.row) == case["row"], message
        assert f", row {case['row']}" in message
    elif not case["setup"]:
        assert err.value.row is None, message
    assert (raw.read_bytes() if raw.is_file() else None) == before
    assert not out.exists() or not any(out.iterdir())


def test_suppressed_values_become_a_status_not_a_number(tmp_path):
    project, raw = scratch_project(tmp_path, {"case": "suppressed", "file": "header_only.csv",
                                              "like": "wmp_2016_categories", "setup": "", "manifest": ""})
    raw.write_text("category_as_published,breaches\ninappropriate disclosure,<5\nloss of technology,No cases.\n",
                   encoding="utf-8")
    manifest = json.loads((project / "datapackage.json").read_text())
    manifest["resources"][0] = fingerprint(manifest["resources"][0], raw.read_bytes())
    (project / "datapackage.json").write_text(json.dumps(manifest))
    observations = clean_all(project).tables["observations"].set_index("label_as_published")
    assert observations.loc["inappropriate disclosure", "status"] == "suppressed"
    assert observations.loc["inappropriate disclosure", "status_detail"] == "<5"
    assert observations["value"].isna().tolist() == [True, False]
    assert observations.loc["loss of technology", ["value", "status"]].tolist() == [0, "nil"]
