"""A read-only SPARQL endpoint over our graph: a small Starlette front over supervised query workers.

The graph is written once into an on-disk Oxigraph store; worker processes
(:mod:`hspkg.supervise`, :mod:`hspkg.worker`) open it read-only and answer one
query each at a time. The front gives the conventional ``/sparql`` address
(SPARQL 1.1 Protocol, content negotiation), refuses updates and SERVICE
clauses before they reach the store, caps the request body and the answer,
and answers ``200`` only with a complete answer: a worker writes the whole
answer to a file before the front sends a byte. A query past its time limit
is killed with its worker, which is restarted. ``/health`` says whether the
workers answer; ``/`` is YASGUI with the catalogue as examples (``editor.py``);
every IRI of ours answers as a Linked Data page (``linkeddata.py``).
"""

from __future__ import annotations

import os
import signal
import socket
import sys
import tempfile
import urllib.parse
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pyoxigraph import Store

from . import editor
from .errors import InputError, WorkError
from .graph import KnowledgeGraph
from .service import REFUSAL, uses_service
from .supervise import Pool

if TYPE_CHECKING:  # the web server libraries are an extra, imported when serving
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import Response
    from starlette.routing import BaseRoute

EXTRA = "pip install 'hspkg[serve]'"
IN_MEMORY = 250_000  # triples: up to this many, each worker holds the graph in memory
INLINE = 1 << 20  # answers up to this size are read and sent at once; larger ones are streamed from their file


@dataclass(frozen=True)
class Options:
    """How the endpoint behaves: its time limit, workers, size limits, SERVICE and CORS."""

    timeout: float = 30.0
    workers: int = min(8, max(2, os.cpu_count() or 2))
    max_body: int = 1 << 20
    max_result: int = 100 << 20
    allow_service: bool = False
    cors: tuple[str, ...] = ()
    on_disk: bool = False  # workers open an on-disk store even for a graph small enough for memory


def build_store(graph: KnowledgeGraph, folder: Path, on_disk: bool = False) -> Path:
    """Write ``graph`` (inferences included) where the workers will read it; return that path.

    Up to :data:`IN_MEMORY` triples, an N-Triples file each worker loads into
    memory (queries run twice as fast as on disk, and a worker restarts in
    milliseconds); above it, an on-disk Oxigraph store the workers open
    read-only, so that memory does not grow with the number of workers.
    """
    try:
        if len(graph) <= IN_MEMORY and not on_disk:
            dump = folder / "graph.nt"
            with dump.open("wb") as stream:
                graph.dump(stream)
            return dump
        location = folder / "store"
        store = Store(str(location))
        store.bulk_extend(graph.store.quads_for_pattern(None, None, None))
        store.flush()
        del store
        return location
    except OSError as e:
        raise WorkError(f"{folder}: could not write the graph for the query workers: {e}") from None


class Refused(Exception):
    """A request answered with an error status before any query runs."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


async def _body(request: Request, limit: int) -> bytes:
    """The request body, refused (413) as soon as it is known to be longer than ``limit``."""
    too_long = Refused(413, f"the request body is larger than this server's limit of {limit:,} bytes")
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise too_long
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise too_long
        chunks.append(chunk)
    return b"".join(chunks)


async def _job(request: Request, options: Options) -> dict[str, Any]:
    """The query of a SPARQL 1.1 Protocol request, with its dataset and Accept header, as a worker job."""
    fields: dict[str, list[str]] = {k: request.query_params.getlist(k) for k in request.query_params}
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if request.method == "POST":
        body = await _body(request, options.max_body)
        if content_type == "application/x-www-form-urlencoded":
            for key, values in urllib.parse.parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True).items():
                fields.setdefault(key, []).extend(values)
        elif content_type == "application/sparql-query":
            fields["query"] = [body.decode("utf-8", "replace")]
        elif content_type != "application/sparql-update":
            raise Refused(415, f"send the query as application/x-www-form-urlencoded or application/sparql-query, not {content_type or 'no content type'}")
    if "update" in fields or content_type == "application/sparql-update":
        raise Refused(403, "this endpoint is read-only: SPARQL updates are refused")
    queries = fields.get("query", [])
    if len(queries) != 1 or not queries[0].strip():
        raise Refused(400, "give exactly one query (the query parameter, or a body of type application/sparql-query)")
    if not options.allow_service and uses_service(queries[0]):
        raise Refused(400, REFUSAL.replace("with --allow-service", "with hspkg serve --allow-service"))
    return {
        "query": queries[0],
        "accept": request.headers.get("accept", ""),
        "default_graph": fields.get("default-graph-uri", []),
        "named_graphs": fields.get("named-graph-uri", []),
        "max_bytes": options.max_result,
    }


def _text(status: int, message: str) -> Response:
    from starlette.responses import Response

    return Response(f"{message}\n", status_code=status, media_type="text/plain; charset=utf-8")


def routes(pool: Callable[[], Pool], options: Options, graph: KnowledgeGraph) -> list[BaseRoute]:
    """The front's routes; ``pool`` gives the running worker pool, ``graph`` answers the Linked Data pages. Add a route here to serve more."""
    from starlette.background import BackgroundTask
    from starlette.responses import FileResponse, HTMLResponse, JSONResponse, Response
    from starlette.routing import Mount, Route
    from starlette.staticfiles import StaticFiles

    from .linkeddata import routes as linked_data

    index = editor.page()

    async def home(request: Request) -> Response:
        return HTMLResponse(index, headers={"Content-Security-Policy": editor.POLICY})

    async def sparql(request: Request) -> Response:
        try:
            job = await _job(request, options)
        except Refused as e:
            return _text(e.status, str(e))
        reply = await pool().run(job, options.timeout)
        if reply["status"] != 200:
            return _text(reply["status"], reply["message"])
        out: Path = reply["out"]
        if reply["size"] <= INLINE:
            content = out.read_bytes()
            out.unlink()
            return Response(content, media_type=reply["type"])
        return FileResponse(out, media_type=reply["type"], background=BackgroundTask(out.unlink, missing_ok=True))

    async def health(request: Request) -> Response:
        report = await pool().health()
        return JSONResponse(report, status_code=200 if report["ok"] else 503)

    return [
        Route("/", home),
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/health", health),
        # the pages of one resource are small, bounded queries: the front's own copy of the graph answers them
        *linked_data(graph, dump=lambda: _dump(graph)),
        # YASGUI and the page's script, shipped in the package
        Mount("/static", StaticFiles(packages=[("hspkg", "static")])),
    ]


