"""A picture of the network for a paper: PNG or SVG, drawn with matplotlib at the layout's positions.

Names stand whole beside their nodes (wrapped when long), the title says the
view and the year, and the legend sits outside the drawing.
"""

from __future__ import annotations

import textwrap
from typing import BinaryIO

import networkx as nx

from ..errors import WorkError
from .palette import is_partnership

DRAW_EXTRA = "pip install 'hspkg[draw]'"
WRAP = 30  # characters per line of a name


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
    where = {n: (float(d.get("x", 0)), -float(d.get("y", 0))) for n, d in network.nodes(data=True)}
    figure, axes = plt.subplots(figsize=(16, 12), dpi=150)
    nodes = list(network.nodes)
    arrows = {"arrows": True, "arrowsize": 7, "node_size": 60} if network.is_directed() else {"arrows": False}
    nx.draw_networkx_edges(network, where, ax=axes, edge_color="#9a9a9a", width=0.7, alpha=0.8, **arrows)
    sizes = [float(network.nodes[n].get("size", 10)) * 6 for n in nodes]
    fills = [str(network.nodes[n].get("colour", "#C0C0C0")) for n in nodes]
    nx.draw_networkx_nodes(network, where, nodelist=nodes, ax=axes, node_color=fills, node_size=sizes, edgecolors="#333333", linewidths=0.4)
    for node in nodes:
        x, y = where[node]
        attributes = network.nodes[node]
        label = textwrap.fill(str(attributes.get("label", node)), WRAP)
        bold = is_partnership(str(attributes.get("kind", "")))
        axes.annotate(label, (x, y), xytext=(6, 0), textcoords="offset points", fontsize=5.5, va="center", ha="left", weight="bold" if bold else "normal")
    kinds = sorted({(str(d.get("kind", "")), str(d.get("colour", ""))) for _, d in network.nodes(data=True)})
    handles = [Line2D([], [], marker="o", linestyle="", markerfacecolor=c, markeredgecolor="#333333", label=k) for k, c in kinds]
    axes.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize=8, title="kind")
    axes.set_title(title(network), fontsize=12)
    axes.set_axis_off()
    axes.margins(x=0.08, y=0.03)
    figure.tight_layout()
    figure.savefig(stream, format=format, metadata={"Date": None} if format == "svg" else {"Software": None})
    plt.close(figure)
