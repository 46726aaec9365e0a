"""How the query workers of `hspkg serve` are started (issue 21 item 6): glibc's allocator keeps more freed blocks
for reuse in each worker (a tenth less CPU a query), the user's own setting still winning; and a query's text of any
characters reaches the worker whole (it goes after the job's JSON line, not escaped into it); and with as many
workers as cores, each is bound to its own core.

Real worker processes over a small N-Triples graph, driven through the pool itself.
"""

from __future__ import annotations

import asyncio
import json
import os
from pathlib import Path
from typing import Any

import pytest

from hspkg.spawn import TUNABLES, worker_environment
from hspkg.supervise import Pool


def pool(tmp_path: Path, size: int = 1) -> Pool:
    graph = tmp_path / "graph.nt"
    graph.write_text('<urn:s> <urn:p> "é\\n\\"{}\\\\" .\n<urn:s> <urn:q> "x" .\n')
    answers = tmp_path / "answers"
    answers.mkdir(exist_ok=True)
    return Pool(graph, size, answers)


def environment(pid: int) -> dict[str, str]:
    pairs = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    return dict(pair.decode().split("=", 1) for pair in pairs if b"=" in pair)


def test_a_worker_keeps_more_freed_blocks_for_reuse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GLIBC_TUNABLES", raising=False)

    async def main() -> dict[str, str]:
        workers = pool(tmp_path)
        await workers.start()
        try:
            return environment(workers.workers[0].process.pid)
        finally:
            await workers.close()

    assert asyncio.run(main())["GLIBC_TUNABLES"] == TUNABLES


def test_the_users_own_allocator_setting_comes_last_and_so_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    # glibc reads the settings in order, a later one overriding an earlier one of the same name
    monkeypatch.setenv("GLIBC_TUNABLES", "glibc.malloc.tcache_count=3")
    assert worker_environment()["GLIBC_TUNABLES"] == f"{TUNABLES}:glibc.malloc.tcache_count=3"


def test_a_query_of_any_characters_reaches_the_worker_whole(tmp_path: Path) -> None:
    # quotes, backslashes, a newline, braces and a non-ASCII letter, in the literal the query matches
    query = 'SELECT ?p WHERE { ?s ?p "é\\n\\"{}\\\\" } # a comment with \u00e9, "quotes" and \\ \n'
    job: dict[str, Any] = {"query": query, "accept": "application/sparql-results+json", "max_bytes": 1 << 20, "inline": 1 << 20}

    async def main() -> list[dict[str, Any]]:
        workers = pool(tmp_path)
        await workers.start()
        try:
            # two at once: the second waits in the pipe right behind the first, and must be read apart from it
            return list(await asyncio.gather(workers.run(job, 10), workers.run({**job, "query": "ASK { ?s <urn:q> 'x' }"}, 10)))
        finally:
            await workers.close()

    matched, asked = asyncio.run(main())
    assert matched["status"] == 200, matched
    assert [row["p"]["value"] for row in json.loads(matched["body"])["results"]["bindings"]] == ["urn:p"]
    assert asked["status"] == 200 and json.loads(asked["body"])["boolean"] is True


@pytest.mark.skipif(len(os.sched_getaffinity(0)) < 2, reason="binding spreads workers over two cores or more")
def test_workers_are_bound_to_cores_spread_evenly_and_a_replacement_takes_the_core_left(tmp_path: Path) -> None:
    cores = sorted(os.sched_getaffinity(0))

    async def main(size: int, kill: bool) -> list[set[int]]:
        workers = pool(tmp_path, size)
        await workers.start()
        try:
            if kill:  # the first worker dies: its replacement is bound where it was
                workers.workers[0].process.kill()
                while workers.restarts == 0 or len(workers.workers) < size or not all(w.ready for w in workers.workers):
                    await asyncio.sleep(0.05)
            return [os.sched_getaffinity(w.process.pid) for w in workers.workers]
        finally:
            await workers.close()

    each = [(core,) for core in cores]  # one worker bound to each core
    assert sorted(tuple(b) for b in asyncio.run(main(len(cores), kill=False))) == each
    assert sorted(tuple(b) for b in asyncio.run(main(len(cores), kill=True))) == each
    # fewer workers than cores: left to the scheduler, not crowded onto the first cores
    assert asyncio.run(main(len(cores) - 1, kill=False)) == [set(cores)] * (len(cores) - 1)
