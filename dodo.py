"""The pipeline, top to bottom. `make report` runs it with doit (through `python -m police_breaches.build`).

    data/raw/ + datapackage.json
      → 01_clean                     tidy tables in data/processed, row accounting, data-quality checks
      → 02_rankings_2011_2015        force rankings: counts, rates, reproduction check, coverage
      → 03_west_midlands_2016        West Midlands Police's 2016 breaches by category
      → 04_outcomes_2011_2015        outcomes on one scale
      → 05_west_midlands_in_context  every West Midlands series, each in its own unit
      → 06_summary                   the findings, read from the tables above
      → 07_every_answer              every raw file's figures, as published, with its sources
      → reports/index.html           one self-contained page, summary first
      → 08_force_profiles            what is known about each force, one JSON file per force
      → forces/<force>               notebook 09 once per territorial force (45), from its profile alone
      → reports/forces/              the force pages' HTML and their sortable index

Each notebook step runs `notebooks/<step>.py` with papermill and the parameters in `params/<step>.yml`. It
also reads its own source, `config/` and the package code; below is what it reads besides. A step runs
again when the content of anything it reads, or one of its parameter values, changes, or when one of its
outputs has gone missing or been edited (see `src/police_breaches/build.py`). A step reads an earlier step's
results through that step's build record, which changes exactly when one of its outputs does.
"""

from police_breaches import report
from police_breaches.build import (ContentChecker, ProgressReporter, action_task, notebook_task, raw_files, record_of,
                                   territorial_forces)

DOIT_CONFIG = {
    "default_tasks": ["report", "force_html"],
    "dep_file": "build/.doit.json",  # police_breaches.build.STATE_FILE
    "backend": "json",
    "check_file_uptodate": ContentChecker,
    "reporter": ProgressReporter,
}

STEPS = {
    "01_clean": raw_files(),
    "02_rankings_2011_2015": [record_of("01_clean")],
    "03_west_midlands_2016": [record_of("01_clean")],
    "04_outcomes_2011_2015": [record_of("01_clean"), "datapackage.json"],
    "05_west_midlands_in_context": [record_of("01_clean"), "datapackage.json"],
    "06_summary": [record_of(step) for step in ("01_clean", "02_rankings_2011_2015", "03_west_midlands_2016",
                                                "04_outcomes_2011_2015")],
    "07_every_answer": [record_of("01_clean"), "datapackage.json"],
}

# The report's order: summary first, then the findings, then how the data were checked.
REPORT_SECTIONS = ["06_summary", "03_west_midlands_2016", "02_rankings_2011_2015", "04_outcomes_2011_2015",
                   "05_west_midlands_in_context", "07_every_answer", "01_clean"]


# A page per territorial force: notebook 08 writes each force's profile; notebook 09 runs once per force,
# reading only that force's profile, so a change to one force's data reruns its notebook alone; then the
# pages' HTML and the index are rendered again from the executed notebooks (a fraction of a second).
FORCES = territorial_forces()
PROFILES = [f"data/processed/forces/{force}.json" for force in FORCES]


def notebook_runs():
    """(step, notebook, parameter overrides) for every notebook run of the build, in order."""
    return ([(notebook, notebook, {}) for notebook in STEPS] + [("08_force_profiles", "08_force_profiles", {})]
            + [(f"forces/{force}", "09_force_page", {"force": force}) for force in FORCES])


def task_notebooks():
    for notebook, reads in STEPS.items():
        yield notebook_task(notebook, reads)


PROFILE_READS = [record_of("01_clean"), "datapackage.json"]


def upstream(notebook: str) -> list[str]:
    """The tasks a one-off run of ``notebook`` needs up to date first (doit follows them further up)."""
    if notebook == "09_force_page":
        return ["08_force_profiles"]
    reads = PROFILE_READS if notebook == "08_force_profiles" else STEPS[notebook]
    return [f"notebooks:{read.split('/')[-1].removesuffix('.record.json')}" for read in reads
            if read.endswith(".record.json")]


def task_force_profiles():
    return notebook_task("08_force_profiles", PROFILE_READS, targets=[*PROFILES, "data/processed/forces.csv"],
                         alone=True)


def task_force_pages():
    for force, profile in zip(FORCES, PROFILES):
        yield notebook_task("09_force_page", [profile], step=f"forces/{force}", overrides={"force": force})


def task_force_html():
    """The pages' HTML and the index: a commit or an edit to the checkout re-renders them, nothing more."""
    source = report.source_version()
    reads = ["data/processed/forces.csv", *(record_of(f"forces/{force}") for force in FORCES)]
    targets = [f"reports/forces/{force}.html" for force in FORCES] + ["reports/forces/index.html"]
    return action_task("force_html", lambda: report.force_pages(FORCES, source, report.project_root()), reads,
                       targets, config={"source": source, "forces": FORCES})


def task_report():
    reads = [*(record_of(step) for step in REPORT_SECTIONS), "docs/methodology.md", "datapackage.json"]
    source = report.source_version()  # the commit the report says it was built from
    return action_task("report", lambda: report.build(REPORT_SECTIONS, source), reads, targets=[report.OUTPUT],
                       config={"source": source, "sections": REPORT_SECTIONS})
