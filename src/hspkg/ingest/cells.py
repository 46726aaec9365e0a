"""Reading one CSV row: its cells by kind (text, id, year, date, whole number, choice, list), each by one parser.

A reader returns the cell's value, or None and a problem of the row's own
(``FILE:LINE: column: what is wrong``). The problems belong to the row: a
template asks :attr:`Cells.problems` of the row it reads, never how long a
shared list has grown. Years and dates are read by :mod:`hspkg.dates`, whole
numbers by ASCII digits only, so that ``٢٠١٥`` is a problem wherever it is given.

>>> row = Cells({"from_year": "٢٠١٥", "count": "12", "id": "ucl"}, "a.csv:2")
>>> row.year("from_year"), row.whole("count"), row.ident("id")
(None, 12, 'ucl')
>>> row.problems
["a.csv:2: from_year: '٢٠١٥' is not a year (four digits from 1000, such as 2010)"]
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..dates import YEAR_HINT, parse_date, parse_year

WHOLE = re.compile(r"[0-9]+")  # ASCII digits only: str.isdigit and \d take every script's digits


def slug(text: str) -> str:
    """An IRI path segment from a name.

    >>> slug("Queen Mary, University of London")
    'queen-mary-university-of-london'
    """
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")[:80] or "x"


def is_whole(text: str) -> bool:
    """Whether ``text`` is a whole number in ASCII digits.

    >>> is_whole("120"), is_whole("١٢٠"), is_whole("-1"), is_whole("")
    (True, False, False, False)
    """
    return WHOLE.fullmatch(text) is not None


class Cells:
    """One row's cells (stripped), where the row is (``FILE:LINE``), and the problems and warnings found in it."""

    def __init__(self, values: dict[str, str], where: str, problems: list[str] | None = None) -> None:
        self.values = values
        self.where = where
        self.problems: list[str] = [] if problems is None else problems
        self.warnings: list[str] = []

    def given(self, values: dict[str, str]) -> Cells:
        """Other cells read as part of this row (a name out of a list, a source a rule names): same place, same problems."""
        return Cells(values, self.where, self.problems)

    def problem(self, column: str, message: str) -> None:
        self.problems.append(f"{self.where}: {column}: {message}")

    def warning(self, column: str, message: str) -> None:
        self.warnings.append(f"{self.where}: {column}: {message}")

    def has(self, column: str) -> bool:
        """Whether the row has the column at all (an empty cell counts)."""
        return column in self.values

    # --- one reader per kind of cell -------------------------------------------------

    def text(self, column: str, default: str = "") -> str:
        """A text cell, stripped; ``default`` where the row has no such column."""
        return self.values.get(column, default).strip()

    def listed(self, column: str) -> list[str]:
        """A cell of ``;``-separated values, each stripped, empty ones dropped."""
        return [part.strip() for part in self.text(column).split(";") if part.strip()]

    def choice(self, column: str, choices: Iterable[str], what: str, plural: str = "", optional: bool = False) -> str | None:
        """A cell that must be one of ``choices`` (or empty, if ``optional``); a problem naming them if it is not."""
        value, known = self.text(column), list(choices)
        if value not in known and not (optional and not value):
            self.problem(column, f"unknown {what} {value!r} ({plural or what + 's'}: {', '.join(known)})")
            return None
        return value

    def ident(self, column: str, required: bool = False) -> str | None:
        """An id cell (the last part of an IRI): "" when empty and not required, None (and a problem) when it is no id."""
        value = self.text(column)
        if (value or required) and slug(value) != value:
            self.problem(column, f"{value!r} is not an id (lower-case letters, digits and hyphens)")
            return None
        return value

    def year(self, column: str, required: bool = False) -> int | None:
        """A year cell, read by :func:`hspkg.dates.parse_year` (ASCII digits, from 1000); a problem if it is none."""
        value = self.text(column)
        if not value:
            if required:
                self.problem(column, f"a year is needed ({YEAR_HINT})")
            return None
        try:
            return parse_year(value)
        except ValueError as e:
            self.problem(column, str(e))
            return None

    def date(self, column: str) -> str | None:
        """A date cell (a year, month or day, kept as precise as given), read by :func:`hspkg.dates.parse_date`."""
        value = self.text(column)
        if not value:
            return None
        try:
            return str(parse_date(value))
        except ValueError as e:
            self.problem(column, str(e))
            return None

    def whole(self, column: str) -> int | None:
        """A whole-number cell in ASCII digits: None when empty, None and a problem when it is no whole number."""
        value = self.text(column)
        if not value:
            return None
        if not is_whole(value):
            self.problem(column, f"{value!r} is not a whole number")
            return None
        return int(value)


__all__ = ["Cells", "is_whole", "slug"]
