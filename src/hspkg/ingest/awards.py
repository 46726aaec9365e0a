"""Template ``awards``: what one source says of one award, one centre in one round of a programme.

An award (``award/oxford-brc-2007``) is an ``hsp:Award``: a designation in its
round and a ``schema:MonetaryGrant``, whose ``hsp:designee`` is the centre. A
centre renewed across rounds is one organisation (``org/nihr-oxford-biomedical-research-centre``,
an ``hsp:ResearchCentre``) with one award per round. What each source says of
the award stays its own: its kind and theme (statements with their source), its
term (``AWARD#term-SOURCE``), its money (``AWARD#amount-SOURCE-N``) and the
award it succeeds (``dcterms:replaces``, a statement with its source).

>>> award_iri("CLAHRC Leeds, York and Bradford (2008)")
'https://w3id.org/hspkg/id/award/clahrc-leeds-york-and-bradford-2008'
"""

from __future__ import annotations

from typing import NamedTuple
from weakref import WeakKeyDictionary

from .. import catalogue, fact_triples
from .context import DCTERMS, HSP, ID, LABEL, ORG, Cells, Context, Literal, Template, slug
from .programmes import PROGRAMMES, ROUND_ENDS, money, number, programme_iri, round_iri, term

KINDS = ("comprehensive", "specialist", "unit", "collaboration")
# the kind of organisation a centre of each programme is (org:classification)
CENTRE_KINDS = {"nihr-brc": "brc", "nihr-bru": "bru", "nihr-clahrc": "clahrc", "nihr-arc": "arc"}


class Award(NamedTuple):
    """What the award partners need of an award: its centre, its round's year and IRI, the latest end year a source gives it."""

    centre: str
    year: int
    end: int | None
    round: str
    end_from: tuple[str, ...] = ()  # the sources that state the end


# the awards read in one ingest, for the award partners read after them
AWARDS: WeakKeyDictionary[Context, dict[str, Award]] = WeakKeyDictionary()


def award_iri(name: str) -> str:
    return f"{ID}award/{slug(name)}"


def centre_iri(name: str) -> str:
    return f"{ID}org/{slug(name)}"


def read(ctx: Context, row: Cells) -> None:
    sources = ctx.source(row)
    name, centre_name = row.text("award"), row.text("centre")
    programme, year = row.text("programme"), row.year("round_year", required=True)
    kind, theme, confidence = (row.text(c) for c in ("kind", "theme", "confidence"))
    for column, value in (("award", name), ("centre", centre_name)):
        if not value:
            row.problem(column, f"no {column} named")
    if programme not in PROGRAMMES:
        row.problem("programme", f"unknown programme {programme!r} (programmes: {', '.join(PROGRAMMES)})")
    if kind and kind not in KINDS:
        row.problem("kind", f"unknown kind of award {kind!r} (kinds: {', '.join(KINDS)})")
    amount = number(row, "amount_gbp")
    start, end = row.date("start_date"), row.date("end_date")
    if row.problems or not sources or year is None:
        return
    iri, centre = award_iri(name), centre_iri(centre_name)
    ctx.out.count("awards", iri)
    source = sources[0].rsplit("/", 1)[-1]
    round_ = round_iri(ctx, programme, year)
    awarded = [
        (HSP + "designee", centre),
        (DCTERMS + "isPartOf", round_),
        (HSP + "programme", programme_iri(programme)),
        (HSP + "status", f"{ID}status/{programme}"),
    ]
    ctx.out.add(fact_triples.fact(iri, HSP + "Award", name, awarded, sources))
    ctx.out.add(fact_triples.derived(round_, sources))  # a round no source describes as a whole is known from its awards' sources
    _centre(ctx, centre, centre_name, programme, sources)
    if kind:
        ctx.out.statement(f"{iri}#kind-{kind}-{source}", iri, HSP + "awardKind", f"{ID}award-kind/{kind}", sources, confidence)
    if theme:
        ctx.out.statement(f"{iri}#theme-{slug(theme)}-{source}", iri, HSP + "theme", Literal(theme), sources, confidence)
    term(ctx, iri, HSP + "awardTerm", start, end, sources, confidence)
    if amount:
        node = f"{iri}#amount-{source}-{amount.value}"
        ctx.out.add([fact_triples.triple(iri, fact_triples.SCHEMA + "amount", node), *money(node, amount, sources, confidence)])
    for before_name in row.listed("succeeds"):
        earlier = award_iri(before_name)
        ctx.out.statement(f"{iri}#replaces-{earlier.rsplit('/', 1)[-1]}-{source}", iri, DCTERMS + "replaces", earlier, sources, confidence)
    known = AWARDS.setdefault(ctx, {}).setdefault(iri, Award(centre, year, None, round_))
    if end and (known.end is None or int(end[:4]) > known.end):
        AWARDS[ctx][iri] = known._replace(end=int(end[:4]), end_from=tuple(sources))
    elif end and int(end[:4]) == known.end:
        AWARDS[ctx][iri] = known._replace(end_from=tuple(dict.fromkeys(known.end_from + tuple(sources))))


