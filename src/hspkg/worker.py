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
import functools
import io
import json
import os
import signal
import sys
from collections.abc import Callable
from typing import IO, Any, BinaryIO, cast

from pyoxigraph import BlankNode, DefaultGraph, NamedNode, QueryResultsFormat, QueryTriples, RdfFormat, Store

from .formats import RDF, RESULTS, Format, ListedTriples, Options, formats, negotiate
from .writers import writer_for


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
    use = RDF if isinstance(result, QueryTriples) else RESULTS
    chosen = _chosen(job.get("accept") or "", use)
    if chosen is None:
        offered = ", ".join(media for offer in formats(use, served=True) for media in offer.media_types)
        return {"status": 406, "message": f"this answer can be sent as {offered}, none of which the Accept header takes"}
    if isinstance(result, QueryTriples):
        writer = writer_for(chosen)  # JSON-LD as the pages and exports write it: compacted with our context
        return write(job, chosen.media_type, lambda out: writer(ListedTriples(result), [cast(BinaryIO, out)], Options()))
    rows = chosen.oxigraph
    assert isinstance(rows, QueryResultsFormat)
    return write(job, chosen.media_type, lambda out: result.serialize(out, rows))


@functools.lru_cache(maxsize=64)
def _chosen(accept: str, use: str) -> Format | None:
    """The format of hspkg.formats that its one negotiator chooses for ``accept``, as the pages' are; a client sends the same header each time."""
    return negotiate(accept, formats(use, served=True))


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
    # Ctrl-C on a terminal reaches the whole process group: the server stops its workers itself
    signal.signal(signal.SIGINT, signal.SIG_IGN)
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
    jobs = sys.stdin.buffer
    while line := jobs.readline():
        reply(replies, answer(store, unframed(line, jobs)))


def unframed(line: bytes, jobs: BinaryIO) -> dict[str, Any]:
    """A job from its JSON line, with the query's text that follows it, as :func:`hspkg.spawn.framed` writes them.

    >>> import io
    >>> from hspkg.spawn import framed
    >>> sent = io.BytesIO(framed({"query": 'SELECT ?x { ?x ?p "é\\n" }', "accept": "text/csv"}))
    >>> unframed(sent.readline(), sent) == {"query": 'SELECT ?x { ?x ?p "é\\n" }', "accept": "text/csv"}
    True
    """
    job: dict[str, Any] = json.loads(line)
    size = job.pop("query_bytes", None)
    if size is not None:
        job["query"] = jobs.read(size).decode("utf-8", "surrogatepass")
    return job


def reply(replies: BinaryIO, status: dict[str, Any]) -> None:
    """The reply line; an answer small enough to come back through the pipe follows it, ``inline`` bytes long."""
    body: bytes | None = status.pop("body", None)
    if body is not None:
        status["inline"] = len(body)
    replies.write(json.dumps(status).encode() + b"\n" + (body or b""))
    replies.flush()


if __name__ == "__main__":
    main(sys.argv[1])
