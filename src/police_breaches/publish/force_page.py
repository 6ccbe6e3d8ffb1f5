"""The sentences and tables of one force's page, from its profile (``profiles.profile``), each escaped.

Every sentence says its scope: a rank is among the forces with a published total; a figure from an earlier
study is in that study's own unit and period.
"""

from __future__ import annotations

import html

import pandas as pd

from police_breaches.core.text import date_words, md, ordinal
from police_breaches.publish.profiles import at_start
from police_breaches.publish.words import period_range


def title(document: dict) -> str:
    return f"{document['name']}: what is published about data breaches by its officers and staff"


def how_to_read(document: dict) -> str:
    return (f"Everything this project holds about {md(document['in_text'])}'s officers and staff misusing data, "
            "from each study and "
            "answer in turn. Each figure keeps its own counting unit and period: figures from different studies "
            "count different things, so they are never ranked or added together here. What is not known is listed "
            "at the end.")


def between(document: dict) -> str:
    """'between June 2011 and December 2015': the 2016 report's period, as the facts give it."""
    start, end = (pd.Timestamp(p) for p in document["report"]["period"])
    return f"between {start:%B %Y} and {end:%B %Y}"


def national(document: dict) -> str:
    figure = document["report"].get("national")
    return f"at least {figure:,} breaches" if figure is not None else "breaches"


def report_heading(document: dict) -> str:
    if document["report"] and document["bbw_2016"].get("from_campaign"):
        start, end = (pd.Timestamp(p) for p in document["report"]["period"])
        return f"{start:%B %Y} – {end:%B %Y}: the total, from this project's FOI request"
    return "Big Brother Watch's 2016 report"


def report_2016(document: dict) -> str:
    """The force's total from Big Brother Watch's 2016 report, its rank in scope, and any rank the press quoted."""
    name, totals = md(document["in_text"]), document["bbw_2016"]
    if document["report"] is None:
        return (f"The project's period does not contain the 2016 report's, so {name}'s total "
                "in it is not worked out here.")
    quoted = "; ".join(quoted_rank(q) for q in totals.get("published_ranks", []))
    if totals["status"] == "reported":
        tie = f" (tied with {totals['tied_with']} other{'s' if totals['tied_with'] > 1 else ''})" if totals["tied_with"] else ""
        largest = "largest" if totals["rank"] == 1 else f"{ordinal(totals['rank'])} largest"
        summed = f": {md(totals['summed'])}" if totals.get("summed") else ""
        where = (f"in the force's answer to this project's FOI request ({md(totals['source'])}{summed}); Big Brother Watch's "
                 "*Safe in Police hands?* (2016) gave no total for it, and this one is assumed to be what the force "
                 "told Big Brother Watch" if totals.get("from_campaign") else
                 f"in Big Brother Watch's *Safe in Police hands?* (2016), as {md(totals['source'])} reported it")
        text = (f"**{totals['total']:,} data breaches** by {name}'s officers and staff {between(document)}, {where}. "
                + place(totals) + f" Of the {md(totals['scope'])}, it is the {largest}{tie}: a place among those, not "
                "among all forces. ")
        text += f"The press gave its place: it was {quoted}." if quoted else ""
    elif totals["status"] == "not_known":
        text = (f"**{at_start(name)}'s total is not known.** Big Brother Watch's *Safe in Police hands?* (2016) "
                f"counted {national(document)} at UK forces {between(document)}, but the report's per-force table could "
                "not be obtained, and no newspaper this project found quoted this force's figure.")
        text += f" The press gave its place: it was {quoted}." if quoted else ""
    else:
        text = f"**{at_start(name)} did not reveal its figures** to Big Brother Watch for the 2016 report."
        text += f" The press gave its place: it was {quoted}." if quoted else ""
    return text


