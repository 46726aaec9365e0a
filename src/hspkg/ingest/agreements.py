"""Template ``agreements``: a reported agreement to join a partnership, kept apart from membership."""

from __future__ import annotations

from .. import fact_triples
from .context import HSP, ID, Cells, Context, Template, slug


def read(ctx: Context, row: Cells) -> None:
    sources = ctx.source(row)
    who = ctx.known.organisation(row, "organisation")
    network = ctx.known.organisation(row, "network", network=True)
    date = row.date("date")
    given = row.text("id")
    if not row.text("date"):  # one problem per cell: a date that is no date has said so already
        row.problem("date", "an agreement needs the date the source gives")
    if not (who and network and date and sources):
        return
    iri = f"{ID}agreement/{given or slug(ctx.known.directory.labels[who] + '-' + ctx.known.directory.labels[network] + '-' + date)}"
    ctx.out.count("agreements", iri)
    label = f"{ctx.known.directory.labels[who]} agreed to join {ctx.known.directory.labels[network]}"
    joined = [(HSP + "joiningOrganisation", who), (HSP + "network", network), (fact_triples.TIME + "hasTime", ctx.out.instant(date))]
    ctx.out.add(fact_triples.fact(iri, HSP + "JoinAgreement", label, joined, sources))


TEMPLATE = Template(
    name="agreements",
    description="an agreement to join a partnership that a source reports (not yet a membership)",
    columns=("id", "organisation", "network", "date", "source"),
    required=frozenset({"organisation", "network", "date"}),
    read=read,
)
