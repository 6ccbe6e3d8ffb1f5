"""A page per territorial force: every force has one, each says what is published and what is not.

The build's pages are checked on the real data (the West Midlands and Kent pages against the figures the
issue names, every page for its structure); the profile functions are checked on small made-up tables.
"""

from __future__ import annotations

import csv
import json
import re
import subprocess
import textwrap

import pandas as pd
import pytest
from conftest import ROOT, built_copy, copy_project, make, python, read_page, steps_run

from police_breaches.publish import force_page, letters, profiles

REPORT = {"period": ["2011-06-01", "2015-12-31"], "national": 2315}  # the 2016 report's, as a profile holds it

with open(ROOT / "config/forces.csv", encoding="utf-8", newline="") as handle:
    FORCES = {row["force_id"]: row["name"] for row in csv.DictReader(handle) if row["kind"] == "territorial"}


def text_of(page: str) -> str:
    page = re.sub(r"<(style|script)\b.*?</\1>", " ", page, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)).replace("&#x27;", "'").replace("&amp;", "&")


def profile_of(project, force: str) -> dict:
    return json.loads((project / f"data/processed/forces/{force}.json").read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- the built pages, real data

def test_there_is_a_page_for_each_of_the_45_territorial_forces_and_an_index_linking_them(built_project):
    assert len(FORCES) == 45
    pages = {p.stem for p in (built_project / "reports/forces").glob("*.html")} - {"index"}
    assert pages == set(FORCES)
    index = read_page(built_project / "reports/forces/index.html")
    assert set(re.findall(r'href="([a-z_]+)\.html"', index)) == set(FORCES)
    assert 'href="forces/index.html"' in read_page(built_project / "reports/index.html")


def test_each_page_names_its_force_and_a_force_without_a_total_gets_a_request(built_project):
    for force, name in FORCES.items():
        page = text_of(read_page(built_project / f"reports/forces/{force}.html"))
        document = profile_of(built_project, force)
        assert page.count(name) >= 2, force
        assert "What is not known" in page, force
        missing = page.split("What is not known", 1)[1].split("Built from commit", 1)[0].strip()
        assert missing, f"{force}: the section is empty"  # a list, or the sentence saying nothing is missing
        expected = document["not_known"] or ["Every kind of figure this page looks for"]
        assert all(item.split(":")[0] in missing for item in expected), force
        request = built_project / f"reports/forces/{force}-foi-request.txt"
        published = document["bbw_2016"]["status"] == "reported"
        assert request.exists() != published, force
        assert ("ready-to-send FOI request" in page) != published, force
        if published:
            assert f"{document['bbw_2016']['total']:,} data breaches" in page, force


def test_the_west_midlands_page_shows_each_published_figure_in_its_own_unit(built_project):
    page = text_of(read_page(built_project / "reports/forces/west_midlands.html"))
    assert "488 data breaches" in page and "1st of the 44 forces assumed to have answered" in page
    assert ("Of the 13 totals published in the 2016 report, it is the largest: a place among those, not among all "
            "forces") in page
    assert "24 data breaches in 2016, in 7 categories" in page
    assert "2014 (part year)" in page and "2014: answered during 2014, before the period ended" in page
    assert "'missing encrypted USB devices'" in page[page.index("Read with care"):]  # the caveat follows the figure
    studies = page[page.index("Earlier studies"):]
    assert re.search(r"employment terminated for DPA breaches .*2007 – 2010.*? 7 ", studies)
    assert re.search(r"subjected to internal disciplinary procedures for DPA breaches .*2007 – 2010.*? 83 ", studies)
    for series in ("by month recorded, 2010-2014 (FOI 4658_14)", "by type, 2010-2014 (FOI 4658_14)",
                   "by rank, 2010-2014 (FOI 4658_14)"):
        assert series in page
    assert "ready-to-send FOI request" not in page


def test_the_kent_page_says_there_is_no_total_shows_ten_dismissed_and_gives_the_request(built_project):
    page = text_of(read_page(built_project / "reports/forces/kent.html"))
    assert "Kent Police's total is not known." in page and "per-force table could not be obtained" in page
    assert re.search(r"employment terminated for DPA breaches .*2007 – 2010.*? 10 ", page)
    request = (built_project / "reports/forces/kent-foi-request.txt").read_text(encoding="utf-8")
    assert "for the period 1 June 2011 to 31 December 2015" in " ".join(request.split())
    assert "Kent Police's Freedom of Information address: fill in" in request
    assert "Adding your own FOI response" in page and "Adding your own FOI response" not in request
    assert textwrap.dedent(request).split("\n\n")[3].startswith("Under the Freedom of Information Act 2000")
    assert " ".join(request.split()) in " ".join(page.split()).replace("&quot;", '"')


def test_the_index_row_of_each_force_agrees_with_its_page(built_project):
    table = pd.read_csv(built_project / "data/processed/forces.csv")
    assert sorted(table["force_id"]) == sorted(FORCES)
    published = table[table["total_2016_report"].notna()]
    assert len(published) == 13 and sorted(published["best_rank"].astype(int))[0] == 1
    assert table.loc[table["total_2016_report"].isna(), "possible_rank"].isna().all()  # no rank for an unknown total
    wmp = table.set_index("force_id").loc["west_midlands"]
    assert (wmp["total_2016_report"], wmp["possible_rank"], wmp["answered"]) == (488, "1st", 44)
    for force, row in table.set_index("force_id").iterrows():
        if pd.notna(row["total_2016_report"]):
            page = text_of(read_page(built_project / f"reports/forces/{force}.html"))
            first, _, last = row["possible_rank"].partition("–")
            assert (f"{first} to {last} of the 44" if last else f"{first} of the 44") in page, force


# --------------------------------------------------------------------------- building them

def test_a_change_to_one_forces_data_rebuilds_its_page_and_the_index_alone(built_project, tmp_path):
    """Kent's figure in the 2011 study edited (in a scratch copy, for this test): 10 → 11."""
    project = built_copy(built_project, tmp_path / "project")
    raw = project / "data/raw/other_studies/bbw_2011_force_figures.csv"
    lines = raw.read_text(encoding="utf-8").splitlines(keepends=True)
    kent = [i for i, line in enumerate(lines) if line.startswith("Kent") and "employment terminated" in line]
    assert len(kent) == 1 and ",10," in lines[kent[0]]
    lines[kent[0]] = lines[kent[0]].replace(",10,", ",11,")
    raw.write_text("".join(lines), encoding="utf-8")
    rehash = python(project, "-m", "police_breaches", "manifest", "rehash", str(raw))
    assert rehash.returncode == 0, rehash.stderr
    ran = steps_run(make(project, "report").stdout)
    assert {step for step in ran if step.startswith("forces/")} == {"forces/kent"}
    assert {"08_force_profiles", "publish"} <= ran
    page = text_of(read_page(project / "reports/forces/kent.html"))
    assert re.search(r"employment terminated for DPA breaches .*? 11 ", page)


def test_a_new_commit_renders_the_pages_again_without_running_their_notebooks(built_project, tmp_path):
    project = built_copy(built_project, tmp_path / "project")
    git = ["git", "-c", "user.name=test", "-c", "user.email=test@example.org"]
    subprocess.run([*git, "init", "-q"], cwd=project, check=True)
    subprocess.run([*git, "add", "-A"], cwd=project, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "one"], cwd=project, check=True)
    make(project, "report")
    subprocess.run([*git, "commit", "-q", "--allow-empty", "-m", "two"], cwd=project, check=True)
    ran = steps_run(make(project, "report").stdout)
    assert ran == {"publish"}
    commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=project, capture_output=True, text=True).stdout[:12]
    for force in ("kent", "west_midlands", "index"):
        assert f"Built from commit <code>{commit}</code>" in read_page(project / f"reports/forces/{force}.html")


