"""CSV for spreadsheets: cells a spreadsheet would run as a formula are written with a leading apostrophe.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
opens in Excel, LibreOffice or Google Sheets as a live formula
(``=HYPERLINK(...)``, ``+cmd|' /C calc'!A0``). As OWASP recommends, such a cell
is prefixed with ``'``, which spreadsheets show as text; a number (``-5``,
``+1.5e3``) is left alone. Every CSV hspkg writes for people goes through here;
``--exact-csv`` writes the values as they are, and the server's ``/sparql``
answers are always exact (they are for programs).

>>> [neutralise(c) for c in ["=HYPERLINK(\\"http://x\\")", "+cmd|' /C calc'!A0", "-5", "+1.5e3", "@SUM(A1)", "\\tx", "plain"]]
['\\'=HYPERLINK("http://x")', "'+cmd|' /C calc'!A0", '-5', '+1.5e3', "'@SUM(A1)", "'\\tx", 'plain']
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from typing import BinaryIO

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def risky(cell: str) -> bool:
    """Whether a spreadsheet would take ``cell`` for a formula."""
    return cell.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(cell)


def neutralise(cell: str) -> str:
    """``cell`` as a spreadsheet will show it as text: with a leading ``'`` if it would be a formula."""
    return f"'{cell}" if risky(cell) else cell


def write_to(output: BinaryIO, header: Sequence[str], rows: Iterable[Sequence[object]], exact: bool = False) -> None:
    """CSV (RFC 4180: CRLF line ends, quotes where needed) of ``header`` and ``rows`` to ``output``, row by row,
    neutralised unless ``exact``; None is an empty cell.

    >>> out = io.BytesIO()
    >>> write_to(out, ["name", "note"], [["=1+1", None], ["-5", "a, b"]])
    >>> out.getvalue()
    b'name,note\\r\\n\\'=1+1,\\r\\n-5,"a, b"\\r\\n'
    """
    text = io.TextIOWrapper(output, encoding="utf-8", newline="", write_through=True)
    try:
        writer = csv.writer(text, lineterminator="\r\n")
        cell = str if exact else lambda value: neutralise(str(value))
        writer.writerow([cell(c) for c in header])
        for row in rows:
            writer.writerow(["" if c is None else cell(c) for c in row])
    finally:
        text.detach()
