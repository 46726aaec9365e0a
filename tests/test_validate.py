"""`hspkg validate`: syntax, then SHACL, with a report that names node, path and problem."""

from __future__ import annotations

import pytest

from expected import write

PREFIXES = """
@prefix org: <http://www.w3.org/ns/org#> .
@prefix time: <http://www.w3.org/2006/time#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix hsp: <https://w3id.org/hspkg/ontology#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix ex: <http://example.org/> .
"""

# Each SPARQL constraint broken (kinds, sources, a shared identifier, identifiers' formats, intervals, dates, a role,
# successions) and near misses that conform (an AHSC that is also an AHSN, a kind a change ended, a valid ROR id),
# with property shapes of several node shapes broken too (statements, sources, memberships, awards, amounts).
BREAKS = (
    PREFIXES
    + """
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix schema: <https://schema.org/> .
@prefix kind: <https://w3id.org/hspkg/id/kind/> .
ex:src a hsp:Source ; dcterms:title "A source" ; dcterms:publisher ex:publisher ; schema:url <http://example.org/doc> .
ex:src2 a hsp:Source ; dcterms:title "One" , "Two" ; schema:url "http://example.org/text" .
ex:a a hsp:University ; rdfs:label "A" ; org:classification kind:university , kind:nhs-trust ; prov:wasDerivedFrom ex:src ;
    <http://www.w3.org/2002/07/owl#sameAs> ex:elsewhere ; schema:identifier ex:a-ods , ex:a-ror , ex:a-odd .
ex:a-ods a schema:PropertyValue ; schema:propertyID "ODS" ; schema:value "ZZ1" ; prov:wasDerivedFrom ex:src .
ex:a-ror a schema:PropertyValue ; schema:propertyID "ROR" ; schema:value "https://ror.org/02jx3x895" ; prov:wasDerivedFrom ex:src .
ex:a-odd a schema:PropertyValue ; schema:propertyID "GRID" , "ISNI" ; schema:value "grid.1.a" , [ rdfs:label "a node" ] ; prov:wasDerivedFrom ex:src .
ex:a-label a rdf:Statement ; rdf:subject ex:a ; rdf:predicate rdfs:label ; rdf:object "A" ; prov:wasDerivedFrom ex:src .
ex:a-kind a rdf:Statement ; rdf:subject ex:a ; rdf:predicate org:classification ; rdf:object kind:university ; prov:wasDerivedFrom ex:src .
ex:b a hsp:AcademicHealthScienceCentre ; rdfs:label "B" ; org:classification kind:ahsc , kind:ahsn , kind:university ; prov:wasDerivedFrom ex:src ;
    schema:identifier [ a schema:PropertyValue ; schema:propertyID "ODS" ; schema:value "ZZ1" ] .
ex:b-former a rdf:Statement ; rdf:subject ex:b ; rdf:predicate org:classification ; rdf:object kind:university ;
    prov:wasDerivedFrom ex:unsourced ; hsp:validDuring [ time:hasEnd ex:y2015 ] .
ex:both a rdf:Statement ; rdf:subject ex:a , ex:b ; rdf:predicate rdfs:comment ; prov:wasDerivedFrom ex:src .
ex:y2010 a time:Instant ; time:inXSDgYear "2010"^^xsd:gYear ; time:inXSDDate "2010-10-01"^^xsd:date .
ex:y2015 a time:Instant ; time:inXSDgYear "2015"^^xsd:gYear .
ex:feb2010 a time:Instant ; time:inXSDgYear "2010"^^xsd:gYear ; time:inXSDDate "2010-02-01"^^xsd:date .
ex:m a org:Membership ; org:member ex:a ; org:organization ex:b , ex:a ; org:role ex:not-a-role ;
    org:memberDuring [ a time:Interval ; time:hasBeginning ex:y2015 ; time:hasEnd ex:y2010 ; time:inside ex:y2010 ] .
ex:early a time:Interval ; time:hasBeginning ex:y2010 ; time:hasEnd ex:feb2010 ; prov:wasDerivedFrom ex:src .
ex:r2010 a hsp:DesignationRound ; hsp:roundYear "2010"^^xsd:gYear .
ex:r2015 a hsp:DesignationRound ; hsp:roundYear "2015"^^xsd:gYear ; dcterms:replaces ex:r2010 .
ex:award2010 a hsp:Award ; dcterms:isPartOf ex:r2010 ; dcterms:replaces ex:award2015 , ex:a ; schema:amount ex:money .
ex:award2015 a hsp:Award ; dcterms:isPartOf ex:r2015 ; schema:amount 5 .
ex:money a schema:MonetaryAmount ; schema:currency "EUR" ; schema:value 1 ; schema:minValue 1 ; prov:wasDerivedFrom ex:src .
"""
)

