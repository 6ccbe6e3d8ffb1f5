"""Make the project's package importable from the virtual environment, by a path relative to it.

    .venv/bin/python tools/link_package.py

An editable install records the absolute path of the checkout, so a copy of the checkout would run the
original's code. This writes a .pth file holding the path from site-packages to src/ instead, which stays
right wherever the checkout (with its .venv inside) is copied or moved.
"""

from __future__ import annotations

import os
import sys
import sysconfig
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    site = Path(sysconfig.get_paths()["purelib"])
    for stale in site.glob("__editable__*police_breaches*"):
        stale.unlink()
    (site / "police_breaches.pth").write_text(os.path.relpath(ROOT / "src", site) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