def place(totals: dict) -> str:
    """Where the published facts allow the force to rank among all the forces that answered (ranges.py)."""
    if totals.get("best") is None:
        return "The published figures do not fix its place among all forces."
    where = (f"**{ordinal(totals['best'])}** of the {totals['answered']} forces assumed to have answered"
             if totals["best"] == totals["worst"] else
             f"anywhere from **{ordinal(totals['best'])} to {ordinal(totals['worst'])}** of the {totals['answered']} "
             "forces assumed to have answered")
    return f"The published figures place it {where} (how: see the report's methodology)."


def quotable(document: dict) -> str:
    """One sentence a journalist can quote, with its scope and its source."""
    name, totals = document["in_text"], document["bbw_2016"]
    if document["report"] is None:
        return ""
    if totals["status"] == "reported":
        where = (f"{ordinal(totals['best'])} of the {totals['answered']} forces assumed to have answered"
                 if totals.get("best") is not None and totals["best"] == totals["worst"] else
                 f"between {ordinal(totals['best'])} and {ordinal(totals['worst'])} of the {totals['answered']} forces "
                 "assumed to have answered" if totals.get("best") is not None else "")
        according = ("according to the force's answer to an FOI request by the police-breaches project"
                     if totals.get("from_campaign") else
                     "according to Big Brother Watch's 2016 report *Safe in Police hands?*")
        total = totals["total"]  # a nil answer is "no data breaches", not "0 data breaches"
        count = "no data breaches" if total == 0 else "1 data breach" if total == 1 else f"{total:,} data breaches"
        return (f"> {md(at_start(name))}'s officers and staff committed **{count}** {between(document)}, {according}"
                + (f"; the published figures place the force {where}." if where else "."))
    if totals["status"] == "not_known":
        return (f"> How many data breaches {md(name)}'s officers and staff committed {between(document)} is not "
                f"known: Big Brother Watch's 2016 report counted {national(document)} at UK forces, but its per-force "
                "table was never published, and no newspaper this project found quoted this force's figure."
                + known_since(document))
    return (f"> {md(at_start(name))} did not reveal to Big Brother Watch how many data breaches its officers and staff committed "
            f"{between(document)}." + known_since(document))


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
    return (f"For the size of its workforce that is **{rate_['per_1000']:.1f} breaches per 1,000** full-time-equivalent "
            f"officers, police staff, PCSOs and designated officers (as at {when.day} {when:%B %Y}) over the whole of "
            f"{start:%B %Y} – {end:%B %Y} (95% interval {rate_['low']:.1f}–{rate_['high']:.1f}), or about "
            f"{rate_['per_year']:.1f} a year: {highest(rate_['rank'], rate_['of'])} of the {rate_['of']} forces with "
            "a known total and a workforce figure. Forces decided for themselves what to count as a breach, so a "
            "rate far from the others more likely reflects what was counted than how officers and staff behaved: a "
            "guide, not a league table."
            + (f" Its workforce is unusual ({md(rate_['note'])}): a force that does much of its support work some "
               "other way, for example through an outsourcing contract, divides its breaches by a smaller workforce, "
               "which raises its rate." if rate_.get("note") else ""))


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
    listed = pd.DataFrame(document["outcomes"]["incidents"], columns=["dates_of_the_incidents_listed", "description", "outcome"])
    if listed.empty:
        return "", listed
    return f"The force's {len(listed)} incidents, listed one by one with what happened after each, as published.", listed


def on_the_scale(document: dict) -> str:
    """The force's outcomes on the report's outcome scale: the same numbers as the report's chart."""
    from police_breaches.publish.figures import percent

    scale = document["outcomes"].get("on_the_scale") or []
    if not scale:
        return ""
    notes = " ".join(dict.fromkeys(md(item["note"][:1].upper() + item["note"][1:].rstrip(".") + ".")
                                   for item in scale if item["note"]))
    return ("On the outcome scale the report uses, with the same numbers as the report's chart of this force: "
            + "; ".join(f"*{md(item['outcome'].lower())}* **{item['value']} of {item['of']}"
                        f"{' ' + md(item['counts']) if item.get('counts', 'breaches') != 'breaches' else ''}** "
                        f"({percent(item['value'], item['of'])})" for item in scale) + "." + (f" {notes}" if notes else ""))


