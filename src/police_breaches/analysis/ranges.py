"""How high and how low a force with a published total can rank among all the forces that answered.

Big Brother Watch's per-force table was never published: 13 totals are known, and they are not a sample
that a rank can be read from (a force 13th of the 13 may be 20th or 44th of all). What every published fact
allows is a range. For each force with a known total, an integer program finds the best and the worst rank
it can hold, given:

- every known total;
- every rank the press published, in its own scope ("6th in England", "8th in the UK", "not in the top 10");
- the national figure: the forces that answered reported 2,315 between them, so the unknown totals are whole
  numbers of at least 0 that add up to 2,315 less the known ones;
- which forces answered, which was not published (``assumptions``: each a scenario).

A rank is the press's: 1 + the number of forces with more breaches. The unknown forces are interchangeable
but for their country (a rank "in England" counts English forces only), so the program counts how many of
each country's unknown forces fall between each pair of known totals; a set of counts is possible exactly
when the totals' least and greatest sums bracket what is left of the national figure. HiGHS (through
highspy, its authors' Python interface) solves each program exactly, in milliseconds.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
from dataclasses import dataclass

import pandas as pd

MAIN = "territorial"  # the other assumption: "with special forces" (every force in config/forces.csv answered)


def assumptions(ranked: pd.DataFrame, register) -> dict[str, str]:
    """Each assumption about who answered, in words, from the forces' register and the withheld figures."""
    forces = register.forces
    withheld = [register.name_of(f) for f in ranked.loc[ranked["status"] != "reported", "force_id"]]
    others = forces.loc[forces["kind"] != "territorial", "name"].tolist()
    return {MAIN: "every territorial force" + (f" except {_and(withheld)}, whose figures were not revealed"
                                               if withheld else ""),
            "with special forces": f"the {len(others)} national forces ({_and(others)}) answered too"}


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


@dataclass(frozen=True)
class Facts:
    known: dict[str, int]  # force id → its published total
    answered: list[str]  # the forces assumed to have answered
    england: set[str]  # which of them are English (for ranks "in England")
    remaining: int | None  # the national figure less the known totals (None: no national figure)
    ranks: list[tuple[str, str, str]]  # (force id, rank as published, scope) of every published rank


def facts(ranked: pd.DataFrame, published: pd.DataFrame, register, national_total: int | None,
          assumption: str = MAIN) -> Facts:
    forces = register.forces
    pool = forces[forces["kind"] == "territorial"] if assumption == MAIN else forces
    known = {r.force_id: int(r.value) for r in ranked.itertuples() if r.status == "reported"}
    withheld = {r.force_id for r in ranked.itertuples() if r.status != "reported"}
    answered = [f for f in pool["force_id"] if f not in withheld]
    england = set(forces.loc[forces["country"] == "England", "force_id"])
    remaining = None if national_total is None else int(national_total) - sum(known.values())
    ranks = [(r.force_id, str(r.rank_as_published), str(r.scope)) for r in published.itertuples()
             if r.force_id in known]
    return Facts(known, answered, england, remaining, ranks)


def rank_ranges(facts_: Facts, largest: int) -> pd.DataFrame:
    """force_id, best and worst possible rank, and of how many forces, for each force with a known total.
    ``largest``: the largest count a total may be where no national figure bounds it (config/limits.yml)."""
    rows = []
    for force, _total in sorted(facts_.known.items(), key=lambda item: (-item[1], item[0])):
        best, worst = rank_range(facts_, force, largest)
        rows.append({"force_id": force, "best": best, "worst": worst, "of": len(facts_.answered)})
    return pd.DataFrame(rows, columns=["force_id", "best", "worst", "of"]).astype({"best": "Int64", "worst": "Int64"})


def rank_range(facts_: Facts, force: str, largest: int, in_england: bool = False) -> tuple[int | None, int | None]:
    """The best and worst rank ``force`` can hold (among English forces only, ``in_england``); (None, None)
    if the facts cannot all hold."""
    total = facts_.known[force]
    above = sum(1 for other, value in facts_.known.items() if value > total
                and (not in_england or other in facts_.england))
    bounds = [_solve(facts_, total, sense, largest, in_england) for sense in ("min", "max")]
    return (None, None) if None in bounds else (1 + above + bounds[0], 1 + above + bounds[1])


