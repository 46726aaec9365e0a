"""Progress bars for long steps, on stderr, only when a person is watching."""

from __future__ import annotations

import sys
from typing import Never

from tqdm import tqdm

# The command line turns this off with --quiet; a library caller may too.
enabled = True


def bar(total: int | None, description: str, unit: str = "B") -> tqdm[Never]:
    """A progress bar on stderr, silent when stderr is not a terminal or progress is off.

    >>> with bar(3, "counting", unit="it") as b:
    ...     b.update(3)
    """
    return tqdm(
        total=total,
        desc=description,
        unit=unit,
        unit_scale=True,
        unit_divisor=1024 if unit == "B" else 1000,
        disable=not (enabled and sys.stderr.isatty()),
        file=sys.stderr,
        leave=False,
    )
