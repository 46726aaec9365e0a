"""Load on `hspkg serve` against bare Oxigraph, on loopback: latency at many clients, and CPU left after a timeout.

Both servers hold the same triples (the shipped data with its inferences, as
`hspkg export --format ntriples` writes them): `hspkg serve` (front and query
workers) and `oxigraph serve-read-only` on a store loaded from that file.

1. Latency: CLIENTS threads, each on its own keep-alive connection, send the
   universities-trusts catalogue query (JSON results) until REQUESTS answers
   or SECONDS have passed, after WARM_UP answers that are not counted; p50,
   p99, answers per second and the CPU each answer costs the server's
   processes, for each server. The three
   servers run side by side, idle but for the one under load, and take turns
   for ROUNDS rounds (bare, hspkg, hspkg --on-disk, then the other way round),
   so that each ratio hspkg ÷ bare is of two runs minutes apart on a shared
   machine; the ratios given are the medians of the rounds' (targets at 64
   clients: p50 at most 1.5, p99 at most 1, answers per second at least 0.9).
   hspkg serve is measured once it has counted the graph for VoID, which it
   does once, at start, in a worker (20 s at 10^6 triples).
   Meanwhile one more client asks the same query alone every LONE_EVERY
   seconds, each time on a new connection (as curl or a person's page
   would): the latency of a query made now while a script keeps the server
   busy. Its p50 is of every such answer that came while the load ran, over
   all rounds; with LONE, the clients go on (untimed) until the lone client
   has that many answers a round.
2. Time limit: a query far past both servers' LIMIT (2 s; a four-fold cross
   product under COUNT) is sent once; after its answer, the CPU seconds the
   server's processes go on using are summed over the next WATCH seconds
   (target: under 1 s; Oxigraph cannot interrupt this aggregate and keeps a
   core busy, so it is measured last, and stopped after).

Loopback only, bounded in count and time; run by hand, never as a test (the
suite runs it once, tiny, to see that it works):

    python benchmarks/load.py [--clients 64] [--requests 3200] [--warm-up 32] [--seconds 120] [--rounds 3] [--limit 2] [--watch 10]
                              [--lone-every 0.05] [--lone 0] [--serve-option '--fair-after 0'] [--json] [--write]
                              [--data FILE] [--query NAME] [--param NAME=VALUE ...]

`--data` serves that file instead of the shipped graph (a synthetic one of 10^6 triples:
`hspkg generate`), and `--query` sends that catalogue query with its `--param`s bound,
as hspkg binds them, in the same text to every server (a selective one: `networks-of
--param organisation=...`).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import ExitStack, contextmanager
from pathlib import Path

HERE = Path(__file__).parent
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def command(name: str) -> str:
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if not found:
        sys.exit(f"{name} is not installed: pip install '.[serve]'")
    return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def started(argv: list[str]):
    """The server ``argv``, started (not yet answering), stopped on leaving."""
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        yield process
    finally:
        process.terminate()
        process.wait(timeout=30)


def wait_ready(process: subprocess.Popen, url: str, ready: str | None = None) -> None:
    """Wait until ``url`` answers ASK {} (and ``ready``, if given, answers 200)."""
    deadline = time.monotonic() + 900  # hspkg serve builds its store first: minutes at 10^6 on a busy machine
    for probe in [f"{url}?query=ASK%7B%7D", *([ready] if ready else [])]:
        while True:
            try:
                urllib.request.urlopen(probe, timeout=30).read()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"{process.args[0]} did not start") from None
                time.sleep(0.05)


def tree_cpu(pid: int) -> dict[int, float]:
    """CPU seconds so far of ``pid`` and its living descendants (Linux /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    parents, used = {}, {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents[int(entry.name)] = int(fields[1])
            used[int(entry.name)] = (int(fields[11]) + int(fields[12])) / ticks
    family = {pid}
    while more := {c for c, p in parents.items() if p in family} - family:
        family |= more
    return {p: used[p] for p in family if p in used}


def load(url: str, query: str, clients: int, requests: int, seconds: float, warm_up: int, lone_every: float = 0.05, lone_wanted: int = 0) -> dict:
    """Latencies of ``requests`` answers (at most ``seconds``) from ``clients`` threads, after ``warm_up`` answers; and those
    of one more client's requests, one every ``lone_every`` seconds on a new connection, answered while the load ran (the
    clients go on, untimed, until there are ``lone_wanted`` of those)."""
    parts = urllib.parse.urlsplit(url)
    body = urllib.parse.urlencode({"query": query}).encode()
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"}
    latencies: list[float] = []
    failures = sent = 0
    lock = threading.Lock()
    budget = [requests + warm_up]
    stop = time.monotonic() + seconds
    lone: list[float] = []
    last = [0.0]  # when the last timed answer came

    def connect() -> http.client.HTTPConnection:
        return http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)

    def answered(connection: http.client.HTTPConnection) -> bool:
        """Send the query on ``connection`` and read the whole answer: whether it was 200 (False, the connection closed, if it failed)."""
        try:
            connection.request("POST", parts.path, body, headers)
            response = connection.getresponse()
            response.read()
            return response.status == 200
        except (OSError, http.client.HTTPException):
            connection.close()
            return False

    def client() -> None:
        nonlocal failures, sent
        connection = connect()
        while time.monotonic() < stop:
            with lock:
                if budget[0] <= 0 and len(lone) >= lone_wanted:
                    break
                budget[0] -= 1
                # the first warm_up are not timed, nor those past the budget (load kept up for the lone client)
                timed = 0 <= budget[0] < requests
            started = time.perf_counter()
            ok = answered(connection)  # (a connection it closed opens again with the next request)
            took = time.perf_counter() - started
            with lock:
                sent += 1
                if not ok:
                    failures += 1
                elif timed:
                    latencies.append(took)
                    last[0] = max(last[0], time.perf_counter())
        connection.close()

    finished = threading.Event()

    def alone() -> None:
        nonlocal sent
        while not finished.wait(lone_every):
            started = time.perf_counter()
            connection = connect()
            ok = answered(connection)
            connection.close()
            took = time.perf_counter() - started
            with lock:
                sent += 1  # the server's CPU was spent on it too
                if ok and not finished.is_set():  # answered under the load, not after it
                    lone.append(took)

    began = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    other = threading.Thread(target=alone)
    other.start()
    for t in threads:
        t.join()
    wall = (last[0] or time.perf_counter()) - began
    finished.set()
    other.join()
    latencies.sort()
    pick = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] if latencies else float("nan")  # noqa: E731
    return {
        "answers": len(latencies),
        "sent": sent,  # the warm-up's requests and failures too: what the server's CPU was spent on
        "failures": failures,
        "p50": statistics.median(latencies) if latencies else float("nan"),
        "p99": pick(0.99),
        "per_second": len(latencies) / wall,
        "lone": lone,
    }


