"""The answer to a query: variables and rows of RDF terms, embedded or remote alike."""

from __future__ import annotations

import errno
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, BinaryIO

from pyoxigraph import Literal, QueryBoolean, QueryResultsFormat, QuerySolutions

from .errors import InputError, WorkError, one_line
from .terms import Term, expand

if TYPE_CHECKING:
    import pandas as pd

Row = dict[str, Term | None]  # a variable left unbound is None


class Results:
    """The rows of a SELECT query (or the answer of an ASK), re-readable.

    A pyoxigraph answer can be read once: the first reading takes the answer
    already computed, and each later one asks ``again`` for a fresh one, so the
    same results can be iterated, counted and serialized.

    >>> import hspkg
    >>> results = hspkg.load().query("members", network="UCLPartners", year=2010)
    >>> results.variables[:4]
    ('network', 'networkLabel', 'programme', 'member')
    >>> len(results)
    5
    """

    def __init__(self, first: QuerySolutions | QueryBoolean, again: Callable[[], QuerySolutions | QueryBoolean]) -> None:
        self.ask = not isinstance(first, QuerySolutions)
        self.variables: tuple[str, ...] = tuple(v.value for v in first.variables) if isinstance(first, QuerySolutions) else ()
        self._unread = [first]
        self._again = again

    def _solve(self) -> QuerySolutions | QueryBoolean:
        return self._unread.pop() if self._unread else self._again()

    @property
    def boolean(self) -> bool | None:
        """The answer of an ASK query; None for a SELECT."""
        return bool(self._solve()) if self.ask else None

    def __iter__(self) -> Iterator[Row]:
        solutions = None if self.ask else self._solve()
        if not isinstance(solutions, QuerySolutions):
            raise InputError("an ASK query has a boolean answer, not rows: use .boolean")
        with _while_running():
            for solution in solutions:
                # a solution's terms in the order of its variables (unbound: None): a third faster than looking each up by name
                yield dict(zip(self.variables, solution, strict=True))

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def values(self) -> list[dict[str, str | int | float | bool | None]]:
        """The rows as plain Python values: IRIs as strings, literals converted.

        >>> import hspkg
        >>> rows = hspkg.load().query("members", network="UCLPartners", year=2010).values()
        >>> sorted(row["memberLabel"] for row in rows)[0]
        'Great Ormond Street Hospital for Children NHS Trust'
        """
        return [{k: _python(v) for k, v in row.items()} for row in self]

    def to_pandas(self) -> pd.DataFrame:
        """The rows as a pandas DataFrame with typed columns (see :mod:`hspkg.frames`).

        Needs pandas: ``pip install '.[frames]'`` in the hspkg checkout.

        >>> import hspkg
        >>> df = hspkg.load().query("universities-trusts").to_pandas()
        >>> str(df["since"].dtype), str(df["universityLabel"].dtype)
        ('Int64', 'string')
        """
        from .frames import frame

        return frame(self.variables, self)

    def serialize(self, output: BinaryIO, format: QueryResultsFormat | str) -> None:
        """Write the results in a W3C format, as pyoxigraph writes it: ``json``, ``csv``, ``tsv`` or ``xml`` (see :mod:`hspkg.formats`)."""
        if isinstance(format, str):
            from .formats import RESULTS, get

            found = get(RESULTS, format).oxigraph
            if not isinstance(found, QueryResultsFormat):
                raise InputError(f"{format}: not a W3C results format (json, csv, tsv, xml)", argument="format", value=format)
            format = found
        with _while_running():
            self._solve().serialize(output, format)


_OUTPUT = {errno.EPIPE, errno.ENOSPC, errno.EDQUOT, errno.EFBIG}


@contextmanager
def _while_running() -> Iterator[None]:
    """The engine's errors while rows are computed (a SERVICE that fails, say) as one :class:`WorkError` line.

    Rows come lazily, so such an error comes while they are read, not when the query
    starts. The output's own errors (a full disk, a reader gone) are left as they are.
    """
    try:
        yield
    except OSError as e:
        if e.errno in _OUTPUT:
            raise
        raise WorkError(f"the query failed while running: {one_line(str(e))}") from None
    except (RuntimeError, ValueError) as e:
        raise WorkError(f"the query failed while running: {one_line(str(e))}") from None


_NUMERIC = {expand("xsd:integer"): int, expand("xsd:decimal"): float, expand("xsd:double"): float}
_BOOLEAN = expand("xsd:boolean")


def _python(term: Term | None) -> str | int | float | bool | None:
    if term is None:
        return None
    if isinstance(term, Literal):
        if term.datatype.value == _BOOLEAN:
            return term.value == "true"
        convert = _NUMERIC.get(term.datatype.value)
        return convert(term.value) if convert else term.value
    return term.value
