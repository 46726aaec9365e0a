"""JSON-LD and the VoID/DCAT description, read back by rdflib; DataFrames with typed columns."""

from __future__ import annotations

import json
import re
import socket
import urllib.request
from html.parser import HTMLParser

import pandas as pd
import pytest
import rdflib
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, RDF

from expected import ORG
from hspkg import jsonld
from hspkg.void import DATASET, LICENCE

VOID = rdflib.Namespace("http://rdfs.org/ns/void#")
DCAT = rdflib.Namespace("http://www.w3.org/ns/dcat#")


@pytest.fixture(scope="module")
def everything(kg) -> rdflib.Graph:
    """The whole materialised graph, read by rdflib from Oxigraph's N-Triples."""
    return rdflib.Graph().parse(data=kg.dump(), format="nt")


@pytest.fixture
def offline(monkeypatch):
    """Any attempt to open a socket fails the test: readers must not fetch the context."""

    def refuse(*args, **kwargs):
        raise AssertionError("a network connection was attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)


def test_jsonld_export_reads_back_into_the_same_triples(exported, everything, offline):
    text = exported("jsonld").read_text(encoding="utf-8")  # hspkg export --format jsonld, written once per test run (tests/exports.py)
    back = rdflib.Graph().parse(data=text, format="json-ld")
    assert len(back) == len(everything)
    assert isomorphic(back, everything)


def test_jsonld_is_compacted_with_the_published_context(exported):
    document = json.loads(exported("jsonld").read_text(encoding="utf-8"))
    assert document["@context"] == jsonld.context()
    ucl = next(node for node in document["@graph"] if node["@id"] == ORG + "ucl")
    assert ucl["label"] == "University College London"
    memberships = [n for n in document["@graph"] if n.get("member") == ORG + "ucl"]
    assert memberships and all(m["wasDerivedFrom"] for m in memberships)


def test_the_published_context_expands_our_terms_with_rdflib(offline):
    document = {"@context": jsonld.context(), "@id": "id:org/ucl", "label": "UCL", "sameAs": "http://www.wikidata.org/entity/Q193196"}
    parsed = rdflib.Graph().parse(data=json.dumps(document), format="json-ld")
    ucl = rdflib.URIRef("https://w3id.org/hspkg/id/org/ucl")
    assert set(parsed) == {
        (ucl, rdflib.RDFS.label, rdflib.Literal("UCL")),
        (ucl, rdflib.OWL.sameAs, rdflib.URIRef("http://www.wikidata.org/entity/Q193196")),
    }


@pytest.fixture(scope="module")
def described(exported) -> rdflib.Graph:
    """``hspkg export --format void``, written once per test run (tests/exports.py), read by rdflib."""
    return rdflib.Graph().parse(exported("void"), format="turtle")


def test_void_counts_are_the_graphs(described, everything):
    dataset = rdflib.URIRef(DATASET)

    def number(predicate, subject=dataset):
        return described.value(subject, predicate).toPython()

    assert number(VOID.triples) == len(everything)
    assert number(VOID.distinctSubjects) == len(set(everything.subjects()))
    assert number(VOID.distinctObjects) == len(set(everything.objects()))
    assert number(VOID.properties) == len(set(everything.predicates()))
    entities = {s for s in everything.subjects() if isinstance(s, rdflib.URIRef) and s.startswith("https://w3id.org/hspkg/id/")}
    assert number(VOID.entities) == len(entities)
    classes = {o for o in everything.objects(None, RDF.type) if isinstance(o, rdflib.URIRef)}
    assert number(VOID.classes) == len(classes)
    partitions = {described.value(p, VOID["class"]): number(VOID.entities, p) for p in described.objects(dataset, VOID.classPartition)}
    assert partitions == {c: len(set(everything.subjects(RDF.type, c))) for c in classes}
    by_property = {described.value(p, VOID.property): number(VOID.triples, p) for p in described.objects(dataset, VOID.propertyPartition)}
    assert by_property == {p: len(list(everything.triples((None, p, None)))) for p in set(everything.predicates())}


def test_void_names_the_licence_and_every_source(described, everything):
    dataset = rdflib.URIRef(DATASET)
    assert (dataset, RDF.type, DCAT.Dataset) in described
    assert described.value(dataset, DCTERMS.license) == rdflib.URIRef(LICENCE)
    sources = set(everything.objects(None, rdflib.URIRef("http://www.w3.org/ns/prov#wasDerivedFrom")))
    sources |= set(everything.subjects(RDF.type, rdflib.URIRef("https://w3id.org/hspkg/ontology#Source")))
    assert sources and set(described.objects(dataset, DCTERMS.source)) == sources
    assert described.value(dataset, DCAT.version) is not None
    assert described.value(dataset, DCTERMS.issued).datatype == rdflib.XSD.date


def test_a_remote_graph_cannot_be_written_as_jsonld(run):
    done = run("export", "--format", "jsonld", "-o", "x.jsonld", "--endpoint", "http://127.0.0.1:9/sparql")
    assert done.returncode == 2
    assert "embedded graph" in done.stderr


def test_to_pandas_types_years_labels_and_iris(kg):
    df = kg.query("members").to_pandas()
    assert list(df.columns) == list(kg.query("members").variables)
    assert str(df["startYear"].dtype) == "Int64"
    assert str(df["memberLabel"].dtype) == "string" and str(df["member"].dtype) == "string"
    years = [r["startYear"] for r in kg.query("members").values()]
    assert df["startYear"].tolist() == [pd.NA if y is None else int(y) for y in years]
    assert df["member"].str.startswith("https://w3id.org/hspkg/id/org/").all()
    # a membership with no end has no end year: missing, not 0 or ""
    assert df["endYear"].isna().any()


def test_to_pandas_types_dates_and_keeps_missing_values_missing(kg):
    df = kg.sparql(
        """PREFIX time: <http://www.w3.org/2006/time#>
        SELECT ?instant ?date ?year WHERE {
          ?instant a time:Instant .
          OPTIONAL { ?instant time:inXSDDate ?date }
          OPTIONAL { ?instant time:inXSDgYear ?year }
        }"""
    ).to_pandas()
    assert str(df["date"].dtype).startswith("datetime64")
    assert str(df["year"].dtype) == "Int64"
    assert df["date"].notna().any() and df["date"].isna().any()
    assert df["year"].notna().all() and 2013 in set(df["year"])
    assert pd.Timestamp("2013-05-23") in set(df["date"].dropna())


def test_to_pandas_leaves_mixed_or_ill_typed_columns_as_text(kg):
    df = kg.sparql(
        """SELECT ?mixed ?bad ?flag WHERE {
          VALUES (?mixed ?bad ?flag) {
            (1 "soon"^^<http://www.w3.org/2001/XMLSchema#date> true)
            ("one" "2020-01-01"^^<http://www.w3.org/2001/XMLSchema#date> UNDEF)
          }
        }"""
    ).to_pandas()
    assert df.dtypes.astype(str).to_dict() == {"mixed": "string", "bad": "string", "flag": "boolean"}
    assert df["mixed"].tolist() == ["1", "one"]
    assert df["flag"].isna().tolist() == [False, True]


def test_the_ontology_docs_are_titled_and_named_for_the_ontology_alone(exported):
    """pyLODE took each SKOS scheme for an ontology too: four titles run together, the last scheme's IRI."""
    page = (exported("ontology-docs") / "index.html").read_text(encoding="utf-8")  # written once per test run (tests/exports.py)
    title = re.search(r"<title>([^<]*)</title>", page)
    heading = re.search(r"<h1>([^<]*)</h1>", page)
    named = re.search(r"<strong>IRI</strong>\s*</dt>\s*<dd>\s*<code>([^<]*)</code>", page)
    assert title and heading and named, "no title, heading or IRI"
    assert (title.group(1), heading.group(1), named.group(1)) == ("hspkg ontology", "hspkg ontology", "https://w3id.org/hspkg/ontology")
    assert '<link rel="icon" type="image/svg+xml" href="data:image/svg+xml,' in page  # no /favicon.ico asked of a server


class _Rows(HTMLParser):
    """The rows of one table of an HTML page: each row's cells as text, and each claim's status and text."""

    def __init__(self, table: str) -> None:
        super().__init__()
        self.table, self.inside, self.rows, self.claims = table, False, [], []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "table":
            self.inside = attributes.get("id") == self.table
        elif self.inside and tag == "tr" and "membership" in (attributes.get("class") or ""):
            self.rows.append([])
            self.claims.append([])
        elif self.inside and self.rows and tag == "td":
            self._cell = []
            self.rows[-1].append(self._cell)
        elif self.inside and self.rows and tag == "li":
            self.claims[-1].append((attributes.get("class") or "").removeprefix("claim").strip())

    def handle_endtag(self, tag):
        if tag == "table":
            self.inside = False

    def handle_data(self, data):
        if self.inside and self._cell is not None:
            self._cell.append(data)


def test_an_entity_page_has_one_row_per_membership_with_its_claims_under_it(served):
    """UCL was in UCLPartners by four sources' claims: one row, the preferred claim first, the one set aside last and marked."""
    page = urllib.request.urlopen(served + "/id/org/ucl", timeout=30).read().decode()
    rows = _Rows("memberships")
    rows.feed(page)
    networks = ["".join(cells[0]).strip() for cells in rows.rows]
    assert networks.count("UCLPartners") == 1
    where = networks.index("UCLPartners")
    # columns: network, programme, role, from, to, claims (issue 19 added programme and role)
    assert "".join(rows.rows[where][3]).strip() == "2008"  # the preferred claim's start (UCL's own 2008 announcement), not the set-aside 2009
    statuses = rows.claims[where]
    # four national claims and, since issue 19, two from the research set (ahsn-s003, ahsn-s006)
    assert len(statuses) == 6 and statuses[0] == "preferred" and statuses[-1] == "set-aside"
    claims = "".join(rows.rows[where][5])
    assert "largest academic health science partnership" in claims and "seen 2009-02" in claims  # each claim with its source
