"""Template ``rounds``: what one source says of a round of designations: its date, term, designating bodies and size.

Each source's account stays its own: the term it gives is an interval of its
own (``ROUND#term-SOURCE``), the number it gives a quantity of its own, the
bodies it names statements of their own, so that sources that disagree
(a term extended, six centres or five) can be set side by side.
"""

from __future__ import annotations

from .. import fact_triples
from ..dates import parse_year
from .context import HSP, ID, PROV, TIME, Cells, Context, Template, slug

STATUSES = {"ahsc": "Academic Health Science Centre", "ahsn": "Academic Health Science Network"}


def round_iri(ctx: Context, name: str, status: str) -> str:
    """The round's IRI, its type, status and label added."""
    iri = f"{ID}round/{name}"
    year = name.rsplit("-", 1)[-1]
    ctx.out.add(fact_triples.fact(iri, HSP + "DesignationRound", f"{STATUSES[status]} designations of {year}", [(HSP + "status", f"{ID}status/{status}")]))
    return iri


def round_year(name: str) -> int | None:
    """The year of a round id (``ahsc-2009``), read as every year is (:func:`hspkg.dates.parse_year`); None if it is no round id."""
    if slug(name) != name:
        return None
    try:
        return parse_year(name[-4:])
    except ValueError:
        return None


def size(ctx: Context, round_: str, row: Cells, sources: list[str]) -> None:
    """How many partnerships one source says the round designated (``count``, a whole number)."""
    value = row.whole("count")
    if value is None:
        return
    node = f"{round_}#count-{sources[0].rsplit('/', 1)[-1]}"
    ctx.out.add(
        [fact_triples.triple(round_, HSP + "numberDesignated", node), *fact_triples.quantity(node, value, "exact", f"{row.text('count')} designated", sources)]
    )


def bodies(ctx: Context, subject: str, row: Cells, sources: list[str]) -> None:
    """The bodies a source says designated, each a statement with that source (disputable)."""
    for body in ctx.known.organisations(row, "designated_by") or []:
        statement = f"{subject}#designated-by-{body.rsplit('/', 1)[-1]}-{sources[0].rsplit('/', 1)[-1]}"
        ctx.out.statement(statement, subject, PROV + "wasAssociatedWith", body, sources, disputable=True)


def read(ctx: Context, row: Cells) -> None:
    sources = ctx.source(row)
    name, status = row.text("round"), row.text("status")
    if status not in STATUSES:
        row.problem("status", f"unknown status {status!r} (statuses: {', '.join(STATUSES)})")
    if round_year(name) is None:
        row.problem("round", f"{name!r} is not a round id such as ahsc-2009")
    dates = {c: row.date(c) for c in ("date", "term_start", "term_end")}
    if not sources or status not in STATUSES or round_year(name) is None:
        return
    ctx.out.count("rounds", f"{ID}round/{name}")
    iri = round_iri(ctx, name, status)
    ctx.out.add(fact_triples.derived(iri, sources))
    if dates["date"]:
        ctx.dated(row, iri, dates["date"], event=True, sources=sources)
    if dates["term_start"] or dates["term_end"]:
        term = f"{iri}#term-{sources[0].rsplit('/', 1)[-1]}"
        ctx.out.add(
            [
                fact_triples.triple(iri, HSP + "term", term),
                fact_triples.triple(term, fact_triples.RDF_TYPE, TIME + "Interval"),
                *fact_triples.derived(term, sources),
            ]
        )
        for column, prop in (("term_start", "hasBeginning"), ("term_end", "hasEnd")):
            date = dates[column]
            if date:
                ctx.out.add([fact_triples.triple(term, TIME + prop, ctx.out.instant(date))])
    bodies(ctx, iri, row, sources)
    size(ctx, iri, row, sources)


TEMPLATE = Template(
    name="rounds",
    description="what one source says of a designation round: announcement date, term, designating bodies, number designated",
    columns=("round", "status", "date", "term_start", "term_end", "designated_by", "count", "source"),
    required=frozenset({"round", "status"}),
    read=read,
    notes=(("round", "`ahsc-2020`"),),
)
