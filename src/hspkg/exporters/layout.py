"""Where nodes go on a page: one deterministic layout, in plain Python (no numpy), for every format that draws.

Partnerships are hubs on a circle, ordered so that partnerships sharing members
stand side by side. Each other node goes near the hubs closest to it: a node of
one partnership outside the circle beside its hub, a node shared by several
between them. Nodes that nothing links stand in rows below. The partners view
is two columns, universities and trusts. Nothing depends on set or dict
iteration order or the hash seed: the same network gives the same positions.
"""

from __future__ import annotations

import math
from collections import defaultdict, deque

import networkx as nx

from .palette import is_partnership

Point = tuple[float, float]
_GOLDEN = math.pi * (3 - math.sqrt(5))
_ISOLATES = 0.2  # the share of the page's height given to unlinked nodes
_CROWD = 5  # members: a hub with this many gets a sparse neighbour on the circle, so their blocks do not meet
_WIDE = 4.5  # how much wider than tall the room a node and its name need
_LARGE = 5000  # nodes: past this many, spread once (see _spread)
_ROW = 1 << 32  # cells per column of :func:`_spread`'s grid, far more than a drawing spans
_AROUND = tuple(dx * _ROW + dy for dx in (-1, 0, 1) for dy in (-1, 0, 1))  # a cell and its eight neighbours, in (column, row) order


def positions(network: nx.Graph[str]) -> dict[str, Point]:
    """Node positions in [0, 1] × [0, 1] (y grows downwards), the same for the same network every time.

    >>> g = nx.Graph([("a", "p"), ("b", "p")]); g.nodes["p"]["kind"] = "ahsc"; g.add_node("z")
    >>> where = positions(g)
    >>> where == positions(g), where["z"][1] > where["p"][1]
    (True, True)
    """
    if network.graph.get("view") == "partners":
        return _columns(network)
    # the links as plain lists of neighbours, each sorted (networkx's views cost more than the layout itself at 10^6 triples)
    found: dict[str, set[str]] = {n: set() for n in network}
    for u, v in network.edges():
        if u != v:
            found[u].add(v)
            found[v].add(u)
    isolates = sorted((n for n, near in found.items() if not near), key=lambda n: (_label(network, n), n))
    linked = {n: sorted(found[n]) for n in sorted(found) if found[n]}
    where = _hubs_and_spokes(network, linked)
    return _fit(where, isolates, network)


def _label(network: nx.Graph[str], node: str) -> str:
    return str(network.nodes[node].get("label", node))


def _hubs_and_spokes(network: nx.Graph[str], graph: dict[str, list[str]]) -> dict[str, Point]:
    """Where the linked nodes go; ``graph`` holds each one's neighbours, sorted."""
    hubs = _hub_order(network, graph)
    where: dict[str, Point] = {}
    for i, hub in enumerate(hubs):
        angle = 2 * math.pi * i / len(hubs) - math.pi / 2
        where[hub] = (math.cos(angle), math.sin(angle))
    nearest, distance = _nearest_hubs(graph, hubs)
    spacing = 1.2 / max(len(hubs), 6)
    groups: dict[tuple[tuple[str, ...], int], list[str]] = defaultdict(list)
    for node in graph:
        if node not in where and node in nearest:
            groups[(nearest[node], distance[node])].append(node)
    for (near, steps), members in sorted(groups.items()):
        x = sum(where[h][0] for h in near) / len(near)
        y = sum(where[h][1] for h in near) / len(near)
        ordered = sorted(members, key=lambda n: (_label(network, n), n))
        if len(near) == 1:  # a hub's own nodes stand outside the circle, in columns beyond it
            where.update(_block(ordered, (x, y), steps, spacing))
            continue
        x, y = x * 0.85, y * 0.85  # shared nodes stand between their hubs, drawn a little towards the centre
        for k, node in enumerate(ordered):
            radius, angle = spacing * 1.1 * math.sqrt(k + 0.5), k * _GOLDEN
            where[node] = (x + radius * math.cos(angle), y + radius * math.sin(angle))
    # components without a partnership: each its own spiral, in a row under the circle
    rest = [n for n in graph if n not in where]
    if rest:
        components = sorted((sorted(c) for c in _components(graph, rest)), key=lambda c: (-len(c), c[0]))
        width = 2.4 / max(len(components), 1)
        for i, component in enumerate(components):
            cx = -1.2 + width * (i + 0.5)
            for k, node in enumerate(component):
                radius, angle = min(width, 0.3) * 0.1 * math.sqrt(k + 0.5), k * _GOLDEN
                where[node] = (cx + radius * math.cos(angle), 1.5 + radius * math.sin(angle))
    return _spread(where, min_distance=spacing * 0.7, fixed=set(hubs))


