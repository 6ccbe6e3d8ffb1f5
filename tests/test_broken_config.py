"""Every file the build reads besides the raw data, broken one way at a time (made-up edits, in a scratch copy).

Each case must stop with one message naming the file, and the row and column where there is one, before
any figure is read. Figures that cannot all be true (made up here from the real files) stop the clean step.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pandas as pd
import pytest
from conftest import ROOT, built_copy, copy_project, make, python, snapshot, steps_run

from police_breaches.analysis import checks, rankings, rates
from police_breaches.core import configuration, strict_yaml
from police_breaches.core.errors import InputError
from police_breaches.pipeline import params
from police_breaches.sources.clean import clean_all
from police_breaches.sources.parsing import parse_period

CASES = [  # (case, file, old text, new text, the message's start, a fragment of the rest)
    ("id that is a path", "config/forces.csv", "kent,Kent Police", "../../raw/foi/evil,Kent Police",
     "config/forces.csv, row 21, column 'force_id'", "is not an id"),
    ("id given twice", "config/forces.csv", "lancashire,Lancashire", "kent,Lancashire",
     "config/forces.csv, row 22, column 'force_id'", "'kent' is given twice (first on row 21)"),
    ("alias shared", "config/forces.csv", "Cheshire|Cheshire Police", "Cheshire|Cheshire Police|Kent",
     "config/forces.csv, row 5, column 'aliases'", "'Kent' already names kent (row 21)"),
    ("kind misspelt", "config/forces.csv", "kent,Kent Police,territorial", "kent,Kent Police,territoral",
     "config/forces.csv, row 21, column 'kind'", "is not one of 'territorial', 'national'"),
    ("ons code", "config/forces.csv", "E23000032", "E2300003", "config/forces.csv, row 21, column 'ons_pfa_code'",
     "does not match"),
    ("ragged row", "config/forces.csv", "kent,Kent Police,territorial,", "kent,Kent Police,territorial,,,",
     "config/forces.csv, row 21", "fields, the header has 7"),
    ("header renamed", "config/forces.csv", "force_id,name", "force,name", "config/forces.csv, row 1",
     "the header is ['force', 'name'"),
    ("latin-1", "config/forces.csv", "Kent Police", "Kent Polic\udce9", "config/forces.csv, row 21", "not valid UTF-8"),
    ("decomposed name", "config/forces.csv", "Kent Police", "Kent Poli" + unicodedata.normalize("NFD", "cé"),
     "config/forces.csv, row 21, column 'name'", "not in Unicode normal form C"),
    ("force without region", "config/regions.csv", "North West,cheshire\n", "", "config/regions.csv",
     "cheshire (Cheshire Constabulary, row 5 of config/forces.csv) is a territorial force in England but has no region"),
    ("region of an unknown force", "config/regions.csv", "North West,cheshire\n", "North West,cheshire\nNorth West,chesire\n",
     "config/regions.csv, row 6, column 'force_id'", "'chesire' is not in forces.csv"),
    ("region twice", "config/regions.csv", "North West,cheshire\n", "North West,cheshire\nNorth West,cleveland\n",
     "config/regions.csv, row 6, column 'force_id'", "'cleveland' is given twice (first on row 2)"),
    ("label to nowhere", "config/labels.csv", "category,loss of technology,loss_of_technology",
     "category,loss of technology,lost_technology", "config/labels.csv, row 3, column 'id'",
     "('category', 'lost_technology') is not in canonical.csv"),
    ("label twice, written differently", "config/labels.csv", "category,loss of technology,loss_of_technology",
     "category,Inappropriate  Disclosure,loss_of_technology", "config/labels.csv, row 3, column 'label_as_published'",
     "already mapped to 'inappropriate_disclosure' (row 2)"),
    ("order in words", "config/canonical.csv", ',1,,,"Looking', ',one,,,"Looking', "config/canonical.csv, row 2, column 'order'",
     "'one' is not a whole number"),
    ("split into nothing", "config/canonical.csv", "written_warning|management_action", "written_warning|managment_action",
     "config/canonical.csv, row", "'managment_action' is not a outcome"),
    ("dimension unknown", "config/canonical.csv", "category,unauthorised_access", "categry,unauthorised_access",
     "config/canonical.csv, row 2, column 'dimension'", "is not one of"),
    ("pattern that is not one", "config/statuses.csv", "^no cases", "^(no cases", "config/statuses.csv, row 3, column "
     "'answer_pattern'", "is not a valid regular expression"),
    ("nil status gone", "config/statuses.csv", "nil,The force answered", "nothing,The force answered",
     "config/statuses.csv, column 'status'", "the status 'nil' is missing"),
    ("column label twice", "config/column_labels.csv", "body,Who", "as published,Who",
     "config/column_labels.csv, row 3, column 'column'", "'as published' is given twice"),
    ("one source id, two sources", "data/raw/sources.csv", "press_inforrm_2016,", "press_computerweekly_2016,",
     "data/raw/sources.csv, row 4, column 'source_id'", "'press_computerweekly_2016' is given twice (first on row 3)"),
    ("a date that is not", "data/raw/sources.csv", ",2017-08-25,", ",2017-02-30,",
     "data/raw/sources.csv, row 2, column 'published'", "'2017-02-30' is not a real date"),
    ("a period backwards", "data/raw/sources.csv", "2016-01-01/2016-12-31", "2016-12-31/2016-01-01",
     "data/raw/sources.csv, row 2, column 'period_covered'", "ends before it starts"),
    ("a file name with a space", "data/raw/sources.csv", "wmp_2016/categories.csv,", '"wmp_2016/cate gories.csv",',
     "data/raw/sources.csv, row 2, column 'files'", "is not a safe file name"),
    ("no web address", "data/raw/sources.csv", "https://www.expressandstar.com", "www.expressandstar.com",
     "data/raw/sources.csv, row 2, column 'url'", "does not match"),
]


def scratch(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    for part in ("config", "data/raw", "datapackage.json", "params", "notebooks", "pipeline.py", "src"):
        source = ROOT / part
        (project / part).parent.mkdir(parents=True, exist_ok=True)
        (shutil.copytree if source.is_dir() else shutil.copy)(source, project / part)
    return project


def edit(project: Path, file: str, old: str, new: str) -> None:
    path = project / file
    text = path.read_text(encoding="utf-8")
    assert old in text, (file, old)
    path.write_bytes(text.replace(old, new, 1).encode("utf-8", errors="surrogateescape"))


@pytest.mark.parametrize("case, file, old, new, where, problem", CASES, ids=[c[0] for c in CASES])
def test_a_broken_configuration_file_stops_everything_naming_file_row_and_column(tmp_path, case, file, old, new, where,
                                                                                  problem):
    project = scratch(tmp_path)
    edit(project, file, old, new)
    with pytest.raises(InputError) as caught:
        configuration.check(project)
    message = str(caught.value)
    assert message.startswith(where) and problem in message, message
    assert "\n" not in message, "one problem, one line"


def test_every_configuration_file_has_a_schema_and_the_real_ones_hold():
    declared = {schema["path"] for schema in configuration.schemas(ROOT).values() if not schema.get("x-optional")}
    assert {f"config/{p.name}" for p in (ROOT / "config").glob("*.csv")} | {"data/raw/sources.csv"} == declared
    assert configuration.check(ROOT)["forces.csv"]


def test_several_problems_in_one_file_are_each_named_once(tmp_path):
    project = scratch(tmp_path)
    edit(project, "config/forces.csv", "kent,Kent Police,territorial", "Kent,Kent Police,territoral")
    edit(project, "config/forces.csv", "E23000032", "x")
    message = str(pytest.raises(InputError, configuration.check, project).value)
    assert message.startswith("config/forces.csv: 3 problems:")
    for fragment in ("row 21, column 'force_id'", "row 21, column 'kind'", "row 21, column 'ons_pfa_code'"):
        assert message.count(fragment) == 1, message


def test_a_sources_file_saved_by_excel_is_read_as_it_was_meant(tmp_path):
    """'CSV UTF-8' from Excel: a byte-order mark and Windows line ends. The same sources, not an erased list."""
    project = scratch(tmp_path)
    path = project / "data/raw/sources.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))
    assert configuration.table("sources.csv", project) == configuration.table("sources.csv", ROOT)
    result = python(project, "-m", "police_breaches", "manifest", "sources")
    assert result.returncode == 0 and "no resource (all were up to date)" in result.stdout, result.stdout + result.stderr
    assert (project / "datapackage.json").read_bytes() == (ROOT / "datapackage.json").read_bytes()


def test_a_source_id_names_one_source_in_the_manifest_too(tmp_path):
    project = scratch(tmp_path)
    manifest = json.loads((project / "datapackage.json").read_text())
    entry = next(r for r in manifest["resources"] if r["name"] == "wmp_2016_categories")
    entry["sources"][0]["publisher"] = "Someone Else"
    (project / "datapackage.json").write_text(json.dumps(manifest, indent=2))
    message = str(pytest.raises(InputError, clean_all, project).value)
    assert "source 'press_expressandstar_2017'" in message and "differs from data/raw/sources.csv in publisher" in message


# --------------------------------------------------------------------------- parameters, read by YAML 1.2 or stricter

@pytest.mark.parametrize("value, problem", [
    ("1:30", 'dpi = "1:30" is not allowed'),  # YAML 1.1 reads 90 (base 60)
    ("33:36", 'dpi = "33:36" is not allowed'),
    ("0x7e0", 'dpi = "0x7e0" is not allowed'),  # hexadecimal 2016
    ("0b11111100000", 'dpi = "0b11111100000" is not allowed'),
    ("0o3740", 'dpi = "0o3740" is not allowed'),
    (".inf", 'dpi = ".inf" is not allowed'),
    ("&a [1, *a]", "anchors and aliases (&name, *name) are not allowed"),
    ("[" * 3000 + "]" * 3000, "nested deeper than 16 levels"),
    ("[" + "1, " * 40000 + "1]", "longer than 64 KiB"),
    ("{a: 1, a: 2}", "'a' is given twice"),
])
def test_a_value_yaml_1_1_would_misread_is_refused_in_one_line(value, problem):
    with pytest.raises(params.ParameterError) as caught:
        params.resolve(ROOT, "02_rankings_2011_2015", [params.parse_override("dpi", value)])
    assert problem in str(caught.value) and "\n" not in str(caught.value)


def test_an_alias_bomb_is_refused_before_it_is_expanded():
    bomb = "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(f"{c}: &{c} [*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p}]\n"
                                                  for p, c in zip("abcdefgh", "bcdefghi"))
    with pytest.raises(strict_yaml.YAMLProblem, match="anchors and aliases"):
        strict_yaml.load(bomb)


@pytest.mark.parametrize("old, new, problem", [
    ("dpi: {type: integer,", "dpi: {type: whole,", "needs a type"),
    ("min: 72, max: 600", "min: 600, max: 72", "min and max must be numbers, min not above max"),
    ("fig_width: {use: fig_width}", "fig_width: {use: width}", "'use' names one of the shared declarations"),
    ("after: period_start,", "after: top_n,", "after 'top_n' is not a date parameter"),
    ("default: 10, help: \"bars", "default: 10, colour: red, help: \"bars", "unknown key(s) ['colour']"),
])
def test_a_broken_parameter_declaration_is_named(tmp_path, old, new, problem):
    project = scratch(tmp_path)
    edit(project, "config/parameters.yml", old, new)
    with pytest.raises(params.ParameterError) as caught:
        params.resolve(project, "02_rankings_2011_2015")
    assert str(caught.value).startswith("config/parameters.yml: ") and problem in str(caught.value), str(caught.value)


# --------------------------------------------------------------------------- figures that cannot all be true

def test_a_force_total_typed_ten_times_too_big_stops_the_build(tmp_path):
    project = scratch(tmp_path)
    relabel(project, "data/raw/bbw_2016/force_totals.csv", "West Midlands Police,488", "West Midlands Police,4880")
    message = str(pytest.raises(InputError, clean_all, project).value)
    assert message.startswith("data/raw: 2 figures cannot all be true:\n  - data/raw/bbw_2016/force_totals.csv, row 2: "), message
    assert "west_midlands's 4,880" in message and "more than the total of 2,315 for all forces" in message
    assert "the forces' own totals add up to 5,786" in message


def test_a_category_above_its_total_stops_the_build(tmp_path):
    project = scratch(tmp_path)
    relabel(project, "data/raw/bbw_2016/key_findings.csv", "information,869,", "information,2316,")
    message = str(pytest.raises(InputError, clean_all, project).value)
    assert message.startswith("data/raw/bbw_2016/key_findings.csv: 2 figures cannot all be true"), message
    assert ("row 3: 'inappropriate/unauthorised access to information' (2,316) is more than the total it is part of "
            "(2,315") in message


@pytest.mark.parametrize("old, new, problem", [
    ("July 2013,", "July 2031,", "after its source foi_avon_somerset_2016 was published (2016-12-31)"),
    ("April 2011,", "April 1899,", "before 1990-01-01, the earliest date a figure may cover"),
])
def test_a_date_no_source_could_know_stops_the_build(tmp_path, old, new, problem):
    project = scratch(tmp_path)
    relabel(project, "data/raw/foi/avon_somerset_security_incidents_2011_2015.csv", old, new)
    message = str(pytest.raises(InputError, clean_all, project).value)
    assert message.startswith("data/raw/foi/avon_somerset_security_incidents_2011_2015.csv, row") and problem in message


def test_the_same_data_saved_with_other_line_ends_under_another_name_is_refused(tmp_path):
    project = scratch(tmp_path)
    original = project / "data/raw/wmp_2016/categories.csv"
    copy = project / "data/raw/wmp_2016/categories_again.csv"
    copy.write_bytes(original.read_bytes().replace(b"\n", b"\r\n"))
    manifest = json.loads((project / "datapackage.json").read_text())
    entry = json.loads(json.dumps(next(r for r in manifest["resources"] if r["name"] == "wmp_2016_categories")))
    entry.update(name="wmp_2016_categories_again", path="data/raw/wmp_2016/categories_again.csv",
                 bytes=copy.stat().st_size, hash="sha256:" + hashlib.sha256(copy.read_bytes()).hexdigest())
    manifest["resources"].append(entry)
    (project / "datapackage.json").write_text(json.dumps(manifest, indent=2))
    relabel(project, "data/raw/sources.csv", "wmp_2016/categories.csv,",
            '"wmp_2016/categories.csv; wmp_2016/categories_again.csv",')
    message = str(pytest.raises(InputError, clean_all, project).value)
    assert message.startswith("data/raw/wmp_2016/categories_again.csv: gives exactly the same 7 figures as "
                              "data/raw/wmp_2016/categories.csv"), message


def relabel(project: Path, file: str, old: str, new: str) -> None:
    """Edit a raw file and record its new checksum, as `manifest rehash` does."""
    edit(project, file, old, new)
    if file.endswith("sources.csv"):
        return
    result = python(project, "-m", "police_breaches", "manifest", "rehash", file)
    assert result.returncode == 0, result.stderr


def test_a_count_above_the_limit_is_refused_and_the_interval_is_exact_up_to_it():
    largest = strict_yaml.load((ROOT / "config/limits.yml").read_text())["largest_count"]["value"]
    for count in (0, 1, 10, 488, 2315, 10**5, largest):
        low, high = rates.poisson_interval(count)
        assert low <= count <= high
        assert abs((high - low) - 2 * 1.96 * count ** 0.5) < 0.05 * (high - low) + 4  # ≈ ±1.96√n when n is large
    low, high = rates.poisson_interval(10)  # Garwood's table: 4.795 to 18.390
    assert (round(low, 3), round(high, 3)) == (4.795, 18.390)


def test_a_financial_year_across_the_millennium_is_read():
    period = parse_period("1999/00", "f", 2)
    assert (period.start.isoformat(), period.end.isoformat()) == ("1999-04-01", "2000-03-31")


def test_a_tie_at_the_top_never_names_the_wrong_force():
    ranked = rankings.rank(pd.DataFrame({
        "force_id": ["surrey", "west_midlands"], "force": ["Surrey Police", "West Midlands Police"],
        "value": [488, 488], "status": ["reported"] * 2, "source_id": ["s"] * 2}))
    published = pd.DataFrame({"force_id": ["west_midlands"], "rank": [1]})
    lead = checks.check_lead(ranked, published)
    assert lead["figure"].item() == "West Midlands Police: more than double any other force"
    assert lead["verdict"].item() == "differs" and "against Surrey Police's 488" in lead["rebuilt"].item()


# --------------------------------------------------------------------------- names, folders and the environment

@pytest.mark.parametrize("name", ["a;b.csv", "new\nline.csv", unicodedata.normalize("NFD", "café.csv"), "sp ace.csv"])
def test_a_raw_file_with_an_unsafe_name_is_named(tmp_path, name):
    project = scratch(tmp_path)
    (project / "data/raw/foi" / name).write_text("a,b\n1,2\n")
    message = str(pytest.raises(InputError, clean_all, project).value)
    assert repr(f"data/raw/foi/{name}") in message and ("not a safe file name" in message or "normal form C" in message)


@pytest.mark.parametrize("epoch", ["yesterday", "-86400", "1.5", "315532799"])
def test_a_bad_source_date_epoch_is_one_line(built_project, epoch):
    result = subprocess.run([sys.executable, "-m", "police_breaches", "build"], cwd=built_project, capture_output=True,
                            text=True, env={**os.environ, "PYTHONPATH": str(built_project / "src"), "SOURCE_DATE_EPOCH": epoch})
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"error: SOURCE_DATE_EPOCH: {epoch!r} is not a date the report can carry"), result.stderr


def test_a_run_folder_that_is_a_symlink_is_never_written_through(built_project, tmp_path):
    project = copy_project(tmp_path / "project")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (project / "runs").symlink_to(elsewhere)
    result = python(project, "-m", "police_breaches", "run", "03")
    assert result.returncode == 2 and "error: runs: is a symlink" in result.stderr, result.stderr
    assert list(elsewhere.iterdir()) == []


def test_the_manifest_command_says_what_is_wrong_instead_of_a_traceback(tmp_path):
    project = scratch(tmp_path)
    shutil.copy(project / "data/raw/wmp_2016/categories.csv", project / "data/raw/foi/new.csv")
    for args, problem in [
        (["hash", "data/raw/nothing.csv"], "data/raw/nothing.csv: no such file"),
        (["rehash", "data/raw/sources.csv"], "data/raw/sources.csv is the project's notes beside the raw files"),
        (["add", "data/raw/foi/new.csv", "--like", "home_office_workforce_sep15"], "is a .csv file but"),
        (["add", "data/raw/foi/new.csv", "--like", "wmp_2016_categories", "--set", "own_dimensions=" + "[" * 40 + "]" * 40],
         "nested deeper than 16 levels"),
    ]:
        result = python(project, "-m", "police_breaches", "manifest", *args)
        assert result.returncode != 0 and "Traceback" not in result.stderr, (args, result.stderr)
        assert problem in result.stderr, (args, result.stderr)


def test_a_checkout_whose_path_holds_quotes_spaces_and_commas_builds(built_project, tmp_path):
    """A built copy moved there, with one parameter changed: its steps run through the Makefile, the workspace,
    the engine and the report from that path (a full build there proves no more, in five times the time)."""
    project = built_copy(built_project, tmp_path / 'a "quoted", spaced folder' / "project")
    settings = project / "params/03_west_midlands_2016.yml"
    settings.write_text(settings.read_text().replace("highlight_largest: true", "highlight_largest: false"))
    assert {"03_west_midlands_2016", "publish"} <= steps_run(make(project, "report").stdout)
    stamp = project / ".venv/.installed"
    stamp.parent.mkdir()
    stamp.write_text(f"{project}\n")
    planned = subprocess.run(["make", "-n", "-C", str(project), "env"], capture_output=True, text=True)
    assert "uv pip install" not in planned.stdout and planned.returncode == 0, planned.stdout + planned.stderr
    assert re.search(r"done in .* 0 step\(s\) run", make(project, "report").stdout)
    assert snapshot(project)


# --------------------------------------------------------------------------- the files that describe the others

@pytest.mark.parametrize("file, change, message", [
    ("config/tables.yml", lambda b: b + b"  - oops\n", "config/tables.yml, row "),
    ("config/tables.yml", lambda b: b.replace(b"  path: config/forces.csv\n  fields:", b"  path: config/forces.csv\n  fieldz:"),
     "config/tables.yml: forces.csv: each table needs a path and a list of fields"),
    ("config/parameters.yml", lambda b: b"\xff\xfe" + b, "config/parameters.yml: cannot be read as UTF-8 text"),
    ("config/shapes.yml", lambda b: b + b"shapes: [\n", "config/shapes.yml, row "),
    ("config/shapes.yml", lambda b: b.replace(b"type: column, required: true, help: \"the column holding the row",
                                              b"type: colum, required: true, help: \"the column holding the row"),
     "config/shapes.yml: grid.label_column has unknown type 'colum'"),
    ("config/limits.yml", lambda b: b.replace(b"value: 10000000", b"value: ten million"),
     "config/limits.yml: largest_count 'ten million' is not a whole number"),
    ("config/limits.yml", lambda b: b.replace(b'value: "1990-01-01"', b'value: "1990-13-01"'),
     "config/limits.yml: needs largest_count and earliest_date"),
    ("config/datapackage.schema.json", lambda b: b"{", "config/datapackage.schema.json: not readable JSON"),
    ("config/datapackage.schema.json", lambda b: b.replace(b'"type": "object"', b'"type": "objet"', 1),
     "config/datapackage.schema.json: not a usable JSON Schema"),
    ("config/column_labels.csv", lambda b: b + b"long," + b"x" * 140_000 + b"\n", "config/column_labels.csv, row "),
])
def test_every_file_the_build_reads_is_checked_before_anything_runs(built_project, tmp_path, file, change, message):
    project = copy_project(tmp_path / "project")
    path = project / file
    path.write_bytes(change(path.read_bytes()))
    for command in (["-m", "police_breaches", "build"], ["-m", "police_breaches", "check"]):
        result = python(project, *command)
        assert result.returncode != 0 and "Traceback" not in result.stderr, (command, result.stderr)
        assert result.stderr.startswith(f"error: {message}"), (command, result.stderr)
    assert not (project / "build").exists() or not list((project / "build").glob("*.record.json"))


def test_a_params_file_no_notebook_reads_is_named(tmp_path):
    project = scratch(tmp_path)
    (project / "params/03_west_midlands_2016.yml").rename(project / "params/03_west_midlands.yml")
    with pytest.raises(params.ParameterError, match=r"^params/03_west_midlands.yml: matches no notebook, so nothing "
                                                    r"would read it; did you mean 03_west_midlands_2016.yml\?"):
        params.check_params_files(project)
    (project / "params/03_west_midlands.yml").rename(project / "params/03_west_midlands_2016.yml")
    (project / "params/02_rankings_2011_2015.yml").unlink()
    (project / "params/02_rankings_2011_2015.yml").mkdir()
    with pytest.raises(params.ParameterError, match="is a folder, not a file"):
        params.resolve(project, "02_rankings_2011_2015")


def test_an_answer_two_statuses_would_claim_is_refused(tmp_path):
    project = scratch(tmp_path)
    edit(project, "config/statuses.csv", "^no cases\\.?$|^nil$|^none$", "^no cases\\.?$|^nil$|^none$|^figures not revealed$")
    message = str(pytest.raises(InputError, clean_all, project).value)
    assert message.startswith("config/statuses.csv: the answer 'figures not revealed' matches the patterns of more "
                              "than one status (nil, not_revealed)"), message


def test_categories_that_add_up_to_more_than_their_total_stop_the_build(tmp_path):
    project = scratch(tmp_path)
    relabel(project, "data/raw/bbw_2016/key_findings.csv", "information,869,", "information,1500,")
    message = str(pytest.raises(InputError, clean_all, project).value)
    assert "its 3 categories add up to 2,402, more than the total of 2,315 they divide" in message, message


def test_a_runs_file_where_the_folder_belongs_is_named(built_project, tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "runs").write_text("not a folder\n")
    result = python(project, "-m", "police_breaches", "run", "03")
    assert result.returncode == 2 and "error: runs: is a file where the runs' folder belongs" in result.stderr
