"""Template ``rounds``: what one source says of a round of designations: its date, term, designating bodies and size.

Each source's account stays its own: the term it gives is an interval of its
own (``ROUND#term-SOURCE``), the number it gives a quantity of its own, the
bodies it names statements of their own, so that sources that disagree
(a term extended, six centres or five) can be set side by side.
"""

from __future__ import annotations

from .. import model
from .context import HSP, ID, LABEL, PROV, TIME, Context, Literal, Row, Template, slug

STATUSES = {"ahsc": "Academic Health Science Centre", "ahsn": "Academic Health Science Network"}


def round_iri(ctx: Context, name: str, status: str) -> str:
    """The round's IRI, its type, status and label added."""
    iri = f"{ID}round/{name}"
    year = name.rsplit("-", 1)[-1]
    ctx.add(
        [
            model.triple(iri, model.RDF_TYPE, HSP + "DesignationRound"),
            model.triple(iri, HSP + "status", f"{ID}status/{status}"),
            model.triple(iri, LABEL, Literal(f"{STATUSES[status]} designations of {year}")),
        ]
    )
    return iri


def size(ctx: Context, round_: str, value: str, sources: list[str], where: str) -> None:
    """How many partnerships one source says the round designated."""
    if not value:
        return
    if not value.isdigit():
        ctx.problem(where, "count", f"{value!r} is not a whole number")
        return
    node = f"{round_}#count-{sources[0].rsplit('/', 1)[-1]}"
    ctx.add([model.triple(round_, HSP + "numberDesignated", node), *model.quantity(node, int(value), "exact", f"{value} designated", sources)])


def bodies(ctx: Context, subject: str, row: Row, sources: list[str], where: str) -> None:
    """The bodies a source says designated, each a statement with that source (disputable)."""
    for body in ctx.organisations(row, "designated_by", where) or []:
        local = body.rsplit("/", 1)[-1]
        ctx.statement(f"{subject}#designated-by-{local}-{sources[0].rsplit('/', 1)[-1]}", subject, PROV + "wasAssociatedWith", body, sources, disputable=True)


def read(ctx: Context, row: Row, where: str) -> None:
    sources = ctx.source(row, where)
    name, status = row.get("round", "").strip(), row.get("status", "").strip()
    if status not in STATUSES:
        ctx.problem(where, "status", f"unknown status {status!r} (statuses: {', '.join(STATUSES)})")
    if slug(name) != name or not name[-4:].isdigit():
        ctx.problem(where, "round", f"{name!r} is not a round id such as ahsc-2009")
    dates = {c: ctx.date(row, c, where) for c in ("date", "term_start", "term_end")}
    if not sources or status not in STATUSES or slug(name) != name or not name[-4:].isdigit():
        return
    ctx.count("rounds", f"{ID}round/{name}")
    iri = round_iri(ctx, name, status)
    ctx.add(model.derived(iri, sources))
    if dates["date"]:
        ctx.dated(iri, dates["date"], where, event=True, sources=sources)
    if dates["term_start"] or dates["term_end"]:
        term = f"{iri}#term-{sources[0].rsplit('/', 1)[-1]}"
        ctx.add([model.triple(iri, HSP + "term", term), model.triple(term, model.RDF_TYPE, TIME + "Interval"), *model.derived(term, sources)])
        for column, prop in (("term_start", "hasBeginning"), ("term_end", "hasEnd")):
            date = dates[column]
            if date:
                ctx.add([model.triple(term, TIME + prop, ctx.instant(date))])
    bodies(ctx, iri, row, sources, where)
    size(ctx, iri, row.get("count", "").strip(), sources, where)


TEMPLATE = Template(
    name="rounds",
    order=4,
    description="what one source says of a designation round: announcement date, term, designating bodies, number designated",
    columns=("round", "status", "date", "term_start", "term_end", "designated_by", "count", "source"),
    required=frozenset({"round", "status"}),
    read=read,
)
