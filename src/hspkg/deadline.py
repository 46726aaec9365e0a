"""A deadline for a whole call, not for each read: an endpoint that drips one byte a second is still cut off.

Socket timeouts limit each wait for data; a server that keeps sending a little
never trips them. :func:`within` runs the call in a thread and stops waiting at
the deadline; the call is told through ``cancelled`` so that it stops sending.

>>> within(1.0, lambda cancelled: 6 * 7, lambda: TimeoutError("late"))
42
>>> import time
>>> within(0.1, lambda cancelled: time.sleep(5), lambda: TimeoutError("no answer within 0.1 s"))
Traceback (most recent call last):
...
TimeoutError: no answer within 0.1 s
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def within(seconds: float, call: Callable[[threading.Event], T], expired: Callable[[], BaseException]) -> T:
    """``call(cancelled)``'s value or exception, or ``expired()`` raised once ``seconds`` have passed.

    A call still running at the deadline is left to end on its own in a daemon
    thread (its socket timeouts end it), with ``cancelled`` set.
    """
    cancelled = threading.Event()
    outcome: dict[str, object] = {}

    def run() -> None:
        try:
            outcome["value"] = call(cancelled)
        except BaseException as e:  # noqa: BLE001 - handed to the caller's thread, raised there
            outcome["error"] = e

    worker = threading.Thread(target=run, daemon=True, name="hspkg-deadline")
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        cancelled.set()
        raise expired()
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["value"]  # type: ignore[return-value]