def test_the_request_period_is_a_parameter_checked_and_used_on_every_page_with_a_request(built_project, tmp_path):
    project = built_copy(built_project, tmp_path / "project")
    settings = project / "params/09_force_page.yml"
    settings.write_text(settings.read_text().replace('"2015-12-31"', '"2016-12-31"'))
    make(project, "report")
    for force in FORCES:
        request = project / f"reports/forces/{force}-foi-request.txt"
        if request.exists():
            assert "1 June 2011 to 31 December 2016" in " ".join(request.read_text().split()), force
    settings.write_text(settings.read_text().replace('"2016-12-31"', '"2010-12-31"'))
    failed = make(project, "report", check=False)
    assert failed.returncode != 0
    assert "request_end" in failed.stderr + failed.stdout and "before request_start" in failed.stderr + failed.stdout


def test_a_one_off_page_for_one_force_has_its_request_and_working_links(built_project, tmp_path):
    project = copy_project(tmp_path / "project")
    result = python(project, "-m", "police_breaches", "run", "09", "-p", "force", "kent", "-p", "request_start",
                    "2016-01-01", "-p", "request_end", "2016-12-31")
    assert result.returncode == 0, result.stderr
    folder = project / re.search(r"Written to (runs/\S+)/", result.stdout).group(1)
    request = (folder / "reports/forces/kent-foi-request.txt").read_text(encoding="utf-8")
    assert "1 January 2016 to 31 December 2016" in " ".join(request.split())
    page = read_page(folder / "index.html")
    links = [href for href in re.findall(r'href="([^"]+)"', page) if not href.startswith(("http", "#", "data:"))]
    assert "reports/forces/kent-foi-request.txt" in links
    assert all((folder / href).resolve().exists() for href in links), links
    assert not (project / "reports/forces").exists(), "a one-off run wrote to the shared report"


