"""One formats layer: one table, one negotiator, one canonical JSON-LD writer, used by the CLI, the exports and the server."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph
import pytest
import rdflib
from rdflib.compare import isomorphic

from expected import ORG
from hspkg import jsonld
from hspkg.formats import EXPORT, FORMATS, PAGE, RDF, RESULTS, choose, formats, get, negotiate
from hspkg.writers import LOADERS, writer_for

SOURCE = Path(jsonld.__file__).parent


def fetch(url: str, accept: str | None = None, data: bytes | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, data=data, headers={"Accept": accept} if accept else {})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def test_the_formats_are_in_one_table_and_chosen_by_one_negotiator():
    """What `grep -rn "FORMATS\\|MEDIA_TYPES\\|def negotiate" src/` shows: formats.py alone."""
    found = []
    for path in sorted(SOURCE.rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"FORMATS|MEDIA_TYPES|def negotiate", line):
                found.append(f"{path.relative_to(SOURCE)}:{number}")
    assert found and {place.split(":")[0] for place in found} == {"formats.py"}, found


def test_every_format_names_a_writer_and_every_writer_writes_a_format():
    """The table (formats.py) names each writer by a key of hspkg.writers: a key that names nothing fails here, not at a user's export."""
    named = {f.written_by for f in FORMATS} | {key for f in FORMATS for _, key in f.flavours}
    assert named == set(LOADERS)
    for f in FORMATS:
        for flavour in (None, *dict(f.flavours)):
            assert callable(writer_for(f, flavour)), (f.name, flavour)


def test_the_documents_of_a_worker_do_not_import_the_worker():
    """The import circle documents ↔ worker is gone: a page is made without the worker's module."""
    probe = "import json, sys\nimport hspkg.documents\nprint(json.dumps(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, cwd="/")
    assert done.returncode == 0, done.stderr
    assert "hspkg.worker" not in json.loads(done.stdout)


@pytest.mark.parametrize(
    "use, accept, expected",
    [
        (PAGE, "text/turtle;q=0.9, application/ld+json", "jsonld"),
        (PAGE, "text/html,application/xhtml+xml,*/*;q=0.8", "html"),
        (PAGE, "application/xhtml+xml", "html"),
        (PAGE, "*/*", "html"),
        (PAGE, None, "html"),
        (PAGE, "text/turtle;q=0, */*;q=0.1", "html"),
        (PAGE, "image/png", None),
        (RESULTS, "application/json", "json"),
        (RESULTS, "text/csv;q=0.5, application/sparql-results+json", "json"),
        (RESULTS, "text/tab-separated-values", "tsv"),
        (RESULTS, "text/*", "xml"),
        (RESULTS, "text/plain", None),  # the people's table is not served
        (RDF, "text/plain", "ntriples"),
        (RDF, "application/ld+json", "jsonld"),
        (RDF, "", "turtle"),
    ],
)
def test_one_negotiator_chooses_for_pages_results_and_triples(use, accept, expected):
    chosen = negotiate(accept, formats(use, served=True))
    assert (chosen.name if chosen else None) == expected


@pytest.mark.parametrize(
    "use, asked, path, expected",
    [
        (RESULTS, None, "answer.srx", "xml"),
        (RESULTS, None, "answer.JSON", "json"),
        (RESULTS, None, "answer.txt", "table"),
        (PAGE, "ttl", None, "turtle"),
        (PAGE, "json", None, "jsonld"),
        (EXPORT, "json", None, "json"),  # in an export, json is the node-link network
        (EXPORT, None, "graph.ttl", "turtle"),
        (EXPORT, None, "graph.jsonld", "jsonld"),
        (EXPORT, None, "network.cyjs", "cytoscape"),
        (EXPORT, None, "notes.md", None),
        (PAGE, "xml", None, None),  # RDF/XML is offered for CONSTRUCT answers, not as a page
    ],
)
def test_a_format_is_named_by_its_name_an_alias_or_an_extension(use, asked, path, expected):
    chosen = choose(use, asked, path)
    assert (chosen.name if chosen else None) == expected


