"""The query workers of ``hspkg serve``, supervised: a job past its time limit is killed with its process.

Each worker (:mod:`hspkg.worker`) runs the jobs it is given one at a time, in
order, over the same read-only store. :meth:`Pool.run` queues a job; the pool
hands it to a worker as soon as one can take it, from the callback that reads
a worker's reply rather than from the request's own task. A worker that is
running a job it started moments ago (:data:`AHEAD`) is given its next job
too (:data:`DEPTH` at most), so that it reads that job from its pipe the
moment it replies instead of waiting for the front to be scheduled: on a
loaded machine that wait left each worker idle a third to a half of the time.

A job's time limit counts from the moment its worker starts it (the reply to
the job before it); past it, the worker is killed (its CPU is freed at once)
and a new one started, and the job that waited behind it, never started, goes
back to the queue as old as it is. A worker that dies for any other reason is
restarted the same way. Every resource is bounded: at most ``queue`` jobs
wait, counting those waiting in a worker's pipe (503 past that); a job whose
caller gives up (the client went away) is stopped by killing its worker, at
once if it runs, as it starts if it waits in a pipe; and a job's answer file
is deleted on every path but the one that hands it, complete, to the caller.
:meth:`Pool.health` asks each idle worker on its own, so one stuck worker is
found and replaced while the others answer. How a worker is started, bound to a
core, and given its jobs through its pipe is :mod:`hspkg.spawn`'s.

The queue is served newest first within a bound (:meth:`Pool._next`): a worker
takes the oldest waiting job if it has waited ``fair_after`` seconds or more,
else the newest. Under a standing queue (64 clients in a closed loop) a first
come, first served queue makes every request wait about as long as the mean
(64 ÷ answers per second, 45 ms at 10^6 triples); newest first answers a
request made now at once while a script keeps the server busy, and no request
waits much past ``fair_after`` behind newer ones. The mean is the same (each
answer still costs the same); p50 drops, p99 rises to about ``fair_after``.
That needs ``fair_after`` at least twice the mean wait: most jobs are answered
at once only if the few that wait carry the rest, up to ``fair_after`` each.
With ``fair_after`` between one and two times the mean wait, most jobs wait
about ``fair_after`` (longer than in turn); under the mean wait, every job has
waited that long and the order is first come, first served, as with
``fair_after`` 0.
"""

from __future__ import annotations

import asyncio
import bisect
import contextlib
import json
import sys
import time
from collections import deque
from pathlib import Path
from typing import Any

from .catalogue import internal
from .sparql_requests import Options
from .spawn import Job, Worker, choose_core, cores, framed, start_worker

STARTUP = 60.0  # seconds a new worker may take to open the store
PROBE = 2.0  # seconds an idle worker may take to answer ASK {} for /health before it is replaced
DEPTH = 2  # jobs a worker holds: the one it runs and one waiting in its pipe
AHEAD = 0.05  # seconds: a job waits in the pipe only of a worker whose running job started this recently (not behind a long query)


def _brief(job: Job, now: float) -> bool:
    """Whether a job may wait in the pipe behind ``job``: a query or page that started moments ago, not a whole-graph count."""
    return job.started is not None and now - job.started < AHEAD and job.job.get("kind") not in ("void", "dump")


def busy(message: str) -> dict[str, Any]:
    return {"status": 503, "message": message}


STOPPING = "the server is stopping"


