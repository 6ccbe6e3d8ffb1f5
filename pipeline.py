"""The pipeline, top to bottom: every step, what it runs and what it reads. `make report` builds it
(`python -m police_breaches build`; see src/police_breaches/pipeline/build.py for how a step is run).

    data/raw/ + datapackage.json
      → 01_clean                     tidy tables in data/processed, row accounting, data-quality checks
      → 01_facts                     every fact the pages state, computed once: data/processed/facts.csv
      → 02_rankings_2011_2015        force rankings: counts, ranges of ranks, rates, reproduction check, coverage
      → 03_west_midlands_2016        West Midlands Police's 2016 breaches by category
      → 04_outcomes_2011_2015        outcomes on one scale
      → 05_west_midlands_in_context  every West Midlands series, each in its own unit
      → 06_summary                   the findings, read from the facts
      → 10_later_studies             what forces recorded after 2015, each later study in its own terms
      → 07_every_answer              every raw file's figures, as published, with its sources
      → 08_force_profiles            what is known about each force, one JSON file per force
      → forces/<force>               notebook 09 once per territorial force (45), from its profile alone
      → publish                      reports/: the report, the force pages and their index, all from one build;
                                     data/processed/datapackage.json, every published table described

A notebook step runs `notebooks/<notebook>.py` with papermill and the parameters in `params/<notebook>.yml`.
Every step reads, besides what is listed here, its notebook, `config/` (but prose notes), the package's code
and the environment (every installed distribution, the fonts matplotlib can choose); `after` gives the steps
whose outputs it reads, `reads` any other file (an executed notebook among them: `after` leaves those out),
and `targets` the outputs another step reads by name. A step sees nothing else: it runs in a workspace
holding a copy of exactly these files, and the operating system keeps it there (see
src/police_breaches/pipeline/workspace.py and sandbox.py).
"""

import functools

from police_breaches.analysis.campaign import REQUESTS, TRACKER
from police_breaches.core import configuration, paths
from police_breaches.pipeline.steps import action, notebook
from police_breaches.publish import comparison, page, publish, report

MANIFEST = paths.MANIFEST_NAME
# What the build reads, for "built from commit … with uncommitted changes": a note beside the raw data or the
# configuration, or a stray file elsewhere in the checkout, changes nothing the build publishes.
WATCHED = ["pipeline.py", "src", "notebooks", "config", "params", "data/raw", ":(exclude)data/raw/README.md",
           *(f":(exclude,glob)config/**/{prose}" for prose in ("*.md", "*.txt", "*.rst", "README*")),
           MANIFEST, "docs", "CITATION.cff", "requirements.txt", "campaign/tracker.csv", "campaign/requests"]
# The report's order: summary first, then the findings, then how the data were checked.
REPORT_SECTIONS = ["06_summary", "03_west_midlands_2016", "02_rankings_2011_2015", "04_outcomes_2011_2015",
                   "05_west_midlands_in_context", "10_later_studies", "07_every_answer", "01_clean", "01_facts"]


def raw_data() -> list[str]:
    """The manifest and every file beside the raw data but its prose README (a file not in the manifest
    stops the clean step, so a new one reruns it)."""
    root = paths.root()
    return [MANIFEST, *(p.relative_to(root).as_posix() for p in sorted((root / paths.RAW).rglob("*"))
                        if p.is_file() and p.relative_to(root) != paths.RAW / "README.md")]


def campaign() -> list[str]:
    """The FOI campaign's tracker and request files, while a campaign runs (python -m police_breaches foi): the
    facts step checks them and states where each request stands. The requests' words publish nothing."""
    root = paths.root()
    if not (root / TRACKER).exists():
        return []
    return [TRACKER.as_posix(), *(p.relative_to(root).as_posix() for p in sorted((root / REQUESTS).glob("*.txt")))]


def executed(step: str) -> str:
    return f"{paths.BUILD.as_posix()}/{step}.ipynb"


def territorial_forces() -> list[str]:
    return [row["force_id"] for row in configuration.table("forces.csv") if row["kind"] == "territorial"]


@functools.cache
def source_version() -> dict:
    """The commit and date the report and the force pages name (git runs once per build)."""
    return page.source_version(watched=WATCHED)


