"""Template ``designations``: a partnership designated (an AHSC or AHSN), in a round or on its own, as one source says.

Rows of the same partnership and round are one designation with all their
sources; a designation outside any round (``imperial-ahsc-ahsc-2007-10``) is a
claim of its own, dated by its source.
"""

from __future__ import annotations

from .. import fact_triples
from .context import DCTERMS, HSP, ID, Cells, Context, Template
from .rounds import STATUSES, bodies, round_iri, size


def read(ctx: Context, row: Cells) -> None:
    sources = ctx.source(row)
    partnership = ctx.known.organisation(row, "partnership", network=True)
    name = row.text("round")
    status = row.text("status") or name.split("-", 1)[0]
    date = row.date("date")
    if status not in STATUSES:
        row.problem("status", f"unknown status {status!r}: give a round such as ahsc-2009, or a status ({', '.join(STATUSES)})")
        return
    if not name and not row.text("date"):  # a date that is no date has said so already
        row.problem("date", "a designation outside a round needs its date")
    if not (partnership and sources) or not (name or date):
        return
    local = partnership.rsplit("/", 1)[-1]
    iri = f"{ID}designation/{local}-{name}" if name else f"{ID}designation/{local}-{status}-{date}"
    ctx.out.count("designations", iri)
    label = f"{ctx.known.directory.labels[partnership]} designated an {STATUSES[status]}"
    ctx.out.add(fact_triples.fact(iri, HSP + "Designation", label, [(HSP + "designee", partnership), (HSP + "status", f"{ID}status/{status}")], sources))
    if name:
        round_ = round_iri(ctx, name, status)
        ctx.out.add([fact_triples.triple(iri, DCTERMS + "isPartOf", round_)])
        size(ctx, round_, row, sources)
    if date:
        ctx.dated(row, iri, date, sources=sources)
    bodies(ctx, iri, row, sources)


TEMPLATE = Template(
    name="designations",
    description="a partnership designated an AHSC or AHSN, in a round (ahsc-2009) or on a date of its own, as one source says",
    columns=("partnership", "round", "status", "date", "designated_by", "count", "source"),
    required=frozenset({"partnership"}),
    read=read,
)