def _dump(graph: KnowledgeGraph) -> Iterator[bytes]:
    """The graph as N-Triples in chunks, spooled to disk first so that memory stays flat."""
    with tempfile.SpooledTemporaryFile(max_size=16 << 20) as spool:
        graph.dump(spool)
        spool.seek(0)
        while chunk := spool.read(1 << 20):
            yield chunk


def app(graph: KnowledgeGraph, location: Path, scratch: Path, options: Options, started: Callable[[], Awaitable[None]] | None = None) -> Starlette:
    """The front over worker processes that open ``graph`` at ``location`` (see :func:`build_store`); answers pass through ``scratch``."""
    try:
        from starlette.applications import Starlette
        from starlette.middleware import Middleware
        from starlette.middleware.cors import CORSMiddleware
    except ImportError:
        raise WorkError(f"hspkg serve needs its web server libraries: {EXTRA}") from None
    running: list[Pool] = []

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        pool = Pool(location, options.workers, scratch)
        await pool.start()
        running.append(pool)
        if started:
            await started()
        try:
            yield
        finally:
            await pool.close()

    # Browser SPARQL editors (YASGUI) on other origins may query, nothing more.
    middleware = [Middleware(CORSMiddleware, allow_origins=list(options.cors), allow_methods=["GET", "POST"], allow_headers=["Accept", "Content-Type"])]
    return Starlette(routes=routes(lambda: running[0], options, graph), middleware=middleware if options.cors else [], lifespan=lifespan)


def serve(graph: KnowledgeGraph, host: str = "127.0.0.1", port: int = 7878, options: Options | None = None) -> None:
    """Serve ``graph`` read-only at ``http://HOST:PORT/sparql`` until interrupted."""
    options = options or Options()
    try:
        import uvicorn
    except ImportError:
        raise WorkError(f"hspkg serve needs its web server libraries: {EXTRA}") from None
    with socket.socket() as probe:
        # as uvicorn will: a port left in TIME_WAIT by a server just stopped is free to use
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as e:
            raise InputError(f"cannot listen on {host}:{port}: {e.strerror}", argument="port", value=port) from None
    with tempfile.TemporaryDirectory(prefix="hspkg-serve-") as scratch:
        store = build_store(graph, Path(scratch), options.on_disk)
        answers = Path(scratch) / "answers"
        answers.mkdir()

        async def started() -> None:
            workers = f"{options.workers} query workers, {options.timeout:g} s limit"
            print(f"hspkg: serving {len(graph)} triples at http://{host}:{port}/sparql ({workers}; Ctrl-C to stop)", file=sys.stderr, flush=True)

        # uvicorn stops gracefully on SIGINT or SIGTERM, then raises the signal again
        # with the handlers it found: make both an exception here, so that the
        # workers and the store are cleaned up on the way out.
        previous = signal.signal(signal.SIGTERM, _interrupt)
        try:
            uvicorn.run(app(graph, store, answers, options, started), host=host, port=port, log_level="warning")
        except KeyboardInterrupt:
            print("hspkg: stopped", file=sys.stderr)
        finally:
            signal.signal(signal.SIGTERM, previous)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
