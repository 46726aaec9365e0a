"""How our facts are written as triples: one function per shape, shared by every writer (ingest, generate).

Each function returns the triples of one fact; IRIs are given as strings and
literals as :class:`pyoxigraph.Literal`. The shapes follow the conventions: a
fact node carries ``prov:wasDerivedFrom`` its sources, and a statement made
directly on a resource (a name, a kind, an ``owl:sameAs``) is reified as an
``rdf:Statement`` that carries its source.

>>> len(membership("urn:m", "urn:a", "urn:n", start="urn:t2009", end=None, sources=["urn:s"]))
7
"""

from __future__ import annotations

from collections.abc import Iterable

from pyoxigraph import Literal, NamedNode, Triple

from . import dates
from .terms import PREFIXES

HSP, ORG, TIME, PROV, SCHEMA, DCTERMS, SKOS, RDF, OWL, FOAF = (
    PREFIXES[p] for p in ("hsp", "org", "time", "prov", "schema", "dcterms", "skos", "rdf", "owl", "foaf")
)
RDF_TYPE = RDF + "type"
LABEL = PREFIXES["rdfs"] + "label"
COMMENT = PREFIXES["rdfs"] + "comment"
XSD = PREFIXES["xsd"]
GYEAR = NamedNode(XSD + "gYear")
ID = PREFIXES["id"]

Object = str | Literal


def triple(s: str, p: str, o: Object) -> Triple:
    """A triple from IRIs given as strings (an object that is a Literal stays one)."""
    return Triple(NamedNode(s), NamedNode(p), o if isinstance(o, Literal) else NamedNode(o))


def derived(subject: str, sources: Iterable[str]) -> list[Triple]:
    """``subject prov:wasDerivedFrom`` each source."""
    return [triple(subject, PROV + "wasDerivedFrom", s) for s in sources]


def fact(
    iri: str, kind: str, label: str | None = None, properties: Iterable[tuple[str, Object]] = (), sources: Iterable[str] = (), confidence: str = ""
) -> list[Triple]:
    """A resource of ``kind``: its label, its properties (predicate, object), ``prov:wasDerivedFrom`` each source and its confidence.

    >>> [t.predicate.value.rsplit("#", 1)[-1] for t in fact("urn:d", HSP + "Designation", "UCLP designated", [(HSP + "designee", "urn:uclp")], ["urn:s"])]
    ['type', 'label', 'designee', 'wasDerivedFrom']
    """
    triples = [triple(iri, RDF_TYPE, kind)]
    if label is not None:
        triples.append(triple(iri, LABEL, Literal(label)))
    triples += [triple(iri, p, o) for p, o in properties]
    if confidence:
        triples.append(triple(iri, HSP + "confidence", Literal(confidence)))
    return triples + derived(iri, sources)


def is_date(text: str) -> bool:
    """Whether ``text`` is a date as the sources give one: a year, a month or a day.

    >>> [is_date(t) for t in ("2009", "2009-03", "2009-03-09", "2009-13", "March 2009")]
    [True, True, True, False, False]
    """
    return dates.is_date(text)


def instant(iri: str, date: int | str) -> list[Triple]:
    """A time:Instant for a year, a month (``2009-03``) or a day (``2009-03-09``).

    Every instant has its year, so that year filters work on all of them; a
    month or a day is added as precisely as the source gives it.

    >>> [str(t.object) for t in instant("urn:t", "2009-03")][1:]
    ['"2009"^^<http://www.w3.org/2001/XMLSchema#gYear>', '"2009-03"^^<http://www.w3.org/2001/XMLSchema#gYearMonth>']
    """
    given = dates.parse_date(str(date))  # a ValueError for anything else: callers check their cells first
    year, month, day = f"{given.year:04d}", given.month, given.day
    triples = [triple(iri, RDF_TYPE, TIME + "Instant"), triple(iri, TIME + "inXSDgYear", Literal(year, datatype=GYEAR))]
    if day:
        triples.append(triple(iri, TIME + "inXSDDate", Literal(str(date), datatype=NamedNode(XSD + "date"))))
    elif month:
        triples.append(triple(iri, TIME + "inXSDgYearMonth", Literal(str(date), datatype=NamedNode(XSD + "gYearMonth"))))
    return triples


