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


def test_vulture_finds_no_dead_code():
    """With the configuration in pyproject.toml (which names, and says why, what an interface requires)."""
    result = subprocess.run([sys.executable, "-m", "vulture"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


COMPLEXITY_REASON = "# complexity:"


def too_complex_without_a_reason(source: str) -> list[str]:
    """Functions radon ranks D or worse (cyclomatic complexity over 20) with no '# complexity:' line saying why,
    directly above the def or its decorators."""
    from radon.complexity import cc_rank, cc_visit

    lines = source.splitlines()
    found = []
    for block in cc_visit(source):
        for method in [block, *getattr(block, "methods", [])]:
            if cc_rank(method.complexity) in "ABC":
                continue
            above = method.lineno - 2  # the line above the def, skipping decorators
            while above >= 0 and lines[above].lstrip().startswith("@"):
                above -= 1
            if above < 0 or not lines[above].strip().startswith(COMPLEXITY_REASON):
                found.append(f"{method.fullname} ({cc_rank(method.complexity)}, {method.complexity})")
    return found


def test_the_complexity_check_sees_a_function_with_no_reason():
    """Made-up code, for this test only: 21 branches, with and without a reason."""
    body = "".join(f"    if x == {i}:\n        return {i}\n" for i in range(21))
    assert too_complex_without_a_reason(f"def f(x):\n{body}") == ["f (D, 22)"]
    assert too_complex_without_a_reason(f"{COMPLEXITY_REASON} one rule a branch\ndef f(x):\n{body}") == []


def test_no_function_is_over_complexity_c_without_a_reason():
    files = [*sorted((ROOT / "src").rglob("*.py")), ROOT / "pipeline.py", *sorted((ROOT / "tools").glob("*.py"))]
    found = {path.relative_to(ROOT).as_posix(): problems for path in files
             if (problems := too_complex_without_a_reason(path.read_text(encoding="utf-8")))}
    assert found == {}
