"""What a step's process may touch, and the operating system holding it to that (Linux: Landlock, seccomp).

A step may **read** its workspace, its private temporary folder, the environment's own files (Python, its
prefixes and libraries, the system's libraries and programs, ``/etc``, ``/proc`` and ``/sys``, the fonts
matplotlib can choose, the build's font cache) and the package's code (``src/police_breaches``, not the rest of
the checkout). It may **write** only the build's folders of its workspace (``data/processed``, ``figures``,
``build``, ``reports``) and its temporary folder, and use ``/dev/null``, ``/dev/zero`` and the random devices.

:func:`confine` makes that the process's only world, for it and every process it starts, before the step's
code runs: Landlock (Linux 5.13 or later; unprivileged, through its three system calls) refuses every other
path, by any route (a symlink, ``/proc/self/root``, ``/proc/<pid>/cwd``, a subprocess, native code), and,
where the kernel's Landlock has them (ABI 4 and 6), every TCP connection or listening port, connections to
abstract Unix sockets and signals to processes outside the step. A seccomp filter refuses the network
sockets Landlock does not cover (UDP, raw) and System V shared memory, semaphores and message queues.
Devices cannot be made, and no file can be linked from a place the step may only read into one it may write.

Left to the operating system's rules: a path's existence, size and times (``stat``) and a file's permissions
and times (``chmod``, ``utime``) are not governed by Landlock up to ABI 7; connecting to a named Unix socket
is not either.
"""

from __future__ import annotations

import ctypes
import os
import platform
import stat
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from police_breaches.core import paths
from police_breaches.pipeline.fingerprints import FONT_CACHE

# Landlock's system calls (create_ruleset, add_rule, restrict_self) share one number on every architecture
# that gained them after Linux unified its numbering (5.13): x86-64, aarch64, arm, riscv64, ppc64le, s390x.
_LANDLOCK = {machine: 444 for machine in ("x86_64", "aarch64", "arm64", "armv7l", "riscv64", "ppc64le", "s390x")}
_PR_SET_NO_NEW_PRIVS, _PR_SET_SECCOMP, _SECCOMP_MODE_FILTER = 38, 22, 2

# Landlock's access rights (linux/landlock.h), by the ABI version that introduced them.
_READ = 1 << 0 | 1 << 2 | 1 << 3  # execute, read a file, read a folder
_WRITE = (1 << 1 | 1 << 4 | 1 << 5 | 1 << 7 | 1 << 8 | 1 << 9 | 1 << 10 | 1 << 12  # write, remove, make dir/file/...
          | 1 << 13 | 1 << 14)  # refer (ABI 2: move within what it may write), truncate (ABI 3)
_DEVICE = 1 << 1 | 1 << 2  # read and write a device file (never make one: 1 << 6 and 1 << 11 are not granted)
_FILE_ONLY = 1 << 0 | 1 << 1 | 1 << 2 | 1 << 14 | 1 << 15  # the rights a rule on a file (not a folder) may carry
_FS_BY_ABI = {1: (1 << 13) - 1, 2: (1 << 14) - 1, 3: (1 << 15) - 1, 4: (1 << 15) - 1, 5: (1 << 16) - 1}
_NET_TCP = 1 << 0 | 1 << 1  # bind and connect (ABI 4)
_SCOPE = 1 << 0 | 1 << 1  # abstract Unix sockets and signals (ABI 6)

SYSTEM = ("/usr", "/lib", "/lib64", "/lib32", "/libx32", "/bin", "/sbin", "/etc", "/proc", "/sys", "/nix/store")
DEVICES = ("/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom")


class _RulesetAttr(ctypes.Structure):
    _fields_ = [("handled_access_fs", ctypes.c_uint64), ("handled_access_net", ctypes.c_uint64),
                ("scoped", ctypes.c_uint64)]


class _PathBeneath(ctypes.Structure):
    _pack_ = 1
    _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]


_libc = ctypes.CDLL(None, use_errno=True)


