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

from common import measure, median, seconds, times, triples
from jsonld_vs_turtle import jsonld_against_turtle, jsonld_table
from stores import SELECTIVE, STEPS, selective_label, step, stores, stores_table

SIZES = {"10k": 10_000, "25k": 25_000, "100k": 100_000, "1M": 1_000_000}
HUGE = {"10M": 10_000_000}
SYN_IRI = "https://w3id.org/hspkg/synthetic/org/5"  # Synthetic University 5, for a query that takes an IRI (describe)


def worker(mode: str, path: str, extra: str) -> dict:
    """One measurement, in its own process; returns timings and this process's peak RSS."""
    out: dict = {}
    started = time.perf_counter()
    if mode == "hspkg":
        import hspkg
        from hspkg import catalogue
        from hspkg.export import export

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
    elif mode in STEPS:
        out.update(step(mode, path, extra))
    elif mode == "export":
        import hspkg
        from hspkg.export import export

        format, _, output = extra.partition(":")
        kg = hspkg.load([path])
        out["load"] = time.perf_counter() - started
        t, cpu = time.perf_counter(), time.process_time()
        export(kg, format, output)
        out["export"] = time.perf_counter() - t
        out["export_cpu"] = time.process_time() - cpu  # the machine is shared: CPU is the steadier figure
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


def cli_seconds(*args: str, limit: float | None = None) -> float | None:
    """Wall time of a whole command, process start to last row."""
    started = time.perf_counter()
    try:
        subprocess.run(args, capture_output=True, timeout=limit, check=True)
    except subprocess.TimeoutExpired:
        return None
    return time.perf_counter() - started


