"""A read-only SPARQL endpoint over our graph: a small Starlette front over supervised query workers.

The graph is written once into an on-disk Oxigraph store; worker processes
(:mod:`hspkg.supervise`, :mod:`hspkg.worker`) open it read-only and answer one
query each at a time. The front gives the conventional ``/sparql`` address
(SPARQL 1.1 Protocol, content negotiation), refuses updates and SERVICE
clauses before they reach the store, caps the request body and the answer,
and answers ``200`` only with a complete answer: a worker makes the whole
answer (in memory up to 1 MiB, else in a file) before the front sends a byte.
``/sparql`` itself is answered at the connection, without the ASGI stack
(:mod:`hspkg.fastpath`), by the same rules. A query past its time limit
is killed with its worker, which is restarted. The Linked Data pages
(``linkeddata.py``), VoID and the dump are worker jobs too: every request that
reads the graph takes the one guarded path of :mod:`hspkg.guard`. Connections,
request heads and bodies are bounded (:mod:`hspkg.connections`). ``/health``
says how each worker and the queue are; ``/`` is YASGUI with the catalogue as
examples (``editor.py``).
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import errno
import json
import resource
import signal
import socket
import sys
import tempfile
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any

from pyoxigraph import Store

from . import editor, fastpath
from .connections import ASGI, headers, protocol
from .errors import InputError, WorkError
from .graph import KnowledgeGraph
from .guard import Guard, text
from .sparql_requests import Options, Refused, body_too_large, body_too_slow, sparql_job
from .supervise import Pool

if TYPE_CHECKING:  # the web server libraries are an extra, imported when serving
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import Response
    from starlette.routing import BaseRoute

EXTRA = "pip install '.[serve]' in the hspkg checkout (hspkg is not on PyPI)"
IN_MEMORY = 250_000  # triples: up to this many, each worker holds the graph in memory
WHOLE_GRAPH = 600.0  # seconds a worker may take to count the whole graph for VoID or write the dump, once
BODY_SECONDS = 30.0  # a request body must arrive within this (a slow body holds a connection as a slow head does)


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


async def _body(request: Request, limit: int) -> bytes:
    """The request body, refused (413) as soon as it is known to be longer than ``limit``."""
    too_long = body_too_large(limit)
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise too_long
    chunks, size = [], 0
    try:
        async with asyncio.timeout(BODY_SECONDS):
            async for chunk in request.stream():
                size += len(chunk)
                if size > limit:
                    raise too_long
                chunks.append(chunk)
    except TimeoutError:
        raise body_too_slow(BODY_SECONDS) from None
    return b"".join(chunks)


async def _job(request: Request, options: Options) -> dict[str, Any]:
    """The worker job of a SPARQL 1.1 Protocol request that came through Starlette (with --cors); see :func:`sparql_job`."""
    body = await _body(request, options.max_body) if request.method == "POST" else b""
    headers = request.headers
    return sparql_job(request.method, request.scope["query_string"], headers.get("content-type", ""), headers.get("accept", ""), body, options)


def routes(guard: Guard, options: Options, base: str) -> list[BaseRoute]:
    """Every route of the server, in one table; whatever reads the graph goes through ``guard`` (worker jobs)."""
    from starlette.responses import HTMLResponse, JSONResponse
    from starlette.routing import Mount, Route
    from starlette.staticfiles import StaticFiles

    from .linkeddata import handlers

    index = editor.page()
    pages = handlers(guard.answer, base)

    async def home(request: Request) -> Response:
        return HTMLResponse(index, headers={"Content-Security-Policy": editor.POLICY})

    async def sparql(request: Request) -> Response:
        try:
            job = await _job(request, options)
        except Refused as e:
            return text(e.status, str(e))
        return await guard.answer(request, job, {})

    async def health(request: Request) -> Response:
        report = await guard.pool().health()
        return JSONResponse(report, status_code=200 if report["ok"] else 503)

    return [
        Route("/", home),
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/health", health),
        # Linked Data (linkeddata.py): each IRI of ours, as the document about it
        Route("/id/{path:path}", pages["resource"]),
        Route("/doc/{path:path}", pages["document"]),
        Route("/ontology", pages["ontology"]),
        Route("/.well-known/void", pages["dataset"]),
        Route("/dump.nt", pages["download"]),
        Route("/context.jsonld", pages["context"]),
        # YASGUI and the page's script, shipped in the package
        Mount("/static", StaticFiles(packages=[("hspkg", "static")])),
    ]


def app(
    location: Path, scratch: Path, options: Options, base: str, started: Callable[[], Awaitable[None]] | None = None, running: list[Pool] | None = None
) -> tuple[ASGI, Guard]:
    """The front over worker processes that open the graph at ``location`` (see :func:`build_store`), and the guard every request
    that reads the graph goes through; answers pass through ``scratch``; ``base`` is the server's public address; the pool, once
    started, is put in ``running``."""
    try:
        from starlette.applications import Starlette
        from starlette.middleware import Middleware
        from starlette.middleware.cors import CORSMiddleware
    except ImportError:
        raise WorkError(f"hspkg serve needs its web server libraries: {EXTRA}") from None
    from .linkeddata import PAGE_POLICY, void_job

    running = [] if running is None else running
    # a graph small enough for memory was written as N-Triples: that file is the dump, as it stands
    kept = {json.dumps({"kind": "dump"}): (location, "application/n-triples")} if location.suffix == ".nt" else {}
    guard = Guard(lambda: running[0], options.timeout, options.max_result, max(options.timeout, WHOLE_GRAPH), kept)

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        pool = Pool(location, options.workers, scratch, options.queue, options.fair_after)
        await pool.start()
        running.append(pool)
        guard.prepare(void_job(base))  # counted once now, in a worker, so that /.well-known/void is ready when asked
        if started:
            await started()
        try:
            yield
        finally:
            await pool.close()

    # Browser SPARQL editors (YASGUI) on other origins may query, nothing more.
    middleware = [Middleware(CORSMiddleware, allow_origins=list(options.cors), allow_methods=["GET", "POST"], allow_headers=["Accept", "Content-Type"])]
    front = Starlette(routes=routes(guard, options, base), middleware=middleware if options.cors else [], lifespan=lifespan)
    return headers(front, PAGE_POLICY), guard


def base_url(host: str, port: int, given: str | None) -> str:
    """The server's public address, ending in ``/``: ``--base-url``, else the address it listens on.

    >>> base_url("127.0.0.1", 7878, None), base_url("::1", 80, None), base_url("0.0.0.0", 80, "https://kg.example/sparql-service")
    ('http://127.0.0.1:7878/', 'http://[::1]:80/', 'https://kg.example/sparql-service/')
    """
    if given:
        return given if given.endswith("/") else given + "/"
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"


def _listenable(host: str, port: int) -> None:
    """Refuse, naming the option at fault, an address this machine cannot listen on."""
    try:
        family, _, _, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)[0]
    except (socket.gaierror, UnicodeError, ValueError) as e:
        raise InputError(f"not an address to listen on: {getattr(e, 'strerror', None) or e}", argument="host", value=host) from None
    with socket.socket(family) as probe:
        # as uvicorn will: a port left in TIME_WAIT by a server just stopped is free to use
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as e:
            blame = "port" if e.errno in (errno.EADDRINUSE, errno.EACCES) else "host"
            raise InputError(f"cannot listen on {host}:{port}: {e.strerror}", argument=blame, value=port if blame == "port" else host) from None


def _descriptors(wanted: int) -> int:
    """Connections this process can hold: ``wanted``, or fewer if the descriptor limit (raised to its hard limit) is lower."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
        soft = hard
    # the rest: the workers' pipes, answer files, the store, the listening socket
    return max(1, min(wanted, soft - 64))


