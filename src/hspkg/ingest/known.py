"""Checking a row against what is known: the graph's organisations, partnerships, sources and claims, and what earlier rows added.

:class:`Known` reads the graph once (``queries/internal/ingest-*.rq``) and is
told of each fact a row adds, so that a later row (or file) finds it. Its
lookups take the row's :class:`~hspkg.ingest.cells.Cells` and put a problem
there when a name finds no one organisation: the problem is the row's.
"""

from __future__ import annotations

from typing import Any

from .. import catalogue, fact_triples
from ..errors import InputError
from ..fact_triples import ID, LABEL, ORG
from ..graph import KnowledgeGraph
from ..remote import http_url
from .cells import Cells

ALT_LABEL = fact_triples.SKOS + "altLabel"


def is_url(value: str) -> bool:
    """Whether ``value`` is an http(s) URL, by the rule the commands apply to the URLs they are given.

    >>> is_url("https://example.org/a"), is_url("example.org/a"), is_url("https://example.org/a b")
    (True, False, False)
    """
    try:
        http_url(value, "source")
    except InputError:
        return False
    return True


class Known:
    """What the graph holds and the rows read so far have added: what a row's names and ids are checked against."""

    def __init__(self, graph: KnowledgeGraph) -> None:
        self.graph = graph
        # the organisations by the same names and rules the catalogue finds them by
        self.directory = graph.directory()
        self.networks: set[str] = set()
        self.subjects: set[str] = set()
        self.sources: dict[str, str] = {}  # a source's id or URL -> its IRI
        self.source_dates: dict[str, str] = {}
        # a claim, by member, partnership, start year and source: read again, it is matched, not repeated
        self.claimed: dict[tuple[str, str, int | None, str], str] = {}
        self.ends: dict[str, int] = {}  # a claim -> the year its source says it ends
        # organisations that ceased at a change the graph holds: a role begun before it ends there
        self.ceased_in_graph: dict[str, list[tuple[str, str]]] = {}
        # (organisation, name) and (organisation, kind) -> the statements that record it, for names and kinds in time
        self.named: dict[tuple[str, str], set[str]] = {}
        self.kinded: dict[tuple[str, str], set[str]] = {}
        self.disagreements: dict[str, tuple[set[str], set[str]]] = {}  # disagreement -> (claims, preferred)
        self._read_graph()

    def _select(self, name: str) -> list[dict[str, Any]]:
        """The rows of one of ingest's read-outs (``queries/internal/ingest-NAME.rq``)."""
        return self.graph.sparql(catalogue.internal(f"ingest-{name}").text, "ingest").values()

    def _read_graph(self) -> None:
        self.networks.update(str(r["o"]) for r in self._select("networks"))
        self.subjects.update(str(r["s"]) for r in self._select("subjects"))
        for row in self._select("sources"):
            iri = str(row["s"])
            self.sources[iri.removeprefix(ID + "source/")] = iri
            if row.get("url"):
                self.sources[str(row["url"])] = iri
            if row.get("date"):
                self.source_dates[iri] = str(row["date"])
        for row in self._select("memberships"):
            key = (str(row["member"]), str(row["network"]), row.get("y"), str(row["source"]))
            self.claimed[key] = str(row["m"])
            if row.get("e") is not None:
                self.ends[str(row["m"])] = row["e"]
        for row in self._select("ceased"):
            self.ceased_in_graph.setdefault(str(row["organisation"]), []).append((str(row["date"]), str(row["event"])))
        for row in self._select("statements"):
            self.register(str(row["st"]), str(row["s"]), str(row["p"]), row["o"])
        for row in self._select("disagreements"):
            claims, chosen = self.disagreements.setdefault(str(row["d"]), (set(), set()))
            claims.add(str(row["claim"]))
            if row["preferred"]:
                chosen.add(str(row["claim"]))

    def register(self, iri: str, s: str, p: str, o: object) -> None:
        """Remember the statement of a name or kind, so that a change can bound the interval it held in."""
        value = getattr(o, "value", str(o))
        if p in (LABEL, ALT_LABEL):
            self.named.setdefault((s, value), set()).add(iri)
        elif p == ORG + "classification":
            self.kinded.setdefault((s, value.rsplit("/", 1)[-1]), set()).add(iri)

    # --- the names a row gives ------------------------------------------------------

    def organisation(self, row: Cells, column: str, network: bool = False) -> str | None:
        """The organisation a cell names; a problem (with near misses) if there is not exactly one."""
        found = self.directory.find(row.text(column))
        if found.iri is None:
            row.problem(column, found.why.replace("no organisation is", "no partnership is") if network else found.why)
            return None
        if network and found.iri not in self.networks:
            row.problem(column, f"{self.directory.labels[found.iri]!r} is not a partnership (an org:OrganizationalCollaboration)")
            return None
        return found.iri

    def organisations(self, row: Cells, column: str) -> list[str] | None:
        """The organisations a cell names, separated by ``;`` (None if any is unknown)."""
        found = [self.organisation(row.given({column: name}), column) for name in row.listed(column)]
        return None if None in found else [f for f in found if f]

    def ceased_between(self, organisation: str, start: int, end: int | None) -> tuple[str, str] | None:
        """The first change in the graph that ended ``organisation`` from year ``start`` on and before ``end``: (date, event)."""
        found = sorted((d, e) for d, e in self.ceased_in_graph.get(organisation, []) if start <= int(d[:4]) and (end is None or int(d[:4]) < end))
        return found[0] if found else None


__all__ = ["ALT_LABEL", "Known", "is_url"]
