"""The JSON-LD section of run.py: the whole graph as JSON-LD against Turtle."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from common import median, seconds, triples

# JSON-LD against Turtle (issue 21: ≤ 3× Turtle's time, ≤ 1.5 GB): both exports of the whole graph, each in a
# fresh process, in turn (Turtle, JSON-LD, Turtle, ...); time and CPU beyond loading, the process's peak RSS.
JSONLD_PROBE = """
import json, resource, sys, time
import hspkg
from hspkg.export import export
kg = hspkg.load([sys.argv[1]])
wall, cpu = time.perf_counter(), time.process_time()
export(kg, sys.argv[2], sys.argv[3])
wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
print(json.dumps({"wall": wall, "cpu": cpu, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def jsonld_against_turtle(path: Path, scratch: Path, runs: int = 3) -> dict:
    """Medians of each and of the ratios run by run, after one warm-up of each."""
    print("jsonld against turtle ...", file=sys.stderr, flush=True)

    def one(format: str) -> dict:
        done = subprocess.run(
            [sys.executable, "-c", JSONLD_PROBE, str(path), format, str(scratch / f"whole.{format}")], capture_output=True, text=True, check=True
        )
        return json.loads(done.stdout.splitlines()[-1])

    one("turtle"), one("jsonld")
    timings = [(one("turtle"), one("jsonld")) for _ in range(runs)]

    found = {f"{name}_{k}": median([pair[i][k] for pair in timings]) for i, name in enumerate(("turtle", "jsonld")) for k in ("wall", "cpu", "rss_mb")}
    found.update({f"ratio_{k}": median([j[k] / t[k] for t, j in timings]) for k in ("wall", "cpu")})
    return {**found, "runs": runs, "triples": triples(path)}


def jsonld_table(r: dict, label: str) -> str:
    return "\n".join(
        [
            f"The whole graph at {label} ({r['triples']:,} triples materialised) as JSON-LD against Turtle, each export in a fresh process, "
            f"in turn, medians of {r['runs']} runs: time and CPU beyond loading, the process's peak RSS (loading included):",
            "",
            "| format | wall | CPU | peak RSS |",
            "| --- | ---: | ---: | ---: |",
            f"| turtle | {seconds(r['turtle_wall'])} | {seconds(r['turtle_cpu'])} | {r['turtle_rss_mb']:.0f} MB |",
            f"| jsonld | {seconds(r['jsonld_wall'])} | {seconds(r['jsonld_cpu'])} | {r['jsonld_rss_mb']:.0f} MB |",
            f"| jsonld ÷ turtle | {r['ratio_wall']:.2f} | {r['ratio_cpu']:.2f} | |",
        ]
    )
