"""The pool of query workers behind `hspkg serve` (issue 21 item 6): a job may wait in the pipe of a worker
whose running job has just started, so that the worker reads it the moment it replies. Such a job is never
lost with that worker, and one whose caller leaves is stopped as it starts.

Real worker processes over a small N-Triples graph, driven through the pool itself, so that which job
waits in which pipe is known rather than left to the timing of HTTP clients.
"""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path
from typing import Any

from hspkg.supervise import Pool

HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"  # 200^4 rows: far past any limit here
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # 200^3 rows: a second or so, then an answer


def pool(tmp_path: Path, workers: int = 1, queue: int = 64) -> Pool:
    graph = tmp_path / "graph.nt"
    graph.write_text("".join(f"<urn:s{i}> <urn:p> <urn:o{i}> .\n" for i in range(200)))
    answers = tmp_path / "answers"
    answers.mkdir()
    return Pool(graph, workers, answers, queue)


def job(query: str) -> dict[str, Any]:
    return {"query": query, "accept": "application/sparql-results+json", "max_bytes": 1 << 20, "inline": 1 << 20}


def test_a_job_waiting_behind_one_past_its_limit_is_answered_by_the_new_worker(tmp_path: Path) -> None:
    async def main() -> tuple[dict[str, Any], dict[str, Any], int, int]:
        workers = pool(tmp_path)
        await workers.start()
        try:
            heavy = asyncio.ensure_future(workers.run(job(HEAVY), 1.0))
            quick = asyncio.ensure_future(workers.run(job("ASK { ?s ?p ?o }"), 1.0))
            await asyncio.sleep(0)  # both given out in the same moment: the second waits in the worker's pipe
            held = len(workers.workers[0].jobs)
            return await heavy, await quick, held, workers.restarts
        finally:
            await workers.close()

    heavy, quick, held, restarts = asyncio.run(main())
    assert held == 2, "the second job did not wait in the worker's pipe"
    assert heavy["status"] == 503 and "did not finish within 1 s" in heavy["message"]
    # it never started in the killed worker: the new worker answers it, with its own full time limit
    assert quick["status"] == 200 and json.loads(quick["body"])["boolean"] is True
    assert restarts == 1


def test_a_job_whose_caller_leaves_while_it_waits_in_a_pipe_is_stopped_as_it_starts(tmp_path: Path) -> None:
    async def main() -> tuple[dict[str, Any], int, int, bool]:
        workers = pool(tmp_path)
        await workers.start()
        try:
            first = workers.workers[0]
            slow = asyncio.ensure_future(workers.run(job(SLOW), 60.0))
            left = asyncio.ensure_future(workers.run(job(HEAVY), 60.0))
            await asyncio.sleep(0)
            assert len(first.jobs) == 2
            left.cancel()  # its client went away while the slow job ran
            await asyncio.sleep(0)
            answer = await slow  # the job ahead of it is not disturbed
            # the heavy job starts as the slow one replies, and its worker is killed then, not 60 s later
            deadline = time.monotonic() + 30
            while workers.restarts == 0 and time.monotonic() < deadline:
                await asyncio.sleep(0.05)
            return answer, workers.abandoned, workers.restarts, first.alive
        finally:
            await workers.close()

    answer, abandoned, restarts, alive = asyncio.run(main())
    assert answer["status"] == 200 and json.loads(answer["body"])["results"]["bindings"][0]["n"]["value"] == str(200**3)
    assert abandoned == 1 and restarts == 1 and not alive


def test_a_job_given_up_while_queued_frees_its_place_in_the_queue(tmp_path: Path) -> None:
    async def main() -> tuple[int, dict[str, Any], dict[str, Any]]:
        workers = pool(tmp_path, queue=1)
        await workers.start()
        try:
            # past its limit (counted from its start, after this) it is still running at 0.5 s, and keeps a core busy until then
            heavy = asyncio.ensure_future(workers.run(job(HEAVY), 1.0))
            await asyncio.sleep(0.5)  # long enough started that nothing more waits in its pipe
            left = asyncio.ensure_future(workers.run(job("ASK { ?s ?p ?o }"), 3.0))
            await asyncio.sleep(0)
            waiting = workers.waiting
            left.cancel()
            await asyncio.sleep(0)
            # the one place in the queue is free again: this job waits for the worker rather than being refused
            later = await workers.run(job("ASK { ?s ?p ?o }"), 3.0)
            return waiting, await heavy, later
        finally:
            await workers.close()

    waiting, heavy, later = asyncio.run(main())
    assert waiting == 1 and heavy["status"] == 503
    assert later["status"] == 200 and json.loads(later["body"])["boolean"] is True


def test_health_reports_busy_a_worker_given_a_query_after_it_was_found_idle(tmp_path: Path) -> None:
    """/health finds the idle workers, then asks each ASK {} a moment later: a query given out in between comes first,
    so the check would wait behind it (and, past PROBE, replace a sound worker). It reports that worker busy instead."""

    async def main() -> tuple[dict[str, Any], dict[str, Any], int]:
        workers = pool(tmp_path)
        await workers.start()
        try:
            health = asyncio.ensure_future(workers.health())
            await asyncio.sleep(0)  # health has found the worker idle; its check is not sent yet
            slow = workers.submit(job(SLOW), 30.0)  # given to the worker at once
            return await health, await slow.done, workers.restarts
        finally:
            await workers.close()

    report, slow, restarts = asyncio.run(main())
    assert [w["state"] for w in report["each"]] == ["busy"], report
    assert report["ok"] and report["busy"] == 1 and report["answering"] == 0
    assert slow["status"] == 200 and restarts == 0
