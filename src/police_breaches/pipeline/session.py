"""The first code cell of every notebook: its parameters checked, and what it writes sent where it belongs.

    from police_breaches.pipeline.session import begin
    begin("02_rankings_2011_2015", globals())

The parameters, as the notebook's cells left them (its parameters cell, papermill's injected cell, or a
value a researcher typed), are checked against ``config/parameters.yml`` exactly as ``make report`` checks
them: a bad value stops here with the same one line, before anything is written.

Inside the build, the step's process writes to its workspace and the build puts it in place. Anywhere else
(JupyterLab, papermill's command line, nbmake, the one-off runner) this is a run outside the build: the
steps it reads from are brought up to date first, as the build would, and everything it writes goes to its
own folder under ``runs/``, named by its parameters and the content of its inputs. It may not write to the
build's folders (data/processed, figures, build, reports); its first output says where its files are.
"""

from __future__ import annotations

import os
from pathlib import Path

from police_breaches.core import outputs, paths
from police_breaches.core.paths import RUN_VARIABLE, STEP_VARIABLE
from police_breaches.pipeline import params


def begin(notebook: str, namespace: dict) -> None:
    """Check the notebook's parameters (and put the checked values back); outside the build, set up its run
    folder and say where it is (returning nothing, so a cell that ends with this call shows nothing else)."""
    root = paths.root()
    namespace.update(params.check_namespace(root, notebook, namespace, injected(namespace)))
    if os.environ.get(STEP_VARIABLE):
        return
    from police_breaches.pipeline import run

    values = {name: namespace[name] for name in params.specs(root, notebook)}
    given = os.environ.get(RUN_VARIABLE)
    folder = Path(given) if given else run.prepare(root, notebook, values, how="outside the build")
    outputs.redirect(folder)
    from police_breaches.pipeline import code_run

    code_run.watch(root, notebook, folder, list(values))
    from IPython.display import Markdown, display

    display(Markdown(f"This run writes its figures and tables to `{paths.shown(folder)}/`, not to the shared "
                     "`figures/` and `data/processed/`, which only `make report` changes. To make a change "
                     f"permanent, put it in `params/{notebook}.yml` and run `make report`."))


def injected(namespace: dict) -> list[str]:
    """The names papermill's injected cell set: its source starts '# Parameters' (IPython keeps each cell's
    source in ``In``)."""
    import ast

    names = []
    for source in namespace.get("In") or []:
        if isinstance(source, str) and source.lstrip().startswith("# Parameters"):
            try:
                body = ast.parse(source).body
            except SyntaxError:
                continue
            names += [target.id for node in body if isinstance(node, ast.Assign) for target in node.targets
                      if isinstance(target, ast.Name)]
    return names
