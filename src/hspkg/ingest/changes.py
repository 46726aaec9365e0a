"""Template ``changes``: a merger, acquisition, renaming or formation, as ``org:ChangeEvent``.

Rows with the same id are one event with all their sources, dated as precisely
as any of them gives. The organisations in ``ceased`` ended at the event: their
memberships end there, the end derived from the event (the successor's
membership is not assumed). ``former_name`` and ``new_name`` say which of the
resulting organisation's recorded names the change ended and began, and a
change to a foundation trust ends its ``nhs-trust`` kind and begins its
``nhs-foundation-trust`` kind: names and kinds hold in time (``hsp:validDuring``).
An abolition (a class of bodies abolished by law) has no resulting organisation.
"""

from __future__ import annotations

from .. import fact_triples
from .context import DCTERMS, HSP, ID, ORG, PROV, Cells, Context, Template

CHANGES = ("merger", "acquisition", "transfer", "renaming", "foundation-trust", "formation", "combination", "abolition")


def read(ctx: Context, row: Cells) -> None:
    sources = ctx.source(row)
    given, change = row.ident("id", required=True), row.text("change")
    if change not in CHANGES:
        row.problem("change", f"unknown change {change!r} (changes: {', '.join(CHANGES)})")
    original = ctx.known.organisations(row, "original")
    resulting = ctx.known.organisations(row, "resulting")
    ceased = ctx.known.organisations(row, "ceased")
    date = row.date("date")
    # one problem per cell: a cell naming an organisation the graph lacks (None) has said so already; [] is an empty cell
    if resulting == [] and change != "abolition":
        row.problem("resulting", "a change needs the organisation it resulted in")
    if change == "abolition" and ceased == []:
        row.problem("ceased", "an abolition needs the organisations it ended")
    if ceased and original is not None and not set(ceased) <= set(original):
        row.problem("ceased", "only an original organisation can cease at a change")
    if not (given and change in CHANGES and sources and (resulting or change == "abolition")) or original is None or resulting is None or ceased is None:
        return
    names = _names(ctx, row, resulting)
    if names is None:
        return
    iri = f"{ID}event/{given}"
    ctx.out.count("changes", iri)
    confidence = row.text("confidence")
    label = _label(ctx, change, original, resulting, dict((b, v) for v, b in names))
    changed = [
        (DCTERMS + "type", f"{ID}change/{change}"),
        *[(ORG + "originalOrganization", o) for o in original],
        *[(ORG + "resultingOrganization", r) for r in resulting],
        *[(PROV + "invalidated", c) for c in ceased],
    ]
    ctx.out.add(fact_triples.fact(iri, ORG + "ChangeEvent", label, changed, sources, confidence))
    if change == "renaming":
        ctx.out.t(iri, "a", HSP + "Renaming")
    if date:
        ctx.dated(row, iri, date, event=True, sources=sources)
    for organisation in ceased:
        ctx.out.ceasing(organisation, iri)
    for value, begins in names:
        ctx.out.bound(iri, resulting[0], "name", value, begins)
    if change == "foundation-trust":
        for organisation in resulting:
            ctx.out.bound(iri, organisation, "kind", "nhs-trust", False)
            ctx.out.bound(iri, organisation, "kind", "nhs-foundation-trust", True)


def _names(ctx: Context, row: Cells, resulting: list[str]) -> list[tuple[str, bool]] | None:
    """The names the change ended (``former_name``) and began (``new_name``): each a recorded name of the one resulting organisation."""
    found = []
    for column, begins in (("former_name", False), ("new_name", True)):
        value = row.text(column)
        if not value:
            continue
        if len(resulting) != 1:
            row.problem(column, "a name can change only where the change results in one organisation")
            return None
        if (resulting[0], value) not in ctx.known.named:
            row.problem(column, f"{value!r} is not a name recorded for {ctx.known.directory.labels[resulting[0]]} (add it to the names template)")
            return None
        found.append((value, begins))
    return found


def _label(ctx: Context, change: str, original: list[str], resulting: list[str], names: dict[bool, str]) -> str:
    """What happened, in words; a change that renamed says from what to what (never "X renamed: X → X")."""
    name = ctx.known.directory.labels
    result = " and ".join(name[r] for r in resulting)
    others = " and ".join(name[o] for o in original if o not in resulting)
    if False in names and True in names:
        renamed = f"{names[False]} renamed {names[True]}"
        return renamed if change == "renaming" else f"{renamed} ({_label(ctx, change, original, resulting, {})})"
    return {
        "merger": f"{others} merged into {result}",
        "acquisition": f"{result} took over {others}",
        "transfer": f"Services passed from {others} to {result}",
        "renaming": f"{result} renamed",
        "foundation-trust": f"{result} became a foundation trust",
        "formation": f"{result} formed",
        "combination": f"{others} combined into {result}",
        "abolition": f"{others} abolished",
    }[change]


TEMPLATE = Template(
    name="changes",
    description="an organisational change (" + ", ".join(CHANGES) + "): original and resulting organisations, those that ceased, its date",
    columns=("id", "change", "date", "original", "resulting", "ceased", "source", "confidence", "former_name", "new_name"),
    required=frozenset({"id", "change", "resulting"}),
    read=read,
)
