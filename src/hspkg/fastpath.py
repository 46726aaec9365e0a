"""``/sparql`` answered at the connection: the one request the server gets by the thousand, without the ASGI stack.

At 10^6 triples under 64 clients the front's CPU per answer was a quarter of
the server's: uvicorn's request cycle and task, Starlette's middleware and
routing, a Request and a Response object, and a task that watches for the
client leaving, for each query. :func:`protocol` gives the connection protocol
(uvicorn's httptools one, with the limits of :mod:`hspkg.connections`) that
answers a ``GET`` or ``POST`` to ``/sparql`` from the parser's callbacks
instead: the body is gathered as it arrives, the job made by the same
:func:`hspkg.sparql_requests.sparql_job` as any other path, given to the pool
(:meth:`hspkg.supervise.Pool.submit`) with a callback, and the answer written
in one piece, head and body together. The guarantees are those of
:mod:`hspkg.guard`: the same time limit, queue and size caps; a client that
leaves has its job stopped and its worker killed (from ``connection_lost``);
an answer too large to come through the pipe is streamed from its file, which
is deleted before a byte is sent.

Every other request takes uvicorn's ASGI path to Starlette, as does a
``/sparql`` request that needs more than this: ``Expect: 100-continue``, one
pipelined behind another still being answered (uvicorn queues it after this
one), or any request when ``--cors`` is on (the CORS middleware answers those).
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .guard import CHUNK, INLINE, Guard

if TYPE_CHECKING:
    from .sparql_requests import Options
    from .spawn import Job

PATH = b"/sparql"
METHODS = (b"GET", b"POST")
TEXT = b"text/plain; charset=utf-8"


class _Ignored:
    """What uvicorn calls on a request cycle's ``message_event`` when the connection is lost: nothing to do here (see ``connection_lost``)."""

    @staticmethod
    def set() -> None:
        pass


class Exchange:
    """One ``/sparql`` request on a connection, standing as uvicorn's request cycle while it is answered (so that a request
    pipelined behind it waits, and a shutdown closes the connection after it)."""

    message_event = _Ignored()

    def __init__(self, method: str, query_string: bytes, content_type: str, accept: str, keep_alive: bool) -> None:
        self.method, self.query_string, self.content_type, self.accept = method, query_string, content_type, accept
        self.keep_alive = keep_alive
        self.body = bytearray()
        self.response_complete = False
        self.disconnected = False
        self.entry: Job | None = None  # the pool's job, once submitted
        self.timer: asyncio.TimerHandle | None = None  # the body's deadline


def _head(status: int, media: bytes, size: int, defaults: list[tuple[bytes, bytes]], extra: list[tuple[bytes, bytes]], keep_alive: bool) -> bytes:
    """A response's status line and headers, as uvicorn writes them, with ``nosniff`` as every response of the server has.

    >>> for line in _head(200, b"text/csv", 3, [(b"server", b"uvicorn")], [(b"retry-after", b"1")], keep_alive=False).splitlines():
    ...     print(line.decode())
    HTTP/1.1 200 OK
    server: uvicorn
    content-type: text/csv
    content-length: 3
    x-content-type-options: nosniff
    retry-after: 1
    connection: close
    <BLANKLINE>
    """
    from uvicorn.protocols.http.httptools_impl import STATUS_LINE

    lines = [STATUS_LINE[status]]
    lines += [b"%s: %s\r\n" % pair for pair in defaults]
    lines.append(b"content-type: %s\r\ncontent-length: %d\r\nx-content-type-options: nosniff\r\n" % (media, size))
    lines += [b"%s: %s\r\n" % pair for pair in extra]
    if not keep_alive:
        lines.append(b"connection: close\r\n")
    lines.append(b"\r\n")
    return b"".join(lines)


