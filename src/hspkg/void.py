"""A description of the dataset in VoID and DCAT, computed from the graph it describes.

Every count comes from a SPARQL query over the graph (shipped data, ``--data``,
or a remote endpoint alike), so the description cannot drift from the data; it
is made when asked for (``hspkg export --format void``, ``/.well-known/void``)
rather than kept in ``data/``, where it would count itself and go stale with
every change to the data.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import IO, TYPE_CHECKING

from .catalogue import internal
from .terms import PREFIXES

if TYPE_CHECKING:
    import rdflib

    from .graph import Graph

DATASET = "https://w3id.org/hspkg/dataset"
URI_SPACE = PREFIXES["id"]
LICENCE = "https://creativecommons.org/licenses/by/4.0/"
TITLE = "hspkg: UK health-science partnerships"
DESCRIPTION = (
    "Academic Health Science Centres and Networks, universities and NHS trusts in the UK, their "
    "memberships and partnerships over time, every fact traced to its published source."
)
VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"


def describe(
    graph: Graph,
    endpoint: str | None = None,
    dumps: Sequence[str] = (),
    issued: datetime.date | None = None,
) -> rdflib.Graph:
    """The VoID and DCAT description of ``graph``, as an rdflib graph.

    ``endpoint`` and ``dumps`` are where the data can be queried and downloaded,
    when it is served; ``issued`` is the date of the description (today by default).

    >>> import hspkg, rdflib
    >>> kg = hspkg.load()
    >>> described = describe(kg)
    >>> described.value(rdflib.URIRef(DATASET), rdflib.URIRef(VOID + "triples")).toPython() == len(kg)
    True
    """
    from rdflib import BNode, Literal, Namespace, URIRef
    from rdflib import Graph as RdfGraph
    from rdflib.namespace import DCTERMS, RDF, XSD

    from .version import __version__

    void, dcat = Namespace(VOID), Namespace(DCAT)
    out = RdfGraph()
    for prefix, namespace in {**PREFIXES, "void": VOID, "dcat": DCAT}.items():
        out.bind(prefix, namespace)
    dataset = URIRef(DATASET)

    def add(subject: URIRef | BNode, predicate: URIRef, value: object) -> None:
        out.add((subject, predicate, value if isinstance(value, (URIRef, BNode, Literal)) else Literal(value)))

    counts = _rows(graph, "counts")[0]
    add(dataset, RDF.type, void.Dataset)
    add(dataset, RDF.type, dcat.Dataset)
    add(dataset, DCTERMS.title, Literal(TITLE, lang="en"))
    add(dataset, DCTERMS.description, Literal(DESCRIPTION, lang="en"))
    add(dataset, DCTERMS.license, URIRef(LICENCE))
    add(dataset, dcat.version, __version__)
    add(dataset, DCTERMS.issued, Literal((issued or datetime.date.today()).isoformat(), datatype=XSD.date))
    add(dataset, void.uriSpace, URI_SPACE)
    add(dataset, void.triples, int(counts["triples"]))
    add(dataset, void.distinctSubjects, int(counts["subjects"]))
    add(dataset, void.distinctObjects, int(counts["objects"]))
    add(dataset, void.properties, int(counts["properties"]))
    add(dataset, void.entities, int(_rows(graph, "entities", space=URI_SPACE)[0]["entities"]))

    classes = [(row["class"], int(row["entities"])) for row in _rows(graph, "classes")]
    properties = [(row["property"], int(row["triples"])) for row in _rows(graph, "properties")]
    add(dataset, void.classes, len(classes))
    # blank nodes named for what they describe, so that the same graph is always described alike
    for iri, entities in sorted(classes):
        partition = BNode(_named("class", iri))
        add(dataset, void.classPartition, partition)
        add(partition, void["class"], URIRef(iri))
        add(partition, void.entities, entities)
    for iri, triples in sorted(properties):
        partition = BNode(_named("property", iri))
        add(dataset, void.propertyPartition, partition)
        add(partition, void.property, URIRef(iri))
        add(partition, void.triples, triples)
    used = {iri for iri, _ in classes} | {iri for iri, _ in properties}
    for namespace in sorted({ns for ns in PREFIXES.values() if any(i.startswith(ns) for i in used)}):
        add(dataset, void.vocabulary, URIRef(namespace))

    for row in _rows(graph, "sources"):
        add(dataset, DCTERMS.source, URIRef(row["source"]))

    if endpoint:
        add(dataset, void.sparqlEndpoint, URIRef(endpoint))
        service = BNode(_named("service", endpoint))
        add(dataset, dcat.accessService, service)
        add(service, RDF.type, dcat.DataService)
        add(service, dcat.endpointURL, URIRef(endpoint))
        add(service, DCTERMS.conformsTo, URIRef("https://www.w3.org/TR/sparql11-protocol/"))
    for dump in dumps:
        add(dataset, void.dataDump, URIRef(dump))
        distribution = BNode(_named("dump", dump))
        add(dataset, dcat.distribution, distribution)
        add(distribution, RDF.type, dcat.Distribution)
        add(distribution, dcat.downloadURL, URIRef(dump))
        add(distribution, DCTERMS.license, URIRef(LICENCE))
    return out


def _rows(graph: Graph, name: str, **params: object) -> list[dict[str, str]]:
    """The rows of a counting query (``queries/internal/void-NAME.rq``), every value as its lexical form (an aggregate is never unbound)."""
    text = internal(f"void-{name}").bind(params)
    return [{k: v.value if v is not None else "0" for k, v in row.items()} for row in graph.sparql(text, "the VoID description")]


def write(graph: Graph, output: IO[bytes], endpoint: str | None = None, dumps: Sequence[str] = ()) -> None:
    """Write the description of ``graph`` as Turtle, its triples in a stable order (rdflib's follows hash-seeded sets)."""
    from pyoxigraph import RdfFormat, parse, serialize

    triples = sorted(parse(describe(graph, endpoint, dumps).serialize(format="nt").encode("utf-8"), format=RdfFormat.N_TRIPLES), key=str)
    output.write(serialize(triples, format=RdfFormat.TURTLE, prefixes={**PREFIXES, "void": VOID, "dcat": DCAT}) or b"")


def _named(kind: str, iri: str) -> str:
    """A blank node label from what the node describes: ``class-`` and a digest of the class IRI."""
    import hashlib

    return f"{kind}-{hashlib.sha256(iri.encode('utf-8')).hexdigest()[:16]}"
