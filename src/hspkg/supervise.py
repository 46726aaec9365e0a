"""The query workers of ``hspkg serve``, supervised: a query past its time limit is killed with its process.

Each worker (:mod:`hspkg.worker`) runs one query at a time over the same
read-only store. :meth:`Pool.run` gives a job to an idle worker and waits for
its reply until the time limit; past it, the worker is killed (its CPU is
freed at once) and a new one started. A worker that dies for any other reason
is restarted too, and :meth:`Pool.health` says how many are alive and whether
one answers.
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

STARTUP = 60.0  # seconds a new worker may take to open the store


@dataclass
class Worker:
    process: asyncio.subprocess.Process
    retired: bool = False
    started: float = field(default_factory=time.monotonic)

    @property
    def alive(self) -> bool:
        return self.process.returncode is None and not self.retired


class Pool:
    """``size`` worker processes over the store at ``location``; answers are written into ``scratch``."""

    def __init__(self, location: Path, size: int, scratch: Path) -> None:
        self.location, self.size, self.scratch = location, size, scratch
        self.workers: list[Worker] = []
        self.idle: deque[Worker] = deque()
        self._ready = asyncio.Condition()
        self.restarts = 0
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
        async with self._ready:
            self.idle.append(worker)
            self._ready.notify()

    async def _take(self) -> Worker:
        """The next idle worker that is alive, waiting for one if need be (dead ones are dropped on the way)."""
        async with self._ready:
            while True:
                while self.idle:
                    worker = self.idle.popleft()
                    if worker.alive and worker.process.returncode is None:
                        return worker
                    self._retire(worker)
                await self._ready.wait()

    def _retire(self, worker: Worker) -> None:
        """Kill ``worker`` (a no-op if it is dead) and start its replacement, once whoever notices first."""
        if worker.retired:
            return
        worker.retired = True
        with contextlib.suppress(ValueError):
            self.idle.remove(worker)
        if worker.process.returncode is None:
            worker.process.kill()
        self._background(self._reap(worker))

    async def _reap(self, worker: Worker) -> None:
        await worker.process.wait()
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

        Returns the worker's reply, with ``out`` the answer's file when the status is 200;
        status 503 if the time limit passed or the worker died.
        """
        worker = await self._take()
        self._jobs += 1
        out = self.scratch / f"answer-{self._jobs}"
        assert worker.process.stdin is not None and worker.process.stdout is not None
        try:
            worker.process.stdin.write((json.dumps({**job, "out": str(out)}) + "\n").encode())
            reply = await asyncio.wait_for(worker.process.stdout.readline(), timeout)
        except TimeoutError:
            self._retire(worker)
            return {"status": 503, "message": f"the query did not finish within {timeout:g} s"}
        except (OSError, asyncio.IncompleteReadError, ValueError, RuntimeError):
            # a worker that died: its pipe is closed (uvloop says so with RuntimeError)
            reply = b""
        if not reply:
            self._retire(worker)
            return {"status": 503, "message": "the query worker stopped while answering; it is being restarted"}
        await self._release(worker)
        answer: dict[str, Any] = json.loads(reply)
        if answer["status"] == 200:
            answer["out"] = out
        return answer

    async def health(self, timeout: float = 5.0) -> dict[str, Any]:
        """How many workers are alive, and whether one answers ``ASK {}`` now (``ok``)."""
        alive = sum(w.alive and w.process.returncode is None for w in self.workers)
        idle = sum(w.alive and w.process.returncode is None for w in self.idle)
        report: dict[str, Any] = {"workers": self.size, "alive": alive, "idle": idle, "restarts": self.restarts}
        if alive == 0:
            return {**report, "ok": False, "problem": "no query worker is running"}
        if idle == 0:
            return {**report, "ok": True, "note": "every worker is busy"}
        reply = await self.run({"query": "ASK {}", "accept": "application/sparql-results+json", "max_bytes": 1000}, timeout)
        if reply.get("out"):
            Path(reply["out"]).unlink(missing_ok=True)
        ok = reply["status"] == 200
        return {**report, "ok": ok, **({} if ok else {"problem": reply.get("message", "")})}

    async def close(self) -> None:
        self._closing = True
        for task in self._tasks:
            task.cancel()
        for worker in self.workers:
            if worker.process.returncode is None:
                worker.process.kill()
        await asyncio.gather(*(w.process.wait() for w in self.workers))
