"""The shapes catch what they are for: each broken copy fails with its own message, the whole data passes.

Each case is a small valid graph of one kind of fact, broken in one way; the
same graph unbroken conforms, so every message below is caused by the break.
"""

from __future__ import annotations

import pytest

from expected import report_for, write

PREFIXES = """
@prefix org: <http://www.w3.org/ns/org#> .
@prefix time: <http://www.w3.org/2006/time#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix schema: <https://schema.org/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix hsp: <https://w3id.org/hspkg/ontology#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix kind: <https://w3id.org/hspkg/id/kind/> .
@prefix ex: <http://example.org/> .
ex:src a hsp:Source ; dcterms:title "A source" ; dcterms:publisher ex:publisher ; schema:url <http://example.org/doc> .
"""


def organisation(name: str, label: str, kind: str = "university", cls: str = "hsp:University", ods: str = "") -> str:
    """An organisation with its name and kind, each traced to ex:src as the conventions ask."""
    text = f"""
ex:{name} a {cls} ; rdfs:label "{label}" ; org:classification kind:{kind} ; prov:wasDerivedFrom ex:src .
ex:{name}-label a rdf:Statement ; rdf:subject ex:{name} ; rdf:predicate rdfs:label ; rdf:object "{label}" ; prov:wasDerivedFrom ex:src .
ex:{name}-kind a rdf:Statement ; rdf:subject ex:{name} ; rdf:predicate org:classification ; rdf:object kind:{kind} ; prov:wasDerivedFrom ex:src .
"""
    if ods:
        text += f"""ex:{name} schema:identifier ex:{name}-ods .
ex:{name}-ods a schema:PropertyValue ; schema:propertyID "ODS" ; schema:value "{ods}" ; prov:wasDerivedFrom ex:src .
"""
    return text


BASE = (
    PREFIXES
    + organisation("uni", "A University")
    + organisation("trust", "A Trust", "nhs-trust", "hsp:NHSTrust", ods="ZZ1")
    + organisation("net", "A Partnership", "ahsc", "hsp:AcademicHealthScienceCentre")
    + """
ex:y2010 a time:Instant ; time:inXSDgYear "2010"^^xsd:gYear .
ex:y2015 a time:Instant ; time:inXSDgYear "2015"^^xsd:gYear .
ex:m a org:Membership ; org:member ex:uni ; org:organization ex:net ; org:memberDuring ex:m-during ; prov:wasDerivedFrom ex:src .
ex:m-during a time:Interval ; time:hasBeginning ex:y2010 .
ex:net schema:areaServed ex:area ; hsp:populationServed ex:population .
ex:area a schema:Place ; rdfs:label "An area" ; prov:wasDerivedFrom ex:src .
ex:population a schema:QuantitativeValue ; schema:minValue 6000000 ; prov:wasDerivedFrom ex:src .
ex:agreement a hsp:JoinAgreement ; hsp:joiningOrganisation ex:trust ; hsp:network ex:net ; time:hasTime ex:y2015 ; prov:wasDerivedFrom ex:src .
ex:correction a hsp:Correction ; hsp:corrects ex:m ; rdfs:comment "It began later." ; prov:wasDerivedFrom ex:src .
ex:person a schema:Person , foaf:Person ; rdfs:label "A Person" ; prov:wasDerivedFrom ex:src .
ex:post a org:Post ; org:postIn ex:net ; org:heldBy ex:person ; prov:wasDerivedFrom ex:src .
"""
)