def test_the_pages_state_the_2016_report_in_its_own_period_whatever_the_project_s_period(built_project, tmp_path):
    """A project period wider than the report's: the pages' figures and words stay the report's own."""
    project = built_copy(built_project, tmp_path / "project")
    before = text_of(read_page(project / "reports/forces/west_midlands.html"))
    settings = project / "params/01_facts.yml"
    settings.write_text(settings.read_text().replace('period_start: "2011-06-01"', 'period_start: "2010-01-01"'))
    assert "2010-01-01" in settings.read_text()
    make(project, "report")
    page = text_of(read_page(project / "reports/forces/west_midlands.html"))
    assert "488 data breaches by West Midlands Police's officers and staff between June 2011 and December 2015" in page
    assert "1st of the 44 forces assumed to have answered" in page and "about 9.8 a year" in page
    assert page == before  # not a word of a page names the project's period as the figures'
    assert not (project / "reports/forces/west_midlands-foi-request.txt").exists()
    assert "13 of the 45 territorial forces" in text_of(read_page(project / "reports/forces/index.html"))


# --------------------------------------------------------------------------- the parts, on made-up tables

def observation(**values) -> dict:
    row = {"force_id": "kent", "resource": "made_up", "unit": "breaches", "breakdown": "category",
           "period_start": "2016-01-01", "period_end": "2016-12-31", "period_label": "2016",
           "label_as_published": "x", "value": 1.0, "status": "reported", "status_detail": ""}
    return {**row, **values}


def test_only_a_breakdown_by_category_of_one_period_and_unit_is_added_up(vocab):
    """The sum the facts step works out, and the page's words for it (made-up figures, for this test only)."""
    from police_breaches.analysis import derived
    from police_breaches.analysis.fact import table
    from police_breaches.analysis.views import Facts

    def summed(rows: list[dict]) -> dict | None:
        frame = pd.DataFrame([{"scope": "force", "unit": "breaches", "source_id": "s", "part_period": "", **r}
                              for r in rows])
        facts = Facts(table(derived.sum_facts(frame, pd.DataFrame(columns=["result", "check", "resource"]),
                                               vocab.forces)))
        return profiles.categories_in_all(frame, facts)

    assert summed([observation(value=3.0), observation(value=4.0, label_as_published="y")]) == {
        "total": 7, "categories": 2, "unit": "breaches", "period": "2016", "at_least": False}
    with_unknown = summed([observation(value=3.0), observation(value=float("nan"), status="not_provided")])
    assert with_unknown["at_least"] is True
    for other in ({"breakdown": "staff_group"}, {"breakdown": "outcome"}, {"unit": "people disciplined"},
                  {"period_start": "2015-01-01", "period_end": "2015-12-31", "period_label": "2015"}):
        assert summed([observation(value=3.0), observation(value=4.0, **other)]) is None, other
    assert "at least 3" in force_page.answer_in_all({"in_all": with_unknown})


