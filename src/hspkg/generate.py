"""Synthetic partnership graphs in the real ontology, for tests and benchmarks at scale.

Everything lives under its own namespace (``https://w3id.org/hspkg/synthetic/``)
and every name says "Synthetic", so generated facts can never pass for real
ones. The output is a pure function of the arguments (and the seed), and it is
streamed to disk: memory stays flat however many triples are asked for.
"""

from __future__ import annotations

import os
import random
from collections.abc import Iterator

from pyoxigraph import Literal, NamedNode, RdfFormat, Triple, serialize

from . import fact_triples, generate_awards
from .atomic import atomic
from .errors import InputError
from .fact_triples import DCTERMS, HSP, ID, LABEL, ORG, PROV, RDF_TYPE, SCHEMA, TIME
from .progress import bar
from .terms import PREFIXES

SYN = "https://w3id.org/hspkg/synthetic/"
KIND = ID + "kind/"
FIRST_YEAR, LAST_YEAR = 1995, 2025
PUBLISHER = SYN + "agent/generator"
UNIVERSITY_SHARE = 0.1


class _Writer:
    """Builds triples with short calls; predicates are cached, since the same few recur."""

    def __init__(self) -> None:
        self._cache: dict[str, NamedNode] = {}

    def iri(self, value: str) -> NamedNode:
        node = self._cache.get(value)
        if node is None:
            node = self._cache[value] = NamedNode(value)
        return node

    def t(self, s: str, p: str, o: str | Literal) -> Triple:
        return Triple(NamedNode(s), self.iri(p), o if isinstance(o, Literal) else NamedNode(o))


def triples(partnerships: int, organisations: int, members_per: int = 10, seed: int = 0) -> Iterator[Triple]:
    """The synthetic graph's triples, in a fixed order for the seed.

    ``partnerships`` networks each get ``members_per`` members (at least one
    university and one trust) drawn from ``organisations`` universities and trusts;
    a research centre for about every fourth network wins awards in its programme's
    rounds, hosted, led and joined by those organisations (:mod:`hspkg.generate_awards`).

    >>> sum(1 for _ in triples(2, 20, members_per=3, seed=1)) > 100
    True
    >>> triples(0, 20)
    Traceback (most recent call last):
    ...
    hspkg.errors.InputError: partnerships=0: a synthetic graph needs at least 1
    """
    # checked here, not in the generator, so that a bad call fails before anything is written
    for argument, value, least in (("partnerships", partnerships, 1), ("organisations", organisations, 2), ("members_per", members_per, 2)):
        if value < least:
            raise InputError(f"a synthetic graph needs at least {least}", argument=argument, value=value)
    return _triples(partnerships, organisations, members_per, seed)


def _triples(partnerships: int, organisations: int, members_per: int, seed: int) -> Iterator[Triple]:
    w, rng = _Writer(), random.Random(seed)
    universities = max(1, int(organisations * UNIVERSITY_SHARE))
    registry, body = SYN + "source/registry", SYN + "org/designating-body"
    yield from fact_triples.agent(PUBLISHER, "hspkg synthetic data generator")
    yield from fact_triples.source(registry, "Synthetic register of organisations", PUBLISHER, registry)
    yield w.t(body, RDF_TYPE, ORG + "FormalOrganization")
    yield from _named(body, "Synthetic designating body", "organisation", registry)
    for year in range(FIRST_YEAR, LAST_YEAR + 11):
        yield from fact_triples.instant(f"{SYN}time/{year}", year)
    for i in range(organisations):
        yield from _organisation(w, i, i < universities, registry)
    for n in range(partnerships):
        yield from _network(w, rng, n, body)
        chosen = {rng.randrange(universities)} | {universities + rng.randrange(organisations - universities)}
        while len(chosen) < min(members_per, organisations):
            chosen.add(rng.randrange(organisations))
        for i in sorted(chosen):
            yield from _membership(rng, n, i)
    # the research programmes after the networks, from their own random numbers (the networks stay as they were)
    yield from generate_awards.triples(random.Random(seed + 1), generate_awards.centres_for(partnerships), organisations, universities, PUBLISHER)


def _named(iri: str, label: str, kind: str, source: str) -> list[Triple]:
    """An organisation's name and kind, each stated and traced to ``source`` as the conventions ask."""
    return [
        *fact_triples.statement(f"{iri}#label", iri, LABEL, Literal(label), [source]),
        fact_triples.triple(iri, LABEL, Literal(label)),
        *fact_triples.statement(f"{iri}#kind", iri, ORG + "classification", KIND + kind, [source]),
        fact_triples.triple(iri, ORG + "classification", KIND + kind),
        fact_triples.triple(iri, PROV + "wasDerivedFrom", source),
    ]


