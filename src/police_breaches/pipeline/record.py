"""The build record: for every step, what it read, what it ran with and what it wrote.

``build/<step>.record.json`` holds the step's fingerprint as it was taken *before* the step ran (each input
with its digest, the parameters, the other settings and the environment) and every file it wrote with its
sha256. It is written last, after the step's outputs are in place, so it only ever describes a complete
step; its own digest means an edited record is noticed, not believed.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from police_breaches.core.outputs import write_text
from police_breaches.core.paths import BUILD


def record_path(step: str) -> Path:
    return BUILD / f"{step}.record.json"


def _digest(record: dict) -> str:
    body = {key: value for key, value in record.items() if key != "record_sha256"}
    return hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()


def write(root: Path, step: str, notebook: str | None, fingerprint: dict, outputs: dict[str, str]) -> dict:
    record = {"step": step, "notebook": notebook, **fingerprint, "outputs": dict(sorted(outputs.items()))}
    record["record_sha256"] = _digest(record)
    write_text(Path(root) / record_path(step), json.dumps(record, indent=1, ensure_ascii=False, sort_keys=True) + "\n")
    return record


def state(root: Path, step: str) -> dict | str:
    """The step's record; or 'missing'; or 'edited' when it is not the record the build wrote."""
    path = Path(root) / record_path(step)
    if not path.exists():
        return "missing"
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError):
        return "edited"
    if not isinstance(record, dict) or record.get("record_sha256") != _digest(record) or record.get("step") != step:
        return "edited"
    return record


def read(root: Path, step: str) -> dict | None:
    """The step's record, or None if there is none or it is not the one the build wrote."""
    found = state(root, step)
    return found if isinstance(found, dict) else None


def changed(root: Path, recorded: dict[str, str]) -> list[tuple[str, str]]:
    """(path, 'missing' | 'changed') for every recorded output that is gone or holds something else now (its
    sha256 remembered while it stays the same file: see fingerprints.py)."""
    from police_breaches.pipeline.fingerprints import memo

    memo.load(root)
    problems = []
    for path, digest in recorded.items():
        file = Path(root) / path
        if not file.is_file():
            problems.append((path, "missing"))
        elif memo.sha256(file) != digest:
            problems.append((path, "changed"))
    return problems
