"""Text for people: the results table, the catalogue listing, the validation report, the ingest summary.

Everything hspkg prints for a person to read is worded here; programs get the
standard formats (``render.py``, ``exporters/``) instead. Terms are shown as
``terms.py`` writes them, so a term reads the same in every one of these.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from .terms import show

if TYPE_CHECKING:
    from .catalogue import Param, Query
    from .ingest import Outcome
    from .results import Results
    from .validate import Report, Violation

_WIDEST = 60  # a cell wider than this is cut in the table, never in the W3C formats
_NAME = 20  # the width of the name column in the catalogue listing


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
    header = [printable(v) for v in results.variables]
    rows = [[_cut(show(row[name])) for name in results.variables] for row in results]
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(header)]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)).rstrip() for line in [header, ["-" * w for w in widths], *rows]]
    return "\n".join([*lines, f"({plural(len(rows), 'row')})"]) + "\n"


def listing(queries: Iterable[Query], verbose: bool = False) -> str:
    """The catalogue, one query a line with its parameters; ``verbose`` adds what each means.

    >>> from hspkg import catalogue
    >>> print(listing([catalogue.get("areas")]), end="")
    areas                Areas served  [network=ORGANISATION (default: all networks)]
    """
    lines = []
    for query in queries:
        params = " ".join(parameter(p) for p in query.params)
        lines.append(f"{query.name:<{_NAME}} {query.title}{'  [' + params + ']' if params else ''}")
        if verbose:
            lines.append(f"{'':<{_NAME}} {query.description}")
            lines.extend(f"{'':<{_NAME + 2}} {p.name}: {p.description}" for p in query.params)
    return "".join(f"{line}\n" for line in lines)


def parameter(param: Param) -> str:
    """A query parameter as the listing shows it: ``year=YEAR (default: all time)``.

    >>> from hspkg import catalogue
    >>> parameter(catalogue.get("networks-of").params[0])
    'organisation=ORGANISATION (required)'
    """
    default = "required" if param.required else f"default: {param.default}"
    return f"{param.name}={param.type.upper()} ({default})"


def report(result: Report) -> str:
    """A validation report: one line per violation and a count, or that the data conforms.

    >>> from hspkg.validate import Report, Violation
    >>> print(report(Report(False, (Violation("id:org/x", "rdfs:label", "Less than 1 values", "", "Violation"),))), end="")
    Violation: id:org/x: rdfs:label: Less than 1 values
    1 violation
    """
    if result.conforms:
        return "conforms: the data satisfies every shape\n"
    lines = [violation(v) for v in result.violations]
    return "\n".join([*lines, plural(len(lines), "violation")]) + "\n"


def violation(v: Violation) -> str:
    """One way the data breaks a shape: severity, node, property path, why, and the value at fault."""
    value = f" (value: {v.value})" if v.value else ""
    return printable(f"{v.severity}: {v.focus}: {v.path or '-'}: {v.message}{value}")


def summary(outcome: Outcome) -> str:
    """What an ingest found, in one line: the rows, then each kind of fact, new and already known.

    >>> from hspkg.ingest import Outcome
    >>> summary(Outcome(rows=3))
    '3 rows: nothing new'
    """
    kinds = list(dict.fromkeys([*outcome.new, *outcome.matched]))
    parts = [f"{outcome.new[k]} new {k} ({outcome.matched[k]} already known)" for k in kinds]
    return f"{plural(outcome.rows, 'row')}: " + (", ".join(parts) or "nothing new")


def plural(n: int, thing: str) -> str:
    """A count and its noun, in the plural unless there is one.

    >>> plural(1, "violation"), plural(2, "violation")
    ('1 violation', '2 violations')
    """
    return f"{n} {thing}{'' if n == 1 else 's'}"


def _cut(text: str) -> str:
    return shorten(printable(text), _WIDEST)


# C0 and C1 control characters (ESC starts a terminal's escape sequences) and the bidirectional
# overrides and isolates, which make a terminal show text in another order than it is
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """``text`` without the characters that would act on a terminal rather than be shown (data may hold any).

    >>> printable("UCL\x1b]0;owned\x07\x1b[2J Partners\u202e")
    'UCL]0;owned[2J Partners'
    """
    return _CONTROL.sub("", text)


def shorten(text: str, widest: int) -> str:
    """``text`` on one line, cut to ``widest`` characters with an ellipsis if longer: the one way hspkg shortens text.

    >>> shorten("Guy's and St Thomas'   NHS Foundation Trust", 20)
    "Guy's and St Thomas…"
    >>> shorten("UCL", 20)
    'UCL'
    """
    text = " ".join(text.split())
    return text if len(text) <= widest else text[: widest - 1] + "…"
