"""An exclusive file lock that the test processes of one run (pytest-xdist's workers, the exports' writers) share."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def locked(path: Path, wait: bool = True) -> Iterator[int | None]:
    """Hold an exclusive lock on ``path`` (a folder, or a file made if missing): the open descriptor that holds it, which a
    child process given it holds it too; None if it is not held (``wait=False``: only taken if free now)."""
    descriptor = os.open(path, os.O_RDONLY) if path.is_dir() else os.open(path, os.O_RDONLY | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))  # released when closed, also if this process dies
        except BlockingIOError:
            yield None
            return
        yield descriptor
    finally:
        os.close(descriptor)
