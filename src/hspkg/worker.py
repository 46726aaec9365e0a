"""One query worker of ``hspkg serve``: a process that answers SPARQL queries over a read-only store.

Oxigraph cannot interrupt every query it runs (an aggregate over a cross
product runs on for minutes past any limit), so queries run here, in a process
of their own that the server kills at the time limit (see :mod:`hspkg.supervise`).

The protocol is one JSON object a line: the server writes a job on standard
input, the worker writes the whole answer to the file the job names and then
replies with its status, so an answer is either complete or an error, never
half of one. A small answer (``inline`` bytes at most, when the job allows it) comes back
through the pipe right after its reply line instead, sparing the file's writing, opening and
deleting for every answer. Linked Data pages, the VoID description and the dump are jobs too
(:mod:`hspkg.documents`), under the same time limit and size cap. Run as ``python -m hspkg.worker STORE`` (an Oxigraph store folder, or an N-Triples file).
"""

from __future__ import annotations

import contextlib
import ctypes
import io
import json
import os
import signal
import sys
from collections.abc import Callable
from typing import IO, Any, BinaryIO, cast

from pyoxigraph import BlankNode, DefaultGraph, NamedNode, QueryBoolean, QueryResultsFormat, QuerySolutions, QueryTriples, RdfFormat, Store

# What an answer is written as when the client accepts anything, and what else it may ask for.
RESULTS = {
    "application/sparql-results+json": QueryResultsFormat.JSON,
    "application/json": QueryResultsFormat.JSON,
    "application/sparql-results+xml": QueryResultsFormat.XML,
    "application/xml": QueryResultsFormat.XML,
    "text/xml": QueryResultsFormat.XML,
    "text/csv": QueryResultsFormat.CSV,
    "text/tab-separated-values": QueryResultsFormat.TSV,
}
TRIPLES = {
    "text/turtle": RdfFormat.TURTLE,
    "application/n-triples": RdfFormat.N_TRIPLES,
    "text/plain": RdfFormat.N_TRIPLES,
    "application/rdf+xml": RdfFormat.RDF_XML,
    "application/ld+json": RdfFormat.JSON_LD,
    "application/n-quads": RdfFormat.N_QUADS,
    "application/trig": RdfFormat.TRIG,
}


def negotiate(accept: str, offers: dict[str, Any]) -> str | None:
    """The media type to answer with: the first of ``offers`` the Accept header rates highest, None if none.

    >>> negotiate("text/csv;q=0.5, application/sparql-results+json", RESULTS)
    'application/sparql-results+json'
    >>> negotiate("", RESULTS), negotiate("text/*", RESULTS), negotiate("image/png", RESULTS)
    ('application/sparql-results+json', 'text/xml', None)
    """
    ranked: list[tuple[float, int, str]] = []
    for order, part in enumerate(accept.split(",")):
        media, *options = (p.strip() for p in part.split(";"))
        quality = 1.0
        for option in options:
            key, _, value = option.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if media and quality > 0:
            ranked.append((-quality, order, media.lower()))
    if not ranked:
        return next(iter(offers))
    for _, _, media in sorted(ranked):
        if media in offers:
            return media
        kind, _, sub = media.partition("/")
        if sub == "*":
            return next((m for m in offers if kind == "*" or m.startswith(f"{kind}/")), None) or (None if kind != "*" else next(iter(offers)))
    return None


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


class Spilled:
    """An answer kept in memory while small (it goes back through the pipe), moved to ``path`` once past ``inline`` bytes."""

    def __init__(self, path: str | None, inline: int) -> None:
        self.path, self.inline = path, inline
        self.buffer: io.BytesIO | None = io.BytesIO()
        self.file: BinaryIO | None = None

    def write(self, data: bytes) -> int:
        if self.buffer is not None and (self.path is None or self.buffer.tell() + len(data) <= self.inline):
            return self.buffer.write(data)
        if self.file is None:
            assert self.path is not None and self.buffer is not None
            self.file = open(self.path, "wb")  # closed by close(), on every path
            self.file.write(self.buffer.getbuffer())
            self.buffer = None
        return self.file.write(data)

    def flush(self) -> None:
        if self.file is not None:
            self.file.flush()

    def close(self) -> None:
        if self.file is not None:
            self.file.close()


