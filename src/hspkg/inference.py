"""The RDFS closure, materialised as the files are read: each triple goes to the bulk loader with what it entails.

The closure is what the updates ``queries/internal/closure-*.ru`` add, run in turn
over the loaded graph (:func:`hspkg.catalogue.closure`): the subclass and
subproperty hierarchies closed (steps 1, 2), then each statement's superproperties
(3), then each instance's superclasses (4). Run as a second pass, steps 3 and 4
cost 40% of the load at 10^6 triples: each typed resource read back out of the
store and written in again. But what they join the data with is the ontology's
hierarchy, small and known before the data is read; so the triples they would add
are made here as the data streams past, and go in with it, in one bulk load.

That is exact while the data adds nothing to the hierarchies (a subclass the
ontology does not imply) and no property is a subproperty of ``rdfs:subClassOf``
(step 3 would then add to what step 4 reads). Otherwise the graph is loaded anew
and the updates run as written, each streamed back in bulk: never the closure
gathered in memory (an INSERT holds all it adds in one transaction, gigabytes at
10^7 triples).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from pyoxigraph import BlankNode, DefaultGraph, Literal, NamedNode, Quad, QueryTriples, RdfFormat, Store, Triple, parse

from .catalogue import as_construct, closure
from .progress import bar
from .rdffiles import read_files, reading
from .terms import expand

Subject = NamedNode | BlankNode | Triple
Object = NamedNode | BlankNode | Literal | Triple
RDF_TYPE, SUBCLASS, SUBPROPERTY = (NamedNode(expand(name)) for name in ("rdf:type", "rdfs:subClassOf", "rdfs:subPropertyOf"))
# formats whose quads may be in named graphs, which the closure leaves alone (SPARQL reads the default graph)
NAMED_GRAPHS = frozenset({RdfFormat.N_QUADS, RdfFormat.TRIG, RdfFormat.JSON_LD})


def fill(new_store: Callable[[], Store], ontology: list[Path], data: list[Path]) -> Store:
    """A store from ``new_store()`` holding the files and their RDFS closure.

    ``new_store`` may be called twice (the second time after the first store is
    dropped), if the data turns out to add to the ontology's hierarchy.

    >>> from hspkg.rdffiles import ontology_files
    >>> store = fill(Store, ontology_files(), [])
    >>> from hspkg.catalogue import PROLOGUE
    >>> store.query(PROLOGUE + "ASK { hsp:University rdfs:subClassOf org:Organization }")
    <QueryBoolean true>
    """
    store = new_store()
    entailed = Entailed.of(ontology)
    if entailed is not None:
        with bar(sum(p.stat().st_size for p in data), "loading") as progress:
            store.bulk_extend(entailed.quads(data, progress.update))
        if not entailed.outgrown:
            return store
        del store  # closed before its folder is used again
        store = new_store()
    read_files(store, ontology + data)
    materialise(store)
    return store


def materialise(store: Store) -> None:
    """The RDFS closure of what ``store`` holds, each step a CONSTRUCT of what its INSERT adds, streamed back in bulk.

    Oxigraph answers a query from a snapshot, so a step does not see the triples it is adding;
    each step is complete before the next starts, as the INSERTs are.
    """
    with bar(len(closure()), "inferring", unit="step") as progress:
        for update in closure():
            triples = store.query(as_construct(update))
            assert isinstance(triples, QueryTriples)
            store.bulk_extend(Quad(t.subject, t.predicate, t.object) for t in triples)
            progress.update(1)


class Entailed:
    """The ontology's hierarchies, closed, and what each triple entails with them (steps 3 and 4)."""

    def __init__(self, ontology: list[Quad], hierarchy: list[Quad]) -> None:
        self.ontology = ontology  # read once, so that its blank nodes are the same in the hierarchy and in the store
        self.hierarchy = hierarchy  # steps 1 and 2: every subClassOf+ and subPropertyOf+ pair
        self.superclasses: dict[Object, list[Object]] = {}
        self.superproperties: dict[Subject, list[NamedNode]] = {}
        for quad in hierarchy:
            if quad.predicate == SUBCLASS:
                self.superclasses.setdefault(quad.subject, []).append(quad.object)
            elif isinstance(quad.object, NamedNode):  # a superproperty that is no IRI makes no triple, as in INSERT
                self.superproperties.setdefault(quad.subject, []).append(quad.object)
        self.pairs = set(hierarchy)
        # the predicates something follows from; any other triple (nearly all of them) is passed on with one look-up
        self.watched = {RDF_TYPE, SUBCLASS, SUBPROPERTY, *self.superproperties}
        self.outgrown = False  # set when the data adds to a hierarchy: then these consequences are not all

    @classmethod
    def of(cls, ontology: list[Path]) -> Entailed | None:
        """The ontology's closed hierarchies, or None where a property is a subproperty of rdfs:subClassOf."""
        quads = list(_read(ontology))  # small: the ontology, not the data
        schema = Store()
        schema.bulk_extend(quads)
        hierarchy = []
        for update in closure()[:2]:
            triples = schema.query(as_construct(update))
            assert isinstance(triples, QueryTriples)
            hierarchy += [Quad(t.subject, t.predicate, t.object) for t in triples]
        found = cls(quads, hierarchy)
        if any(SUBCLASS in supers for supers in found.superproperties.values()):
            return None
        return found

    def quads(self, data: list[Path], done: Callable[[int], object]) -> Iterator[Quad]:
        """Every quad of the ontology and ``data``, each followed by what steps 3 and 4 derive from it; then the closed hierarchies."""
        yield from self._with_consequences(self.ontology, named=True)
        for path in data:
            with reading(path) as format:
                quads = parse(path=str(path), format=format, base_iri=path.resolve().as_uri())
                yield from self._with_consequences(quads, format in NAMED_GRAPHS)
            done(path.stat().st_size)
        yield from self._with_consequences(self.hierarchy, named=False)

    def _with_consequences(self, quads: Iterable[Quad], named: bool) -> Iterator[Quad]:
        superclasses, superproperties, watched = self.superclasses, self.superproperties, self.watched
        plain_types = RDF_TYPE not in superproperties
        for quad in quads:
            yield quad
            predicate = quad.predicate
            if predicate not in watched or (named and not isinstance(quad.graph_name, DefaultGraph)):
                continue
            if predicate == RDF_TYPE and plain_types:  # the most frequent case, made short: step 4 alone
                subject = quad.subject
                for d in superclasses.get(quad.object, ()):
                    yield Quad(subject, RDF_TYPE, d)
                continue
            if (predicate == SUBCLASS or predicate == SUBPROPERTY) and quad not in self.pairs:
                self.outgrown = True  # the data adds to a hierarchy: what follows from it is not all here
            stated = [quad, *(Quad(quad.subject, q, quad.object) for q in superproperties.get(predicate, ()))]
            yield from stated[1:]
            for triple in stated:  # step 4 reads the types step 3 made too
                if triple.predicate == RDF_TYPE:
                    for d in superclasses.get(triple.object, ()):
                        yield Quad(triple.subject, RDF_TYPE, d)


def _read(files: list[Path]) -> Iterator[Quad]:
    """The quads of ``files`` as Oxigraph's parsers give them; errors as :func:`hspkg.rdffiles.reading` words them."""
    for path in files:
        with reading(path) as format:
            yield from parse(path=str(path), format=format, base_iri=path.resolve().as_uri())