BAD = (
    PREFIXES
    + """
ex:src a hsp:Source ; dcterms:title "A source" ; dcterms:publisher "Someone" .
ex:net a org:OrganizationalCollaboration ; rdfs:label "Net" ; prov:wasDerivedFrom ex:src .
ex:twice a hsp:University ; rdfs:label "One name" , "Another name" ; prov:wasDerivedFrom ex:src .
ex:m a org:Membership ; org:member ex:twice ; org:organization ex:net ;
    org:memberDuring [ a time:Interval ; time:hasBeginning [ a time:Instant ; time:inXSDgYear "20x9"^^xsd:gYear ] ] .
"""
)


def test_the_shipped_data_conforms(run):
    result = run("validate")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "conforms" in result.stdout


def test_broken_turtle_is_exit_2_with_file_and_line(run, tmp_path):
    write(tmp_path / "broken.ttl", '@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:a ex:b "oops .\n')
    result = run("validate", "--data", "broken.ttl")
    assert result.returncode == 2
    assert "broken.ttl:3" in result.stderr


def test_data_that_breaks_the_shapes_is_exit_1_with_a_readable_report(run, tmp_path):
    write(tmp_path / "bad.ttl", BAD)
    result = run("validate", "--data", "bad.ttl")
    assert result.returncode == 1
    report = result.stdout
    assert "http://example.org/twice: rdfs:label: an organisation has exactly one rdfs:label" in report
    assert "http://example.org/m: prov:wasDerivedFrom: a membership names its source" in report
    assert "a year is a valid xsd:gYear" in report
    assert "violations" in report.splitlines()[-1]
    assert result.stderr.startswith("hspkg: error: the data does not conform")


def test_the_report_is_the_one_pyshacl_gives_alone(tmp_path):
    """validate() runs each SPARQL constraint once for all its focus nodes and hands pySHACL each property shape
    with its node shape's targets; pySHACL alone runs the shapes as written: the same report, word for word."""
    from hspkg import load
    from hspkg.validate import reference, validate

    graph = load([write(tmp_path / "breaks.ttl", BREAKS)])
    report = validate(graph)
    assert report == reference(graph)
    messages = {v.message.split(":")[0].split(";")[0] for v in report.violations}
    assert {
        "an organisation has one kind at a time",
        "a name, kind or owl",
        "two organisations share one identifier value in the same scheme",
        "an identifier's value does not fit its scheme (ODS",
        "an interval ends before it starts, or holds an instant outside it",
        "an interval holds an instant before its start",
        "an interval ends before it starts within the same year (full dates compared, as precisely as both are given)",
        "a role in a partnership (org",
        "an award replaces (dcterms",
        "a succession points back in time",
        "a statement has exactly one rdf",
        "a source has exactly one dcterms",
        "a membership has exactly one org",
        "an amount of money has exactly one figure",
    } <= messages, messages
    assert not any(v.focus == "http://example.org/b" and v.message.startswith("an organisation has one kind") for v in report.violations)
    assert not any(v.focus == "http://example.org/a-ror" for v in report.violations)


def test_validation_reads_an_on_disk_store_and_leaves_it_as_it_was(tmp_path):
    """pySHACL reads the store itself (no rdflib copy): a persistent one too, which it must not change."""
    from hspkg import load
    from hspkg.validate import validate

    write(tmp_path / "bad.ttl", BAD)
    graph = load([tmp_path / "bad.ttl"], store=tmp_path / "store")
    before = sorted(map(str, graph.store))
    report = validate(graph)
    assert not report.conforms
    assert any("a membership names its source" in v.message for v in report.violations)
    assert sorted(map(str, graph.store)) == before


CUSTOM_SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <http://example.org/> .
ex: sh:declare [ sh:prefix "ex" ; sh:namespace "http://example.org/"^^xsd:anyURI ] .
ex:ByNode a sh:NodeShape ; sh:targetNode ex:a , ex:b , ex:absent ; sh:sparql [ sh:message "more than one" ; sh:prefixes ex: ;
    sh:select "SELECT $this ?value WHERE { $this ex:p ?value FILTER (?value > 1) }" ] .
