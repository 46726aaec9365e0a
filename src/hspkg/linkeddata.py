"""Linked Data: every IRI of ours as a page for people and as RDF for programs.

A resource is described by the catalogue's ``describe`` query; the description
is rendered as HTML (a Jinja2 template), Turtle or JSON-LD. Slash IRIs of things
(``/id/org/ucl``) answer ``303 See Other`` to the document about them
(``/doc/org/ucl.html``, ``.ttl`` or ``.jsonld``, by ``Accept`` or ``?format=``),
as the W3C note "Cool URIs for the Semantic Web" describes; the ontology, a hash
namespace, is its own document and answers ``200``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable
from functools import cache
from typing import TYPE_CHECKING, Any

from . import awardpage
from .claims import grouped, said
from .description import Description
from .errors import InputError
from .terms import PREFIXES, Term, compact, expand

if TYPE_CHECKING:
    import jinja2
    from starlette.requests import Request
    from starlette.responses import Response

    from .graph import Graph

BASE = "https://w3id.org/hspkg/"
ID = BASE + "id/"
ONTOLOGY = BASE + "ontology"
PAGE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'"

ORG, SCHEMA, TIME = PREFIXES["org"], PREFIXES["schema"], PREFIXES["time"]
RDF_TYPE, LABEL = expand("rdf:type"), expand("rdfs:label")
PROV_SOURCE = expand("prov:wasDerivedFrom")
XSD_STRING = expand("xsd:string")
# where an identifier of a scheme can be looked up, when its value is not itself a link
LOOK_UP = {"ODS": "https://directory.spineservices.nhs.uk/ORD/2-0-0/organisations/{}"}


def describe(graph: Graph, iri: str) -> Description | None:
    """The description of ``iri``, or None when the graph says nothing about it.

    >>> import hspkg
    >>> ucl = describe(hspkg.load(), ID + "org/ucl")
    >>> ucl.labels[ID + "org/uclpartners"]
    'UCLPartners'
    >>> describe(hspkg.load(), ID + "org/atlantis") is None
    True
    """
    try:
        rows = list(graph.query("describe", resource=iri))
    except InputError:
        return None  # not an IRI at all
    from .catalogue import internal

    # a research centre's awards and an organisation's roles in them: labelled resources describe leaves out (see awardpage.py)
    rows += list(graph.query(internal("page-awards"), resource=iri))
    triples: list[tuple[Term, Term, Term]] = []
    labels: dict[str, str] = {}
    for row in rows:
        s, p, o, label = row["s"], row["p"], row["o"], row["label"]
        if s is None or p is None or o is None:
            continue  # the query binds all three; a store that does not is skipped, not trusted
        triples.append((s, p, o))
        if label is not None:
            labels.setdefault(o.value, label.value)
    if not any(s.value == iri for s, _, _ in triples):
        return None
    unique = list(dict.fromkeys(triples))
    for s, p, o in unique:
        if p.value == LABEL:
            labels.setdefault(s.value, o.value)
    return Description(iri, unique, labels)


def href(iri: str) -> str | None:
    """Where a page links for an IRI: our own on this server, a web one where it is, others nowhere.

    >>> href("https://w3id.org/hspkg/id/org/ucl#ror"), href("https://w3id.org/hspkg/ontology#University")
    ('/id/org/ucl#ror', '/ontology#University')
    >>> href("https://ror.org/02jx3x895"), href("javascript:alert(1)"), href("urn:isbn:0451450523")
    ('https://ror.org/02jx3x895', None, None)
    """
    if iri.startswith(ID):
        return "/id/" + iri[len(ID) :]
    if iri == ONTOLOGY or iri.startswith(ONTOLOGY + "#"):
        return "/ontology" + iri[len(ONTOLOGY) :]
    # data loaded with --data may hold any IRI: only web addresses become links
    return iri if iri.startswith(("http://", "https://")) else None


def _other(claim: dict[str, Any]) -> str:
    return " ".join(str(o["href"] or o["text"]) for o in claim["other"])


def _with_role(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each row's roles (hosts and leads before partners; each claim says its own) and programme."""
    for row in rows:
        row["role"] = ", ".join(sorted({str(c["role"]) for c in row["claims"]}, key=awardpage.rank))
        row["programme"] = row["claims"][0]["programme"]
        standing = [c for c in row["claims"] if c["status"] != "set aside" and c["award"]]
        if len({str(c["award"]) for c in standing}) > 1:  # one claim per round: the row spans them all
            row["from"] = min((c["from"] for c in standing if c["from"]), default=None)
            row["to"] = max((c["to"] for c in standing if c["to"]), default=None)
    return rows


