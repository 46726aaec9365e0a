"""The research programmes' shapes catch what they are for: each broken copy fails with its own message.

A small valid graph (a programme's two rounds, an award in each, one replacing
the other, an amount, a host's role) conforms; each case breaks it in one way.
"""

from __future__ import annotations

import pytest

from expected import report_for

BASE = """
@prefix org: <http://www.w3.org/ns/org#> .
@prefix time: <http://www.w3.org/2006/time#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix schema: <https://schema.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix hsp: <https://w3id.org/hspkg/ontology#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix kind: <https://w3id.org/hspkg/id/kind/> .
@prefix role: <https://w3id.org/hspkg/id/role/> .
@prefix programme: <https://w3id.org/hspkg/id/programme/> .
@prefix status: <https://w3id.org/hspkg/id/status/> .
@prefix ex: <http://example.org/> .
ex:src a hsp:Source ; dcterms:title "A source" ; dcterms:publisher ex:publisher ; schema:url <http://example.org/doc> .
ex:trust a hsp:NHSTrust ; rdfs:label "A Trust" ; org:classification kind:nhs-trust ; prov:wasDerivedFrom ex:src .
ex:trust-label a rdf:Statement ; rdf:subject ex:trust ; rdf:predicate rdfs:label ; rdf:object "A Trust" ; prov:wasDerivedFrom ex:src .
ex:trust-kind a rdf:Statement ; rdf:subject ex:trust ; rdf:predicate org:classification ; rdf:object kind:nhs-trust ; prov:wasDerivedFrom ex:src .
ex:centre a hsp:ResearchCentre ; rdfs:label "A Centre" ; org:classification kind:brc ; prov:wasDerivedFrom ex:src .
ex:centre-label a rdf:Statement ; rdf:subject ex:centre ; rdf:predicate rdfs:label ; rdf:object "A Centre" ; prov:wasDerivedFrom ex:src .
ex:centre-kind a rdf:Statement ; rdf:subject ex:centre ; rdf:predicate org:classification ; rdf:object kind:brc ; prov:wasDerivedFrom ex:src .
ex:round-2017 a hsp:DesignationRound ; hsp:programme programme:nihr-brc ; hsp:status status:nihr-brc ;
    hsp:roundYear "2017"^^xsd:gYear ; prov:wasDerivedFrom ex:src .
ex:round-2022 a hsp:DesignationRound ; hsp:programme programme:nihr-brc ; hsp:status status:nihr-brc ;
    hsp:roundYear "2022"^^xsd:gYear ; prov:wasDerivedFrom ex:src ; dcterms:replaces ex:round-2017 .
ex:award-2017 a hsp:Award ; hsp:designee ex:centre ; hsp:status status:nihr-brc ;
    hsp:programme programme:nihr-brc ; dcterms:isPartOf ex:round-2017 ; prov:wasDerivedFrom ex:src .
ex:award-2022 a hsp:Award ; hsp:designee ex:centre ; hsp:status status:nihr-brc ;
    hsp:programme programme:nihr-brc ; dcterms:isPartOf ex:round-2022 ; prov:wasDerivedFrom ex:src ;
    schema:amount ex:money ; dcterms:replaces ex:award-2017 .
ex:money a schema:MonetaryAmount ; schema:minValue 95000000 ; schema:currency "GBP" ; hsp:bound "over" ; prov:wasDerivedFrom ex:src .
ex:y2022 a time:Instant ; time:inXSDgYear "2022"^^xsd:gYear .
ex:m a org:Membership ; org:member ex:trust ; org:organization ex:centre ; org:role role:host ; hsp:award ex:award-2022 ;
    org:memberDuring ex:m-during ; prov:wasDerivedFrom ex:src .
ex:m-during a time:Interval ; time:hasBeginning ex:y2022 .
"""

BREAKS = [
    (
        "an award without a programme",
        "hsp:programme programme:nihr-brc ; dcterms:isPartOf ex:round-2022",
        "dcterms:isPartOf ex:round-2022",
        "an award belongs to exactly one programme",
    ),
    (
        "an award without a round",
        "hsp:programme programme:nihr-brc ; dcterms:isPartOf ex:round-2022",
        "hsp:programme programme:nihr-brc",
        "an award is part of exactly one round",
    ),
    (
        "an award without a source",
        "dcterms:isPartOf ex:round-2022 ; prov:wasDerivedFrom ex:src ;",
        "dcterms:isPartOf ex:round-2022 ;",
        "an award names its source",
    ),
    ("an amount without a currency", 'schema:currency "GBP" ;', "", "names its currency"),
    ("an amount in another currency", 'schema:currency "GBP"', 'schema:currency "EUR"', "names its currency"),
    ("an amount without its bound", 'hsp:bound "over" ;', "", "says how its source bounds it"),
    ("an amount with two figures", "schema:minValue 95000000 ;", "schema:minValue 95000000 ; schema:value 95000000 ;", "has exactly one figure"),
    ("an amount given as a number", "schema:amount ex:money ;", "schema:amount 95000000 ;", "is a schema:MonetaryAmount node"),
    ("a role outside the scheme", "org:role role:host", "org:role ex:sponsor", "is a concept of the roles scheme"),
    (
        "a succession that points back in time",
        "dcterms:replaces ex:award-2017 .",
        "dcterms:replaces ex:award-2017 .\nex:award-2017 dcterms:replaces ex:award-2022 .",
        "a succession points back in time",
    ),
    ("a succession to something not an award", "dcterms:replaces ex:award-2017", "dcterms:replaces ex:trust", "replaces (dcterms:replaces) an award"),
    (
        "a round that replaces an award",
        "dcterms:replaces ex:award-2017 .",
        "dcterms:replaces ex:award-2017 .\nex:round-2022 dcterms:replaces ex:award-2017 .",
        "a round a round",
    ),
    (
        "a round's succession that points back in time",
        "dcterms:replaces ex:award-2017 .",
        "dcterms:replaces ex:award-2017 .\nex:round-2017 dcterms:replaces ex:round-2022 .",
        "a succession points back in time",
    ),
]


def test_the_unbroken_case_conforms(tmp_path):
    report = report_for(tmp_path, BASE)
    assert report.conforms, [v.message for v in report.violations]


@pytest.mark.parametrize("what, old, new, message", BREAKS, ids=[b[0] for b in BREAKS])
def test_each_broken_copy_fails_with_its_message(tmp_path, what, old, new, message):
    assert old in BASE
    report = report_for(tmp_path, BASE.replace(old, new, 1))
    assert not report.conforms
    assert any(message in v.message for v in report.violations), [v.message for v in report.violations]
