"""Drawing a view without the cyclic garbage collector's passes.

A view at 10^6 triples is built of a few hundred thousand small dicts, lists and
tuples (rows, then nodes and edges with their attributes) that all live until the
export ends. Each collection of the oldest generation walks every one of them, and
CPython runs one after so many new containers survive: at 10^6 triples those walks
were a third of the export's time (issue 21). Nothing a view builds needs the
collector (reference counting frees it: no cycles), so it is paused while a view
is built, drawn and written, and runs again afterwards as before.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


@contextmanager
def paused() -> Iterator[None]:
    """The collector paused for the block, and resumed only if it was running (blocks nest).

    >>> with paused():
    ...     with paused():
    ...         inner = gc.isenabled()
    ...     outer = gc.isenabled()
    >>> inner, outer, gc.isenabled()
    (False, False, True)
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def uncollected(function: Callable[P, R]) -> Callable[P, R]:
    """``function``, run with the collector paused (see :func:`paused`).

    >>> @uncollected
    ... def running() -> bool:
    ...     return gc.isenabled()
    >>> running(), gc.isenabled()
    (False, True)
    """

    @wraps(function)
    def pausing(*args: P.args, **kwargs: P.kwargs) -> R:
        with paused():
            return function(*args, **kwargs)

    return pausing
