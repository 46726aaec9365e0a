"""The one request path of ``hspkg serve`` that reads the graph: a worker job, guarded, its answer streamed and deleted.

Every request that touches the graph (``/sparql``, the Linked Data pages,
``/.well-known/void``, ``/dump.nt``) becomes a job for the supervised workers
(:mod:`hspkg.supervise`): the same time limit, kill, size cap and bounded
queue for all of them. A job is cancelled, and its worker killed, when its
client goes away. A small answer comes back through the worker's pipe; a larger
one's file is opened and deleted at once, then streamed from the open file, so no exit path (a client gone mid-answer, an
error, a crash of the front) leaves it on disk. Answers that hold for the
whole graph (``keep``: VoID, the dump) are made once and kept for the life
of the server, which serves one graph that never changes.
"""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from .supervise import Pool

if TYPE_CHECKING:
    from starlette.requests import Request
    from starlette.responses import Response

INLINE = 1 << 20  # answers up to this size are read and sent at once; larger ones are streamed from their file
CHUNK = 1 << 20
WHOLE = 1 << 40  # bytes: the cap of a whole-graph document (the dump), only against a runaway


def text(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    """A plain-text answer of one line, as every error of the server is."""
    from starlette.responses import Response

    return Response(f"{message}\n", status_code=status, media_type="text/plain; charset=utf-8", headers=headers)


def _chunks(handle: IO[bytes]) -> Iterator[bytes]:
    with handle:
        while chunk := handle.read(CHUNK):
            yield chunk


async def _gone(request: Request) -> None:
    """Return when the client has gone away (the ASGI server says ``http.disconnect``)."""
    try:
        while (await request.receive())["type"] != "http.disconnect":
            pass
    except Exception:  # noqa: BLE001 - a server that cannot say: the client is taken to be there
        await asyncio.Future()


class Guard:
    """Answers requests with worker jobs from ``pool()``, ``timeout`` seconds each, answers capped at ``max_bytes``.

    A kept job (``keep``: a whole-graph document) is made once, in the background, with a
    budget of its own (``budget`` seconds; counting a graph of 10^6 triples takes longer
    than a query should), and its answer is kept; a request waits for it no longer than
    ``timeout`` and is answered 503 (``Retry-After``) while it is being made.
    """

    def __init__(self, pool: Callable[[], Pool], timeout: float, max_bytes: int, budget: float, kept: dict[str, tuple[Path, str]] | None = None) -> None:
        self.pool, self.timeout, self.max_bytes, self.budget = pool, timeout, max_bytes, budget
        self.kept: dict[str, tuple[Path, str]] = dict(kept or {})  # a kept job's key: its answer file and media type
        self._making: dict[str, asyncio.Task[dict[str, Any]]] = {}

    async def run(self, request: Request, job: dict[str, Any]) -> dict[str, Any]:
        """The worker's reply to ``job``; cancelled with its worker if the client leaves first."""
        work = asyncio.ensure_future(self.pool().run({"max_bytes": self.max_bytes, **job}, self.timeout))
        watch = asyncio.ensure_future(_gone(request))
        try:
            await asyncio.wait({work, watch}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            watch.cancel()
            if not work.done():
                work.cancel()  # the client left (or this request was cancelled): stop the job and kill its worker
        if work.cancelled():
            return {"status": 499, "message": "the client went away"}
        return work.result()

    def prepare(self, job: dict[str, Any]) -> asyncio.Task[dict[str, Any]]:
        """Start making a kept job's answer unless it is made or being made; the task that makes it."""
        key = json.dumps(job, sort_keys=True)
        making = self._making.get(key)
        if making is None or (making.done() and not making.cancelled() and making.result()["status"] != 200):
            making = self._making[key] = asyncio.ensure_future(self._make(key, job))
        return making

    async def _make(self, key: str, job: dict[str, Any]) -> dict[str, Any]:
        # the whole graph's documents: their size is the served graph's, set by whoever started the server,
        # so the cap only stops a runaway; the time budget still holds, and the worker is killed past it
        reply = await self.pool().run({"max_bytes": max(self.max_bytes, WHOLE), **job}, self.budget)
        if reply["status"] == 200:
            # kept beside the answers, not among them: every file in answers/ is one request's, deleted when sent
            whole = reply["out"].parent.parent / "whole-graph"
            whole.mkdir(exist_ok=True)
            kept = reply["out"].rename(whole / f"{job['kind']}-{len(self.kept)}")
            self.kept[key] = (kept, reply["type"])
        return reply

    async def answer(self, request: Request, job: dict[str, Any], headers: dict[str, str]) -> Response:
        """Answer ``request`` with ``job``'s answer (a kept one if the job has ``keep``), or its error as text."""
        if not job.pop("keep", False):
            # an answer up to INLINE bytes comes back through the worker's pipe, never touching a file
            reply = await self.run(request, {"inline": INLINE, **job})
            if reply["status"] != 200:
                return text(reply["status"], reply["message"], {"Retry-After": str(reply["retry"])} if "retry" in reply else None)
            if "body" in reply:
                from starlette.responses import Response

                return Response(reply["body"], media_type=reply["type"], headers=headers)
            return self._send(reply["out"], reply["type"], headers, delete=True)
        key = json.dumps(job, sort_keys=True)
        if key not in self.kept:
            making = self.prepare(job)
            try:
                # shielded: a client that leaves does not stop what every later request will use
                reply = await asyncio.wait_for(asyncio.shield(making), self.timeout)
            except TimeoutError:
                return text(503, "this is counted from the whole graph once, and is being counted: try again in a few seconds", {"Retry-After": "5"})
            if reply["status"] != 200:
                return text(reply["status"], reply["message"])
        out, media = self.kept[key]
        return self._send(out, media, headers, delete=False)

    @staticmethod
    def _send(out: Path, media: str, headers: dict[str, str], delete: bool) -> Response:
        from starlette.responses import Response, StreamingResponse

        handle = out.open("rb")
        if delete:
            out.unlink()  # the open file is still read; its disk space goes when it closes, on any path
        size = os.fstat(handle.fileno()).st_size
        if size <= INLINE:
            with handle:
                return Response(handle.read(), media_type=media, headers=headers)
        return StreamingResponse(_chunks(handle), media_type=media, headers={**headers, "Content-Length": str(size)})
