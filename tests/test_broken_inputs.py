"""The broken-input corpus (tests/broken_inputs, made up): every case fails loudly and specifically.

Each case runs in a scratch copy of the project whose manifest holds one resource: the broken file, with the
reader and schema of the real resource it imitates. The error must name the file and (where there is one)
the row, the raw file must be left as it was, and no processed file may be written.
"""

from __future__ import annotations

import copy
import csv
import hashlib
import json
import shutil
from pathlib import Path

import pytest

from police_breaches.clean import clean_all, write_clean
from police_breaches.errors import InputError
from police_breaches.manifest import load_manifest

CORPUS = Path(__file__).parent / "broken_inputs"
CASES = list(csv.DictReader(open(CORPUS / "cases.csv", encoding="utf-8")))


def test_the_corpus_has_at_least_thirty_distinct_cases():
    assert len(CASES) >= 30
    assert len({case["case"] for case in CASES}) == len(CASES)


def scratch_project(tmp_path: Path, root: Path, case: dict) -> Path:
    project = tmp_path / "project"
    shutil.copytree(root / "config", project / "config")
    entry = copy.deepcopy(next(r for r in load_manifest(root)["resources"] if r["name"] == case["like"]))
    entry["path"] = f"data/raw/{case['file']}"
    source = CORPUS / case["file"]
    if source.exists():
        (project / "data/raw").mkdir(parents=True)
        shutil.copy(source, project / entry["path"])
        entry["hash"] = "sha256:" + hashlib.sha256(source.read_bytes()).hexdigest()
    if case["case"] == "checksum_mismatch":
        entry["hash"] = "sha256:" + "0" * 64
    (project / "datapackage.json").write_text(json.dumps({"resources": [entry]}), encoding="utf-8")
    return project


@pytest.mark.parametrize("case", CASES, ids=[c["case"] for c in CASES])
def test_broken_input_fails_loudly(tmp_path, root, case):
    project = scratch_project(tmp_path, root, case)
    raw = project / "data/raw" / case["file"]
    before = raw.read_bytes() if raw.exists() else None
    out = project / "data/processed"
    with pytest.raises(InputError) as err:
        write_clean(clean_all(project), out)
    message = str(err.value)
    assert err.value.file == f"data/raw/{case['file']}", message
    assert case["message"] in message, message
    if case["row"]:
        assert str(err.value.row).split(" ")[0] == case["row"], message
        assert f", row {case['row']}" in message
    else:
        assert err.value.row is None, message
    assert (raw.read_bytes() if raw.exists() else None) == before
    assert not out.exists() or not any(out.iterdir())


def test_suppressed_values_become_a_status_not_a_number(tmp_path, root):
    case = {"case": "suppressed", "file": "suppressed.csv", "like": "wmp_2016_categories"}
    (tmp_path / "made_up").mkdir()
    project = scratch_project(tmp_path, root, {**case, "file": "header_only.csv"})
    raw = project / "data/raw/header_only.csv"
    raw.write_text("category_as_published,breaches\ninappropriate disclosure,<5\nloss of technology,No cases.\n",
                   encoding="utf-8")
    manifest = json.loads((project / "datapackage.json").read_text())
    manifest["resources"][0]["hash"] = "sha256:" + hashlib.sha256(raw.read_bytes()).hexdigest()
    (project / "datapackage.json").write_text(json.dumps(manifest))
    observations = clean_all(project).tables["observations"].set_index("label_as_published")
    assert observations.loc["inappropriate disclosure", "status"] == "suppressed"
    assert observations.loc["inappropriate disclosure", "status_detail"] == "<5"
    assert observations["value"].isna().tolist() == [True, False]
    assert observations.loc["loss of technology", ["value", "status"]].tolist() == [0, "nil"]
