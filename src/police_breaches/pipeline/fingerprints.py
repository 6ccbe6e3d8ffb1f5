"""What a step's fingerprint is made of: each file it reads by what it means, and the environment it runs in.

- A file by content (sha256), except that the package's code is compared by its syntax tree without its
  docstrings (a comment, a blank line or a docstring changes no output: no step's output reads a docstring;
  only command-line help does) and YAML configuration by its data.
- The environment: the Python version, every installed distribution with its version (a new ``highspy``
  reruns every step, as a new ``pandas`` does), and the fonts matplotlib can choose (the project's own font
  cache, ``.cache/matplotlib``, with a digest of each font file it lists).

Reading a file again is avoided where it cannot have changed: a digest is kept with the file's identity
(device, inode, size, modification and change times) in ``.cache/digests.json``. An edit always moves the
change time, which no program can set back, so an edited file is always read again; a file changed within
the last two seconds is not remembered, so that two edits inside one tick of the clock are never confused.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import platform
import re
import sys
import time
from functools import lru_cache
from pathlib import Path

from police_breaches.core import strict_yaml

CODE = Path("src/police_breaches")
# The project's caches: of its environment and its files, not of what it builds, so `make clean` keeps them
# (`make clean-env` removes them with the environment).
CACHE = Path(".cache")
FONT_CACHE = CACHE / "matplotlib"  # MPLCONFIGDIR for every process of the build: the project's own
MEMO = CACHE / "digests.json"
_MEMO_VERSION = "2"  # a new way of computing a digest makes every remembered one obsolete


# --------------------------------------------------------------------------- one file

def digest(path: Path, name: str) -> str:
    """What decides whether a file has changed (see the module's docstring); "missing" if there is none."""
    try:
        data = Path(path).read_bytes()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return "missing"
    return meaning(name, data)


def meaning(name: str, data: bytes) -> str:
    return _meaning(name.endswith(".py") and name.startswith(f"{CODE.as_posix()}/"),
                    name.endswith((".yml", ".yaml")), data)


@lru_cache(maxsize=512)
def _meaning(code: bool, yaml_data: bool, data: bytes) -> str:
    if code:
        try:
            return "ast:" + hashlib.sha256(ast.dump(_without_docstrings(ast.parse(data))).encode()).hexdigest()
        except (SyntaxError, ValueError):
            pass
    if yaml_data:
        try:
            parsed = json.dumps(strict_yaml.load(data.decode("utf-8")), sort_keys=True, default=str)
            return "yaml:" + hashlib.sha256(parsed.encode()).hexdigest()
        except (strict_yaml.YAMLProblem, UnicodeDecodeError):
            pass
    return hashlib.sha256(data).hexdigest()


def _without_docstrings(tree: ast.AST) -> ast.AST:
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
                node.body = node.body[1:] or [ast.Pass()]
    return tree


# --------------------------------------------------------------------------- remembered digests

class Memo:
    """Digests remembered by the identity of the file they were taken from (see the module's docstring)."""

    def __init__(self):
        self.root: Path | None = None
        self.entries: dict[str, str] = {}
        self.changed = False

    def load(self, root: Path) -> None:
        if self.root == Path(root):
            return
        self.root, self.entries, self.changed = Path(root), {}, False
        try:
            found = json.loads((self.root / MEMO).read_text(encoding="utf-8"))
            if isinstance(found, dict) and found.get("version") == _MEMO_VERSION:
                self.entries = {k: v for k, v in found.get("digests", {}).items() if isinstance(v, str)}
        except (OSError, ValueError):
            pass

    def digest(self, path: Path, name: str) -> str:
        """``digest(path, name)``, remembered while the file stays the same file."""
        return self._remembered(path, name, lambda: digest(path, name))

    def sha256(self, path: Path) -> str:
        """The file's sha256 (a build product's, as its record gives it), remembered the same way."""
        from police_breaches.core.outputs import sha256_of

        return self._remembered(path, f"sha256:{path}", lambda: sha256_of(path))

    def _remembered(self, path, name: str, compute) -> str:
        try:
            stat = os.stat(path)
        except OSError:
            return compute()
        key = f"{name}\0{stat.st_dev}:{stat.st_ino}:{stat.st_size}:{stat.st_mtime_ns}:{stat.st_ctime_ns}"
        if key not in self.entries:
            found = compute()
            if time.time_ns() - stat.st_ctime_ns < 2_000_000_000:
                return found
            self.entries[key], self.changed = found, True
        return self.entries[key]

    def passed(self, name: str, digests: str) -> bool:
        """Whether the check ``name`` passed on inputs with these digests (see check.py)."""
        return self.entries.get(f"passed:{name}") == digests

    def remember_passed(self, name: str, digests: str) -> None:
        self.entries[f"passed:{name}"], self.changed = digests, True

    def save(self) -> None:
        """Write what was remembered (whole or not at all)."""
        import tempfile

        if self.changed and self.root:
            names = {key.split("\0")[0]: key for key in self.entries}  # one entry per file: its latest identity
            kept = {key: self.entries[key] for key in names.values()}
            (self.root / CACHE).mkdir(exist_ok=True)
            fd, temporary = tempfile.mkstemp(prefix=".digests-", dir=self.root / CACHE)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump({"version": _MEMO_VERSION, "digests": kept}, handle, sort_keys=True)
            os.replace(temporary, self.root / MEMO)
            self.changed = False


memo = Memo()


def code_digests(root: Path) -> dict[str, str]:
    """The package's code, each module by its syntax tree."""
    memo.load(root)
    return {name: memo.digest(os.path.join(root, name), name) for name in files_under(root, CODE) if name.endswith(".py")}


def files_under(root: Path, folder: Path) -> list[str]:
    """Every file under ``folder`` (but ``__pycache__``), by its name relative to ``root``."""
    found, start = [], len(str(root)) + 1
    for top, folders, files in os.walk(os.path.join(root, folder)):
        folders[:] = [f for f in folders if f != "__pycache__"]
        found += [os.path.join(top, f)[start:].replace(os.sep, "/") for f in files]
    return sorted(found)


# --------------------------------------------------------------------------- the environment

def environment(root: Path) -> dict:
    """The Python version, every installed distribution and version, and the fonts matplotlib can choose."""
    return {"python": platform.python_version(), "distributions": distributions(), "fonts": fonts(root)}


def distributions() -> dict[str, str]:
    """Every distribution on ``sys.path`` by its normalised name, with its version, found where
    ``importlib.metadata.distributions()`` finds them: the first of a name on the path is the one imported.
    Name and version come from the folder's name, as installers write it (``name-version.dist-info``); its
    metadata file is read only where the name carries no version (80 ms for them all, against 2)."""
    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            listing = sorted(os.scandir(entry or "."), key=lambda e: e.name)
        except OSError:
            continue
        for item in listing:
            if item.name.endswith((".dist-info", ".egg-info")):
                name, _, version = item.name.rsplit(".", 1)[0].partition("-")
                version = version.split("-")[0] or _metadata_version(Path(item.path))
                found.setdefault(re.sub(r"[-_.]+", "-", name).lower(), version)
    return dict(sorted(found.items()))


def _metadata_version(folder: Path) -> str:
    for name in ("METADATA", "PKG-INFO"):
        try:
            text = (folder / name).read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        found = re.search(r"^Version:\s*(\S+)", text, flags=re.M)
        if found:
            return found.group(1)
    return "unknown"


def fonts(root: Path) -> str:
    """A digest of the fonts matplotlib can choose: its font cache in the project (the list it chooses from:
    each font's file, family, style, weight and stretch; in no particular order, as matplotlib lists them in
    another order each time it makes the cache), and the content of each font file it lists outside
    matplotlib's own (whose fonts come with its version). "none" until the first build makes the cache."""
    memo.load(root)
    caches = sorted((Path(root) / FONT_CACHE).glob("fontlist-*.json"))
    if not caches:
        return "none"
    whole = hashlib.sha256()
    for cache in caches:
        data = cache.read_bytes()
        try:
            listed = json.loads(data)
            fonts = [font for kind in ("ttflist", "afmlist") for font in listed.pop(kind, [])]
            whole.update(json.dumps([listed, sorted(json.dumps(font, sort_keys=True) for font in fonts)],
                                    sort_keys=True).encode())
            files = sorted({font["fname"] for font in fonts})
        except (ValueError, KeyError, TypeError, AttributeError):
            whole.update(data)
            continue
        for file in files:
            if os.path.isabs(file):
                whole.update(f"{file}\0{memo.digest(Path(file), file)}\0".encode())
    return whole.hexdigest()


def font_folders(root: Path) -> list[Path]:
    """The folders of the font files matplotlib can choose (a step reads them, wherever they are)."""
    folders = set()
    for cache in (Path(root) / FONT_CACHE).glob("fontlist-*.json"):
        try:
            listed = json.loads(cache.read_bytes())
            folders |= {Path(font["fname"]).parent for kind in ("ttflist", "afmlist") for font in listed.get(kind, [])
                        if os.path.isabs(font["fname"])}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            continue
    return sorted(folders)


def use_project_fonts(root: Path) -> None:
    """Every process of the build uses the project's matplotlib configuration folder, never the user's (whose
    font cache could change a chart unnoticed). Called before matplotlib is imported."""
    os.environ["MPLCONFIGDIR"] = str(Path(root) / FONT_CACHE)


def keep_only_the_font_cache_in_use(root: Path) -> None:
    """After matplotlib is imported: the caches of other matplotlib versions go, so the fingerprint is of the
    one in use."""
    from matplotlib import font_manager

    in_use = f"fontlist-v{font_manager.FontManager.__version__}.json"
    for cache in (Path(root) / FONT_CACHE).glob("fontlist-*.json"):
        if cache.name != in_use:
            cache.unlink(missing_ok=True)
