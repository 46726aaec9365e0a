"""benchmarks/load.py, run tiny: the load script of issue 13 (finding 5) works and reports what it should.

Its figures (p50/p99 against bare Oxigraph at 64 clients, CPU left after a timed-out
query) are measured by hand into benchmarks/README.md; here nothing is timed, only
that every server answered every request, the time limit gave a 503 and the table is
drawn from the figures. Tiny is the
least that runs every part as the measured runs do: a synthetic graph of a few hundred
triples given with --data, a selective query bound with --param, two clients, one
warm-up answer, two rounds (the second in the other order), the shortest time limit.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).parents[1] / "benchmarks" / "load.py"


def test_the_load_benchmark_measures_both_servers(run, tmp_path: Path):
    made = run("generate", "--partnerships", "2", "--organisations", "4", "--members-per", "2", "-o", str(tmp_path / "tiny.ttl"))
    assert made.returncode == 0, made.stderr
    argv = ["--data", str(tmp_path / "tiny.ttl"), "--query", "sources", "--param", "organisation=Synthetic University 0"]
    argv += ["--clients", "2", "--requests", "4", "--warm-up", "1", "--rounds", "2", "--limit", "1", "--watch", "0.1", "--json"]
    done = subprocess.run([sys.executable, str(SCRIPT), *argv], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    figures = json.loads(done.stdout)
    assert figures["data"] == str(tmp_path / "tiny.ttl") and figures["query"] == "sources"
    for name in ("bare", "hspkg", "hspkg_disk"):
        assert [r["answers"] for r in figures[name]["rounds"]] == [4, 4], name  # the warm-up answer is not counted
        assert figures[name]["failures"] == 0
        assert 0 < figures[name]["p50"] <= figures[name]["p99"]
    assert figures["hspkg"]["timeout"]["status"] == figures["hspkg_disk"]["timeout"]["status"] == "503"
    assert {"ratio_p50", "ratio_p99", "ratio_p50_disk", "ratio_p99_disk"} <= set(figures)
    # the table --write puts in benchmarks/README.md, drawn from these figures (not written here)
    spec = importlib.util.spec_from_file_location("load_benchmark", SCRIPT)
    assert spec and spec.loader
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    table = script.table(figures)
    assert "| p50 latency |" in table and "2 rounds of 4 timed answers" in table and "query past the 1 s limit" in table
    assert table.count("(HTTP 503)") == 2 and table.count("(HTTP ") == 3  # bare Oxigraph: whatever it did
