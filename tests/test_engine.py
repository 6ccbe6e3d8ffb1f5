"""The warm in-process engine gives exactly what a fresh Jupyter kernel per notebook gives.

`make isolated` runs every notebook in its own kernel (papermill's usual way); `make report` runs them in one
warm process. Every build product must be byte-identical between the two.
"""

from __future__ import annotations

from conftest import copy_project, differing, make, products, steps_run


def test_a_build_with_a_fresh_kernel_per_notebook_is_byte_identical(built_project, tmp_path):
    isolated = copy_project(tmp_path / "project")
    output = make(isolated, "isolated").stdout
    assert "01_clean" in steps_run(output)
    warm, cold = products(built_project), products(isolated)
    assert sorted(warm) == sorted(cold)
    assert differing(warm, cold) == []
    assert steps_run(make(isolated, "report").stdout) == set(), "the warm build found something to redo"


def test_notebooks_do_not_share_state_in_the_warm_process(built_project, tmp_path):
    """A name defined by one notebook is not visible to the next, and matplotlib starts from its defaults."""
    project = copy_project(tmp_path / "project")
    first = project / "notebooks/03_west_midlands_2016.py"
    first.write_text(first.read_text() + "\n# %%\nleaked_from_03 = 1\nimport matplotlib\n"
                     "matplotlib.rcParams['font.size'] = 31\n")
    last = project / "notebooks/06_summary.py"
    last.write_text(last.read_text() + "\n# %%\nimport matplotlib\nassert 'leaked_from_03' not in globals()\n"
                    "assert matplotlib.rcParams['font.size'] != 31\n")
    make(project, "report")
