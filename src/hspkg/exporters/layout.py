"""Where nodes go on a page: networkx's force-directed layout, with a fixed seed so pictures repeat.

Connected nodes are laid out by force in the upper part of the page; nodes with
no link in the view line up in rows below, so that they neither crowd the
network nor push it into a corner.
"""

from __future__ import annotations

import math

import networkx as nx

from ..errors import WorkError

DRAW_EXTRA = "pip install 'hspkg[draw]'"
_ISOLATES_HEIGHT = 0.22


def positions(network: nx.Graph[str], columns: int | None = None) -> dict[str, tuple[float, float]]:
    """Node positions in [0, 1] × [0, 1] (y grows downwards), the same for the same network every time.

    ``columns`` fixes how many unlinked nodes stand in a row (by default, about as many as rows × 1.5).
    """
    try:
        import numpy  # noqa: F401 - networkx's layouts need it
    except ImportError:
        raise WorkError(f"drawing the network needs numpy and matplotlib: {DRAW_EXTRA}") from None
    undirected: nx.Graph[str] = nx.Graph(network)
    isolates = sorted(nx.isolates(undirected), key=lambda n: str(network.nodes[n].get("label", n)))
    connected = undirected.subgraph(n for n in undirected if n not in set(isolates))
    top = 1.0 - _ISOLATES_HEIGHT if isolates else 1.0
    where: dict[str, tuple[float, float]] = {}
    if connected.number_of_nodes():
        raw = nx.spring_layout(connected, seed=7)
        xs, ys = [p[0] for p in raw.values()], [p[1] for p in raw.values()]
        span_x, span_y = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
        where.update({n: ((float(p[0]) - min(xs)) / span_x, top * (float(p[1]) - min(ys)) / span_y) for n, p in raw.items()})
    if isolates:
        columns = columns or max(1, math.ceil(math.sqrt(len(isolates) * 1.5)))
        rows = math.ceil(len(isolates) / columns)
        for i, node in enumerate(isolates):
            row, column = divmod(i, columns)
            x = (column + 0.5) / columns
            y = 1.0 - _ISOLATES_HEIGHT * 0.8 + (_ISOLATES_HEIGHT * 0.8) * (row + 0.5) / rows
            where[node] = (x, y)
    return where
