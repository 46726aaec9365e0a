"""The --store section of run.py: --store (and --store --compact) built against raw pyoxigraph's bulk load, then selective queries on it."""

from __future__ import annotations

import os
import shutil
import sys
import time
from pathlib import Path

from common import measure, median, seconds

SELECTIVE = [
    ("networks-of", {"organisation": "Synthetic University 5"}),
    ("members", {"network": "Synthetic Network 3", "year": 2015}),
    ("sources", {"organisation": "Synthetic University 5"}),
    ("partners-of", {"organisation": "Synthetic University 5"}),
    # a research centre: its members hold roles in awards, one membership per round (20 at every size)
    ("members", {"network": "Synthetic Research Centre 0"}),
]
STEPS = ("store", "build", "build-compact", "rawstore")  # run.py --worker hands these to step()


def selective_label(name: str, params: dict) -> str:
    """How a selective query is named in the tables: the query and its parameters."""
    return f"{name} ({', '.join(f'{k}={v}' for k, v in params.items())})"


def step(mode: str, path: str, extra: str) -> dict:
    """One of the STEPS, in the worker's process: open (or build) the store ``extra``, or bulk-load it raw."""
    out: dict = {}
    if mode == "store":
        import hspkg

        t, cpu = time.perf_counter(), time.process_time()
        kg = hspkg.load([path], store=extra)
        out["open"], out["open_cpu"] = time.perf_counter() - t, time.process_time() - cpu
        for name, params in SELECTIVE:
            # the organisation or network is found by name first, as a user gives it (an index look-up)
            t, cpu = time.perf_counter(), time.process_time()
            rows = len(kg.query(name, **params))
            out.setdefault("selective", {})[selective_label(name, params)] = (rows, time.perf_counter() - t, time.process_time() - cpu)
    elif mode in ("build", "build-compact"):
        import hspkg

        t, cpu = time.perf_counter(), time.process_time()
        hspkg.load([path], store=extra, compact=mode == "build-compact")
        out["build"], out["build_cpu"] = time.perf_counter() - t, time.process_time() - cpu
    elif mode == "rawstore":
        import pyoxigraph

        t, cpu = time.perf_counter(), time.process_time()
        store = pyoxigraph.Store(extra)
        store.bulk_load(path=path, format=pyoxigraph.RdfFormat.TURTLE)
        store.flush()
        out["build"], out["build_cpu"] = time.perf_counter() - t, time.process_time() - cpu
    return out


def folder_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 2**20


def stores(path: Path, scratch: Path, label: str, pairs: int, compact: bool = False) -> dict:
    """--store (with ``compact``, --store --compact) built from one file against raw pyoxigraph bulk-loading the same file into
    an on-disk store, in turn (ours, raw, ours, raw ...; each in a fresh process from an empty folder); then the selective queries
    on the built store, opened again in a fresh process."""
    ours, raw = scratch / f"{label}-ours.store", scratch / f"{label}-raw.store"
    label = f"{label} --compact" if compact else label
    runs = []
    load = [os.getloadavg()[0]]
    for i in range(pairs):
        print(f"{label}: --store build vs raw bulk load, pair {i + 1} of {pairs} ...", file=sys.stderr, flush=True)
        for folder in (ours, raw):
            shutil.rmtree(folder, ignore_errors=True)
        ours.mkdir()
        runs.append((measure("build-compact" if compact else "build", path, str(ours)), measure("rawstore", path, str(raw))))
        load.append(os.getloadavg()[0])
    disk, raw_disk = folder_mb(ours), folder_mb(raw)
    shutil.rmtree(raw, ignore_errors=True)
    print(f"{label}: selective queries on the built store ...", file=sys.stderr, flush=True)
    # each run a fresh process (the store opened again, its caches cold); the median of three, the machine being shared
    again = [measure("store", path, str(ours)) for _ in range(3)]
    load.append(os.getloadavg()[0])
    shutil.rmtree(ours, ignore_errors=True)
    return {"size": label, "runs": runs, "again": again, "disk": disk, "raw_disk": raw_disk, "load": (min(load), max(load))}


def selective_cell(runs: list[tuple[int, float, float]]) -> str:
    """A selective query's median wall time (and CPU) over its fresh-process runs, with its rows."""
    return f"{seconds(median([r[1] for r in runs]))} (CPU {seconds(median([r[2] for r in runs]))}; {runs[0][0]:,} rows)"


def stores_table(rows: list[dict]) -> str:
    lines = [
        "`--store` (and `--store --compact`) built from the generated Turtle file, against raw pyoxigraph bulk-loading the same file into an on-disk store "
        "(hspkg also materialises the RDFS closure), each in a fresh process, in turn (ours, raw, ours, raw ...): medians of the times "
        "and of the ratios pair by pair (CPU: the process's, threads included; the machine is shared, so CPU ratios are the ones to read), "
        "the highest peak RSS of each; then the selective queries on the built store, opened again in a fresh process, in the order "
        "given (the organisation or network found by its name first), three such processes: medians of the wall time and the CPU time:",
        "",
        "| size | pairs | load average | build | raw bulk load | build ÷ raw | build ÷ raw, CPU | peak RSS (build) | raw peak RSS "
        "| disk | raw disk | open again | " + " | ".join(selective_label(name, params) for name, params in SELECTIVE) + " |",
        "| --- |" + " ---: |" * (11 + len(SELECTIVE)),
    ]

    for r in rows:
        ours, raw, a = [b for b, _ in r["runs"]], [w for _, w in r["runs"]], r["again"]
        cells = [
            str(len(r["runs"])),
            f"{r['load'][0]:.1f}–{r['load'][1]:.1f}",
            seconds(median([b["build"] for b in ours])),
            seconds(median([w["build"] for w in raw])),
            f"{median([b['build'] / w['build'] for b, w in r['runs']]):.2f}",
            f"{median([b['build_cpu'] / w['build_cpu'] for b, w in r['runs']]):.2f} "
            f"({seconds(median([b['build_cpu'] for b in ours]))} ÷ {seconds(median([w['build_cpu'] for w in raw]))})",
            f"{max(b['rss_mb'] for b in ours):.0f} MB",
            f"{max(w['rss_mb'] for w in raw):.0f} MB",
            f"{r['disk']:.0f} MB",
            f"{r['raw_disk']:.0f} MB",
            seconds(median([x["open"] for x in a])),
            *(selective_cell([x["selective"][selective_label(name, params)] for x in a]) for name, params in SELECTIVE),
        ]
        lines.append(f"| {r['size']} | " + " | ".join(cells) + " |")
    return "\n".join(lines)
