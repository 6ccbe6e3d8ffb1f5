"""The README's generated tables are what tools/readme.py makes from the code and config they describe."""

from conftest import ROOT, module_from

readme = module_from(ROOT / "tools/readme.py")


def test_the_readme_tables_are_up_to_date():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme.BLOCK.search(text), "the README has no generated block"
    assert text == readme.regenerate(text), "README.md is stale: run `make readme`"
