"""Query results written out: a table for people, the W3C formats for programs."""

from __future__ import annotations

from typing import BinaryIO

from .results import W3C_RESULTS, Results
from .terms import show

# The formats of a SPARQL answer: a table for people, the W3C formats for programs.
RESULT_FORMATS = ("table", *W3C_RESULTS)

# File suffixes that choose a format when -o is given without --format.
SUFFIXES = {".csv": "csv", ".tsv": "tsv", ".json": "json", ".srj": "json", ".xml": "xml", ".srx": "xml", ".txt": "table"}

_WIDEST = 60  # a cell wider than this is cut in the table, never in the W3C formats


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


def render(results: Results, format: str, output: BinaryIO) -> None:
    """Write ``results`` to ``output`` (a binary stream) in ``format``."""
    if format == "table":
        output.write(table(results).encode("utf-8"))
    else:
        results.serialize(output, format)


def table(results: Results) -> str:
    """The results as an aligned text table, IRIs compacted, with a row count.

    >>> import hspkg
    >>> q = 'SELECT ?organisation ?label WHERE { ?organisation <http://www.w3.org/2000/01/rdf-schema#label> "UCLPartners" , ?label }'
    >>> print(table(hspkg.load().sparql(q)))
    organisation        label
    ------------------  -----------
    id:org/uclpartners  UCLPartners
    (1 row)
    <BLANKLINE>
    """
    if results.ask:
        return f"{'true' if results.boolean else 'false'}\n"
    header = list(results.variables)
    rows = [[_cut(show(row[name])) for name in header] for row in results]
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(header)]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)).rstrip() for line in [header, ["-" * w for w in widths], *rows]]
    count = f"({len(rows)} row{'' if len(rows) == 1 else 's'})"
    return "\n".join([*lines, count]) + "\n"


def _cut(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _WIDEST else text[: _WIDEST - 1] + "…"
