"""The order in which `hspkg serve` gives waiting queries to its workers (issue 21): newest first, but a query that has
waited `--fair-after` seconds first, oldest first; `--fair-after 0` is first come, first served.

Real worker processes over a small N-Triples graph, driven through the pool itself (as tests/test_serve_pool.py
does). The one worker is held with SIGSTOP while the jobs queue behind the job it has begun, so that which jobs
wait, and in what order they came, is known rather than left to the timing of HTTP clients; a worker answers its
jobs in turn, so the order of the answers is the order the pool gave the jobs out.
"""

from __future__ import annotations

import asyncio
import os
import signal
from pathlib import Path

from hspkg.spawn import Job
from hspkg.supervise import AHEAD, Pool
from servers import free_port
from test_serve_pool import job

ASK = "ASK { ?s ?p ?o }"


def pool(tmp_path: Path, fair_after: float) -> Pool:
    graph = tmp_path / "graph.nt"
    graph.write_text("".join(f"<urn:s{i}> <urn:p> <urn:o{i}> .\n" for i in range(20)))
    answers = tmp_path / "answers"
    answers.mkdir()
    return Pool(graph, 1, answers, fair_after=fair_after)


def queue(workers: Pool, names: str, answered: list[str]) -> list[Job]:
    """Submit one job for each of ``names``, in turn; each name is put in ``answered`` when its job is answered."""
    jobs = [workers.submit(job(ASK), 60.0) for _ in names]
    for name, entry in zip(names, jobs, strict=True):
        entry.done.add_done_callback(lambda _, name=name: answered.append(name))
    return jobs


async def served(workers: Pool, first: str, then: str = "", pause: float = 0.0) -> list[str]:
    """The order in which the jobs named ``first`` and, ``pause`` seconds later, ``then`` are answered, all queued behind a
    job the one worker has begun and is held on."""
    pid = workers.workers[0].process.pid
    answered: list[str] = []
    os.kill(pid, signal.SIGSTOP)
    try:
        held = workers.submit(job(ASK), 60.0)
        await asyncio.sleep(2 * AHEAD)  # begun long enough ago that no job waits in the worker's pipe behind it
        jobs = queue(workers, first, answered)
        await asyncio.sleep(pause)
        jobs += queue(workers, then, answered)
        assert workers.waiting == len(first + then)
    finally:
        os.kill(pid, signal.SIGCONT)
    replies = await asyncio.gather(held.done, *(entry.done for entry in jobs))
    assert [reply["status"] for reply in replies] == [200] * len(replies)
    return answered


def test_waiting_queries_are_served_newest_first(tmp_path: Path) -> None:
    """A query made now is answered next, however many wait: with a bound far off, the newest first throughout."""

    async def main() -> tuple[list[str], dict[str, object]]:
        workers = pool(tmp_path, fair_after=60)
        await workers.start()
        try:
            return await served(workers, "ABC"), (await workers.health())["queue"]
        finally:
            await workers.close()

    order, queued = asyncio.run(main())
    assert order == ["C", "B", "A"]
    assert queued["fair_after"] == 60 and queued["waiting"] == 0


def test_with_fair_after_0_waiting_queries_are_served_first_come_first_served(tmp_path: Path) -> None:
    async def main() -> list[str]:
        workers = pool(tmp_path, fair_after=0)
        await workers.start()
        try:
            return await served(workers, "ABC")
        finally:
            await workers.close()

    assert asyncio.run(main()) == ["A", "B", "C"]


def test_a_query_that_has_waited_fair_after_is_served_before_newer_ones(tmp_path: Path) -> None:
    """A has waited past the bound when B and C come: it goes first. (B and C may or may not have waited that long by
    the time the worker is free, on a loaded machine: newest or oldest first, they come after A.)"""

    async def main() -> list[str]:
        workers = pool(tmp_path, fair_after=0.2)
        await workers.start()
        try:
            return await served(workers, "A", "BC", pause=0.3)
        finally:
            await workers.close()

    order = asyncio.run(main())
    assert order[0] == "A" and sorted(order) == ["A", "B", "C"]


