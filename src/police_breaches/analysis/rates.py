"""Rates per 1,000 officers and staff: the Home Office workforce for a date, its revisions, and an exact
Poisson interval for each count."""

from __future__ import annotations

import math

import pandas as pd

from police_breaches.sources.readers.ods_sheet import PART_WORDS


def poisson_cdf(k: int, mu: float) -> float:
    """P(X ≤ k) for X ~ Poisson(mu), as the regularised upper incomplete gamma function Q(k + 1, mu).

    A series where mu is small against k, a continued fraction (modified Lentz) elsewhere: the textbook
    method (Numerical Recipes, 6.2), accurate to about 1e-15. Two quantiles did not justify importing
    scipy.stats (1.4 s at every start).
    """
    if mu <= 0:
        return 1.0
    a = k + 1
    log_prefactor = -mu + a * math.log(mu) - math.lgamma(a)
    if mu < a + 1:
        term = total = 1.0 / a
        n = a
        while abs(term) > abs(total) * 1e-17:
            n += 1
            term *= mu / n
            total += term
        return max(0.0, 1.0 - total * math.exp(log_prefactor))
    tiny = 1e-300
    b = mu + 1.0 - a
    c, d = 1.0 / tiny, 1.0 / b
    h = d
    for i in range(1, 100_000):
        an = -i * (i - a)
        b += 2.0
        d = an * d + b
        d = tiny if abs(d) < tiny else d
        c = b + an / c
        c = tiny if abs(c) < tiny else c
        d = 1.0 / d
        h *= d * c
        if abs(d * c - 1.0) < 1e-16:
            break
    return math.exp(log_prefactor) * h


def _where_falls_to(f, target: float, low: float, high: float) -> float:
    """The mu at which a decreasing function of mu crosses ``target``, by bisection."""
    while f(high) > target:
        high *= 2
    for _ in range(200):
        middle = (low + high) / 2
        low, high = (middle, high) if f(middle) > target else (low, middle)
        if high - low <= 1e-13 * max(1.0, high):
            break
    return (low + high) / 2


def poisson_interval(count: int, level: float = 0.95) -> tuple[float, float]:
    """Exact (Garwood) interval for a Poisson count: the means under which the count is just in the tails.

    Upper: P(X ≤ count) = (1 - level) / 2. Lower: P(X ≥ count) = (1 - level) / 2, and 0 for a count of 0.
    """
    tail = (1 - level) / 2
    upper = _where_falls_to(lambda mu: poisson_cdf(count, mu), tail, float(count), count + 10 * math.sqrt(count + 1) + 10)
    lower = 0.0 if count == 0 else _where_falls_to(lambda mu: poisson_cdf(count - 1, mu), 1 - tail, 0.0, float(count))
    return lower, upper


PARTS = ["officers", "staff", "pcsos", "designated_officers"]


def workforce_totals(workforce: pd.DataFrame, as_at: str | None = None) -> pd.DataFrame:
    """Per force and date, from the latest release giving the date: officers, police staff, PCSOs and designated
    officers (FTE), their total, and what a reader needs to know of it. A part the release counts within another
    (status ``counted_elsewhere``, its footnote declared in the manifest) adds nothing and is named in
    ``workforce_caveat``; a part it does not give leaves the total unknown, said in ``workforce_missing``.
    The one function for a workforce: the rates, the summary and the force pages all use it."""
    rows = workforce if as_at is None else workforce[workforce["as_at"] == as_at]
    rows = rows.sort_values("release").drop_duplicates(["force_id", "as_at", "worker_type"], keep="last")
    out = []
    for (force_id, when), group in rows.groupby(["force_id", "as_at"], sort=True):
        parts = group.set_index("worker_type")
        values, caveats, missing = {}, [], []
        for part in PARTS:
            row = parts.loc[part] if part in parts.index else None
            values[part] = round(float(row["fte"]), 2) if row is not None and row["status"] == "reported" else None
            if row is None:
                missing.append(f"its {PART_WORDS[part]} (not in the table)")
            elif row["status"] == "counted_elsewhere":
                caveats.append(f"{PART_WORDS[part]} are {row['status_detail']}")
            elif row["status"] != "reported":
                missing.append(f"its {PART_WORDS[part]} ('{row['status_detail'] or row['status']}' in the table)")
        total = None if missing else round(sum(v for v in values.values() if v is not None), 2)
        out.append({"force_id": force_id, "as_at": when, "release": parts["release"].max(), **values,
                    "workforce_fte": total, "workforce_caveat": "; ".join(caveats),
                    "workforce_missing": " and ".join(missing)})
    return pd.DataFrame(out, columns=["force_id", "as_at", "release", *PARTS, "workforce_fte", "workforce_caveat",
                                      "workforce_missing"]).astype({column: float for column in [*PARTS, "workforce_fte"]})


