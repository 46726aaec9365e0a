"""How RDF terms are written for people: prefixes and short forms.

The same prefixes serve the table renderer, validation reports and the SPARQL
updates built in code, so that a term reads the same everywhere.
"""

from __future__ import annotations

from pyoxigraph import BlankNode, Literal, NamedNode

# An RDF term as a query answers it.
Term = NamedNode | BlankNode | Literal

PREFIXES: dict[str, str] = {
    "hsp": "https://w3id.org/hspkg/ontology#",
    "id": "https://w3id.org/hspkg/id/",
    "org": "http://www.w3.org/ns/org#",
    "schema": "https://schema.org/",
    "prov": "http://www.w3.org/ns/prov#",
    "time": "http://www.w3.org/2006/time#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "sh": "http://www.w3.org/ns/shacl#",
}

# The SPARQL prologue for the same prefixes, for queries built in code.
PROLOGUE = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


def expand(short: str) -> str:
    """The IRI of a short form ``prefix:local`` with one of :data:`PREFIXES`: namespaces are written here alone.

    >>> expand("rdf:type")
    'http://www.w3.org/1999/02/22-rdf-syntax-ns#type'
    """
    prefix, _, local = short.partition(":")
    return PREFIXES[prefix] + local


def compact(iri: str) -> str:
    """An IRI in its short form where a known prefix covers it.

    >>> compact("https://w3id.org/hspkg/id/org/ucl")
    'id:org/ucl'
    >>> compact("http://example.org/x")
    'http://example.org/x'
    """
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


def show(term: NamedNode | BlankNode | Literal | None) -> str:
    """A term as a person reads it: IRIs compacted, literals by their value.

    >>> show(NamedNode("http://www.w3.org/ns/org#member"))
    'org:member'
    >>> show(Literal("2009"))
    '2009'
    >>> show(None)
    ''
    """
    if term is None:
        return ""
    if isinstance(term, NamedNode):
        return compact(term.value)
    if isinstance(term, BlankNode):
        return f"_:{term.value}"
    return term.value
