"""How our facts are written as triples: one function per shape, shared by every writer (ingest, generate).

>>> len(membership("urn:m", "urn:a", "urn:n", start="urn:t2009", end=None, sources=["urn:s"]))
7
"""

from __future__ import annotations

from collections.abc import Iterable

from pyoxigraph import Literal, NamedNode, Triple

from .terms import PREFIXES

HSP, ORG, TIME, PROV, SCHEMA, DCTERMS = (PREFIXES[p] for p in ("hsp", "org", "time", "prov", "schema", "dcterms"))
RDF_TYPE = PREFIXES["rdf"] + "type"
LABEL = PREFIXES["rdfs"] + "label"
GYEAR = NamedNode(PREFIXES["xsd"] + "gYear")
ID = PREFIXES["id"]


def triple(s: str, p: str, o: str | Literal) -> Triple:
    """A triple from IRIs given as strings (an object that is a Literal stays one)."""
    return Triple(NamedNode(s), NamedNode(p), o if isinstance(o, Literal) else NamedNode(o))


def derived(subject: str, sources: Iterable[str]) -> list[Triple]:
    """``subject prov:wasDerivedFrom`` each source."""
    return [triple(subject, PROV + "wasDerivedFrom", s) for s in sources]


def instant(iri: str, year: int) -> list[Triple]:
    """A time:Instant for a year."""
    return [triple(iri, RDF_TYPE, TIME + "Instant"), triple(iri, TIME + "inXSDgYear", Literal(str(year), datatype=GYEAR))]


def source(iri: str, title: str, publisher: str, url: str) -> list[Triple]:
    """A source document, described once."""
    return [
        triple(iri, RDF_TYPE, HSP + "Source"),
        triple(iri, DCTERMS + "title", Literal(title)),
        triple(iri, DCTERMS + "publisher", Literal(publisher)),
        triple(iri, SCHEMA + "url", url),
    ]


def membership(iri: str, member: str, network: str, start: str, end: str | None, sources: Iterable[str]) -> list[Triple]:
    """An org:Membership with its interval (``IRI#during``) from the ``start`` instant to the ``end`` one."""
    during = f"{iri}#during"
    triples = [
        triple(iri, RDF_TYPE, ORG + "Membership"),
        triple(iri, ORG + "member", member),
        triple(iri, ORG + "organization", network),
        triple(iri, ORG + "memberDuring", during),
        triple(during, RDF_TYPE, TIME + "Interval"),
        triple(during, TIME + "hasBeginning", start),
    ]
    if end is not None:
        triples.append(triple(during, TIME + "hasEnd", end))
    return triples + derived(iri, sources)
