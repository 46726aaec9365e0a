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
    return canonical(triples.serialize(format="json-ld", context=context(), auto_compact=True, indent=1)).encode("utf-8")


def canonical(text: str) -> str:
    """JSON-LD with its keys and its (unordered) arrays sorted, so that the same graph is always the same text.

    rdflib writes nodes and values in the order of its hash-seeded sets; JSON-LD gives an
    array no order except in an ``@list``, which keeps its own.

    >>> text = canonical('{"b": [{"@id": "y"}, {"@id": "x"}], "@list": [2, 1], "a": 1}')
    >>> json.loads(text)["b"], json.loads(text)["@list"], list(json.loads(text))
    ([{'@id': 'x'}, {'@id': 'y'}], [2, 1], ['@list', 'a', 'b'])
    """

    def order(value: Any, ordered: bool = False) -> Any:
        if isinstance(value, dict):
            return {k: order(v, ordered=k == "@list") for k, v in value.items()}
        if isinstance(value, list):
            items = [order(v) for v in value]
            return items if ordered else sorted(items, key=lambda v: json.dumps(v, sort_keys=True))
        return value

    return json.dumps(order(json.loads(text)), indent=1, sort_keys=True, ensure_ascii=False)
