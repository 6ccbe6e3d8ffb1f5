"""Controlled vocabularies kept in ``config/``: the force register, the category/outcome taxonomy, statuses.

A name or label that is not known is an error naming the file, row and value, with the closest known
entries as a suggestion. Nothing is fuzzily matched behind the reader's back.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from police_breaches.core.errors import InputError, unusual_characters
from police_breaches.core.text import normalise

if TYPE_CHECKING:  # pandas is imported where a table is made: checking config/ needs only normalise()
    import pandas as pd


def slug(text: str) -> str:
    """An id from a label: 'Personal data' → 'personal_data'."""
    return re.sub(r"[^a-z0-9]+", "_", normalise(text)).strip("_")


def _closest(value: str, known: list[str]) -> str:
    """The closest known names; and where the value holds characters that only look like plain text, which."""
    near = difflib.get_close_matches(normalise(value), known, n=3, cutoff=0.5)
    hint = f"; closest known: {', '.join(repr(n) for n in near)}" if near else ""
    unusual = unusual_characters(value)
    if not unusual:
        return hint
    pairs = []
    if near:
        got, expected = normalise(value), near[0]
        for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, got, expected, autojunk=False).get_opcodes():
            if op == "replace" and i2 - i1 == j2 - j1:
                pairs += [(a, b) for a, b in zip(got[i1:i2], expected[j1:j2]) if unusual_characters(a)]
            elif op == "delete":
                pairs += [(a, None) for a in got[i1:i2] if unusual_characters(a)]
    if pairs:
        original = {char.casefold(): char for char in str(value)}  # name the character as written, not folded
        described = "; ".join(unusual_characters(original.get(a, a))[0]
                              + (f" where {b!r} was expected" if b else " that should not be there")
                              for a, b in dict.fromkeys(pairs))
        return f"{hint}. It contains {described}"
    return f"{hint}. It contains {', '.join(unusual)}"


def _frame(rows: list[dict]) -> pd.DataFrame:
    """Checked configuration rows (configuration.table) as a table of text, without the row numbers."""
    import pandas as pd

    return pd.DataFrame([{k: v for k, v in row.items() if k != "_row"} for row in rows], dtype=str)


@dataclass(frozen=True)
class ForceRegister:
    """One canonical id and name per UK police force, with the aliases seen in the sources."""

    forces: pd.DataFrame
    alias_to_id: dict[str, str]

    @classmethod
    def from_rows(cls, rows: list[dict]) -> ForceRegister:
        """config/forces.csv, checked (one id and one force per name: configuration.check)."""
        alias_to_id = {normalise(name): row["force_id"] for row in rows
                       for name in [row["force_id"].replace("_", " "), row["name"], *filter(None, row["aliases"].split("|"))]}
        return cls(forces=_frame(rows), alias_to_id=alias_to_id)

    def resolve(self, name: str, file: str, row: int | str) -> str:
        key = normalise(name)
        if key in self.alias_to_id:
            return self.alias_to_id[key]
        raise InputError(file, row, f"unknown police force {name!r}{_closest(name, list(self.alias_to_id))}. "
                                    "If it is a real force or a new spelling, add it to config/forces.csv")

    @cached_property
    def by_id(self) -> pd.DataFrame:
        return self.forces.set_index("force_id")

    def name_of(self, force_id: str) -> str:
        return self.by_id.at[force_id, "name"]

    def in_text(self, force_id: str) -> str:
        """The name as a sentence uses it: 'the Metropolitan Police Service', 'Kent Police'."""
        return f"{self.by_id.at[force_id, 'article']} {self.name_of(force_id)}".strip()

    def kind_of(self, force_id: str) -> str:
        return self.by_id.at[force_id, "kind"]

    def territorial(self) -> pd.DataFrame:
        return self.forces[self.forces["kind"] == "territorial"]


@dataclass(frozen=True)
class Taxonomy:
    """Canonical categories, outcomes and staff groups, and the crosswalk from published labels to them."""

    canonical: pd.DataFrame
    labels: dict[tuple[str, str], str]

    @classmethod
    def from_rows(cls, canonical: list[dict], labels: list[dict]) -> Taxonomy:
        """config/canonical.csv and config/labels.csv, checked (configuration.check)."""
        table = _frame(canonical)
        table["order"] = table["order"].astype(int)
        return cls(canonical=table,
                   labels={(row["dimension"], normalise(row["label_as_published"])): row["id"] for row in labels})

    def lookup(self, dimension: str, label: str, file: str, row: int | str) -> str:
        key = (dimension, normalise(label))
        if key in self.labels:
            return self.labels[key]
        known = [lab for dim, lab in self.labels if dim == dimension]
        raise InputError(file, row, f"unknown {dimension} {label!r}{_closest(label, known)}. "
                                    "Map it in config/labels.csv")

    def classify(self, dimensions: list[str], label: str, file: str, row: int | str) -> tuple[str, str]:
        """For tables that mix categories and outcomes in one column: which dimension, and which id."""
        if len(dimensions) == 1:
            return dimensions[0], self.lookup(dimensions[0], label, file, row)
        for dimension in dimensions:
            key = (dimension, normalise(label))
            if key in self.labels:
                return dimension, self.labels[key]
        known = [lab for dim, lab in self.labels if dim in dimensions]
        raise InputError(file, row, f"unknown label {label!r} (expected a {' or '.join(dimensions)})"
                                    f"{_closest(label, known)}. Map it in config/labels.csv")

    def names(self, dimension: str) -> pd.DataFrame:
        table = self.canonical[self.canonical["dimension"] == dimension]
        return table.sort_values("order").reset_index(drop=True)


@dataclass(frozen=True)
class Statuses:
    """What a published answer means when it is not a number: nil, not held, refused, suppressed …"""

    table: pd.DataFrame

    @classmethod
    def from_rows(cls, rows: list[dict]) -> Statuses:
        return cls(_frame(rows))

    def known(self) -> set[str]:
        return set(self.table["status"])

    def match(self, text: str) -> str | None:
        """The one status whose pattern an answer matches, or None; two is a fault of config/statuses.csv."""
        folded = normalise(text)
        found = [row.status for row in self.table.itertuples(index=False)
                 if row.answer_pattern and re.fullmatch(row.answer_pattern, folded, flags=re.ASCII)]
        if len(found) > 1:
            raise InputError("config/statuses.csv", None, f"the answer {text!r} matches the patterns of more than one "
                                                          f"status ({', '.join(found)}): make the patterns exclusive")
        return found[0] if found else None


@dataclass(frozen=True)
class Vocabularies:
    forces: ForceRegister
    taxonomy: Taxonomy
    statuses: Statuses
    regions: pd.DataFrame

    @classmethod
    def load(cls, config_dir: Path | None = None) -> Vocabularies:
        """Every vocabulary in ``config/`` (default: the project's), each file checked against its schema and the
        others (configuration.check)."""
        from police_breaches.core import configuration, paths

        root = paths.at(config_dir or paths.CONFIG).parent
        found = configuration.check(root, configuration.CONFIG_TABLES)
        return cls(
            forces=ForceRegister.from_rows(found["forces.csv"]),
            taxonomy=Taxonomy.from_rows(found["canonical.csv"], found["labels.csv"]),
            statuses=Statuses.from_rows(found["statuses.csv"]),
            regions=_frame(found["regions.csv"]),
        )
