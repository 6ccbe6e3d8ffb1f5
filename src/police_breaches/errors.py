"""One error type for bad input, so every message names the file, where in it, and the problem."""

from __future__ import annotations

import unicodedata


class InputError(ValueError):
    """Raised when a raw or configuration file does not fit what the pipeline expects.

    ``row`` is the line a person would see when opening the file: 1 is the header of a CSV,
    2 its first data row; for spreadsheets it is ``Sheet!row``. ``None`` means the whole file.
    ``column`` names the column where one cell is at fault; ``position`` is a place in a text file that
    is not a table ("line 12, column 5" in datapackage.json).
    """

    def __init__(self, file: str, row: int | str | None, problem: str, column: str | None = None,
                 position: str | None = None):
        self.file = str(file)
        self.row = row
        self.column = column
        self.problem = problem
        where = self.file + ("" if row is None else f", row {row}") + (
            "" if column is None else f", column {column!r}") + ("" if position is None else f", {position}")
        super().__init__(f"{where}: {problem}")

    def _render_traceback_(self) -> list[str]:
        """In a notebook, the one line a command prints, not a traceback through the package."""
        return [f"error: {self}"]


CONTROL_NAMES = {0x00: "NULL", 0x07: "BELL", 0x08: "BACKSPACE", 0x09: "CHARACTER TABULATION", 0x0A: "LINE FEED",
                 0x0B: "LINE TABULATION", 0x0C: "FORM FEED", 0x0D: "CARRIAGE RETURN", 0x1B: "ESCAPE", 0x7F: "DELETE"}


def unusual_characters(text: str) -> list[str]:
    """Each character a reader could not tell apart from plain text, named: 'U+0435 CYRILLIC SMALL LETTER IE'.

    Anything outside printable ASCII counts: letters from other scripts that look Latin, digits from other
    scripts, invisible and non-breaking spaces, typographic dashes.
    """
    seen, named = set(), []
    for char in str(text):
        if (" " <= char <= "~") or char in seen:
            continue
        seen.add(char)
        name = unicodedata.name(char, None) or CONTROL_NAMES.get(ord(char), "CONTROL CHARACTER")
        named.append(f"U+{ord(char):04X} {name}")
    return named


def shown(text: str) -> str:
    """A value in a message: quoted, with any unusual characters named after it."""
    unusual = unusual_characters(text)
    return repr(text) + (f" (it contains {', '.join(unusual)})" if unusual else "")