# (what breaks, text to replace, its replacement or an addition, the message expected)
BREAKS = [
    ("an end before its start", "time:hasBeginning ex:y2010 .", "time:hasBeginning ex:y2015 ; time:hasEnd ex:y2010 .", "an interval ends before it starts"),
    (
        "a member of itself",
        "org:member ex:uni ; org:organization ex:net",
        "org:member ex:net ; org:organization ex:net",
        "other than the one it is a member of",
    ),
    ("a year typed as a string on an untyped node", "", 'ex:when time:inXSDgYear "2010" .', "a year is a valid xsd:gYear"),
    (
        "a population given as text",
        "hsp:populationServed ex:population",
        'hsp:populationServed "six million"',
        "a population served is a schema:QuantitativeValue",
    ),
    ("an area given as text", "schema:areaServed ex:area", 'schema:areaServed "North London"', "an area served is a schema:Place"),
    ("a join agreement missing its organisation", "hsp:joiningOrganisation ex:trust ; ", "", "names the organisation that agreed"),
    ("a correction missing its target", "hsp:corrects ex:m ; ", "", "a correction points at the fact it corrects"),
    ("a correction of a whole source", "hsp:corrects ex:m", "hsp:corrects ex:src", "a correction points at a fact, not at a whole source"),
    ("a post missing its holder", "org:heldBy ex:person ; ", "", "a post names who holds it"),
    ("an ODS code that does not fit its scheme", 'schema:value "ZZ1"', 'schema:value "zz-1!"', "an identifier's value does not fit its scheme"),
    (
        "a ROR id that does not fit its scheme",
        "",
        'ex:uni schema:identifier ex:uni-ror . ex:uni-ror a schema:PropertyValue ; schema:propertyID "ROR" ; schema:value "ror:123" ;'
        " prov:wasDerivedFrom ex:src .",
        "does not fit its scheme",
    ),
    (
        "two organisations sharing one identifier",
        "",
        'ex:uni schema:identifier ex:uni-ods . ex:uni-ods a schema:PropertyValue ; schema:propertyID "ODS" ; schema:value "ZZ1" ; prov:wasDerivedFrom ex:src .',
        "two organisations share one identifier value",
    ),
    ("a name with no source", "", 'ex:uni <http://www.w3.org/2004/02/skos/core#altLabel> "Uni" .', "traces to a source"),
    ("a publisher given as text", "dcterms:publisher ex:publisher", 'dcterms:publisher "Someone"', "names its publisher as an agent"),
    # the three holes of issue 18: an end nothing stands behind, an end before a start within one year, a start with no date
    (
        "an end with no change or source behind it",
        "time:hasBeginning ex:y2010 .",
        "time:hasBeginning ex:y2010 ; time:hasEnd ex:y2015 .",
        "an interval ends with no change or source behind it",
    ),
    (
        "an end before its start within one year",
        "time:hasBeginning ex:y2010 .",
        "time:hasBeginning ex:oct2021 ; time:hasEnd ex:feb2021 ; prov:wasDerivedFrom ex:src .\n"
        'ex:oct2021 a time:Instant ; time:inXSDgYear "2021"^^xsd:gYear ; time:inXSDDate "2021-10-01"^^xsd:date .\n'
        'ex:feb2021 a time:Instant ; time:inXSDgYear "2021"^^xsd:gYear ; time:inXSDDate "2021-02-01"^^xsd:date .',
        "ends before it starts within the same year",
    ),
    ("a start instant with no date", "time:hasBeginning ex:y2010 .", "time:hasBeginning ex:someday .", "has no date: it needs time:inXSDgYear"),
    (
        "a name that ends with no change behind it",
        "",
        "ex:uni-label hsp:validDuring ex:uni-named . ex:uni-named a time:Interval ; time:hasEnd ex:y2015 .",
        "an interval ends with no change or source behind it",
    ),
]


def test_the_unbroken_case_conforms(tmp_path):
    report = report_for(tmp_path, BASE)
    assert report.conforms, [v.message for v in report.violations]


@pytest.mark.parametrize("what, old, new, message", BREAKS, ids=[b[0] for b in BREAKS])
def test_each_broken_copy_fails_with_its_message(tmp_path, what, old, new, message):
    assert old == "" or old in BASE
    broken = BASE.replace(old, new, 1) if old else BASE + new + "\n"
    report = report_for(tmp_path, broken)
    assert not report.conforms
    assert any(message in v.message for v in report.violations), [v.message for v in report.violations]


def test_a_broken_copy_exits_1_naming_the_violation(run, tmp_path):
    write(tmp_path / "case.ttl", BASE.replace("time:hasBeginning ex:y2010 .", "time:hasBeginning ex:y2015 ; time:hasEnd ex:y2010 .", 1))
    result = run("validate", "--data", "case.ttl")
    assert result.returncode == 1
    assert "http://example.org/m-during" in result.stdout and "an interval ends before it starts" in result.stdout
