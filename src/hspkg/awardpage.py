"""What a Linked Data page says of research awards: a centre's rounds, hosts, partners and funding.

A research centre (an NIHR BRC, BRU, CLAHRC or ARC) is one organisation across
its rounds; each round's award (``hsp:Award``, ``hsp:designee`` the centre)
has its programme, round, kind, theme, term and money, and the organisations
that host it, lead it or take part in it are memberships with ``org:role`` and
``hsp:award``. A centre's page lists one block per award, oldest round first:
what each source says of it (kind, theme, term, amount with its currency and
bound, the body that funded the round), and who held which role, each with its
sources. Where sources give different amounts, the preferred one comes first
and each says what the data makes of it (:mod:`hspkg.claims`).

Everything here is read through :class:`hspkg.description.Description`'s
indexes, never by walking its triples: a page costs the same per award however
large the graph.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .claims import ORDER, Said, status
from .terms import PREFIXES, expand

if TYPE_CHECKING:
    from .description import Description

HSP, ORG, SCHEMA, TIME = PREFIXES["hsp"], PREFIXES["org"], PREFIXES["schema"], PREFIXES["time"]
SOURCE = expand("prov:wasDerivedFrom")
PART_OF, ASSOCIATED = expand("dcterms:isPartOf"), expand("prov:wasAssociatedWith")
SUBJECT, PREDICATE, OBJECT = expand("rdf:subject"), expand("rdf:predicate"), expand("rdf:object")
RDF_TYPE = expand("rdf:type")
# roles in the order a page lists them: who holds the award first
ROLES = ("host", "lead", "partner", "member", "founding-member", "board-member", "project-partner")
BOUNDS = {"over": "over", "nearly": "nearly", "up-to": "up to", "exact": "exactly"}

Link = Callable[[Any], dict[str, str | None]]


def _year(d: Description, interval: str, side: str) -> str | None:
    for instant in d.objects(interval, TIME + side):
        return instant.value.rsplit("/", 1)[-1]
    return None


def _role(d: Description, membership: str) -> str:
    """A membership's role as the page names it (its label, else its notation); a plain member where none is given."""
    for role in d.objects(membership, ORG + "role"):
        return d.labels.get(role.value) or role.value.rsplit("/", 1)[-1].replace("-", " ")
    return "member"


def rank(role: str) -> int:
    """Where a role comes in a list: host, lead, partner, then the members' roles.

    >>> sorted(["project partner", "partner", "host", "board member"], key=rank)
    ['host', 'partner', 'board member', 'project partner']
    """
    key = role.replace(" ", "-")
    return ROLES.index(key) if key in ROLES else len(ROLES)


def _amount(d: Description, node: str, link: Link, known: Said) -> dict[str, Any]:
    """One source's figure: its words (the label: '£6.7m', 'over £6.5m'), the number, currency, bound and period."""
    first = {p: next((o.value for o in d.objects(node, SCHEMA + p)), None) for p in ("value", "minValue", "maxValue", "currency")}
    number = first["value"] or first["minValue"] or first["maxValue"]
    bound = next((o.value for o in d.objects(node, HSP + "bound")), "")
    period = next((o.value for o in d.objects(node, HSP + "perPeriod")), "")
    exact = f"{first['currency'] or ''} {int(float(number)):,}".strip() if number else ""
    said, why = status(d.triples, node, known)
    return {
        "iri": node,
        "text": d.labels.get(node) or exact,
        "exact": " ".join(filter(None, [BOUNDS.get(bound, bound), exact, "per year" if period == "P1Y" else period])),
        "currency": first["currency"] or "",
        "bound": bound,
        "status": said,
        "why": why,
        "sources": [link(s) for s in d.objects(node, SOURCE)],
    }


def _stated(d: Description, award: str, predicate: str, link: Link) -> list[dict[str, Any]]:
    """What sources say of an award through reified statements (its kind, its theme): one entry per value, with every source."""
    values: dict[str, dict[str, Any]] = {}
    for statement in d.subjects(SUBJECT, award):
        if not any(p.value == predicate for p in d.objects(statement.value, PREDICATE)):
            continue
        for value in d.objects(statement.value, OBJECT):
            entry = values.setdefault(value.value, {"value": link(value), "sources": []})
            entry["sources"] += [link(s) for s in d.objects(statement.value, SOURCE)]
    for value in d.objects(award, predicate):  # stated directly, without a reified statement
        values.setdefault(value.value, {"value": link(value), "sources": []})
    return [values[k] for k in sorted(values)]


