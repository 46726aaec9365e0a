"""Template ``changes``: a merger, acquisition, renaming or formation, as ``org:ChangeEvent``.

Rows with the same id are one event with all their sources, dated as precisely
as any of them gives. The organisations in ``ceased`` ended at the event: their
memberships end there, the end derived from the event (the successor's
membership is not assumed).
"""

from __future__ import annotations

from .. import model
from .context import DCTERMS, HSP, ID, LABEL, ORG, PROV, Context, Literal, Row, Template

CHANGES = ("merger", "acquisition", "transfer", "renaming", "foundation-trust", "formation", "combination")


def read(ctx: Context, row: Row, where: str) -> None:
    sources = ctx.source(row, where)
    given, change = ctx.ident(row, "id", where, required=True), row.get("change", "").strip()
    if change not in CHANGES:
        ctx.problem(where, "change", f"unknown change {change!r} (changes: {', '.join(CHANGES)})")
    original = ctx.organisations(row, "original", where)
    resulting = ctx.organisations(row, "resulting", where)
    ceased = ctx.organisations(row, "ceased", where)
    date = ctx.date(row, "date", where)
    if not resulting:
        ctx.problem(where, "resulting", "a change needs the organisation it resulted in")
    if ceased and original is not None and not set(ceased) <= set(original):
        ctx.problem(where, "ceased", "only an original organisation can cease at a change")
    if not (given and change in CHANGES and sources and resulting) or original is None or ceased is None:
        return
    iri = f"{ID}event/{given}"
    ctx.count("changes", iri)
    confidence = row.get("confidence", "").strip()
    ctx.add(
        [
            model.triple(iri, model.RDF_TYPE, ORG + "ChangeEvent"),
            model.triple(iri, DCTERMS + "type", f"{ID}change/{change}"),
            model.triple(iri, LABEL, Literal(_label(ctx, change, original, resulting))),
            *[model.triple(iri, ORG + "originalOrganization", o) for o in original],
            *[model.triple(iri, ORG + "resultingOrganization", r) for r in resulting],
            *[model.triple(iri, PROV + "invalidated", c) for c in ceased],
            *model.derived(iri, sources),
            *([model.triple(iri, HSP + "confidence", Literal(confidence))] if confidence else []),
        ]
    )
    if change == "renaming":
        ctx.t(iri, "a", HSP + "Renaming")
    if date:
        ctx.dated(iri, date, where, event=True)
    for organisation in ceased:
        ctx.ceasing(organisation, iri)


def _label(ctx: Context, change: str, original: list[str], resulting: list[str]) -> str:
    name = ctx.directory.labels
    result = " and ".join(name[r] for r in resulting)
    others = " and ".join(name[o] for o in original if o not in resulting)
    return {
        "merger": f"{others} merged into {result}",
        "acquisition": f"{result} took over {others}",
        "transfer": f"Services passed from {others} to {result}",
        "renaming": f"{result} renamed",
        "foundation-trust": f"{result} became a foundation trust",
        "formation": f"{result} formed",
        "combination": f"{others} combined into {result}",
    }[change]


TEMPLATE = Template(
    name="changes",
    order=8,
    description="an organisational change (" + ", ".join(CHANGES) + "): original and resulting organisations, those that ceased, its date",
    columns=("id", "change", "date", "original", "resulting", "ceased", "source", "confidence"),
    required=frozenset({"id", "change", "resulting"}),
    read=read,
)
