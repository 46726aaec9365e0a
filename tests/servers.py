"""Real servers on loopback for the tests: started as processes, stopped by their process id; or, for the small
servers a test writes itself, ``http.server`` servers and listeners in a thread of the test's process."""

from __future__ import annotations

import http.server
import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def installed(command: str) -> str:
    """A command installed beside this Python (the test environment's bin folder)."""
    found = shutil.which(command, path=str(Path(sys.executable).parent))
    assert found, f"{command} is not installed in this environment: pip install '.[test]'"
    return found


@contextmanager
def running(command: list[str], probe: str, seconds: float = 60, env: dict[str, str] | None = None) -> Iterator[subprocess.Popen]:
    """Start ``command`` (in ``env``, if given); wait until ``probe`` (a URL) answers 200; stop it afterwards."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    try:
        deadline = time.monotonic() + seconds
        while True:
            try:
                urllib.request.urlopen(probe, timeout=2).read()
                break
            except OSError:
                assert process.poll() is None, process.stderr.read().decode()
                assert time.monotonic() < deadline, f"{command[0]} did not answer within {seconds} s"
                time.sleep(0.02)
        yield process
    finally:
        process.terminate()
        process.wait(timeout=20)


def until(condition: Callable[[], T], what: str, seconds: float = 60, every: float = 0.02) -> T:
    """Wait for ``condition()`` to be true, asking every ``every`` seconds; its value. A failure, saying ``what`` was
    waited for, if it is not true within ``seconds`` (a bound for a loaded machine: nothing is timed)."""
    deadline = time.monotonic() + seconds
    while not (value := condition()):
        assert time.monotonic() < deadline, f"{what}: not so within {seconds:g} s"
        time.sleep(every)
    return value


def stopped(pid: int) -> bool:
    """Whether process ``pid`` is stopped (by SIGSTOP)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] in ("T", "t")
    except OSError:
        return False


def stopped_once(process: subprocess.Popen, condition: Callable[[], bool], what: str, seconds: float = 120, step: float = 0.01) -> None:
    """Let ``process`` run ``step`` seconds at a time (SIGCONT, then SIGSTOP) until ``condition()`` holds, asked while it is
    stopped; it is left stopped then. A state that lasts a moment is caught, however loaded the machine: the process
    cannot pass through it while nobody looks. A failure if the process ends first, or after ``seconds``."""
    deadline = time.monotonic() + seconds
    process.send_signal(signal.SIGSTOP)
    try:
        while True:
            until(lambda: stopped(process.pid) or process.poll() is not None, "the process stopped", 30, 0.001)
            assert process.poll() is None, f"the process ended before {what}"
            if condition():
                return
            assert time.monotonic() < deadline, f"{what}: not so within {seconds:g} s"
            process.send_signal(signal.SIGCONT)
            time.sleep(step)
            process.send_signal(signal.SIGSTOP)
    except BaseException:
        process.kill()  # not left stopped
        process.wait()
        raise


def tree_cpu(pid: int) -> dict[int, float]:
    """CPU seconds used so far by ``pid`` and each of its living descendants, by process id (from /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    parents: dict[int, int] = {}
    used: dict[int, float] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry.name)] = int(fields[1])
        used[int(entry.name)] = (int(fields[11]) + int(fields[12])) / ticks
    family = {pid}
    grew = True
    while grew:
        more = {child for child, parent in parents.items() if parent in family} - family
        family |= more
        grew = bool(more)
    return {p: used[p] for p in family if p in used}


def alive(pid: int) -> bool:
    """Whether process ``pid`` exists and is not a zombie."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def cpu_over(pid: int, seconds: float) -> float:
    """CPU seconds that ``pid`` and its descendants use in the next ``seconds`` (a process that starts counts whole)."""
    before = tree_cpu(pid)
    time.sleep(seconds)
    after = tree_cpu(pid)
    return sum(t - before.get(p, 0.0) for p, t in after.items())


@contextmanager
def serving(handler: type[http.server.BaseHTTPRequestHandler]) -> Iterator[str]:
    """A real ``http.server`` (threading) server for ``handler`` on a free loopback port, in a thread: its base URL.

    ``serve_forever`` looks for a shutdown only between polls (every 0.5 s by default, and ``shutdown()`` waits
    for it): polled every 10 ms here, so that leaving the block stops the server at once.
    """
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


class Listener:
    """A loopback TCP listener that counts the connections made to it (and answers none: each is closed at once).

    :attr:`connections` first takes every connection still waiting to be accepted, so that it counts every
    connection a client has made by then (the kernel completes a connection before the client's ``connect``
    returns): no need to wait and see whether a connection arrives.
    """

    def __init__(self) -> None:
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen()
        self.socket.setblocking(False)
        self.port = self.socket.getsockname()[1]
        self._count = 0
        self._lock = threading.Lock()
        self._wake, self._woken = socket.socketpair()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _take(self) -> None:
        """Accept and close every connection waiting now."""
        with self._lock:
            while True:
                try:
                    connection, _ = self.socket.accept()
                except (BlockingIOError, InterruptedError):
                    return
                except OSError:  # closed
                    return
                self._count += 1
                connection.close()

    def _accept(self) -> None:
        while True:
            ready, _, _ = select.select([self.socket, self._woken], [], [])
            if self._woken in ready:
                return
            self._take()

    @property
    def connections(self) -> int:
        """How many connections have been made to this listener so far."""
        self._take()
        return self._count

    def __enter__(self) -> Listener:
        return self

    def __exit__(self, *exc: object) -> None:
        self._take()
        self._wake.send(b"x")
        self._thread.join()
        for s in (self.socket, self._wake, self._woken):
            s.close()
