"""The full view folded: what only describes another node becomes that node's attributes.

A reified statement (``rdf:Statement``: a direct statement with its own source),
a time interval or instant, an identifier (``schema:PropertyValue``), a quantity
(``schema:QuantitativeValue``) and an outside IRI nothing describes (a Wikidata
entity a statement points at) are not things a reader looks for in a network:
drawn as nodes they are most of the drawing and none has a name. Each is written
as text (``2009–2015``, ``ROR https://ror.org/02jx3x895 (from ROR)``, ``contained
in place England (from NHS England 2013)``) into an attribute of each node that
points at it, named by the property that pointed (a statement: into its subject,
as ``statements``), and then removed. A node left with no name of its own is
named from its type and what it points at (``Correction of …``).
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx

FOLDED = {"rdf:Statement", "time:Interval", "time:Instant", "schema:PropertyValue", "schema:QuantitativeValue"}
_UNNAMED = re.compile(r"^(?:[a-z][\w.-]*:[^\s]*|https?://\S+)$")  # a compact or full IRI, not a name


def is_name(label: str) -> bool:
    """Whether a label is a name a person reads, not an IRI.

    >>> is_name("University College London"), is_name("id:area/birmingham#within-england"), is_name("http://www.wikidata.org/entity/Q1")
    (True, False, False)
    """
    return bool(label) and not _UNNAMED.match(label)


def fold(network: nx.MultiDiGraph[str]) -> None:
    """Fold the describing nodes of ``network`` into the nodes they describe, in place."""
    folded = {n for n, d in network.nodes(data=True) if _folded(network, n, d)}
    said = {n: _said(network, n) for n in sorted(folded)}
    extra: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for node in sorted(folded):
        attributes = network.nodes[node]
        if attributes.get("type") == "rdf:Statement":
            subjects = [v for _, v, d in network.out_edges(node, data=True) if d["label"] == "rdf:subject" and v not in folded]
            for subject in subjects:
                extra[subject]["statements"].add(said[node])
        for source, _, data in network.in_edges(node, data=True):
            if source not in folded and data["label"] not in ("rdf:subject", "rdf:object"):
                extra[source][str(data["label"])].add(said[node])
    for node, values in extra.items():
        for key, texts in values.items():
            current = network.nodes[node].get(key)
            joined = sorted(texts | ({str(current)} if current not in (None, "") else set()))
            network.nodes[node][key] = "; ".join(joined)
    network.remove_nodes_from(sorted(folded))
    for node, attributes in network.nodes(data=True):
        if not is_name(str(attributes.get("label", ""))):
            attributes["label"] = attributes["name"] = _named(network, node)


def _folded(network: nx.MultiDiGraph[str], node: str, attributes: dict[str, object]) -> bool:
    if attributes.get("type") in FOLDED:
        return True
    # an outside IRI the data only points at: no type, no name, nothing said about it
    return "type" not in attributes and not is_name(str(attributes.get("label", ""))) and network.out_degree(node) == 0


def _said(network: nx.MultiDiGraph[str], node: str) -> str:
    """A folded node as text: its name, or its statement; and where it comes from."""
    attributes = network.nodes[node]
    out = defaultdict(list)
    for _, target, data in network.out_edges(node, data=True):
        out[str(data["label"])].append(target)

    def called(target: str) -> str:
        return str(network.nodes[target].get("label", target))

    if attributes.get("type") == "rdf:Statement":
        predicate = str(attributes.get("rdf:predicate", "")).split(":")[-1]
        words = re.sub(r"(?<!^)(?=[A-Z])", " ", predicate).lower()
        objects = [called(t) for t in out.get("rdf:object", [])] or [str(attributes.get("rdf:object", ""))]
        text = f"{words} {', '.join(sorted(objects))}".strip()
    elif is_name(str(attributes.get("label", ""))):
        text = str(attributes["label"])
    else:
        text = str(attributes.get("iri", node))
    sources = sorted(called(t) for t in out.get("prov:wasDerivedFrom", []))
    return f"{text} (from {'; '.join(sources)})" if sources else text


def _named(network: nx.MultiDiGraph[str], node: str) -> str:
    """A name for a node that has none: its type, and what it is about."""
    attributes = network.nodes[node]
    kind = str(attributes.get("type", "resource")).split("; ")[0].split(":")[-1]
    kind = re.sub(r"(?<!^)(?=[A-Z])", " ", kind).capitalize()
    about = sorted(str(network.nodes[t].get("label", t)) for _, t, d in network.out_edges(node, data=True) if d["label"] != "prov:wasDerivedFrom")
    about = [a for a in about if is_name(a)]
    if about:
        return f"{kind} of {about[0]}"
    told = [str(v) for k, v in sorted(attributes.items()) if k not in ("iri", "label", "name", "type", "kind") and is_name(str(v))]
    return f"{kind}: {told[0]}" if told else f"{kind} {str(attributes.get('iri', node)).rsplit('/', 1)[-1]}"
