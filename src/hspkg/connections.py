"""HTTP connections of ``hspkg serve``, bounded: how many, how long a request's head may take, how large it may be;
and the headers every response carries.

uvicorn bounds idle keep-alive connections (``timeout_keep_alive``) but not a
request that arrives slowly, nor its head's size (httptools has no limit), nor
the number of connections (``limit_concurrency`` answers 503 only once a
request's head has arrived). So thousands of half-sent requests held every
file descriptor, and one 48 MB header stalled the front. :func:`protocol`
gives uvicorn's httptools protocol with those three limits:
a connection past ``max_connections`` is answered 503 and closed, a head not
complete within ``head_seconds`` is answered 408, one over ``max_head`` bytes 431.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

MAX_HEAD = 64 << 10  # bytes of request line and headers (nginx allows 4 x 8 KiB; browsers send under 8 KiB)
STEP = 4096  # bytes fed to the parser at a time while a head is arriving, so that its size is checked as it grows

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
ASGI = Callable[[Scope, Callable[[], Awaitable[Message]], Callable[[Message], Awaitable[None]]], Awaitable[None]]


def _refusal(status: str, message: str) -> bytes:
    body = f"{message}\n".encode()
    head = f"HTTP/1.1 {status}\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: {len(body)}\r\n"
    return head.encode() + b"x-content-type-options: nosniff\r\nconnection: close\r\n\r\n" + body


def protocol(max_connections: int, head_seconds: float, max_head: int = MAX_HEAD) -> type[asyncio.Protocol]:
    """uvicorn's httptools protocol, with a cap on connections and on the time and size of a request's head.

    ``head_seconds`` (``hspkg serve --header-timeout``) runs from a connection's start, and from the first byte of
    each further request on it.
    """
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

    class Bounded(HttpToolsProtocol):
        _head = 0
        _in_head = True
        _deadline: asyncio.TimerHandle | None = None

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            if len(self.connections) > max_connections:
                self._refuse("503 Service Unavailable", f"this server holds at most {max_connections} connections: try again shortly")
                return
            self._arm()

        def _arm(self) -> None:
            self._disarm()
            self._in_head, self._head = True, 0
            self._deadline = self.loop.call_later(head_seconds, self._too_slow)

        def _disarm(self) -> None:
            if self._deadline is not None:
                self._deadline.cancel()
                self._deadline = None

        def _too_slow(self) -> None:
            self._deadline = None
            if self._in_head:
                self._refuse("408 Request Timeout", f"the request's headers did not arrive within {head_seconds:g} s")

        def _refuse(self, status: str, message: str) -> None:
            self._in_head = False
            if not self.transport.is_closing():
                self.transport.write(_refusal(status, message))
                self.transport.close()

        def connection_lost(self, exc: Exception | None) -> None:
            self._disarm()
            super().connection_lost(exc)

        def data_received(self, data: bytes) -> None:
            # while a head arrives, feed it in steps and count it; then the rest at once
            while data and self._in_head and not self.transport.is_closing():
                step, data = data[:STEP], data[STEP:]
                self._head += len(step)
                super().data_received(step)
                if self._in_head and self._head > max_head:
                    limit = f"the request line and headers are larger than this server's limit of {max_head:,} bytes"
                    self._refuse("431 Request Header Fields Too Large", limit)
                    return
            if data and not self.transport.is_closing():
                super().data_received(data)

        def on_message_begin(self) -> None:
            super().on_message_begin()
            if not self._in_head:  # the next request on a kept-alive connection
                self._arm()

        def on_headers_complete(self) -> None:
            self._in_head = False
            self._disarm()
            super().on_headers_complete()

    return Bounded


def headers(app: ASGI, page_policy: str) -> ASGI:
    """``app`` with ``X-Content-Type-Options: nosniff`` on every response, and ``page_policy`` as the
    Content-Security-Policy of every HTML response that does not bring its own."""

    async def wrapped(scope: Scope, receive: Callable[[], Awaitable[Message]], send: Callable[[Message], Awaitable[None]]) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                given = list(message.get("headers", []))
                names = {name.lower() for name, _ in given}
                given.append((b"x-content-type-options", b"nosniff"))
                html = any(name.lower() == b"content-type" and value.lower().startswith(b"text/html") for name, value in given)
                if html and b"content-security-policy" not in names:
                    given.append((b"content-security-policy", page_policy.encode()))
                message = {**message, "headers": given}
            await send(message)

        await app(scope, receive, send_with_headers)

    return wrapped
