"""A read-only SPARQL endpoint over our graph: Oxigraph's own server, behind a thin front.

Oxigraph's ``serve-read-only`` does the real work (the SPARQL 1.1 Protocol,
content negotiation, query time limits, many clients at once). The front, a
small Starlette app, gives it the conventional ``/sparql`` address, refuses
updates before they reach the store, and serves YASGUI at ``/`` with the
catalogue as examples (``editor.py``) and the Linked Data pages (``linkeddata.py``).
"""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from . import editor
from .errors import InputError, WorkError
from .graph import KnowledgeGraph

if TYPE_CHECKING:  # the web server libraries are an extra, imported when serving
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import Response

EXTRA = "pip install 'hspkg[serve]'"
GRACE = 0.5  # seconds past a query's time limit before the front stops waiting for the backend


def oxigraph_binary() -> str:
    """The ``oxigraph`` server command: beside this Python, or on PATH."""
    found = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
    if not found:
        raise WorkError(f"hspkg serve needs the oxigraph server: {EXTRA}")
    return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def build_store(graph: KnowledgeGraph, location: Path) -> None:
    """Write ``graph`` (inferences included) into an Oxigraph store on disk, with Oxigraph's loader."""
    with tempfile.NamedTemporaryFile(suffix=".nt") as dump:
        graph.dump(dump)
        dump.flush()
        done = subprocess.run(
            [oxigraph_binary(), "load", "--location", str(location), "--file", dump.name, "--format", "nt"],
            capture_output=True,
            text=True,
        )
    if done.returncode != 0:
        raise WorkError(f"{location}: oxigraph could not build the store: {' '.join(done.stderr.split())[:300]}")


@contextmanager
def backend(location: Path, timeout: float) -> Iterator[str]:
    """Run ``oxigraph serve-read-only`` on a private loopback port; yield its query URL."""
    port = free_port()
    process = subprocess.Popen(
        [oxigraph_binary(), "serve-read-only", "--location", str(location), "--bind", f"127.0.0.1:{port}", "--timeout-s", str(max(1, round(timeout)))],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}/query"
    try:
        _wait_until_up(url, process)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def _wait_until_up(url: str, process: subprocess.Popen[bytes], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(f"{url}?query=ASK%7B%7D", timeout=1).read()
            return
        except OSError:
            if process.poll() is not None:
                said = process.stderr.read().decode() if process.stderr else ""
                raise WorkError(f"the oxigraph server stopped: {' '.join(said.split())[:300]}") from None
            if time.monotonic() > deadline:
                raise WorkError(f"the oxigraph server did not answer within {seconds:g} s") from None
            time.sleep(0.05)


def app(upstream: str, timeout: float) -> Starlette:
    """The front: ``/`` (the page) and ``/sparql`` (read-only SPARQL 1.1 Protocol)."""
    try:
        import httpx
        from starlette.applications import Starlette
        from starlette.responses import HTMLResponse, Response
        from starlette.routing import Route
    except ImportError:
        raise WorkError(f"hspkg serve needs its web server libraries: {EXTRA}") from None

    # Oxigraph's own limit answers first where it can; where it cannot (it does not
    # interrupt an aggregate), the front answers at the limit, not seconds after it.
    client = httpx.AsyncClient(timeout=timeout + GRACE)
    index = editor.page()

    async def home(request: Request) -> Response:
        return HTMLResponse(index, headers={"Content-Security-Policy": editor.POLICY})

    async def sparql(request: Request) -> Response:
        body = await request.body()
        content_type = request.headers.get("content-type", "")
        if (
            "update" in request.query_params
            or content_type.startswith("application/sparql-update")
            or (content_type.startswith("application/x-www-form-urlencoded") and b"update=" in body and b"query=" not in body)
        ):
            return Response("this endpoint is read-only: SPARQL updates are refused\n", status_code=403, media_type="text/plain")
        headers = {k: v for k, v in request.headers.items() if k.lower() in ("accept", "content-type")}
        try:
            answer = await client.request(request.method, upstream, params=request.query_params, content=body, headers=headers)
        except httpx.TimeoutException:
            return Response(f"the query did not finish within {timeout:g} s\n", status_code=503, media_type="text/plain")
        keep = {k: v for k, v in answer.headers.items() if k.lower() in ("content-type",)}
        return Response(answer.content, status_code=answer.status_code, headers=keep)

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        yield
        await client.aclose()

    from starlette.routing import Mount
    from starlette.staticfiles import StaticFiles

    from .linkeddata import routes as linked_data
    from .remote import connect

    return Starlette(
        routes=[
            Route("/", home),
            Route("/sparql", sparql, methods=["GET", "POST"]),
            *linked_data(connect(upstream, timeout), dump=lambda: _dump(upstream.removesuffix("/query") + "/store")),
            # YASGUI and the page's script, shipped in the package
            Mount("/static", StaticFiles(packages=[("hspkg", "static")])),
        ],
        lifespan=lifespan,
    )


def _dump(store: str) -> Iterator[bytes]:
    """The backend's default graph as N-Triples, streamed as Oxigraph reads it (Graph Store Protocol GET)."""
    import httpx

    with httpx.stream("GET", f"{store}?default", headers={"Accept": "application/n-triples"}, timeout=None) as answer:
        yield from answer.iter_bytes()


def serve(graph: KnowledgeGraph, host: str = "127.0.0.1", port: int = 7878, timeout: float = 30.0) -> None:
    """Serve ``graph`` read-only at ``http://HOST:PORT/sparql`` until interrupted."""
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
    with tempfile.TemporaryDirectory(prefix="hspkg-store-") as scratch:
        store = Path(scratch) / "store"
        build_store(graph, store)
        with backend(store, timeout) as upstream:
            print(f"hspkg: serving {len(graph)} triples at http://{host}:{port}/sparql (Ctrl-C to stop)", file=sys.stderr, flush=True)
            # uvicorn stops gracefully on SIGINT or SIGTERM, then raises the signal again
            # with the handlers it found: make both an exception here, so that the
            # backend server and the store are cleaned up on the way out.
            previous = signal.signal(signal.SIGTERM, _interrupt)
            try:
                uvicorn.run(app(upstream, timeout), host=host, port=port, log_level="warning")
            except KeyboardInterrupt:
                print("hspkg: stopped", file=sys.stderr)
            finally:
                signal.signal(signal.SIGTERM, previous)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
