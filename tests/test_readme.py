"""The README's generated tables are what tools/readme.py makes from the code and config they describe."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("readme", ROOT / "tools/readme.py")
readme = importlib.util.module_from_spec(spec)
spec.loader.exec_module(readme)


def test_the_readme_tables_are_up_to_date():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme.BLOCK.search(text), "the README has no generated block"
    assert text == readme.regenerate(text), "README.md is stale: run `make readme`"