def issued(iri: str, date: str) -> Triple:
    """``dcterms:issued`` typed as precisely as the date is given (xsd:date, gYearMonth or gYear)."""
    datatype = {10: "date", 7: "gYearMonth", 4: "gYear"}[len(date)]
    return triple(iri, DCTERMS + "issued", Literal(date, datatype=NamedNode(XSD + datatype)))


def started(iri: str, date: str) -> list[Triple]:
    """``prov:startedAtTime`` for an event whose day is known (ORG's advice for change events)."""
    if len(date) != 10:
        return []
    return [triple(iri, PROV + "startedAtTime", Literal(f"{date}T00:00:00", datatype=NamedNode(XSD + "dateTime")))]


def agent(iri: str, name: str) -> list[Triple]:
    """A publisher or other agent that is not an organisation of the graph."""
    return [triple(iri, RDF_TYPE, DCTERMS + "Agent"), triple(iri, RDF_TYPE, FOAF + "Agent"), triple(iri, LABEL, Literal(name))]


def source(iri: str, title: str, publisher: str | None, url: str | None, date: str | None = None) -> list[Triple]:
    """A source document, described once; ``publisher`` is the IRI of an agent (or None, to be linked later)."""
    triples = [triple(iri, RDF_TYPE, HSP + "Source"), triple(iri, DCTERMS + "title", Literal(title))]
    if publisher:
        triples.append(triple(iri, DCTERMS + "publisher", publisher))
    if url:
        triples.append(triple(iri, SCHEMA + "url", url))
    if date:
        triples.append(issued(iri, date))
    return triples


def statement(iri: str, s: str, p: str, o: Object, sources: Iterable[str], confidence: str = "") -> list[Triple]:
    """An rdf:Statement reifying ``s p o``, with its sources: how a direct statement names where it came from."""
    triples = [
        triple(iri, RDF_TYPE, RDF + "Statement"),
        triple(iri, RDF + "subject", s),
        triple(iri, RDF + "predicate", p),
        triple(iri, RDF + "object", o),
        *derived(iri, sources),
    ]
    if confidence:
        triples.append(triple(iri, HSP + "confidence", Literal(confidence)))
    return triples


def membership(
    iri: str, member: str, network: str, start: str | None, end: str | None, sources: Iterable[str], seen: str | None = None, confidence: str = ""
) -> list[Triple]:
    """An org:Membership with its interval (``IRI#during``).

    ``start`` and ``end`` are instants a source states. A source that only shows
    the member present gives no start: its date is the instant ``seen``, inside
    the interval (``time:inside``), never a start.
    """
    during = f"{iri}#during"
    triples = [
        triple(iri, RDF_TYPE, ORG + "Membership"),
        triple(iri, ORG + "member", member),
        triple(iri, ORG + "organization", network),
        triple(iri, ORG + "memberDuring", during),
        triple(during, RDF_TYPE, TIME + "Interval"),
    ]
    for prop, value in ((TIME + "hasBeginning", start), (TIME + "hasEnd", end), (TIME + "inside", seen)):
        if value is not None:
            triples.append(triple(during, prop, value))
    if end is not None:
        triples += derived(during, sources)  # a stated end rests on the source that states it (the shapes want a cause behind an end)
    if confidence:
        triples.append(triple(iri, HSP + "confidence", Literal(confidence)))
    return triples + derived(iri, sources)


def quantity(iri: str, value: int, bound: str, label: str, sources: Iterable[str], unit: str = "", confidence: str = "") -> list[Triple]:
    """A schema:QuantitativeValue that keeps a bound a bound: ``over`` is a minValue, ``up-to`` a maxValue."""
    prop = {"over": "minValue", "up-to": "maxValue"}.get(bound, "value")
    unit_text = [(SCHEMA + "unitText", Literal(unit))] if unit else []
    return fact(iri, SCHEMA + "QuantitativeValue", label, [(SCHEMA + prop, Literal(value)), *unit_text], sources, confidence)
