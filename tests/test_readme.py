"""The README does what it says: its generated tables are what tools/readme.py makes from the code and config
they describe, every command it shows exists and answers (`make` targets; `python -m police_breaches …`
with --help, which runs nothing), and every link in it and in docs/ leads somewhere."""

import re
import subprocess
import sys

import pytest
from conftest import ROOT, module_from

readme = module_from(ROOT / "tools/readme.py")
TEXT = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_readme_tables_are_up_to_date():
    assert readme.BLOCK.search(TEXT), "the README has no generated block"
    assert TEXT == readme.regenerate(TEXT), "README.md is stale: run `make readme`"


def test_every_make_target_the_readme_names_exists():
    targets = set(re.findall(r"(?m)^([a-z][a-z-]*):", (ROOT / "Makefile").read_text(encoding="utf-8")))
    named = set(re.findall(r"\bmake ([a-z][a-z-]+)\b", TEXT)) - {"sure"}
    assert named and named <= targets, sorted(named - targets)


COMMANDS = sorted(set(re.findall(r"python -m police_breaches ((?:[a-z]+)(?: (?:compare|add|rehash|verify|sources|hash|"
                                 r"shapes|plan|status))?)", TEXT)))


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_the_readme_shows_answers(command):
    result = subprocess.run([sys.executable, "-m", "police_breaches", *command.split(), "--help"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.startswith("usage:"), result.stderr


def test_the_readme_shows_the_commands_a_user_needs():
    assert {"run", "manifest add", "foi plan"} <= set(COMMANDS)


@pytest.mark.parametrize("page", ["README.md", "docs/internals.md", "docs/methodology.md", "data/raw/README.md"])
def test_every_relative_link_leads_to_a_file_and_a_heading_that_exist(page):
    source = ROOT / page
    for target in re.findall(r"\]\((?!https?://|mailto:)([^)\s]+)\)", source.read_text(encoding="utf-8")):
        path, _, anchor = target.partition("#")
        linked = (source.parent / path).resolve() if path else source
        assert linked.exists(), f"{page}: {target}"
        if anchor and linked.suffix == ".md":
            headings = re.findall(r"(?m)^#+ (.+)$", linked.read_text(encoding="utf-8"))
            slugs = {re.sub(r"[^\w\- ]", "", h.lower()).replace(" ", "-") for h in headings}
            assert anchor in slugs, f"{page}: #{anchor} is no heading of {path or page}"
