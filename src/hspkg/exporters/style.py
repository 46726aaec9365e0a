"""What every drawing format adds to a view: a position, a size and a colour per node, a relation per edge.

Positions come from :mod:`.layout` in page pixels (y grows downwards, as on a
screen), then are moved apart until no node's name overlaps another's (the
names' sizes are :mod:`.layout`'s, which every drawing format uses); colours
from :mod:`.palette` by kind, as ``colour`` (``#RRGGBB``) and as ``r``, ``g``,
``b`` (what Gephi reads from GraphML). Every edge gets ``relation``: what it
says in one word (``membership``, ``merger``...), which each format draws in
its own line style.
"""

from __future__ import annotations

import math

import networkx as nx

from .labels import FONT, Box, pushes, room, untangle
from .layout import Point, positions
from .palette import colours, is_partnership, programme_colour, programmes, relation, rgb

WIDTH, HEIGHT = 1600, 1200  # the page the layout is first drawn on, in pixels (names may spread it)
CANVAS = (1290.0, 900.0)  # what the HTML view leaves the drawing in a 1600 x 1000 window
# How tightly the layout is first drawn across and down the page, before names push nodes apart: any of
# these where pushing alone clears every name keeps each node near its partnership; when none does (a
# crowded view), the looser of them, where settling what is left moves few nodes far.
SCALES = tuple((across, down) for across in (0.4, 0.55, 0.7, 0.9, 1.1) for down in (0.3, 0.4, 0.55, 0.75))
LOOSE = tuple((across, down) for across, down in SCALES if across >= 0.9 and down >= 0.55)
SIZES = {True: 30, False: 12}  # a partnership's node, any other
CAREFUL = 150  # up to this many nodes, every scale is tried
CROWDED = 5000  # past this many nodes no page holds every name legibly: the layout alone, in linear time (issue 21)
# A programme of more nodes than this is shown alone where the whole drawing put its nodes: the HTML view's
# canvas (1290 x 900 px) holds about 450 names of two lines set at the smallest size a reader is asked to read
# (9 px), so a layout of its own (seconds each at 10^6 triples, where four programmes had over a thousand
# nodes) could not make them legible at once either.
ALONE = 500


def styled(network: nx.Graph[str]) -> nx.Graph[str]:
    """``network`` itself, its nodes given ``x``, ``y``, ``size``, ``colour``, ``r``, ``g`` and ``b``, and its edges ``relation``.

    Styled in place: a view is built for the one drawing (copying it cost a twentieth of an export at 10^6 triples).

    >>> g = nx.Graph([("a", "b")])
    >>> styled(g) is g, sorted(g.nodes["a"]), g.edges["a", "b"]["relation"]
    (True, ['b', 'colour', 'g', 'r', 'size', 'x', 'y'], '')
    """
    palette = colours(str(d.get("kind", "")) for _, d in network.nodes(data=True))
    sizes = {n: SIZES[is_partnership(str(d.get("kind", "")))] for n, d in network.nodes(data=True)}
    where = _legible(network, sizes)
    for node, (x, y) in where.items():
        attributes = network.nodes[node]
        kind = str(attributes.get("kind", ""))
        attributes.update(x=round(x, 1), y=round(y, 1), size=sizes[node], colour=palette[kind])
        attributes.update(zip("rgb", rgb(palette[kind]), strict=True))
    for *_, attributes in network.edges(data=True):
        attributes["relation"] = relation(attributes)
        # a link is drawn in its programme's colour (the partnership's node has it too): see palette.PROGRAMMES
        if found := programme_colour(attributes.get("programme") or attributes.get("programmes")):
            attributes["colour"] = found
    return network


