"""The ecosystem's own checkers, run as their users run them, on the repository and the built pages.

    make check-tools          (builds the report first if it is not built)

- ruff check                      the code, with the repository's configuration (pyproject.toml)
- lint-imports                    the package's architecture (pyproject.toml's contracts)
- frictionless validate           datapackage.json and every raw file it describes
- the Nu HTML checker (vnu.jar)   every page: the report, the force index and each force page
- Lighthouse, mobile setting      the report and one force page over a local web server with no compression:
                                  performance at least 90, accessibility 100

axe-core (every rule, at 400 and 1280 px) runs in the test suite (tests/test_report_browser.py). Lighthouse and
the Nu checker come from npm, pinned in tools/checkers/package-lock.json and installed there by `npm ci`; Java
runs the Nu checker and Chromium runs Lighthouse (`make browser`). Each checker's verdict is printed; the command
fails if any fails.
"""

from __future__ import annotations

import functools
import http.server
import json
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHECKERS = ROOT / "tools" / "checkers"
BIN = Path(sys.executable).parent
LIGHTHOUSE_PAGES = ("index.html", "forces/west_midlands.html")
LEAST = {"performance": 0.90, "accessibility": 1.0}


def run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, **kwargs)


def ruff() -> list[str]:
    result = run([str(BIN / "ruff"), "check", "."])
    return [] if result.returncode == 0 else [result.stdout.strip()]


def lint_imports() -> list[str]:
    result = run([str(BIN / "lint-imports")])
    return [] if result.returncode == 0 else [result.stdout.strip()[-2000:]]


def frictionless() -> list[str]:
    result = run([str(BIN / "frictionless"), "validate", "datapackage.json"])
    return [] if result.returncode == 0 else [result.stdout.strip()[-2000:]]


def pages() -> list[Path]:
    reports = ROOT / "reports"
    return [reports / "index.html", *sorted((reports / "forces").glob("*.html"))]


def nu_checker() -> list[str]:
    java = shutil.which("java")
    if java is None:
        return ["Java is not installed: the Nu HTML checker needs it (apt-get install default-jre-headless)"]
    jar = CHECKERS / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
    result = run([java, "-jar", str(jar), "--errors-only", "--format", "json", *map(str, pages())])
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    return [f"{Path(m.get('url', '')).name}:{m.get('lastLine', '?')}: {m['message']}" for m in messages]


def chromium() -> str | None:
    return next(filter(None, map(shutil.which, ("chromium", "chromium-browser", "google-chrome"))), None)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # the checkers' verdicts are the output, not the server's log
        pass


def lighthouse() -> list[str]:
    browser = chromium()
    if browser is None:
        return ["Chromium is not installed: run `make browser`"]
    handler = functools.partial(QuietHandler, directory=str(ROOT / "reports"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)  # plain files: no compression at all
    threading.Thread(target=server.serve_forever, daemon=True).start()
    problems = []
    try:
        for page in LIGHTHOUSE_PAGES:
            with tempfile.TemporaryDirectory() as folder:
                report = Path(folder) / "lighthouse.json"
                result = subprocess.run(
                    ["node", str(CHECKERS / "node_modules" / "lighthouse" / "cli" / "index.js"),
                     f"http://127.0.0.1:{server.server_port}/{page}", "--quiet", "--output=json",
                     f"--output-path={report}", "--only-categories=performance,accessibility",
                     "--chrome-flags=--headless=new --no-sandbox"],
                    capture_output=True, text=True, env={"CHROME_PATH": browser, "PATH": str(Path(shutil.which("node")).parent)})
                if result.returncode != 0 or not report.exists():
                    problems.append(f"{page}: Lighthouse failed: {result.stderr.strip()[-500:]}")
                    continue
                scores = {name: category["score"] for name, category in json.loads(report.read_text())["categories"].items()}
                print(f"    {page}: " + ", ".join(f"{name} {round(100 * score)}" for name, score in scores.items()))
                problems += [f"{page}: {name} {round(100 * scores[name])}, below {round(100 * least)}"
                             for name, least in LEAST.items() if scores[name] is None or scores[name] < least]
    finally:
        server.shutdown()
    return problems


CHECKS = {"ruff check": ruff, "lint-imports": lint_imports, "frictionless validate datapackage.json": frictionless,
          "the Nu HTML checker, every page": nu_checker, "Lighthouse (mobile), performance and accessibility": lighthouse}


def main() -> int:
    if not (CHECKERS / "node_modules" / "lighthouse").is_dir() or not (CHECKERS / "node_modules" / "vnu-jar").is_dir():
        print("Installing Lighthouse and the Nu HTML checker from npm (tools/checkers/package-lock.json) …")
        subprocess.run(["npm", "ci", "--silent", "--no-audit", "--no-fund"], cwd=CHECKERS, check=True)
    failed = 0
    for name, check in CHECKS.items():
        print(f"▶ {name}")
        problems = check()
        print("    passed" if not problems else "\n".join(f"    ✗ {problem}" for problem in problems[:40]))
        failed += bool(problems)
    print(f"{len(CHECKS) - failed} of {len(CHECKS)} checkers pass")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
