"""What a query worker answers besides SPARQL: Linked Data pages, whether a resource is known, VoID, the dump.

These run in the worker processes of ``hspkg serve`` (:mod:`hspkg.worker`),
never in the front, so that every request that touches the graph is under the
same time limit, kill and size cap as a SPARQL query. A job names its
``kind``; :func:`answer` gives the worker a status, or the media type and the
writer of the answer, which the worker writes to the job's file under its cap
(so this module needs nothing of the worker's).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import IO, Any

from pyoxigraph import DefaultGraph, NamedNode, RdfFormat, Store, Triple

from . import linkeddata, void
from .description import Description
from .formats import EXPORT, PAGE, ListedTriples, Options, get
from .graph import KnowledgeGraph
from .writers import writer_for

# what a worker writes into the job's file: the answer's media type and its writer
Document = tuple[str, Callable[[IO[bytes]], object]]


def _known(store: Store, iri: str) -> bool:
    """Whether the graph states anything about ``iri`` (one index look-up)."""
    try:
        node = NamedNode(iri)
    except ValueError:
        return False
    return next(iter(store.quads_for_pattern(node, None, None)), None) is not None


def page(description: Description, format: str) -> bytes:
    """A description in a page format of :mod:`hspkg.formats`: HTML for people, or its triples in RDF.

    The triples are sorted, so that a page is the same bytes however the store ordered them.
    """
    chosen = get(PAGE, format)
    subject: Any = description
    if chosen.oxigraph is not None:
        subject = ListedTriples(sorted((Triple(s, p, o) for s, p, o in description.triples), key=str))  # type: ignore[arg-type]
    out = io.BytesIO()
    writer_for(chosen)(subject, [out], Options())
    return out.getvalue()


def answer(store: Store, job: dict[str, Any]) -> dict[str, Any] | Document:
    """Answer a ``page``, ``known``, ``void`` or ``dump`` job (see :mod:`hspkg.serve`): a status, or the answer to write."""
    kind = job["kind"]
    if kind == "known":
        unknown = next((iri for iri in job["iris"] if not _known(store, iri)), None)
        if unknown is not None:
            return {"status": 404, "message": f"{unknown}: the graph says nothing about it"}
        return "text/plain", lambda out: out.write(b"")
    graph = KnowledgeGraph(store, [])
    if kind == "page":
        iri, format = job["iri"], job["format"]
        description = linkeddata.describe(graph, iri)  # once per page
        if description is None:
            return {"status": 404, "message": f"{iri}: the graph says nothing about it"}
        body = page(description, format)  # made before it is written: a page that fails is a 500, not a cut answer
        return get(PAGE, format).media_type, lambda out: out.write(body)
    if kind == "void":
        return get(EXPORT, "void").media_type, lambda out: void.write(graph, out, job.get("endpoint"), job.get("dumps", ()))
    if kind == "dump":

        def dump(out: IO[bytes]) -> None:
            store.dump(out, format=RdfFormat.N_TRIPLES, from_graph=DefaultGraph())

        return get(EXPORT, "ntriples").media_type, dump
    return {"status": 400, "message": f"a worker job of an unknown kind: {kind}"}
