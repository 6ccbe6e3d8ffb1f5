"""Figures that cannot all be true stop the build, before anything is published.

Each raw file is checked on its own as it is read; these checks look across the tidy tables, where one
mistyped figure shows against the others (a force total typed 4880 for 488 is more than the national
total of 2,315). Each problem names the file and row of the figure, and what it contradicts:

- a part above its whole: a force's total above the national total of the same period and unit, the known
  forces' totals together above it, one category, outcome or month of a force (or of all forces) above the
  total it is part of;
- a figure about a time outside what its source could know: ending after the source was published, or
  starting before ``earliest_date`` (``config/limits.yml``, where each limit has its reason);
- a workforce of nothing: a force whose officers, staff, PCSOs and designated officers add up to 0 FTE
  (a rate would divide by it);
- the same data twice: two raw files that give exactly the same figures, whatever their bytes (one saved
  with Windows line ends, say), which would count every figure twice.
"""

from __future__ import annotations

import calendar
import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from police_breaches.core import paths
from police_breaches.core.errors import InputError

if TYPE_CHECKING:  # pandas is imported where it is used: the build's preflight reads only the limits
    import pandas as pd

LIMITS = paths.CONFIG / "limits.yml"


@lru_cache(maxsize=4)
def _limits(path: Path) -> dict:
    """config/limits.yml: each limit a value with its reason; a whole number of counts, an ISO date."""
    from datetime import date

    from police_breaches.core import strict_yaml

    where = LIMITS.as_posix()
    try:
        found = {name: entry["value"] for name, entry in strict_yaml.load(path.read_text(encoding="utf-8")).items()
                 if entry.get("reason")}
        largest, earliest = found["largest_count"], found["earliest_date"]
        date.fromisoformat(earliest)
    except strict_yaml.YAMLProblem as err:
        raise InputError(where, err.line, err.problem) from None
    except (OSError, UnicodeDecodeError, AttributeError, KeyError, TypeError, ValueError) as err:
        raise InputError(where, None, f"needs largest_count and earliest_date, each with a value and a reason ({err})"
                         ) from None
    if not (isinstance(largest, int) and not isinstance(largest, bool) and 1 <= largest <= 10**15):
        raise InputError(where, None, f"largest_count {largest!r} is not a whole number from 1 to 10**15")
    return found


def limit(name: str, root: Path | None = None):
    return _limits(Path(root or paths.root()) / LIMITS)[name]