@pytest.mark.parametrize("start, end, label, expected", [
    ("2007-01-01", "2010-12-31", "since 2007", "2007 – 2010 (printed: since 2007)"),
    ("2009-01-01", "2013-10-31", "January 2009 - October 2013", "January 2009 – October 2013"),
    ("2016-01-01", "2016-12-31", "2016", "2016"),
    ("2011-06-01", "2015-12-31", "2011-06-01/2015-12-31", "June 2011 – December 2015"),
])
def test_a_period_is_said_in_words_with_the_printed_wording_where_it_differs(start, end, label, expected):
    row = pd.Series({"period_start": start, "period_end": end, "period_label": label})
    assert profiles.period_text(row) == expected


@pytest.mark.parametrize("force, in_text, country, law, pcsos", [
    ("Kent Police", "Kent Police", "England", "Freedom of Information Act 2000", True),
    ("Dyfed-Powys Police", "Dyfed-Powys Police", "Wales", "Freedom of Information Act 2000", True),
    ("Police Scotland", "Police Scotland", "Scotland", "Freedom of Information (Scotland) Act 2002", False),
    ("Police Service of Northern Ireland", "the Police Service of Northern Ireland", "Northern Ireland",
     "Freedom of Information Act 2000", False)])
@pytest.mark.parametrize("start, end, said", [("2012-04-01", "2017-03-31", "1 April 2012 to 31 March 2017"),
                                              ("2011-06-01", "2015-12-31", "1 June 2011 to 31 December 2015"),
                                              ("2014-01-01", "2014-12-31", "1 January 2014 to 31 December 2014")])
def test_the_request_asks_for_the_count_and_the_five_questions_for_the_period_set(force, in_text, country, law,
                                                                                  pcsos, start, end, said):
    document = {"name": force, "in_text": in_text, "country": country}
    request = letters.foi_request(document, start, end)
    flat = " ".join(request.split())
    assert f"Under the {law}" in flat and f"for the period {said}:" in flat
    assert re.findall(r"^([AB1-5])\. ", request, flags=re.M) == ["A", "B", "1", "2", "3", "4", "5"]
    assert "How many data protection breaches by " + in_text in flat and "count each breach once" in flat
    for asked in ("convicted", "dismissed", "disciplined", "resigned or retired", "no action"):
        assert asked in flat
    assert ("PCSOs" in flat) == pcsos
    assert ("the eight forces it replaced" in flat) == (country == "Scotland" and start < "2013-04-01")
    assert all(len(line) <= letters.WIDTH for line in request.splitlines())
    assert f"[{force}'s Freedom of Information address: fill in]" in flat
    assert "---" not in request and "README" not in request  # nothing in it that is not for the force
    on_a_page = letters.foi_request(document, start, end, width=None)
    assert " ".join(on_a_page.split()) == flat and len(on_a_page.splitlines()) < len(request.splitlines())


def test_ranks_say_their_scope_and_a_tie_is_named():
    """Made-up totals and ranges (for this test only): b ties a for the most; d refused."""
    ranking = pd.DataFrame({"force_id": ["a", "b", "c", "d"], "force": ["A", "B", "C", "D"],
                            "value": [5.0, 5.0, 2.0, float("nan")], "rank": [1.0, 1.0, 3.0, float("nan")],
                            "status": ["reported"] * 3 + ["refused"], "status_detail": ["", "", "", "said no"],
                            "source_id": ["s"] * 4, "period_start": ["2011-06-01"] * 4, "period_end": ["2015-12-31"] * 4,
                            "best": [1, 1, 3, None], "worst": [2, 2, 9, None], "of": [9] * 4,
                            "best_with_special_forces": [1, 1, 3, None], "worst_with_special_forces": [2, 2, 10, None],
                            "of_with_special_forces": [10] * 4, "possible_rank": ["1st–2nd", "1st–2nd", "3rd–9th", ""]})
    no_ranks = pd.DataFrame(columns=["force_id", "rank_as_published", "scope", "source_id"])
    tied = profiles.totals_2016("b", ranking, no_ranks, {})
    assert (tied["rank"], tied["of"], tied["tied_with"], tied["possible_rank"]) == (1, 3, 1, "1st–2nd")
    assert [f["force_id"] for f in tied["published"]] == ["a", "b", "c"]  # the chart's bars: every published total
    text = force_page.report_2016({"name": "B", "in_text": "B", "bbw_2016": tied, "report": REPORT})
    assert "anywhere from **1st to 2nd** of the 9 forces assumed to have answered" in text
    assert ("Of the 3 totals published in the 2016 report, it is the largest (tied with 1 other): a place among "
            "those") in text
    refused = profiles.totals_2016("d", ranking, no_ranks, {})
    assert refused["status"] == "refused" and "total" not in refused
    assert profiles.totals_2016("z", ranking, no_ranks, {})["status"] == "not_known"


