"""`hspkg serve`'s one guarded request path (issues 17 and 20): pages, VoID and the dump under the
workers' time limit, pages in linear time, VoID counted once and addressed from configuration,
the headers of every response, and the smaller defects of the pages and the query page.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
import rdflib

from browser import needs_chromium
from servers import alive, cpu_over, free_port, installed, running, tree_cpu, until
from test_linked_data import fetch

VOID = rdflib.Namespace("http://rdfs.org/ns/void#")
DATASET = rdflib.URIRef("https://w3id.org/hspkg/dataset")


@pytest.fixture(scope="module")
def large(tmp_path_factory):
    """``hspkg serve --timeout 1`` over a synthetic graph (README, "Large data") of 353,153 triples: its URL, process and triples written.

    The least that shows what a million did (this file once served 1.2 million): past the 250,000 triples
    the workers hold in memory, so they open an on-disk store; a kind's page costs 4 CPU seconds (4 times
    the limit); and the front, which loaded the graph to write that store, would hold some 200 MB had it
    kept a copy.
    """
    folder = tmp_path_factory.mktemp("large")
    data = folder / "large.ttl"
    made = subprocess.run(
        [installed("hspkg"), "generate", "--partnerships", "1080", "--organisations", "10800", "--seed", "7", "-o", str(data)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert made.returncode == 0, made.stderr
    written = int(re.search(r"wrote (\d+) triples", made.stderr)[1])  # type: ignore[index]
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [installed("hspkg"), "serve", "--port", str(port), "--timeout", "1", "--workers", "2", "--data", str(data)]
    with running(command, f"{url}/sparql?query=ASK%7B%7D", seconds=600, env={**os.environ, "TMPDIR": str(folder)}) as process:
        yield url, process, written


# issue 20 item 2 / issue 17 finding 6: a kind's page took minutes in the front, with no limit
def test_a_page_past_the_limit_on_a_large_graph_is_503_within_a_second_of_it_and_frees_its_cpu(large):
    url, process, _ = large
    # the server counts VoID in a worker as it starts (seconds at this size): once done, nothing else runs
    until(lambda: fetch(f"{url}/.well-known/void")[0] == 200, "VoID counted", 300, 0.05)
    workers = set(tree_cpu(process.pid)) - {process.pid}
    started = time.monotonic()
    status, _, body = fetch(f"{url}/doc/kind/nhs-trust.html")
    waited = time.monotonic() - started
    assert (status, body) == (503, b"the query did not finish within 1 s\n")
    assert waited < 2, f"answered after {waited:.1f} s"
    # the worker of the page is killed; what is left is the replacement opening the store (0.06 CPU s when measured)
    until(lambda: not all(alive(pid) for pid in workers), "the worker of the page killed")
    busy = cpu_over(process.pid, 1.0)
    assert busy < 0.5, f"{busy:.2f} CPU seconds used in the second after the page's 503"
    # whether a thing is known is one index look-up, whatever its page costs
    status, headers, _ = fetch(f"{url}/id/kind/nhs-trust", "text/html", follow=False)
    assert (status, headers["location"]) == (303, "/doc/kind/nhs-trust.html")


# issue 20 item 2: VoID counted five whole-graph figures on every request, in the front
def test_void_is_counted_once_in_a_worker_and_kept(large):
    url, process, written = large
    deadline = time.monotonic() + 300
    while (first := fetch(f"{url}/.well-known/void"))[0] != 200:
        assert first[0] == 503 and first[1].get("retry-after"), first
        assert time.monotonic() < deadline, "VoID was never counted"
        time.sleep(0.05)
    described = rdflib.Graph().parse(data=first[2], format="turtle")
    assert described.value(DATASET, VOID.triples).toPython() > written  # with the ontology and what is inferred
    # with every worker stopped, the kept description still answers: nothing is counted again
    family = [p for p in tree_cpu(process.pid) if p != process.pid]
    for pid in family:
        os.kill(pid, signal.SIGSTOP)
    try:
        started = time.monotonic()
        again = fetch(f"{url}/.well-known/void")
        took = time.monotonic() - started
    finally:
        for pid in family:
            if alive(pid):
                os.kill(pid, signal.SIGCONT)
    assert again[0] == 200 and again[2] == first[2]
    print(f"/.well-known/void, kept: {1000 * took:.1f} ms")


class Counted(list):
    """A list that counts how often it is walked through."""

    walks = 0

    def __iter__(self):
        Counted.walks += 1
        return super().__iter__()


def walks_for(kind: str, facts: int) -> int:
    """How often building one page walks the description's triples: a kind's page with ``facts`` reified
    claims of that kind, or a network's page with ``facts`` memberships."""
    from pyoxigraph import Literal, NamedNode

    from hspkg import linkeddata

    rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    org = "http://www.w3.org/ns/org#"
    iri = linkeddata.ID + ("kind/nhs-trust" if kind == "kind" else "org/network")
    triples = Counted()
    for n in range(facts):
        source = NamedNode(f"https://example.org/source/{n}")
        if kind == "kind":
            claim = NamedNode(f"{linkeddata.ID}org/t{n}#kind")
            triples += [(claim, NamedNode(rdf + "object"), NamedNode(iri)), (claim, NamedNode(rdf + "type"), NamedNode(rdf + "Statement"))]
        else:
            claim = NamedNode(f"{linkeddata.ID}membership/network-t{n}")
            triples += [(claim, NamedNode(org + "organization"), NamedNode(iri)), (claim, NamedNode(org + "member"), NamedNode(f"{linkeddata.ID}org/t{n}"))]
        triples.append((claim, NamedNode(linkeddata.PROV_SOURCE), source))
    triples.append((NamedNode(iri), NamedNode(linkeddata.LABEL), Literal("the resource")))
    description = linkeddata.Description(iri, triples)
    Counted.walks = 0
    linkeddata.page(description)
    return Counted.walks


