"""The whole materialised graph as RDF, serialized by Oxigraph: Turtle (with hspkg's prefixes) or N-Triples."""

from __future__ import annotations

from typing import BinaryIO, Protocol

from pyoxigraph import DefaultGraph, RdfFormat, Store

from ..terms import PREFIXES


class Stored(Protocol):
    """A graph held in an Oxigraph store (the embedded graph)."""

    store: Store


def write_turtle(graph: Stored, stream: BinaryIO) -> None:
    """Every triple as Turtle, with ``@prefix`` lines for the prefixes hspkg uses everywhere."""
    graph.store.dump(stream, format=RdfFormat.TURTLE, from_graph=DefaultGraph(), prefixes=PREFIXES)


def write_ntriples(graph: Stored, stream: BinaryIO) -> None:
    """Every triple as N-Triples (no prefixes: the format has none)."""
    graph.store.dump(stream, format=RdfFormat.N_TRIPLES, from_graph=DefaultGraph())
