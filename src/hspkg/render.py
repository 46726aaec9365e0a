"""Query results written out: a table for people (``text.py``), the W3C formats for programs.

The writers of the result formats of :mod:`hspkg.formats`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import BinaryIO

from pyoxigraph import BlankNode, QueryResultsFormat

from . import cells
from .formats import RESULTS, Options, Writer, for_output, get
from .results import Results
from .terms import Term
from .text import table as text_table


def default_format(output: str | None, terminal: bool) -> str:
    """The format when none is asked for: from -o's extension, else table on a terminal, else CSV.

    >>> default_format("out.tsv", terminal=True), default_format(None, True), default_format(None, False)
    ('tsv', 'table', 'csv')
    """
    found = for_output(RESULTS, output) if output else None  # an unknown extension is bad input
    if found:
        return found.name
    return "table" if terminal and not output else "csv"


def render(results: Results, format: str, output: BinaryIO, exact_csv: bool = False) -> None:
    """Write ``results`` to ``output`` (a binary stream) in ``format``.

    CSV is the W3C SPARQL results CSV with formula-like cells neutralised for
    spreadsheets (:mod:`hspkg.cells`), unless ``exact_csv``.
    """
    get(RESULTS, format).writer()(results, [output], Options(exact_csv=exact_csv))


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
