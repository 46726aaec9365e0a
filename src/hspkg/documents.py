"""What a query worker answers besides SPARQL: Linked Data pages, whether a resource is known, VoID, the dump.

These run in the worker processes of ``hspkg serve`` (:mod:`hspkg.worker`),
never in the front, so that every request that touches the graph is under the
same time limit, kill and size cap as a SPARQL query. A job names its
``kind``; each answer is written to the job's file by :func:`hspkg.worker.write`.
"""

from __future__ import annotations

from typing import IO, Any

from pyoxigraph import DefaultGraph, NamedNode, RdfFormat, Store

from . import linkeddata, void
from .graph import KnowledgeGraph
from .worker import write


def _known(store: Store, iri: str) -> bool:
    """Whether the graph states anything about ``iri`` (one index look-up)."""
    try:
        node = NamedNode(iri)
    except ValueError:
        return False
    return next(iter(store.quads_for_pattern(node, None, None)), None) is not None


def answer(store: Store, job: dict[str, Any]) -> dict[str, Any]:
    """Answer a ``page``, ``known``, ``void`` or ``dump`` job (see :mod:`hspkg.serve`)."""
    kind = job["kind"]
    if kind == "known":
        unknown = next((iri for iri in job["iris"] if not _known(store, iri)), None)
        if unknown is not None:
            return {"status": 404, "message": f"{unknown}: the graph says nothing about it"}
        return write(job, "text/plain", lambda out: out.write(b""))
    graph = KnowledgeGraph(store, [])
    if kind == "page":
        iri, format = job["iri"], job["format"]
        description = linkeddata.describe(graph, iri)  # once per page
        if description is None:
            return {"status": 404, "message": f"{iri}: the graph says nothing about it"}
        body = linkeddata.html(description) if format == "html" else linkeddata.serialize(description, format)
        return write(job, linkeddata.PAGE_FORMATS[format][0], lambda out: out.write(body))
    if kind == "void":
        return write(job, "text/turtle", lambda out: void.write(graph, out, job.get("endpoint"), job.get("dumps", ())))
    if kind == "dump":

        def dump(out: IO[bytes]) -> None:
            store.dump(out, format=RdfFormat.N_TRIPLES, from_graph=DefaultGraph())

        return write(job, "application/n-triples", dump)
    return {"status": 400, "message": f"a worker job of an unknown kind: {kind}"}
