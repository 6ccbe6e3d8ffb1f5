"""The ``questions`` shape: an FOI answer kept as question and answer pairs, answers such as 'Dismissed = 5'.
Its options are declared in ``config/shapes.yml`` under ``questions``."""

from __future__ import annotations

import re

from police_breaches.core.errors import InputError, shown
from police_breaches.core.text import normalise
from police_breaches.sources.parsing import parse_count, parse_period
from police_breaches.sources.readers.base import (
    Context,
    ReadResult,
    constant_period,
    force_of,
    labelled,
    period_fields,
    read_csv_strict,
)

SEPARATORS = "=–—:-"


def split_answer(answer: str, separator: str, file: str, row, column: str) -> tuple[str, str]:
    """'Police Officers – 7' → ('Police Officers', '7'). ``separator`` is one of SEPARATORS, ' ', or 'any'."""
    text = answer.strip(" \t")
    marks = SEPARATORS if separator == "any" else ("" if separator == " " else separator)
    expected = ("'label = number', 'label – number', 'label - number', 'label: number' or 'label number'"
                if separator == "any" else f"'label{separator if separator == ' ' else f' {separator} '}number'")
    found = None
    if marks:
        found = re.fullmatch(rf"(.*?)[ \t]*[{re.escape(marks)}][ \t]*([^{re.escape(marks)}]+)", text)
    if found is None and separator in ("any", " "):
        found = re.fullmatch(r"(.*\S)[ \t]+(\S+)", text)
    if found is None or not found.group(1).strip(" \t"):
        raise InputError(file, row, f"cannot read the answer {shown(answer)}: expected {expected}", column=column)
    label, number = found.group(1).strip(" \t"), found.group(2)
    if label[-1:] in SEPARATORS:
        raise InputError(file, row, f"cannot read the answer {shown(answer)}: two separators (or a sign) before the "
                                    f"number; expected {expected}", column=column)
    return label, number


def read_questions(ctx: Context) -> ReadResult:
    """Question/answer FOI replies: an answer is a number, or a label and a number ('Dismissed = 5')."""
    frame = read_csv_strict(ctx)
    opts = ctx.options
    result = ReadResult(rows_in=len(frame))
    period = constant_period(ctx, 2)
    force_id = force_of(ctx, {"_row": 2})
    questions = {normalise(q): spec for q, spec in opts["questions"].items()}
    column = opts["answer_column"]
    for record in frame.to_dict("records"):
        row = record["_row"]
        spec = questions.get(normalise(record[opts["question_column"]]))
        if spec is None:
            raise InputError(ctx.file, row, f"unknown question {shown(record[opts['question_column']])}; "
                                            "describe it under x-reader.questions in the manifest")
        if "label" in spec:  # the question names what is counted; the answer is the number alone
            label, number = spec["label"], record[column]
        else:
            label, number = split_answer(record[column], opts.get("separator", "any"), ctx.file, row, column)
        count = parse_count(number, ctx.vocab.statuses, ctx.file, row, column=column)
        breakdown, note = spec["breakdown"], ""
        if breakdown == "incident_period":  # when the incidents happened, as a period of its own
            incident = parse_period(label, ctx.file, row)
            canonical, note = incident.iso, f"incident period {incident.start.isoformat()} to {incident.end.isoformat()}"
        else:
            canonical = ctx.lookup(breakdown, label, row)
        result.add("observations", ctx.base(
            row, force_id=force_id, scope="force", **period_fields(period), unit=opts["unit"],
            **labelled(breakdown, label, canonical), staff_group=canonical if breakdown == "staff_group" else "all",
            value=count.value, status=count.status, status_detail=count.detail, note=note))
    return result
