"""A picture of the network for a paper: PNG or SVG, drawn with matplotlib at the layout's positions.

One page pixel of the layout is one point of the picture, so names are set at
the sizes the layout made room for (:mod:`.layout`): no name overlaps another.
Each kind has its shape and colour, each relation its line style and arrow
(:mod:`.palette`); names stand whole beside their nodes (wrapped when long) on
a light backing, so a line that crosses one leaves it legible. The title says
the view and the year; the key sits beside the drawing.
"""

from __future__ import annotations

from typing import BinaryIO

import networkx as nx

from ..errors import WorkError
from .labels import FAMILY, FONT, GAP, LINE, name_side, room, wrapped
from .palette import LINES, PROGRAMMES, is_partnership, line, programmes, shape

DRAW_EXTRA = "pip install '.[draw]' in the hspkg checkout (hspkg is not on PyPI)"
MARGIN = 24.0  # points around the drawing
KEY = 300.0  # points beside the drawing for the key
HEADING = 40.0  # points above it for the title
LARGEST = 9000  # pixels: a larger drawing's PNG is drawn at a lower resolution


def write_png(network: nx.Graph[str], stream: BinaryIO) -> None:
    _draw(network, stream, "png")


def write_svg(network: nx.Graph[str], stream: BinaryIO) -> None:
    _draw(network, stream, "svg")


def title(network: nx.Graph[str]) -> str:
    """What the picture shows: the view and the year.

    >>> title(nx.Graph(view="memberships", as_of=2010))
    'UK health-science partnerships: memberships view, as of 2010'
    """
    year = network.graph.get("as_of")
    return f"UK health-science partnerships: {network.graph.get('view', 'network')} view, " + (f"as of {year}" if year else "all years")


CROWDED = 200  # nodes: more than a page shows with every name legible
READ_WHOLE = ("memberships", "partners")  # views laid out so that no two names overlap, however many nodes


def crowded(network: nx.Graph[str]) -> str:
    """What to tell a reader of a drawing too crowded to read whole ("" when it is not).

    The note points at the views drawn to be read whole, so those views never carry it
    (with the research centres the memberships view passed 200 nodes; its layout still
    keeps every name apart).

    >>> crowded(nx.path_graph(3, create_using=nx.Graph(view="full")))
    ''
    >>> many = nx.path_graph(CROWDED + 1)
    >>> crowded(many)[:39]
    '201 nodes are too many to read at once:'
    >>> many.graph["view"] = "memberships"
    >>> crowded(many)
    ''
    """
    if network.number_of_nodes() <= CROWDED or network.graph.get("view") in READ_WHOLE:
        return ""
    return (
        f"{network.number_of_nodes()} nodes are too many to read at once: zoom in, or search by name. "
        "The memberships and partners views (hspkg export --view memberships, --view partners) are drawn to be read whole; "
        "every node here is named, with what describes it (statements, dates, identifiers) among its attributes."
    )