def without_each(ranked: pd.DataFrame, published: pd.DataFrame, register, national: int | None,
                 largest: int) -> pd.DataFrame:
    """For each published rank of a force with a known total: the range every *other* published fact allows that
    force, in the rank's own scope ('in England': among English forces), and of how many forces."""
    known = set(ranked.loc[ranked["status"] == "reported", "force_id"])
    rows = []
    for item in published[published["force_id"].isin(known)].itertuples(index=False):
        in_england = "england" in str(item.scope).lower()
        facts_ = facts(ranked, published[published["raw_row"] != item.raw_row], register, national)
        best, worst = rank_range(facts_, item.force_id, largest, in_england)
        of = sum(f in facts_.england for f in facts_.answered) if in_england else len(facts_.answered)
        rows.append({"raw_row": item.raw_row, "force_id": item.force_id, "scope": item.scope, "best": best,
                     "worst": worst, "of": of, "in_england": in_england})
    return pd.DataFrame(rows, columns=["raw_row", "force_id", "scope", "best", "worst", "of", "in_england"])


# complexity: builds and solves one integer program: its variables, constraints and objective share one model
def _solve(facts_: Facts, threshold: int, sense: str, largest: int, in_england: bool = False) -> int | None:
    """The least or greatest number of unknown forces (English ones only, ``in_england``) with more than
    ``threshold`` breaches; None if the published facts cannot all hold under the assumption."""
    import highspy

    unknown = [f for f in facts_.answered if f not in facts_.known]
    groups = {"England": sum(f in facts_.england for f in unknown), "elsewhere": sum(f not in facts_.england for f in unknown)}
    cuts = sorted(set(facts_.known.values()))
    top = facts_.remaining if facts_.remaining is not None else largest
    bounds = [(0, cuts[0])] + [(a + 1, b) for a, b in zip(cuts, cuts[1:])] + [(cuts[-1] + 1, max(top, cuts[-1] + 1))]
    with _quietly():  # HiGHS prints its banner to the terminal, once per process: never into a notebook
        model = highspy.Highs()
        model.setOptionValue("output_flag", False)
        count = {(g, k): model.addIntegral(lb=0, ub=n) for g, n in groups.items() for k in range(len(bounds))}
        for group, n in groups.items():
            model.addConstr(sum(count[group, k] for k in range(len(bounds))) == n)
        if facts_.remaining is not None:
            model.addConstr(sum(count[key] * bounds[key[1]][0] for key in count) <= facts_.remaining)
            model.addConstr(sum(count[key] * bounds[key[1]][1] for key in count) >= facts_.remaining)

        def above(value: int, in_england: bool):
            return sum(count[g, k] for g in groups for k, (low, _) in enumerate(bounds)
                       if low > value and (g == "England" or not in_england))

        for force, rank, scope in facts_.ranks:
            value, in_england = facts_.known[force], "england" in scope.lower()
            known_above = sum(1 for f, v in facts_.known.items() if v > value and f in facts_.answered
                              and (f in facts_.england or not in_england))
            outside = re.fullmatch(r"not in the top (\d+)", rank.strip().lower())
            if rank.strip().isdigit():
                model.addConstr(above(value, in_england) == int(rank) - 1 - known_above)
            elif outside:
                model.addConstr(above(value, in_england) >= int(outside.group(1)) - known_above)
        (model.minimize if sense == "min" else model.maximize)(above(threshold, in_england))
        solved = model.getModelStatus() == highspy.HighsModelStatus.kOptimal
        value = model.getInfo().objective_function_value
    return round(value) if solved else None


@contextlib.contextmanager
def _quietly():
    sys.stdout.flush()
    saved, null = os.dup(1), os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    try:
        yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)
        os.close(null)


def words(best, worst) -> str:
    """'9th–20th', '1st', or 'not known' where the facts cannot all hold."""
    from police_breaches.core.text import ordinal

    if best is None or pd.isna(best):
        return "not known"
    return ordinal(best) if best == worst else f"{ordinal(best)}–{ordinal(worst)}"
