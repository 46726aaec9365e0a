"""A picture of the network for a paper: PNG or SVG, drawn with matplotlib."""

from __future__ import annotations

from typing import BinaryIO

import networkx as nx

from ..errors import WorkError
from .layout import DRAW_EXTRA, positions
from .palette import COLOURS, colour


def write_png(network: nx.Graph[str], stream: BinaryIO) -> None:
    _draw(network, stream, "png")


def write_svg(network: nx.Graph[str], stream: BinaryIO) -> None:
    _draw(network, stream, "svg")


def _draw(network: nx.Graph[str], stream: BinaryIO, format: str) -> None:
    try:
        import matplotlib

        matplotlib.use("Agg")  # no screen needed
        import matplotlib.pyplot as plt
        from matplotlib.patches import Patch
    except ImportError:
        raise WorkError(f"needs matplotlib: {DRAW_EXTRA}", argument="format", value=format) from None
    # matplotlib's y axis grows upwards, the page's downwards
    where = {n: (x, 1.0 - y) for n, (x, y) in positions(network).items()}
    figure, axes = plt.subplots(figsize=(14, 10), dpi=150)
    kinds = [str(network.nodes[n].get("kind", "")) for n in network.nodes]
    nx.draw_networkx_edges(network, where, ax=axes, edge_color="#999999", width=0.8, arrows=False, alpha=0.7)
    nx.draw_networkx_nodes(network, where, ax=axes, node_color=[colour(k) for k in kinds], node_size=220, edgecolors="#333333", linewidths=0.5)
    labels = {n: _short(str(d.get("label", n))) for n, d in network.nodes(data=True)}
    nx.draw_networkx_labels(network, where, labels=labels, ax=axes, font_size=7, verticalalignment="bottom")
    present = [k for k in COLOURS if k in kinds]
    axes.legend(handles=[Patch(color=COLOURS[k], label=k) for k in present], loc="upper left", frameon=False, fontsize=8)
    axes.set_axis_off()
    axes.margins(x=0.12, y=0.06)  # room for the labels of nodes at the edges
    figure.tight_layout()
    figure.savefig(stream, format=format, metadata={"Date": None} if format == "svg" else None)
    plt.close(figure)


def _short(label: str, widest: int = 32) -> str:
    return label if len(label) <= widest else label[: widest - 1] + "…"