class Pool:
    """``size`` worker processes over the store at ``location``; answers are written into ``scratch``; at most ``queue`` jobs wait,
    served newest first but any that has waited ``fair_after`` seconds first (0: first come, first served)."""

    def __init__(self, location: Path, size: int, scratch: Path, queue: int = Options.queue, fair_after: float = Options.fair_after) -> None:
        self.location, self.size, self.scratch, self.queue, self.fair_after = location, size, scratch, queue, fair_after
        self.workers: list[Worker] = []
        self.queued: deque[Job] = deque()  # jobs no worker has yet, oldest first (by ``arrived``)
        self.restarts = 0
        self.refused = 0  # jobs answered 503 because the queue was full
        self.abandoned = 0  # jobs stopped because their caller went away
        self._jobs = 0
        self._tasks: set[asyncio.Task[None]] = set()
        self._closing = False
        self.cores = cores()
        self._starting: list[int | None] = []  # the cores of workers being started

    @property
    def waiting(self) -> int:
        """Jobs not yet started: in the queue, or in a worker's pipe behind the job it runs."""
        return len(self.queued) + sum(max(0, len(w.jobs) - 1) for w in self.workers)

    async def start(self) -> None:
        """Start every worker and wait until each has opened the store."""
        await asyncio.gather(*(self._spawn() for _ in range(self.size)))
        self._background(self._watch())

    async def _spawn(self) -> None:
        taken = [w.core for w in self.workers if not w.retired] + self._starting
        core = choose_core(self.cores, taken, self.size)
        self._starting.append(core)  # counted as taken while the process starts, so that workers started together spread
        try:
            worker = await start_worker(self.location, core)
        finally:
            self._starting.remove(core)
        process = worker.process
        self.workers.append(worker)
        assert process.stdout is not None
        try:
            ready = await asyncio.wait_for(process.stdout.readline(), STARTUP)
        except TimeoutError:
            ready = b""
        if not ready:
            self._retire(worker)
            raise RuntimeError(f"a query worker could not open the store {self.location}")
        worker.ready = True
        self._background(self._read(worker))
        self._dispatch()

    def _idle(self) -> Worker | None:
        return next((w for w in self.workers if w.ready and w.alive and not w.jobs), None)

    def _dispatch(self) -> None:
        """Give queued jobs to workers that can take them: idle ones first, then into the pipe of one whose job just started."""
        while self.queued and not self._closing:
            worker = self._idle()
            if worker is None:
                now = time.monotonic()
                ahead = [w for w in self.workers if w.ready and w.alive and len(w.jobs) < DEPTH and _brief(w.jobs[0], now)]
                if not ahead:
                    return
                worker = min(ahead, key=lambda w: w.busy_since or now)  # the one likeliest to finish first
            job = self._next()
            if not job.done.done():  # not given up while it waited
                self._send(worker, job)

    def _next(self) -> Job:
        """The queued job a worker takes now: the oldest if it has waited ``fair_after`` or more, else the newest."""
        if time.monotonic() - self.queued[0].arrived >= self.fair_after:
            return self.queued.popleft()
        return self.queued.pop()

    def _send(self, worker: Worker, job: Job) -> None:
        self._jobs += 1
        job.out = self.scratch / f"answer-{self._jobs}"
        worker.jobs.append(job)
        assert worker.process.stdin is not None
        # a worker that died: its pipe is closed (uvloop says so with RuntimeError); its reader retires it
        with contextlib.suppress(OSError, RuntimeError, ValueError):
            worker.process.stdin.write(framed({**job.job, "out": str(job.out)}))
        if len(worker.jobs) == 1:
            self._begin(worker)

    def _begin(self, worker: Worker) -> None:
        """The worker starts its first job now: its time limit starts, or, given up while it waited, the worker is killed."""
        job = worker.jobs[0]
        job.started = time.monotonic()
        if job.done.done():
            self._retire(worker)
            return
        worker.timer = asyncio.get_running_loop().call_later(job.timeout, self._retire, worker, f"the query did not finish within {job.timeout:g} s")

    async def _read(self, worker: Worker) -> None:
        """Hand each of ``worker``'s replies to its job's caller, in order; retire the worker when its pipe closes."""
        stdout = worker.process.stdout
        assert stdout is not None
        while not worker.retired:
            try:
                reply = await stdout.readline()
                answer: dict[str, Any] = json.loads(reply) if reply else {}
                if "inline" in answer:  # the answer itself follows its reply line, this many bytes
                    answer["body"] = await stdout.readexactly(answer.pop("inline"))
            except (OSError, asyncio.IncompleteReadError, ValueError, RuntimeError):
                reply = b""
            if not reply or not worker.jobs:
                break
            job = worker.jobs.popleft()
            if worker.timer is not None:
                worker.timer.cancel()
            if "body" in answer:  # it came through the pipe: no file was made
                pass
            elif answer["status"] == 200 and not job.done.done():
                answer["out"] = job.out
            elif job.out is not None:
                with contextlib.suppress(OSError):  # never made, or its folder gone: the error is what the client hears
                    job.out.unlink()
            if not job.done.done():
                job.done.set_result(answer)
            if worker.jobs:
                self._begin(worker)
            self._dispatch()
        if not worker.retired and not self._closing:
            print(f"hspkg: a query worker stopped (exit {worker.process.returncode}); restarting it", file=sys.stderr, flush=True)
        self._retire(worker)

    def _retire(self, worker: Worker, message: str = "the query worker stopped while answering; it is being restarted") -> None:
        """Kill ``worker`` (a no-op if it is dead), answer its running job with ``message``, queue again the jobs that waited
        in its pipe, delete the answers they were writing once it is dead, and start its replacement."""
        if worker.retired:
            return
        worker.retired = True
        if worker.timer is not None:
            worker.timer.cancel()
        if worker.process.returncode is None:
            worker.process.kill()
        jobs = list(worker.jobs)
        worker.jobs.clear()
        leftovers = [job.out for job in jobs if job.out is not None]
        for number, job in enumerate(jobs):
            if job.done.done():
                continue
            if number == 0 or self._closing:
                job.done.set_result(busy(STOPPING if self._closing else message))
            else:  # never started: back in the queue as old as it is, so the oldest first once it has waited fair_after
                job.out = job.started = None
                bisect.insort(self.queued, job, key=lambda queued: queued.arrived)
        self._background(self._reap(worker, leftovers))
        self._dispatch()

    async def _reap(self, worker: Worker, leftovers: list[Path]) -> None:
        await worker.process.wait()
        # only once the worker is dead can it write no more into its answers
        for leftover in leftovers:
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
        """Restart workers that died on their own (killed from outside, out of memory) before they were given a job."""
        while not self._closing:
            for worker in list(self.workers):
                if worker.ready and worker.process.returncode is not None and not worker.retired:
                    print(f"hspkg: a query worker stopped (exit {worker.process.returncode}); restarting it", file=sys.stderr, flush=True)
                    self._retire(worker)
            await asyncio.sleep(0.2)

    def _background(self, work: Any) -> None:
        task = asyncio.ensure_future(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def run(self, job: dict[str, Any], timeout: float) -> dict[str, Any]:
        """Answer ``job`` (see :mod:`hspkg.worker`) within ``timeout`` seconds of a worker starting it.

        The wait for a worker has no limit of its own: newer jobs go ahead of it only until it has
        waited ``fair_after``; then at most ``queue`` jobs are ahead of it, each taking at most
        ``timeout``: so it is bounded by ``fair_after`` and both.

        Returns the worker's reply, with the answer itself as ``body`` when the job allowed
        ``inline`` bytes and it was no larger (it came through the pipe), else ``out`` the
        answer's file when the status is 200 (the caller deletes it); status 503 if the queue is full, the time limit passed
        or the worker died. Cancelled (its client went away), the job's worker is killed.
        """
        return await self._wait(self.submit(job, timeout))

    def submit(self, job: dict[str, Any], timeout: float) -> Job:
        """Queue ``job`` as :meth:`run` does, without waiting: its reply is the result of the returned job's ``done``.

        For a caller that is not a task (``hspkg.fastpath`` answers from callbacks); one that gives
        up calls :meth:`abandon`.
        """
        done = asyncio.get_running_loop().create_future()
        entry = Job(job, timeout, done)
        if self._closing:
            done.set_result(busy(STOPPING))
        elif self._idle() is None and self.waiting >= self.queue:
            self.refused += 1
            done.set_result({**busy(f"every query worker is busy and {self.waiting} requests wait: try again shortly"), "retry": 1})
        else:
            self.queued.append(entry)
            self._dispatch()
        return entry

    async def _wait(self, entry: Job) -> dict[str, Any]:
        try:
            return await entry.done
        except asyncio.CancelledError:
            self.abandon(entry)
            raise

    def abandon(self, entry: Job) -> None:
        """The caller of ``entry`` has gone: stop it (its worker is killed if it runs; one waiting in a pipe is stopped as it starts)."""
        entry.done.cancel()
        with contextlib.suppress(ValueError):  # still queued: it no longer counts against the queue's limit
            self.queued.remove(entry)
        if entry.out is not None and not entry.probe:  # a worker has it (a job back in the queue has none)
            self.abandoned += 1
        holder = next((w for w in self.workers if w.jobs and w.jobs[0] is entry), None)
        if holder is not None:  # running: stop it now
            self._retire(holder)

    async def _probe(self, worker: Worker) -> dict[str, Any]:
        """Ask one idle worker ``ASK {}``; replace it if it does not answer within :data:`PROBE` seconds (busy if given a query meanwhile)."""
        state = {"pid": worker.process.pid}
        if not worker.alive:  # retired since it was found idle
            return {**state, "state": "stopped"}
        if worker.jobs:  # given a query since it was found idle: the check would wait that query's whole time limit
            return _busy(worker, time.monotonic())
        entry = Job({"query": internal("alive").text, "accept": "", "max_bytes": 1000, "inline": 1000}, PROBE, asyncio.get_running_loop().create_future(), True)
        self._send(worker, entry)
        reply = await self._wait(entry)
        if reply["status"] != 200:
            return {**state, "state": "replaced", "problem": f"did not answer the health check (queries/internal/alive.rq) within {PROBE:g} s"}
        assert entry.started is not None
        return {**state, "state": "idle", "answered_ms": round(1000 * (time.monotonic() - entry.started), 1)}

    async def health(self) -> dict[str, Any]:
        """Each worker's state (idle ones asked ``ASK {}`` on their own), the queue, and ``ok`` if a worker answers
        (or all are busy or starting)."""
        probing = [w for w in self.workers if w.ready and w.alive and not w.jobs]
        now = time.monotonic()
        others = [
            _busy(w, now) if w.running and w.busy_since is not None else {"pid": w.process.pid, "state": "starting" if w.running else "stopped"}
            for w in self.workers
            if w not in probing
        ]
        probed = list(await asyncio.gather(*(self._probe(w) for w in probing)))
        answering = sum(p["state"] == "idle" for p in probed)
        working = sum(w["state"] == "busy" for w in probed + others)
        failing = sum(w["state"] in ("replaced", "stopped") for w in probed + others)
        report: dict[str, Any] = {
            # a busy worker cannot be asked: it counts only if no worker that could be asked failed
            "ok": answering > 0 or (working > 0 and failing == 0),
            "workers": self.size,
            "alive": sum(w.running for w in self.workers),
            "answering": answering,
            "busy": working,
            "restarts": self.restarts,
            "queue": {"waiting": self.waiting, "limit": self.queue, "fair_after": self.fair_after, "refused": self.refused, "abandoned": self.abandoned},
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
        # the jobs are answered from the event loop (their workers' pipes close), not from inside the signal handler
        with contextlib.suppress(RuntimeError):  # no loop running: nothing waits
            asyncio.get_running_loop().call_soon_threadsafe(self._answer_queued)

    def _answer_queued(self) -> None:
        while self.queued:
            job = self.queued.popleft()
            if not job.done.done():
                job.done.set_result(busy(STOPPING))

    async def close(self) -> None:
        self._closing = True
        for task in self._tasks:
            task.cancel()
        for worker in self.workers:
            if worker.process.returncode is None:
                worker.process.kill()
            for job in worker.jobs:
                if not job.done.done():
                    job.done.set_result(busy(STOPPING))
        self._answer_queued()
        await asyncio.gather(*(w.process.wait() for w in self.workers))


def _busy(worker: Worker, now: float) -> dict[str, Any]:
    """How /health shows a worker running a query: for how long, in seconds."""
    return {"pid": worker.process.pid, "state": "busy", "busy_s": round(now - (worker.busy_since or now), 1)}
