"""Every letter the project drafts: the ready-to-send FOI request a force page offers (and the campaign sends),
and the campaign's reminders, requests for internal review and complaints to the regulator
(``python -m police_breaches foi status``). Square brackets: for the sender to fill in."""

from __future__ import annotations

import textwrap
from datetime import date

import pandas as pd

from police_breaches.analysis import campaign
from police_breaches.publish.sentences import period_words

WIDTH = 78  # plain-text e-mail width


STAFF = {  # who the request asks about: Scotland and Northern Ireland have no PCSOs
    "Scotland": "police officers, police staff and special constables",
    "Northern Ireland": "police officers (full-time and part-time reserve) and police staff",
}
SCOTTISH_FORCE_FROM = pd.Timestamp("2013-04-01")  # Police Scotland took over from eight legacy forces


def foi_request(document: dict, start: str, end: str, width: int | None = WIDTH) -> str:
    """A ready-to-send Freedom of Information request: how many breaches, and the 2016 report's five questions.

    ``width`` wraps the prose for a plain-text e-mail; ``None`` leaves each paragraph on one line (a web page
    wraps it to the screen).
    """
    first = pd.Timestamp(start)
    period = period_words((start, end))
    name = document["in_text"]
    staff = STAFF.get(document["country"], "police officers, police staff, PCSOs and special constables")
    law = "Freedom of Information Act 2000"
    if document["country"] == "Scotland":
        law = "Freedom of Information (Scotland) Act 2002"
        if first < SCOTTISH_FORCE_FROM:
            staff += " (before April 2013, those of the eight forces it replaced)"
    paragraphs = [
        "\n".join(_wrap(line, width, "    ") for line in (
            f"To: [{document['name']}'s Freedom of Information address: fill in]",
            "From: [your name, and the postal or e-mail address for the reply]", "Date: [today's date]")),
        f"Freedom of Information request: data protection breaches by {name}'s officers and staff",
        "Dear Freedom of Information officer,",
        f"Under the {law}, please tell me, for the period {period}:",
        f"A. How many data protection breaches by {name}'s {staff} the force recorded: for example information "
        "looked at without a policing purpose, passed to someone not entitled to it, lost (papers, laptops, "
        "memory sticks) or sent to the wrong person. Please count each breach once.",
        "B. Of the people involved in those breaches, how many:",
        "\n".join(_wrap(item, width, "   ") for item in (
            "1. were convicted of a criminal offence, or cautioned;",
            "2. were dismissed, or had their employment or contract ended;",
            "3. were disciplined within the force (for example given a written or final written warning), with the "
            "outcome of each case;",
            "4. resigned or retired while disciplinary or criminal proceedings were under way; and",
            "5. faced no action, or only management advice or other informal action.")),
        *([comparable(document)] if document.get("cite") else []),
        "If you can, please give each figure by year and separately for each group of staff, and tell me what "
        "the force counts as a data protection breach. If answering in full would cost more than the limit the "
        "Act allows, please tell me what you can give within it, or how I could narrow the request.",
        "I would like the answer by e-mail, in a spreadsheet or CSV file if possible.",
        "Yours faithfully,\n[your name]",
    ]
    # Lines already broken by hand (the address block, the list) are kept; prose is wrapped for e-mail.
    return "\n\n".join(p if "\n" in p else _wrap(p, width, "   " if p[:2] in ("A.", "B.") else "")
                       for p in paragraphs) + "\n"


def comparable(document: dict) -> str:
    """The force's own later figure, so its answer can be set beside it (analysis.studies.to_cite)."""
    cite = document["cite"]
    count = f"{cite['value']:,} {cite['label']}"
    return (f"For comparison: {document['in_text']} told {cite['study']} of {count} in {cite['period']}. Please say "
            "whether the figures you give count breaches in the same way, and if not, how they differ.")


def _wrap(text: str, width: int | None, indent: str) -> str:
    return text if width is None else textwrap.fill(text, width, subsequent_indent=indent)


def campaign_letter(s, today: date) -> str:
    """A letter the Acts support: a reminder of the deadline, a request for an internal review, or a complaint
    to the regulator. Square brackets: for the sender to fill in."""
    row, law = s.row, s.row["law"]
    act = campaign.LAW_NAMES[law]
    ref = f" (your reference {row['reference']})" if row["reference"] else ""
    asked = f"my request for information of {date.fromisoformat(row['sent_on']):%-d %B %Y}{ref}"
    due = f"{s.due:%-d %B %Y}" if s.due else ""
    if s.letter == "reminder":
        body = (f"I am writing about {asked}, made under {act}.\n\nSection 10 of the Act requires an answer promptly "
                f"and no later than the twentieth working day following the day of receipt: {due}. I have not yet "
                "received one. Please send it as soon as possible, or tell me when I may expect it.")
        subject = "Reminder: Freedom of Information request"
    elif s.letter == "internal_review":
        review = "a review under section 20 of the Act" if law == "FOISA" else "an internal review"
        if row["status"] in ("answered", "partly_answered", "not_held", "refused"):
            given = {"partly_answered": "which gave part of the information asked for",
                     "not_held": "which said that the information is not held",
                     "refused": f"which refused the request{' under ' + row['exemption'] if row['exemption'] else ''}",
                     "answered": ""}[row["status"]]
            body = (f"I am writing to ask for {review} of your answer of {date.fromisoformat(row['status_on']):%-d %B %Y} "
                    f"to {asked}, made under {act}{', ' + given if given else ''}.\n\n[Say why the answer should be "
                    "reviewed: for example, why the exemption does not apply, why the information should be held, "
                    "or which part of the request was not answered.]")
        else:
            body = (f"I am writing to ask for {review} of your handling of {asked}, made under {act}. Its answer "
                    f"was due on {due}, and is now {s.late_by} working days late. Please answer the request in full "
                    "as part of the review.")
        subject = "Request for internal review: Freedom of Information request"
    else:
        to = ("an application to the Scottish Information Commissioner under section 47(1) of the Act" if law == "FOISA"
              else "a complaint to the Information Commissioner under section 50 of the Act")
        body = (f"This is {to}, about {row['force']}'s handling of {asked}, made under {act}. I asked for "
                f"{'a review' if law == 'FOISA' else 'an internal review'} on "
                f"{date.fromisoformat(row['status_on']):%-d %B %Y}; it was due on {due} and I have not received it. "
                "[Attach the request, the force's answer if any, and the request for review.]")
        subject = "Complaint about a public authority's handling of a Freedom of Information request"
        return (f"To: {campaign.REGULATOR[law][0].upper()}{campaign.REGULATOR[law][1:]}"
                f"\nSubject: {subject}\nDate: {today:%-d %B %Y}\n\nDear Commissioner,\n\n{body}\n\n"
                "Yours faithfully,\n[Your name]\n[Your address for correspondence]\n")
    return (f"To: {row['force']}, Freedom of Information\nSubject: {subject}{ref}\nDate: {today:%-d %B %Y}\n\n"
            f"Dear Freedom of Information officer,\n\n{body}\n\nYours faithfully,\n[Your name]\n"
            "[Your address for correspondence]\n")
