"""Years and dates, read by one rule everywhere (ingest, catalogue parameters, the command line).

A source gives a year, a month or a day; :func:`parse_date` keeps that
precision and checks the calendar (no 2009-02-30). Only ASCII digits count:
Python's ``\\d`` and ``str.isdigit`` also take other scripts' digits, so that
``٢٠١٥`` was once read as 2015 in one place and refused in another. Years run
from 1000: a four-digit year below that (``0000``) is no year a source gives,
and XSD 1.0, which our literals follow, has no year 0.

>>> parse_date("2009-03"), parse_year("2010")
(Date(year=2009, month=3, day=None), 2010)
>>> parse_year("٢٠١٥")
Traceback (most recent call last):
...
ValueError: '٢٠١٥' is not a year (four digits from 1000, such as 2010)
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

FIRST_YEAR = 1000
YEAR_HINT = "four digits from 1000, such as 2010"
DATE_HINT = "a year, YYYY-MM or YYYY-MM-DD"
_FORM = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")  # [0-9]: ASCII only, unlike \d


@dataclass(frozen=True)
class Date:
    """A year, a month or a day: as precise as its source."""

    year: int
    month: int | None = None
    day: int | None = None

    def __str__(self) -> str:
        """The date as XSD writes it at its precision: ``2009``, ``2009-03`` or ``2009-03-09``."""
        parts = [f"{self.year:04d}", *(f"{n:02d}" for n in (self.month, self.day) if n is not None)]
        return "-".join(parts)

    @property
    def precision(self) -> str:
        return "day" if self.day is not None else "month" if self.month is not None else "year"


def parse_date(text: str) -> Date:
    """A year, month or day from ``text`` (surrounding spaces ignored), or a ValueError saying what is expected."""
    match = _FORM.fullmatch(text.strip())
    if match and int(match.group(1)) >= FIRST_YEAR:
        year, month, day = (int(g) if g else None for g in match.groups())
        assert year is not None
        try:
            datetime.date(year, month or 1, day or 1)
        except ValueError:
            pass
        else:
            return Date(year, month, day)
    raise ValueError(f"{text.strip()!r} is not a date ({DATE_HINT})")


def parse_year(text: str | int) -> int:
    """A year from ``text`` (four ASCII digits, from 1000), or a ValueError saying what is expected.

    >>> parse_year(" 1999 "), parse_year(2010)
    (1999, 2010)
    """
    raw = str(text).strip()
    if isinstance(text, bool) or not re.fullmatch(r"[0-9]{4}", raw) or int(raw) < FIRST_YEAR:
        raise ValueError(f"{raw!r} is not a year ({YEAR_HINT})")
    return int(raw)


def is_date(text: str) -> bool:
    """Whether ``text`` is a year, month or day as :func:`parse_date` reads them.

    >>> [is_date(t) for t in ("2009", "2009-03", "2009-03-09", "2009-13", "2009-02-30", "March 2009", "٢٠٠٩")]
    [True, True, True, False, False, False, False]
    """
    try:
        parse_date(text)
    except ValueError:
        return False
    return True
