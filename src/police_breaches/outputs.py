"""Writing build products: atomically, and staged so that a step's outputs change together or not at all.

Every file is written to a temporary file and renamed into place: a rename is atomic, so a file either
exists whole or not at all. While a step runs, its files go to a staging folder instead (named by
``$POLICE_BREACHES_STAGE``, so a notebook in its own kernel stages too); the runner moves them into place
only when the whole step has succeeded. A failed step leaves the previous complete set of outputs.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import Iterator

STAGE_VARIABLE = "POLICE_BREACHES_STAGE"

_UMASK = os.umask(0)
os.umask(_UMASK)


def staged(path: Path | str) -> Path:
    """Where ``path`` (relative to the project root, the working directory) is written while a step runs."""
    stage = os.environ.get(STAGE_VARIABLE)
    path = Path(path)
    if not stage:
        return path
    absolute = path if path.is_absolute() else Path.cwd() / path
    relative = Path(os.path.relpath(absolute, Path.cwd()))
    if relative.parts[:1] == ("..",):
        raise ValueError(f"{path}: a step may only write inside the project")
    return Path(stage) / relative


@contextlib.contextmanager
def atomic_path(path: Path | str, cache: bool = False) -> Iterator[Path]:
    """Yield a temporary path beside where ``path`` goes; move it there only if the block succeeds.

    ``cache``: a file the build keeps for itself (a converted notebook, the kernel spec), not a step's
    output, so written in place rather than staged; whole, since steps running side by side may read it.
    """
    path = Path(path) if cache else staged(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp makes files private; build products are ordinary files
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def write_text(path: Path | str, text: str) -> Path:
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return Path(path)


def write_bytes(path: Path | str, data: bytes, cache: bool = False) -> Path:
    with atomic_path(path, cache) as tmp:
        tmp.write_bytes(data)
    return Path(path)


def write_csv(frame, path: Path | str) -> Path:
    """Write a table the same way every time: UTF-8, ``\\n`` line ends, no index, blanks for missing."""
    with atomic_path(path) as tmp:
        frame.to_csv(tmp, index=False, lineterminator="\n", encoding="utf-8")
    return Path(path)


@contextlib.contextmanager
def staging(folder: Path) -> Iterator[Path]:
    """Send every write made inside the block to ``folder``, mirroring the project's layout."""
    previous = os.environ.get(STAGE_VARIABLE)
    os.environ[STAGE_VARIABLE] = str(Path(folder).resolve())
    try:
        yield Path(folder)
    finally:
        if previous is None:
            os.environ.pop(STAGE_VARIABLE, None)
        else:
            os.environ[STAGE_VARIABLE] = previous


def staged_files(folder: Path) -> list[Path]:
    """The files a step wrote, relative to the project root (temporaries of an interrupted write excluded)."""
    folder = Path(folder)
    return sorted(p.relative_to(folder) for p in folder.rglob("*") if p.is_file() and not p.name.endswith(".tmp"))


def commit(folder: Path, destination: Path, files: list[Path]) -> None:
    """Move staged files into place together: if one cannot be moved, the ones moved are put back.

    Each move is an atomic rename; files they replace are kept aside until every move has succeeded.
    """
    folder, destination = Path(folder), Path(destination)
    aside = Path(tempfile.mkdtemp(prefix=".previous-", dir=folder))
    moved: list[Path] = []
    try:
        for relative in files:
            target = destination / relative
            if target.is_dir() and not target.is_symlink():
                raise IsADirectoryError(f"{target} is a folder, where the build writes a file")
            target.parent.mkdir(parents=True, exist_ok=True)
            if target.exists():
                (aside / relative).parent.mkdir(parents=True, exist_ok=True)
                os.replace(target, aside / relative)
            os.replace(folder / relative, target)
            moved.append(relative)
    except OSError:
        for relative in reversed(moved):
            os.replace(destination / relative, folder / relative)
        for kept in sorted(aside.rglob("*")):
            if kept.is_file():
                os.replace(kept, destination / kept.relative_to(aside))
        raise
