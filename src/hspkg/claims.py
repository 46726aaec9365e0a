"""Memberships as an entity page shows them: one row per network, each source's claim folded under it.

A membership may be recorded once per source (UCL in UCLPartners: four claims,
2008, 2009 and two that only show it present). The page shows one row per
network, its years from the claim the data prefers, and under it every claim
with its years, its sources and what the data says of it:

- ``preferred``: an ``hsp:Disagreement`` names it as its ``hsp:preferredClaim``;
- ``disputed``: a disagreement lists it and prefers none;
- ``set aside``: a disagreement prefers another claim, or an ``hsp:Correction`` corrects it;
- nothing: no source disagrees.

Preferred claims come first, then the undisputed, the disputed, and those set aside.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .terms import PREFIXES, expand

HSP = PREFIXES["hsp"]
COMMENT = expand("rdfs:comment")
ORDER = {"preferred": 0, "": 1, "disputed": 2, "set aside": 3}


@dataclass
class Said:
    """Comments by subject, corrections and disagreements by the claim they name, preferred claims by disagreement."""

    comments: dict[str, str]
    corrections: dict[str, list[str]]
    disagreements: dict[str, set[str]]
    preferred: dict[str, set[str]]


def said(triples: list[tuple[Any, Any, Any]]) -> Said:
    """What the statuses of claims depend on, from one walk of the triples (a scan per claim made a page quadratic)."""
    found = Said({}, {}, {}, {})
    for s, p, o in triples:
        if p.value == COMMENT:
            found.comments[s.value] = o.value
        elif p.value == HSP + "corrects":
            found.corrections.setdefault(o.value, []).append(s.value)
        elif p.value == HSP + "claim":
            found.disagreements.setdefault(o.value, set()).add(s.value)
        elif p.value == HSP + "preferredClaim":
            found.preferred.setdefault(s.value, set()).add(o.value)
    return found


def status(triples: list[tuple[Any, Any, Any]], fact: str, known: Said | None = None) -> tuple[str, str]:
    """What the data says of one claim, and why (the disagreement's or correction's comment).

    >>> from pyoxigraph import NamedNode as N
    >>> said = [(N("urn:d"), N(HSP + "claim"), N("urn:a")), (N("urn:d"), N(HSP + "claim"), N("urn:b")), (N("urn:d"), N(HSP + "preferredClaim"), N("urn:b"))]
    >>> status(said, "urn:a"), status(said, "urn:b"), status(said, "urn:c")
    (('set aside', ''), ('preferred', ''), ('', ''))
    """
    known = known or said(triples)
    comments = known.comments
    corrections = known.corrections.get(fact, [])
    if corrections:
        return "set aside", comments.get(corrections[0], "")
    for disagreement in sorted(known.disagreements.get(fact, set())):
        preferred = known.preferred.get(disagreement, set())
        why = comments.get(disagreement, "")
        if fact in preferred:
            return "preferred", why
        return ("set aside", why) if preferred else ("disputed", why)
    return "", ""


def grouped(claims: list[dict[str, Any]], triples: list[tuple[Any, Any, Any]], key: Callable[[dict[str, Any]], str]) -> list[dict[str, Any]]:
    """One row per network (or member), ``key`` naming it; each row's ``claims`` in the order the page lists them.

    A row's ``from`` and ``to`` are the first claim's that is not set aside and gives them.
    """
    rows: dict[str, dict[str, Any]] = {}
    known = said(triples)
    for claim in claims:
        claim["status"], claim["why"] = status(triples, claim["iri"], known)
        row = rows.setdefault(key(claim), {"other": claim["other"], "claims": []})
        row["claims"].append(claim)
    for row in rows.values():
        row["claims"].sort(key=lambda c: (ORDER[c["status"]], c["from"] is None, c["from"] or "", c["iri"]))
        standing = [c for c in row["claims"] if c["status"] != "set aside"] or row["claims"]
        row["from"] = next((c["from"] for c in standing if c["from"]), None)
        row["to"] = next((c["to"] for c in standing if c["to"]), None)
    return sorted(rows.values(), key=lambda r: " ".join(str(o["text"]) for o in r["other"]))
