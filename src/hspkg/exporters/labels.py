"""Names on a page: how much room each node and its name take, and nodes moved until no two of those rooms overlap.

Every drawing format sets names at the same sizes (:data:`FONT`, :data:`WRAP`),
so the room a name needs is measured here once, from Helvetica's metrics, and
the layout (:mod:`hspkg.exporters.layout`) is then moved apart by
:func:`untangle` where names would cover each other.
"""

from __future__ import annotations

import math
import re
import textwrap
from collections import defaultdict

import networkx as nx

from .layout import Point
from .palette import is_partnership

# Names on the page: sizes in page pixels at zoom 1 (what Cytoscape.js calls model units, and a
# point in the PNG/SVG), so every drawing format sets them alike and the layout can make room for them.
FONT = {True: 15.0, False: 12.5}  # a partnership's name, any other
FAMILY = ("Helvetica", "Arial", "Liberation Sans", "DejaVu Sans")  # the metrics below are Helvetica's (Arial's, Liberation Sans's)
WRAP = 24  # characters per line of a name
LINE = 1.2  # the line height, as a share of the font size
GAP = 4.0  # between a node and its name
PAD = 3.0  # kept clear around every node and its name
MARGIN = 1.12  # names measured this much wider and taller than Helvetica sets them: room for a wider sans-serif
_WIDTHS = dict(
    zip(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 &'’,.-()/:",
        [556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500,
         667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611,
         *[556] * 10, 278, 667, 191, 222, 278, 278, 333, 333, 333, 278, 278],
        strict=True,
    )
)  # fmt: skip
_CELL = 120.0  # the grid that finds a room's neighbours, in page pixels
Box = tuple[float, float, float, float]  # how far a node's room reaches left, right, up and down of its centre


def text_width(text: str, font: float, bold: bool = False) -> float:
    """How wide ``text`` is set in Helvetica at ``font`` pixels (bold a tenth wider), with :data:`MARGIN`.

    >>> round(text_width("UCL", 10.0), 1)
    22.4
    """
    return sum(_WIDTHS.get(c, 667) for c in text) / 1000 * font * (1.1 if bold else 1.0) * MARGIN


def wrapped(label: str) -> str:
    """A name broken into lines of at most :data:`WRAP` characters, at spaces.

    >>> wrapped("University College London Hospitals NHS Foundation Trust")
    'University College\\nLondon Hospitals NHS\\nFoundation Trust'
    """
    words = label.split(" ")
    if "-" in label or words != label.split() or not label:  # hyphens, other or repeated spaces: textwrap's own rules
        return "\n".join(textwrap.wrap(label, WRAP, break_long_words=False)) or label
    # words and single spaces only: textwrap fills each line greedily, a word longer than a line standing alone
    # (the same lines, in a tenth of its time: every name of the HTML page is wrapped, 29k at 10^6 triples)
    lines, line = [], words[0]
    for word in words[1:]:
        if len(line) + 1 + len(word) <= WRAP:
            line = f"{line} {word}"
        else:
            lines.append(line)
            line = word
    lines.append(line)
    return "\n".join(lines)


def name_side(network: nx.Graph[str], node: str) -> str:
    """Where a node's name stands: right of it, but left of the universities in the partners view (whose links go right)."""
    left = network.graph.get("view") == "partners" and network.nodes[node].get("kind") == "university"
    return "left" if left else "right"


def room(network: nx.Graph[str], node: str, size: float) -> Box:
    """The room a node and its name take, reaching left, right, up and down from the node's centre.

    >>> g = nx.Graph(); g.add_node("a", label="HIN", names="Eastern Academic Health Science Network (–2023); HIN (2023–)")
    >>> room(g, "a", 10)[1] > room(nx.Graph([("a", "b")]), "a", 10)[1]
    True
    """
    attributes = network.nodes[node]
    bold = is_partnership(str(attributes.get("kind", "")))
    font = FONT[bold]
    # room for the longest of its names: the HTML view's year slider shows the one valid in the year
    dated = [re.sub(r" \([^()]*–[^()]*\)$", "", n) for n in str(attributes.get("names") or "").split("; ") if n]
    names = [wrapped(str(attributes.get("label", node))).split("\n")] + [wrapped(n).split("\n") for n in dated]
    width = max(text_width(line, font, bold) for lines in names for line in lines)
    half = max(size / 2, max(len(lines) for lines in names) * font * LINE * MARGIN / 2) + PAD
    reach = size / 2 + GAP + width + PAD
    near = size / 2 + PAD
    return (reach, near, half, half) if name_side(network, node) == "left" else (near, reach, half, half)