def test_a_rank_in_words_is_quoted_as_words_and_the_last_rate_is_the_lowest():
    quoted = [{"rank_as_published": "not in the top 10", "scope": "all forces", "source": "a paper"},
              {"rank_as_published": "6", "scope": "forces in England", "source": "another"}]
    totals = {"status": "reported", "total": 39, "rank": 8, "of": 13, "tied_with": 0, "source": "s",
              "published_ranks": quoted, "scope": "13 totals published in the 2016 report"}
    text = force_page.report_2016({"name": "M", "in_text": "the M", "bbw_2016": totals, "report": REPORT})
    assert "it was not in the top 10 among all forces (a paper); number 6 among forces in England (another)" in text
    assert "by the M's officers and staff" in text
    refused = force_page.report_2016({"name": "M", "in_text": "the M", "bbw_2016": {"status": "not_revealed"},
                                      "report": REPORT})
    assert refused.startswith("**The M did not reveal")
    assert [force_page.highest(r, 13) for r in (1, 2, 13)] == ["the highest", "the 2nd highest", "the lowest"]


def test_cautions_name_disagreeing_tables_revisions_shown_and_figures_that_cannot_be_rebuilt():
    """Made-up checks and verdicts for a made-up force 'x' (ids and titles invented for this test)."""
    answers_ = [{"resource": "a", "title": "Table A"}, {"resource": "b", "title": "Table B"}]
    quality = pd.DataFrame([
        {"resource": "a vs b", "check": "same cases total in 2013 across tables of foi_x", "force_id": None,
         "result": "mismatch", "expected": "13", "found": "16", "message": "2013: 13 by category, 16 by month"},
        {"resource": "c vs d", "check": "same cases total in 2013 across tables of foi_y", "force_id": None,
         "result": "mismatch", "expected": "1", "found": "2", "message": "another force's tables"},
        {"resource": "w1 vs w2", "check": "officers FTE for X Police at 2015-03-31 unchanged between releases",
         "force_id": "x", "result": "revised", "expected": "1", "found": "2", "message": "release 1: 1; release 2: 2"},
        {"resource": "w1 vs w2", "check": "staff FTE for X Police at 2015-09-30 unchanged between releases",
         "force_id": "x", "result": "revised", "expected": "1", "found": "2", "message": "a date the page does not show"},
        # the force is the check's id, not a word of its text: another force's revision is not this page's
        {"resource": "w1 vs w2", "check": "pcsos FTE for X Police's neighbour at 2015-03-31 unchanged between releases",
         "force_id": "y", "result": "revised", "expected": "1", "found": "2", "message": "release 1: 1; release 2: 2"},
        {"resource": "a vs b", "check": "same cases total in 2012 across tables of foi_x", "force_id": None,
         "result": "ok", "expected": "5", "found": "5", "message": ""}])
    reproduction = pd.DataFrame([
        {"figure": "X Police: rank (all forces)", "published": "not in the top 10", "verdict": "cannot be rebuilt",
         "reason": "needs every force's total"},
        {"figure": "X Police: outcomes", "published": "5", "verdict": "match", "reason": "adds up"},
        {"figure": "X Police: outcomes quoted", "published": "9", "verdict": "partial breakdown",
         "reason": "the outcome figure quoted accounts for 2 of the 9"},
        {"figure": "X Police: incidents", "published": "9", "verdict": "partial breakdown",
         "reason": "the outcome figure quoted accounts for 0 of the 9; the incident list covers all 9"},
        {"figure": "Y Police: outcomes", "published": "5", "verdict": "overlapping", "reason": "another force"}])
    caveats = pd.DataFrame([{"force_id": "x", "about": "a", "kind": "doubtful", "source_id": "s1",
                             "caveat": "X's 9 is the figure the same article prints for Y"}])
    said = profiles.cautions("x", "X Police", "X Police", answers_, {"2015-03-31"}, quality, reproduction, caveats,
                             {"s1": "A Paper (2014)"})
    assert len(said) == 4, said
    assert said[0] == "X's 9 is the figure the same article prints for Y (A Paper (2014))."
    assert any("different totals for 2013: 13 in “Table A”; 16 in “Table B”" in line for line in said)
    assert any("revised X Police's officers" in line and "2015-03-31" in line for line in said)
    assert any(line.startswith("X Police: outcomes quoted (9 as published)") for line in said)
    # The page's range of ranks already takes a published rank into account, and it lists every incident.
    assert not any("rank (all forces)" in line or "incident list" in line for line in said)


