"""Headless Chromium (Debian's package) for the tests that need a real browser; absent, they skip."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # Chromium's own traffic (updates, clock, autofill, sign-in, safe browsing), so that what a
    # page requests is all that leaves it
    "--disable-features=AutofillServerCommunication,NetworkTimeServiceQuerying,OptimizationHints,Translate,MediaRouter",
    "--disable-client-side-phishing-detection",
    "--disable-default-apps",
    "--disable-domain-reliability",
    "--disable-extensions",
    "--disable-component-extensions-with-background-pages",
    "--no-pings",
    "--no-default-browser-check",
    "--safebrowsing-disable-auto-update",
    "--metrics-recording-only",
]
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="no Chromium on this machine (.ci/run installs Debian's chromium)")


def chromium(*args: str, profile: Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM
    return subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args], capture_output=True, text=True, timeout=timeout)


def crossing(boxes: list[tuple[str, dict[str, float]]]) -> list[tuple[str, str]]:
    """The pairs of names whose boxes (``x1``, ``y1``, ``x2``, ``y2``, as the browser measures them) overlap."""
    return [
        (a, b)
        for i, (a, one) in enumerate(boxes)
        for b, two in boxes[i + 1 :]
        if min(one["x2"], two["x2"]) > max(one["x1"], two["x1"]) and min(one["y2"], two["y2"]) > max(one["y1"], two["y1"])
    ]
