"""One error type for bad input, so every message names the file, where in it, and the problem."""

from __future__ import annotations

import re
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


# A file's bytes as text (here, not with the readers, so checking a configuration file needs no pandas).
BYTE_ORDER_MARKS = [  # longest first: UTF-32's little-endian mark begins with UTF-16's
    (b"\xff\xfe\x00\x00", "UTF-32 (little-endian)"), (b"\x00\x00\xfe\xff", "UTF-32 (big-endian)"),
    (b"\xff\xfe", "UTF-16 (little-endian)"), (b"\xfe\xff", "UTF-16 (big-endian)"),
]
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def decode_text(data: bytes, file: str) -> str:
    """A raw CSV's bytes as text: UTF-8 without a byte-order mark, or an error that says what the file is."""
    if not data.strip():
        raise InputError(file, None, "the file is empty")
    for mark, encoding in BYTE_ORDER_MARKS:
        if data.startswith(mark):
            raise InputError(file, 1, f"the file is {encoding}, as its byte-order mark shows; save it as UTF-8 "
                                      "(without a byte-order mark) and record the new checksum")
    if data.startswith(b"\xef\xbb\xbf"):
        raise InputError(file, 1, "the file starts with a byte-order mark (as Excel's 'CSV UTF-8' writes); "
                                  "save it as plain UTF-8 and record the new checksum")
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        if data[1::2].count(0) > len(data) // 4 or data[0::2].count(0) > len(data) // 4:
            raise InputError(file, line, "contains NUL bytes in every other place: it looks like UTF-16 without a "
                                         "byte-order mark; save it as UTF-8")
        raise InputError(file, line, "contains NUL bytes: not a text file")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise InputError(file, line, f"not valid UTF-8 (byte {data[err.start]:#04x} at offset {err.start}); "
                                     "was it saved as Windows-1252 or Latin-1? Save it as UTF-8") from None
    if control := _CONTROL.search(text):
        line = text[: control.start()].count("\n") + 1
        raise InputError(file, line, f"contains the control character {unusual_characters(control.group())[0]}, "
                                     "which no published table holds")
    return text
