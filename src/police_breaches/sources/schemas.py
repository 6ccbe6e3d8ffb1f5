"""The shape of every processed table, checked with pandera before anything is written.

Each table has a fixed column order and sort order so that two builds of the same inputs give the same
bytes.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

STATUSES = ["reported", "nil", "not_held", "refused", "not_revealed", "suppressed", "not_retrievable", "not_provided",
            "counted_elsewhere",
            "not_available", "not_applicable"]  # as in config/statuses.csv (a test keeps them in step)

_text = dict(dtype=str, nullable=True, coerce=True)
_req = dict(dtype=str, nullable=False, coerce=True)


def _value_matches_status(frame: pd.DataFrame) -> pd.Series:
    """A reported figure has a value; a missing figure has a status that says why."""
    has_value = frame["value"].notna()
    return (has_value & frame["status"].isin(["reported", "nil"])) | (~has_value & ~frame["status"].isin(["reported", "nil"]))


SCHEMAS: dict[str, pa.DataFrameSchema] = {
    "observations": pa.DataFrameSchema(
        {
            "resource": pa.Column(**_req), "raw_row": pa.Column(**_req), "source_id": pa.Column(**_req),
            "force_id": pa.Column(**_text), "scope": pa.Column(**_req),
            "period_start": pa.Column(**_req), "period_end": pa.Column(**_req), "period_label": pa.Column(**_req),
            "part_period": pa.Column(**_text), "unit": pa.Column(**_req),
            "breakdown": pa.Column(str, pa.Check.str_matches(r"^[a-z][a-z0-9_]*$"), coerce=True),
            "label_as_published": pa.Column(**_text), "breakdown_value": pa.Column(**_text),
            "category": pa.Column(**_text), "outcome": pa.Column(**_text),
            "staff_group": pa.Column(**_req),
            "value": pa.Column("Int64", pa.Check.ge(0), nullable=True, coerce=True),
            "status": pa.Column(str, pa.Check.isin(STATUSES), coerce=True),
            "status_detail": pa.Column(**_text), "note": pa.Column(**_text),
        },
        checks=[pa.Check(_value_matches_status, error="value and status disagree"),
                pa.Check(lambda f: f["period_end"] >= f["period_start"], error="period ends before it starts")],
        strict=True, ordered=True,
    ),
    "incidents": pa.DataFrameSchema(
        {name: pa.Column(**(_req if name in ("resource", "raw_row", "source_id", "force_id", "period_start",
                                             "period_end", "unit", "description") else _text))
         for name in ["resource", "raw_row", "source_id", "force_id", "period_start", "period_end", "period_label",
                      "period_note", "unit", "description", "category_as_published", "category",
                      "staff_group_as_published", "staff_group", "outcome_as_published", "outcome"]},
        strict=True, ordered=True,
    ),
    "published_ranks": pa.DataFrameSchema(
        {
            "resource": pa.Column(**_req), "raw_row": pa.Column(**_req), "source_id": pa.Column(**_req),
            "force_id": pa.Column(**_req), "period_start": pa.Column(**_req), "period_end": pa.Column(**_req),
            "period_label": pa.Column(**_req), "rank": pa.Column("Int64", pa.Check.ge(1), nullable=True, coerce=True),
            "rank_as_published": pa.Column(**_req), "scope": pa.Column(**_req),
        },
        strict=True, ordered=True,
    ),
    "workforce": pa.DataFrameSchema(
        {
            "resource": pa.Column(**_req), "raw_row": pa.Column(**_req), "source_id": pa.Column(**_req),
            "force_id": pa.Column(**_req), "as_at": pa.Column(**_req),
            "worker_type": pa.Column(str, pa.Check.isin(["officers", "staff", "pcsos", "designated_officers"]), coerce=True),
            "fte": pa.Column(float, pa.Check.ge(0), nullable=True, coerce=True),
            "status": pa.Column(str, pa.Check.isin(STATUSES), coerce=True), "status_detail": pa.Column(**_text),
            "release": pa.Column(**_req),
        },
        strict=True, ordered=True,
    ),
    "rejects": pa.DataFrameSchema(
        {"resource": pa.Column(**_req), "path": pa.Column(**_req), "raw_row": pa.Column(**_req),
         "reason": pa.Column(**_req)}, strict=True, ordered=True),
    "data_quality": pa.DataFrameSchema(
        {"resource": pa.Column(**_req), "raw_row": pa.Column(**_text), "check": pa.Column(**_req),
         "force_id": pa.Column(**_text),  # the force a check is about, apart from its words (which name it)
         "result": pa.Column(str, pa.Check.isin(["ok", "mismatch", "revised"]), coerce=True),
         "expected": pa.Column(**_text), "found": pa.Column(**_text), "message": pa.Column(**_text)},
        strict=True, ordered=True),
    "row_accounting": pa.DataFrameSchema(
        {"resource": pa.Column(**_req), "path": pa.Column(**_req), "rows_in": pa.Column(int, coerce=True),
         "rows_out": pa.Column(int, coerce=True), "rows_set_aside": pa.Column(int, coerce=True)},
        checks=pa.Check(lambda f: f["rows_in"] == f["rows_out"] + f["rows_set_aside"], error="rows lost"),
        strict=True, ordered=True),
}

SORT_KEYS = {
    "observations": ["resource", "raw_row", "period_start", "label_as_published"],
    "incidents": ["resource", "raw_row"],
    "published_ranks": ["resource", "raw_row"],
    "workforce": ["resource", "worker_type", "raw_row", "as_at"],
    "rejects": ["resource", "raw_row"],
    "data_quality": ["check", "resource", "raw_row"],
    "row_accounting": ["resource"],
}


def _sort_key(column: pd.Series) -> pd.Series:
    """Natural order, vectorised: 'Table_1!9' before 'Table_1!10', row 2 before row 10."""
    numeric = pd.to_numeric(column, errors="coerce")
    if numeric.notna().all():  # plain row numbers: the common, large case
        return numeric
    text = column.astype(str)
    parts = text.str.extract(r"^(.*?)(\d*)$")
    prefix_rank = pd.Series(pd.Categorical(parts[0], categories=sorted(parts[0].unique())).codes, index=column.index)
    number = pd.to_numeric(parts[1], errors="coerce").fillna(-1)
    return prefix_rank.astype("float64") * 1e12 + number


def frame(name: str, records: list[dict], frames: list[pd.DataFrame] = (), paths: dict | None = None) -> pd.DataFrame:
    """Build, validate and sort one processed table from reader records and column-wise reader frames.

    A row that breaks the table's schema is an error naming its raw file and row (``paths``: resource → file).
    """
    schema = SCHEMAS[name]
    columns = list(schema.columns)
    parts = [pd.DataFrame(records, columns=columns, dtype=object)] + [f[columns].astype(object) for f in frames]
    table = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
    for column in columns:
        if str(schema.columns[column].dtype) == "str":
            present = table[column].notna()
            table[column] = table[column].where(present, "").astype(str)
    try:
        table = schema.validate(table)
    except pa.errors.SchemaError as err:
        failing = err.failure_cases.get("index") if err.failure_cases is not None else None
        index = failing.dropna().iloc[0] if failing is not None and failing.notna().any() else None
        row = table.loc[index] if index is not None and index in table.index else None
        resource = row["resource"] if row is not None and "resource" in row else None
        from police_breaches.core.errors import InputError
        raise InputError((paths or {}).get(resource, resource or name), None if row is None else row.get("raw_row"),
                         f"a value read from this row does not fit the {name} table: {err.args[0].splitlines()[0]}") from None
    keys = SORT_KEYS[name]
    sortable = table[keys].apply(lambda col: _sort_key(col) if col.name == "raw_row" else col)
    order = sortable.sort_values(keys, kind="stable").index
    return table.loc[order].reset_index(drop=True)
