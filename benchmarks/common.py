"""What the sections of run.py share: a step in a fresh process, medians, and how times and ratios are written."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

RUN = Path(__file__).with_name("run.py")  # its --worker runs one step


def measure(mode: str, path: Path, extra: str = "", limit: float | None = None) -> dict | None:
    """Run a worker (a step of ``run.py --worker``) in a fresh process; None if it passed the time limit."""
    command = [sys.executable, str(RUN), "--worker", mode, str(path), extra]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=limit, check=True)
    except subprocess.TimeoutExpired:
        return None
    return json.loads(done.stdout.splitlines()[-1])


def median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def seconds(value: float | None, limit: float | None = None) -> str:
    if value is None:
        return f"> {limit:g} s" if limit else "-"
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def times(a: float | None, b: float | None, limit: float | None = None) -> str:
    """How many times ``a`` ``b`` is (``> limit ÷ a`` if ``b`` passed the limit)."""
    if a is None:
        return "-"
    if b is None:
        return f"> {limit / a:.0f}×" if limit else "-"
    return f"{b / a:.2f}×" if b / a < 10 else f"{b / a:.0f}×"


def triples(path: Path) -> int:
    """Triples of the graph loaded from ``path``, inferences included."""
    done = subprocess.run(
        [sys.executable, "-c", "import sys, hspkg; print(len(hspkg.load([sys.argv[1]])))", str(path)], capture_output=True, text=True, check=True
    )
    return int(done.stdout)