def test_a_cell_an_answer_did_not_give_as_a_number_stays_empty_and_says_why():
    """A made-up grid: PCSO 2014 suppressed, staff 2015 not held, one cell absent; 2015 a part year."""
    part = "answered during 2015, before the period ended"
    cells = pd.DataFrame([
        {"label_as_published": "PC", "year": "2014", "value": 7.0, "status": "reported", "status_detail": ""},
        {"label_as_published": "PC", "year": "2015", "value": 0.0, "status": "nil", "status_detail": ""},
        {"label_as_published": "PCSO", "year": "2014", "value": float("nan"), "status": "suppressed",
         "status_detail": "<5"},
        {"label_as_published": "Staff", "year": "2015", "value": float("nan"), "status": "not_held",
         "status_detail": ""}]).assign(part_period=lambda t: [part if y == "2015" else "" for y in t["year"]])
    table = profiles.grid(cells)
    assert table["columns"] == ["as published", "2014", "2015 (part year)"]
    assert table["part_years"] == [f"2015: {part}"]
    assert force_page.answer_gaps(table).startswith(f"Part years: 2015: {part}.")
    assert table["rows"] == [["PC", 7, 0], ["PCSO", None, None], ["Staff", None, None]]
    assert table["gaps"] == ["PCSO, 2014: suppressed (<5)", "PCSO, 2015: not in the table", "Staff, 2014: not in the table",
                             "Staff, 2015: not held"]
    assert "PCSO, 2014: suppressed \\(\\<5\\)" in force_page.answer_gaps(table)  # escaped for Markdown


def test_a_force_page_draws_the_reports_own_chart_of_the_force(built_project):
    """The outcome chart the report draws for a force is the chart on its page, byte for byte (one set of
    facts, one drawing), and every force the report draws one for has it."""
    figures = built_project / "figures"
    in_report = {path.stem for path in figures.glob("outcomes_*.svg")} - {"outcomes_all_forces_that_answered"}
    on_pages = {path.stem.removeprefix("outcomes_"): path for path in (figures / "forces").glob("outcomes_*.svg")}
    assert len(on_pages) == len(in_report) >= 3
    for force, drawn in on_pages.items():
        mine = [name for name in in_report if name.startswith(f"outcomes_{force}_")]
        assert len(mine) == 1 and drawn.read_bytes() == (figures / f"{mine[0]}.svg").read_bytes(), force
        assert f'data-file="figures/forces/outcomes_{force}.svg"' in read_page(
            built_project / f"reports/forces/{force}.html")


def test_west_midlands_page_draws_its_2016_categories_as_the_report_does(built_project):
    """The report's category section charts West Midlands Police in 2016 (its published parameters); the force's
    page draws the same chart from the same facts, and no page charts a grid of years (shown as a table)."""
    figures = built_project / "figures"
    assert (figures / "forces/categories_west_midlands_2016.svg").read_bytes() == (figures / "categories.svg").read_bytes()
    assert [p.name for p in (figures / "forces").glob("categories_*.svg")] == ["categories_west_midlands_2016.svg"]
    assert 'data-file="figures/forces/categories_west_midlands_2016.svg"' in read_page(
        built_project / "reports/forces/west_midlands.html")


def test_a_force_whose_own_answer_counts_otherwise_says_why_beside_the_2016_figure(built_project):
    """Avon and Somerset's own answer lists 14 information security incidents where the 2016 report counts 163
    data breaches: the page says, from its source's notes, that the two are different counts."""
    page = text_of(read_page(built_project / "reports/forces/avon_and_somerset.html"))
    start = page.rindex("Read with care")  # the list, not a column's label
    care = page[start:page.index("What is not known", start)]
    assert re.search(r"14, of which only the first 9 could be retrieved.*different count from the 163 data breaches", care)
