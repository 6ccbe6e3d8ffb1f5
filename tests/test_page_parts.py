"""Parts every page has: a notebook's printed output cut to a limit, with a sentence saying so (a debug print
of 60 MB must not become a 60 MB report; the outputs here are made up), and the credit line linking each work
whose address the project holds (CITATION.cff)."""

import re

import yaml
from conftest import ROOT

from police_breaches.publish import page


def test_a_long_print_is_cut_with_a_note_and_a_short_one_is_whole():
    long = {"output_type": "stream", "name": "stdout", "text": "x" * 60_000_000}
    shown = page._output_html(long)
    assert len(shown) < page.PRINTED_LIMIT + 300
    assert f"The notebook printed {60_000_000 - page.PRINTED_LIMIT:,} more characters" in shown
    short = {"output_type": "execute_result", "data": {"text/plain": "a <short> result"}}
    assert page._output_html(short) == "<pre>a &lt;short&gt; result</pre>"


def test_the_credit_links_each_work_whose_address_is_known_and_no_other():
    credit = page.credit(ROOT)
    references = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))["references"]
    for work in references:
        title = re.escape(work["title"].replace("&", "&amp;"))
        linked = re.search(rf'<cite><a href="([^"]+)">{title}</a></cite>', credit)
        assert (linked.group(1) if linked else None) == work.get("url"), work["title"]
