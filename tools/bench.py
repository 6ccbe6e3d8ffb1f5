"""Benchmark the build on this machine: `make bench`. Prints figures; asserts nothing.

Measures, in one run:
  1. fresh clone → `make report` with the environment created from scratch (empty uv cache);
  2. full `make report` with the environment present (after `make clean`);
  3. the floor: the same notebooks as plain Python (jupytext → .py) run in one process;
  4. a no-op `make report`;
  5. a one-parameter rebuild (params/03 touched);
  6. the clean step on a synthetic 1,000,000-row incident table (made up here, never written to data/raw),
     with peak memory.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ["01_clean", "02_rankings_2011_2015", "03_west_midlands_2016", "04_outcomes_2011_2015",
             "05_west_midlands_in_context", "06_summary"]


def timed(command: list[str], cwd: Path, env: dict | None = None) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env={**os.environ, **(env or {})})
    return time.perf_counter() - started


def clone(dest: Path) -> Path:
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(dest)], check=True)
    return dest


FLOOR = r'''
import sys, time, yaml, jupytext
from pathlib import Path
started = time.perf_counter()
for name in sys.argv[1:]:
    notebook = jupytext.read(f"notebooks/{name}.py")
    parameters = yaml.safe_load(Path(f"params/{name}.yml").read_text())
    code = []
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        code.append(cell.source)
        if "parameters" in cell.metadata.get("tags", []):
            code.append("\n".join(f"{k} = {v!r}" for k, v in parameters.items()))
    exec(compile("\n".join(code), name, "exec"), {"__name__": "__main__"})
print(time.perf_counter() - started)
'''


def floor(project: Path, python: Path) -> float:
    """All notebooks as plain Python in one process: the same work without kernels or papermill."""
    started = time.perf_counter()
    subprocess.run([str(python), "-c", FLOOR, *NOTEBOOKS], cwd=project, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, env={**os.environ, "MPLBACKEND": "Agg"})
    return time.perf_counter() - started


SYNTHETIC = r'''
import hashlib, json, resource, sys, time
from pathlib import Path
import numpy as np
import pandas as pd
from police_breaches.clean import clean_all

rows, folder = int(sys.argv[1]), Path(sys.argv[2])
rng = np.random.default_rng(2016)
months = pd.date_range("2011-06-01", "2015-12-01", freq="MS").strftime("%B %Y").to_numpy()
what = np.array(["Encrypted memory stick lost.", "Paperwork left in a public place.", "Email sent to wrong person.",
                 "Record viewed without a policing purpose."])
frame = pd.DataFrame({"Date": rng.choice(months, rows), "Description": rng.choice(what, rows)})
raw = folder / "data/raw/synthetic_incidents.csv"
raw.parent.mkdir(parents=True)
frame.to_csv(raw, index=False)
root = Path(sys.argv[3])
entry = next(r for r in json.loads((root / "datapackage.json").read_text())["resources"]
             if r["name"] == "avon_somerset_incidents")
entry.update(name="synthetic_incidents", path="data/raw/synthetic_incidents.csv",
             hash="sha256:" + hashlib.sha256(raw.read_bytes()).hexdigest(), bytes=raw.stat().st_size)
(folder / "datapackage.json").write_text(json.dumps({"resources": [entry]}))
(folder / "config").symlink_to(root / "config")
started = time.perf_counter()
result = clean_all(folder)
seconds = time.perf_counter() - started
assert len(result.tables["incidents"]) == rows
print(json.dumps({"seconds": seconds, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "bytes": raw.stat().st_size}))
'''


def synthetic_clean(python: Path, rows: int = 1_000_000) -> dict:
    with tempfile.TemporaryDirectory() as scratch:
        out = subprocess.run([str(python), "-c", SYNTHETIC, str(rows), scratch, str(ROOT)], check=True,
                             capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> int:
    print(f"machine: {platform.node()} · {os.cpu_count()} cores · Python {platform.python_version()} · "
          f"{time.strftime('%Y-%m-%d')}")
    with tempfile.TemporaryDirectory() as scratch:
        project = clone(Path(scratch) / "fresh")
        fresh = timed(["make", "report"], project, {"UV_CACHE_DIR": str(Path(scratch) / "uv-cache")})
        print(f"fresh clone → make report (environment from scratch, cold uv cache): {fresh:7.1f} s  (target ≤ 60)")
        timed(["make", "clean"], project)
        full = timed(["make", "report"], project)
        print(f"full make report, environment present:                               {full:7.1f} s")
        plain = floor(project, project / ".venv/bin/python")
        print(f"floor: the notebooks as plain Python in one process:                 {plain:7.1f} s")
        print(f"ratio full build / floor:                                            {full / plain:7.2f}    (target ≤ 1.5)")
        timed(["make", "report"], project)
        noop = timed(["make", "report"], project)
        print(f"no-op make report:                                                   {noop:7.3f} s  (target ≤ 0.5)")
        os.utime(project / "params/03_west_midlands_2016.yml")
        one = timed(["make", "report"], project)
        print(f"one-parameter rebuild (03 → 06 → report):                            {one:7.1f} s")
        big = synthetic_clean(project / ".venv/bin/python")
        print(f"clean step, 1,000,000 synthetic incident rows ({big['bytes'] / 1e6:.0f} MB CSV):        "
              f"{big['seconds']:7.1f} s  (target ≤ 5), peak memory {big['peak_mb']:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