def award(d: Description, node: str, link: Link, known: Said) -> dict[str, Any]:
    """One award as a centre's page shows it."""
    from pyoxigraph import NamedNode  # here: the server's front imports this module and never reads the store

    rounds = d.objects(node, PART_OF)
    funders = [link(f) for r in rounds for f in d.objects(r.value, ASSOCIATED)]
    funders += [{"text": w.value, "href": None} for r in rounds for w in d.objects(r.value, HSP + "designatedByName")]
    terms = [
        {"from": _year(d, t.value, "hasBeginning"), "to": _year(d, t.value, "hasEnd"), "sources": [link(s) for s in d.objects(t.value, SOURCE)]}
        for t in d.objects(node, HSP + "awardTerm")
    ]
    amounts = sorted((_amount(d, a.value, link, known) for a in d.objects(node, SCHEMA + "amount")), key=lambda a: (ORDER[a["status"]], a["iri"]))
    held: list[dict[str, Any]] = []
    for membership in d.subjects(HSP + "award", node):
        during = next(iter(d.objects(membership.value, ORG + "memberDuring")), None)
        held += [
            {
                "role": _role(d, membership.value),
                "organisation": link(member),
                "membership": link(membership),
                "from": _year(d, during.value, "hasBeginning") if during else None,
                "to": _year(d, during.value, "hasEnd") if during else None,
                "sources": [link(s) for s in d.objects(membership.value, SOURCE)],
            }
            for member in d.objects(membership.value, ORG + "member")
        ]
    held.sort(key=lambda h: (rank(h["role"]), str(h["organisation"]["text"])))
    year = next((y.value for r in rounds for y in d.objects(r.value, HSP + "roundYear")), None)
    return {
        "link": link(NamedNode(node)),
        "iri": node,
        "centre": [link(c) for c in d.objects(node, HSP + "designee") if c.value != d.iri],  # on the award's own page
        "programme": [link(p) for p in d.objects(node, HSP + "programme")],
        "round": [link(r) for r in rounds],
        "on_its_round": any(r.value == d.iri for r in rounds),  # the page is its round's: it says "awards of this round"
        "year": year or next((t["from"] for t in terms if t["from"]), None) or "",
        "kinds": _stated(d, node, HSP + "awardKind", link),
        "themes": _stated(d, node, HSP + "theme", link),
        "terms": terms,
        "amounts": amounts,
        "funders": funders,
        "held": held,
        "sources": [link(s) for s in d.objects(node, SOURCE)],
    }


def awards(d: Description, link: Link, known: Said) -> list[dict[str, Any]]:
    """The awards that designate the page's resource, by round year (a centre's page); an award's page, the award;
    a round's page, the awards it made, by centre; none for anything else."""
    found = [award(d, a.value, link, known) for a in d.subjects(HSP + "designee", d.iri)]
    if d.objects(d.iri, HSP + "designee"):
        found.append(award(d, d.iri, link, known))
    # a round's page: the awards it made, by centre
    made = [a for a in d.subjects(PART_OF, d.iri) if any(t.value == HSP + "Award" for t in d.objects(a.value, RDF_TYPE))]
    if made:
        return sorted((award(d, a.value, link, known) for a in made), key=lambda a: (str(a["centre"][0]["text"]) if a["centre"] else "", a["iri"]))
    return sorted(found, key=lambda a: (str(a["year"]), a["iri"]))


def membership_extra(d: Description, membership: str, network: str | None, link: Link) -> dict[str, Any]:
    """What a row of an organisation's (or a network's) membership table adds for research: role, award, programme.

    The programme is the network's own (a research centre's), else its award's; AHSCs and AHSNs are told by their kind.
    """
    awarded = d.objects(membership, HSP + "award")
    programmes = [p for n in ([network] if network else []) for p in d.objects(n, HSP + "programme")]
    programmes = programmes or [p for a in awarded for p in d.objects(a.value, HSP + "programme")]
    kinds = [k for n in ([network] if network else []) for k in d.objects(n, ORG + "classification")]
    return {
        "role": _role(d, membership),
        "award": [link(a) for a in awarded],
        "programme": [link(p) for p in programmes] or [link(k) for k in kinds if k.value.rsplit("/", 1)[-1] in ("ahsc", "ahsn")],
    }