ex:ByObject a sh:NodeShape ; sh:targetObjectsOf ex:q ; sh:sparql [ sh:message "an object with a p" ; sh:prefixes ex: ;
    sh:select "SELECT $this ?other WHERE { $this ex:p ?other }" ] .
ex:BySubject a sh:NodeShape ; sh:targetSubjectsOf ex:q ; sh:severity sh:Warning ; sh:sparql [ sh:message "points at something bad" ;
    sh:prefixes ex: ; sh:select "SELECT $this ?path ?value WHERE { $this ?path ?value . ?value a ex:Bad }" ] .
ex:ByClass a sh:NodeShape ; sh:targetClass ex:Top ; sh:node ex:Used ; sh:sparql [ sh:message "no p" ; sh:prefixes ex: ;
    sh:select "SELECT $this WHERE { $this a ?type FILTER NOT EXISTS { $this ex:p [] } }" ] .
ex:Used a sh:NodeShape ; sh:sparql [ sh:message "used by another" ; sh:prefixes ex: ; sh:select "SELECT $this WHERE { $this ex:r ex:bad }" ] .
"""

CUSTOM_DATA = """
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex: <http://example.org/> .
ex:a ex:p 2 , 3 . ex:b ex:p 1 . ex:c ex:q ex:a , ex:b ; ex:s ex:d . ex:d a ex:Bad .
ex:Sub rdfs:subClassOf ex:Top . ex:x a ex:Sub ; ex:r ex:bad . ex:y a ex:Top ; ex:p 5 . ex:z ex:p 7 .
"""


def test_each_kind_of_target_finds_what_pyshacl_finds():
    """Targets by node, object, subject and class (a subclass's instance too), a severity, a row per other variable,
    and a shape another shape uses (left to pySHACL): the same report as pySHACL's alone."""
    import rdflib
    from pyoxigraph import RdfFormat, Store

    from hspkg import shacl_sparql
    from hspkg.validate import check

    store = Store()
    store.load(CUSTOM_DATA.encode(), RdfFormat.TURTLE)
    shapes = rdflib.Graph().parse(data=CUSTOM_SHAPES, format="turtle")
    rest, taken = shacl_sparql.split(shapes)
    assert sorted(c.message for c in taken) == ["an object with a p", "more than one", "no p", "points at something bad"]
    report = check(store, rest, taken)
    assert report == check(store, shapes)
    assert [(v.focus, v.message, v.value, v.severity) for v in report.violations] == [
        ("http://example.org/a", "an object with a p", "http://example.org/a", "Violation"),
        ("http://example.org/a", "an object with a p", "http://example.org/a", "Violation"),
        ("http://example.org/a", "more than one", "2", "Violation"),
        ("http://example.org/a", "more than one", "3", "Violation"),
        ("http://example.org/b", "an object with a p", "http://example.org/b", "Violation"),
        ("http://example.org/c", "points at something bad", "http://example.org/d", "Warning"),
        ("http://example.org/x", "Value does not conform to Shape ex:Used. See details for more information.", "http://example.org/x", "Violation"),
        ("http://example.org/x", "no p", "http://example.org/x", "Violation"),
        ("http://example.org/x", "used by another", "http://example.org/x", "Violation"),
    ]


def test_a_constraint_that_leaves_this_unbound_is_refused():
    """Run once for all focus nodes, a query must bind $this itself: one that does not is an error, not a silent pass."""
    import rdflib
    from pyoxigraph import Store

    from hspkg import shacl_sparql

    shapes = rdflib.Graph().parse(
        data="@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> ."
        ' ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:sparql [ sh:message "m" ; sh:select "SELECT $this WHERE { FILTER NOT EXISTS { $this ?p ?o } }" ] .',
        format="turtle",
    )
    _, taken = shacl_sparql.split(shapes)
    with pytest.raises(ValueError, match="must bind \\$this"):
        list(shacl_sparql.run(Store(), taken))


def test_one_violation_is_counted_in_the_singular(run, tmp_path):
    write(
        tmp_path / "one.ttl",
        "<http://example.org/i> a <http://www.w3.org/2006/time#Instant> ;\n"
        '    <http://www.w3.org/2006/time#inXSDgYear> "20x"^^<http://www.w3.org/2001/XMLSchema#gYear> .\n',
    )
    result = run("validate", "--data", "one.ttl")
    assert (result.returncode, result.stdout.splitlines()[-1]) == (1, "1 violation")
    assert result.stderr == "hspkg: error: the data does not conform to the shapes: 1 violation\n"
