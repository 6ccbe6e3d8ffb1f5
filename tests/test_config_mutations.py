"""Property test (Hypothesis): a mutated configuration file or sources.csv never changes a figure silently.

As tests/test_mutations.py does for raw files, each mutation (one cell, a row dropped or given twice, the
header, the encoding, the separator, the line ends) of a real configuration file, in a scratch copy of the
project, must give one of three results:

1. the same tidy tables;
2. a stop whose message names the mutated file;
3. a change only to the figures the mutated row is about: the force it describes, the label it maps, the
   category or status it defines. Regions, column labels and sources change no tidy table.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from police_breaches.core.errors import InputError
from police_breaches.core.text import normalise
from police_breaches.sources.clean import clean_all

ROOT = Path(__file__).resolve().parents[1]
FILES = ["config/forces.csv", "config/regions.csv", "config/labels.csv", "config/canonical.csv",
         "config/statuses.csv", "config/column_labels.csv", "data/raw/sources.csv"]
TABLES = ("observations", "incidents", "published_ranks", "workforce")
TRICKY = ["", " ", "kent", "Kent", "west_midlands", "../x", "a;b", "café", "cafe\u0301", "Surr\u0435y", "x" * 300,
          "2017-02-30", "2016-12-31/2016-01-01", "2016-07", "1:30", "0x7e0", "<b>x</b>", "\u200b", "territorial",
          "national", "category", "outcome", "inappropriate disclosure", "no cases", "^(", "1", "0", "-1", "yes",
          "https://example.org/", "England", "the", "|", "Kent|Kent"]
TEXT = st.one_of(st.sampled_from(TRICKY), st.text(max_size=12))


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    project = tmp_path_factory.mktemp("config-mutations") / "project"
    for part in ("config", "data/raw", "datapackage.json"):
        (project / part).parent.mkdir(parents=True, exist_ok=True)
        (shutil.copytree if (ROOT / part).is_dir() else shutil.copy)(ROOT / part, project / part)
    return project


def tidy(project: Path) -> dict[str, list[dict]]:
    result = clean_all(project)
    return {name: result.tables[name].astype(object).where(result.tables[name].notna(), None).to_dict("records")
            for name in TABLES}


BASELINE: dict[str, dict] = {}


def rows_of(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


def write_rows(rows: list[list[str]], delimiter: str = ",", ending: str = "\n") -> bytes:
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=delimiter, lineterminator=ending).writerows(rows)
    return out.getvalue().encode("utf-8")


@st.composite
def mutations(draw):
    file = draw(st.sampled_from(FILES))
    rows = rows_of((ROOT / file).read_bytes())
    kind = draw(st.sampled_from(["cell"] * 6 + ["drop", "twice", "header", "encoding", "separator", "line_ends"]))
    row = draw(st.integers(1, len(rows) - 1))
    about = dict(zip(rows[0], rows[row]))
    if kind == "cell":
        column = draw(st.integers(0, len(rows[0]) - 1))
        rows[row][column] = draw(TEXT)
        about["new"] = rows[row][column]
    elif kind == "drop":
        del rows[row]
    elif kind == "twice":
        rows.insert(row, list(rows[row]))
    elif kind == "header":
        rows[0][draw(st.integers(0, len(rows[0]) - 1))] = draw(st.sampled_from(["", "x", "Force_ID", " name "]))
    elif kind == "encoding":
        text = write_rows(rows).decode("utf-8")
        encoding = draw(st.sampled_from(["utf-16", "utf-32", "utf-8-sig", "cp1252", "latin-1"]))
        try:
            return file, kind, about, text.encode(encoding)
        except UnicodeEncodeError:
            return file, kind, about, text.encode("utf-8")
    elif kind == "separator":
        return file, kind, about, write_rows(rows, delimiter=draw(st.sampled_from([";", "\t", "|"])))
    else:
        return file, kind, about, write_rows(rows, ending=draw(st.sampled_from(["\r\n", "\r", "\n\n"])))
    return file, kind, about, write_rows(rows)


def concerns(file: str, about: dict, record: dict) -> bool:
    """Whether a tidy record is about the configuration row that was mutated."""
    if file.endswith("forces.csv"):
        return record.get("force_id") in (about.get("force_id"), about.get("new"))
    if file.endswith("labels.csv"):
        label = normalise(str(record.get("label_as_published") or ""))
        return label in (normalise(about.get("label_as_published", "")), normalise(about.get("new", "")))
    if file.endswith("canonical.csv"):
        return about.get("id") in (record.get("category"), record.get("outcome"), record.get("staff_group"))
    if file.endswith("statuses.csv"):
        return record.get("status") in (about.get("status"), about.get("new"))
    return False


def check(project: Path, file: str, kind: str, about: dict, data: bytes) -> str:
    if "baseline" not in BASELINE:
        BASELINE["baseline"] = tidy(project)
    path = project / file
    original = path.read_bytes()
    path.write_bytes(data)
    try:
        after = tidy(project)
    except InputError as err:
        assert Path(file).name in str(err), f"a {kind} mutation of {file} stopped without naming it: {err}"
        return "stopped"
    finally:
        path.write_bytes(original)
    before = BASELINE["baseline"]
    if before == after:
        return "same"
    for name in TABLES:
        old = [r for r in before[name] if r not in after[name]]
        new = [r for r in after[name] if r not in before[name]]
        for record in old + new:
            assert concerns(file, about, record), f"a {kind} mutation of {file} ({about}) changed {name}: {record}"
    return "changed"


@settings(max_examples=int(os.environ.get("CONFIG_MUTATION_EXAMPLES", 60)), deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(mutation=mutations())
def test_a_mutated_configuration_file_gives_the_same_tables_a_named_stop_or_only_its_own_change(project, mutation):
    check(project, *mutation)


@pytest.mark.parametrize("file, old, new, outcome", [
    ("config/forces.csv", "Kent Police,territorial", "Kent Police,territoral", "stopped"),
    ("config/column_labels.csv", "body,Who", "body,Whom", "same"),
    ("config/labels.csv", "category,missing USB sticks,lost_removable_media",
     "category,missing USB sticks,loss_of_technology", "changed"),
    ("data/raw/sources.csv", "Express & Star,West Midlands", "Express and Star,West Midlands", "stopped"),
])
def test_the_oracle_sees_each_outcome(project, file, old, new, outcome):
    text = (ROOT / file).read_text(encoding="utf-8")
    row = next(r for r in csv.DictReader(io.StringIO(text)) if old in ",".join(r.values()))
    assert check(project, file, "cell", {**row, "new": new.split(",")[-1]}, text.replace(old, new).encode()) == outcome
