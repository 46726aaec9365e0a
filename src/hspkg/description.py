"""What the graph says about one resource: the triples a Linked Data page is made from, indexed both ways.

:mod:`hspkg.linkeddata` makes a description and renders its page;
:mod:`hspkg.awardpage` reads a research centre's awards from it. Both stand on
this module, so neither imports the other to know what a description is.

>>> from pyoxigraph import NamedNode
>>> org, name, ucl = NamedNode("https://w3id.org/hspkg/id/org/ucl"), NamedNode("http://www.w3.org/ns/org#memberOf"), NamedNode("https://w3id.org/hspkg/id/org/uclp")
>>> d = Description(org.value, [(org, name, ucl)])
>>> d.objects(org.value, name.value) == [ucl], d.subjects(name.value, ucl.value) == [org]
(True, True)
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .terms import Term


@dataclass
class Description:
    """What the graph says about one resource and its neighbourhood: triples and labels."""

    iri: str
    triples: list[tuple[Term, Term, Term]]
    labels: dict[str, str] = field(default_factory=dict)
    # the triples indexed both ways, so that a page is built in time linear in its triples
    # (a scan per look-up made a kind's page quadratic: minutes at 10^5 triples)
    _out: dict[tuple[str, str], list[Term]] = field(default_factory=dict, init=False, repr=False, compare=False)
    _in: dict[tuple[str, str], list[Term]] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for s, p, o in self.triples:
            self._out.setdefault((s.value, p.value), []).append(o)
            self._in.setdefault((p.value, o.value), []).append(s)

    def objects(self, subject: str, predicate: str) -> list[Term]:
        return self._out.get((subject, predicate), [])

    def subjects(self, predicate: str, obj: str) -> list[Term]:
        return self._in.get((predicate, obj), [])
