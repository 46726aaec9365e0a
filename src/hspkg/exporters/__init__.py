"""Network export formats, one module each, behind one small registry."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import BinaryIO

import networkx as nx

from ..errors import InputError
from ..output import atomic
from . import graphml

Writer = Callable[[nx.Graph, BinaryIO], None]

EXPORTERS: dict[str, Writer] = {"graphml": graphml.write}


def export(network: nx.Graph, format: str, path: str | os.PathLike[str]) -> None:
    """Write ``network`` to ``path`` in ``format``, whole or not at all."""
    if format not in EXPORTERS:
        raise InputError(f"no export format {format!r}; the formats are: {', '.join(EXPORTERS)}")
    with atomic(path) as stream:
        EXPORTERS[format](network, stream)