def after_timeout(url: str, pid: int, limit: int, watch: float) -> dict:
    """Send the heavy query; then the CPU seconds the server goes on using over ``watch`` seconds."""
    started = time.monotonic()
    request = urllib.request.Request(url, urllib.parse.urlencode({"query": HEAVY}).encode(), {"Accept": "application/sparql-results+json"})
    # a client that gives up at twice the limit and a second (5 s at 2 s), as a front would: bare Oxigraph does not answer this one
    try:
        with urllib.request.urlopen(request, timeout=2 * limit + 1) as response:
            status, head = str(response.status), response.read()[:80]
    except urllib.error.HTTPError as e:
        status, head = str(e.code), e.read()[:80]
    except TimeoutError:
        status, head = "none: client gave up", b""
    answered = time.monotonic() - started
    before = tree_cpu(pid)
    time.sleep(watch)
    after = tree_cpu(pid)
    busy = sum(t - before.get(p, 0.0) for p, t in after.items())
    return {"status": status, "answered_after": answered, "cpu_after": busy, "watched": watch, "said": head.decode("utf-8", "replace").strip()}


def loaded(url: str, pid: int, query: str, args: argparse.Namespace) -> dict:
    """One server's latencies under load, with the CPU its processes used for each answer and the load average."""
    before, began = tree_cpu(pid), os.getloadavg()[0]
    result = load(url, query, args.clients, args.requests, args.seconds, args.warm_up, args.lone_every, args.lone)
    after = tree_cpu(pid)
    used = sum(t - before.get(p, 0.0) for p, t in after.items())
    return {**result, "cpu_ms": 1000 * used / max(1, result["sent"]), "load_average": (began + os.getloadavg()[0]) / 2}


def summary(rounds: list[dict]) -> dict:
    """A server's figures over the rounds: medians, failures summed, the fewest answers of a round; the lone client's p50 over
    all its answers (a few a round)."""
    middle = {k: statistics.median(r[k] for r in rounds) for k in ("p50", "p99", "per_second", "cpu_ms", "load_average")}
    lone = [t for r in rounds for t in r["lone"]]
    return {
        **middle,
        "answers": min(r["answers"] for r in rounds),
        "failures": sum(r["failures"] for r in rounds),
        "lone_p50": statistics.median(lone) if lone else float("nan"),
        "lone_answers": len(lone),
        "rounds": rounds,
    }