def test_the_w3c_formats_are_named_as_pyoxigraph_names_them():
    for format in formats(RESULTS) + formats(RDF):
        if format.oxigraph is not None:
            assert format.media_type == format.oxigraph.media_type.partition(";")[0]
            assert format.extensions[0] == format.oxigraph.file_extension


def test_an_export_without_a_format_takes_it_from_the_extension(run, tmp_path, kg):
    assert run("export", "-o", "graph.ttl").returncode == 0
    back = pyoxigraph.parse(path=str(tmp_path / "graph.ttl"), format=pyoxigraph.RdfFormat.TURTLE)
    assert sum(1 for _ in back) == len(kg)
    assert run("export", "-o", "graph.jsonld").returncode == 0
    assert json.loads((tmp_path / "graph.jsonld").read_text(encoding="utf-8"))["@context"] == jsonld.context()
    assert run("export", "-o", "network.gexf").returncode == 0
    assert b"<gexf" in (tmp_path / "network.gexf").read_bytes()[:400]


def test_an_unknown_format_is_bad_input_naming_the_formats_there_are():
    with pytest.raises(Exception, match=r"format='nope': no such format; the formats are: table, json, xml, csv, tsv"):
        get(RESULTS, "nope")


def test_a_construct_answer_in_json_ld_is_our_canonical_compacted_json_ld(served):
    query = "CONSTRUCT { ?s ?p ?o } WHERE { VALUES ?s { <https://w3id.org/hspkg/id/org/ucl> } ?s ?p ?o }"
    data = urllib.parse.urlencode({"query": query}).encode()
    status, headers, body = fetch(f"{served}/sparql", "application/ld+json", data)
    assert status == 200 and headers["content-type"].startswith("application/ld+json")
    document = json.loads(body)
    assert document["@context"] == jsonld.context()
    ucl = next(node for node in document["@graph"] if node["@id"] == ORG + "ucl")
    assert ucl["label"] == "University College London"
    status, _, turtle = fetch(f"{served}/sparql", "text/turtle", data)
    assert status == 200
    assert isomorphic(rdflib.Graph().parse(data=body, format="json-ld"), rdflib.Graph().parse(data=turtle, format="turtle"))


def test_a_jsonld_page_is_sorted_nodes_keys_and_values(served):
    """The canonical writer sorts: nodes by their line, keys and each key's values."""
    status, _, body = fetch(f"{served}/doc/org/ucl.jsonld")
    assert status == 200
    lines = graph_lines(body.decode("utf-8"))
    assert len(lines) > 10 and lines == sorted(lines)
    for node in json.loads(body)["@graph"]:
        keys = [k for k in node if k != "@id"]
        assert keys == sorted(keys), node["@id"]
        for values in node.values():
            if isinstance(values, list):
                texts = [json.dumps(v, sort_keys=True, ensure_ascii=False) for v in values]
                assert texts == sorted(texts), node["@id"]


def test_the_jsonld_page_of_ucl_is_the_same_bytes_whatever_the_hash_seed(tmp_path):
    from servers import free_port, installed, running

    pages = []
    for seed in ("1", "2"):
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        with running([installed("hspkg"), "serve", "--port", str(port), "--workers", "1"], f"{base}/sparql?query=ASK%7B%7D", env=env):
            status, _, body = fetch(f"{base}/doc/org/ucl.jsonld")
            assert status == 200
            pages.append(body)
    assert pages[0] == pages[1]
    back = rdflib.Graph().parse(data=pages[0], format="json-ld")
    assert (rdflib.URIRef(ORG + "ucl"), rdflib.RDFS.label, rdflib.Literal("University College London")) in back


# Every character a literal may hold: Oxigraph's N-Triples escapes exactly what JSON escapes, which the
# writer relies on to copy a literal's quoted form into the JSON as it stands.
ODD = "".join(chr(c) for c in range(0x80)) + "\u0085\u00a0\u2028\u2029é\U0001f600\\u0041\\\\"


