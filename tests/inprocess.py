"""Run ``hspkg ARGS...`` inside the test's own process, as the installed script would run it in a fresh one.

A whole ``hspkg`` process costs about 0.2 CPU s before it does anything (the interpreter, the imports,
the shipped graph); most tests ask what a command prints, writes and exits with, which the real
entry point, :func:`hspkg.exits.main`, gives as well in-process. What a fresh process would have,
each run gets too:

- its own working folder, an empty standard input, and standard output and error that are files
  at the descriptor level too (fds 0, 1 and 2 point at them for the run), so that what a library
  or a child writes straight to a descriptor is caught, nothing is a terminal, and the text and
  byte layers are buffered as a real process's are;
- Python's default warning filters, warnings shown on that standard error (pytest's own would
  hide them), and no logging handler but Python's last resort, which writes to it;
- the exit code the script would give: ``main()``'s value, ``SystemExit``'s code, or 1 with a
  traceback for whatever escaped ``main()``.

The shipped graph is built (parsed, its RDFS closure drawn) once per test process: a fresh
process builds it in each run, but at about 0.07 CPU s it was a third of a typical command's
time here, so :func:`_fill_once` keeps what the first build gave and hands each later run a new
store holding the same quads (0.03 s), as long as the shipped files hold the same bytes.

A run that has not ended after ``timeout`` seconds is interrupted (SIGALRM) and fails the test as
:class:`subprocess.TimeoutExpired`, as ``subprocess.run`` would; a run that leaves a thread of its own
running, which would keep a real process alive, fails too. Only the main thread may call this
(``main()`` installs signal handlers).
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import signal
import subprocess
import sys
import tempfile
import threading
import traceback
import warnings
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from pyoxigraph import Quad, Store

import hspkg.graph
from hspkg.exits import main
from hspkg.inference import fill
from hspkg.resources import shipped

# What Python's warnings filters are in a fresh interpreter started without -W or PYTHONWARNINGS.
_DEFAULT_FILTERS = (
    ("default", DeprecationWarning, "__main__"),
    ("ignore", DeprecationWarning, None),
    ("ignore", PendingDeprecationWarning, None),
    ("ignore", ImportWarning, None),
    ("ignore", ResourceWarning, None),
)


_SHIPPED = (shipped("ontology"), shipped("data"))
_built: dict[tuple[tuple[str, str], ...], list[Quad]] = {}


class _Recording:
    """The store ``fill`` builds, and the quads it was given in the order given: a store's answers may depend on
    that order (GROUP_CONCAT's), so a copy must be made in it, not in the order the store lists its quads."""

    def __init__(self) -> None:
        self.store, self.given = Store(), list[Quad]()

    def bulk_extend(self, quads: Iterable[Quad]) -> None:
        batch = list(quads)
        self.given += batch
        self.store.bulk_extend(batch)


def _fill_once(new_store: object, ontology: list[Path], data: list[Path]) -> Store:
    """hspkg.graph's ``fill``, for an in-memory graph of shipped files only built once per content of those files.

    Other graphs (a store on disk, files of a test's own) are built as they always are: a changed or new
    file is a new graph, and their errors are the real ones.
    """
    files = [*ontology, *data]
    if new_store is not Store or not all(any(p.is_relative_to(root) for root in _SHIPPED) for p in files):
        return fill(new_store, ontology, data)  # type: ignore[arg-type]
    key = tuple((str(p), hashlib.sha256(p.read_bytes()).hexdigest()) for p in files)
    if key not in _built:
        recording = _Recording()
        assert fill(lambda: recording, ontology, data) is recording  # type: ignore[arg-type, return-value, comparison-overlap]
        _built[key] = recording.given
    store = Store()
    store.bulk_extend(_built[key])
    return store


hspkg.graph.fill = _fill_once  # type: ignore[assignment]


class _TimedOut(BaseException):
    """Raised in the main thread when a run passes its timeout; not an ``Exception``, so ``main()`` lets it through."""


def _alarm(signum: int, frame: object) -> None:
    raise _TimedOut


@contextmanager
def _descriptors(stdin: IO[bytes], stdout: IO[bytes], stderr: IO[bytes]) -> Iterator[None]:
    """Point fds 0, 1 and 2 at the given files for a while (pytest's capture has them meanwhile: it gets them back)."""
    saved = [os.dup(fd) for fd in (0, 1, 2)]
    try:
        for fd, file in zip((0, 1, 2), (stdin, stdout, stderr), strict=True):
            os.dup2(file.fileno(), fd)
        yield
    finally:
        for fd, copy in zip((0, 1, 2), saved, strict=True):
            os.dup2(copy, fd)
            os.close(copy)


@contextmanager
def _fresh_logging() -> Iterator[None]:
    """No handler on the root logger (pytest's capture adds its own), so that Python's last resort writes to stderr."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    root.handlers.clear()
    root.setLevel(logging.WARNING)
    try:
        yield
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)


def _exit_code(e: SystemExit, stderr: IO[str]) -> int:
    """What the interpreter makes of ``SystemExit`` at the top: None is 0, a number itself, anything else printed and 1."""
    if e.code is None:
        return 0
    if isinstance(e.code, int):
        return e.code
    print(e.code, file=stderr)
    return 1


def run(args: list[str], cwd: Path, text: bool = True, timeout: float = 120) -> subprocess.CompletedProcess:
    """``hspkg ARGS`` in ``cwd``: a CompletedProcess like ``subprocess.run(..., capture_output=True, text=text)`` gives."""
    assert threading.current_thread() is threading.main_thread(), "run hspkg in-process from the main thread only"
    command = ["hspkg", *args]
    threads = set(threading.enumerate())
    # the same layers as a real process's: FileIO, a buffer, text in UTF-8 (stderr line-buffered, backslashreplace)
    with (
        open(os.devnull, "rb") as stdin_raw,
        tempfile.TemporaryFile(buffering=0) as out_raw,
        tempfile.TemporaryFile(buffering=0) as err_raw,
    ):
        stdin = io.TextIOWrapper(io.BufferedReader(io.FileIO(stdin_raw.fileno(), closefd=False)), encoding="utf-8")
        stdout = io.TextIOWrapper(io.BufferedWriter(io.FileIO(out_raw.fileno(), "w", closefd=False)), encoding="utf-8")
        stderr = io.TextIOWrapper(
            io.BufferedWriter(io.FileIO(err_raw.fileno(), "w", closefd=False)), encoding="utf-8", errors="backslashreplace", line_buffering=True
        )
        saved = sys.stdin, sys.stdout, sys.stderr, os.getcwd()
        previous_alarm = signal.signal(signal.SIGALRM, _alarm)
        timed_out = False
        try:
            with _descriptors(stdin_raw, out_raw, err_raw), _fresh_logging(), warnings.catch_warnings():
                warnings.resetwarnings()
                for action, category, module in reversed(_DEFAULT_FILTERS):
                    warnings.filterwarnings(action, category=category, module=module or "")
                warnings.showwarning = lambda message, category, filename, lineno, file=None, line=None: stderr.write(
                    warnings.formatwarning(message, category, filename, lineno, line)
                )
                sys.stdin, sys.stdout, sys.stderr = stdin, stdout, stderr
                os.chdir(cwd)
                signal.setitimer(signal.ITIMER_REAL, timeout)
                try:
                    code = main(list(args))
                except SystemExit as e:
                    code = _exit_code(e, stderr)
                except _TimedOut:
                    timed_out = True
                    code = -signal.SIGALRM
                except BaseException:  # noqa: BLE001 - what escapes main() is what the interpreter would print
                    traceback.print_exc(file=stderr)
                    code = 1
                finally:
                    signal.setitimer(signal.ITIMER_REAL, 0)
                    for stream in (stdout, stderr):
                        try:
                            stream.flush()
                        except (OSError, ValueError):
                            pass  # closed by the command, as a process may close its own standard output
        finally:
            signal.signal(signal.SIGALRM, previous_alarm)
            sys.stdin, sys.stdout, sys.stderr = saved[:3]
            os.chdir(saved[3])
        out_raw.seek(0)
        err_raw.seek(0)
        output, errors = out_raw.read(), err_raw.read()
    if timed_out:
        raise subprocess.TimeoutExpired(command, timeout, output, errors)
    left = [t for t in set(threading.enumerate()) - threads if t.is_alive() and not t.daemon]
    for thread in left:
        thread.join(5)
    left = [t.name for t in left if t.is_alive()]
    assert not left, f"{command} left threads running that would keep its process alive: {left}"
    if text:
        # as subprocess.run(text=True) decodes: the locale's encoding (UTF-8 here), universal newlines
        return subprocess.CompletedProcess(command, code, _universal(output), _universal(errors))
    return subprocess.CompletedProcess(command, code, output, errors)


def _universal(data: bytes) -> str:
    return data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
