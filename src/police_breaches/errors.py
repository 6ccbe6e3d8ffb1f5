"""One error type for bad input, so every message names the file, the row and the problem."""

from __future__ import annotations


class InputError(ValueError):
    """Raised when a raw or configuration file does not fit what the pipeline expects.

    ``row`` is the line a person would see when opening the file: 1 is the header of a CSV,
    2 its first data row; for spreadsheets it is ``Sheet!row``. ``None`` means the whole file.
    """

    def __init__(self, file: str, row: int | str | None, problem: str):
        self.file = str(file)
        self.row = row
        self.problem = problem
        where = self.file if row is None else f"{self.file}, row {row}"
        super().__init__(f"{where}: {problem}")
