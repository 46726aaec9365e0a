"""Real servers on loopback for the tests: started as processes, stopped by their process id."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


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
def running(command: list[str], probe: str, seconds: float = 60) -> Iterator[subprocess.Popen]:
    """Start ``command``; wait until ``probe`` (a URL) answers 200; stop it afterwards."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + seconds
        while True:
            try:
                urllib.request.urlopen(probe, timeout=2).read()
                break
            except OSError:
                assert process.poll() is None, process.stderr.read().decode()
                assert time.monotonic() < deadline, f"{command[0]} did not answer within {seconds} s"
                time.sleep(0.1)
        yield process
    finally:
        process.terminate()
        process.wait(timeout=20)