# issue 17 finding 6: a page looked up each fact's kinds and sources by walking every triple
@pytest.mark.parametrize("kind", ["kind", "network"])
def test_a_page_walks_its_triples_a_fixed_number_of_times_whatever_their_number(kind):
    assert walks_for(kind, 100) == walks_for(kind, 400)


def test_every_response_says_nosniff_and_every_html_one_has_a_policy(served):
    for path, accept in [
        ("/", None),
        ("/sparql?query=ASK%7B%7D", None),
        ("/health", None),
        ("/id/org/ucl", "text/html"),
        ("/doc/org/ucl.html", None),
        ("/doc/org/ucl.ttl", None),
        ("/doc/org/atlantis.html", None),
        ("/ontology", "text/html"),
        ("/ontology", "text/turtle"),
        ("/.well-known/void", None),
        ("/context.jsonld", None),
        ("/static/editor.js", None),
        ("/no/such/page", None),
    ]:
        status, headers, _ = fetch(served + path, accept, follow=False)
        headers = {k.lower(): v for k, v in headers.items()}
        assert headers.get("x-content-type-options") == "nosniff", (path, status)
        if headers.get("content-type", "").startswith("text/html"):
            assert "default-src" in headers.get("content-security-policy", ""), (path, status)


# issue 17 finding 8: the Host header set the endpoint and dump addresses in VoID
def test_void_addresses_come_from_configuration_not_the_host_header(served):
    request = urllib.request.Request(f"{served}/.well-known/void", headers={"Host": "evil.example"})
    with urllib.request.urlopen(request, timeout=60) as response:
        described = rdflib.Graph().parse(data=response.read(), format="turtle")
    assert described.value(DATASET, VOID.sparqlEndpoint) == rdflib.URIRef(f"{served}/sparql")
    assert described.value(DATASET, VOID.dataDump) == rdflib.URIRef(f"{served}/dump.nt")


@pytest.fixture(scope="module")
def configured(tmp_path_factory):
    """``hspkg serve --on-disk --base-url https://kg.example/hspkg`` of the shipped data: its URL, and its temporary folder."""
    folder = tmp_path_factory.mktemp("configured")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [installed("hspkg"), "serve", "--port", str(port), "--on-disk", "--base-url", "https://kg.example/hspkg"]
    with running(command, f"{url}/sparql?query=ASK%7B%7D", env={**os.environ, "TMPDIR": str(folder)}):
        yield url, folder


def test_base_url_sets_the_addresses_void_gives(configured):
    url, _ = configured
    answer = until(lambda: (void := fetch(f"{url}/.well-known/void"))[0] == 200 and void, "VoID counted", 60, 0.05)
    described = rdflib.Graph().parse(data=answer[2], format="turtle")
    assert described.value(DATASET, VOID.sparqlEndpoint) == rdflib.URIRef("https://kg.example/hspkg/sparql")


def test_a_base_url_that_is_not_a_web_address_is_refused(run):
    done = run("serve", "--base-url", "javascript:alert(1)", "--port", str(free_port()), timeout=60)
    assert done.returncode == 2 and done.stderr.count("\n") == 1 and "--base-url" in done.stderr, done.stderr