def studies_table(document: dict) -> pd.DataFrame:
    return pd.DataFrame(document["other_studies"], columns=["study", "measure", "period", "unit", "figure", "source"])


def since_2015_intro(document: dict) -> str:
    """What the section lists, and the 2016 report's figure beside it, never added to it."""
    totals, name = document["bbw_2016"], md(document["in_text"])
    beside = (f"For comparison, the 2016 report's figure: **{totals['total']:,}** {between(document)}. "
              if totals["status"] == "reported" and document["report"] and not totals.get("from_campaign") else "")
    return (beside + f"What {name} recorded later, as each source published it. Each figure keeps its own unit, "
            "period and wording: the later studies left each force to decide what a data breach was, so none of "
            "these is added to another or to the 2016 report's, or ranked.")


def since_2015_table(document: dict) -> pd.DataFrame:
    rows = [{"period": item["period"], "figure": item["figure"], "as published": item["as_published"],
             "unit": item["unit"], "from": "; ".join(filter(None, [item["study"], item["source"]]))}
            for item in document["since_2015"]]
    return pd.DataFrame(rows, columns=["period", "figure", "as published", "unit", "from"])


def since_2015_caveats(document: dict) -> str:
    """Each study's caveat once, and any note a figure carries."""
    said = dict.fromkeys(f"{item['study'] + ': ' if item['study'] else ''}{item['caveat']}"
                         for item in document["since_2015"] if item["caveat"])
    return bullets(list(said))


def known_since(document: dict) -> str:
    """For a force with no 2016 total: what is known instead, later and counted another way (up to three), a
    sentence each so each figure is read with its own period."""
    items = document["since_2015"]
    if not items:
        return ""
    said = " ".join(f"It told {md(item['study'] or item['source'])} of {md(item['figure'])} "
                    f"{md(item['as_published'])} in {md(item['period'])}." for item in items[:3])
    more = f" {len(items) - 3} more are listed below." if len(items) > 3 else ""
    return f" What is known is later, and counted another way. {said}{more}"


def answer_table(item: dict) -> pd.DataFrame:
    return pd.DataFrame(item["rows"], columns=item["columns"])


def answer_in_all(item: dict) -> str:
    """'24 data breaches in 2016, in 7 categories', where the answer is one such breakdown."""
    in_all = item.get("in_all")
    if not in_all:
        return ""
    bound = "at least " if in_all["at_least"] else ""
    return (f"**{bound}{in_all['total']:,} {md(in_all['unit'])}** in {md(in_all['period'])}, in "
            f"{in_all['categories']} categories{' (leaving out the figures not given)' if bound else ''}.")


def answer_gaps(item: dict) -> str:
    gaps, parts = item.get("gaps") or [], item.get("part_years") or []
    said = ["Part years: " + "; ".join(md(p) for p in parts) + "." if parts else "",
            "Cells not given as a number, and what the answer said instead: " + "; ".join(md(g) for g in gaps) + "."
            if gaps else ""]
    return " ".join(filter(None, said))


def answer_source(item: dict) -> str:
    raw = html.escape(item["path"])
    return (f'<p class="answer-source">{"; ".join(html.escape(s) for s in item["sources"])}. Counting unit: '
            f'{html.escape(item["unit"])}. Raw file: <a href="../../{raw}"><code>{raw}</code></a></p>')


def bullets(items: list[str]) -> str:
    """A Markdown list, each item escaped (what is not known, what to read with care)."""
    return "\n".join(f"- {md(item)}" for item in items)


