"""The query workers of ``hspkg serve``, supervised: a job past its time limit is killed with its process.

Each worker (:mod:`hspkg.worker`) runs one job at a time over the same
read-only store. :meth:`Pool.run` gives a job to an idle worker and waits for
its reply until the time limit; past it, the worker is killed (its CPU is
freed at once) and a new one started. A worker that dies for any other reason
is restarted too. Every resource is bounded: at most ``queue`` jobs wait for a
worker (503 past that), a job whose caller gives up (the client went away) is
stopped by killing its worker, and a job's answer file is deleted on every path
but the one that hands it, complete, to the caller. :meth:`Pool.health` asks
each idle worker on its own, so one stuck worker is found and replaced while
the others answer.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import sys
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .catalogue import internal

STARTUP = 60.0  # seconds a new worker may take to open the store
PROBE = 2.0  # seconds an idle worker may take to answer ASK {} for /health before it is replaced


@dataclass
class Worker:
    process: asyncio.subprocess.Process
    retired: bool = False
    started: float = field(default_factory=time.monotonic)
    busy_since: float | None = None

    @property
    def alive(self) -> bool:
        return self.process.returncode is None and not self.retired

    @property
    def running(self) -> bool:
        """Alive, and not a process that died but is not yet reaped (a zombie, on Linux), as /health must tell."""
        if not self.alive:
            return False
        try:
            return Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
        except FileNotFoundError:
            return False
        except OSError:  # no /proc: the return code is all there is to go by
            return True


def _inline(reply: bytes) -> int | None:
    """How many bytes of answer follow a worker's reply line through the pipe (None: none, or it is in a file)."""
    if b'"inline"' not in reply:
        return None
    size = json.loads(reply).get("inline")
    return size if isinstance(size, int) else None


def busy(message: str) -> dict[str, Any]:
    return {"status": 503, "message": message}