def measure(args: argparse.Namespace) -> dict:
    from hspkg import catalogue
    from hspkg import load as load_graph

    query = catalogue.get(args.query)
    params = dict(p.split("=", 1) for p in args.param)
    # bound as hspkg binds it (an organisation's name looked up first): every server gets the same text
    text = query.bind(load_graph([args.data] if args.data else None)._found(query, params)) if params else query.text
    data = ["--data", args.data] if args.data else []
    given = [a for option in args.serve_option for a in option.split()]  # e.g. --fair-after 0, to compare
    results: dict = {
        "clients": args.clients,
        "requests": args.requests,
        "query": args.query,
        "params": args.param,
        "data": args.data or "shipped",
        "limit": args.limit,
        "lone_every": args.lone_every,
        "serve_options": given,
    }
    results["load_average_before"] = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="hspkg-load-") as scratch, ExitStack() as running:
        dump = Path(scratch) / "all.nt"
        subprocess.run([command("hspkg"), "export", "--format", "ntriples", "-o", str(dump), *data], check=True)
        subprocess.run([command("oxigraph"), "load", "--location", f"{scratch}/store", "--file", str(dump)], check=True, capture_output=True)
        bare_port, front_port, disk_port = free_port(), free_port(), free_port()
        limit = str(args.limit)
        targets = {
            "bare": (
                [command("oxigraph"), "serve-read-only", "--location", f"{scratch}/store", "--bind", f"127.0.0.1:{bare_port}", "--timeout-s", limit],
                f"http://127.0.0.1:{bare_port}/query",
            ),
            "hspkg": ([command("hspkg"), "serve", "--port", str(front_port), "--timeout", limit, *data, *given], f"http://127.0.0.1:{front_port}/sparql"),
            # the same engine on the same kind of store as bare Oxigraph: what the front itself costs
            "hspkg_disk": (
                [command("hspkg"), "serve", "--port", str(disk_port), "--timeout", limit, "--on-disk", *data, *given],
                f"http://127.0.0.1:{disk_port}/sparql",
            ),
        }
        # started together (each is idle once ready, before any is measured): their start-ups overlap
        print(f"starting {', '.join(targets)} ...", file=sys.stderr, flush=True)
        processes = {name: running.enter_context(started(argv)) for name, (argv, _) in targets.items()}
        for name, (_, url) in targets.items():
            wait_ready(processes[name], url, url.replace("/sparql", "/.well-known/void") if name != "bare" else None)
        runs: dict[str, list[dict]] = {name: [] for name in targets}
        for round in range(args.rounds):
            # the order turns every other round (bare first, then bare last), so that no server always runs in the same slot
            for name, (_, url) in list(targets.items())[:: 1 if round % 2 == 0 else -1]:
                print(f"round {round + 1}: {name}, {args.clients} clients ...", file=sys.stderr, flush=True)
                runs[name].append(loaded(url, processes[name].pid, text, args))
        # bare Oxigraph last: it goes on computing the timed-out query until it is stopped
        for name, (_, url) in reversed(targets.items()):
            results[name] = summary(runs[name])
            results[name]["timeout"] = after_timeout(url, processes[name].pid, args.limit, args.watch)
    results["load_average_after"] = os.getloadavg()[0]
    # each ratio is of one round's pair of runs; the median of the rounds' ratios is given
    for name in ("hspkg", "hspkg_disk"):
        suffix = name.removeprefix("hspkg")
        pairs = list(zip(runs[name], runs["bare"], strict=True))
        for q in ("p50", "p99", "per_second", "cpu_ms"):
            # a few answers may cost bare Oxigraph less than a clock tick of CPU: no ratio then (NaN), not a crash
            results[f"ratio_{q}{suffix}"] = statistics.median(h[q] / b[q] if b[q] else float("nan") for h, b in pairs)
        # the lone client's answers are a few a round: its p50 is over all of them, and the ratio of those
        results[f"ratio_lone_p50{suffix}"] = results[name]["lone_p50"] / results["bare"]["lone_p50"]
    return results


