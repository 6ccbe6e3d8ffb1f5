"""What a step tried to touch that it may not, said in one line: the step, the path and the rule.

The operating system refuses the access (see sandbox.py); this says why, from what the step's Python asked
for (an audit hook sees every ``open``, folder listing, rename and removal, and every subprocess started):

    03_west_midlands_2016 read <checkout>/data/processed/chart_rankings.csv: a step reads only what pipeline.py declares for it

A step that tried such an access fails, even if its code caught the error and went on: its outputs would
differ from a run in JupyterLab, where the access succeeds. A refusal met by a subprocess or native code
cannot be seen as it happens; when the step fails, the paths its subprocesses were given and the paths its
error names are judged by the same rules, so the failure still names the path and the rule.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

from police_breaches.core import paths
from police_breaches.pipeline.sandbox import Rules

_WRITING = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
# Audit events that change a path: the position of each path they change, with that of the descriptor of the
# folder it is relative to (shutil.rmtree, for one, removes by name within an open folder).
_CHANGING = {"os.rename": ((0, 2), (1, 3)), "os.remove": ((0, 1),), "os.rmdir": ((0, 1),), "os.mkdir": ((0, 2),),
             "os.link": ((1, 3),), "os.symlink": ((1, 2),), "os.truncate": ((0, None),), "os.mkfifo": ((0, 2),),
             "os.mknod": ((0, 3),)}
_READING = {"os.listdir": 0, "os.scandir": 0, "shutil.copyfile": 0, "shutil.copytree": 0, "os.link": 0}
_NAMED_IN_ERROR = re.compile(r"(?:Permission denied|No such file or directory|Read-only file system)[^'\"]*['\"]([^'\"]+)['\"]")


class Accesses:
    """The paths a step's process opened, listed, changed or gave to a subprocess, as they happened."""

    def __init__(self, rules: Rules | None, workspace: Path, checkout: Path):
        self.rules, self.workspace, self.checkout = rules, Path(workspace), Path(checkout)
        self.seen: list[tuple[str, str, bool]] = []  # (read | write, absolute path, whether it existed then)
        self.started: list[tuple[str, str]] = []  # (a path given to a subprocess or native code, how)
        self.network: list[str] = []  # addresses it tried to reach
        self.watching = False

    def watch(self) -> None:
        """Record from now on (an audit hook cannot be removed: :meth:`stop` ends the recording)."""
        self.watching = True
        sys.addaudithook(self._hook)

    def stop(self) -> None:
        self.watching = False

    # complexity: one branch per kind of audit event that shows an access; the hook sees every event and sorts them
    def _hook(self, event: str, args: tuple) -> None:
        if not self.watching:
            return
        if event == "open":
            path, mode, flags = args
            writing = bool(set(mode) & set("wax+")) if isinstance(mode, str) else bool((flags or 0) & _WRITING)
            self._note("write" if writing else "read", path)
        if event in _READING:  # (a link reads its source and writes its name: both)
            self._note("read", args[_READING[event]])
        if event in _CHANGING:
            for index, folder in _CHANGING[event]:
                if event == "os.mkdir" and isinstance(args[0], (str, bytes, os.PathLike)) and os.path.isdir(args[0]):
                    continue  # makedirs(…, exist_ok=True) of a folder that is there changes nothing
                self._note("write", args[index], args[folder] if folder is not None else None)
        if event == "subprocess.Popen":
            arguments = args[1]
            words = [arguments] if isinstance(arguments, (str, bytes)) else list(arguments or [])
            how = " ".join(os.fsdecode(w) for w in words if isinstance(w, (str, bytes, os.PathLike)))[:80]
            self.started += [(os.fsdecode(w), how) for w in words if isinstance(w, (str, bytes)) and _looks_like_a_path(w)]
        elif event == "socket.getaddrinfo" or (event == "socket.connect" and isinstance(args[1], tuple)):
            host, port = (args[0], args[1]) if event == "socket.getaddrinfo" else args[1][:2]
            self.network.append(f"{host}:{port}")
        elif event == "ctypes.call_function":
            self.started += [(os.fsdecode(a), "native code") for a in args[1] if isinstance(a, bytes) and _looks_like_a_path(a)]

    def _note(self, kind: str, path, folder: int | None = None) -> None:
        if not isinstance(path, (str, bytes, os.PathLike)) or os.fsdecode(path).startswith("@"):
            return  # a descriptor, or the name of an abstract socket: no path
        path = os.fsdecode(path)
        if isinstance(folder, int) and not os.path.isabs(path):
            try:
                path = os.path.join(os.readlink(f"/proc/self/fd/{folder}"), path)
            except OSError:
                return
        self.seen.append((kind, os.path.abspath(path), kind == "write" or os.path.lexists(path)))

    # ----------------------------------------------------------------------- judged after the step's work

    def refused(self, step: str, writer_of, failure: str | None = None) -> str | None:
        """The one line naming what the step tried that it may not; None if it tried nothing of the kind.
        ``writer_of(name)``: the step that writes a build product, for a read the step did not declare;
        ``failure``: the step's error, if it failed (then subprocesses' paths and the paths the error names
        are judged too)."""
        found = [line for kind, path, existed in dict.fromkeys(self.seen)
                 if (line := self._judge(step, kind, path, writer_of, existed=existed))]
        if self.rules is not None:
            found += [f"{step} reached for the network ({address}): a step has none; it reads only what pipeline.py "
                      "declares for it" for address in dict.fromkeys(self.network)]
        if not found and failure:
            named = [(path, "") for path in _NAMED_IN_ERROR.findall(failure)]
            for path, how in [*named, *self.started]:
                path = os.path.abspath(os.path.join(self.workspace, path))
                line = self._judge(step, "read", path, writer_of, how) or (
                    self._judge(step, "write", path, writer_of, how) if not how and not os.path.lexists(path) else None)
                if line:
                    found.append(line)
                    break
        if not found:
            return None
        mentioned = [line for line in found if failure and _path_of(line) in failure]
        first = (mentioned or found)[0]
        return first + (f" (and {len(found) - 1} more such access{'es' if len(found) > 2 else ''})" if len(found) > 1 else "")

    def _judge(self, step: str, kind: str, path: str, writer_of, how: str = "", existed: bool = False) -> str | None:
        try:
            real = os.path.realpath(path)
        except OSError:  # a link the sandbox keeps it from reading (/proc/<pid>/cwd of another process)
            real = path
        inside = _relative(real, self.workspace) if not path.startswith("/proc/") else None
        by = f" (in {how})" if how else ""
        if inside is not None:
            checkout_copy = self.checkout / inside
            if kind == "write" and not paths.is_product(inside):
                return (f"{step} wrote {inside}{by}, outside the build's folders: a step writes only into "
                        "data/processed, figures, build and reports")
            if kind == "read" and not existed and not os.path.lexists(real) and checkout_copy.is_file():
                if paths.is_product(inside):
                    return (f"{step} read {inside}{by}, which no step it depends on wrote: name {writer_of(inside)} "
                            "among what it reads in pipeline.py (no output was changed)")
                return f"{step} read {inside}{by}, which it does not declare: a step reads only what pipeline.py declares for it"
            return None
        if self.rules is None or self.rules.allows(real, write=kind == "write"):
            return None  # without a sandbox (rules None), only what a step does in its workspace is judged
        shown = self._shown(real if not real.startswith("/proc/") else path)
        if kind == "write":
            return (f"{step} wrote {shown}{by}: a step writes only its outputs, in its workspace, and temporary files, "
                    "in its own temporary folder ($TMPDIR)")
        return f"{step} read {shown}{by}: a step reads only what pipeline.py declares for it"

    def _shown(self, path: str) -> str:
        inside = _relative(path, Path(os.path.realpath(self.checkout)))
        return f"<checkout>/{inside}" if inside is not None else path


def _relative(path: str, folder: Path) -> str | None:
    try:
        return Path(path).relative_to(folder).as_posix()
    except ValueError:
        return None


def _looks_like_a_path(word) -> bool:
    text = os.fsdecode(word)
    return "/" in text and "\n" not in text and len(text) < 4096


def _path_of(line: str) -> str:
    """The path a line names (the word after 'read' or 'wrote'), as it might appear in an error message."""
    words = line.split(" ")
    return words[2].rstrip(",:").removeprefix("<checkout>/") if len(words) > 2 else line
