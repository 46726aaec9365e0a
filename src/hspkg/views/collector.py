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
from collections.abc import Callable
from functools import wraps
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


def uncollected(function: Callable[P, R]) -> Callable[P, R]:
    """``function``, run with the collector paused (and resumed only if it was running: calls nest).

    >>> @uncollected
    ... def running() -> bool:
    ...     return gc.isenabled()
    >>> running(), gc.isenabled()
    (False, True)
    """

    @wraps(function)
    def paused(*args: P.args, **kwargs: P.kwargs) -> R:
        if not gc.isenabled():
            return function(*args, **kwargs)
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            gc.enable()

    return paused
