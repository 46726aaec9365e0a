"""The ontology says what it models, the NIHR research programmes included, and when to use each of its terms."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib
from rdflib.namespace import OWL, RDF, RDFS, SKOS

ONTOLOGY = Path(__file__).parents[1] / "ontology"
HSP = "https://w3id.org/hspkg/ontology#"
SCHEMES = ["programme", "status", "kind", "award-kind", "partnership-role", "change"]


@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    graph = rdflib.Graph()
    for path in sorted(ONTOLOGY.glob("*.ttl")):
        if path.name != "shapes.ttl":
            graph.parse(path, format="turtle")
    return graph


def test_the_ontology_describes_the_nihr_programmes_it_models(ontology):
    (description,) = ontology.objects(rdflib.URIRef("https://w3id.org/hspkg/ontology"), RDFS.comment)
    for words in ("Biomedical Research Centres (BRC)", "Units (BRU)", "(CLAHRC)", "Applied Research Collaborations (ARC)", "Academic Health Science Centres"):
        assert words in description, words
    # and the shape they share: programme, round, award, roles
    for term in ("hsp:Programme", "hsp:DesignationRound", "hsp:Award", "org:role"):
        assert term in description, term


def terms(ontology: rdflib.Graph) -> list[rdflib.URIRef]:
    """Our own classes and properties, and the concepts of our schemes (programmes, statuses, kinds, roles, changes)."""
    own = {s for t in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty) for s in ontology.subjects(RDF.type, t) if str(s).startswith(HSP)}
    concepts = {s for name in SCHEMES for s in ontology.subjects(SKOS.inScheme, rdflib.URIRef(f"https://w3id.org/hspkg/id/{name}"))}
    people = {s for s in ontology.subjects(RDF.type, rdflib.URIRef("http://www.w3.org/ns/org#Role"))}
    return sorted(own | concepts | people)


def test_every_term_has_a_label_and_a_comment_saying_when_to_use_it(ontology):
    found = terms(ontology)
    assert len(found) > 90  # the classes, properties and concepts: not an empty pass
    missing = []
    for term in found:
        labels = list(ontology.objects(term, RDFS.label))
        comments = [str(c) for c in ontology.objects(term, RDFS.comment)]
        if len(labels) != 1 or len(comments) != 1 or "Use " not in comments[0]:
            missing.append(str(term))
    assert not missing, missing
    # the NIHR programmes' own terms among them
    assert {rdflib.URIRef(f"https://w3id.org/hspkg/id/programme/nihr-{p}") for p in ("brc", "bru", "clahrc", "arc")} <= set(found)
    assert {rdflib.URIRef(f"https://w3id.org/hspkg/id/kind/{k}") for k in ("brc", "bru", "clahrc", "arc")} <= set(found)