def test_a_query_sent_back_to_the_queue_when_its_worker_is_killed_keeps_its_age(tmp_path: Path) -> None:
    """A waited in the pipe of a worker that is killed (its running query's client left); B and C came after A.
    A goes back to the queue as the oldest, not as a new arrival: newest first, it comes after B and C."""

    async def main() -> tuple[int, list[str], int]:
        workers = pool(tmp_path, fair_after=60)
        await workers.start()
        try:
            first = workers.workers[0]
            os.kill(first.process.pid, signal.SIGSTOP)  # killed later, never resumed: SIGKILL ends a stopped process
            answered: list[str] = []
            running = workers.submit(job(ASK), 60.0)
            jobs = queue(workers, "A", answered)  # given out in the same moment: it waits in the worker's pipe
            held = len(first.jobs)
            jobs += queue(workers, "BC", answered)
            workers.abandon(running)  # its client went away: the worker is killed, A queued again, a new worker started
            await asyncio.gather(*(entry.done for entry in jobs))
            return held, answered, workers.restarts
        finally:
            await workers.close()

    held, order, restarts = asyncio.run(main())
    assert held == 2, "A did not wait in the worker's pipe"
    assert order == ["C", "B", "A"] and restarts == 1


# a cross product of the 20 statements, six deep: it runs until its worker is killed
SLOW = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o . ?p ?q ?r }"


def test_a_younger_query_sent_back_goes_behind_an_older_one_still_queued(tmp_path: Path) -> None:
    """X, Y and Z wait behind a held job; freed, the worker takes Z (the newest) and holds Y (the next newest) in its pipe,
    while X stays queued. Z's client leaves, so its worker is killed and Y goes back to the queue: by its age, behind
    X's place in time, so that newest first still takes Y before X (put at the head of the queue, it would be taken
    as the oldest, last)."""

    async def main() -> tuple[list[str], list[str], int]:
        workers = pool(tmp_path, fair_after=60)
        await workers.start()
        try:
            first = workers.workers[0]
            pid = first.process.pid
            answered: list[str] = []
            os.kill(pid, signal.SIGSTOP)
            try:
                held = workers.submit(job(ASK), 60.0)
                await asyncio.sleep(2 * AHEAD)  # no job waits in the pipe behind one begun this long ago
                x, y = queue(workers, "XY", answered)
                z = workers.submit(job(SLOW), 60.0)
            finally:
                os.kill(pid, signal.SIGCONT)
            await held.done
            for _ in range(1000):  # Z begun, Y in the pipe behind it
                if first.jobs and first.jobs[0] is z:
                    break
                await asyncio.sleep(0.01)
            given = ["Z" if j is z else "Y" if j is y else "X" for j in first.jobs]
            workers.abandon(z)  # its client went away: the worker is killed, Y queued again, a new worker started
            await asyncio.gather(x.done, y.done)
            return given, answered, workers.restarts
        finally:
            await workers.close()

    given, order, restarts = asyncio.run(main())
    assert given == ["Z", "Y"], "the worker did not take Z and hold Y"
    assert order == ["Y", "X"] and restarts == 1


def test_fair_after_is_a_serve_option_and_a_bad_value_is_refused(run) -> None:
    shown = run("serve", "--help")
    assert shown.returncode == 0 and "--fair-after SECONDS" in shown.stdout and "first come, first served" in shown.stdout
    # past a minute, a request could wait as long as newer ones keep coming
    for value in ("-1", "nan", "inf", "soon", "61", "1e9"):
        done = run("serve", "--fair-after", value, "--port", str(free_port()), timeout=60)
        assert done.returncode == 2 and done.stderr.count("\n") == 1 and "--fair-after" in done.stderr, done.stderr


def test_fair_after_minus_0_is_0() -> None:
    import math

    from hspkg.options import Seconds

    assert math.copysign(1, Seconds(minimum=0, maximum=60).convert("-0", None, None)) == 1