def page(description: Description) -> dict[str, Any]:
    """What the HTML page shows, arranged: label, kinds, identifiers, memberships, partners, facts, statements."""
    from pyoxigraph import Literal

    d = description
    iri = d.iri

    def link(value: Any) -> dict[str, str | None]:
        if isinstance(value, Literal):
            return {"text": value.value, "href": None}
        text = d.labels.get(value.value) or compact(value.value)
        return {"text": text, "href": href(value.value)}

    def year(interval: str, side: str) -> str | None:
        for instant in d.objects(interval, TIME + side):
            return instant.value.rsplit("/", 1)[-1]
        return None

    def sources(fact: str) -> list[dict[str, str | None]]:
        return [link(s) for s in d.objects(fact, PROV_SOURCE)]

    def membership(m: Any, other: str) -> dict[str, Any]:
        during = next(iter(d.objects(m.value, ORG + "memberDuring")), None)
        network = next((o.value for o in d.objects(m.value, ORG + "organization")), None)
        return {
            "iri": m.value,
            "link": link(m),
            **awardpage.membership_extra(d, m.value, network, link),
            "other": [link(o) for o in d.objects(m.value, ORG + other)],
            "from": year(during.value, "hasBeginning") if during else None,
            "to": year(during.value, "hasEnd") if during else None,
            "seen": year(during.value, "inside") if during else None,
            "sources": sources(m.value),
        }

    # one row per network (per member), each source's claim (each round's award) under it with its role: see claims.py
    memberships = _with_role(grouped([membership(m, "organization") for m in d.subjects(ORG + "member", iri)], d.triples, _other))
    members = _with_role(grouped([membership(m, "member") for m in d.subjects(ORG + "organization", iri)], d.triples, _other))
    networks = {o.value for m in d.subjects(ORG + "member", iri) for o in d.objects(m.value, ORG + "organization")}
    partners: dict[str, set[str]] = defaultdict(set)
    for s, p, o in d.triples:
        if p.value == ORG + "organization" and o.value in networks:
            for member in d.objects(s.value, ORG + "member"):
                if member.value != iri:
                    partners[member.value].add(o.value)
    identifiers = []
    for node in d.objects(iri, SCHEMA + "identifier"):
        scheme = next((v.value for v in d.objects(node.value, SCHEMA + "propertyID")), "")
        for value in d.objects(node.value, SCHEMA + "value"):
            target = value.value if value.value.startswith(("http://", "https://")) else None
            if target is None and scheme in LOOK_UP:
                target = LOOK_UP[scheme].format(value.value)
            identifiers.append(
                {"scheme": scheme, "value": value.value, "href": target, "sources": sources(node.value), "anchor": node.value.rpartition("#")[2]}
            )
    shown = {ORG + "member", ORG + "organization"}
    facts = [
        {"link": link(s), "relation": link(p), "kinds": [link(t) for t in d.objects(s.value, RDF_TYPE)], "sources": sources(s.value)}
        for s, p, o in d.triples
        if o.value == iri and s.value != iri and p.value not in shown
    ]
    statements = [{"property": link(p), "value": link(o)} for s, p, o in d.triples if s.value == iri]
    return {
        "iri": iri,
        "title": d.labels.get(iri) or compact(iri),
        "kinds": [link(t) for t in d.objects(iri, RDF_TYPE)],
        "identifiers": identifiers,
        "memberships": memberships,
        "members": members,
        "partners": sorted(
            (
                {
                    "link": {"text": d.labels.get(p, compact(p)), "href": href(p)},
                    "via": [{"text": d.labels.get(n, compact(n)), "href": href(n)} for n in sorted(ns)],
                }
                for p, ns in partners.items()
            ),
            key=lambda row: str(row["link"]["text"]),
        ),
        "facts": facts,
        "awards": awardpage.awards(d, link, said(d.triples)),
        "statements": statements,
        "sources": sources(iri),
        "doc": "/doc/" + iri[len(ID) :] if iri.startswith(ID) else "",
    }


@cache
def templates() -> jinja2.Environment:
    """The page templates shipped in ``hspkg/templates``, HTML-escaped by default."""
    import jinja2

    return jinja2.Environment(loader=jinja2.PackageLoader("hspkg", "templates"), autoescape=True, undefined=jinja2.StrictUndefined)