def child(command: list[str]) -> tuple[float, float, float]:
    """One whole command: (wall seconds, CPU seconds of the process and what it waited for, peak RSS MB)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(process.pid, 0)
    return time.perf_counter() - started, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def pair(a: list[str], b: list[str], runs: int = 7) -> dict:
    """A and B in turn (A B A B ...), one warm-up each; medians of each and of the ratios pair by pair."""
    child(a), child(b)
    load = [os.getloadavg()[0]]
    timings = []
    for _ in range(runs):
        timings.append((child(a), child(b)))
        load.append(os.getloadavg()[0])

    return {
        "a_wall": median([x[0] for x, _ in timings]),
        "b_wall": median([y[0] for _, y in timings]),
        "a_cpu": median([x[1] for x, _ in timings]),
        "b_cpu": median([y[1] for _, y in timings]),
        "wall_ratio": median([x[0] / y[0] for x, y in timings]),
        "cpu_ratio": median([x[1] / y[1] for x, y in timings]),
        "runs": runs,
        "load": (min(load), max(load)),
    }


def commands(scratch: Path) -> list[tuple[str, dict]]:
    """Whole commands on the shipped data against their yardsticks: validate vs the pyshacl CLI, a query vs raw pyoxigraph."""
    import hspkg
    from hspkg.resources import shipped

    here = Path(__file__).parent
    bin_folder = Path(sys.executable).parent
    data = scratch / "shipped.nt"
    data.write_bytes(hspkg.load().dump() or b"")  # the same triples hspkg validates, inferences included
    print("whole commands: validate vs pyshacl, query vs raw pyoxigraph ...", file=sys.stderr, flush=True)
    return [
        (
            "`hspkg validate` ÷ `pyshacl -s shapes.ttl` on the same triples",
            pair([str(bin_folder / "hspkg"), "validate"], [str(bin_folder / "pyshacl"), "-s", str(shipped("ontology") / "shapes.ttl"), str(data)], runs=3),
        ),
        (
            "`hspkg query universities-trusts` ÷ raw pyoxigraph loading the same files and running the same text",
            pair(
                [str(bin_folder / "hspkg"), "query", "universities-trusts", "--format", "csv"],
                [sys.executable, str(here / "raw.py"), str(shipped("queries") / "universities-trusts.rq"), str(shipped("ontology")), str(shipped("data"))],
                runs=15,
            ),
        ),
    ]


EXPORTS = ["graphml", "gexf", "cytoscape", "csv", "html", "turtle", "jsonld"]


def exports(path: Path, scratch: Path) -> dict[str, dict]:
    """Each export format of the memberships view (turtle and jsonld: the whole graph) from one graph, each in a fresh process."""
    found = {}
    for format in EXPORTS:
        print(f"export {format} ...", file=sys.stderr, flush=True)
        target = scratch / (f"{format}-out" if format == "csv" else f"out.{format}")
        found[format] = measure("export", path, f"{format}:{target}")
    return found


def run(sizes: dict[str, int], limit: float) -> tuple[list[dict], str]:
    hspkg_command = str(Path(sys.executable).with_name("hspkg"))
    results = []
    with tempfile.TemporaryDirectory(prefix="hspkg-bench-") as scratch:
        for label, size in sizes.items():
            path = Path(scratch) / f"{label}.ttl"
            print(f"{label}: generating ...", file=sys.stderr, flush=True)
            generated = cli_seconds(hspkg_command, "--quiet", "generate", "--triples", str(size), "--seed", "7", "-o", str(path))
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
            f"| {r['size']} | {h['triples']:,} | {seconds(r['generate'])} | {seconds(h['load'])} | {seconds(ut)} | {seconds(theirs)} | {ours / theirs:.2f} "
            f"| {seconds(rdf and rdf['load'] + rdf['query'], limit)} | {times(r['e2e_hspkg'], r['e2e_rdflib'], limit)} "
            f"| {seconds(h['graphml'])} | {h['rss_mb']:.0f} MB |"
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
        cells = [f"{seconds(r['hspkg']['queries'][name][1])} ({r['hspkg']['queries'][name][0]:,})" for r in results]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "Selective queries on a persistent store (`--store`), after it is built:",
        "",
        "| | " + " | ".join(r["size"] for r in results) + " |",
        "| --- |" + " ---: |" * len(results),
    ]
    lines.append("| build the store | " + " | ".join(seconds(r["store_build"]["open"]) for r in results) + " |")
    lines.append("| open it again | " + " | ".join(seconds(r["store"]["open"]) for r in results) + " |")
    for name, params in SELECTIVE:
        label = selective_label(name, params)
        lines.append(f"| {label} | " + " | ".join(seconds(r["store"]["selective"][label][1]) for r in results) + " |")
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


def generated(scratch: Path, label: str, size: int) -> Path:
    path = scratch / f"{label}.ttl"
    if not path.exists():
        hspkg_command = str(Path(sys.executable).with_name("hspkg"))
        print(f"{label}: generating ...", file=sys.stderr, flush=True)
        cli_seconds(hspkg_command, "--quiet", "generate", "--triples", str(size), "--seed", "7", "-o", str(path))
    return path


def commands_table(rows: list[tuple[str, dict]]) -> str:
    lines = [
        "Whole commands on the shipped data, each pair run in turn (A B A B ...), medians (CPU: the process and what it waited for):",
        "",
        "| A ÷ B | runs | load average | A wall | B wall | A CPU | B CPU | ratio, wall | ratio, CPU |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for what, r in rows:
        times = " | ".join(seconds(r[k]) for k in ("a_wall", "b_wall", "a_cpu", "b_cpu"))
        load = f"{r['load'][0]:.1f}–{r['load'][1]:.1f}"
        lines.append(f"| {what} | {r['runs']} | {load} | {times} | {r['wall_ratio']:.2f} | {r['cpu_ratio']:.2f} |")
    return "\n".join(lines)


def exports_table(found: dict[str, dict], label: str, triples: int) -> str:
    lines = [
        f"Exports at {label} ({triples:,} triples materialised), each in a fresh process: time beyond loading, and the process's peak RSS "
        "(network formats draw the memberships view; turtle and jsonld write the whole graph):",
        "",
        "| format | load | export beyond loading | its CPU | peak RSS |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for format, r in found.items():
        lines.append(f"| {format} | {seconds(r['load'])} | {seconds(r['export'])} | {seconds(r['export_cpu'])} | {r['rss_mb']:.0f} MB |")
    return "\n".join(lines)


SECTIONS = ("results", "commands", "exports", "stores", "jsonld")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--worker", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--huge", action="store_true", help="also build a --store at 10^7 triples (minutes, GBs of disk)")
    parser.add_argument("--pairs", type=int, default=5, help="stores: builds at 10^6 run in turn with raw bulk loads (default 5)")
    parser.add_argument("--huge-pairs", type=int, default=1, help="stores: the same at 10^7 (default 1: minutes each)")
    parser.add_argument("--only", choices=SECTIONS, action="append", help="run only this section (repeatable); the others keep their tables")
    parser.add_argument("--rdflib-limit", type=float, default=120, help="seconds plain rdflib may take per size (default 120)")
    parser.add_argument("--write", action="store_true", help="put the tables in benchmarks/README.md")
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(*args.worker)))
        return
    wanted = args.only or list(SECTIONS)
    stamp = f"Run on {time.strftime('%Y-%m-%d')}: {machine()}."
    tables: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="hspkg-bench-") as folder:
        scratch = Path(folder)
        if "results" in wanted:
            _, text = run(SIZES, args.rdflib_limit)
            tables["results"] = text
        if "commands" in wanted:
            tables["commands"] = commands_table(commands(scratch))
        if "exports" in wanted:
            path = generated(scratch, "1M", SIZES["1M"])
            tables["exports"] = exports_table(exports(path, scratch), "1M", triples(path))
        if "stores" in wanted:
            sized = [("1M", SIZES["1M"], args.pairs)] + ([("10M", HUGE["10M"], args.huge_pairs)] if args.huge else [])
            rows = [stores(generated(scratch, label, size), scratch, label, pairs, compact) for label, size, pairs in sized for compact in (False, True)]
            tables["stores"] = stores_table(rows)
        if "jsonld" in wanted:
            tables["jsonld"] = jsonld_table(jsonld_against_turtle(generated(scratch, "1M", SIZES["1M"]), scratch), "1M")
    for text in tables.values():
        print(f"{stamp}\n\n{text}\n")
    if args.write:
        # only the tables between each section's markers change: the reading of them stays
        readme = Path(__file__).with_name("README.md")
        text = readme.read_text()
        for name, table in tables.items():
            head, found, rest = text.partition(f"<!-- {name} -->")
            if not found:
                text += f"\n<!-- {name} -->\n<!-- /{name} -->\n"
                head, _, rest = text.partition(f"<!-- {name} -->")
            tail = rest.partition(f"<!-- /{name} -->")[2]
            text = f"{head}<!-- {name} -->\n{stamp}\n\n{table}\n<!-- /{name} -->{tail}"
        readme.write_text(text)


if __name__ == "__main__":
    main()