def write(job: dict[str, Any], media: str, produce: Callable[[IO[bytes]], object]) -> dict[str, Any]:
    """Write an answer with ``produce``, capped at ``job["max_bytes"]``: whole or not at all.

    An answer of at most ``job["inline"]`` bytes goes back with the reply, through the pipe
    (``body``); a larger one, or any without ``inline``, into the file ``job["out"]``, deleted unless whole.
    """
    limit = int(job["max_bytes"])
    inline = int(job.get("inline", 0))
    spilled = Spilled(job["out"] if "out" in job else None, inline) if inline else None
    capped = Capped(cast(BinaryIO, spilled) if spilled else open(job["out"], "wb"), limit)
    try:
        try:
            produce(cast(IO[bytes], capped))
        finally:
            (spilled or capped.stream).close()
    except BaseException as e:  # pyoxigraph may wrap the TooLarge raised in write: the size tells
        if "out" in job:
            with contextlib.suppress(OSError):  # never made (a small answer), or its folder gone
                os.unlink(job["out"])
        if isinstance(e, TooLarge) or capped.size > limit:
            return {"status": 413, "message": f"the answer is larger than this server's limit of {limit:,} bytes: ask for less (LIMIT, fewer variables)"}
        if not isinstance(e, Exception):
            raise
        return {"status": 500, "message": f"the query failed while its answer was written: {e}"[:2000]}
    if spilled is not None and spilled.buffer is not None:
        return {"status": 200, "type": media, "size": capped.size, "body": spilled.buffer.getvalue()}
    return {"status": 200, "type": media, "size": capped.size}


def answer(store: Store, job: dict[str, Any]) -> dict[str, Any]:
    """Run one job: write the answer to ``job["out"]``, return the status (and media type, or message).

    A job is a SPARQL query unless its ``kind`` names a Linked Data document (:mod:`hspkg.documents`).
    """
    if job.get("kind", "query") != "query":
        from .documents import answer as document
        from .errors import HspkgError

        try:
            return document(store, job)
        except (HspkgError, OSError, RuntimeError, ValueError) as e:  # said to the client; the worker goes on
            return {"status": 500, "message": f"the page could not be made: {e}"[:2000]}
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
    offers = TRIPLES if isinstance(result, QueryTriples) else RESULTS
    media = negotiate(job.get("accept") or "", offers)
    if media is None:
        return {"status": 406, "message": f"this answer can be sent as {', '.join(offers)}, none of which the Accept header takes"}
    if isinstance(result, (QuerySolutions, QueryBoolean)):
        return write(job, media, lambda out: result.serialize(out, RESULTS[media]))
    return write(job, media, lambda out: result.serialize(out, TRIPLES[media]))


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
    replies = os.fdopen(os.dup(1), "wb")
    sys.stdout = sys.stderr
    try:
        store = open_store(location)
    except OSError as e:  # the server says why the worker did not start; one line is enough here
        sys.exit(f"hspkg worker: cannot open {location}: {e}")
    # what pages need is imported now, not inside the first page's time limit
    from . import documents  # noqa: F401

    replies.write(b'{"ready": true}\n')
    replies.flush()
    for line in sys.stdin:
        reply(replies, answer(store, json.loads(line)))


def reply(replies: BinaryIO, status: dict[str, Any]) -> None:
    """The reply line; an answer small enough to come back through the pipe follows it, ``inline`` bytes long."""
    body: bytes | None = status.pop("body", None)
    if body is not None:
        status["inline"] = len(body)
    replies.write(json.dumps(status).encode() + b"\n" + (body or b""))
    replies.flush()


if __name__ == "__main__":
    main(sys.argv[1])
