"""The views' own queries (``queries/views/*.rq``), each with the columns it declares.

A view reads only the columns its query declares in a ``# columns:`` header
line, and the answer must carry every one of them, so that a query edited out
of step with its view fails loudly here rather than drawing a wrong network.
The public catalogue queries are never read by a view.
"""

from __future__ import annotations

import re
from functools import cache

from .. import catalogue
from ..catalogue import Runs
from ..errors import WorkError
from ..resources import shipped

Value = str | int | float | bool | None

_COLUMNS = re.compile(r"^#\s*columns:\s*(.+?)\s*$", re.MULTILINE)


@cache
def view_query(name: str) -> tuple[catalogue.Query, tuple[str, ...]]:
    """The query behind a view and the columns it declares.

    >>> query, columns = view_query("memberships")
    >>> columns
    ('membership', 'member', 'network', 'start', 'seen', 'end', 'source', 'role', 'programme')
    """
    query = catalogue.from_file(shipped("queries") / "views" / f"{name}.rq")
    declared = _COLUMNS.search(query.text)
    if declared is None:
        raise WorkError(f"{query.where}: no '# columns:' line declaring what the view reads")
    return query, tuple(declared.group(1).split())


def rows(graph: Runs, name: str) -> list[dict[str, Value]]:
    """The answer to a view's query: one dict per row holding exactly its declared columns.

    >>> from hspkg import load
    >>> sorted(rows(load(), "designations")[0])
    ['partnership', 'status', 'year']
    """
    query, columns = view_query(name)
    results = graph.query(query)
    missing = [c for c in columns if c not in results.variables]
    if missing:
        raise WorkError(f"{query.where}: the answer lacks the declared column(s) {', '.join('?' + c for c in missing)}")
    answer = results.values()
    if results.variables == columns:  # as the views' own queries select: the rows as they come
        return answer
    return [{c: row[c] for c in columns} for row in answer]
