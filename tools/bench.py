"""Benchmark the build on this machine: `make bench`. Prints figures and the targets; asserts nothing.

In one run, on a fresh clone of the committed project:
  1. fresh clone → `make report`, the environment created from scratch with an empty uv cache;
  2. the full build (`make clean report`, environment present), with each step's time;
  3. the floor: the same notebook runs as plain Python in one process, imports included (the notebooks are
     converted to Python beforehand, untimed), and the ratio of the full build to it;
  4. the main report alone from clean, then the force pages after it, and their ratio;
  5. a one-parameter rebuild (a value in params/03_west_midlands_2016.yml changed) and its ratio to the floor;
  6. a no-op `make report`;
  7. the clean step on a synthetic 1,000,000-row incident list (made up here, never written to data/raw);
  8. reading the three Home Office ODS files with python-calamine and with odfpy.
Each timing is the median of three runs, except the fresh clone (one).
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def timed(command: list[str], cwd: Path, env: dict | None = None) -> tuple[float, str]:
    started = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, check=True, capture_output=True, text=True,
                            env={**os.environ, **(env or {})})
    return time.perf_counter() - started, result.stdout


def median(runs: list[float]) -> float:
    return statistics.median(runs)


def clone(dest: Path) -> Path:
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(dest)], check=True)
    return dest


FLOOR = r'''
import json, sys, time
started = time.perf_counter()
for name, source in json.load(open(sys.argv[1])):
    exec(compile(source, name, "exec"), {"__name__": "__main__"})
print(time.perf_counter() - started)
'''

CONVERT = r'''
import json, sys
import jupytext
from police_breaches.pipeline import steps
runs = []
for step in steps.load().steps.values():
    if step.notebook is None:
        continue
    code = []
    for cell in jupytext.read(f"notebooks/{step.notebook}.py").cells:
        if cell.cell_type == "code":
            code.append(cell.source)
            if "parameters" in cell.metadata.get("tags", []):
                code.append("\n".join(f"{k} = {v!r}" for k, v in step.parameters.items()))
    runs.append((step.name, "\n".join(code)))
json.dump(runs, open(sys.argv[1], "w"))
'''


def floor(project: Path, python: Path, scratch: Path) -> float:
    """Every notebook run the build makes, as plain Python in one new process: the work and its imports."""
    sources = scratch / "floor.json"
    subprocess.run([str(python), "-c", CONVERT, str(sources)], cwd=project, check=True,
                   env={**os.environ, "PYTHONPATH": str(project / "src")})
    # POLICE_BREACHES_STEP: as inside a build step, the notebooks write to the project (here: in place).
    seconds, _ = timed([str(python), "-c", FLOOR, str(sources)], project,
                       {"PYTHONPATH": str(project / "src"), "MPLBACKEND": "Agg", "POLICE_BREACHES_STEP": "floor"})
    return seconds


SYNTHETIC = r'''
import hashlib, json, resource, sys, time
from pathlib import Path
import numpy as np
import pandas as pd
from police_breaches.sources.clean import clean_all

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


def synthetic_clean(python: Path, project: Path, rows: int = 1_000_000) -> dict:
    with tempfile.TemporaryDirectory() as scratch:
        out = subprocess.run([str(python), "-c", SYNTHETIC, str(rows), scratch, str(project)], check=True,
                             capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(project / "src")}).stdout
    return json.loads(out.strip().splitlines()[-1])


ODS = r'''
import glob, json, time
import pandas as pd
out = {}
for engine in ("calamine", "odf"):
    runs = []
    for _ in range(3):
        started = time.perf_counter()
        for path in sorted(glob.glob("data/raw/home_office_workforce/*.ods")):
            pd.read_excel(path, sheet_name=None, header=None, engine=engine)
        runs.append(time.perf_counter() - started)
    out[engine] = sorted(runs)[1]
print(json.dumps(out))
'''


def step_times(output: str) -> str:
    return ", ".join(line[2:].replace(" … ", " ") for line in output.splitlines() if line.startswith("▶"))


def line(label: str, value: str, target: str = "") -> None:
    print(f"{label:<66} {value:>10}  {target}")


def main() -> int:
    print(f"machine: {platform.node()} · {os.cpu_count()} cores · Python {platform.python_version()} · "
          f"{time.strftime('%Y-%m-%d')}")
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        project = clone(scratch / "fresh")
        python = project / ".venv/bin/python"
        fresh, _ = timed(["make", "report"], project, {"UV_CACHE_DIR": str(scratch / "uv-cache")})
        line("fresh clone → make report (environment from scratch, cold uv cache)", f"{fresh:.1f} s", "target ≤ 60 s")

        fulls, outputs = [], []
        for _ in range(3):
            seconds, output = timed(["make", "clean", "report"], project)
            fulls.append(seconds)
            outputs.append(output)
        full = median(fulls)
        plain = median([floor(project, python, scratch) for _ in range(3)])
        line("full build (make clean report)", f"{full:.2f} s")
        print(f"    steps: {step_times(outputs[fulls.index(full)])}")
        line("floor: the same notebook runs as plain Python, one process", f"{plain:.2f} s")
        line("ratio full build / floor", f"{full / plain:.2f}", "target ≤ 0.7")

        build = [str(python), "-m", "police_breaches", "build"]
        mains, sets = [], []
        for _ in range(3):
            timed(["make", "clean"], project)
            mains.append(timed([*build, "report"], project, {"PYTHONPATH": str(project / "src")})[0])
            sets.append(timed(build, project, {"PYTHONPATH": str(project / "src")})[0])
        main_report, force_set = median(mains), median(sets)
        line("main report alone (01–07 and reports/index.html, from clean)", f"{main_report:.2f} s")
        line("the 45 force pages and their index, after it (08, 09 × 45, force_html)", f"{force_set:.2f} s")
        line("ratio force pages / main report", f"{force_set / main_report:.2f}", "target ≤ 2")

        params = project / "params/03_west_midlands_2016.yml"
        original = params.read_text()
        ones = []
        for value in ("false", "true", "false"):
            params.write_text(original.replace("highlight_largest: true", f"highlight_largest: {value}"))
            seconds, output = timed(["make", "report"], project)
            ones.append(seconds)
        params.write_text(original)
        timed(["make", "report"], project)
        one = median(ones)
        line("one-parameter rebuild (a value in params/03 → 03, 06, report)", f"{one:.2f} s")
        print(f"    steps: {step_times(output)}")
        line("ratio one-parameter rebuild / floor", f"{one / plain:.2f}", "target ≤ 0.3")
        noop = median([timed(["make", "report"], project)[0] for _ in range(3)])
        line("no-op make report", f"{noop:.3f} s", "target ≤ 0.5 s")

        big = synthetic_clean(python, project)
        line(f"clean step, 1,000,000 synthetic incident rows ({big['bytes'] / 1e6:.0f} MB CSV)",
             f"{big['seconds']:.2f} s", f"target ≤ 5 s; peak memory {big['peak_mb']:.0f} MB")
        ods = json.loads(subprocess.run([str(python), "-c", ODS], cwd=project, check=True, capture_output=True,
                                        text=True).stdout)
        line("reading the three Home Office ODS files: python-calamine", f"{ods['calamine']:.3f} s")
        line("reading the three Home Office ODS files: odfpy", f"{ods['odf']:.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
