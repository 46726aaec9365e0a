"""Networks built from SPARQL results: the views that exports draw.

Each view is drawn from its own queries in ``queries/views/`` (never from the
public catalogue), so it runs the same on an embedded graph and on a remote
endpoint, and a change to a catalogue query cannot change an export.

>>> sorted(VIEWS)
['full', 'memberships', 'partners']
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ..catalogue import Runs
from ..errors import InputError
from .collector import uncollected
from .network import memberships, partners
from .statements import full

if TYPE_CHECKING:
    import networkx as nx


VIEWS: dict[str, Callable[..., nx.Graph[str]]] = {"memberships": memberships, "partners": partners, "full": full}


def check(view: str) -> None:
    """Refuse an unknown view, naming the known ones: the one place a view's existence is checked."""
    if view not in VIEWS:
        raise InputError(f"no such view; the views are: {', '.join(VIEWS)}", argument="view", value=view)


@uncollected
def build(graph: Runs, view: str = "memberships", as_of: int | None = None, keep_unlinked: bool = False) -> nx.Graph[str]:
    """The named view of ``graph``, as it was in ``as_of`` (a year) if given.

    >>> from hspkg import load
    >>> build(load(), "memberships", as_of=2010).number_of_edges()
    75
    """
    check(view)
    return VIEWS[view](graph, as_of=as_of, keep_unlinked=keep_unlinked)
