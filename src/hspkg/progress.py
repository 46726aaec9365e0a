"""Progress bars for long steps, on stderr, only when a person is watching."""

from __future__ import annotations

import sys
from types import TracebackType
from typing import Protocol

# The command line turns this off with --quiet; a library caller may too.
enabled = True


class Progress(Protocol):
    """What a step reports its progress to: a tqdm bar, or nothing."""

    def update(self, n: float = 1) -> bool | None: ...

    def __enter__(self) -> Progress: ...

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None: ...


class _Unseen:
    """No bar: nobody is watching, so tqdm is not even imported (it costs start-up time)."""

    def update(self, n: float = 1) -> None:
        pass

    def __enter__(self) -> _Unseen:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        pass


def bar(total: int | None, description: str, unit: str = "B") -> Progress:
    """A progress bar on stderr, silent when stderr is not a terminal or progress is off.

    >>> with bar(3, "counting", unit="it") as b:
    ...     b.update(3)
    """
    if not (enabled and sys.stderr.isatty()):
        return _Unseen()
    from tqdm import tqdm

    return tqdm(total=total, desc=description, unit=unit, unit_scale=True, unit_divisor=1024 if unit == "B" else 1000, file=sys.stderr, leave=False)
