"""Property test (Hypothesis): a mutated copy of a valid raw file never changes a number silently.

A mutation changes one cell, the header, the encoding, the separator or the line ends of a real raw file
(in a scratch folder; data/raw is never touched). Each must give one of three results:

1. the same tables;
2. a stop, with an error naming the file;
3. where the mutation legitimately changes a value, a change to exactly that row, and for a count the new
   value is what the one grammar for a count (README) says the text means.

The expected meaning of a count is worked out here independently of the package's parser.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import re
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from police_breaches.core.errors import InputError
from police_breaches.core.text import normalise
from police_breaches.sources.clean import clean_all
from police_breaches.sources.manifest import load_manifest
from police_breaches.sources.vocab import Vocabularies

ROOT = Path(__file__).resolve().parents[1]
MANIFEST = {r["name"]: r for r in load_manifest(ROOT)["resources"]}
RESOURCES = ["wmp_2016_categories", "bbw_force_totals", "bbw_force_details", "bbw_key_findings", "cleveland_11288",
             "wmp_cases_finalised_2005_2010", "wmp_4658_14_by_rank", "wmp_4658_14_by_month",
             "wmp_4624_14_disciplined_2013", "avon_somerset_incidents", "northumbria_183_20", "bbw_published_ranks"]
VOCAB = Vocabularies.load(ROOT / "config")
STATUS_PATTERNS = [(row.status, row.answer_pattern) for row in VOCAB.statuses.table.itertuples() if row.answer_pattern]
TABLES = ("observations", "incidents", "published_ranks")
LARGEST = yaml.safe_load((ROOT / "config/limits.yml").read_text())["largest_count"]["value"]

TRICKY = ["1,2", "0,004", "+7", " 5.00 ", "\u0667", "\uff17", "99999999999999999", "99999999999999999999", "007",
          "1 234", "1e3", "1_000", "\u00bd", "7\u200b", "-7", "4.5", "", "  ", "seven", "1,234", "12", "0",
          "1,000,000", "\u096d", "\u2167", "1.0", "01", "0x1F", "NaN", "null", "\u2014", "-", "..", "*", "n/a",
          "7\u00a0", "\t9\t", " 9", "1,234,567,890,123", "9223372036854775807", "9223372036854775808",
          "No cases.", "no cases", "nil", "<5", "< 5", "figures not revealed", "No information is held",
          "<img src=x onerror=alert(1)>", "inappropriate disclosure", "Inappropriate  Disclosure", "West Midlands",
          "Surr\u0435y Police", "2016", "2017/18", "April 2011", "not in the top 10", "1", "Total", "7\n8"]
CELL_TEXT = st.one_of(st.sampled_from(TRICKY), st.from_regex(r"[0-9][0-9,. ]{0,10}", fullmatch=True),
                      st.integers(0, 10**20).map(str), st.text(max_size=12))


def reference_count(text: str) -> int | None:
    """What a text means as a count by the README's grammar, worked out independently; None if nothing."""
    stripped = text.strip(" \t")
    if re.fullmatch(r"0|[1-9][0-9]{0,2}(,[0-9]{3})+|[1-9][0-9]*", stripped, flags=re.ASCII):
        value = int(stripped.replace(",", ""))
        return value if value <= LARGEST else None
    return None


def status_of(text: str) -> str | None:
    folded = normalise(text)
    return next((status for status, pattern in STATUS_PATTERNS if re.fullmatch(pattern, folded, flags=re.ASCII)), None)


def count_columns(entry: dict) -> set[str]:
    reader = entry["x-reader"]
    fields = [f["name"] for f in entry["schema"]["fields"]]
    if reader["shape"] == "grid":
        return {f for f in fields if f != reader["label_column"]}
    return {reader[key] for key in ("value_column", "answer_column") if key in reader}


@pytest.fixture(scope="module")
def scratch(tmp_path_factory) -> Path:
    project = tmp_path_factory.mktemp("mutations")
    shutil.copytree(ROOT / "config", project / "config")
    return project


def clean(project: Path, entry: dict, data: bytes):
    path = project / entry["path"]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    entry = {**entry, "hash": "sha256:" + hashlib.sha256(data).hexdigest(), "bytes": len(data)}
    try:
        return clean_all(project, manifest={"resources": [entry]}, vocab=VOCAB)
    finally:
        path.unlink()


def by_row(result) -> dict[str, dict[str, list]]:
    """Per table, the records of each raw row (as comparable tuples)."""
    rows: dict[str, dict[str, list]] = {}
    for name in TABLES:
        frame = result.tables[name].astype(object).where(result.tables[name].notna(), None)
        for record in frame.to_dict("records"):
            rows.setdefault(name, {}).setdefault(str(record["raw_row"]), []).append(record)
    return rows


BASELINE: dict[str, dict] = {}


def baseline(project: Path, name: str) -> dict:
    if name not in BASELINE:
        entry = MANIFEST[name]
        BASELINE[name] = by_row(clean(project, entry, (ROOT / entry["path"]).read_bytes()))
    return BASELINE[name]


def rows_of(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


def write_rows(rows: list[list[str]], delimiter: str = ",", ending: str = "\n") -> bytes:
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=delimiter, lineterminator=ending).writerows(rows)
    return out.getvalue().encode("utf-8")