# issue 17 finding 8: /id/org/ucl%23ror redirected to a page that failed
def test_an_escaped_hash_iri_leads_to_the_part_of_its_page(served):
    status, headers, _ = fetch(f"{served}/id/org/ucl%23ror", "text/html", follow=False)
    assert (status, headers["location"]) == (303, "/doc/org/ucl.html#ror")
    status, _, body = fetch(served + headers["location"])
    assert status == 200 and b'id="ror"' in body
    status, headers, _ = fetch(f"{served}/id/org/ucl%23nothing", "text/html", follow=False)
    assert status == 404


# issue 17 finding 8: `serve --host 256.1.1.1` blamed --port
def test_a_host_that_cannot_be_listened_on_is_blamed(run):
    done = run("serve", "--host", "256.1.1.1", "--port", str(free_port()), timeout=60)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "--host" in done.stderr and "--port" not in done.stderr, done.stderr


# issue 17 finding 8: /?example=constructor (or __proto__, toString) broke the query page
@needs_chromium
@pytest.mark.parametrize("name", ["constructor", "__proto__", "toString"])
def test_an_example_named_like_an_object_property_leaves_the_page_working(served, browser, name):
    dom = browser.render(f"{served}/?example={name}", "document.body.dataset.ready === 'yes'")
    assert 'data-ready="yes"' in dom
    assert browser.errors == []  # no uncaught script error
    # nothing ran: an example asked for opens in a tab of its own before the page is ready (then two tabs), and is answered
    assert browser.evaluate("document.querySelectorAll('[role=tab]').length") == 1
    assert not re.search(r'data-answered="\d', dom)


# issue 20 item 2: /dump.nt was written from the front's own copy of the graph on every request
def test_the_dump_of_an_on_disk_store_is_written_once_by_a_worker(configured, kg):
    url, folder = configured
    deadline = time.monotonic() + 60
    while (answer := fetch(f"{url}/dump.nt"))[0] != 200:
        assert answer[0] == 503 and time.monotonic() < deadline, answer
        time.sleep(0.05)
    again = fetch(f"{url}/dump.nt")
    kept = list(folder.glob("hspkg-serve-*/whole-graph/dump-*"))
    assert len(rdflib.Graph().parse(data=answer[2], format="nt")) == len(kg)
    assert again[2] == answer[2] and len(kept) == 1


def resident(pid: int) -> int:
    line = next(x for x in Path(f"/proc/{pid}/status").read_text().splitlines() if x.startswith("VmRSS:"))
    return int(line.split()[1]) * 1024


# issue 20 item 2: the front held its own copy of the graph for its pages (680 MB at 1.2M triples),
# and freeing it made SIGTERM at this size take over 2 s; the last test on this server
def test_the_front_keeps_no_copy_of_the_graph_and_stops_within_2_s(large):
    _, process, _ = large
    front = resident(process.pid)
    started = time.monotonic()
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=30)
    took = time.monotonic() - started
    assert front < 120 << 20, f"the front holds {front >> 20} MB over a graph of 353,153 triples"
    assert took < 2.0, f"stopped {took:.1f} s after SIGTERM"
    assert "hspkg: stopped (SIGTERM)" in process.stderr.read().decode()


# issue 17 item 4: links only to http(s); a javascript: or data: source or identifier is text on a page
def test_a_script_or_data_source_is_shown_as_text_not_a_link(tmp_path):
    from hspkg import linkeddata, load

    data = tmp_path / "odd.ttl"
    data.write_text(
        "@prefix prov: <http://www.w3.org/ns/prov#> . @prefix schema: <https://schema.org/> .\n"
        "<https://w3id.org/hspkg/id/org/odd> <http://www.w3.org/2000/01/rdf-schema#label> 'Odd' ;\n"
        "  prov:wasDerivedFrom <javascript:alert(1)> , <data:text/html,hi> ;\n"
        "  schema:identifier <https://w3id.org/hspkg/id/org/odd#id> .\n"
        "<https://w3id.org/hspkg/id/org/odd#id> schema:propertyID 'X' ; schema:value 'javascript:alert(2)' ;\n"
        "  prov:wasDerivedFrom <data:text/html,there> .\n",
        encoding="utf-8",
    )
    page = linkeddata.html(linkeddata.describe(load([data]), "https://w3id.org/hspkg/id/org/odd")).decode()
    links = re.findall(r'href="([^"]*)"', page)
    assert links and not [h for h in links if not h.startswith(("/", "http://", "https://", "#"))], links
    assert "javascript:alert(1)" in page and "javascript:alert(2)" in page
