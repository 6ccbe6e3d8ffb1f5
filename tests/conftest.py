from __future__ import annotations

import contextlib
import filecmp
import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from police_breaches.sources.clean import clean_all
from police_breaches.sources.vocab import Vocabularies

ROOT = Path(__file__).resolve().parents[1]
PRODUCTS = ("build", "data/processed", "figures", "reports")

# --------------------------------------------------------------------------- the browser tests' Chromium
# `make browser` installs Chromium (Debian's package, or Playwright's own where apt is missing; CI runs it).
# Without it the browser tests are skipped and the summary says so plainly; under CI they fail instead.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SYSTEM_CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def _playwright_chromium() -> str | None:
    try:
        from playwright.sync_api import sync_playwright
        with sync_playwright() as playwright:
            path = playwright.chromium.executable_path
        return path if Path(path).exists() else None
    except Exception:  # any failure here means there is no browser to test with
        return None


CHROMIUM = SYSTEM_CHROMIUM or _playwright_chromium()
if CHROMIUM is None and os.environ.get("CI"):
    pytest.fail("Chromium is missing: run `make browser` before `make test`", pytrace=False)
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="Chromium not installed: run `make browser`, then `make test`")


def launch(playwright):
    """Headless Chromium: Debian's where installed, else Playwright's own."""
    return playwright.chromium.launch(executable_path=CHROMIUM if SYSTEM_CHROMIUM else None, args=CHROMIUM_ARGS)



def python(project: Path, *args: str) -> subprocess.CompletedProcess:
    """``python ARGS`` in a scratch copy, importing that copy's package."""
    env = {**os.environ, "PYTHONPATH": str(project / "src")}
    return subprocess.run([sys.executable, *args], cwd=project, capture_output=True, text=True, env=env)


@contextlib.contextmanager
def restored(path: Path):
    """``path`` put back as it was when the block ends, whatever the block did to it."""
    original = path.read_bytes()
    try:
        yield
    finally:
        path.write_bytes(original)


@contextlib.contextmanager
def edited(path: Path, change):
    """``path`` rewritten as ``change(its text)`` inside the block, and put back as it was whatever happens."""
    with restored(path):
        text = path.read_text(encoding="utf-8")
        changed = change(text)
        # An edit that matches nothing would let the test pass on an unchanged project.
        assert changed != text, f"the edit to {path.name} changed nothing"
        path.write_text(changed, encoding="utf-8")
        yield


