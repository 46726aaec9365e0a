"""Writing what the rows say as triples: facts, reified statements with their sources, instants, dates, and what needs every row first.

:class:`Writer` keeps the new triples and the counts of new and known facts
(the :class:`Outcome`), and what can only be written once every row is read
(:meth:`Writer.finish`): the plain triples no disagreement sets aside, the
publishers of new sources, each fact's one date, the end of a membership of
an organisation that ceased, and the intervals names and kinds held in.

>>> from hspkg import load
>>> out = Writer(Known(load()))
>>> out.dated(ID + "event/x", "2009-03", "a.csv:2"), out.dated(ID + "event/x", "2009", "a.csv:3")
(None, None)
>>> out.dated(ID + "event/x", "2010", "a.csv:4")
'2010 differs from 2009-03 given for the same fact at a.csv:2: give each claim an id of its own'
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from pyoxigraph import Triple

from .. import fact_triples
from ..fact_triples import DCTERMS, HSP, ID, PROV, RDF_TYPE, TIME
from .cells import slug
from .known import Known


@dataclass
class Outcome:
    """What an ingest produced: the triples, the problems, and counts of new and known facts."""

    triples: list[Triple] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    rows: int = 0
    new: Counter[str] = field(default_factory=Counter)
    matched: Counter[str] = field(default_factory=Counter)


class Writer:
    """The triples of one ingest, and what is written after every row."""

    def __init__(self, known: Known) -> None:
        self.known = known
        self.outcome = Outcome()
        self.publishers: dict[str, str] = {}  # source IRI -> its publisher's name, matched to an organisation at the end
        self.disputable: list[tuple[str, Triple]] = []  # plain triples asserted unless their claim is set aside
        self.dates: dict[str, tuple[str, str, bool]] = {}  # fact -> (date, where, whether an event)
        self.claims: dict[str, str] = {}  # claim IRI -> where its disagreement was given
        self.ceased: dict[str, list[str]] = {}  # organisation -> the change events it ceased at
        self.bounds: list[tuple[str, str, str, str, bool]] = []  # (event, organisation, "name"/"kind", value, whether it begins)
        self.set_aside: set[str] = set()

    def add(self, triples: list[Triple]) -> None:
        self.outcome.triples.extend(triples)
        self.known.subjects.update(str(t.subject.value) for t in triples if hasattr(t.subject, "value"))

    def t(self, s: str, p: str, o: fact_triples.Object) -> None:
        self.add([fact_triples.triple(s, RDF_TYPE if p == "a" else p, o)])

    def count(self, kind: str, iri: str) -> None:
        """Count a fact as new, or as already in the graph."""
        (self.outcome.matched if iri in self.known.subjects else self.outcome.new)[kind] += 1

    def instant(self, date: str) -> str:
        """The IRI of the instant for a date (a year, month or day), its triples added."""
        iri = f"{ID}time/{date}"
        self.add(fact_triples.instant(iri, date))
        return iri

    def statement(self, iri: str, s: str, p: str, o: fact_triples.Object, sources: list[str], confidence: str = "", disputable: bool = False) -> None:
        """``s p o`` with its sources, reified; a disputable one is asserted only if no disagreement sets it aside.

        A low-confidence statement is only the claim (the rdf:Statement with its
        ``hsp:confidence``): its plain triple is never asserted, so no answer
        takes it as settled.
        """
        self.add(fact_triples.statement(iri, s, p, o, sources, confidence))
        self.known.register(iri, s, p, o)
        plain = fact_triples.triple(s, p, o)
        if confidence.casefold().startswith("low"):
            return
        if disputable:
            self.disputable.append((iri, plain))
        else:
            self.add([plain])

    def source(self, key: str, url: str, title: str, publisher: str, date: str) -> str:
        """A new source described (its publisher linked at the end, once every organisation the files name is known)."""
        iri = f"{ID}source/{key}"
        self.count("sources", iri)
        self.add(fact_triples.source(iri, title, None, url or None, date or None))
        self.publishers[iri] = publisher
        self.known.sources[key] = iri
        if url:
            self.known.sources[url] = iri
        if date:
            self.known.source_dates[iri] = date
        return iri

    def bound(self, event: str, organisation: str, what: str, value: str, begins: bool) -> None:
        """A change began (or ended) a name or kind of an organisation: its interval is bounded at the change's date."""
        self.bounds.append((event, organisation, what, value, begins))

    def claim(self, disagreement: str, iri: str, preferred: bool, where: str) -> None:
        self.claims.setdefault(iri, where)
        claims, chosen = self.known.disagreements.setdefault(disagreement, (set(), set()))
        claims.add(iri)
        if preferred:
            chosen.add(iri)

    def dated(self, iri: str, date: str, where: str, event: bool = False, sources: list[str] | None = None) -> str | None:
        """Date a fact; rows of one fact may give its date more or less precisely, never differently (else the problem, returned).

        The fact keeps one ``time:hasTime`` (the most precise date); each source's
        own date is kept too, as a claim of its own: an rdf:Statement
        ``FACT#date-SOURCE`` of ``FACT time:hasTime`` its instant, derived from that source.
        """
        for source in sources or []:
            self.add(fact_triples.statement(f"{iri}#date-{source.rsplit('/', 1)[-1]}", iri, TIME + "hasTime", self.instant(date), [source]))
        known = self.dates.get(iri)
        if known is None or date.startswith(known[0]):
            self.dates[iri] = (date, where, event)
        elif not known[0].startswith(date):
            return f"{date} differs from {known[0]} given for the same fact at {known[1]}: give each claim an id of its own"
        return None

    def ceasing(self, organisation: str, event: str) -> None:
        self.ceased.setdefault(organisation, []).append(event)

    # --- after every row ----------------------------------------------------------

    def finish(self) -> list[str]:
        """Write what needs every row first; the problems only every row can show (a claim no fact has)."""
        unknown = [(iri, where) for iri, where in self.claims.items() if iri not in self.known.subjects]
        problems = [f"{where}: claim: <{iri}> is not a fact of the graph or of these files" for iri, where in unknown]
        # where a disagreement prefers some claims, the others are set aside; where none is preferred, none is
        for claims, preferred in self.known.disagreements.values():
            if preferred:
                self.set_aside |= claims - preferred
        self.add([plain for claim, plain in self.disputable if claim not in self.set_aside])
        self.add([fact_triples.triple(source, DCTERMS + "publisher", self._publisher(name)) for source, name in sorted(self.publishers.items())])
        for iri, (date, _, event) in sorted(self.dates.items()):
            self.add([fact_triples.triple(iri, TIME + "hasTime", self.instant(date)), *(fact_triples.started(iri, date) if event else [])])
        self._end_memberships()
        self._bound_names_and_kinds()
        return problems

    def _publisher(self, name: str) -> str:
        """The agent that published a source: the organisation of that name, or an agent of its own."""
        found = self.known.directory.find(name)
        if found.iri:
            return found.iri
        iri = f"{ID}agent/{slug(name)}"
        self.add(fact_triples.agent(iri, name))
        return iri

    def _bound_names_and_kinds(self) -> None:
        """Each name or kind a change began or ended holds in one interval per organisation and value (``hsp:validDuring``).

        The interval begins and ends at the changes' instants; every statement of
        that name or kind points at it and at the change that gave or ended it.
        A change that a disagreement sets aside bounds nothing.
        """
        for event, organisation, what, value, begins in sorted(set(self.bounds)):
            if event in self.set_aside or event not in self.dates:
                continue
            statements = (self.known.named if what == "name" else self.known.kinded).get((organisation, value), set())
            interval = f"{organisation}#valid-{what}-{slug(value)}"
            self.add(
                [
                    fact_triples.triple(interval, RDF_TYPE, TIME + "Interval"),
                    fact_triples.triple(interval, TIME + ("hasBeginning" if begins else "hasEnd"), self.instant(self.dates[event][0])),
                    fact_triples.triple(interval, PROV + "wasDerivedFrom", event),  # what bounds it (the shapes want a cause behind an end)
                ]
            )
            cause = PROV + ("wasGeneratedBy" if begins else "wasInvalidatedBy")
            for statement in sorted(statements):
                self.add([fact_triples.triple(statement, HSP + "validDuring", interval), fact_triples.triple(statement, cause, event)])

    def _end_memberships(self) -> None:
        """A membership of an organisation that ceased ends at the change that ended it (the change is its source)."""
        # every claim, in the graph or these files, is in known.claimed under its member
        for membership, member in sorted({(iri, key[0]) for key, iri in self.known.claimed.items()}):
            ends = sorted((self.dates[e][0], e) for e in self.ceased.get(member, []) if e not in self.set_aside and e in self.dates)
            if not ends:
                continue
            date, event = ends[0]
            during = f"{membership}#during"
            self.add([fact_triples.triple(during, TIME + "hasEnd", self.instant(date)), fact_triples.triple(during, PROV + "wasDerivedFrom", event)])


__all__ = ["Outcome", "Writer"]