def published_by(text: str) -> str:
    """The last day a publication date can mean: '2016-07' → '2016-07-31', '2014' → '2014-12-31'."""
    found = re.match(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?", str(text))
    if not found:
        return "9999-12-31"
    year, month, day = int(found.group(1)), found.group(2), found.group(3)
    if day:
        return f"{year:04d}-{month}-{day}"
    if month:
        return f"{year:04d}-{month}-{calendar.monthrange(year, int(month))[1]:02d}"
    return f"{year:04d}-12-31"


def published_from(text: str) -> str:
    """The first day a publication date can mean: '2014' → '2014-01-01', '2016-07' → '2016-07-01'."""
    found = re.match(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?", str(text))
    if not found:
        return "9999-12-31"
    return f"{found.group(1)}-{found.group(2) or '01'}-{found.group(3) or '01'}"


def part_periods(observations: pd.DataFrame, manifest: dict) -> pd.Series:
    """For each figure whose period may not have ended when its source was published, what a reader is told
    ('answered during 2014, before the period ended'); '' for a figure over a whole period.

    A source dated only '2014' may have answered on any day of 2014, so its 2014 is a part year.
    """
    from police_breaches.core.text import date_words

    published = {source["source_id"]: source["published"] for entry in manifest["resources"]
                 for source in entry["sources"]}
    first = {source_id: published_from(text) for source_id, text in published.items()}
    import pandas as pd

    def when(text: str) -> str:  # 'during 2014', 'during July 2016'; a dated source answered 'by 11 February 2011'
        text = text.split(" (")[0]
        return f"{'by' if re.fullmatch(r'[0-9]{4}-[0-9]{2}-[0-9]{2}', text) else 'during'} {date_words(text)}"

    return pd.Series([f"answered {when(published[s])}, before the period ended"
                      if first.get(s, "9999-12-31") <= end else ""
                      for s, end in zip(observations["source_id"], observations["period_end"])],
                     index=observations.index, dtype=object)


def problems(tables: dict[str, pd.DataFrame], manifest: dict, root: Path | None = None) -> list[tuple[str, str, str]]:
    """(file, row, problem) for every figure that cannot be true beside the others."""
    places = {entry["name"]: entry["path"] for entry in manifest["resources"]}
    published = {source["source_id"]: published_by(source["published"]) for entry in manifest["resources"]
                 for source in entry["sources"]}

    def at(row) -> tuple[str, str]:
        return places.get(row.resource, row.resource), row.raw_row

    found = []
    earliest = str(limit("earliest_date", root))
    for name in ("observations", "incidents", "published_ranks"):
        table = tables[name]
        # Compared column by column, and only the rows at fault visited: a million incidents take a second.
        ends = table["source_id"].map(published).fillna("9999-12-31")
        suspect = (table["period_start"] < earliest) | (table["period_end"] > ends)
        for row in table[suspect.fillna(False).astype(bool)].itertuples(index=False):
            if row.period_start < earliest:
                found.append((*at(row), f"the period starts on {row.period_start}, before {earliest}, the earliest "
                                        "date a figure may cover (config/limits.yml)"))
            elif row.period_end > published.get(row.source_id, "9999-12-31"):
                found.append((*at(row), f"the period ends on {row.period_end}, after its source {row.source_id} was "
                                        f"published ({published[row.source_id]}): no source reports what has not "
                                        "happened yet"))
    found += _parts_above_wholes(tables["observations"], at)
    found += _empty_workforces(tables["workforce"], at)
    found += _same_figures_twice(tables, places)
    return found


def _parts_above_wholes(observations: pd.DataFrame, at) -> list[str]:
    reported = observations[observations["status"] == "reported"]
    found = []
    for (start, end, unit), group in reported.groupby(["period_start", "period_end", "unit"], sort=True):
        totals = group[group["breakdown"] == "total"]
        national = totals[totals["scope"] != "force"]
        forces = totals[totals["scope"] == "force"]
        what = f"{unit}, {start} to {end}"
        if national["value"].nunique() > 1:
            first, other = national.drop_duplicates("value").head(2).itertuples(index=False)
            found.append((*at(other), f"a total of {other.value:,} for all forces ({what}) where "
                                      f"{_place(at(first))} gives {first.value:,}: the sources disagree"))
        for whole in national.itertuples(index=False):
            for part in forces.itertuples(index=False):
                if part.value > whole.value:
                    found.append((*at(part), f"{part.force_id}'s {part.value:,} ({what}) is more than the total of "
                                             f"{whole.value:,} for all forces ({_place(at(whole))}): one of them "
                                             "is mistyped"))
            known = forces.drop_duplicates("force_id")["value"].sum()
            if known > whole.value:
                found.append((*at(whole), f"the forces' own totals add up to {known:,} ({what}), more than this "
                                          f"total of {whole.value:,} for all forces: one of them is mistyped"))
        parts = group[group["breakdown"] != "total"]
        for (scope, force_id, _source_id), categories in parts[parts["breakdown"] == "category"].groupby(
                ["scope", "force_id", "source_id"], dropna=False):  # one breach, one category: they add up
            wholes = national if scope != "force" else forces[forces["force_id"] == force_id]
            for whole in wholes.itertuples(index=False):
                if categories["value"].sum() > whole.value:
                    first = next(categories.itertuples(index=False))
                    found.append((*at(first), f"its {len(categories)} categories add up to "
                                              f"{int(categories['value'].sum()):,}, more than the total of "
                                              f"{whole.value:,} they divide ({_place(at(whole))}; {what})"))
        for part in parts.itertuples(index=False):
            wholes = national if part.scope != "force" else forces[forces["force_id"] == part.force_id]
            for whole in wholes.itertuples(index=False):
                if part.value > whole.value:
                    found.append((*at(part), f"{part.label_as_published!r} ({part.value:,}) is more than the total "
                                             f"it is part of ({whole.value:,}, {_place(at(whole))}; {what})"))
    return found


def _empty_workforces(workforce: pd.DataFrame, at) -> list[str]:
    reported = workforce[workforce["status"] == "reported"]
    found = []
    for (_release, as_at, force_id), group in reported.groupby(["release", "as_at", "force_id"], sort=True):
        if group["worker_type"].nunique() == 4 and group["fte"].sum() <= 0:
            found.append((*at(next(group.itertuples(index=False))), f"{force_id}'s officers, staff, PCSOs and "
                           f"designated officers add up to 0 FTE at {as_at}: no force has no workforce"))
    return found


SAME = ["force_id", "scope", "period_start", "period_end", "unit", "breakdown", "label_as_published", "value", "status"]


def _same_figures_twice(tables: dict[str, pd.DataFrame], places: dict[str, str]) -> list[str]:
    signatures: dict[tuple, str] = {}
    found = []
    for resource, group in tables["observations"].groupby("resource", sort=False):
        rows = group[SAME].astype(str).sort_values(SAME)
        signature = tuple(map(tuple, rows.itertuples(index=False)))
        first = signatures.setdefault(signature, resource)
        if first != resource:
            found.append((places[resource], None, f"gives exactly the same {len(rows)} figures as {places[first]}; the "
                                                  "same data twice would count every figure twice (remove one)"))
    return found


def _place(at: tuple[str, str]) -> str:
    return f"{at[0]}, row {at[1]}"


def check(tables: dict[str, pd.DataFrame], manifest: dict, root: Path | None = None) -> None:
    found = list(dict.fromkeys(problems(tables, manifest, root)))
    if len(found) == 1:
        raise InputError(*found[0])
    if found:
        files = sorted({file for file, _, _ in found})
        raise InputError(files[0] if len(files) == 1 else "data/raw", None, f"{len(found)} figures cannot all be "
                         "true:\n" + "\n".join(f"  - {_place((file, row)) if row else file}: {problem}"
                                                for file, row, problem in found))