def find(ctx: Context, iri: str) -> Award | None:
    """An award of these files or of the graph: its centre, round year and the latest end a source gives it (or else its round)."""
    if iri in AWARDS.get(ctx, {}):
        found = AWARDS[ctx][iri]
        if found.end is None and found.round in ROUND_ENDS.get(ctx, {}):
            year, sources = ROUND_ENDS[ctx][found.round]
            return found._replace(end=year, end_from=sources)
        return found
    rows = ctx.graph.sparql(catalogue.internal("ingest-award").bind({"award": iri}), "ingest").values()
    if not rows:
        return None
    # the award's own latest end, else its round's, with the sources that state it
    ends = [(r["own"], r["end"], str(r["source"])) for r in rows if r.get("end") is not None]
    best = max(((own, end) for own, end, _ in ends), default=None)
    found = Award(str(rows[0]["centre"]), int(str(rows[0]["year"])), None, str(rows[0]["round"]))
    if best is not None:
        found = found._replace(end=int(str(best[1])), end_from=tuple(sorted({s for own, end, s in ends if (own, end) == best})))
    AWARDS.setdefault(ctx, {})[iri] = found
    return found


def _centre(ctx: Context, centre: str, name: str, programme: str, sources: list[str]) -> None:
    """The centre, once: a research centre of its programme, named by the first source that names it."""
    ctx.out.add([fact_triples.triple(centre, HSP + "programme", programme_iri(programme)), *fact_triples.derived(centre, sources)])
    ctx.known.networks.add(centre)
    if centre in ctx.known.directory:
        return  # named as an organisation already (an ARC that is an AHSN's partner), with its kind
    kind = CENTRE_KINDS[programme]
    ctx.out.t(centre, "a", HSP + "ResearchCentre")
    ctx.out.statement(f"{centre}#label-{sources[0].rsplit('/', 1)[-1]}", centre, LABEL, Literal(name), sources)
    ctx.out.statement(f"{centre}#kind-{kind}", centre, ORG + "classification", f"{ID}kind/{kind}", sources)
    ctx.known.directory.add(centre, name)
    ctx.known.networks.add(centre)


TEMPLATE = Template(
    name="awards",
    description="what one source says of one award (a centre in a programme's round): kind, theme, term, amount (with its bound), the award it succeeds",
    columns=("award", "centre", "programme", "round_year", "kind", "theme", "start_date", "end_date", "amount_gbp", "succeeds", "source", "confidence"),
    required=frozenset({"award", "centre", "programme", "round_year"}),
    read=read,
    notes=(("kind", ", ".join(f"`{k}`" for k in KINDS)), ("succeeds", "awards, `;`-separated")),
)
