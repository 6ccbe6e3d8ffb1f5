"""The package's architecture: its layers and the absence of cycles (import-linter's contracts in
pyproject.toml), modules a reader can hold, one module per reader shape, and the words that describe it
(each subpackage's docstring, the README's layout) agreeing with the contracts."""

import ast
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from police_breaches.core import strict_yaml

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src/police_breaches"
LONGEST = 400  # lines: a module a newcomer can read in one sitting


def lint_imports(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", "from importlinter.cli import lint_imports_command; lint_imports_command()",
                           "--no-cache"], cwd=project, capture_output=True, text=True,
                          env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(project / "src"), "HOME": str(project)})


def layers() -> list[str]:
    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"]
    return next(c for c in contracts if c["type"] == "layers")["layers"]


def test_the_import_contracts_hold():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def _package_copy(tmp_path: Path) -> Path:
    shutil.copytree(PACKAGE, tmp_path / "src/police_breaches", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    return tmp_path


@pytest.mark.parametrize("module, line, broken", [
    # each family of mistake the contracts exist to catch, made once in a scratch copy of the package
    ("sources/clean.py", "from police_breaches.analysis import rates", "Layers"),
    ("core/paths.py", "from police_breaches.sources import vocab", "Layers"),
    ("analysis/rates.py", "from police_breaches.publish import charts", "Layers"),
    ("publish/report.py", "from police_breaches.pipeline import steps", "Layers"),
    ("pipeline/build.py", "from police_breaches.sources import manifest", "The build knows the domain only"),
    ("analysis/processed.py", "from police_breaches.analysis import rankings", "No import cycles"),
    ("sources/readers/base.py", "from police_breaches.sources.readers import table", "No import cycles"),
])
def test_a_forbidden_import_breaks_a_contract(tmp_path, module, line, broken):
    project = _package_copy(tmp_path)
    path = project / "src/police_breaches" / module
    text = path.read_text()
    first = next(node for node in ast.parse(text).body  # the first import after the docstring and __future__
                 if isinstance(node, (ast.Import, ast.ImportFrom)) and getattr(node, "module", "") != "__future__")
    lines = text.splitlines(keepends=True)
    path.write_text("".join(lines[:first.lineno - 1]) + f"{line}  # noqa\n" + "".join(lines[first.lineno - 1:]))
    result = lint_imports(project)
    assert result.returncode != 0, result.stdout
    assert re.search(re.escape(broken) + r".* BROKEN", result.stdout), result.stdout


def test_a_new_subpackage_must_be_given_a_layer(tmp_path):
    project = _package_copy(tmp_path)
    (project / "src/police_breaches/extras").mkdir()
    (project / "src/police_breaches/extras/__init__.py").write_text('"""Somewhere new."""\n')
    result = lint_imports(project)
    assert result.returncode != 0 and "extras" in result.stdout, result.stdout


def test_no_module_is_longer_than_a_reader_can_hold():
    long = {path.relative_to(PACKAGE).as_posix(): n for path in PACKAGE.rglob("*.py")
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > LONGEST}
    assert not long, f"modules over {LONGEST} lines: {long}"


def test_each_subpackage_says_what_lives_there_and_what_it_may_import():
    order = layers()
    for index, layer in enumerate(order):
        doc = ast.get_docstring(ast.parse((PACKAGE / layer / "__init__.py").read_text(encoding="utf-8")))
        assert doc and len(doc.splitlines()) == 3, f"{layer}/__init__.py: a three-line docstring"
        allowed = re.findall(r"``(\w+)``", doc.splitlines()[-1])
        expected = ["core"] if layer == "pipeline" else order[index + 1:]
        assert doc.splitlines()[-1].startswith("May import:") and sorted(allowed) == sorted(expected), (layer, doc)


def test_one_module_per_reader_shape():
    from police_breaches.sources.readers import READERS

    shapes = set(strict_yaml.load((ROOT / "config/shapes.yml").read_text(encoding="utf-8"))["shapes"])
    modules = {p.stem for p in (PACKAGE / "sources/readers").glob("*.py")} - {"__init__", "base", "ods_sheet"}
    assert shapes == set(READERS) == modules
    for shape, reader in READERS.items():
        assert reader.__module__ == f"police_breaches.sources.readers.{shape}", shape


def test_the_readme_layout_names_every_module_where_it_is():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    layout = readme[readme.index("## Layout"):]
    layout = layout.split("\n## ", 1)[0]  # to the next section, or the end
    assert len(layout.splitlines()) <= 60, "the layout fits on one screen"
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE)
        if relative.name == "__init__.py" and relative.parent.name in layers():
            continue
        shown = relative.parent.name + "/" if relative.name == "__init__.py" else relative.stem
        assert re.search(rf"\b{re.escape(shown)}", layout), f"README layout does not name {relative}"