def module_from(path: Path):
    """A Python file outside the package (tools/, the broken-input makers), loaded as a module."""
    spec = importlib.util.spec_from_file_location(Path(path).stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def vocab() -> Vocabularies:
    return Vocabularies.load(ROOT / "config")


@pytest.fixture(scope="session")
def cleaned():
    """The clean step run once on the real raw data."""
    return clean_all(ROOT)


@pytest.fixture(scope="session")
def processed_tables(cleaned, tmp_path_factory) -> dict:
    """The clean step's tables as the steps after it read them: written, and read back."""
    from police_breaches.analysis import processed
    from police_breaches.sources.clean import write_clean

    folder = tmp_path_factory.mktemp("processed")
    write_clean(cleaned, folder)
    return processed.load_processed(folder)


REPORT_PERIOD = ("2011-06-01", "2015-12-31")


def facts_of(tables: dict, vocab, window=REPORT_PERIOD, as_at="2015-03-31", ties="min"):
    """The facts step's table from ``tables``, with its views, as the pages read it."""
    from police_breaches.analysis import facts, processed
    from police_breaches.analysis.views import Facts

    table, checks, _ = facts.compute(tables, vocab, processed.load_manifest(ROOT), window, as_at, ties)
    found = Facts(table, {"period_start": window[0], "period_end": window[1], "workforce_as_at": as_at, "ties": ties})
    found.checks = lambda folder=None: checks
    return found


def facts_in(project: Path):
    """A built project's facts, with its views (data/processed/facts.csv, as its pages read them)."""
    from police_breaches.analysis.views import Facts

    return Facts.load(project)


def ranking_in(project: Path):
    """A built project's ranking of the 2016 report's period, by force id, as its pages read it."""
    return facts_in(project).ranking(REPORT_PERIOD).set_index("force_id")


@pytest.fixture(scope="session")
def real_facts(processed_tables, vocab):
    """The facts of the real data with the published analysis's parameters."""
    return facts_of(processed_tables, vocab)


def copy_project(dest: Path) -> Path:
    """A scratch copy of the checkout's tracked files (and any untracked new ones), without build products."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            capture_output=True, check=True).stdout
    files = b"\0".join(f for f in listed.split(b"\0") if f and (ROOT / f.decode()).exists())
    dest.mkdir(parents=True)
    subprocess.run(["xargs", "-0", "cp", "--parents", "-p", "-t", str(dest)], cwd=ROOT, input=files, check=True)
    return dest


def make(project: Path, *args: str, check: bool = True, **popen) -> subprocess.CompletedProcess | subprocess.Popen:
    """``make`` in a scratch copy, using this test run's environment (so only the pipeline itself runs)."""
    command = ["make", "--no-print-directory", "-C", str(project), f"VENV={Path(sys.prefix)}", "ENV_STAMP=", *args]
    if popen:
        return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, **popen)
    result = subprocess.run(command, capture_output=True, text=True)
    if check and result.returncode != 0:
        raise AssertionError(f"make {' '.join(args)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    return result


def steps_run(output: str) -> set[str]:
    """The steps a build ran, from its progress lines ('▶ 02_rankings_2011_2015 … 0.84 s').

    A large family of steps (the force pages) has one line: '▶ force pages (one step each) … 2 run
    (forces/kent, forces/surrey), 0.05 s', or with only a count when more ran: then it is 'force pages'.
    """
    steps = set(re.findall(r"^▶ (\S+) …", output, flags=re.M))
    for family, named in re.findall(r"^▶ (.+) \(one step each\) … \d+ run(?: \(([^)]*)\))?,", output, flags=re.M):
        steps |= set(named.split(", ")) if named else {family}
    return steps


def products(project: Path) -> dict[str, Path]:
    """Every build product, by path. Hidden files and folders (temporaries) and the staging folder are not."""
    found = {}
    for folder in PRODUCTS:
        for path in (project / folder).rglob("*"):
            relative = path.relative_to(project)
            if path.is_file() and not any(part.startswith(".") for part in relative.parts) and relative.parts[:2] not in (
                    ("build", "stage"),):
                found[str(relative)] = path
    return found


def differing(a: dict[str, Path], b: dict[str, Path]) -> list[str]:
    return sorted(k for k in a.keys() & b.keys() if not filecmp.cmp(a[k], b[k], shallow=False))


def snapshot(project: Path) -> dict[str, bytes]:
    return {name: path.read_bytes() for name, path in products(project).items()}


@pytest.fixture(scope="session")
def built_project(tmp_path_factory) -> Path:
    """A scratch copy of the project, built once with `make report` in this test run's environment."""
    project = copy_project(tmp_path_factory.mktemp("built") / "project")
    make(project, "report")
    return project


def built_pages(project: Path) -> dict[str, str]:
    """The report and every force page of a built project, by path: what the page-reading tests read."""
    found = [project / "reports/index.html", *sorted((project / "reports/forces").glob("*.html"))]
    return {path.relative_to(project).as_posix(): read_page(path) for path in found}


def read_page(path: Path) -> str:
    """A built page's whole markup, every folded section opened (a page carries them compressed)."""
    from police_breaches.publish.pack import unpacked

    return unpacked(Path(path).read_text(encoding="utf-8"))


def built_copy(built: Path, dest: Path) -> Path:
    """A copy of a built project, up to date as it stands (the build's records hold no absolute path): a
    test that changes the project starts from it in a fraction of a second instead of a 15-second build."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["cp", "-a", str(built), str(dest)], check=True)
    return dest


# Test files that build the whole project (or many copies of it) by design; with every test that reads a built
# project, they are marked `build`, and `make quick` leaves them out (the quick loop, under 3 minutes).
BUILDING = {"test_isolation", "test_sandbox", "test_build", "test_build_truth", "test_hidden_inputs", "test_mutations",
            "test_parameter_properties", "test_add_answer", "test_outside_the_build", "test_report_browser"}


def pytest_collection_modifyitems(items):
    for item in items:
        if "built_project" in item.fixturenames or item.module.__name__ in BUILDING:
            item.add_marker(pytest.mark.build)


def pytest_terminal_summary(terminalreporter):
    """Say plainly, at the end, when the browser tests could not run."""
    skipped = terminalreporter.stats.get("skipped", [])
    if any("Chromium not installed" in str(getattr(report, "longrepr", "")) for report in skipped):
        terminalreporter.write_line("The browser tests did not run: Chromium is not installed. Run `make browser`, "
                                    "then `make test`.", yellow=True, bold=True)