def table(r: dict) -> str:
    ms = lambda s: f"{s * 1000:.0f} ms"  # noqa: E731
    machine = f"{os.cpu_count()} cores, Linux {platform.release()}, Python {platform.python_version()}"
    b, h, d = r["bare"], r["hspkg"], r["hspkg_disk"]
    rows = [
        f"Run on {time.strftime('%Y-%m-%d')}: {machine}; {r['clients']} clients, {len(b['rounds'])} rounds of {r['requests']} timed answers"
        f" for each server in turn ({' '.join([r['query'], *r['params']])}, JSON; data: {r['data']}"
        f"{'; hspkg serve ' + ' '.join(r['serve_options']) if r.get('serve_options') else ''}); medians of the rounds,"
        f" each ratio the median of the rounds' ratios; load average {r['load_average_before']:.1f} before, {r['load_average_after']:.1f} after"
        f" ({min(x['load_average'] for x in b['rounds'] + h['rounds'] + d['rounds']):.1f}"
        f"–{max(x['load_average'] for x in b['rounds'] + h['rounds'] + d['rounds']):.1f} during the runs).",
        "",
        "| | bare Oxigraph (on disk) | hspkg serve (default: in memory up to 250,000 triples) | ÷ bare | hspkg serve --on-disk | ÷ bare | target |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    rows += [
        f"| p50 latency | {ms(b['p50'])} | {ms(h['p50'])} | {r['ratio_p50']:.2f} | {ms(d['p50'])} | {r['ratio_p50_disk']:.2f} | ≤ 1.5 |",
        f"| p99 latency | {ms(b['p99'])} | {ms(h['p99'])} | {r['ratio_p99']:.2f} | {ms(d['p99'])} | {r['ratio_p99_disk']:.2f} | ≤ 1 |",
        f"| answers per second | {b['per_second']:.0f} | {h['per_second']:.0f} | {r['ratio_per_second']:.2f}"
        f" | {d['per_second']:.0f} | {r['ratio_per_second_disk']:.2f} | ≥ 0.9 |",
        f"| CPU per answer (the server's processes) | {b['cpu_ms']:.2f} ms | {h['cpu_ms']:.2f} ms | {r['ratio_cpu_ms']:.2f}"
        f" | {d['cpu_ms']:.2f} ms | {r['ratio_cpu_ms_disk']:.2f} | |",
        f"| one more client alone, a new connection every {r['lone_every']:g} s during the load: p50"
        f" ({b['lone_answers']}, {h['lone_answers']} and {d['lone_answers']} answers) | {ms(b['lone_p50'])} | {ms(h['lone_p50'])}"
        f" | {r['ratio_lone_p50']:.2f} | {ms(d['lone_p50'])} | {r['ratio_lone_p50_disk']:.2f} | |",
        f"| failed requests | {b['failures']} | {h['failures']} | | {d['failures']} | | 0 |",
        f"| query past the {r['limit']} s limit answered after | {b['timeout']['answered_after']:.1f} s (HTTP {b['timeout']['status']})"
        f" | {h['timeout']['answered_after']:.1f} s (HTTP {h['timeout']['status']}) | |"
        f" {d['timeout']['answered_after']:.1f} s (HTTP {d['timeout']['status']}) | | |",
        f"| CPU used in the {h['timeout']['watched']:g} s after that answer | {b['timeout']['cpu_after']:.2f} s"
        f" | {h['timeout']['cpu_after']:.2f} s | | {d['timeout']['cpu_after']:.2f} s | | < 1 s |",
        "",
        "Each round's ratios (p50, p99, answers per second; hspkg ÷ bare, then --on-disk ÷ bare): "
        + "; ".join(
            f"{hh['p50'] / bb['p50']:.2f} {hh['p99'] / bb['p99']:.2f} {hh['per_second'] / bb['per_second']:.2f}"
            f" / {dd['p50'] / bb['p50']:.2f} {dd['p99'] / bb['p99']:.2f} {dd['per_second'] / bb['per_second']:.2f}"
            for bb, hh, dd in zip(b["rounds"], h["rounds"], d["rounds"], strict=True)
        )
        + ".",
    ]
    return "\n".join(rows) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=64)
    parser.add_argument("--requests", type=int, default=3200, help="timed answers per server and round")
    parser.add_argument("--warm-up", type=int, default=32, help="answers before the timed ones, not counted")
    parser.add_argument("--seconds", type=float, default=120, help="at most this long per server and round")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of the three servers in turn")
    parser.add_argument("--limit", type=int, default=2, help="both servers' query time limit, whole seconds (as Oxigraph takes it)")
    parser.add_argument("--watch", type=float, default=10, help="seconds of CPU watched after the timed-out query")
    parser.add_argument("--lone-every", type=float, default=0.05, help="seconds between the lone client's requests during the load")
    parser.add_argument("--lone", type=int, default=0, help="the load goes on, untimed, until the lone client has this many answers a round")
    parser.add_argument("--data", help="serve this RDF file instead of the shipped graph")
    parser.add_argument("--query", default="universities-trusts", help="the catalogue query every client sends")
    parser.add_argument("--param", action="append", default=[], help="NAME=VALUE, a parameter of --query")
    parser.add_argument("--serve-option", action="append", default=[], help="options for both hspkg servers, e.g. '--fair-after 0'")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--write", action="store_true", help="put the table in benchmarks/README.md")
    args = parser.parse_args()
    results = measure(args)
    print(json.dumps(results, indent=1) if args.json else table(results))
    if args.write:
        readme = HERE / "README.md"
        text = readme.read_text()
        start, end = "<!-- load -->\n", "<!-- /load -->\n"
        head, _, rest = text.partition(start)
        _, _, tail = rest.partition(end)
        readme.write_text(head + start + table(results) + end + tail)


if __name__ == "__main__":
    main()
