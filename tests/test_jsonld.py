"""The JSON-LD writer's compaction on the awkward cases: every triple reads back, by rdflib and by Oxigraph."""

from __future__ import annotations

import json

import pyoxigraph
import rdflib
from rdflib.compare import isomorphic

from hspkg.jsonld import serialize

# Values that fit their term's type and values that do not (a literal where the term says
# IRI, a year typed as a string), blank nodes, languages, datatypes without a prefix, a
# property and a class without a term or a prefix, and a node with one and with several values.
AWKWARD = b"""
<https://w3id.org/hspkg/id/org/a> <http://www.w3.org/ns/org#member> <https://w3id.org/hspkg/id/org/b> .
<https://w3id.org/hspkg/id/org/a> <http://www.w3.org/ns/org#member> "not an IRI" .
<https://w3id.org/hspkg/id/org/a> <http://www.w3.org/ns/org#member> _:b1 .
_:b1 <http://www.w3.org/2000/01/rdf-schema#label> "Blank" .
_:b1 <http://www.w3.org/2006/time#inXSDgYear> "2010"^^<http://www.w3.org/2001/XMLSchema#gYear> .
_:b1 <http://www.w3.org/2006/time#inXSDgYear> "2011" .
_:b1 <http://www.w3.org/2006/time#inXSDgYear> <http://example.org/year> .
<https://w3id.org/hspkg/id/org/a> <http://www.w3.org/2000/01/rdf-schema#label> "A"@en .
<https://w3id.org/hspkg/id/org/a> <http://www.w3.org/2000/01/rdf-schema#label> "A" .
<https://w3id.org/hspkg/id/org/a> <http://www.w3.org/2000/01/rdf-schema#label> "1"^^<http://www.w3.org/2001/XMLSchema#integer> .
<https://w3id.org/hspkg/id/org/a> <http://www.w3.org/2000/01/rdf-schema#label> "x"^^<http://example.org/type> .
<https://w3id.org/hspkg/id/org/a> <http://www.w3.org/2000/01/rdf-schema#label> <http://example.org/iri-as-label> .
<https://w3id.org/hspkg/id/org/a> <http://example.org/no-term> "\\u00e9 \\" quoted" .
<https://w3id.org/hspkg/id/org/a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/ns/org#Organization> .
<https://w3id.org/hspkg/id/org/a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://example.org/Class> .
<https://w3id.org/hspkg/id/org/a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> _:b2 .
<https://w3id.org/hspkg/id/org/b> <http://www.w3.org/2002/07/owl#sameAs> <http://www.wikidata.org/entity/Q1> .
"""


def test_every_awkward_triple_reads_back_the_same_with_rdflib_and_oxigraph():
    text = serialize(AWKWARD)
    expected = rdflib.Graph().parse(data=AWKWARD, format="nt")
    assert isomorphic(rdflib.Graph().parse(data=text, format="json-ld"), expected)
    back = {str(t) for t in pyoxigraph.parse(text, format=pyoxigraph.RdfFormat.JSON_LD)}
    assert len(back) == len(expected)
    document = json.loads(text)
    a = next(node for node in document["@graph"] if node["@id"] == "https://w3id.org/hspkg/id/org/a")
    assert sorted(a["@type"]) == ["http://example.org/Class", "org:Organization"]
    assert a["rdf:type"] == {"@id": "_:b2"}  # a blank node is no @type: written as the property it is
    assert "https://w3id.org/hspkg/id/org/b" in a["member"] and a["org:member"] == "not an IRI"


def test_the_same_triples_in_another_order_give_the_same_bytes():
    lines = AWKWARD.strip().splitlines()
    assert serialize(b"\n".join(reversed(lines)) + b"\n") == serialize(AWKWARD)
