"""Starting a query worker of ``hspkg serve`` (:mod:`hspkg.worker`), what the pool (:mod:`hspkg.supervise`) records of it, and how a job goes down its pipe.

A worker starts with glibc's allocator keeping more freed blocks for reuse
(:data:`TUNABLES`), and, where the pool has at least as many workers as there
are cores (the default up to 8 cores), bound to a core of its own
(:func:`choose_core`; Linux), a replacement taking the core its predecessor
left. Left to the scheduler, a worker woken by the front was often moved beside
it, or both workers onto one core: at 10^6 triples under 64 clients, five pairs
toggled on one server, bound workers spent 0.97-1.05 ms of CPU an answer
against 1.06-1.27 ms, and answered 1.3-2.1 times as many a second. With fewer
workers than cores they are left to the scheduler: bound, they would crowd the
first cores, and two servers the same ones.

A job goes down the pipe as one JSON line followed by its query's text as it
stands (:func:`framed`; :func:`hspkg.worker.unframed` reads it back).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import sys
import time
from collections import Counter, deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# glibc keeps 7 freed blocks of each small size per thread for quick reuse; planning a query frees and takes
# back thousands of blocks of a few sizes, so most went the slower way through the arena (malloc and free
# were about a quarter of a worker's CPU at 10^6). Keeping more takes about a tenth off each query, the
# same work; a setting of the user's own, given after it, wins. Other C libraries ignore the variable.
TUNABLES = "glibc.malloc.tcache_count=1000"


@dataclass(eq=False)
class Job:
    """A job and its caller's future; ``out`` is its answer file once a worker has it, ``started`` when that worker began it,
    ``arrived`` when it was queued (kept if it goes back to the queue: the pool serves by it)."""

    job: dict[str, Any]
    timeout: float
    done: asyncio.Future[dict[str, Any]]
    probe: bool = False  # a /health check: not counted as abandoned
    out: Path | None = None
    started: float | None = None
    arrived: float = field(default_factory=time.monotonic)


@dataclass(eq=False)
class Worker:
    process: asyncio.subprocess.Process
    retired: bool = False
    ready: bool = False  # it has opened the store
    started: float = field(default_factory=time.monotonic)
    jobs: deque[Job] = field(default_factory=deque)  # given to it, in order: the first runs, the others wait in its pipe
    timer: asyncio.TimerHandle | None = None  # the running job's time limit
    core: int | None = None  # the core it is bound to, if any

    @property
    def alive(self) -> bool:
        return self.process.returncode is None and not self.retired

    @property
    def busy_since(self) -> float | None:
        return self.jobs[0].started if self.jobs else None

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


def framed(job: dict[str, Any]) -> bytes:
    """A job as the worker reads it: a JSON line, then the query's text as it stands (``query_bytes`` long).

    The query, thousands of characters of escapes and quotes, is neither escaped for JSON here nor unescaped in the
    worker (:func:`hspkg.worker.unframed` reads it back, with an example).
    """
    query = job.get("query")
    if query is None:
        return json.dumps(job).encode() + b"\n"
    text = str(query).encode("utf-8", "surrogatepass")
    return json.dumps({k: v for k, v in job.items() if k != "query"} | {"query_bytes": len(text)}).encode() + b"\n" + text


def worker_environment() -> dict[str, str]:
    """A worker's environment: the server's, with :data:`TUNABLES` for glibc's allocator before any the user gave."""
    given = os.environ.get("GLIBC_TUNABLES")
    return {**os.environ, "GLIBC_TUNABLES": f"{TUNABLES}:{given}" if given else TUNABLES}


def cores() -> list[int]:
    """The cores this process may run on (Linux); none where that cannot be known or chosen."""
    try:
        return sorted(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return []


def choose_core(cores: list[int], taken: Iterable[int | None], workers: int) -> int | None:
    """The core for a new worker of a pool of ``workers``: of ``cores``, the one fewest of the living (``taken``) are bound to.

    None (left to the scheduler) on one core, where cores cannot be chosen, and where there are
    fewer workers than cores.

    >>> choose_core([0, 1], [], 2), choose_core([0, 1], [0], 2), choose_core([0, 1], [1, 0, 1], 2), choose_core([0, 1, 2, 3], [], 2)
    (0, 1, 0, None)
    """
    if len(cores) < 2 or workers < len(cores):
        return None
    count = Counter(taken)
    return min(cores, key=lambda core: (count[core], core))


async def start_worker(location: Path, core: int | None) -> Worker:
    """A worker process over the store at ``location``, with its environment, bound to ``core`` if one is given."""
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "hspkg.worker", str(location), stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, env=worker_environment()
    )
    if core is not None:
        with contextlib.suppress(OSError):  # gone already: the pool's reader retires it
            os.sched_setaffinity(process.pid, {core})
    return Worker(process, core=core)
