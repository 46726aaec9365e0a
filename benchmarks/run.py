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
SELECTIVE = [
    ("networks-of", {"organisation": "Synthetic University 5"}),
    ("members", {"network": "Synthetic Network 3", "year": 2015}),
    ("sources", {"organisation": "Synthetic University 5"}),
    ("partners-of", {"organisation": "Synthetic University 5"}),
    # a research centre: its members hold roles in awards, one membership per round (20 at every size)
    ("members", {"network": "Synthetic Research Centre 0"}),
]


def selective_label(name: str, params: dict) -> str:
    """How a selective query is named in the tables: the query and its parameters."""
    return f"{name} ({', '.join(f'{k}={v}' for k, v in params.items())})"


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
    elif mode == "store":
        import hspkg

        t, cpu = time.perf_counter(), time.process_time()
        kg = hspkg.load([path], store=extra)
        out["open"], out["open_cpu"] = time.perf_counter() - t, time.process_time() - cpu
        for name, params in SELECTIVE:
            # the organisation or network is found by name first, as a user gives it (an index look-up)
            t, cpu = time.perf_counter(), time.process_time()
            rows = len(kg.query(name, **params))
            out.setdefault("selective", {})[selective_label(name, params)] = (rows, time.perf_counter() - t, time.process_time() - cpu)
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

    def median(values: list[float]) -> float:
        return sorted(values)[len(values) // 2]

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


def folder_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 2**20


def stores(path: Path, scratch: Path, label: str, pairs: int, compact: bool = False) -> dict:
    """--store (with ``compact``, --store --compact) built from one file against raw pyoxigraph bulk-loading the same file into
    an on-disk store, in turn (ours, raw, ours, raw ...; each in a fresh process from an empty folder); then the selective queries
    on the built store, opened again in a fresh process."""
    import shutil

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
        label = selective_label(name, params)
        lines.append(f"| {label} | " + " | ".join(_s(r["store"]["selective"][label][1]) for r in results) + " |")
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
        times = " | ".join(_s(r[k]) for k in ("a_wall", "b_wall", "a_cpu", "b_cpu"))
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
        lines.append(f"| {format} | {_s(r['load'])} | {_s(r['export'])} | {_s(r['export_cpu'])} | {r['rss_mb']:.0f} MB |")
    return "\n".join(lines)


def selective_cell(runs: list[tuple[int, float, float]]) -> str:
    """A selective query's median wall time (and CPU) over its fresh-process runs, with its rows."""
    walls, cpus = sorted(r[1] for r in runs), sorted(r[2] for r in runs)
    return f"{_s(walls[len(walls) // 2])} (CPU {_s(cpus[len(cpus) // 2])}; {runs[0][0]:,} rows)"


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

    def median(values: list[float]) -> float:
        ordered = sorted(values)
        middle = len(ordered) // 2
        return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2

    for r in rows:
        ours, raw, a = [b for b, _ in r["runs"]], [w for _, w in r["runs"]], r["again"]
        cells = [
            str(len(r["runs"])),
            f"{r['load'][0]:.1f}–{r['load'][1]:.1f}",
            _s(median([b["build"] for b in ours])),
            _s(median([w["build"] for w in raw])),
            f"{median([b['build'] / w['build'] for b, w in r['runs']]):.2f}",
            f"{median([b['build_cpu'] / w['build_cpu'] for b, w in r['runs']]):.2f} "
            f"({_s(median([b['build_cpu'] for b in ours]))} ÷ {_s(median([w['build_cpu'] for w in raw]))})",
            f"{max(b['rss_mb'] for b in ours):.0f} MB",
            f"{max(w['rss_mb'] for w in raw):.0f} MB",
            f"{r['disk']:.0f} MB",
            f"{r['raw_disk']:.0f} MB",
            _s(median([x["open"] for x in a])),
            *(selective_cell([x["selective"][selective_label(name, params)] for x in a]) for name, params in SELECTIVE),
        ]
        lines.append(f"| {r['size']} | " + " | ".join(cells) + " |")
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
            tables["exports"] = exports_table(exports(path, scratch), "1M", _count(path))
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

    def median(values: list[float]) -> float:
        return sorted(values)[len(values) // 2]

    found = {f"{name}_{k}": median([pair[i][k] for pair in timings]) for i, name in enumerate(("turtle", "jsonld")) for k in ("wall", "cpu", "rss_mb")}
    found.update({f"ratio_{k}": median([j[k] / t[k] for t, j in timings]) for k in ("wall", "cpu")})
    return {**found, "runs": runs, "triples": _count(path)}


def jsonld_table(r: dict, label: str) -> str:
    return "\n".join(
        [
            f"The whole graph at {label} ({r['triples']:,} triples materialised) as JSON-LD against Turtle, each export in a fresh process, "
            f"in turn, medians of {r['runs']} runs: time and CPU beyond loading, the process's peak RSS (loading included):",
            "",
            "| format | wall | CPU | peak RSS |",
            "| --- | ---: | ---: | ---: |",
            f"| turtle | {_s(r['turtle_wall'])} | {_s(r['turtle_cpu'])} | {r['turtle_rss_mb']:.0f} MB |",
            f"| jsonld | {_s(r['jsonld_wall'])} | {_s(r['jsonld_cpu'])} | {r['jsonld_rss_mb']:.0f} MB |",
            f"| jsonld ÷ turtle | {r['ratio_wall']:.2f} | {r['ratio_cpu']:.2f} | |",
        ]
    )


def _count(path: Path) -> int:
    """Triples of the graph loaded from ``path``, inferences included."""
    done = subprocess.run(
        [sys.executable, "-c", "import sys, hspkg; print(len(hspkg.load([sys.argv[1]])))", str(path)], capture_output=True, text=True, check=True
    )
    return int(done.stdout)


if __name__ == "__main__":
    main()
