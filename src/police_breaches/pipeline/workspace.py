"""A step's workspace: a private copy of exactly what it reads, where it also writes.

Each step runs with the project root set to a fresh folder holding a copy of each file it reads (its
sources and the products of the steps it reads from; symlinks stay symlinks) and empty product folders,
beside a private temporary folder. Both live in ``build/stage/<step>-<random>/`` (``project/`` and ``tmp/``;
:func:`stage`), are removed when the step ends, and all of ``build/stage`` by the next build and by ``make
clean``. What is not copied does not exist for the step; the operating system keeps it from everything else
(sandbox.py). What it writes there is its output; a step reads back what it wrote itself. Once the step has
succeeded, its outputs move into place together (:func:`commit`), a rename each (the same filesystem).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from police_breaches.core import paths
from police_breaches.core.outputs import move, sha256_of


def stage(root: Path) -> Path:
    """Where one checkout's workspaces are made."""
    return Path(root) / paths.BUILD / "stage"


@dataclass(frozen=True)
class Place:
    """A step's folder in the stage: its workspace (the project root it sees) and its temporary folder."""

    folder: Path

    @property
    def root(self) -> Path:
        return self.folder / "project"

    @property
    def temporary(self) -> Path:
        return self.folder / "tmp"


@dataclass
class Copied:
    """What was copied into a workspace: each file's identity (its sha256, or where a symlink points), to check
    afterwards that the step left it alone, and its content, read once, for its fingerprint."""

    identities: dict[str, str]
    contents: dict[str, bytes]


def prepare(root: Path, step: str, reads: list[str]) -> tuple[Place, Copied]:
    """A new workspace for ``step`` holding a copy of each file in ``reads`` that exists."""
    stage(root).mkdir(parents=True, exist_ok=True)
    place = Place(Path(tempfile.mkdtemp(prefix=f"{step.replace('/', '-')}-", dir=stage(root))))
    workspace = place.root
    copied = Copied({}, {})
    folders = {str(workspace / folder) for folder in paths.PRODUCTS} | {str(place.temporary)}
    for folder in folders:
        os.makedirs(folder)
    for name in reads:
        source, target = os.path.join(root, name), os.path.join(workspace, name)
        if os.path.islink(source):
            link = os.readlink(source)
            _folder(os.path.dirname(target), folders)
            os.symlink(link, target)
            copied.identities[name] = f"symlink:{link}"
        elif os.path.isfile(source):
            with open(source, "rb") as handle:
                data = handle.read()
            _folder(os.path.dirname(target), folders)
            with open(target, "wb") as handle:
                handle.write(data)
            copied.identities[name] = hashlib.sha256(data).hexdigest()
            copied.contents[name] = data
    return place, copied


def _folder(folder: str, made: set[str]) -> None:
    if folder not in made:
        os.makedirs(folder, exist_ok=True)
        made.add(folder)


def _identity(path: Path) -> str:
    return f"symlink:{os.readlink(path)}" if path.is_symlink() else sha256_of(path)


def written(workspace: Path, copied: Copied, unchangeable=lambda name: False) -> tuple[dict[str, str], list[str]]:
    """What the step wrote (name → sha256), and what it did that a step may not: change or remove a file it
    read, or write outside the build's folders. ``unchangeable(name)``: a file the sandbox kept the step from
    changing (a source, in a folder it may only read), which needs no second look."""
    outputs, problems = {}, []
    for name, identity in copied.identities.items():
        if unchangeable(name):
            continue
        path = workspace / name
        if not (path.is_symlink() or path.exists()):
            problems.append(f"removed {name}, which it reads")
        elif _identity(path) != identity:
            problems.append(f"changed {name}, which it reads: a step writes only its own outputs")
    for top, folders, files in os.walk(workspace):
        for file in sorted(files) + [f for f in folders if os.path.islink(os.path.join(top, f))]:
            path = Path(top, file)
            name = path.relative_to(workspace).as_posix()
            if name in copied.identities or _unfinished(path):
                continue
            if not paths.is_product(name) or path.is_symlink():
                problems.append(f"wrote {name}, outside the build's folders (data/processed, figures, build, reports)"
                                if not paths.is_product(name) else f"made {name} a symlink; outputs are files")
                continue
            outputs[name] = sha256_of(path)
    return dict(sorted(outputs.items())), sorted(problems, key=lambda p: p.startswith("wrote"))


def _unfinished(path: Path) -> bool:
    """A temporary file of a write that did not finish (see outputs.atomic_path)."""
    return path.name.startswith(".") and path.name.endswith(".tmp")


def commit(workspace: Path, root: Path, names: list[str]) -> None:
    """Move the step's outputs into place together: if one cannot be moved, the ones moved are put back.

    Each move is an atomic rename (a copy and a rename across filesystems); files they replace are kept
    aside until every move has succeeded.
    """
    aside = Path(tempfile.mkdtemp(prefix=".previous-", dir=workspace))
    moved: list[str] = []
    try:
        for name in names:
            target = Path(root) / name
            if target.is_dir() and not target.is_symlink():
                raise IsADirectoryError(f"{name} is a folder, where the build writes a file")
            target.parent.mkdir(parents=True, exist_ok=True)
            if target.exists() or target.is_symlink():
                (aside / name).parent.mkdir(parents=True, exist_ok=True)
                move(target, aside / name)
            move(workspace / name, target)
            moved.append(name)
    except OSError:
        for name in reversed(moved):
            move(Path(root) / name, workspace / name)
        for kept in sorted(aside.rglob("*")):
            if kept.is_file():
                move(kept, Path(root) / kept.relative_to(aside))
        raise


def discard(place: Place) -> None:
    shutil.rmtree(place.folder, ignore_errors=True)
