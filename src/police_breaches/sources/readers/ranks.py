"""The ``ranks`` shape: ranks as the press quoted them, with the scope they state. Its options are declared
in ``config/shapes.yml`` under ``ranks``."""

from __future__ import annotations

import re

from police_breaches.core.errors import InputError
from police_breaches.sources.readers.base import Context, ReadResult, constant_period, force_of, period_fields, read_csv_strict


def read_ranks(ctx: Context) -> ReadResult:
    """Ranks quoted by the press: a number with its stated scope, or a phrase such as 'not in the top 10'."""
    frame = read_csv_strict(ctx)
    opts = ctx.options
    result = ReadResult(rows_in=len(frame))
    period = constant_period(ctx, 2)
    for record in frame.to_dict("records"):
        row = record["_row"]
        published = record[opts["rank_column"]].strip(" \t")
        rank = int(published) if re.fullmatch(r"0|[1-9][0-9]{0,3}", published) else None
        if rank is None and not re.fullmatch(r"not in the top [1-9][0-9]*", published, flags=re.I):
            raise InputError(ctx.file, row, f"rank {published!r} is neither a number nor 'not in the top N'")
        if rank is not None and not 1 <= rank <= len(ctx.vocab.forces.forces):
            raise InputError(ctx.file, row, f"rank {published!r} must be 1 or more, and at most the number of "
                                            f"forces ({len(ctx.vocab.forces.forces)})")
        result.add("published_ranks", ctx.base(
            row, source_id=ctx.known_source(record[opts["source_column"]], row), force_id=force_of(ctx, record),
            **period_fields(period), rank=rank, rank_as_published=published, scope=record[opts["scope_column"]]))
    return result
