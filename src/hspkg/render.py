"""The writers of the query results formats of :mod:`hspkg.formats`: a table for people (``text.py``), the W3C formats for programs.

:mod:`hspkg.writers` names each of them to the table; the one that chooses a format
and writes with it is its caller (the ``query`` command), never this module.

>>> import io, hspkg
>>> out = io.BytesIO()
>>> csv(hspkg.load().query("ahsns"), [out], Options())
>>> out.getvalue().decode().splitlines()[0]
'network,networkLabel,...'
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import BinaryIO

from pyoxigraph import BlankNode, QueryResultsFormat

from . import cells
from .formats import Options, Writer
from .results import Results
from .terms import Term
from .text import table as text_table


def table(results: Results, streams: Sequence[BinaryIO], options: Options) -> None:
    """The results as a table for people."""
    streams[0].write(text_table(results).encode("utf-8"))


def csv(results: Results, streams: Sequence[BinaryIO], options: Options) -> None:
    """The W3C results CSV, formula-like cells neutralised for spreadsheets unless ``options.exact_csv``."""
    if options.exact_csv or results.ask:
        results.serialize(streams[0], QueryResultsFormat.CSV)
        return
    names = results.variables
    cells.write_to(streams[0], names, ([_csv_value(row[name]) for name in names] for row in results))


def w3c(format: QueryResultsFormat) -> Writer[Results]:
    """A writer of the results in a W3C format, as pyoxigraph writes it."""
    return lambda results, streams, options: results.serialize(streams[0], format)


def _csv_value(term: Term | None) -> str | None:
    """A term as the SPARQL 1.1 CSV format writes it: IRIs and literals by value, blank nodes as _:label."""
    if term is None:
        return None
    return f"_:{term.value}" if isinstance(term, BlankNode) else term.value