def not_known(document: dict) -> str:
    """The page's last section: what is missing, as a list; where nothing it looks for is missing, that said
    plainly (the introduction promises the section on every page)."""
    if document["not_known"]:
        return bullets(document["not_known"])
    return (f"Every kind of figure this page looks for about {md(document['in_text'])} is in the data: a total from the "
            "2016 report, a rate, outcomes, figures from the earlier studies and an FOI answer. What each one covers is "
            "said beside it" + (", and under Read with care." if document["cautions"] else "."))


DUE_FROM = {"extended": "the date the force extended its deadline to, to consider the public interest",
            "clarified": "the 20th working day after the force received the clarification it asked for"}


def request_state(document: dict) -> str:
    """Where this project's FOI request to the force stands, as the tracker records it and its answer in the data
    gives it, with the date its answer is due while the force's clock runs. Whether it is overdue depends on the
    day it is read, so the page gives the date and leaves the day to the reader (`foi status` says it)."""
    from police_breaches.analysis.campaign import KINDS, LAW_NAMES, STANDS

    row = document["request"]
    name, period = md(document["in_text"]), period_range(row["asks_from"], row["asks_to"])
    if row["stands"] == "not_sent":
        return f"This project has written its request to {name} for {period} (below), but has not sent it yet."
    sent = (f"This project sent its request to {name} for {period} on {date_words(row['sent_on'])}"
            + (f" (the force's reference: {md(row['reference'])})" if row["reference"] else "")
            + f", under {LAW_NAMES[row['law']]}.")
    if row["stands"] == "waiting" and not row["due_on"]:  # the clock stopped: the force asked a question
        return sent + " The force has asked what the request means; its 20 working days start again once it has the answer."
    if row["stands"] == "waiting":
        counted = DUE_FROM.get(row["request_status"], "the 20th working day after the force received it")
        return sent + f" The answer is due by **{date_words(row['due_on'])}** ({counted})."
    given = f" The force's answer gives {KINDS[row['answer_gives']][0]}." if row["answer_gives"] else ""
    exemption = f" (citing {md(row['exemption'])})" if row["exemption"] else ""
    return sent + f" Where it stands: {md(STANDS[row['stands']])}{exemption}." + given


def send_to(contacts: list[dict]) -> str:
    """Where the force's own pages say to send a request (config/foi_contacts.csv), each with its page."""
    def way(contact: dict) -> str:
        page = html.escape(contact["source_url"])
        if contact["how"] == "email":
            return (f'by e-mail to <code>{html.escape(contact["contact"])}</code> (as <a href="{page}">the force\'s '
                    "page</a> gives it)")
        link = html.escape(contact["contact"])
        return (f'with <a href="{link}">the force\'s web form</a>' if contact["how"] == "web_form" else
                f'as <a href="{link}">the force\'s page</a> explains')

    if not contacts:
        return ""
    return (f"<p>Send it {'; or '.join(way(c) for c in contacts)}. This is what the force's website said when this "
            "project read it: check it is still current before you send.</p>")


def request_block(text: str, force_id: str, start: str, end: str, contacts: list[dict] = ()) -> str:
    """The request as the page shows it (lines flow to the screen; the text file is wrapped for e-mail), and where
    the force's pages say to send it."""
    first, last = pd.Timestamp(start), pd.Timestamp(end)
    return send_to(list(contacts)) + (
            f'<p>Copy it, fill in the fields in square brackets, and send it to the force; or download it as '
            f'<a href="{html.escape(force_id)}-foi-request.txt">a text file</a>. It asks about {first.day} '
            f'{first:%B %Y} – {last.day} {last:%B %Y}. Forces keep such records for a limited time, so an answer about '
            "years long past may be incomplete; to ask about other years, change the request's period as the "
            'project\'s README explains under "What about my force?", and rebuild. When the answer arrives, '
            'add it to this project as its README explains under "Adding your own FOI response".</p>'
            f'<pre class="foi-request">{html.escape(text)}</pre>')