def steps():
    forces = territorial_forces()
    source = source_version()
    cited = ["CITATION.cff"]
    facts = ["01_facts"]  # every figure a page states, computed once: the steps that state one read it
    yield notebook("01_clean", reads=raw_data())
    yield notebook("01_facts", after=["01_clean"], reads=[MANIFEST, *campaign()])
    yield notebook("02_rankings_2011_2015", after=facts, reads=[MANIFEST])
    yield notebook("03_west_midlands_2016", after=facts, reads=[MANIFEST], targets=["data/processed/categories.csv"])
    yield notebook("04_outcomes_2011_2015", after=facts, reads=[MANIFEST])
    yield notebook("05_west_midlands_in_context", after=facts, reads=[MANIFEST])
    yield notebook("06_summary", after=facts, reads=["data/processed/categories.csv"])  # the breakdown 03 charts
    yield notebook("07_every_answer", after=["01_clean", *facts], reads=[MANIFEST])
    yield notebook("10_later_studies", after=["01_clean", *facts], reads=[MANIFEST])

    # A page per territorial force: 08 writes each force's profile; 09 runs once per force, reading only that
    # force's profile, so a change to one force's data reruns its page alone.
    profiles = [f"data/processed/forces/{force}.json" for force in forces]
    yield notebook("08_force_profiles", after=["01_clean", *facts], reads=[MANIFEST],
                   targets=[*profiles, "data/processed/forces.csv"])
    for force, profile in zip(forces, profiles):
        yield notebook("09_force_page", step=f"forces/{force}", reads=[profile], overrides={"force": force})

    # Last, everything a reader receives, from one build: the report, the force pages and their index (rendered
    # from the executed notebooks, a fraction of a second), and the description of every published table. It
    # runs only when every step before it succeeded, so reports/ never mixes two builds.
    pages = [f"forces/{force}" for force in forces]
    yield action("publish", lambda: publish.everything(REPORT_SECTIONS, forces, source),
                 after=[*REPORT_SECTIONS, "08_force_profiles", *pages],
                 reads=[*(executed(step) for step in [*REPORT_SECTIONS, *pages]), "docs/methodology.md", *raw_data(),
                        *cited],
                 settings={"source": source, "sections": REPORT_SECTIONS, "forces": forces},
                 targets=[report.OUTPUT, *(f"reports/forces/{f}.html" for f in [*forces, "index"]),
                          "reports/forces/icon.svg", "data/processed/datapackage.json"])


# The build knows the domain only through this file (see src/police_breaches/pipeline/__init__.py): besides the
# steps, what it checks first (make report and make check alike), what it warns of, and what a run outside the
# build writes.

def check_inputs(root):
    """Checked before any step runs, after config/ itself: the reader shapes, the limits every figure is held
    to, the manifest, every raw file where the manifest says, as big as it says, with its sha256, and every
    file config/published_sums.csv names (cheap: every time). The first problem stops the build in one line."""
    from police_breaches.core.errors import InputError
    from police_breaches.pipeline.check import unless_passed
    from police_breaches.pipeline.fingerprints import files_under
    from police_breaches.sources import consistency, manifest, published_sums, shapes

    shapes.shapes(root)
    consistency.limit("largest_count", root)
    # The manifest against its schema and rules: a function of these files alone, checked again when one changes.
    unless_passed(root, "the manifest", [MANIFEST, "data/raw/sources.csv", *files_under(root, paths.CONFIG)],
                  lambda: manifest.load_manifest(root))
    described = manifest.load_manifest(root, validate=False)
    manifest.verify_checksums(root, described)
    unknown = published_sums.problems(root, {entry["name"] for entry in described["resources"]})
    if unknown:  # a check of figures that should add up, naming a file the project does not have
        raise InputError("config/published_sums.csv", None, "; ".join(unknown))


# The content of every raw file is checked by the step that cleans it: `make check` runs this, and the build
# runs that step before any other (its record vouches for files whose digests are unchanged).
DATA_CHECKED_BY = "01_clean"


def check_data(root) -> str:
    """`make check`, the raw data: every file read and checked as the clean step reads it, nothing written."""
    from police_breaches.sources import clean

    return clean.report_text(clean.clean_all(root))


def warnings() -> list[str]:
    """What the build and `make check` warn of before anything runs."""
    why = source_version().get("no_commit")
    return [f"the pages cannot name the commit they are built from: {why}"] if why else []


# A run outside the build (python -m police_breaches run) writes its own page, listed in runs/index.html;
# `run compare A B` writes a page of what changed between two runs.
one_off_page = report.one_off_page
runs_index = comparison.write_index
compare_runs = comparison.compare