def _give_back_memory() -> None:
    """Return the heap freed by the graph to the system (glibc keeps it otherwise); elsewhere, nothing."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None).malloc_trim(0)


def serve(graph: KnowledgeGraph | Callable[[], KnowledgeGraph], host: str = "127.0.0.1", port: int = 7878, options: Options | None = None) -> None:
    """Serve ``graph`` read-only at ``http://HOST:PORT/sparql`` until interrupted (SIGINT or SIGTERM).

    Given as a function that loads it, the graph is loaded only once the address is
    known to be free, and let go once the workers' store is written: the front keeps
    no copy of it (680 MB at 1.2M triples), and stops at once.
    """
    options = options or Options()
    try:
        import httptools  # noqa: F401 - the connection limits are built on uvicorn's httptools protocol
        import uvicorn
    except ImportError:
        raise WorkError(f"hspkg serve needs its web server libraries: {EXTRA}") from None
    _listenable(host, port)
    base = base_url(host, port, options.base_url)

    class Server(uvicorn.Server):
        """uvicorn's server, remembering the signal that stopped it."""

        stopped_by: int | None = None

        def handle_exit(self, sig: int, frame: FrameType | None) -> None:
            if self.stopped_by is None:
                self.stopped_by = sig
            for pool in running:  # running jobs end now, answered 503, rather than being cancelled a second later
                pool.stop()
            super().handle_exit(sig, frame)

    running: list[Pool] = []

    with tempfile.TemporaryDirectory(prefix="hspkg-serve-") as scratch:
        loaded = graph() if callable(graph) else graph
        store = build_store(loaded, Path(scratch), options.on_disk)
        triples = len(loaded)
        del loaded, graph  # the workers read the store; whatever else the front answers needs no graph
        _give_back_memory()
        answers = Path(scratch) / "answers"
        answers.mkdir()

        async def started() -> None:
            workers = f"{options.workers} query workers, {options.timeout:g} s limit"
            print(f"hspkg: serving {triples} triples at {base}sparql ({workers}; Ctrl-C to stop)", file=sys.stderr, flush=True)

        front, guard = app(store, answers, options, base, started, running)
        bounded = protocol(_descriptors(options.max_connections), options.header_seconds)
        config = uvicorn.Config(
            front,
            host=host,
            port=port,
            log_level="warning",
            # /sparql is answered by the connection itself (hspkg.fastpath), but with --cors, where the middleware must see it
            http=bounded if options.cors else fastpath.protocol(bounded, guard, options, BODY_SECONDS),
            timeout_keep_alive=5,  # an idle kept-alive connection is closed after this
            timeout_graceful_shutdown=1,  # on SIGTERM, requests still running are cancelled after a second (their workers killed)
        )
        server = Server(config)
        # uvicorn stops gracefully on SIGINT or SIGTERM, then raises the signal again
        # with the handlers it found: make both an exception here, so that the
        # workers and the store are cleaned up on the way out and the stop is told.
        previous = signal.signal(signal.SIGTERM, _interrupt), signal.signal(signal.SIGINT, _interrupt)
        try:
            server.run()
        except KeyboardInterrupt:
            pass
        finally:
            signal.signal(signal.SIGTERM, previous[0])
            signal.signal(signal.SIGINT, previous[1])
        if server.stopped_by is not None:
            print(f"hspkg: stopped ({signal.Signals(server.stopped_by).name})", file=sys.stderr, flush=True)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
