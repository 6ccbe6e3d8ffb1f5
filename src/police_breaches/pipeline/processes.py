"""Every process a step starts ends with the step, whatever session or process group it put itself in.

A step's process becomes a *subreaper* (Linux's ``PR_SET_CHILD_SUBREAPER``): a process it started that
outlives its own parent, even one that left for a new session (``setsid``), becomes its child instead of
the system's. When the step's work is done, :func:`end_descendants` ends what is left, its descendants with
it, and says what they were (the build prints "ended 1 process the step left running: bash -c …").

That is a warning, not a failure: the step's outputs are collected only after its process has ended, so
nothing a left-over process would have written later can reach them. It is a failure when a left-over
process still had one of the step's files open for writing: that output could be incomplete. The build's
own process is a subreaper too, for the processes of a step whose process was killed before it could end
them (:func:`end_children`). Where there is no ``/proc`` (another system), there is nothing to end here.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
from pathlib import Path

_PR_SET_CHILD_SUBREAPER = 36


def become_subreaper() -> bool:
    if sys.platform != "linux":
        return False
    return ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0


def children(pid: int) -> list[int]:
    """A process's children, from ``/proc/<pid>/task/*/children``."""
    found = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as handle:
                found += [int(child) for child in handle.read().split()]
    except OSError:
        pass
    return found


def descendants(pid: int) -> list[int]:
    found, todo = [], children(pid)
    while todo:
        child = todo.pop(0)
        found.append(child)
        todo += children(child)
    return found


def described(pid: int) -> str:
    """A process as ``ps`` shows it: its command line, shortened."""
    try:
        words = Path(f"/proc/{pid}/cmdline").read_bytes().rstrip(b"\0").split(b"\0")
    except OSError:
        return f"process {pid}"
    text = " ".join(word.decode("utf-8", "replace") for word in words) or f"process {pid}"
    return text if len(text) <= 80 else text[:79] + "…"


def ended(described: list[str], how: str) -> str:
    """'ended 1 process the step left running: bash -c …' (``how``: 'the step left running'); the same
    command twice is counted, not repeated."""
    counts: dict[str, int] = {}
    for text in described:
        counts[text] = counts.get(text, 0) + 1
    each = ", ".join(text + (f" (×{n})" if n > 1 else "") for text, n in counts.items())
    return f"ended {len(described)} process{'es' if len(described) > 1 else ''} {how}: {each}"


def writing_into(pid: int, folder: Path) -> list[str]:
    """The files under ``folder`` that process ``pid`` has open for writing."""
    found = []
    try:
        descriptors = os.listdir(f"/proc/{pid}/fd")
    except OSError:
        return found
    for fd in descriptors:
        try:
            target = os.readlink(f"/proc/{pid}/fd/{fd}")
            flags = int(Path(f"/proc/{pid}/fdinfo/{fd}").read_text().split("flags:")[1].split()[0], 8)
        except (OSError, IndexError, ValueError):
            continue
        if flags & (os.O_WRONLY | os.O_RDWR) and Path(target).is_relative_to(folder):
            found.append(Path(target).relative_to(folder).as_posix())
    return found


def end_descendants(within: Path | None = None) -> tuple[list[str], list[str]]:
    """End every process this one started that is still running, and theirs: what they were, and the files
    under ``within`` any of them had open for writing."""
    return _end(lambda: descendants(os.getpid()), within)


def end_children(keep: set[int]) -> list[str]:
    """In the build's process: end its children that are not running steps (the processes of a step that was
    killed, adopted by the build), and their descendants."""
    def left() -> list[int]:
        return [pid for child in children(os.getpid()) if child not in keep for pid in (child, *descendants(child))]

    return _end(left)[0]


def _end(find, within: Path | None = None) -> tuple[list[str], list[str]]:
    ended: dict[int, str] = {}
    writing: set[str] = set()
    for _ in range(100):  # a process may start another while it is being ended: until none is left
        found = find()
        if not found:
            break
        for pid in found:
            if pid not in ended and _running(pid):
                ended[pid] = described(pid)
                writing |= set(writing_into(pid, within)) if within else set()
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        for pid in found:  # this process's children; the others become its children as their parents end
            try:
                os.waitpid(pid, 0)
            except ChildProcessError:
                pass
    return list(ended.values()), sorted(writing)


def _running(pid: int) -> bool:
    """Not a process that has already finished and waits only to be reaped (a zombie)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False
