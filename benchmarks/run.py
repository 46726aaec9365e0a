"""hspkg benchmarks: synthetic graphs from 10^4 to 10^6 triples (10^7 with --huge), timed in one run.

For each size: generate, load + materialise, every catalogue query, the GraphML
export, selective queries on a persistent store, peak memory; and the same
universities-trusts query text run by raw pyoxigraph over the same file and by
plain rdflib (with a time limit). Each measurement runs in a fresh process, so
peak RSS is that step's own. Prints a table of times and ratios; --write puts it
in benchmarks/README.md. Run by hand, never as a test:

    python benchmarks/run.py [--huge] [--rdflib-limit 120] [--write]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SIZES = {"10k": 10_000, "25k": 25_000, "100k": 100_000, "1M": 1_000_000}
HUGE = {"10M": 10_000_000}
SYN_IRI = "https://w3id.org/hspkg/synthetic/org/5"  # Synthetic University 5, for a query that takes an IRI (describe)
TRIPLES_PER_PARTNERSHIP = 285  # with ten organisations a partnership and ten members each, names and kinds reified with their sources
SELECTIVE = [
    ("networks-of", {"organisation": "Synthetic University 5"}),
    ("members", {"network": "Synthetic Network 3", "year": 2015}),
    ("sources", {"organisation": "Synthetic University 5"}),
]


def worker(mode: str, path: str, extra: str) -> dict:
    """One measurement, in its own process; returns timings and this process's peak RSS."""
    out: dict = {}
    started = time.perf_counter()
    if mode == "hspkg":
        import hspkg
        from hspkg import catalogue
        from hspkg.exporters import export

        t = time.perf_counter()
        kg = hspkg.load([path])
        out["load"] = time.perf_counter() - t
        out["triples"] = len(kg)
        for name, query in catalogue.queries().items():
            params = {p.name: SYN_IRI if p.type == "iri" else "Synthetic University 5" for p in query.params if p.required}
            t = time.perf_counter()
            out.setdefault("queries", {})[name] = (len(kg.query(name, **params)), time.perf_counter() - t)
        t = time.perf_counter()
        export(kg, "graphml", extra)
        out["graphml"] = time.perf_counter() - t
    elif mode == "store":
        import hspkg

        t = time.perf_counter()
        kg = hspkg.load([path], store=extra)
        out["open"] = time.perf_counter() - t
        for name, params in SELECTIVE:
            t = time.perf_counter()
            rows = len(kg.query(name, **params))
            out.setdefault("selective", {})[name] = (rows, time.perf_counter() - t)
    elif mode in ("raw", "rdflib"):
        from hspkg import catalogue

        text = catalogue.get("universities-trusts").text
        t = time.perf_counter()
        if mode == "raw":
            import pyoxigraph

            store = pyoxigraph.Store()
            store.bulk_load(path=path, format=pyoxigraph.RdfFormat.TURTLE)
            out["load"] = time.perf_counter() - t
            t = time.perf_counter()
            out["rows"] = sum(1 for _ in store.query(text))
        else:
            import rdflib

            graph = rdflib.Graph().parse(path, format="turtle")
            out["load"] = time.perf_counter() - t
            t = time.perf_counter()
            out["rows"] = sum(1 for _ in graph.query(text))
        out["query"] = time.perf_counter() - t
    out["total"] = time.perf_counter() - started
    out["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def measure(mode: str, path: Path, extra: str = "", limit: float | None = None) -> dict | None:
    """Run a worker; None if it passed the time limit."""
    command = [sys.executable, __file__, "--worker", mode, str(path), extra]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=limit, check=True)
    except subprocess.TimeoutExpired:
        return None
    return json.loads(done.stdout.splitlines()[-1])


def cli_seconds(*args: str, limit: float | None = None) -> float | None:
    """Wall time of a whole command, process start to last row."""
    started = time.perf_counter()
    try:
        subprocess.run(args, capture_output=True, timeout=limit, check=True)
    except subprocess.TimeoutExpired:
        return None
    return time.perf_counter() - started


