"""Set up the virtual environment for this checkout: `make env` runs it after installing the lock.

    .venv/bin/python tools/set_up_environment.py [STAMP]

1. The package is made importable by a path relative to the environment (a .pth file holding the path
   from site-packages to src/). An editable install would record the checkout's absolute path, so a copy
   of the checkout would run the original's code; this stays right wherever the checkout is moved.
2. The Jupyter kernel ``police-breaches`` is registered in the environment, so papermill's ``-k
   police-breaches`` and JupyterLab find it however they are started.
3. JupyterLab's settings for this environment (``share/jupyter/lab/settings/overrides.json``) come from
   ``tools/jupyterlab/overrides.json``: a notebooks/*.py file opens as a notebook on a double-click.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import sysconfig
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KERNEL = "police-breaches"


def link_package(site: Path) -> None:
    for stale in site.glob("__editable__*police_breaches*"):
        stale.unlink()
    (site / "police_breaches.pth").write_text(os.path.relpath(ROOT / "src", site) + "\n", encoding="utf-8")


def register_kernel(prefix: Path) -> None:
    """The kernel logs only critical messages: the warnings ipykernel prints at every start and shutdown
    would otherwise look like errors."""
    from ipykernel.kernelspec import install

    folder = Path(install(kernel_name=KERNEL, display_name="Python (police-breaches)", prefix=str(prefix)))
    spec = json.loads((folder / "kernel.json").read_text(encoding="utf-8"))
    spec["argv"].append("--IPKernelApp.log_level=CRITICAL")
    (folder / "kernel.json").write_text(json.dumps(spec, indent=1) + "\n", encoding="utf-8")


def install_lab_settings(prefix: Path) -> None:
    target = prefix / "share/jupyter/lab/settings/overrides.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(ROOT / "tools/jupyterlab/overrides.json", target)


def main(argv: list[str]) -> int:
    link_package(Path(sysconfig.get_paths()["purelib"]))
    register_kernel(Path(sys.prefix))
    install_lab_settings(Path(sys.prefix))
    if argv:  # the stamp `make` keeps: the folder the environment was made for (any characters, no shell)
        Path(argv[0]).write_text(f"{Path.cwd()}\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
