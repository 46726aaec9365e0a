"""Template ``areas``: what one source says a network serves: an area (a shared place), a population, a host.

A population keeps the bound its source gives (``over`` six million is a lower
bound; ``about`` is kept in the label) and is dated by its source. A host, and
a place's containing place, are statements with their own sources.
"""

from __future__ import annotations

from .. import model
from .context import HSP, ID, LABEL, SCHEMA, Context, Literal, Row, Template, slug

FACTS = ("area", "population", "host")
QUALIFIERS = {"exact": "", "about": "about ", "over": "over ", "up-to": "up to "}


def read(ctx: Context, row: Row, where: str) -> None:
    sources = ctx.source(row, where)
    network = ctx.organisation(row, "network", where, network=True)
    fact, value = row.get("fact", "").strip(), row.get("value", "").strip()
    confidence = row.get("confidence", "").strip()
    if fact not in FACTS:
        ctx.problem(where, "fact", f"unknown fact {fact!r} (facts: {', '.join(FACTS)})")
        return
    if not value:
        ctx.problem(where, "value", f"no {fact} given")
        return
    if not (network and sources):
        return
    source = sources[0].rsplit("/", 1)[-1]
    if fact == "area":
        place = _place(ctx, value, sources)
        ctx.statement(f"{network}#area-{slug(value)}-{source}", network, SCHEMA + "areaServed", place, sources, confidence)
        within = row.get("within", "").strip()
        if within:
            where_from = ctx.source({"source": row.get("within_source", "")}, where)
            outer = _place(ctx, within, where_from)
            ctx.statement(f"{place}#within-{slug(within)}", place, SCHEMA + "containedInPlace", outer, where_from)
    elif fact == "population":
        qualifier = row.get("qualifier", "").strip() or "exact"
        if not value.isdigit() or qualifier not in QUALIFIERS:
            ctx.problem(where, "value", f"a population is a whole number ({value!r}) with a qualifier ({', '.join(QUALIFIERS)})")
            return
        node = row.get("id", "").strip()
        node = f"{ID}{node}" if node else f"{network}#population-{source}"
        label = f"{QUALIFIERS[qualifier]}{int(value):,} people"
        ctx.count("populations", node)
        ctx.add([model.triple(network, HSP + "populationServed", node), *model.quantity(node, int(value), qualifier, label, sources, "people", confidence)])
    else:
        host = ctx.organisation(row, "value", where)
        if host:
            local = host.rsplit("/", 1)[-1]
            ctx.statement(f"{network}#host-{local}-{source}", network, HSP + "hostedBy", host, sources, confidence, disputable=confidence.startswith("low"))


def _place(ctx: Context, name: str, sources: list[str]) -> str:
    iri = f"{ID}area/{slug(name)}"
    ctx.count("places", iri)
    ctx.add([model.triple(iri, model.RDF_TYPE, SCHEMA + "Place"), model.triple(iri, LABEL, Literal(name)), *model.derived(iri, sources)])
    return iri


TEMPLATE = Template(
    name="areas",
    order=9,
    description="what a network serves, as one source says: an area (within a larger place), a population (with its bound), a host",
    columns=("id", "network", "fact", "value", "qualifier", "within", "within_source", "source", "confidence"),
    required=frozenset({"network", "fact", "value"}),
    read=read,
)
