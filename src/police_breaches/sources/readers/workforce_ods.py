"""The ``workforce_ods`` shape: the Home Office's police workforce tables (officers, staff, PCSOs, designated
officers), one sheet per worker type. Its options are declared in ``config/shapes.yml`` under
``workforce_ods``; one sheet is read by ``ods_sheet.Sheet``."""

from __future__ import annotations

import pandas as pd

from police_breaches.core.errors import InputError
from police_breaches.sources.readers.base import Context, ReadResult
from police_breaches.sources.readers.ods_sheet import Sheet

# python-calamine reads the three Home Office files in 0.02 s against odfpy's 0.6 s, giving the same cells
# (tests/test_clean_real.py checks the tidy tables are identical with both).
ODS_ENGINE = "calamine"


def read_workforce_ods(ctx: Context) -> ReadResult:
    """Per-force FTE from the Home Office tables, telling a region row from the force of the same name.

    Regions come in blocks: a region row, then exactly its member forces (``config/regions.csv``). So 'West
    Midlands' is the region when it opens a block and the force when the block expects it. Each region row
    is checked against the sum of its forces; 'Total 43 forces' against the sum of all 43.
    """
    opts = ctx.options
    try:
        sheets = pd.read_excel(ctx.path, sheet_name=list(opts["sheets"]), header=None, engine=ODS_ENGINE)
    except ValueError as err:
        raise InputError(ctx.file, None, f"cannot read the spreadsheet: {err}") from None
    except Exception as err:  # a truncated or corrupt ODS surfaces as zip/XML errors
        raise InputError(ctx.file, None, f"not a readable ODS spreadsheet ({type(err).__name__}: {err})") from None
    result = ReadResult(rows_in=sum(len(frame) for frame in sheets.values()))
    for sheet, worker_type in opts["sheets"].items():
        _read_workforce_sheet(ctx, result, sheet, worker_type, sheets[sheet])
    return result


def _read_workforce_sheet(ctx: Context, result: ReadResult, sheet: str, worker_type: str, frame: pd.DataFrame):
    Sheet(ctx, result, sheet, worker_type, frame).read()