def _components(graph: dict[str, list[str]], nodes: list[str]) -> list[set[str]]:
    """The connected components among ``nodes`` (whose neighbours are all among them)."""
    seen: set[str] = set()
    found = []
    for start in nodes:
        if start in seen:
            continue
        component, queue = {start}, [start]
        while queue:
            for neighbour in graph[queue.pop()]:
                if neighbour not in component:
                    component.add(neighbour)
                    queue.append(neighbour)
        seen |= component
        found.append(component)
    return found


def _block(members: list[str], hub: Point, steps: int, spacing: float) -> dict[str, Point]:
    """A hub's own nodes in columns of names beyond it, read top to bottom, away from the circle's centre."""
    row, column = spacing * 0.75, spacing * 3.4  # a name wrapped on two lines; a name's width
    per_column = max(4, math.ceil(math.sqrt(len(members) * 2)))
    columns = math.ceil(len(members) / per_column)
    rows = min(per_column, len(members))
    ux, uy = hub
    reach = spacing * (1.2 + 4 * (steps - 1))  # nodes a further step away (a member's predecessors) in a block further out
    ax, ay = hub[0] + ux * reach, hub[1] + uy * reach
    # the block grows away from the centre: leftwards left of it, upwards above it
    left = ax - columns * column if ux < -0.3 else ax if ux > 0.3 else ax - columns * column / 2
    top = ay - rows * row if uy < -0.3 else ay if uy > 0.3 else ay - rows * row / 2
    return {node: (left + (k // per_column + 0.5) * column, top + (k % per_column + 0.5) * row) for k, node in enumerate(members)}


def _hub_order(network: nx.Graph[str], graph: dict[str, list[str]]) -> list[str]:
    """Partnerships in circle order: each next one the one sharing most members with the last (ties and strangers by name;
    after a crowded hub, the sparest stranger).

    Linear in the memberships: only partnerships that share a member are ever compared.
    """
    hubs = sorted((n for n in graph if is_partnership(str(network.nodes[n].get("kind", "")))), key=lambda n: (_label(network, n), n))
    rank = {h: i for i, h in enumerate(hubs)}
    sparest = sorted(hubs, key=lambda h: (len(graph[h]), rank[h]))
    spare = 0  # the sparest hub not yet placed is sparest[spare] or later
    hubs_of: dict[str, list[str]] = defaultdict(list)  # member -> its partnerships
    for hub in hubs:
        for member in graph[hub]:
            hubs_of[member].append(hub)
    order: list[str] = []
    placed: set[str] = set()
    following = 0  # the next hub by name, for when the last one shares nothing with those left
    while len(order) < len(hubs):
        shared: dict[str, int] = defaultdict(int)
        if order:
            for member in graph[order[-1]]:
                for other in hubs_of[member]:
                    if other not in placed:
                        shared[other] += 1
        if shared:
            chosen = max(shared, key=lambda h: (shared[h], -rank[h]))
        elif order and len(graph[order[-1]]) >= _CROWD:  # a crowded hub's neighbour on the circle: the sparest left
            while sparest[spare] in placed:
                spare += 1
            chosen = sparest[spare]
        else:
            while hubs[following] in placed:
                following += 1
            chosen = hubs[following]
        order.append(chosen)
        placed.add(chosen)
    return order


def _nearest_hubs(graph: dict[str, list[str]], hubs: list[str], most: int = 4) -> tuple[dict[str, tuple[str, ...]], dict[str, int]]:
    """For each node reachable from a hub: the (up to ``most``) hubs nearest to it, and how many steps away."""
    nearest: dict[str, list[str]] = {h: [h] for h in hubs}
    distance = dict.fromkeys(hubs, 0)
    queue = deque(hubs)
    while queue:
        node = queue.popleft()
        for neighbour in graph[node]:
            if neighbour not in distance:
                distance[neighbour] = distance[node] + 1
                nearest[neighbour] = []
                queue.append(neighbour)
            if distance[neighbour] == distance[node] + 1:
                for hub in nearest[node]:
                    if hub not in nearest[neighbour] and len(nearest[neighbour]) < most:
                        nearest[neighbour].append(hub)
    return {n: tuple(sorted(h)) for n, h in nearest.items()}, distance


def _spread(where: dict[str, Point], min_distance: float, fixed: set[str]) -> dict[str, Point]:
    """Push apart nodes closer than ``min_distance``, a few rounds, with a grid so that it stays linear in the nodes.

    Distance is measured with x shrunk by :data:`_WIDE`: a name runs to the right of its node,
    so nodes side by side need more room than nodes one above the other.
    """
    # past _LARGE nodes (no page holds their names: style.CROWDED) one round, which parts the nodes that stand at one spot (the
    # spirals of one set of hubs at two distances): at 10^6 triples four rounds over 25k nodes took a fifth of the layout
    # and parted only a quarter of the close pairs
    rounds = 80 if len(where) <= 3000 else 4 if len(where) <= _LARGE else 1
    nodes = sorted(where)  # by index from here: j > i is the names' order, as pairs are taken once
    xs, ys = [where[n][0] / _WIDE for n in nodes], [where[n][1] for n in nodes]
    free = [n not in fixed for n in nodes]
    near = min_distance * min_distance * (1 + 1e-9)  # a pair further apart than this needs no square root (the test below decides)
    for _ in range(rounds):
        # a cell's key is one number (column * _ROW + row), which sorts as (column, row) would and hashes faster
        cells: dict[int, list[int]] = defaultdict(list)
        for i, (x, y) in enumerate(zip(xs, ys, strict=True)):
            cells[math.floor(x / min_distance) * _ROW + math.floor(y / min_distance)].append(i)
        moves: dict[int, list[float]] = {}
        for cell, inside in sorted(cells.items()):
            around = [found for step in _AROUND if (found := cells.get(cell + step))]
            for i in inside:
                x1, y1 = xs[i], ys[i]
                for others in around:
                    for j in others:
                        if j <= i:
                            continue
                        across, down = xs[j] - x1, ys[j] - y1
                        if across * across + down * down > near:
                            continue
                        gap = math.hypot(across, down)
                        if gap >= min_distance:
                            continue
                        if gap == 0:
                            ux, uy = 1.0, 0.0
                        else:
                            ux, uy = across / gap, down / gap
                        push = (min_distance - gap) / 2
                        mine, theirs = moves.setdefault(i, [0.0, 0.0]), moves.setdefault(j, [0.0, 0.0])
                        mine[0] -= ux * push
                        mine[1] -= uy * push
                        theirs[0] += ux * push
                        theirs[1] += uy * push
        if not moves:
            break
        for i, (mx, my) in moves.items():
            if free[i]:
                xs[i], ys[i] = xs[i] + mx, ys[i] + my
    placed = {n: (x * _WIDE, y) for n, x, y in zip(nodes, xs, ys, strict=True)}
    return {n: placed[n] for n in where}


def _fit(where: dict[str, Point], isolates: list[str], network: nx.Graph[str]) -> dict[str, Point]:
    """Scale the drawing into the page's upper part, keeping its proportions, and set the unlinked nodes in rows below."""
    top = 1.0 - _ISOLATES if isolates else 1.0
    placed: dict[str, Point] = {}
    if where:
        xs, ys = [p[0] for p in where.values()], [p[1] for p in where.values()]
        x0, y0 = min(xs), min(ys)
        span = max(max(xs) - x0, max(ys) - y0) or 1.0
        left = (1 - (max(xs) - x0) / span) / 2
        placed = {n: (left + (x - x0) / span, top * (y - y0) / span) for n, (x, y) in where.items()}
    if isolates:
        longest = max(len(_label(network, n)) for n in isolates)
        columns = max(1, min(len(isolates), int(240 / max(longest, 12))))  # room for each name beside its node
        rows = math.ceil(len(isolates) / columns)
        for i, node in enumerate(isolates):
            row, column = divmod(i, columns)
            placed[node] = ((column + 0.05) / columns, 1.0 - _ISOLATES * 0.85 + _ISOLATES * 0.8 * (row + 0.5) / rows)
    return placed


def _columns(network: nx.Graph[str]) -> dict[str, Point]:
    """Universities in the left column, trusts in the right, each trust level with the universities it partners."""

    def partnerships(node: str) -> str:  # universities of the same partnerships stand together
        return min((str(d.get("networks", "")) for *_, d in network.edges(node, data=True)), default="")

    universities = (n for n, d in network.nodes(data=True) if d.get("kind") == "university")
    left = sorted(universities, key=lambda n: (partnerships(n), _label(network, n), n))
    rank = {n: i for i, n in enumerate(left)}

    def level(node: str) -> tuple[float, str, str]:
        partners = [rank[p] for p in network[node] if p in rank]
        return (sum(partners) / len(partners) if partners else len(left), _label(network, node), node)

    right = sorted((n for n in network if n not in rank), key=level)
    where: dict[str, Point] = {}
    for i, node in enumerate(left):
        where[node] = (0.25, (i + 0.5) / len(left))
    for i, node in enumerate(right):  # trusts are many: two staggered columns, so each needs half the height
        where[node] = (0.45 + 0.3 * (i % 2), (i + 0.5) / len(right))
    return where
