"""The graph as JSON-LD, compacted with hspkg's published ``@context``.

The context is shipped in the package (``static/context.jsonld``) and published
at :data:`CONTEXT_URL`; an export carries it inline, so that reading the file
never fetches anything (our rule: no remote JSON-LD contexts).
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any, BinaryIO

if TYPE_CHECKING:
    from .graph import KnowledgeGraph

CONTEXT_URL = "https://w3id.org/hspkg/context.jsonld"
MEDIA_TYPE = "application/ld+json"


@cache
def context_text() -> str:
    """The published context document, as shipped.

    >>> '"hsp": "https://w3id.org/hspkg/ontology#"' in context_text()
    True
    """
    return resources.files("hspkg").joinpath("static", "context.jsonld").read_text(encoding="utf-8")


def context() -> dict[str, Any]:
    """The term definitions of the context (the value of its ``@context``).

    >>> context()["member"]
    {'@id': 'org:member', '@type': '@id'}
    """
    return dict(json.loads(context_text())["@context"])


def write(graph: KnowledgeGraph, output: BinaryIO) -> None:
    """Write every triple of ``graph`` (inferences included) as compacted JSON-LD.

    rdflib's serializer does the compaction; Oxigraph hands it the triples.
    """
    output.write(serialize(graph.dump() or b""))


def serialize(ntriples: bytes) -> bytes:
    """N-Triples as JSON-LD compacted with the context (inline, so readers need no network).

    >>> text = serialize(b'<https://w3id.org/hspkg/id/org/ucl> <http://www.w3.org/2000/01/rdf-schema#label> "UCL" .\\n')
    >>> json.loads(text)["label"]
    'UCL'
    """
    import rdflib

    triples = rdflib.Graph()
    triples.parse(data=ntriples, format="nt")
    return triples.serialize(format="json-ld", context=context(), auto_compact=True, indent=1).encode("utf-8")
