"""The code a run outside the build ran, which is not always the notebook on disk.

A researcher edits a cell in JupyterLab and runs it without saving; papermill runs an ``.ipynb`` converted and
changed by hand. A run's folder is named by its parameters and inputs, the notebook file among them; so that
the folder and its ``run.json`` vouch only for code that was run, every cell the kernel runs is compared with
the notebook's cells on disk. Before a cell runs that the file does not hold, the run moves to a folder
named by the code it really runs too, and ``run.json`` lists those cells. A cell that only sets the notebook's
parameters is not code: its values are the run's parameters, already in the name.
"""

from __future__ import annotations

import ast
import hashlib
import json
import shutil
from pathlib import Path

from police_breaches.core import outputs, paths
from police_breaches.core.outputs import write_text
from police_breaches.pipeline.run import REPLACED


class CodeRun:
    def __init__(self, root: Path, notebook: str, folder: Path, parameters: list[str]):
        self.root, self.notebook, self.folder, self.parameters = Path(root), notebook, Path(folder), set(parameters)
        self.base = folder.name.rsplit("-", 1)[-1]
        self.on_disk = {_normal(source) for source in _code_cells(self.root, notebook)}
        self.edited: list[str] = []

    def before_cell(self, info) -> None:
        """IPython's pre_run_cell: note a cell the notebook on disk does not hold, and move the run before it runs
        (so what it writes, and the links it shows, are in the run's final folder)."""
        source = getattr(info, "raw_cell", "") or ""
        if not source.strip() or _normal(source) in self.on_disk or self._only_parameters(source):
            return
        if source in self.edited:
            return
        self.edited.append(source)
        self._move()

    def _only_parameters(self, source: str) -> bool:
        try:
            body = ast.parse(source).body
        except SyntaxError:
            return False
        return all(isinstance(node, ast.Assign) and all(isinstance(t, ast.Name) and t.id in self.parameters
                                                        for t in node.targets) for node in body)

    def _move(self) -> None:
        digest = hashlib.sha256(json.dumps([self.base, self.edited]).encode()).hexdigest()[:10]
        target = self.folder.with_name(f"{self.notebook}-{digest}")
        if target.exists():
            shutil.rmtree(target)
        shutil.move(self.folder, target)
        earlier = self.folder.with_name(self.folder.name + REPLACED)
        if earlier.exists() and not self.folder.exists():  # the run of the unedited code this one replaced
            earlier.rename(self.folder)
        self.folder = target
        outputs.redirect(target)
        record = target / "run.json"
        run = json.loads(record.read_text(encoding="utf-8"))
        run["code"] = {"notebook": f"{paths.NOTEBOOKS.as_posix()}/{self.notebook}.py",
                       "cells_not_in_the_notebook": self.edited,
                       "note": "cells the kernel ran that the notebook on disk does not hold (edited and not saved, "
                               "or added): this run's figures come from them"}
        write_text(record, json.dumps(run, indent=1, ensure_ascii=False) + "\n")
        from IPython.display import Markdown, display

        display(Markdown(f"This cell is not the one in `notebooks/{self.notebook}.py` (edited, and not saved): the run "
                         f"now writes to `{paths.shown(target)}/`, named by the code it runs, and its `run.json` lists "
                         "the cells it ran that the file does not hold."))


def _code_cells(root: Path, notebook: str) -> list[str]:
    import jupytext

    text = (root / paths.NOTEBOOKS / f"{notebook}.py").read_text(encoding="utf-8")
    return [cell.source for cell in jupytext.reads(text, fmt="py:percent").cells if cell.cell_type == "code"]


def _normal(source: str) -> str:
    """A cell's source without what cannot change what it does: trailing spaces and blank lines."""
    return "\n".join(line.rstrip() for line in source.strip().splitlines())


_following: list = []  # the kernel's follower, replaced when the first cell runs again


def watch(root: Path, notebook: str, folder: Path, parameters: list[str]) -> None:
    """From now on, in this kernel, follow the code each cell runs (see the module's docstring)."""
    from IPython import get_ipython

    shell = get_ipython()
    if shell is None:
        return
    for earlier in _following:
        shell.events.unregister("pre_run_cell", earlier)
    _following[:] = [CodeRun(root, notebook, folder, parameters).before_cell]
    shell.events.register("pre_run_cell", _following[0])