def html(description: Description) -> bytes:
    """The HTML page of a description.

    >>> import hspkg
    >>> b"University College London" in html(describe(hspkg.load(), ID + "org/ucl"))
    True
    """
    return templates().get_template("resource.html").render(**page(description)).encode("utf-8")


def void_job(base: str) -> dict[str, Any]:
    """The worker job that describes the served graph in VoID, with the server's addresses under ``base``."""
    return {"kind": "void", "endpoint": f"{base}sparql", "dumps": [f"{base}dump.nt"]}


# How the server answers a request with a worker job: the job's answer, or its error as plain text.
Answer = Callable[["Request", dict[str, Any], dict[str, str]], Awaitable["Response"]]


def handlers(answer: Answer, base: str) -> dict[str, Callable[[Request], Any]]:
    """The handlers of the server's Linked Data routes (``/id/…``, ``/doc/…``, ``/ontology``,
    ``/.well-known/void``, ``/context.jsonld``, ``/dump.nt``; the table is :func:`hspkg.serve.routes`).

    Whatever reads the graph is a worker job given to ``answer`` (see :mod:`hspkg.documents`),
    under the server's time limit and size cap; ``base`` is the server's public address
    (``--base-url``), which VoID gives as the endpoint's and the dump's, whatever the Host header says.
    """
    from urllib.parse import quote

    from starlette.responses import PlainTextResponse, Response

    from . import ontodocs
    from .formats import PAGE, Format, choose, formats, get, negotiate
    from .jsonld import context_text

    pages = formats(PAGE)
    offered = ", ".join(f.media_type for f in pages)

    def chosen(request: Request) -> Format | Response:
        """``?format=`` (a name, an alias or an extension) first, then the ``Accept`` header (none: HTML)."""
        asked = request.query_params.get("format")
        format = choose(PAGE, asked) if asked else negotiate(request.headers.get("accept"), pages)
        if format is None:
            return PlainTextResponse(f"no representation fits; this server offers {offered}\n", status_code=406)
        return format

    async def resource(request: Request) -> Response:
        path = request.path_params["path"]
        format = chosen(request)
        if isinstance(format, Response):
            return format
        # /id/org/ucl%23ror names the part #ror of /id/org/ucl: it is described in that document
        thing, hash, part = path.partition("#")
        known = await answer(request, {"kind": "known", "iris": list(dict.fromkeys([ID + path, ID + thing]))}, {})
        if known.status_code != 200:
            return known
        # a thing is not a document: "303 See Other" names the document about it
        location = quote(f"/doc/{thing}{format.suffix}") + (hash + quote(part, safe="") if part else "")
        return Response(status_code=303, headers={"Location": location, "Vary": "Accept"})

    async def document(request: Request) -> Response:
        path = request.path_params["path"]
        format = next((f for f in pages if path.endswith(f.suffix)), None)
        if format is None:
            return PlainTextResponse(f"/doc/{path}: a document ends in {', '.join(f.suffix for f in pages)}\n", status_code=404)
        iri = ID + path[: -len(format.suffix)]
        # the page is static: no script runs in it, whatever the data holds
        html = format.name == "html"
        return await answer(request, {"kind": "page", "iri": iri, "format": format.name}, {"Content-Security-Policy": PAGE_POLICY} if html else {})

    def ontology(request: Request) -> Response:
        format = chosen(request)
        if isinstance(format, Response):
            return format
        html = format.name == "html"
        body = ontodocs.html().encode("utf-8") if html else ontodocs.rdf(format.name)
        # a hash namespace: the ontology is its own document, so 200, varying by Accept
        headers = {"Vary": "Accept", **({"Content-Security-Policy": PAGE_POLICY} if html else {})}
        return Response(body, media_type=format.media_type, headers=headers)

    async def dataset(request: Request) -> Response:
        # counted once per served graph (the answer is kept); the addresses are the server's own
        return await answer(request, {**void_job(base), "keep": True}, {})

    def context(request: Request) -> Response:
        return Response(context_text().encode("utf-8"), media_type=get(PAGE, "jsonld").media_type)

    async def download(request: Request) -> Response:
        return await answer(request, {"kind": "dump", "keep": True}, {"Content-Disposition": 'attachment; filename="hspkg.nt"'})

    return {"resource": resource, "document": document, "ontology": ontology, "dataset": dataset, "context": context, "download": download}
