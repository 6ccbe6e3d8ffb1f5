"""Writing products: whole or not at all, and where the run that writes them belongs.

A name is relative to the project root (``data/processed/ranking.csv``). Inside the build, each step runs
with the root set to its own workspace, and the build moves what it wrote into place once the whole step
has succeeded. A run outside the build (JupyterLab, papermill's command line, the one-off runner) has a
folder of its own under ``runs/``: :func:`redirect` sends every write there, and from then on this process
may not write, rename or delete anything in the build's folders (data/processed, figures, build, reports).

Every file is written to a temporary file beside its destination and renamed into place, so a reader sees
the old file or the new one, never half of one.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from police_breaches.core import paths

_UMASK = os.umask(0)
os.umask(_UMASK)

_run_folder: Path | None = None
_build = False


def building() -> None:
    """This process is the build's (and so are the steps it forks): it may write the build's folders."""
    global _build
    _build = True


def destination(name: Path | str) -> Path:
    """Where a product named ``name`` is written by this process: in a run outside the build, its run folder;
    in the build, the project (a step's workspace). Anything else may not write the build's folders: a
    notebook whose first cell (session.begin) has not run yet, say."""
    path = paths.at(name)  # an absolute path stays as it is
    if _run_folder is None:
        inside = path.is_relative_to(paths.root()) and paths.is_product(path.relative_to(paths.root()))
        if inside and not (_build or os.environ.get(paths.STEP_VARIABLE)):
            raise PermissionError(f"{paths.shown(path)} belongs to the build: run the notebook's first cell (the one "
                                  "that calls begin) before the others, so that what it writes goes to its run folder")
        return path
    if path.is_relative_to(_run_folder) or not path.is_relative_to(paths.root()):
        return path
    return _run_folder / path.relative_to(paths.root())


def link(name: Path | str, depth: int = 1) -> str:
    """A link to the product ``name`` from a page ``depth`` folders below the root (build/ and reports/: 1; a
    force page: 2): in a run outside the build, to the run's own copy."""
    path = destination(name)
    return "../" * depth + (path.relative_to(paths.root()).as_posix() if path.is_relative_to(paths.root()) else str(path))


@contextlib.contextmanager
def atomic_path(name: Path | str) -> Iterator[Path]:
    """Yield a temporary path beside where ``name`` goes; move it there only if the block succeeds."""
    path = destination(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp makes files private; products are ordinary files
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


# Each writer returns the name it was given, which is how the product is named in what the notebook shows.

def write_text(name: Path | str, text: str) -> Path:
    with atomic_path(name) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return Path(name)


def write_bytes(name: Path | str, data: bytes) -> Path:
    with atomic_path(name) as tmp:
        tmp.write_bytes(data)
    return Path(name)


def write_csv(frame, name: Path | str) -> Path:
    """Write a table the same way every time: UTF-8, ``\\n`` line ends, no index, blanks for missing, and a
    column of whole numbers as integers (a count with a gap in it is 163, not 163.0)."""
    with atomic_path(name) as tmp:
        whole_numbers(frame).to_csv(tmp, index=False, lineterminator="\n", encoding="utf-8")
    return Path(name)


def whole_numbers(frame):
    """``frame`` with each float column whose values are all whole numbers as nullable integers."""
    import pandas as pd

    whole = [c for c in frame.columns if pd.api.types.is_float_dtype(frame[c]) and frame[c].notna().any()
             and (frame[c].dropna() % 1 == 0).all() and frame[c].abs().max() < 2 ** 53]
    return frame.astype({c: "Int64" for c in whole}) if whole else frame


def move(source: Path, target: Path) -> None:
    """Rename ``source`` to ``target`` atomically, also when they are on different filesystems (a Docker
    volume, say): then the file is copied beside ``target`` first and renamed from there."""
    try:
        os.replace(source, target)
    except OSError as err:
        if err.errno != errno.EXDEV:
            raise
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        os.close(fd)
        try:
            shutil.copy2(source, tmp)
            os.replace(tmp, target)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
        os.unlink(source)


# --------------------------------------------------------------------------- runs outside the build

def redirect(folder: Path) -> None:
    """Send this process's writes to ``folder`` (mirroring the project's layout) and guard the build's folders."""
    global _run_folder
    _run_folder = Path(folder).absolute()
    if not getattr(_guard, "installed", False):
        sys.addaudithook(_guard)  # once per process: a hook cannot be removed, so it checks _run_folder
        _guard.installed = True


def run_folder() -> Path | None:
    """The folder this process's run writes to (None inside the build, or before a notebook's first cell)."""
    return _run_folder


WRITING = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
# Each audit event that changes a path: (where the path is, where the directory it is relative to is, if any).
_CHANGING = {"os.rename": ((0, 2), (1, 3)), "os.remove": ((0, 1),), "os.rmdir": ((0, 1),), "os.truncate": ((0, None),),
             "os.mkdir": ((0, 2),), "shutil.rmtree": ((0, 1),), "os.link": ((0, 2), (1, 3)), "os.symlink": ((1, 2),),
             "os.chmod": ((0, 2),), "os.utime": ((0, 3),)}


def _guard(event: str, args: tuple) -> None:
    if _run_folder is None:
        return
    if event == "open":
        path, mode, flags = args
        writing = bool(set(mode) & set("wax+")) if isinstance(mode, str) else bool((flags or 0) & WRITING)
        targets = [path] if writing else []
    else:
        targets = [_joined(args[i], args[d] if d is not None and d < len(args) else None)
                   for i, d in _CHANGING.get(event, ())]
    for target in targets:
        if isinstance(target, (str, bytes, os.PathLike)):
            _refuse_if_shared(os.path.abspath(os.fsdecode(target)))


def _joined(path, dir_fd):
    """A path given relative to a directory descriptor (shutil.rmtree's way), as the path it names (Linux)."""
    if not isinstance(dir_fd, int) or dir_fd < 0 or not isinstance(path, (str, bytes, os.PathLike)):
        return path
    try:
        return os.path.join(os.readlink(f"/proc/self/fd/{dir_fd}"), os.fsdecode(path))
    except OSError:
        return path


def _refuse_if_shared(path: str) -> None:
    """Refuse a change to a file in the build's folders, named as written or as it resolves (a folder of the
    build may be a symlink to a volume elsewhere). A guard against mistakes, not a sandbox: a subprocess,
    native code or a directory descriptor is not seen (the build's own steps need no guard: see workspace.py)."""
    for top, candidate in ((paths.root().absolute(), Path(os.path.abspath(path))),
                           (paths.root().resolve(), Path(os.path.realpath(path)))):
        if candidate.is_relative_to(_run_folder) or candidate.is_relative_to(_run_folder.resolve()) \
                or not candidate.is_relative_to(top):
            continue
        relative = candidate.relative_to(top)
        if paths.is_product(relative):
            raise PermissionError(f"{relative.as_posix()} belongs to the build: a run outside the build writes to "
                                  f"{paths.shown(_run_folder)}/ (write with police_breaches.core.outputs), and only "
                                  "`make report` changes the shared outputs")


def sha256_of(path: Path) -> str:
    """A file's sha256, as the manifest and the build record give it."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def source(name: Path | str) -> Path:
    """Where a product named ``name`` is read from: in a run outside the build that wrote its own copy (a run
    that recomputed the facts with other project parameters, say), that copy; otherwise the project's."""
    if _run_folder is not None:
        own = destination(name)
        if own.exists():
            return own
    return paths.at(name)