def _legible(network: nx.Graph[str], sizes: dict[str, int], careful: bool = True) -> dict[str, Point]:
    """Positions in page pixels where no name overlaps another, drawn as tightly as that allows.

    The layout is drawn at a few scales and the names then push overlapping nodes apart;
    the drawing that fits the canvas at the largest zoom (the largest names on screen) wins.
    A large network is drawn at full scale only (each try costs a few sweeps over it).
    """
    unit = positions(network)
    if len(unit) > CROWDED:
        # untangling names took minutes at 10^6 triples (29k nodes, names overlapping by hundreds): skipped
        return {n: (x * WIDTH, y * HEIGHT) for n, (x, y) in unit.items()}
    rooms = {n: room(network, n, sizes[n]) for n in unit}
    if len(unit) > 500:
        return untangle({n: (x * WIDTH, y * HEIGHT) for n, (x, y) in unit.items()}, rooms)
    cleared: list[tuple[float, float, dict[str, Point]]] = []  # zoom, how far nodes moved on screen, positions
    # past a national view's size (issue 19's programmes give the memberships view ~280 nodes) each try
    # costs seconds: the loose scales alone, settled, are tried
    for tries, settle in ((SCALES, False), (LOOSE, True)) if careful and len(unit) <= CAREFUL else ((LOOSE, True),):
        for across, down in tries:
            start = {n: (x * WIDTH * across, y * HEIGHT * down) for n, (x, y) in unit.items()}
            where = untangle(start, rooms, settled=settle)
            if not pushes(where, rooms):
                zoom = _zoom(where, rooms)
                cleared.append((zoom, zoom * sum(math.dist(where[n], start[n]) for n in unit) / max(len(unit), 1), where))
        if cleared:
            break
    # of the drawings whose names are (nearly) as large as any, the one that moved nodes least from the layout
    best = max(zoom for zoom, *_ in cleared)
    return min((c for c in cleared if c[0] >= best * 0.97), key=lambda c: c[1])[2]


def _zoom(where: dict[str, Point], rooms: dict[str, Box]) -> float:
    """The zoom at which the whole drawing, names included, fits :data:`CANVAS`."""
    if not where:
        return 1.0
    left = min(x - rooms[n][0] for n, (x, _) in where.items())
    right = max(x + rooms[n][1] for n, (x, _) in where.items())
    top = min(y - rooms[n][2] for n, (_, y) in where.items())
    bottom = max(y + rooms[n][3] for n, (_, y) in where.items())
    return min(CANVAS[0] / max(right - left, 1.0), CANVAS[1] / max(bottom - top, 1.0))


def by_programme(network: nx.Graph[str]) -> dict[str, dict[str, Point]]:
    """For each programme of a drawn network, where its own nodes go when it is shown alone: its links and
    their ends laid out on their own (as :func:`styled` lays out the whole), so that a programme picked in the
    HTML view fills the window with names as large as a national view's. Settled at the loose scales only,
    which costs a fraction of the whole drawing's time. A programme of more than :data:`ALONE` nodes has none.
    """
    ends: dict[str, set[str]] = {}
    for source, target, attributes in network.edges(data=True):
        for programme in programmes(attributes.get("programme") or attributes.get("programmes")):
            ends.setdefault(programme, set()).update((source, target))
    placed = {}
    for programme, nodes in ends.items():
        if len(nodes) > ALONE:
            continue
        alone = network.subgraph(nodes).copy()
        # a link of another programme between two of its nodes is not drawn with it
        alone.remove_edges_from([(u, v) for u, v, d in alone.edges(data=True) if programme not in programmes(d.get("programme") or d.get("programmes"))])
        sizes = {n: int(d.get("size", SIZES[is_partnership(str(d.get("kind", "")))])) for n, d in alone.nodes(data=True)}
        placed[programme] = {n: (round(x, 1), round(y, 1)) for n, (x, y) in _legible(alone, sizes, careful=False).items()}
    return placed


def readable(network: nx.Graph[str]) -> float:
    """The size in pixels of a member's name when the whole drawing fits the HTML view's canvas (1600 x 1000 window);
    0 past :data:`CROWDED` nodes, whose names no window holds legibly."""
    if sum(1 for _, d in network.nodes(data=True) if "x" in d) > CROWDED:
        return 0.0  # no window holds so many names: measuring each of them (seconds at 10^6 triples) would only say so
    where = {n: (float(d["x"]), float(d["y"])) for n, d in network.nodes(data=True) if "x" in d}
    rooms = {n: room(network, n, int(network.nodes[n].get("size", SIZES[False]))) for n in where}
    return _zoom(where, rooms) * FONT[False]
