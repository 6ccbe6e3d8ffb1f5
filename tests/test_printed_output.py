"""A notebook's printed output reaches a page cut to a limit, with a sentence saying so: a debug print of
60 MB must not become a 60 MB report. Made-up outputs, for this test only."""

from police_breaches.publish import page


def test_a_long_print_is_cut_with_a_note_and_a_short_one_is_whole():
    long = {"output_type": "stream", "name": "stdout", "text": "x" * 60_000_000}
    shown = page._output_html(long)
    assert len(shown) < page.PRINTED_LIMIT + 300
    assert f"The notebook printed {60_000_000 - page.PRINTED_LIMIT:,} more characters" in shown
    short = {"output_type": "execute_result", "data": {"text/plain": "a <short> result"}}
    assert page._output_html(short) == "<pre>a &lt;short&gt; result</pre>"
