"""The sentences and tables of one force's page, from its profile (``profiles.profile``), each escaped.

Every sentence says its scope: a rank is among the forces with a published total; a figure from an earlier
study is in that study's own unit and period.
"""

from __future__ import annotations

import html

import pandas as pd

from .charts import ordinal
from .nb import md
from .profiles import at_start


def title(document: dict) -> str:
    return f"{document['name']}: what is published about data breaches by its staff"


def how_to_read(document: dict) -> str:
    return (f"Everything this project holds about {md(document['in_text'])}'s staff misusing data, from each study and "
            "answer in turn. Each figure keeps its own counting unit and period: figures from different studies "
            "count different things, so they are never ranked or added together here. What is not known is listed "
            "at the end.")


def report_2016(document: dict) -> str:
    """The force's total from Big Brother Watch's 2016 report, its rank in scope, and any rank the press quoted."""
    name, totals = md(document["in_text"]), document["bbw_2016"]
    quoted = "; ".join(quoted_rank(q) for q in totals.get("published_ranks", []))
    if totals["status"] == "reported":
        tie = f" (tied with {totals['tied_with']} other{'s' if totals['tied_with'] > 1 else ''})" if totals["tied_with"] else ""
        text = (f"**{totals['total']:,} data breaches** by {name}'s staff between June 2011 and December 2015, as Big "
                f"Brother Watch's *Safe in Police hands?* (2016) reported them ({md(totals['source'])}). That ranks "
                f"{ordinal(totals['rank'])}{tie} of the {totals['of']} forces whose totals were published. ")
        text += (f"The other forces' totals were never published, but the press gave its place: it was {quoted}." if quoted else
                 "The other forces' totals were never published, so its place among all forces is not known.")
    elif totals["status"] == "not_known":
        text = (f"**{at_start(name)}'s total is not known.** Big Brother Watch's *Safe in Police hands?* (2016) "
                "counted 2,315 breaches at UK forces between June 2011 and December 2015, but the report's per-force "
                "table could not be obtained, and no newspaper this project found quoted this force's figure.")
        text += f" The press gave its place: it was {quoted}." if quoted else ""
    else:
        text = f"**{at_start(name)} did not reveal its figures** to Big Brother Watch for the 2016 report."
        text += f" The press gave its place: it was {quoted}." if quoted else ""
    return text


def quoted_rank(quoted: dict) -> str:
    """'number 1 among all forces (Computer Weekly …)', or the wording itself where it is not a number."""
    rank, scope, source = (md(quoted[k]) for k in ("rank_as_published", "scope", "source"))
    place = f"number {rank}" if str(quoted["rank_as_published"]).strip().isdigit() else rank
    return f"{place} among {scope} ({source})"


def rate(document: dict) -> str:
    rate_ = document["rate"]
    if rate_ is None:
        return ""
    when, start, end = (pd.Timestamp(rate_[k]) for k in ("as_at", "period_start", "period_end"))
    return (f"Per member of the workforce that is **{rate_['per_1000']:.1f} breaches per 1,000** full-time-equivalent "
            f"officers, staff, PCSOs and designated officers (as at {when.day} {when:%B %Y}) over the whole of "
            f"{start:%B %Y} – {end:%B %Y} (95% interval {rate_['low']:.1f}–{rate_['high']:.1f}), or about "
            f"{rate_['per_year']:.1f} a year: {highest(rate_['rank'], rate_['of'])} of the {rate_['of']} forces with "
            "a published total. Forces decided for themselves what to count as a breach, so a rate far from the "
            "others more likely reflects what was counted than how staff behaved: a guide, not a league table.")


def highest(rank: int, of: int) -> str:
    if rank == 1:
        return "the highest"
    return "the lowest" if rank == of else f"the {ordinal(rank)} highest"


def workforce_table(document: dict) -> pd.DataFrame:
    rows = [{"as_at": w["as_at"], "officers": w["officers"], "staff": w["staff"], "pcsos": w["pcsos"],
             "designated_officers": w["designated_officers"], "workforce_fte": w["total"], "release": w["release"]}
            for w in document["workforce"]]
    return pd.DataFrame(rows, columns=["as_at", "officers", "staff", "pcsos", "designated_officers", "workforce_fte",
                                       "release"])


def outcomes_quoted(document: dict) -> pd.DataFrame:
    return pd.DataFrame(document["outcomes"]["quoted"], columns=["measure", "staff_group", "figure", "source"])


def incidents(document: dict) -> tuple[str, pd.DataFrame]:
    listed = pd.DataFrame(document["outcomes"]["incidents"], columns=["period", "description", "outcome"])
    if listed.empty:
        return "", listed
    counts = listed["outcome"].value_counts()
    said = "; ".join(f"{md(outcome)}: {n}" for outcome, n in counts.items())
    top = counts[counts == counts.iloc[0]]
    most = (f"The most common outcome was *{md(top.index[0])}* ({top.iloc[0]} of {len(listed)})" if len(top) == 1
            else f"No one outcome was the most common ({len(top)} outcomes had {top.iloc[0]} each)")
    return (f"The force's {len(listed)} incidents, listed one by one with what happened after each. {most}. "
            f"All of them: {said}.", listed)


def studies_table(document: dict) -> pd.DataFrame:
    return pd.DataFrame(document["other_studies"], columns=["study", "measure", "period", "unit", "figure", "source"])


def answer_table(item: dict) -> pd.DataFrame:
    return pd.DataFrame(item["rows"], columns=item["columns"])


def answer_in_all(item: dict) -> str:
    """'24 breaches reported in the press in 2016, in 7 categories', where the answer is one such breakdown."""
    in_all = item.get("in_all")
    if not in_all:
        return ""
    bound = "at least " if in_all["at_least"] else ""
    return (f"**{bound}{in_all['total']:,} {md(in_all['unit'])}** in {md(in_all['period'])}, in "
            f"{in_all['categories']} categories (their sum{', leaving out the figures not given' if bound else ''}).")


def answer_gaps(item: dict) -> str:
    gaps = item.get("gaps") or []
    return ("Cells not given as a number, and what the answer said instead: " + "; ".join(md(g) for g in gaps) + "."
            if gaps else "")


def answer_source(item: dict) -> str:
    raw = html.escape(item["path"])
    return (f'<p class="answer-source">{"; ".join(html.escape(s) for s in item["sources"])}. Counting unit: '
            f'{html.escape(item["unit"])}. Raw file: <a href="../../{raw}"><code>{raw}</code></a></p>')


def bullets(items: list[str]) -> str:
    """A Markdown list, each item escaped (what is not known, what to read with care)."""
    return "\n".join(f"- {md(item)}" for item in items)


def request_block(text: str, force_id: str, start: str, end: str) -> str:
    """The request as the page shows it (lines flow to the screen; the text file is wrapped for e-mail)."""
    first, last = pd.Timestamp(start), pd.Timestamp(end)
    return (f'<p>Copy it, fill in the fields in square brackets, and send it to the force; or download it as '
            f'<a href="{html.escape(force_id)}-foi-request.txt">a text file</a>. It asks about {first.day} '
            f'{first:%B %Y} – {last.day} {last:%B %Y}. Forces keep such records for a limited time, so an answer about '
            "years long past may be incomplete; to ask about other years, set <code>request_start</code> and "
            "<code>request_end</code> in <code>params/09_force_page.yml</code> and rebuild. When the answer arrives, "
            'add it to this project as its README explains under "Adding your own FOI response".</p>'
            f'<pre class="foi-request">{html.escape(text)}</pre>')
