"""`hspkg validate`: syntax, then SHACL, with a report that names node, path and problem."""

from __future__ import annotations

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
