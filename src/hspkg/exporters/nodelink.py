"""JSON node-link (networkx's format): loads in d3 and Cytoscape.js."""

from __future__ import annotations

import json
from typing import BinaryIO

import networkx as nx


def write(network: nx.Graph[str], stream: BinaryIO) -> None:
    """Write ``network`` as node-link JSON: ``nodes`` with ``id`` and attributes, ``links`` with ``source`` and ``target``."""
    document = nx.node_link_data(network, edges="links")
    stream.write(json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8"))