def _draw(network: nx.Graph[str], stream: BinaryIO, format: str) -> None:
    try:
        import matplotlib

        matplotlib.use("Agg")  # no screen needed
        import matplotlib.pyplot as plt
        from matplotlib.lines import Line2D
    except ImportError:
        raise WorkError(f"needs matplotlib: {DRAW_EXTRA}", argument="format", value=format) from None
    matplotlib.rcParams["svg.hashsalt"] = "hspkg"  # the same ids in every SVG
    matplotlib.rcParams["svg.fonttype"] = "none"  # text stays text: searchable, and editable for a paper
    matplotlib.rcParams["font.family"] = "sans-serif"
    matplotlib.rcParams["font.sans-serif"] = list(FAMILY)
    nodes = list(network.nodes)
    where = {n: (float(d.get("x", 0)), float(d.get("y", 0))) for n, d in network.nodes(data=True)}
    sizes = {n: float(network.nodes[n].get("size", 10)) for n in nodes}
    rooms = {n: room(network, n, sizes[n]) for n in nodes}
    left = min((where[n][0] - rooms[n][0] for n in nodes), default=0.0) - MARGIN
    right = max((where[n][0] + rooms[n][1] for n in nodes), default=1.0) + MARGIN
    top = min((where[n][1] - rooms[n][2] for n in nodes), default=0.0) - MARGIN
    bottom = max((where[n][1] + rooms[n][3] for n in nodes), default=1.0) + MARGIN
    width, height = right - left + KEY, bottom - top + HEADING  # points
    figure = plt.figure(figsize=(width / 72, height / 72))
    axes = figure.add_axes((0, 0, (right - left) / width, (bottom - top) / height))
    axes.set_xlim(left, right)
    axes.set_ylim(bottom, top)  # y grows downwards, as on the page
    axes.set_axis_off()
    _edges(network, axes, where, sizes)
    for kind in sorted({str(network.nodes[n].get("kind", "")) for n in nodes}):
        mine = [n for n in nodes if str(network.nodes[n].get("kind", "")) == kind]
        axes.scatter(
            [where[n][0] for n in mine], [where[n][1] for n in mine], s=[sizes[n] ** 2 for n in mine], marker=shape(kind)[2],
            c=[str(network.nodes[n].get("colour", "#C0C0C0")) for n in mine], edgecolors="#333333", linewidths=0.8, zorder=3,
        )  # fmt: skip
    for index, node in enumerate(nodes):
        attributes = network.nodes[node]
        bold = is_partnership(str(attributes.get("kind", "")))
        on_left = name_side(network, node) == "left"
        x = where[node][0] + (-1 if on_left else 1) * (sizes[node] / 2 + GAP)
        text = axes.text(
            x, where[node][1], wrapped(str(attributes.get("label", node))), fontsize=FONT[bold], weight="bold" if bold else "normal",
            va="center", ha="right" if on_left else "left", linespacing=LINE, zorder=4,
            bbox={"boxstyle": "square,pad=0.05", "facecolor": "white", "edgecolor": "none", "alpha": 0.8},
        )  # fmt: skip
        text.set_gid(f"name-{index}")
    kinds = sorted({(str(d.get("kind", "")), str(d.get("colour", ""))) for _, d in network.nodes(data=True)})
    handles = [Line2D([], [], marker=shape(k)[2], linestyle="", markersize=13, markerfacecolor=c, markeredgecolor="#333333", label=k) for k, c in kinds]
    shown = programmes("; ".join(str(d.get("programme") or d.get("programmes") or "") for *_, d in network.edges(data=True)))
    handles += [Line2D([], [], color=PROGRAMMES[p][1], linewidth=3, label=PROGRAMMES[p][0]) for p in shown if p in PROGRAMMES]
    families = {line(str(d.get("relation", ""))).family for *_, d in network.edges(data=True)}
    handles += [Line2D([], [], color=f.colour, linewidth=f.width, linestyle=f.matplotlib, label=f.family) for f in LINES.values() if f.family in families]  # type: ignore[arg-type]
    key = figure.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=((right - left + 8) / width, 1 - HEADING / height),
        frameon=False,
        fontsize=14,
        title="Key",
        title_fontsize=15,
    )
    key.set_gid("key")
    figure.text(0.5 * (right - left) / width, 1 - 8 / height, title(network), ha="center", va="top", fontsize=16, weight="bold").set_gid("title")
    if crowded(network):
        figure.text(0.5 * (right - left) / width, 1 - 28 / height, crowded(network), ha="center", va="top", fontsize=10, style="italic").set_gid("note")
    dpi = min(150.0, LARGEST / max(width, height) * 72)
    figure.savefig(stream, format=format, dpi=dpi, metadata={"Date": None} if format == "svg" else {"Software": None})
    plt.close(figure)


def _edges(network: nx.Graph[str], axes: object, where: dict[str, tuple[float, float]], sizes: dict[str, float]) -> None:
    """Each edge in its relation's line style, with its relation's arrow head in a directed view."""
    from matplotlib.axes import Axes
    from matplotlib.collections import LineCollection

    assert isinstance(axes, Axes)
    edges = [(u, v, str(d.get("relation", ""))) for u, v, d in network.edges(data=True) if u != v]
    colours = {(u, v): str(d["colour"]) for u, v, d in network.edges(data=True) if "colour" in d}  # a programme's (style.styled)
    if len(edges) > 1500:  # arrows one by one would take minutes: plain lines in one collection per relation
        for relation in sorted({r for *_, r in edges}):
            drawn = line(relation)
            segments = [(where[u], where[v]) for u, v, r in edges if r == relation]
            axes.add_collection(LineCollection(segments, colors=drawn.colour, linewidths=drawn.width * 0.6, linestyles=drawn.matplotlib, zorder=1))
        return
    for u, v, relation in edges:
        drawn = line(relation)
        style = "-|>" if network.is_directed() and drawn.arrow != "none" else "-"
        axes.annotate(
            "", xy=where[v], xytext=where[u], zorder=2,
            arrowprops={"arrowstyle": style, "color": colours.get((u, v), drawn.colour), "linewidth": drawn.width, "linestyle": drawn.matplotlib,
                        "shrinkA": sizes[u] / 2, "shrinkB": sizes[v] / 2 + 1, "mutation_scale": 12},
        )  # fmt: skip
