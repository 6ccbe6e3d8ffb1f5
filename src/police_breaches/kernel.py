"""Register the project's Jupyter kernel in the virtual environment: ``python -m police_breaches.kernel``.

papermill is always given this kernel by name (``police-breaches``), so notebooks run in the project's
environment whatever other kernels a machine has. The kernel logs only critical messages: the warnings
ipykernel prints at every start and shutdown (plain-TCP transport on localhost, the interrupt papermill sends
when it stops a kernel) would otherwise look like build errors. Errors in a notebook still stop the build.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ipykernel.kernelspec import install

NAME = "police-breaches"
DISPLAY_NAME = "Python (police-breaches)"


def main() -> int:
    folder = Path(install(kernel_name=NAME, display_name=DISPLAY_NAME, prefix=sys.prefix))
    spec = json.loads((folder / "kernel.json").read_text(encoding="utf-8"))
    spec["argv"].append("--IPKernelApp.log_level=CRITICAL")
    (folder / "kernel.json").write_text(json.dumps(spec, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