def landlock_abi() -> int:
    """The kernel's Landlock ABI version; 0 where there is none (another system, an old or unconfigured kernel)."""
    number = _LANDLOCK.get(platform.machine())
    if sys.platform != "linux" or number is None:
        return 0
    found = _libc.syscall(number, None, ctypes.c_size_t(0), ctypes.c_uint32(1))  # LANDLOCK_CREATE_RULESET_VERSION
    return max(found, 0)


@dataclass(frozen=True)
class Rules:
    """The folders (or files) a step's process may read, may write, and the devices it may use."""

    reads: tuple[Path, ...]
    writes: tuple[Path, ...]
    devices: tuple[Path, ...] = tuple(Path(d) for d in DEVICES)

    def allows(self, path: str, write: bool) -> bool:
        """Whether the rules let the process read (or write) ``path``, which must be absolute and resolved, as
        the operating system judges it: by where the file is, whatever route names it."""
        places = self.writes + self.devices if write else self.reads + self.writes + self.devices
        if _another_process(path):
            return False
        return any(path == str(place) or path.startswith(f"{str(place).rstrip('/')}/") for place in places)


def _another_process(path: str) -> bool:
    """``/proc/<pid>/…`` of a process other than this one: its working folder, root, descriptors or memory
    lead outside the step (Landlock refuses them to a process outside the step's domain)."""
    parts = path.split("/")
    return len(parts) > 3 and parts[1] == "proc" and parts[2].isdigit() and int(parts[2]) != os.getpid()


def rules_for(checkout: Path, workspace: Path, temporary: Path, package: Path, fonts: list[Path]) -> Rules:
    """What a step in ``workspace`` may touch (see the module's docstring). ``package``: the package's code."""
    writes = [workspace / folder for folder in paths.PRODUCTS] + [temporary]
    return Rules(_environment(Path(checkout), package, tuple(fonts)) + (Path(os.path.realpath(workspace)),),
                 tuple(Path(os.path.realpath(place)) for place in writes))


@lru_cache(maxsize=4)
def _environment(checkout: Path, package: Path, fonts: tuple[Path, ...]) -> tuple[Path, ...]:
    """What every step may read but its workspace: the same for all of a build's steps."""
    checkout = Path(os.path.realpath(checkout))
    environment = {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix}
    # Libraries on the path outside the checkout (the environment's site-packages, wherever it is); inside it,
    # only the environment (a .venv in the checkout) and the package itself.
    environment |= {entry for entry in sys.path if entry and not Path(os.path.realpath(entry)).is_relative_to(checkout)}
    reads = [*SYSTEM, *environment, package, *fonts, checkout / FONT_CACHE]
    return tuple(sorted({Path(os.path.realpath(place)) for place in reads if os.path.exists(place)}))


def confine(rules: Rules, abi: int) -> None:
    """Restrict this process, and every process it starts, to ``rules``: for good, from now on."""
    if _libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0):
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_NO_NEW_PRIVS) failed")
    _landlock(rules, abi)
    _seccomp()


def _landlock(rules: Rules, abi: int) -> None:
    number = _LANDLOCK[platform.machine()]
    handled = _FS_BY_ABI[min(abi, 5)]
    attribute = _RulesetAttr(handled, _NET_TCP if abi >= 4 else 0, _SCOPE if abi >= 6 else 0)
    size = ctypes.sizeof(attribute) if abi >= 6 else 16 if abi >= 4 else 8
    ruleset = _libc.syscall(number, ctypes.byref(attribute), ctypes.c_size_t(size), ctypes.c_uint32(0))
    if ruleset < 0:
        raise OSError(ctypes.get_errno(), "landlock_create_ruleset failed")
    try:
        for places, access in ((rules.reads, _READ), (rules.writes, _READ | _WRITE), (rules.devices, _DEVICE)):
            for place in places:
                _allow(number, ruleset, place, access & handled)
        if _libc.syscall(number + 2, ruleset, ctypes.c_uint32(0)):
            raise OSError(ctypes.get_errno(), "landlock_restrict_self failed")
    finally:
        os.close(ruleset)


