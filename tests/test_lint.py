"""The repository passes its own linter as its users run it: plain `ruff check`, with the rules pyproject.toml
chooses (and says why), over the code, the notebooks, the tests and the tools; and no `# noqa` names a rule
that is not enabled or not needed."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def ruff(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", *args], cwd=ROOT, capture_output=True,
                          text=True)


def test_plain_ruff_check_passes():
    result = ruff()
    assert result.returncode == 0, result.stdout


def test_no_noqa_is_stale():
    result = ruff("--extend-select", "RUF100")
    assert result.returncode == 0, result.stdout


def test_the_rules_include_imports_bugbear_and_pyupgrade():
    result = ruff("--show-settings", "pipeline.py")
    for rule in ("unsorted-imports (I001)", "(B006)", "(UP004)"):
        assert rule in result.stdout, rule
