"""One query worker of ``hspkg serve``: a process that answers SPARQL queries over a read-only store.

Oxigraph cannot interrupt every query it runs (an aggregate over a cross
product runs on for minutes past any limit), so queries run here, in a process
of their own that the server kills at the time limit (see :mod:`hspkg.supervise`).

The protocol is one JSON object a line: the server writes a job on standard
input, the worker writes the whole answer to the file the job names and then
replies with its status, so an answer is either complete or an error, never
half of one. Linked Data pages, the VoID description and the dump are jobs too
(:mod:`hspkg.documents`), under the same time limit and size cap. Run as ``python -m hspkg.worker STORE`` (an Oxigraph store folder, or an N-Triples file).
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import signal
import sys
from collections.abc import Callable
from typing import IO, Any, BinaryIO, cast

from pyoxigraph import BlankNode, DefaultGraph, NamedNode, QueryResultsFormat, QueryTriples, RdfFormat, Store

from .formats import RDF, RESULTS, ListedTriples, Options, formats, negotiate


class TooLarge(Exception):
    """The answer grew past the server's limit."""


class Capped:
    """A binary file that refuses to grow past ``limit`` bytes."""

    def __init__(self, stream: BinaryIO, limit: int) -> None:
        self.stream, self.limit, self.size = stream, limit, 0

    def write(self, data: bytes) -> int:
        self.size += len(data)
        if self.size > self.limit:
            raise TooLarge
        return self.stream.write(data)

    def flush(self) -> None:
        self.stream.flush()


def write(job: dict[str, Any], media: str, produce: Callable[[IO[bytes]], object]) -> dict[str, Any]:
    """Write an answer with ``produce`` into ``job["out"]``, capped at ``job["max_bytes"]``; deleted unless whole."""
    limit = int(job["max_bytes"])
    capped = Capped(open(job["out"], "wb"), limit)
    try:
        with capped.stream:
            produce(cast(IO[bytes], capped))
    except BaseException as e:  # pyoxigraph may wrap the TooLarge raised in write: the size tells
        os.unlink(job["out"])
        if isinstance(e, TooLarge) or capped.size > limit:
            return {"status": 413, "message": f"the answer is larger than this server's limit of {limit:,} bytes: ask for less (LIMIT, fewer variables)"}
        if not isinstance(e, Exception):
            raise
        return {"status": 500, "message": f"the query failed while its answer was written: {e}"[:2000]}
    return {"status": 200, "type": media, "size": capped.size}


def answer(store: Store, job: dict[str, Any]) -> dict[str, Any]:
    """Run one job: write the answer to ``job["out"]``, return the status (and media type, or message).

    A job is a SPARQL query unless its ``kind`` names a Linked Data document (:mod:`hspkg.documents`).
    The answer's format is the one :func:`hspkg.formats.negotiate` chooses for the job's Accept header:

    >>> import os, tempfile
    >>> from pyoxigraph import Store
    >>> job = {"query": "ASK {}", "accept": "text/csv;q=0.5, text/tab-separated-values", "out": tempfile.mktemp(), "max_bytes": 100}
    >>> answer(Store(), job), open(job["out"], "rb").read()
    ({'status': 200, 'type': 'text/tab-separated-values', 'size': 4}, b'true')
    >>> answer(Store(), {**job, "accept": "image/png"})["status"]
    406
    >>> os.unlink(job["out"])
    """
    if job.get("kind", "query") != "query":
        from .documents import answer as document
        from .errors import HspkgError

        try:
            made = document(store, job)
        except (HspkgError, OSError, RuntimeError, ValueError) as e:  # said to the client; the worker goes on
            return {"status": 500, "message": f"the page could not be made: {e}"[:2000]}
        return made if isinstance(made, dict) else write(job, *made)
    try:
        default: list[NamedNode | BlankNode | DefaultGraph] = [NamedNode(i) for i in job.get("default_graph") or []]
        named: list[NamedNode | BlankNode] = [NamedNode(i) for i in job.get("named_graphs") or []]
    except ValueError as e:
        return {"status": 400, "message": f"default-graph-uri or named-graph-uri: {e}"[:2000]}
    try:
        result = store.query(job["query"], default_graph=default or None, named_graphs=named or None)
    except SyntaxError as e:
        return {"status": 400, "message": str(e)[:2000]}
    except (OSError, RuntimeError, ValueError) as e:
        return {"status": 500, "message": f"the query failed: {e}"[:2000]}
    # the formats of hspkg.formats, chosen by its one negotiator, as the pages are
    offers = formats(RDF if isinstance(result, QueryTriples) else RESULTS, served=True)
    chosen = negotiate(job.get("accept") or "", offers)
    if chosen is None:
        offered = ", ".join(media for offer in offers for media in offer.media_types)
        return {"status": 406, "message": f"this answer can be sent as {offered}, none of which the Accept header takes"}
    if isinstance(result, QueryTriples):
        writer = chosen.writer()  # JSON-LD as the pages and exports write it: compacted with our context
        return write(job, chosen.media_type, lambda out: writer(ListedTriples(result), [cast(BinaryIO, out)], Options()))
    rows = chosen.oxigraph
    assert isinstance(rows, QueryResultsFormat)
    return write(job, chosen.media_type, lambda out: result.serialize(out, rows))


def open_store(location: str) -> Store:
    """An on-disk store opened read-only, or (``*.nt``) N-Triples loaded into memory, twice as fast to query."""
    if location.endswith(".nt"):
        store = Store()
        store.bulk_load(path=location, format=RdfFormat.N_TRIPLES)
        return store
    return Store.read_only(location)


def _die_with_parent() -> None:
    """On Linux, be killed when the server dies, even mid-query (stdin closing is seen only between queries)."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def main(location: str) -> None:
    _die_with_parent()
    # the replies go to the real standard output; anything a library prints goes to stderr
    replies = os.fdopen(os.dup(1), "w", buffering=1)
    sys.stdout = sys.stderr
    try:
        store = open_store(location)
    except OSError as e:  # the server says why the worker did not start; one line is enough here
        sys.exit(f"hspkg worker: cannot open {location}: {e}")
    # what pages need is imported now, not inside the first page's time limit
    from . import documents  # noqa: F401

    replies.write('{"ready": true}\n')
    for line in sys.stdin:
        replies.write(json.dumps(answer(store, json.loads(line))) + "\n")


if __name__ == "__main__":
    main(sys.argv[1])
