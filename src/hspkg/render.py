"""Query results written out in a chosen format: a table for people (``text.py``), the W3C formats for programs."""

from __future__ import annotations

from typing import BinaryIO

from pyoxigraph import BlankNode

from . import cells
from .results import W3C_RESULTS, Results
from .terms import Term
from .text import table

# The formats of a SPARQL answer: a table for people, the W3C formats for programs.
RESULT_FORMATS = ("table", *W3C_RESULTS)

# File suffixes that choose a format when -o is given without --format.
SUFFIXES = {".csv": "csv", ".tsv": "tsv", ".json": "json", ".srj": "json", ".xml": "xml", ".srx": "xml", ".txt": "table"}


def default_format(output: str | None, terminal: bool) -> str:
    """The format when none is asked for: from -o's suffix, else table on a terminal, else CSV.

    >>> default_format("out.tsv", terminal=True), default_format(None, True), default_format(None, False)
    ('tsv', 'table', 'csv')
    """
    if output:
        for suffix, format in SUFFIXES.items():
            if output.lower().endswith(suffix):
                return format
    return "table" if terminal and not output else "csv"


def render(results: Results, format: str, output: BinaryIO, exact_csv: bool = False) -> None:
    """Write ``results`` to ``output`` (a binary stream) in ``format``.

    CSV is the W3C SPARQL results CSV with formula-like cells neutralised for
    spreadsheets (:mod:`hspkg.cells`), unless ``exact_csv``.
    """
    if format == "table":
        output.write(table(results).encode("utf-8"))
    elif format == "csv" and not exact_csv and not results.ask:
        names = results.variables
        cells.write_to(output, names, ([_csv_value(row[name]) for name in names] for row in results))
    else:
        results.serialize(output, format)


def _csv_value(term: Term | None) -> str | None:
    """A term as the SPARQL 1.1 CSV format writes it: IRIs and literals by value, blank nodes as _:label."""
    if term is None:
        return None
    return f"_:{term.value}" if isinstance(term, BlankNode) else term.value
