"""The memberships and partners views: organisations as nodes, drawn from the views' own queries.

Attribute values are strings or numbers, never lists or None, so that every
export format can type them; an unknown value is left out.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

from ..catalogue import Runs
from .queries import Value, rows

N = TypeVar("N", bound="nx.Graph[str]")

if TYPE_CHECKING:
    import networkx as nx


_DIGITS = re.compile(r"[+-]?[0-9]+")
_LONG = 2**63  # Oxigraph's integers are 64 bits: a cast past them fails
IDENTIFIERS = {"ods": "ODS", "ror": "ROR", "wikidata": "Wikidata", "ukprn": "UKPRN"}  # attribute -> scheme (schema:propertyID)
TRUSTS = ("nhs-trust", "nhs-foundation-trust")


@dataclass
class Organisation:
    """What the views know of one organisation: its node attributes and its dates."""

    attributes: dict[str, str | int]
    partnership: bool
    statuses: dict[str, int] = field(default_factory=dict)  # status (ahsc, ahsn) -> first year designated
    formed: int | None = None
    ceased: int | None = None
    # names and kinds a change began or ended: (value, first year, year it ended); the rest hold throughout
    names: list[tuple[str, int | None, int | None]] = field(default_factory=list)
    kinds: list[tuple[str, int | None, int | None]] = field(default_factory=list)

    def exists(self, year: int | None) -> bool:
        """Whether it existed in ``year``: designated by then (a partnership), else not formed later and not ceased before."""
        if year is None:
            return True
        if self.partnership:
            return any(first <= year for first in self.statuses.values())
        return (self.formed is None or self.formed <= year) and (self.ceased is None or self.ceased >= year)

    def node(self, year: int | None) -> dict[str, str | int]:
        """Its node attributes as of ``year``: the name and kind valid then, and a partnership's kind what it had been designated by then.

        Where the organisation had dated names (or kinds) and none is valid that
        year, the current one is used and ``nameBasis`` (``kindBasis``) says so.
        Without a year, ``names`` lists every dated name with its years (for the
        HTML page's year slider).
        """
        attributes = dict(self.attributes)
        if year is None and self.names:
            attributes["names"] = "; ".join(f"{v} ({_span(b, e)})" for v, b, e in sorted(self.names, key=lambda n: (n[1] or 0, n[0])))
        if year is not None and self.names:
            valid = sorted(v for v, b, e in self.names if _holds(b, e, year))
            if valid:
                attributes["label"] = attributes["name"] = valid[0]
                attributes["nameBasis"] = f"name in {year}"
            else:
                attributes["nameBasis"] = f"current name (none dated for {year})"
        if year is not None and self.kinds and not self.partnership:
            valid = sorted(v for v, b, e in self.kinds if _holds(b, e, year))
            if valid:
                attributes["kind"] = "+".join(valid)
                attributes["kindBasis"] = f"kind in {year}"
            else:
                attributes["kindBasis"] = f"current kind (none dated for {year})"
        if year is not None and self.partnership:
            attributes["kind"] = "+".join(sorted(s for s, first in self.statuses.items() if first <= year))
        first = min(self.statuses.values()) if self.partnership and self.statuses else self.formed
        if first is not None:
            attributes["start"] = first
        if self.ceased is not None:
            attributes["end"] = self.ceased
        return attributes


def organisations(graph: Runs) -> dict[str, Organisation]:
    """Every organisation by IRI, with its kinds, identifiers, designations and lifespan."""
    labels: dict[str, str] = {}
    kinds: dict[str, set[str]] = {}
    partnerships: set[str] = set()
    for row in rows(graph, "organisations"):  # a row per organisation and kind
        iri, label = str(row["organisation"]), str(row["label"])
        if (known := labels.get(iri)) is None or label < known:  # one name (should a graph give two, the same one every time)
            labels[iri] = label
        if row["kind"] is not None:
            kinds.setdefault(iri, set()).add(str(row["kind"]))
        if row["partnership"]:
            partnerships.add(iri)
    identified: dict[tuple[str, str], set[str]] = {}
    for row in rows(graph, "identifiers"):
        identified.setdefault((str(row["organisation"]), str(row["scheme"])), set()).add(str(row["value"]))
    found: dict[str, Organisation] = {}
    for iri, label in labels.items():
        kind = "+".join(sorted((" ".join(kinds.get(iri, ())) or "organisation").split()))
        attributes: dict[str, str | int] = {"label": label, "name": label, "kind": kind, "iri": iri}
        for key, scheme in IDENTIFIERS.items():
            if values := " ".join(identified.get((iri, scheme), ())):
                attributes[key] = " ".join(sorted(values.split()))
        found[iri] = Organisation(attributes, partnership=iri in partnerships)
    for row in rows(graph, "designations"):
        if (partnership := found.get(str(row["partnership"]))) and (year := _year(row["year"])) is not None:
            status = str(row["status"])
            partnership.statuses[status] = min(year, partnership.statuses.get(status, year))
    for row in rows(graph, "names"):
        if organisation := found.get(str(row["organisation"])):
            dated = (str(row["value"]), _year(row["begin"]), _year(row["end"]))
            (organisation.names if row["what"] == "name" else organisation.kinds).append(dated)
    for row in rows(graph, "lifespans"):
        if organisation := found.get(str(row["organisation"])):
            organisation.formed = _earliest(organisation.formed, _year(row["formed"]))
            organisation.ceased = _earliest(organisation.ceased, _year(row["ceased"]))
    return found


def claims(graph: Runs) -> dict[tuple[str, str], dict[str, str | int]]:
    """One membership edge's attributes per (member, partnership), joining the claims no disagreement sets aside:
    from the first start to the last end (the rounds of a research centre's awards, each a claim of its own)."""
    joined: dict[tuple[str, str], list[dict[str, Value]]] = {}
    for row in rows(graph, "memberships"):
        pair = (str(row["member"]), str(row["network"]))
        if (claimed := joined.get(pair)) is None:
            joined[pair] = [row]
        else:
            claimed.append(row)
    edges = {}
    for pair in sorted(joined):
        claimed = joined[pair]
        if len(claimed) == 1:  # most pairs: one claim, its values as they are
            row = claimed[0]
            stated, seen, end = _integer(row["start"]), _integer(row["seen"]), _integer(row["end"])
            roles, programmes, sources = ([] if (v := row[c]) is None else [str(v)] for c in ("role", "programme", "source"))
        else:  # each column's values over the claims, unbound ones left out
            starts, seens, ends = ([y for row in claimed if (y := _integer(row[c])) is not None] for c in ("start", "seen", "end"))
            stated, seen = (min(values) if values else None for values in (starts, seens))
            # the last end: a research centre's member renewed round after round (2017–2022, 2022–2027) is one in 2024
            end = max(ends) if ends else None
            roles, programmes, sources = (sorted(str(v) for v in {row[c] for row in claimed} - {None}) for c in ("role", "programme", "source"))
        attributes: dict[str, str | int] = {"label": "member of", "interaction": "member of"}
        # the roles the sources give (a project partner only shares a project: its edge says so, and it is no member)
        if roles:
            attributes["role"] = "; ".join(roles)
            if set(roles) == {"project-partner"}:
                attributes["label"] = attributes["interaction"] = "project partner of"
        if programmes:
            attributes["programme"] = "; ".join(programmes)
        if (start := stated if stated is not None else seen) is not None:
            attributes["basis"] = "stated" if stated is not None else "seen"
        attributes.update(_dated(start, end, sources))
        edges[pair] = attributes
    return edges


def changes(graph: Runs) -> list[tuple[str, str, dict[str, str | int]]]:
    """One edge per change and predecessor: (predecessor, successor, attributes)."""
    joined: dict[tuple[str, str, str], list[dict[str, Value]]] = defaultdict(list)
    for row in rows(graph, "changes"):
        joined[(str(row["predecessor"]), str(row["successor"]), str(row["change"]))].append(row)
    edges = []
    for (predecessor, successor, change), found in sorted(joined.items()):
        first = found[0]
        attributes: dict[str, str | int] = {"label": str(first["type"]), "interaction": str(first["type"]), "iri": change}
        years = [y for row in found if (y := _year(row["year"])) is not None]
        attributes.update(_dated(min(years) if years else None, None, {str(row["source"]) for row in found if row["source"]}))
        if first["label"]:
            attributes["description"] = str(first["label"])
        edges.append((predecessor, successor, attributes))
    return edges


def memberships(graph: Runs, as_of: int | None = None, keep_unlinked: bool = False) -> nx.DiGraph[str]:
    """Partnerships and their members, one edge per member and partnership; changes as edges predecessor → successor.

    A membership edge carries ``start`` (the earliest start a source states, or
    else the year a source first saw the member: ``basis`` says which), ``end``
    and ``sources``; a change edge its kind as ``label``, its year and sources.
    Every partnership is a node; other organisations are nodes when an edge
    links them, or with ``keep_unlinked``. With ``as_of``, only what existed
    that year: partnerships designated by then, organisations not yet formed or
    already ceased left out, memberships begun by then and not ended before.

    >>> from hspkg import load
    >>> g = memberships(load())
    >>> g.edges["https://w3id.org/hspkg/id/org/ucl", "https://w3id.org/hspkg/id/org/uclpartners"]["start"]
    2008
    """
    import networkx as nx  # here, not at the top: the CLI lists the views at every start

    known = organisations(graph)
    network: nx.DiGraph[str] = nx.DiGraph(view="memberships", as_of=as_of or "")
    present = {iri for iri, o in known.items() if o.exists(as_of)}
    edges = [(member, partnership, a) for (member, partnership), a in claims(graph).items() if as_of is None or _current(a, as_of)]
    edges += [(p, s, a) for p, s, a in changes(graph) if as_of is None or int(a.get("start", as_of + 1)) <= as_of]
    # a partnership stands alone where no source names a member; a research centre is drawn by its awards' roles only
    centres = {iri for iri in present if str(known[iri].attributes["kind"]) in ("brc", "bru", "clahrc", "arc")}
    shown = {iri for iri in present if (known[iri].partnership and iri not in centres) or keep_unlinked}
    drawn = []
    for source, target, attributes in sorted(edges, key=lambda e: (e[0], e[1])):
        if source in present and target in present:
            shown.add(source)
            shown.add(target)
            if attributes["interaction"] in ("member of", "project partner of") and "programme" not in attributes:
                # a membership's programme: a research centre's own, else the scheme its partnership's kind names (ahsc, ahsn, ahsc+ahsn)
                attributes = {**attributes, "programme": str(known[target].attributes["kind"])}
            drawn.append((source, target, attributes))
    # nodes by IRI, then edges by their ends: the order _ordered gives, without building the network twice
    network.add_nodes_from((iri, known[iri].node(as_of)) for iri in sorted(shown))
    network.add_edges_from(drawn)
    # a partnership's programme on its node too, from its memberships'
    for _, target, attributes in network.edges(data=True):
        if "programme" in attributes and known[target].partnership:
            network.nodes[target]["programme"] = attributes["programme"]
    for iri in network.nodes:
        if known[iri].partnership:
            network.nodes[iri].setdefault("programme", str(network.nodes[iri]["kind"]))
    _programmes_on_nodes(network)
    return network


def _programmes_on_nodes(network: nx.Graph[str]) -> None:
    """Every node that takes part in a programme says which (``programmes``: ``ahsc; nihr-brc``), so a tool can filter members by programme."""
    found: dict[str, set[str]] = defaultdict(set)
    split: dict[str, list[str]] = {}  # each value once: a view has a handful of them and tens of thousands of edges
    for source, target, attributes in network.edges(data=True):
        value = str(attributes.get("programme") or attributes.get("programmes") or "")
        if value not in split:
            split[value] = [p for each in value.split("; ") for p in each.split("+") if p]
        if split[value]:
            found[source].update(split[value])
            found[target].update(split[value])
    for node, programmes in found.items():
        network.nodes[node]["programmes"] = "; ".join(sorted(programmes))


def partners(graph: Runs, as_of: int | None = None, keep_unlinked: bool = False) -> nx.Graph[str]:
    """Universities and NHS trusts, joined when they are members of one partnership; ``weight`` counts the partnerships.

    ``start`` is the first year both were members of one partnership, where the
    sources date both memberships.

    >>> from hspkg import load
    >>> g = partners(load())
    >>> g.edges["https://w3id.org/hspkg/id/org/ucl", "https://w3id.org/hspkg/id/org/uclh"]["networks"]
    'NIHR Queen Square Dementia Biomedical Research Unit; NIHR University College London Hospitals Biomedical Research Centre; UCLPartners'
    """
    import networkx as nx  # here, not at the top: the CLI lists the views at every start

    known = organisations(graph)
    kinds = {iri: str(o.attributes["kind"]) for iri, o in known.items()}
    members: dict[str, dict[str, dict[str, str | int]]] = defaultdict(dict)  # partnership -> member -> membership
    for (member, partnership), attributes in claims(graph).items():
        if attributes["interaction"] == "project partner of":
            continue  # a project partner shares a project, not the partnership
        if member in known and known[member].exists(as_of) and (as_of is None or _current(attributes, as_of)):
            members[partnership][member] = attributes
    shared: dict[tuple[str, str], list[tuple[str, int | None, str]]] = defaultdict(list)
    for partnership, found in members.items():
        universities = [m for m in found if kinds[m] == "university"]
        trusts = [m for m in found if kinds[m] in TRUSTS]
        for university in universities:
            for trust in trusts:
                starts = [_year(found[university].get("start")), _year(found[trust].get("start"))]
                both = max(s for s in starts if s is not None) if None not in starts else None
                programme = str(found[university].get("programme") or known[partnership].attributes["kind"])
                shared[(university, trust)].append((str(known[partnership].attributes["label"]), both, programme))
    network: nx.Graph[str] = nx.Graph(view="partners", as_of=as_of or "")
    if keep_unlinked:
        network.add_nodes_from(iri for iri, o in known.items() if o.exists(as_of) and (kinds[iri] == "university" or kinds[iri] in TRUSTS))
    for (university, trust), networks in sorted(shared.items()):
        network.add_edge(university, trust, label="partners with", interaction="partners with", weight=len(networks))
        network.edges[university, trust]["networks"] = "; ".join(sorted(name for name, *_ in networks))
        # the programmes of the partnerships they share (ahsc+ahsn counted as both)
        network.edges[university, trust]["programmes"] = "; ".join(sorted({p for *_, each in networks for p in each.split("+")}))
        if dated := [s for _, s, _ in networks if s is not None]:
            network.edges[university, trust]["start"] = min(dated)
    for iri in network.nodes:
        network.nodes[iri].update(known[iri].node(as_of))
    _programmes_on_nodes(network)
    return _ordered(network)


def _dated(start: int | None, end: int | None, sources: Iterable[object]) -> dict[str, str | int]:
    dated: dict[str, str | int] = {}
    if start is not None:
        dated["start"] = start
    if end is not None:
        dated["end"] = end
    if sources := list(sources):
        dated["sources"] = " ".join(sorted(str(s) for s in sources))
    return dated


def _current(attributes: dict[str, str | int], year: int) -> bool:
    """A membership in force in ``year``: begun (or seen) by then and not ended before; an undated one is not known to be."""
    start, end = attributes.get("start"), attributes.get("end")
    return isinstance(start, int) and start <= year and (end is None or int(end) >= year)


def _holds(begin: int | None, end: int | None, year: int) -> bool:
    """Whether a name or kind held in ``year``: begun in or before it and not ended in or before it (the one in force at the year's end)."""
    return (begin is None or begin <= year) and (end is None or end > year)


def _span(begin: int | None, end: int | None) -> str:
    return f"{begin or ''}–{end or ''}"


def _earliest(a: int | None, b: int | None) -> int | None:
    return b if a is None else a if b is None else min(a, b)


def _integer(value: Value) -> int | None:
    """A year of the data (``time:inXSDgYear``) as a number, as SPARQL's ``xsd:integer(STR(?year))`` reads it on Oxigraph:
    a sign and ASCII digits, within 64 bits; anything else, none.

    >>> _integer("2013"), _integer("-0044"), _integer(2013), _integer("2013Z"), _integer(" 2013"), _integer(2013.0), _integer(str(2**63))
    (2013, -44, 2013, None, None, None, None)
    """
    if type(value) is str and value.isdigit() and value.isascii() and len(value) < 19:  # the years of any data: digits, within 64 bits
        return int(value)
    if isinstance(value, str):
        if not _DIGITS.fullmatch(value):
            return None
        value = int(value)
    elif not isinstance(value, int) or isinstance(value, bool):
        return None
    return value if -_LONG <= value < _LONG else None


def _year(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _ordered(network: N) -> N:
    """The same network with nodes and edges in a fixed order (by IRI), so that every file written from it repeats byte for byte."""
    ordered = network.__class__(**network.graph)
    ordered.add_nodes_from(sorted(network.nodes(data=True)))
    ordered.add_edges_from(sorted(network.edges(data=True), key=lambda e: (e[0], e[1])))
    return ordered