@st.composite
def mutations(draw):
    name = draw(st.sampled_from(RESOURCES))
    entry = MANIFEST[name]
    original = (ROOT / entry["path"]).read_bytes()
    rows = rows_of(original)
    kind = draw(st.sampled_from(["cell"] * 6 + ["header", "encoding", "separator", "line_ends"]))
    if kind == "cell":
        row = draw(st.integers(1, len(rows) - 1))
        column = draw(st.integers(0, len(rows[0]) - 1))
        text = draw(CELL_TEXT)
        rows[row][column] = text
        return name, kind, (row + 1, rows[0][column], text), write_rows(rows)
    if kind == "header":
        column = draw(st.integers(0, len(rows[0]) - 1))
        how = draw(st.sampled_from(["rename", "blank", "duplicate", "swap", "upper", "pad", "extra", "drop"]))
        header = rows[0]
        if how == "rename":
            header[column] = draw(st.text(min_size=1, max_size=10))
        elif how == "blank":
            header[column] = ""
        elif how == "duplicate":
            header[column] = header[column - 1] if len(header) > 1 else header[column] + "x"
        elif how == "swap" and len(header) > 1:
            header[column], header[column - 1] = header[column - 1], header[column]
        elif how == "upper":
            header[column] = header[column].upper()
        elif how == "pad":
            header[column] = f" {header[column]}\t"  # spacing around a name carries no meaning
        elif how == "extra":
            rows = [r + ["x"] for r in rows]
        elif how == "drop":
            rows = [r[:column] + r[column + 1:] for r in rows]
        return name, kind, how, write_rows(rows)
    if kind == "encoding":
        encoding = draw(st.sampled_from(["utf-16", "utf-16-le", "utf-32", "utf-8-sig", "cp1252", "latin-1"]))
        text = original.decode("utf-8")
        try:
            return name, kind, encoding, text.encode(encoding)
        except UnicodeEncodeError:
            return name, kind, encoding, original
    if kind == "separator":
        return name, kind, None, write_rows(rows, delimiter=draw(st.sampled_from([";", "\t", "|"])))
    return name, kind, None, write_rows(rows, ending=draw(st.sampled_from(["\r\n", "\r", "\n\n"])))


def check(project: Path, name: str, kind: str, detail, data: bytes) -> str:
    entry = MANIFEST[name]
    try:
        result = clean(project, entry, data)
    except InputError as err:
        assert err.file == entry["path"], f"the error names {err.file}, not the mutated file: {err}"
        return "stopped"
    before, after = baseline(project, name), by_row(result)
    if before == after:
        return "same"
    assert kind == "cell", f"a {kind} mutation ({detail}) changed the tables without an error"
    row, column, text = detail
    changed = {str(r) for table in TABLES for r in set(before.get(table, {})) | set(after.get(table, {}))
               if before.get(table, {}).get(r) != after.get(table, {}).get(r)}
    assert changed == {str(row)}, f"changing row {row} changed rows {sorted(changed)}"
    if column in count_columns(entry):
        meant, status = reference_count(text), status_of(text)
        for record in after["observations"][str(row)]:
            if entry["x-reader"]["shape"] == "grid" and record["period_label"] != column:
                continue
            if meant is not None:
                assert (record["value"], record["status"]) == (meant, "reported"), (text, record)
            else:
                assert status is not None and record["status"] == status, f"{text!r} was read as {record}"
    return "changed"


@settings(max_examples=int(os.environ.get("MUTATION_EXAMPLES", 500)), deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(mutation=mutations())
def test_a_mutated_raw_file_gives_the_same_tables_a_named_stop_or_exactly_its_change(scratch, mutation):
    name, kind, detail, data = mutation
    check(scratch, name, kind, detail, data)


@pytest.mark.parametrize("name, row, column, text, outcome", [
    ("wmp_2016_categories", 2, "breaches", "1,2", "stopped"),
    ("wmp_2016_categories", 2, "breaches", " 7 ", "same"),
    ("wmp_2016_categories", 2, "breaches", "1,234", "changed"),
    ("wmp_2016_categories", 2, "breaches", "<5", "changed"),
    ("bbw_force_totals", 2, "breaches", "10,000,000", "changed"),  # config/limits.yml: the largest count
    ("bbw_force_totals", 2, "breaches", "10,000,001", "stopped"),
    ("bbw_key_findings", 3, "count", "2,316", "stopped"),  # a category above the national total of 2,315
    ("wmp_4658_14_by_rank", 2, "2010", "16", "stopped"),  # the Total row no longer adds up
])
def test_the_oracle_sees_each_outcome(scratch, name, row, column, text, outcome):
    rows = rows_of((ROOT / MANIFEST[name]["path"]).read_bytes())
    rows[row - 1][rows[0].index(column)] = text
    assert check(scratch, name, "cell", (row, column, text), write_rows(rows)) == outcome


def test_a_mutation_of_every_kind_is_tried(scratch):
    kinds = {"cell", "header", "encoding", "separator", "line_ends"}
    seen = set()

    @settings(max_examples=60, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(mutation=mutations())
    def collect(mutation):
        seen.add(mutation[1])

    collect()
    assert seen == kinds
