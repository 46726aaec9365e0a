"""Template ``agreements``: a reported agreement to join a partnership, kept apart from membership."""

from __future__ import annotations

from .. import model
from .context import HSP, ID, LABEL, Context, Literal, Row, Template, slug


def read(ctx: Context, row: Row, where: str) -> None:
    sources = ctx.source(row, where)
    who = ctx.organisation(row, "organisation", where)
    network = ctx.organisation(row, "network", where, network=True)
    date = ctx.date(row, "date", where)
    given = row.get("id", "").strip()
    if not date:
        ctx.problem(where, "date", "an agreement needs the date the source gives")
    if not (who and network and date and sources):
        return
    iri = f"{ID}agreement/{given or slug(ctx.directory.labels[who] + '-' + ctx.directory.labels[network] + '-' + date)}"
    ctx.count("agreements", iri)
    label = f"{ctx.directory.labels[who]} agreed to join {ctx.directory.labels[network]}"
    ctx.add(
        [
            model.triple(iri, model.RDF_TYPE, HSP + "JoinAgreement"),
            model.triple(iri, LABEL, Literal(label)),
            model.triple(iri, HSP + "joiningOrganisation", who),
            model.triple(iri, HSP + "network", network),
            model.triple(iri, model.TIME + "hasTime", ctx.instant(date)),
            *model.derived(iri, sources),
        ]
    )


TEMPLATE = Template(
    name="agreements",
    order=7,
    description="an agreement to join a partnership that a source reports (not yet a membership)",
    columns=("id", "organisation", "network", "date", "source"),
    required=frozenset({"organisation", "network", "date"}),
    read=read,
)