def test_every_character_of_a_literal_reads_back_from_the_json_ld():
    subject, predicate = pyoxigraph.NamedNode(ORG + "odd"), pyoxigraph.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    triples = [
        pyoxigraph.Triple(subject, predicate, pyoxigraph.Literal(ODD)),
        pyoxigraph.Triple(subject, predicate, pyoxigraph.Literal(ODD, language="en")),
        pyoxigraph.Triple(
            subject, pyoxigraph.NamedNode("http://example.org/p"), pyoxigraph.Literal(ODD, datatype=pyoxigraph.NamedNode("http://example.org/t"))
        ),
    ]
    text = jsonld.serialize(pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES))
    assert {quad.triple for quad in pyoxigraph.parse(text, format=pyoxigraph.RdfFormat.JSON_LD)} == set(triples)
    assert ODD in json.loads(text)["@graph"][0]["label"]


def graph_lines(text: str) -> list[str]:
    """The node lines of a document the canonical writer wrote (one node a line)."""
    return text.split('"@graph": [\n', 1)[1].rsplit("\n ]", 1)[0].split(",\n")


def test_the_ontology_in_json_ld_is_written_by_the_one_writer():
    from hspkg import ontodocs

    text = ontodocs.rdf("jsonld").decode("utf-8")
    lines = graph_lines(text)
    assert len(lines) > 50 and lines == sorted(lines) and all(line.startswith('  {"@id": ') for line in lines)
    assert isomorphic(rdflib.Graph().parse(data=text, format="json-ld"), ontodocs.ontology())


def test_a_triple_term_is_refused_not_written_as_broken_json():
    from hspkg.errors import WorkError

    inner = pyoxigraph.Triple(pyoxigraph.NamedNode(ORG + "a"), pyoxigraph.NamedNode(ORG + "b"), pyoxigraph.Literal("a literal with <<( in it"))
    fine = pyoxigraph.Triple(pyoxigraph.NamedNode(ORG + "a"), pyoxigraph.NamedNode(ORG + "c"), pyoxigraph.Literal("text <<( )>> ."))
    assert json.loads(jsonld.serialize(pyoxigraph.serialize([inner, fine], format=pyoxigraph.RdfFormat.N_TRIPLES)))["@graph"]
    nested = pyoxigraph.Triple(pyoxigraph.NamedNode(ORG + "s"), pyoxigraph.NamedNode(ORG + "p"), inner)
    with pytest.raises(WorkError, match=r"JSON-LD cannot hold an RDF 1\.2 triple term"):
        jsonld.serialize(pyoxigraph.serialize([nested], format=pyoxigraph.RdfFormat.N_TRIPLES))


def test_the_ontology_page_leaves_the_root_logger_as_it_found_it():
    """Importing pyLODE calls logging.basicConfig(DEBUG): after the page, a process's logging is what it was (level,
    handlers), also when a second thread (a server's) asks for the page while the first has pyLODE's handler in place."""
    probe = """
import logging, threading, time
from hspkg import ontodocs
root = logging.getLogger()
before = (root.level, list(root.handlers))
first = threading.Thread(target=ontodocs.html)
first.start()
deadline = time.monotonic() + 60
while not root.handlers and first.is_alive() and time.monotonic() < deadline:
    time.sleep(0.001)
second = threading.Thread(target=ontodocs.html.__wrapped__)  # not the cached page: the page made again
drawn = ontodocs._one_ontology
def after_the_first():  # the second page ends after the first, whatever the threads' timing
    if threading.current_thread() is second:
        first.join()
    return drawn()
ontodocs._one_ontology = after_the_first
second.start()
first.join()
second.join()
assert 'Academic Health Science Network' in ontodocs.html()
print(before == (root.level, list(root.handlers)), root.level)
"""
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, cwd="/")
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", str(30)], done.stdout