def workforce_notes(totals: pd.DataFrame, unusual: float = 0.5) -> pd.DataFrame:
    """Flag a workforce whose make-up raises the rate: very few police staff of its own per officer.

    A force with under ``unusual`` × the median number of police staff per officer (across all forces in the
    table) does much of its support work some other way, for example through an outsourcing contract; its
    breaches are divided by a smaller workforce, which raises its rate. (How a force splits designated
    officers from staff cannot move the rate: the denominator adds all four groups.)
    """
    table = totals.copy()
    table["staff_per_officer"] = per_officer = table["staff"] / table["officers"]
    table["median_staff_per_officer"] = median = per_officer.median()
    table["workforce_note"] = [f"{ratio:.2f} police staff per officer, against a median of {median:.2f}"
                               if ratio < unusual * median else "" for ratio in per_officer]
    return table


def rates(ranked: pd.DataFrame, workforce: pd.DataFrame, as_at: str, years: float, level: float = 0.95) -> pd.DataFrame:
    """Breaches per 1,000 FTE workforce (and per year), with exact Poisson intervals."""
    staff = workforce_notes(workforce_totals(workforce, as_at))
    table = ranked[ranked["status"] == "reported"].merge(
        staff[["force_id", "workforce_fte", "workforce_note", "workforce_caveat", "workforce_missing", "staff_per_officer",
               "median_staff_per_officer"]],
        on="force_id", how="left")
    for column in ("workforce_note", "workforce_caveat"):
        table[column] = table[column].fillna("")
    table["workforce_missing"] = table["workforce_missing"].fillna("it is not in the Home Office tables (which "
                                                                   "cover England and Wales only)")
    # No workforce (a part not given, or no figure at all) means no rate, not a division by zero.
    table["workforce_fte"] = table["workforce_fte"].astype(float).where(table["workforce_fte"] > 0)
    bounds = table["value"].astype(int).map(lambda n: poisson_interval(n, level))
    table["per_1000_fte"] = 1000 * table["value"] / table["workforce_fte"]
    table["per_1000_fte_low"] = [1000 * lo / w for (lo, _), w in zip(bounds, table["workforce_fte"])]
    table["per_1000_fte_high"] = [1000 * hi / w for (_, hi), w in zip(bounds, table["workforce_fte"])]
    table["per_1000_fte_per_year"] = table["per_1000_fte"] / years
    # Both places are counted among the forces with a rate, so the slope chart and the words compare like with like
    # (a force's place among all published totals is in the ranking).
    rated = table["per_1000_fte"].notna()
    table["count_rank"] = table["value"].where(rated).rank(method="min", ascending=False).astype("Int64")
    table["rate_rank"] = table["per_1000_fte"].rank(method="min", ascending=False).astype("Int64")
    table["workforce_as_at"] = as_at
    return table.sort_values("per_1000_fte", ascending=False).reset_index(drop=True)


def years_between(start: str, end: str) -> float:
    return ((pd.Timestamp(end) - pd.Timestamp(start)).days + 1) / 365.25