def run(sizes: dict[str, int], limit: float) -> tuple[list[dict], str]:
    hspkg_command = str(Path(sys.executable).with_name("hspkg"))
    results = []
    with tempfile.TemporaryDirectory(prefix="hspkg-bench-") as scratch:
        for label, size in sizes.items():
            partnerships = max(1, size // TRIPLES_PER_PARTNERSHIP)
            path = Path(scratch) / f"{label}.ttl"
            print(f"{label}: generating ...", file=sys.stderr, flush=True)
            generated = cli_seconds(
                hspkg_command,
                "--quiet",
                "generate",
                "--partnerships",
                str(partnerships),
                "--organisations",
                str(partnerships * 10),
                "--seed",
                "7",
                "-o",
                str(path),
            )
            row = {"size": label, "generate": generated}
            print(f"{label}: hspkg, raw pyoxigraph, rdflib ...", file=sys.stderr, flush=True)
            row["hspkg"] = measure("hspkg", path, str(Path(scratch) / f"{label}.graphml"))
            row["store_build"] = measure("store", path, str(Path(scratch) / f"{label}.store"))
            row["store"] = measure("store", path, str(Path(scratch) / f"{label}.store"))
            row["raw"] = measure("raw", path)
            row["rdflib"] = measure("rdflib", path, limit=limit)
            row["e2e_hspkg"] = cli_seconds(hspkg_command, "--quiet", "query", "universities-trusts", "--data", str(path), "--format", "csv")
            row["e2e_rdflib"] = (row["rdflib"] or {}).get("total")
            results.append(row)
    return results, table(results, limit)


def _s(seconds: float | None, limit: float | None = None) -> str:
    if seconds is None:
        return f"> {limit:g} s" if limit else "-"
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def _x(a: float | None, b: float | None, limit: float | None = None) -> str:
    if a is None:
        return "-"
    if b is None:
        return f"> {limit / a:.0f}×" if limit else "-"
    return f"{b / a:.2f}×" if b / a < 10 else f"{b / a:.0f}×"


def table(results: list[dict], limit: float) -> str:
    lines = [
        "| size | triples (materialised) | generate | load + materialise | universities-trusts | raw pyoxigraph load + same query "
        "| hspkg ÷ raw (load + query) | plain rdflib load + same query | rdflib ÷ hspkg, end to end | GraphML export | peak RSS |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        h, raw = r["hspkg"], r["raw"]
        ut = h["queries"]["universities-trusts"][1]
        ours = h["load"] + ut
        theirs = raw["load"] + raw["query"]
        rdf = r["rdflib"]
        lines.append(
            f"| {r['size']} | {h['triples']:,} | {_s(r['generate'])} | {_s(h['load'])} | {_s(ut)} | {_s(theirs)} | {ours / theirs:.2f} "
            f"| {_s(rdf and rdf['load'] + rdf['query'], limit)} | {_x(r['e2e_hspkg'], r['e2e_rdflib'], limit)} | {_s(h['graphml'])} | {h['rss_mb']:.0f} MB |"
        )
    names = sorted(results[0]["hspkg"]["queries"])
    lines += [
        "",
        "Every catalogue query (embedded, in-memory store; rows in brackets):",
        "",
        "| query | " + " | ".join(r["size"] for r in results) + " |",
        "| --- |" + " ---: |" * len(results),
    ]
    for name in names:
        cells = [f"{_s(r['hspkg']['queries'][name][1])} ({r['hspkg']['queries'][name][0]:,})" for r in results]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "Selective queries on a persistent store (`--store`), after it is built:",
        "",
        "| | " + " | ".join(r["size"] for r in results) + " |",
        "| --- |" + " ---: |" * len(results),
    ]
    lines.append("| build the store | " + " | ".join(_s(r["store_build"]["open"]) for r in results) + " |")
    lines.append("| open it again | " + " | ".join(_s(r["store"]["open"]) for r in results) + " |")
    for name, params in SELECTIVE:
        label = f"{name} ({', '.join(f'{k}={v}' for k, v in params.items())})"
        lines.append(f"| {label} | " + " | ".join(_s(r["store"]["selective"][name][1]) for r in results) + " |")
    lines.append("| peak RSS of a selective run | " + " | ".join(f"{r['store']['rss_mb']:.0f} MB" for r in results) + " |")
    return "\n".join(lines)


def machine() -> str:
    model = (
        next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")), platform.processor())
        if Path("/proc/cpuinfo").exists()
        else platform.processor()
    )
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    import pyoxigraph
    import rdflib

    return (
        f"{os.cpu_count()} cores ({model}), {memory:.0f} GiB, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, pyoxigraph {pyoxigraph.__version__}, rdflib {rdflib.__version__}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--worker", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--huge", action="store_true", help="add 10^7 triples")
    parser.add_argument("--rdflib-limit", type=float, default=120, help="seconds plain rdflib may take per size (default 120)")
    parser.add_argument("--write", action="store_true", help="put the table in benchmarks/README.md")
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(*args.worker)))
        return
    _, text = run({**SIZES, **(HUGE if args.huge else {})}, args.rdflib_limit)
    report = f"Run on {time.strftime('%Y-%m-%d')}: {machine()}.\n\n{text}\n"
    print(report)
    if args.write:
        # only the tables between the markers change: the reading of them, and the load section, stay
        readme = Path(__file__).with_name("README.md")
        text = readme.read_text()
        head, _, rest = text.partition("<!-- results -->")
        tail = rest.partition("<!-- /results -->")[2]
        readme.write_text(f"{head}<!-- results -->\n{report}<!-- /results -->{tail}")


if __name__ == "__main__":
    main()
