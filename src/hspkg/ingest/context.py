"""What every template reads and writes while rows are ingested: the graph's organisations and sources, the new triples, the problems.

Templates call :class:`Context` to find organisations and sources, to mint
IRIs, to add triples and to report a problem with its file, line and column;
:meth:`Context.finish` then does what needs every row first (a membership of
an organisation that ceased ends at the change that ended it; a disagreement's
claims must exist).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlparse

from pyoxigraph import Literal, Triple

from .. import catalogue, model
from ..dates import YEAR_HINT, parse_date, parse_year
from ..errors import InputError
from ..graph import KnowledgeGraph
from ..model import COMMENT, DCTERMS, HSP, ID, LABEL, ORG, PROV, RDF_TYPE, SCHEMA, TIME
from ..remote import http_url

ALT_LABEL = model.SKOS + "altLabel"

Row = dict[str, str]


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


def slug(text: str) -> str:
    """An IRI path segment from a name.

    >>> slug("Queen Mary, University of London")
    'queen-mary-university-of-london'
    """
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")[:80] or "x"


@dataclass(frozen=True)
class Template:
    """A kind of spreadsheet: its columns (the first ``required`` of them needed), what it means, and how a row is read.

    Templates are read in ``order`` whatever order the files are given in, so
    that organisations exist before the memberships that name them.
    """

    name: str
    order: int
    description: str
    columns: tuple[str, ...]
    required: frozenset[str]
    read: Callable[[Context, Row, str], None]
    aliases: tuple[tuple[str, str], ...] = ()  # (column in a file, column it stands for)


@dataclass
class Outcome:
    """What an ingest produced: the triples, the problems, and counts of new and known facts."""

    triples: list[Triple] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    rows: int = 0
    new: Counter[str] = field(default_factory=Counter)
    matched: Counter[str] = field(default_factory=Counter)


class Context:
    """The state shared by the templates during one ingest."""

    def __init__(self, graph: KnowledgeGraph) -> None:
        self.graph = graph
        self.outcome = Outcome()
        # the organisations by the same names and rules the catalogue finds them by
        self.directory = graph.directory()
        self.networks: set[str] = set()
        self.subjects: set[str] = set()
        self.sources: dict[str, str] = {}  # a source's id or URL -> its IRI
        self.source_dates: dict[str, str] = {}
        self.ceased: dict[str, list[str]] = {}  # organisation -> the change events it ceased at
        self.claims: dict[str, str] = {}  # claim IRI -> where its disagreement was given
        self.disagreements: dict[str, tuple[set[str], set[str]]] = {}  # disagreement -> (claims, preferred)
        self.set_aside: set[str] = set()
        self.dates: dict[str, tuple[str, str, bool]] = {}  # fact -> (date, where, whether an event)
        self.publishers: dict[str, str] = {}  # source IRI -> its publisher's name, matched to an organisation at the end
        self.disputable: list[tuple[str, Triple]] = []  # plain triples asserted unless their claim is set aside
        # (organisation, name) and (organisation, kind) -> the statements that record it, for names and kinds in time
        self.named: dict[tuple[str, str], set[str]] = {}
        self.kinded: dict[tuple[str, str], set[str]] = {}
        self.bounds: list[tuple[str, str, str, str, bool]] = []  # (event, organisation, "name"/"kind", value, whether it begins)
        self._read_graph()

    # --- what the graph already holds -------------------------------------

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
        # a claim already in the graph, by member, partnership, start year and source: read again, it is matched, not repeated
        self.claimed: dict[tuple[str, str, int | None, str], str] = {}
        self.ends: dict[str, int] = {}  # a claim in the graph -> the year it ends
        for row in self._select("memberships"):
            key = (str(row["member"]), str(row["network"]), row.get("y"), str(row["source"]))
            self.claimed[key] = str(row["m"])
            if row.get("e") is not None:
                self.ends[str(row["m"])] = row["e"]
        # organisations that ceased at a change the graph holds: a role begun before it ends there
        self.ceased_in_graph: dict[str, list[tuple[str, str]]] = {}
        for row in self._select("ceased"):
            self.ceased_in_graph.setdefault(str(row["organisation"]), []).append((str(row["date"]), str(row["event"])))
        for row in self._select("statements"):
            self._register(str(row["st"]), str(row["s"]), str(row["p"]), row["o"])
        for row in self._select("disagreements"):
            claims, chosen = self.disagreements.setdefault(str(row["d"]), (set(), set()))
            claims.add(str(row["claim"]))
            if row["preferred"]:
                chosen.add(str(row["claim"]))

    # --- writing --------------------------------------------------------------

    def add(self, triples: list[Triple]) -> None:
        self.outcome.triples.extend(triples)
        self.subjects.update(str(t.subject.value) for t in triples if hasattr(t.subject, "value"))

    def t(self, s: str, p: str, o: model.Object) -> None:
        self.add([model.triple(s, RDF_TYPE if p == "a" else p, o)])

    def count(self, kind: str, iri: str) -> None:
        """Count a fact as new, or as already in the graph."""
        (self.outcome.matched if iri in self.subjects else self.outcome.new)[kind] += 1

    def problem(self, where: str, column: str, message: str) -> None:
        self.outcome.problems.append(f"{where}: {column}: {message}")

    def instant(self, date: str) -> str:
        """The IRI of the instant for a date (a year, month or day), its triples added."""
        iri = f"{ID}time/{date}"
        self.add(model.instant(iri, date))
        return iri

    def statement(self, iri: str, s: str, p: str, o: model.Object, sources: list[str], confidence: str = "", disputable: bool = False) -> None:
        """``s p o`` with its sources, reified; a disputable one is asserted only if no disagreement sets it aside.

        A low-confidence statement is only the claim (the rdf:Statement with its
        ``hsp:confidence``): its plain triple is never asserted, so no answer
        takes it as settled.
        """
        self.add(model.statement(iri, s, p, o, sources, confidence))
        self._register(iri, s, p, o)
        plain = model.triple(s, p, o)
        if confidence.casefold().startswith("low"):
            return
        if disputable:
            self.disputable.append((iri, plain))
        else:
            self.add([plain])

    def _register(self, iri: str, s: str, p: str, o: object) -> None:
        """Remember the statement of a name or kind, so that a change can bound the interval it held in."""
        value = getattr(o, "value", str(o))
        if p in (LABEL, ALT_LABEL):
            self.named.setdefault((s, value), set()).add(iri)
        elif p == ORG + "classification":
            self.kinded.setdefault((s, value.rsplit("/", 1)[-1]), set()).add(iri)

    def bound(self, event: str, organisation: str, what: str, value: str, begins: bool) -> None:
        """A change began (or ended) a name or kind of an organisation: its interval is bounded at the change's date."""
        self.bounds.append((event, organisation, what, value, begins))

    # --- reading cells ----------------------------------------------------------

    def organisation(self, row: Row, column: str, where: str, network: bool = False) -> str | None:
        """The organisation a cell names; a problem (with near misses) if there is not exactly one."""
        found = self.directory.find(row.get(column, ""))
        if found.iri is None:
            self.problem(where, column, found.why.replace("no organisation is", "no partnership is") if network else found.why)
            return None
        if network and found.iri not in self.networks:
            self.problem(where, column, f"{self.directory.labels[found.iri]!r} is not a partnership (an org:OrganizationalCollaboration)")
            return None
        return found.iri

    def organisations(self, row: Row, column: str, where: str) -> list[str] | None:
        """The organisations a cell names, separated by ``;`` (None if any is unknown)."""
        names = [n.strip() for n in row.get(column, "").split(";") if n.strip()]
        found = [self.organisation({column: n}, column, where) for n in names]
        return None if None in found else [f for f in found if f]

    def source(self, row: Row, where: str) -> list[str]:
        """The sources a row names (ids or URLs), describing new ones from ``source_title``/``source_publisher``."""
        given = (row.get("source") or row.get("source_url") or "").split()
        if not given:
            self.problem(where, "source", "every row needs a source: the id of a described source, or the URL of the document")
            return []
        found = []
        for ref in given:
            if ref in self.sources:
                found.append(self.sources[ref])
                continue
            if not is_url(ref):
                self.problem(where, "source", f"{ref!r} is neither a source the graph describes nor an http(s) URL")
                continue
            title, publisher = row.get("source_title", "").strip(), row.get("source_publisher", "").strip()
            if not (title and publisher):
                self.problem(where, "source", f"{ref} is not a source the graph knows: give source_title and source_publisher to describe it")
                continue
            parsed = urlparse(ref)
            found.append(self.describe_source(slug(parsed.netloc + parsed.path), ref, title, publisher, ""))
        return found

    def describe_source(self, key: str, url: str, title: str, publisher: str, date: str) -> str:
        iri = f"{ID}source/{key}"
        self.count("sources", iri)
        # the publisher is linked at the end, once every organisation these files name is known
        self.add(model.source(iri, title, None, url or None, date or None))
        self.publishers[iri] = publisher
        self.sources[key] = iri
        if url:
            self.sources[url] = iri
        if date:
            self.source_dates[iri] = date
        return iri

    def publisher(self, name: str) -> str:
        """The agent that published a source: the organisation of that name, or an agent of its own."""
        found = self.directory.find(name)
        if found.iri:
            return found.iri
        iri = f"{ID}agent/{slug(name)}"
        self.add(model.agent(iri, name))
        return iri

    def ident(self, row: Row, column: str, where: str, required: bool = False) -> str | None:
        """An id cell (the last part of an IRI): "" when empty and not required, None (and a problem) when it is no id."""
        value = row.get(column, "").strip()
        if (value or required) and slug(value) != value:
            self.problem(where, column, f"{value!r} is not an id (lower-case letters, digits and hyphens)")
            return None
        return value

    def year(self, row: Row, column: str, where: str, required: bool = False) -> int | None:
        """A year cell, read by :func:`hspkg.dates.parse_year` (ASCII digits, from 1000); a problem if it is none."""
        value = row.get(column, "").strip()
        if not value:
            if required:
                self.problem(where, column, f"a year is needed ({YEAR_HINT})")
            return None
        try:
            return parse_year(value)
        except ValueError as e:
            self.problem(where, column, str(e))
            return None

    def date(self, row: Row, column: str, where: str) -> str | None:
        """A date cell (a year, month or day, kept as precise as given), read by :func:`hspkg.dates.parse_date`."""
        value = row.get(column, "").strip()
        if not value:
            return None
        try:
            return str(parse_date(value))
        except ValueError as e:
            self.problem(where, column, str(e))
            return None

    def claim(self, disagreement: str, iri: str, preferred: bool, where: str) -> None:
        self.claims.setdefault(iri, where)
        claims, chosen = self.disagreements.setdefault(disagreement, (set(), set()))
        claims.add(iri)
        if preferred:
            chosen.add(iri)

    def dated(self, iri: str, date: str, where: str, event: bool = False, sources: list[str] | None = None) -> None:
        """Date a fact; rows of one fact may give its date more or less precisely, never differently.

        The fact keeps one ``time:hasTime`` (the most precise date); each source's
        own date is kept too, as a claim of its own: an rdf:Statement
        ``FACT#date-SOURCE`` of ``FACT time:hasTime`` its instant, derived from that source.
        """
        for source in sources or []:
            self.add(model.statement(f"{iri}#date-{source.rsplit('/', 1)[-1]}", iri, TIME + "hasTime", self.instant(date), [source]))
        known = self.dates.get(iri)
        if known is None or date.startswith(known[0]):
            self.dates[iri] = (date, where, event)
        elif not known[0].startswith(date):
            self.problem(where, "date", f"{date} differs from {known[0]} given for the same fact at {known[1]}: give each claim an id of its own")

    def ceasing(self, organisation: str, event: str) -> None:
        self.ceased.setdefault(organisation, []).append(event)

    def ceased_between(self, organisation: str, start: int, end: int | None) -> tuple[str, str] | None:
        """The first change in the graph that ended ``organisation`` from year ``start`` on and before ``end``: (date, event)."""
        found = sorted((d, e) for d, e in self.ceased_in_graph.get(organisation, []) if start <= int(d[:4]) and (end is None or int(d[:4]) < end))
        return found[0] if found else None

    # --- after every row ----------------------------------------------------------

    def finish(self) -> None:
        for iri, where in self.claims.items():
            if iri not in self.subjects:
                self.problem(where, "claim", f"<{iri}> is not a fact of the graph or of these files")
        # where a disagreement prefers some claims, the others are set aside; where none is preferred, none is
        for claims, preferred in self.disagreements.values():
            if preferred:
                self.set_aside |= claims - preferred
        self.add([plain for claim, plain in self.disputable if claim not in self.set_aside])
        self.add([model.triple(source, DCTERMS + "publisher", self.publisher(name)) for source, name in sorted(self.publishers.items())])
        for iri, (date, _, event) in sorted(self.dates.items()):
            self.add([model.triple(iri, TIME + "hasTime", self.instant(date)), *(model.started(iri, date) if event else [])])
        self._end_memberships()
        self._bound_names_and_kinds()

    def _bound_names_and_kinds(self) -> None:
        """Each name or kind a change began or ended holds in one interval per organisation and value (``hsp:validDuring``).

        The interval begins and ends at the changes' instants; every statement of
        that name or kind points at it and at the change that gave or ended it.
        A change that a disagreement sets aside bounds nothing.
        """
        for event, organisation, what, value, begins in sorted(set(self.bounds)):
            if event in self.set_aside or event not in self.dates:
                continue
            statements = (self.named if what == "name" else self.kinded).get((organisation, value), set())
            interval = f"{organisation}#valid-{what}-{slug(value)}"
            self.add(
                [
                    model.triple(interval, RDF_TYPE, TIME + "Interval"),
                    model.triple(interval, TIME + ("hasBeginning" if begins else "hasEnd"), self.instant(self.dates[event][0])),
                    model.triple(interval, PROV + "wasDerivedFrom", event),  # what bounds it (the shapes want a cause behind an end)
                ]
            )
            cause = PROV + ("wasGeneratedBy" if begins else "wasInvalidatedBy")
            for statement in sorted(statements):
                self.add([model.triple(statement, HSP + "validDuring", interval), model.triple(statement, cause, event)])

    def _end_memberships(self) -> None:
        """A membership of an organisation that ceased ends at the change that ended it (the change is its source)."""
        # every claim, in the graph or these files, is in self.claimed under its member
        for membership, member in sorted({(iri, key[0]) for key, iri in self.claimed.items()}):
            ends = sorted((self.dates[e][0], e) for e in self.ceased.get(member, []) if e not in self.set_aside and e in self.dates)
            if not ends:
                continue
            date, event = ends[0]
            during = f"{membership}#during"
            self.add([model.triple(during, TIME + "hasEnd", self.instant(date)), model.triple(during, PROV + "wasDerivedFrom", event)])


# Terms the templates use, named once.
SAME_AS = model.OWL + "sameAs"
__all__ = [
    "ALT_LABEL",
    "COMMENT",
    "DCTERMS",
    "HSP",
    "ID",
    "LABEL",
    "ORG",
    "PROV",
    "RDF_TYPE",
    "SAME_AS",
    "SCHEMA",
    "TIME",
    "Context",
    "Literal",
    "Outcome",
    "Row",
    "Template",
    "slug",
]