def protocol(bounded: type[asyncio.Protocol], guard: Guard, options: Options, body_seconds: float) -> type[asyncio.Protocol]:
    """``bounded`` (:func:`hspkg.connections.protocol`) answering ``/sparql`` itself; ``body_seconds`` bounds a request body's arrival."""
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

    from .sparql_requests import Refused, body_too_large, body_too_slow, sparql_job

    class Answering(HttpToolsProtocol):
        """Under ``bounded`` (which counts connections and bounds heads), above uvicorn's protocol: takes ``/sparql`` away from it.

        ``bounded``'s methods come first in the order Python looks them up: a name of its own here would be shadowed by its.
        """

        _exchange: Exchange | None = None

        def _current(self) -> object:
            """The request uvicorn's parser callbacks are for: an exchange of ours, or a cycle of uvicorn's queued behind it."""
            return self.cycle

        def on_headers_complete(self) -> None:
            path, _, query_string = self.url.partition(b"?")
            method = self.parser.get_method()
            if (
                path != PATH
                or method not in METHODS
                or self.expect_100_continue
                or (self.cycle is not None and not self.cycle.response_complete)
                or self.parser.should_upgrade()
            ):
                super().on_headers_complete()
                return
            found = dict(self.headers)  # names are lower case (uvicorn's on_header)
            keep_alive = self.parser.get_http_version() != "1.0" and self.parser.should_keep_alive()
            exchange = Exchange(
                method.decode(), query_string, found.get(b"content-type", b"").decode("latin-1"), found.get(b"accept", b"").decode("latin-1"), keep_alive
            )
            self._exchange = exchange
            self.cycle = exchange  # type: ignore[assignment]  # uvicorn reads only the attributes Exchange has
            declared = found.get(b"content-length", b"")
            if method == b"POST" and declared.isdigit() and int(declared) > options.max_body:
                self._refuse_body(exchange, body_too_large(options.max_body))
                return
            # whatever the method: a GET that declares a body it never sends would otherwise hold its connection for good
            exchange.timer = self.loop.call_later(body_seconds, self._body_late, exchange)

        def on_body(self, body: bytes) -> None:
            exchange = self._exchange
            if exchange is None or exchange is not self._current():
                super().on_body(body)
                return
            if exchange.response_complete:
                return
            exchange.body += body
            if len(exchange.body) > options.max_body:
                self._refuse_body(exchange, body_too_large(options.max_body))

        def on_message_complete(self) -> None:
            exchange = self._exchange
            if exchange is None or exchange is not self._current():
                super().on_message_complete()
                return
            if exchange.timer is not None:
                exchange.timer.cancel()
            if exchange.response_complete:
                return
            try:
                job = sparql_job(exchange.method, exchange.query_string, exchange.content_type, exchange.accept, bytes(exchange.body), options)
            except Refused as e:
                self._text(exchange, e.status, str(e))
                return
            exchange.body = bytearray()
            entry = guard.pool().submit({"max_bytes": guard.max_bytes, "inline": INLINE, **job}, guard.timeout)
            exchange.entry = entry
            entry.done.add_done_callback(lambda done: self._answered(exchange, done))

        def _answered(self, exchange: Exchange, done: asyncio.Future[dict[str, Any]]) -> None:
            if done.cancelled():
                return
            reply = done.result()
            if exchange.disconnected:  # the client left after the answer came: a file of it goes now
                if "out" in reply:
                    reply["out"].unlink(missing_ok=True)
                return
            if reply["status"] != 200:
                self._text(exchange, reply["status"], reply["message"], [(b"retry-after", b"%d" % reply["retry"])] if "retry" in reply else [])
            elif "body" in reply:
                self._send(exchange, 200, reply["type"].encode(), reply["body"])
            else:
                task = self.loop.create_task(self._stream(exchange, reply["out"], reply["type"].encode()))
                self.tasks.add(task)  # a shutdown waits for it, as for uvicorn's own
                task.add_done_callback(self.tasks.discard)

        def _text(self, exchange: Exchange, status: int, message: str, extra: list[tuple[bytes, bytes]] | None = None) -> None:
            self._send(exchange, status, TEXT, f"{message}\n".encode(), extra or [])

        def _send(self, exchange: Exchange, status: int, media: bytes, body: bytes, extra: list[tuple[bytes, bytes]] | None = None) -> None:
            head = _head(status, media, len(body), self.server_state.default_headers, extra or [], exchange.keep_alive)
            self.transport.write(head + body)  # one write: one segment on the wire, one wake-up of the client
            self._done(exchange)

        async def _stream(self, exchange: Exchange, out: Path, media: bytes) -> None:
            """An answer larger than the pipe takes: from its file, deleted at once, as the client reads it."""
            handle = out.open("rb")
            out.unlink()  # the open file is still read; its disk space goes when it closes, on any path
            with handle:
                size = os.fstat(handle.fileno()).st_size
                self.transport.write(_head(200, media, size, self.server_state.default_headers, [], exchange.keep_alive))
                while (chunk := handle.read(CHUNK)) and not exchange.disconnected:
                    self.transport.write(chunk)
                    await self.flow.drain()
            if not exchange.disconnected:
                self._done(exchange)

        def _refuse_body(self, exchange: Exchange, refused: Refused) -> None:
            """Answer before the body is read, and close: what is left of the body is not read as a request."""
            exchange.keep_alive = False
            self._text(exchange, refused.status, str(refused))

        def _body_late(self, exchange: Exchange) -> None:
            if not exchange.response_complete and exchange.entry is None:
                self._refuse_body(exchange, body_too_slow(body_seconds))

        def _done(self, exchange: Exchange) -> None:
            exchange.response_complete = True
            if exchange.timer is not None:
                exchange.timer.cancel()
            if self._exchange is exchange:
                self._exchange = None
            if not exchange.keep_alive:
                self.transport.close()
            self.on_response_complete()  # uvicorn's: the next pipelined request, or the keep-alive timer

        def shutdown(self) -> None:
            exchange = self._exchange
            if exchange is not None:  # answered first, then closed
                exchange.keep_alive = False
            super().shutdown()

        def connection_lost(self, exc: Exception | None) -> None:
            exchange = self._exchange
            if exchange is not None and not exchange.response_complete:
                exchange.disconnected = True
                if exchange.timer is not None:
                    exchange.timer.cancel()
                if exchange.entry is not None:  # the client left: its job is stopped, its worker killed if it runs
                    guard.pool().abandon(exchange.entry)
            super().connection_lost(exc)

    class Fast(bounded, Answering):  # type: ignore[valid-type, misc]
        """The bounded protocol, with /sparql answered here."""

    return Fast