def _allow(number: int, ruleset: int, place: Path, access: int) -> None:
    try:
        fd = os.open(place, os.O_PATH | os.O_CLOEXEC)
    except OSError:
        return  # a place that does not exist needs no rule
    try:
        if not stat.S_ISDIR(os.fstat(fd).st_mode):
            access &= _FILE_ONLY
        beneath = _PathBeneath(access, fd)
        if _libc.syscall(number + 1, ruleset, ctypes.c_int(1), ctypes.byref(beneath), ctypes.c_uint32(0)):
            raise OSError(ctypes.get_errno(), f"landlock_add_rule failed for {place}")
    finally:
        os.close(fd)


# --------------------------------------------------------------------------- seccomp: what Landlock leaves open

# (audit architecture, socket, shmget, semget, msgget, io_uring_setup) per machine; AF_UNIX is 1 everywhere.
_SECCOMP = {"x86_64": (0xC000003E, 41, 29, 64, 68, 425), "aarch64": (0xC00000B7, 198, 194, 190, 186, 425)}


def _seccomp() -> None:
    """Refuse (EACCES) a socket of any family but AF_UNIX, and System V IPC and io_uring (which could reach
    the network or another process's memory around the rules), and the calls of another architecture's ABI.
    Where the machine is not known, Landlock alone."""
    known = _SECCOMP.get(platform.machine())
    if known is None:
        return
    arch, socket, *refused = known
    load, equal, at_least, ret, alu_and = 0x20, 0x15, 0x35, 0x06, 0x54  # BPF_LD|W|ABS, JMP|JEQ|K, JMP|JGE|K, RET|K, ALU|AND|K
    allow, deny = 0x7FFF0000, 0x00050000 | 13  # SECCOMP_RET_ALLOW, SECCOMP_RET_ERRNO | EACCES
    # Labels: each jump names where it goes, resolved into offsets below.
    program = [(load, None, None, 4), (equal, "number", "deny", arch),  # another architecture's calls: refused
               ("number", load, None, None, 0), (at_least, "deny", None, 0x40000000)]  # x32's calls: refused
    program += [(equal, "deny", None, number) for number in refused]
    # socket(family, type, …): a Unix socket, a netlink one (how the C library lists network interfaces), or a
    # TCP one, which Landlock refuses to bind or connect (ZMQ and ipykernel make one and must be told no there,
    # not fail to make it); no other (UDP, raw, packet …).
    program += [(equal, None, "allow", socket), (load, None, None, 16), (equal, "allow", None, 1),  # AF_UNIX
                (equal, "allow", None, 16), (equal, "stream", None, 2), (equal, "stream", "deny", 10),  # NETLINK, INET(6)
                ("stream", load, None, None, 24), (alu_and, None, None, 0xF), (equal, "allow", "deny", 1),  # SOCK_STREAM
                ("deny", ret, None, None, deny), ("allow", ret, None, None, allow)]
    labels = {instruction[0]: index for index, instruction in enumerate(program) if isinstance(instruction[0], str)}
    program = [instruction[1:] if isinstance(instruction[0], str) else instruction for instruction in program]

    def offset(index: int, label) -> int:
        return 0 if label is None else labels[label] - index - 1

    program = [(code, offset(i, jt), offset(i, jf), k) for i, (code, jt, jf, k) in enumerate(program)]
    filters = (_SockFilter * len(program))(*(_SockFilter(*instruction) for instruction in program))
    fprog = _SockFprog(len(program), filters)
    if _libc.prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.byref(fprog), 0, 0):
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_SECCOMP) failed")


class _SockFilter(ctypes.Structure):
    _fields_ = [("code", ctypes.c_uint16), ("jt", ctypes.c_uint8), ("jf", ctypes.c_uint8), ("k", ctypes.c_uint32)]


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(_SockFilter))]