def untangle(where: dict[str, Point], rooms: dict[str, Box], rounds: int = 60, settled: bool = True) -> dict[str, Point]:
    """Move nodes apart until no two rooms (a node and its name) overlap: each overlapping pair is
    pushed apart along the axis it overlaps least, half each, round after round; what still
    overlaps after ``rounds`` is settled (:func:`settle`) unless not ``settled``.

    Deterministic: the order is the nodes' own, never a set's.

    >>> untangle({"a": (0.0, 0.0), "b": (1.0, 0.0)}, {"a": (5, 5, 5, 5), "b": (5, 5, 5, 5)})
    {'a': (-5.0, 0.0), 'b': (6.0, 0.0)}
    """
    where = dict(where)
    for _ in range(rounds if len(where) <= 500 else rounds // 6):  # a large network: fewer rounds, then settled
        moves = pushes(where, rooms)
        if not moves:
            return where
        for node, (dx, dy) in moves.items():
            where[node] = (where[node][0] + dx, where[node][1] + dy)
    return settle(where, rooms) if settled else where


def settle(where: dict[str, Point], rooms: dict[str, Box]) -> dict[str, Point]:
    """Place the nodes one by one, top to bottom, each moved down or right (whichever is less) until it
    overlaps none placed before it: what pushing in pairs leaves overlapping (a node squeezed between
    two others) ends clear, always.

    >>> settle({"a": (0.0, 0.0), "b": (0.0, 1.0)}, {"a": (5, 5, 5, 5), "b": (5, 5, 5, 5)})
    {'a': (0.0, 0.0), 'b': (0.0, 10.5)}
    """
    done: dict[str, Point] = {}
    cells: dict[tuple[int, int], list[str]] = defaultdict(list)  # placed rooms by the grid cells they cover

    def covered(node: str, x: float, y: float) -> list[tuple[int, int]]:
        left, right, up, down = rooms[node]
        xs = range(math.floor((x - left) / _CELL), math.floor((x + right) / _CELL) + 1)
        return [(i, j) for i in xs for j in range(math.floor((y - up) / _CELL), math.floor((y + down) / _CELL) + 1)]

    for node in sorted(where, key=lambda n: (where[n][1], where[n][0], n)):
        (x, y), (left, right, up, down) = where[node], rooms[node]
        while True:
            near = sorted({m for cell in covered(node, x, y) for m in cells.get(cell, ())})
            blockers = [
                m for m in near
                if min(x + right, done[m][0] + rooms[m][1]) > max(x - left, done[m][0] - rooms[m][0])
                and min(y + down, done[m][1] + rooms[m][3]) > max(y - up, done[m][1] - rooms[m][2])
            ]  # fmt: skip
            if not blockers:
                break
            lower = max(done[m][1] + rooms[m][3] for m in blockers) - (y - up) + 0.5
            further = max(done[m][0] + rooms[m][1] for m in blockers) - (x - left) + 0.5
            if lower <= further:
                y += lower
            else:
                x += further
        done[node] = (x, y)
        for cell in covered(node, x, y):
            cells[cell].append(node)
    return {n: done[n] for n in where}


def _edges(at: Point, room: Box) -> tuple[float, float, float, float]:
    (x, y), (left, right, up, down) = at, room
    return x - left, x + right, y - up, y + down


def pushes(where: dict[str, Point], rooms: dict[str, Box]) -> dict[str, list[float]]:
    """How far to move each node whose room overlaps another's (none: nothing overlaps).

    A sweep over the rooms' left edges finds the overlaps, so a round costs little more than sorting.
    """
    # each room's edges, once a round: left, right, top, bottom
    edges = {n: _edges(where[n], rooms[n]) for n in where}
    order = sorted(where, key=lambda n: (edges[n][0], n))
    moves: dict[str, list[float]] = {}
    active: list[str] = []
    for node in order:
        west, east, north, south = edges[node]
        active = [m for m in active if edges[m][1] > west]
        for other in active:
            owest, oeast, onorth, osouth = edges[other]
            # most rooms beside each other in x are apart in y: compared first, without min and max (the same
            # verdict as "deep > 0" below: min(a, b) - max(c, d) > 0 exactly when each of a, b exceeds each of c, d)
            if not (south > north and osouth > onorth and south > onorth and osouth > north):
                continue
            across = min(east, oeast) - max(west, owest)
            if across <= 0:
                continue
            deep = min(south, osouth) - max(north, onorth)
            mine, theirs = moves.setdefault(node, [0.0, 0.0]), moves.setdefault(other, [0.0, 0.0])
            axis, overlap = (1, deep) if deep <= across else (0, across)
            ahead = (where[node][axis], node) > (where[other][axis], other)
            push = (overlap / 2 + 0.5) * (1 if ahead else -1)
            mine[axis] += push
            theirs[axis] -= push
        active.append(node)
    return moves