def _organisation(w: _Writer, i: int, university: bool, registry: str) -> Iterator[Triple]:
    iri = f"{SYN}org/{i}"
    if university:
        yield w.t(iri, RDF_TYPE, HSP + "University")
        yield from _named(iri, f"Synthetic University {i}", "university", registry)
    else:
        foundation = i % 2 == 0
        yield w.t(iri, RDF_TYPE, HSP + "NHSTrust")
        yield from _named(iri, f"Synthetic {'Foundation ' if foundation else ''}Trust {i}", "nhs-foundation-trust" if foundation else "nhs-trust", registry)
    if i % 50 == 49:
        # every fiftieth trust or university is taken over by the one before it: a change that ends it
        event = f"{SYN}event/{i}"
        yield from (
            w.t(event, RDF_TYPE, ORG + "ChangeEvent"),
            w.t(event, DCTERMS + "type", ID + "change/acquisition"),
            w.t(event, LABEL, Literal(f"Synthetic takeover of organisation {i}")),
            w.t(event, ORG + "originalOrganization", iri),
            w.t(event, ORG + "resultingOrganization", f"{SYN}org/{i - 1}"),
            w.t(event, PROV + "invalidated", iri),
            w.t(event, TIME + "hasTime", f"{SYN}time/{FIRST_YEAR + i % 30}"),
            w.t(event, PROV + "wasDerivedFrom", registry),
        )
    if i % 2 == 0:
        code = f"{iri}#code"
        yield from (
            w.t(iri, SCHEMA + "identifier", code),
            w.t(code, RDF_TYPE, SCHEMA + "PropertyValue"),
            w.t(code, SCHEMA + "propertyID", Literal("SYN")),
            w.t(code, SCHEMA + "value", Literal(f"SYN{i}")),
            w.t(code, PROV + "wasDerivedFrom", registry),
        )


def _network(w: _Writer, rng: random.Random, n: int, body: str) -> Iterator[Triple]:
    iri, source = f"{SYN}network/{n}", f"{SYN}source/network-{n}"
    yield from fact_triples.source(source, f"Synthetic founding note of network {n}", PUBLISHER, source)
    yield w.t(iri, RDF_TYPE, HSP + "AcademicHealthScienceNetwork")
    yield from _named(iri, f"Synthetic Network {n}", "ahsn", source)
    designation = f"{SYN}designation/{n}"
    yield from (
        w.t(designation, RDF_TYPE, HSP + "Designation"),
        w.t(designation, LABEL, Literal(f"Synthetic Network {n} designated")),
        w.t(designation, HSP + "designee", iri),
        w.t(designation, HSP + "status", ID + "status/ahsn"),
        w.t(designation, PROV + "wasAssociatedWith", body),
        w.t(designation, TIME + "hasTime", f"{SYN}time/{rng.randint(FIRST_YEAR, LAST_YEAR)}"),
        w.t(designation, PROV + "wasDerivedFrom", source),
    )
    for a in range(1 + n % 2):
        area = f"{SYN}area/{n}-{a}"
        yield from (
            w.t(iri, SCHEMA + "areaServed", area),
            w.t(area, RDF_TYPE, SCHEMA + "Place"),
            w.t(area, LABEL, Literal(f"Synthetic area {n}-{a}")),
            w.t(area, PROV + "wasDerivedFrom", source),
        )
        yield from fact_triples.statement(f"{iri}#area-{a}", iri, SCHEMA + "areaServed", area, [source])
    # one population per network; every tenth network has a second figure, and a disagreement that prefers the first
    claims = 2 if n % 10 == 0 else 1
    for c in range(claims):
        population = f"{iri}#population-{c}"
        value = rng.randrange(100_000, 5_000_000)
        yield w.t(iri, HSP + "populationServed", population)
        yield from fact_triples.quantity(population, value, "over", f"over {value:,} people", [source], "people")
    if claims > 1:
        disagreement = f"{SYN}disagreement/{n}"
        yield from (
            w.t(disagreement, RDF_TYPE, HSP + "Disagreement"),
            w.t(disagreement, PREFIXES["rdfs"] + "comment", Literal(f"How many people Synthetic Network {n} serves")),
            w.t(disagreement, HSP + "claim", f"{iri}#population-0"),
            w.t(disagreement, HSP + "claim", f"{iri}#population-1"),
            w.t(disagreement, HSP + "preferredClaim", f"{iri}#population-0"),
        )


def _membership(rng: random.Random, n: int, i: int) -> list[Triple]:
    start = rng.randint(FIRST_YEAR, LAST_YEAR)
    end = f"{SYN}time/{start + rng.randint(1, 10)}" if rng.random() < 0.2 else None
    return fact_triples.membership(f"{SYN}membership/{n}-{i}", f"{SYN}org/{i}", f"{SYN}network/{n}", f"{SYN}time/{start}", end, [f"{SYN}source/network-{n}"])


# triples written a partnership with its ten organisations, ten members each, names and kinds reified with their
# sources, and a research centre's awards for every fourth (62 partnerships: 20,570 triples; 3,096: 1,011,251)
TRIPLES_PER_PARTNERSHIP = 323


def sized(triples: int) -> tuple[int, int]:
    """The partnerships and organisations that make about ``triples`` triples at ten members a partnership.

    >>> sized(10_000_000)
    (30959, 309590)
    """
    partnerships = max(1, triples // TRIPLES_PER_PARTNERSHIP)
    return partnerships, partnerships * 10


def generate(output: str | os.PathLike[str], partnerships: int, organisations: int, members_per: int = 10, seed: int = 0) -> int:
    """Write the synthetic graph to ``output`` as Turtle; return how many triples were written."""
    # about: a network and its members, an organisation, a research centre's awards and their roles
    total = partnerships * (30 + 8 * members_per) + organisations * 6 + generate_awards.centres_for(partnerships) * 300
    count = 0
    generated = triples(partnerships, organisations, members_per, seed)

    def counted() -> Iterator[Triple]:
        nonlocal count
        with bar(total, "generating", unit="triples") as progress:
            for triple in generated:
                count += 1
                if count % 10_000 == 0:
                    progress.update(10_000)
                yield triple

    prefixes = {"syn": SYN, **{p: PREFIXES[p] for p in ("hsp", "org", "time", "prov", "schema", "rdfs", "xsd", "dcterms")}}
    with atomic(output) as stream:
        serialize(counted(), stream, RdfFormat.TURTLE, prefixes=prefixes)
    return count
