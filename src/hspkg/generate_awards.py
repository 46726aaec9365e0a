"""The research programmes of a synthetic graph: rounds, centres, awards, their money and their partners.

Shaped as ingest writes the real NIHR data (``data/research.ttl``), so that the
``awards``, ``funding`` and ``programmes`` queries, and the views that draw
centres, have something to answer at scale: each programme runs in rounds (a
``hsp:DesignationRound`` with its count, total money, announcement and term); a
centre (``hsp:ResearchCentre``) wins an award in each round it is renewed in,
each award with its kind, term and money as a source states them (a
``schema:MonetaryAmount`` keeping its bound), the award it succeeds, and the
organisations that host, lead or take part in it (``org:Membership`` with
``org:role`` and ``hsp:award``). Some awards have two figures from two sources
and a disagreement that prefers one, as the real data has.

Everything is under the synthetic namespace and named "Synthetic"; the
programmes, statuses, kinds and roles are the ontology's own concepts.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

from pyoxigraph import Literal, Triple

from . import fact_triples
from .fact_triples import DCTERMS, HSP, ID, LABEL, ORG, PROV, RDF_TYPE, SCHEMA, TIME

SYN = "https://w3id.org/hspkg/synthetic/"
# the rounds of each programme: the real ones' years, so that round queries see the same spread
ROUNDS = {
    "nihr-brc": (2007, 2012, 2017, 2022),
    "nihr-bru": (2008, 2012),
    "nihr-clahrc": (2008, 2013),
    "nihr-arc": (2019,),
}
KINDS = {"nihr-brc": "comprehensive", "nihr-bru": "unit", "nihr-clahrc": "collaboration", "nihr-arc": "collaboration"}
CENTRE_KINDS = {"nihr-brc": "brc", "nihr-bru": "bru", "nihr-clahrc": "clahrc", "nihr-arc": "arc"}
GYEAR = fact_triples.GYEAR
TERM_YEARS = 5
PARTNERS = 3  # besides the host and the lead


def centres_for(partnerships: int) -> int:
    """How many research centres a graph of ``partnerships`` networks holds: about one in four, as in the real data.

    >>> centres_for(3), centres_for(3500)
    (1, 875)
    """
    return max(1, partnerships // 4)


def triples(rng: random.Random, centres: int, organisations: int, universities: int, publisher: str) -> Iterator[Triple]:
    """Every programme's rounds, then each centre with its awards (one per round it is renewed in) and their roles."""
    for programme, years in ROUNDS.items():
        for year in years:
            yield from _round(rng, programme, year, centres, publisher)
    for c in range(centres):
        yield from _centre(rng, c, organisations, universities, publisher)


def _round(rng: random.Random, programme: str, year: int, centres: int, publisher: str) -> list[Triple]:
    iri, source = _round_iri(programme, year), f"{SYN}source/round-{programme}-{year}"
    count = max(1, sum(1 for c in range(centres) if _programme(c) == programme))
    total = count * rng.randrange(5, 120) * 1_000_000
    count_node, funding = f"{iri}#count", f"{iri}#funding"
    announced, term = f"{iri}#announced", f"{iri}#term"
    return [
        *fact_triples.source(source, f"Synthetic announcement of the {programme} {year} round", publisher, source),
        fact_triples.triple(iri, RDF_TYPE, HSP + "DesignationRound"),
        fact_triples.triple(iri, HSP + "programme", f"{ID}programme/{programme}"),
        fact_triples.triple(iri, HSP + "status", f"{ID}status/{programme}"),
        fact_triples.triple(iri, HSP + "roundYear", Literal(str(year), datatype=GYEAR)),
        fact_triples.triple(iri, LABEL, Literal(f"Synthetic {programme} round {year}")),
        fact_triples.triple(iri, PROV + "wasDerivedFrom", source),
        fact_triples.triple(iri, HSP + "numberDesignated", count_node),
        *fact_triples.quantity(count_node, count, "exact", f"{count} funded", [source]),
        fact_triples.triple(iri, HSP + "totalFunding", funding),
        *_money(funding, total, "over" if year % 2 else "exact", [source]),
        fact_triples.triple(iri, HSP + "announcement", announced),
        fact_triples.triple(announced, RDF_TYPE, HSP + "Announcement"),
        fact_triples.triple(announced, LABEL, Literal("announced")),
        fact_triples.triple(announced, TIME + "hasTime", _year(year - 1)),
        fact_triples.triple(announced, PROV + "wasDerivedFrom", source),
        *_term(iri, HSP + "term", term, year, [source]),
    ]


