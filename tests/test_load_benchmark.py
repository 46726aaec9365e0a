"""benchmarks/load.py, run tiny: the load script of issue 13 (finding 5) works and reports what it should.

Its figures (p50/p99 against bare Oxigraph at 64 clients, CPU left after a timed-out
query) are measured by hand into benchmarks/README.md; here nothing is timed, only
that every server answered every request and the time limit gave a 503.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).parents[1] / "benchmarks" / "load.py"


def test_the_load_benchmark_measures_both_servers():
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--clients", "2", "--requests", "8", "--seconds", "60", "--watch", "0.1", "--json"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    figures = json.loads(done.stdout)
    for name in ("bare", "hspkg", "hspkg_disk"):
        assert figures[name]["answers"] == 8 and figures[name]["failures"] == 0
        assert 0 < figures[name]["p50"] <= figures[name]["p99"]
    assert figures["hspkg"]["timeout"]["status"] == figures["hspkg_disk"]["timeout"]["status"] == "503"
    assert {"ratio_p50", "ratio_p99", "ratio_p50_disk", "ratio_p99_disk"} <= set(figures)
