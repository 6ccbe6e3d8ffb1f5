"""Pyflakes-level checks (unused imports and names, undefined names, syntax) over the code and notebooks."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_code_has_no_unused_or_undefined_names():
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "--select", "F,E9", "--no-cache",
                             "src", "notebooks", "tests", "tools", "pipeline.py"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