def _centre(rng: random.Random, c: int, organisations: int, universities: int, publisher: str) -> Iterator[Triple]:
    programme = _programme(c)
    centre, source = f"{SYN}centre/{c}", f"{SYN}source/centre-{c}"
    name = f"Synthetic Research Centre {c}"
    kind = CENTRE_KINDS[programme]
    second = f"{SYN}source/centre-{c}-figures"
    yield from fact_triples.source(source, f"Synthetic report of research centre {c}", publisher, source)
    yield from fact_triples.source(second, f"Synthetic funding figures of research centre {c}", publisher, second)
    yield from (
        fact_triples.triple(centre, RDF_TYPE, HSP + "ResearchCentre"),
        fact_triples.triple(centre, HSP + "programme", f"{ID}programme/{programme}"),
        fact_triples.triple(centre, LABEL, Literal(name)),
        fact_triples.triple(centre, ORG + "classification", f"{ID}kind/{kind}"),
        fact_triples.triple(centre, PROV + "wasDerivedFrom", source),
        *fact_triples.statement(f"{centre}#label", centre, LABEL, Literal(name), [source]),
        *fact_triples.statement(f"{centre}#kind", centre, ORG + "classification", f"{ID}kind/{kind}", [source]),
    )
    # the host is a university, the lead a trust; the partners any organisation (the same across the centre's rounds)
    host, lead = rng.randrange(universities), universities + rng.randrange(organisations - universities)
    partners = sorted({rng.randrange(organisations) for _ in range(PARTNERS)} - {host, lead})
    # a centre is renewed from its first round on: later centres start in later rounds
    years = ROUNDS[programme][(c // len(ROUNDS)) % len(ROUNDS[programme]) :]
    before: str | None = None
    for year in years:
        award = f"{SYN}award/{c}-{year}"
        yield from _award(rng, award, centre, name, programme, year, before, (source, second))
        for i, role in ((host, "host"), (lead, "lead"), *((p, "partner") for p in partners)):
            yield from _role(award, centre, i, role, year, source)
        before = award


def _award(rng: random.Random, award: str, centre: str, name: str, programme: str, year: int, before: str | None, sources: tuple[str, str]) -> Iterator[Triple]:
    source, second = sources
    kind = f"{ID}award-kind/{KINDS[programme]}"
    yield from (
        fact_triples.triple(award, RDF_TYPE, HSP + "Award"),
        fact_triples.triple(award, LABEL, Literal(f"{name} ({year})")),
        fact_triples.triple(award, HSP + "designee", centre),
        fact_triples.triple(award, DCTERMS + "isPartOf", _round_iri(programme, year)),
        fact_triples.triple(award, HSP + "programme", f"{ID}programme/{programme}"),
        fact_triples.triple(award, HSP + "status", f"{ID}status/{programme}"),
        fact_triples.triple(award, PROV + "wasDerivedFrom", source),
        fact_triples.triple(award, HSP + "awardKind", kind),
        *fact_triples.statement(f"{award}#kind", award, HSP + "awardKind", kind, [source]),
        *_term(award, HSP + "awardTerm", f"{award}#term", year, [source]),
    )
    value = rng.randrange(2, 120) * 1_000_000
    yield fact_triples.triple(award, SCHEMA + "amount", f"{award}#amount-0")
    yield from _money(f"{award}#amount-0", value, "exact", [source])
    if rng.random() < 0.2:
        # a second source gives another figure; a disagreement prefers the first, as the real data's rule does
        other, disagreement = f"{award}#amount-1", f"{award}#amounts"
        yield fact_triples.triple(award, SCHEMA + "amount", other)
        yield from _money(other, value + 1_000_000, "over", [second])
        yield from (
            fact_triples.triple(disagreement, RDF_TYPE, HSP + "Disagreement"),
            fact_triples.triple(disagreement, fact_triples.COMMENT, Literal(f"How much {name} was awarded in {year}")),
            fact_triples.triple(disagreement, HSP + "claim", f"{award}#amount-0"),
            fact_triples.triple(disagreement, HSP + "claim", other),
            fact_triples.triple(disagreement, HSP + "preferredClaim", f"{award}#amount-0"),
        )
    if before is not None:
        yield fact_triples.triple(award, DCTERMS + "replaces", before)
        yield from fact_triples.statement(f"{award}#replaces", award, DCTERMS + "replaces", before, [source])


def _role(award: str, centre: str, i: int, role: str, year: int, source: str) -> list[Triple]:
    """An organisation's role in an award: a membership of the centre for the award's term."""
    iri = f"{award}-{i}-{role}"
    return [
        *fact_triples.membership(iri, f"{SYN}org/{i}", centre, _year(year), _year(year + TERM_YEARS), [source]),
        fact_triples.triple(iri, HSP + "award", award),
        fact_triples.triple(iri, ORG + "role", f"{ID}role/{role}"),
    ]


def _money(iri: str, value: int, bound: str, sources: list[str]) -> list[Triple]:
    prop = {"over": "minValue", "nearly": "maxValue"}.get(bound, "value")
    said = {"over": "over ", "nearly": "nearly "}.get(bound, "")
    return [
        fact_triples.triple(iri, RDF_TYPE, SCHEMA + "MonetaryAmount"),
        fact_triples.triple(iri, SCHEMA + prop, Literal(value)),
        fact_triples.triple(iri, SCHEMA + "currency", Literal("GBP")),
        fact_triples.triple(iri, HSP + "bound", Literal(bound)),
        fact_triples.triple(iri, LABEL, Literal(f"{said}£{value // 1_000_000}m")),
        *fact_triples.derived(iri, sources),
    ]


def _term(subject: str, prop: str, iri: str, year: int, sources: list[str]) -> list[Triple]:
    return [
        fact_triples.triple(subject, prop, iri),
        fact_triples.triple(iri, RDF_TYPE, TIME + "Interval"),
        fact_triples.triple(iri, TIME + "hasBeginning", _year(year)),
        fact_triples.triple(iri, TIME + "hasEnd", _year(year + TERM_YEARS)),
        *fact_triples.derived(iri, sources),
    ]


def _programme(c: int) -> str:
    return list(ROUNDS)[c % len(ROUNDS)]


def _round_iri(programme: str, year: int) -> str:
    return f"{SYN}round/{programme}-{year}"


def _year(year: int) -> str:
    """The synthetic graph's instant of a year (``generate`` writes one for every year the graph uses)."""
    return f"{SYN}time/{year}"