class Pool:
    """``size`` worker processes over the store at ``location``; answers are written into ``scratch``; at most ``queue`` jobs wait."""

    def __init__(self, location: Path, size: int, scratch: Path, queue: int = 64) -> None:
        self.location, self.size, self.scratch, self.queue = location, size, scratch, queue
        self.workers: list[Worker] = []
        self.idle: deque[Worker] = deque()
        self._ready = asyncio.Condition()
        self.restarts = 0
        self.waiting = 0  # jobs waiting for a worker
        self.refused = 0  # jobs answered 503 because the queue was full
        self.abandoned = 0  # jobs stopped because their caller went away
        self._jobs = 0
        self._tasks: set[asyncio.Task[None]] = set()
        self._closing = False

    async def start(self) -> None:
        """Start every worker and wait until each has opened the store."""
        await asyncio.gather(*(self._spawn() for _ in range(self.size)))
        self._background(self._watch())

    async def _spawn(self) -> None:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "hspkg.worker", str(self.location), stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE
        )
        worker = Worker(process)
        self.workers.append(worker)
        assert process.stdout is not None
        try:
            ready = await asyncio.wait_for(process.stdout.readline(), STARTUP)
        except TimeoutError:
            ready = b""
        if not ready:
            self._retire(worker)
            raise RuntimeError(f"a query worker could not open the store {self.location}")
        await self._release(worker)

    async def _release(self, worker: Worker) -> None:
        """Make ``worker`` available for the next job."""
        worker.busy_since = None
        async with self._ready:
            self.idle.append(worker)
            self._ready.notify()

    async def _take(self) -> Worker | None:
        """The next idle worker that is alive, waiting for one; None at once if the queue is full, or when stopping."""
        if not self.idle and self.waiting >= self.queue:
            self.refused += 1
            return None
        self.waiting += 1
        try:
            async with self._ready:
                while not self._closing:
                    while self.idle:
                        worker = self.idle.popleft()
                        if worker.alive:
                            worker.busy_since = time.monotonic()
                            return worker
                        self._retire(worker)
                    await self._ready.wait()
                return None
        finally:
            self.waiting -= 1

    def _retire(self, worker: Worker, leftover: Path | None = None) -> None:
        """Kill ``worker`` (a no-op if it is dead), delete the answer it was writing, and start its replacement."""
        if worker.retired:
            if leftover:
                leftover.unlink(missing_ok=True)
            return
        worker.retired = True
        with contextlib.suppress(ValueError):
            self.idle.remove(worker)
        if worker.process.returncode is None:
            worker.process.kill()
        self._background(self._reap(worker, leftover))

    async def _reap(self, worker: Worker, leftover: Path | None) -> None:
        await worker.process.wait()
        # only once the worker is dead can it write no more into its answer
        if leftover:
            leftover.unlink(missing_ok=True)
        with contextlib.suppress(ValueError):
            self.workers.remove(worker)
        if not self._closing:
            self.restarts += 1
            await self._spawn_safely()

    async def _spawn_safely(self) -> None:
        try:
            await self._spawn()
        except (OSError, RuntimeError) as e:
            print(f"hspkg: {e}; trying again", file=sys.stderr, flush=True)
            await asyncio.sleep(1)
            self._background(self._spawn_safely())

    async def _watch(self) -> None:
        """Restart workers that died on their own (killed from outside, out of memory)."""
        while not self._closing:
            for worker in list(self.workers):
                if worker.process.returncode is not None and not worker.retired:
                    print(f"hspkg: a query worker stopped (exit {worker.process.returncode}); restarting it", file=sys.stderr, flush=True)
                    self._retire(worker)
            await asyncio.sleep(0.2)

    def _background(self, work: Any) -> None:
        task = asyncio.ensure_future(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def run(self, job: dict[str, Any], timeout: float) -> dict[str, Any]:
        """Answer ``job`` (see :mod:`hspkg.worker`) within ``timeout`` seconds of a worker taking it.

        The wait for a worker has no limit of its own: at most ``queue`` jobs wait, each
        ahead of it takes at most ``timeout``, so it is bounded by both.

        Returns the worker's reply, with the answer itself as ``body`` when the job allowed
        ``inline`` bytes and it was no larger (it came through the pipe), else ``out`` the
        answer's file when the status is 200 (the caller deletes it); status 503 if the queue is full, the time limit passed
        or the worker died. Cancelled (its client went away), the job's worker is killed.
        """
        if self._closing:
            return busy("the server is stopping")
        worker = await self._take()
        if worker is None and self._closing:
            return busy("the server is stopping")
        if worker is None:
            return {**busy(f"every query worker is busy and {self.waiting} requests wait: try again shortly"), "retry": 1}
        self._jobs += 1
        out = self.scratch / f"answer-{self._jobs}"
        assert worker.process.stdin is not None and worker.process.stdout is not None
        body: bytes | None = None
        try:
            worker.process.stdin.write((json.dumps({**job, "out": str(out)}) + "\n").encode())
            async with asyncio.timeout(timeout):
                reply = await worker.process.stdout.readline()
                size = _inline(reply)
                if size is not None:  # a small answer follows its reply line, through the pipe
                    body = await worker.process.stdout.readexactly(size)
        except TimeoutError:
            self._retire(worker, out)
            return busy(f"the query did not finish within {timeout:g} s")
        except asyncio.CancelledError:
            self.abandoned += 1
            self._retire(worker, out)
            raise
        except (OSError, asyncio.IncompleteReadError, ValueError, RuntimeError):
            # a worker that died: its pipe is closed (uvloop says so with RuntimeError)
            reply = b""
        if not reply:
            self._retire(worker, out)
            return busy("the server is stopping" if self._closing else "the query worker stopped while answering; it is being restarted")
        # shielded: a caller cancelled now must not lose the worker on its way back to the pool
        await asyncio.shield(self._release(worker))
        answer: dict[str, Any] = json.loads(reply)
        if body is not None:
            answer["body"] = body
        elif answer["status"] == 200:
            answer["out"] = out
        else:
            with contextlib.suppress(OSError):  # never made, or its folder gone: the error is what the client hears
                out.unlink()
        return answer

    async def _probe(self, worker: Worker) -> dict[str, Any]:
        """Ask one idle worker ``ASK {}``; replace it if it does not answer within :data:`PROBE` seconds."""
        assert worker.process.stdin is not None and worker.process.stdout is not None
        started = time.monotonic()
        out = self.scratch / f"health-{worker.process.pid}"
        state = {"pid": worker.process.pid}
        try:
            worker.process.stdin.write((json.dumps({"query": internal("alive").text, "accept": "", "max_bytes": 1000, "out": str(out)}) + "\n").encode())
            reply = await asyncio.wait_for(worker.process.stdout.readline(), PROBE)
        except (TimeoutError, OSError, ValueError, RuntimeError):
            reply = b""
        except asyncio.CancelledError:  # the caller gave up mid-probe: the worker may yet reply, so it cannot be reused
            self._retire(worker, out)
            raise
        out.unlink(missing_ok=True)
        if not reply:
            self._retire(worker, out)
            return {**state, "state": "replaced", "problem": f"did not answer the health check (queries/internal/alive.rq) within {PROBE:g} s"}
        await asyncio.shield(self._release(worker))
        return {**state, "state": "idle", "answered_ms": round(1000 * (time.monotonic() - started), 1)}

    async def health(self) -> dict[str, Any]:
        """Each worker's state (idle ones asked ``ASK {}`` on their own), the queue, and ``ok`` if a worker answers
        (or all are busy or starting)."""
        async with self._ready:
            probing = [w for w in self.idle if w.alive]
            self.idle = deque(w for w in self.idle if w not in probing)
        now = time.monotonic()
        others = [
            {"pid": w.process.pid, "state": "busy", "busy_s": round(now - w.busy_since, 1)}
            if w.running and w.busy_since is not None
            else {"pid": w.process.pid, "state": "starting" if w.running else "stopped"}
            for w in self.workers
            if w not in probing
        ]
        probed = list(await asyncio.gather(*(self._probe(w) for w in probing)))
        answering = sum(p["state"] == "idle" for p in probed)
        working = sum(o["state"] == "busy" for o in others)
        failing = sum(w["state"] in ("replaced", "stopped") for w in probed + others)
        report: dict[str, Any] = {
            # a busy worker cannot be asked: it counts only if no worker that could be asked failed
            "ok": answering > 0 or (working > 0 and failing == 0),
            "workers": self.size,
            "alive": sum(w.running for w in self.workers),
            "answering": answering,
            "busy": working,
            "restarts": self.restarts,
            "queue": {"waiting": self.waiting, "limit": self.queue, "refused": self.refused, "abandoned": self.abandoned},
            "each": sorted(probed + others, key=lambda w: int(w["pid"])),
        }
        if not report["ok"]:
            report["problem"] = "no query worker answers"
        return report

    def stop(self) -> None:
        """Begin to stop at once (from a signal handler): kill every worker, so that each running job is answered 503 now."""
        self._closing = True
        for worker in self.workers:
            if worker.process.returncode is None:
                worker.process.kill()
        self._background(self._wake())

    async def _wake(self) -> None:
        async with self._ready:
            self._ready.notify_all()

    async def close(self) -> None:
        self._closing = True
        for task in self._tasks:
            task.cancel()
        for worker in self.workers:
            if worker.process.returncode is None:
                worker.process.kill()
        await asyncio.gather(*(w.process.wait() for w in self.workers))
