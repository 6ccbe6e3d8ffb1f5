"""The pinned environment: one lock, and environment.yml generated from it."""

import sys
from importlib.metadata import version

from conftest import ROOT, module_from

make_environment_yml = module_from(ROOT / "tools/make_environment_yml.py")


def test_environment_yml_is_generated_from_the_lock():
    committed = (ROOT / "environment.yml").read_text(encoding="utf-8")
    assert committed == make_environment_yml.environment_yml(ROOT), \
        "environment.yml is stale: run `python tools/make_environment_yml.py > environment.yml`"


def test_every_direct_dependency_is_pinned_and_installed_at_that_version():
    locked = make_environment_yml.pins(ROOT / "requirements.txt")
    for name in make_environment_yml.direct(ROOT / "requirements.in"):
        assert name in locked, f"{name} is in requirements.in but not pinned in requirements.txt"
        assert version(name) == locked[name], f"{name}: installed {version(name)}, pinned {locked[name]}"


def test_python_version_matches_environment_yml():
    assert "  - python=3.11" in (ROOT / "environment.yml").read_text()
    assert sys.version_info[:2] == (3, 11)


def test_conda_users_get_conda_forge_names_and_pip_for_the_rest():
    import yaml

    spec = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    conda = [d.split("=")[0] for d in spec["dependencies"] if isinstance(d, str)]
    pip = next(d["pip"] for d in spec["dependencies"] if isinstance(d, dict))
    for name in make_environment_yml.PIP_ONLY:
        assert name not in conda and any(line.startswith(f"{name}==") for line in pip), name
    assert "-e ." in pip and spec["channels"] == ["conda-forge"]
