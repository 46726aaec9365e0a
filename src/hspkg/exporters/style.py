"""What every drawing format adds to a view: a position, a size and a colour per node.

Positions come from :mod:`.layout` in page pixels (y grows downwards, as on a
screen); colours from :mod:`.palette` by kind, as ``colour`` (``#RRGGBB``) and
as ``r``, ``g``, ``b`` (what Gephi reads from GraphML).
"""

from __future__ import annotations

import networkx as nx

from .layout import positions
from .palette import colours, is_partnership, rgb

WIDTH, HEIGHT = 1600, 1200  # the page the layout is drawn on, in pixels
SIZES = {True: 24, False: 10}  # a partnership's node, any other


def styled(network: nx.Graph[str]) -> nx.Graph[str]:
    """A copy of ``network`` whose nodes carry ``x``, ``y``, ``size``, ``colour``, ``r``, ``g`` and ``b``.

    >>> g = styled(nx.Graph([("a", "b")]))
    >>> sorted(g.nodes["a"])
    ['b', 'colour', 'g', 'r', 'size', 'x', 'y']
    """
    drawn = network.copy()
    palette = colours(str(d.get("kind", "")) for _, d in drawn.nodes(data=True))
    for node, (x, y) in positions(drawn).items():
        attributes = drawn.nodes[node]
        kind = str(attributes.get("kind", ""))
        attributes.update(x=round(x * WIDTH, 1), y=round(y * HEIGHT, 1), size=SIZES[is_partnership(kind)], colour=palette[kind])
        attributes.update(zip("rgb", rgb(palette[kind]), strict=True))
    return drawn
