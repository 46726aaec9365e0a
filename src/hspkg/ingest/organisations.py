"""Template ``organisations``: an organisation, its name as of now and its kind, each from a source.

Also reads the first template's columns (``alternative_names``, ``ods``, ``ror``,
``ukprn``, ``wikidata``, ``source_url``), so older spreadsheets still load.
"""

from __future__ import annotations

from .. import fact_triples
from . import identifiers
from .context import ALT_LABEL, HSP, ID, LABEL, ORG, Cells, Context, Literal, Template, slug

KINDS = {
    "university": HSP + "University",
    "nhs-trust": HSP + "NHSTrust",
    "nhs-foundation-trust": HSP + "NHSTrust",
    "ahsn": HSP + "AcademicHealthScienceNetwork",
    "ahsc": HSP + "AcademicHealthScienceCentre",
    "organisation": ORG + "FormalOrganization",
    # kinds the research sources give (ontology/programmes.ttl): narrower than "organisation"
    **dict.fromkeys(("ccg", "icb", "local-authority", "charity", "company"), ORG + "FormalOrganization"),
    # research centres a source names as an organisation (an ARC as an AHSN's partner)
    **dict.fromkeys(("brc", "bru", "clahrc", "arc"), HSP + "ResearchCentre"),
}
PARTNERSHIPS = {"ahsn", "ahsc", "brc", "bru", "clahrc", "arc"}


def read(ctx: Context, row: Cells) -> None:
    name, kind, given = row.text("name"), row.text("kind"), row.ident("id")
    sources = ctx.source(row)
    # an organisation the graph knows may be named without a kind (its kinds, in time, are the graph's)
    if kind not in KINDS and not (kind == "" and given and f"{ID}org/{given}" in ctx.known.directory):
        row.problem("kind", f"unknown kind {kind!r} (kinds: {', '.join(KINDS)})")
    if not name:
        row.problem("name", "the organisation has no name")
    for column, scheme in identifiers.COLUMNS.items():
        value = row.text(column)
        if value and not identifiers.SCHEMES[scheme].pattern.match(value):
            row.problem(column, f"{value!r} is not {identifiers.described(scheme)}")
    if row.problems or given is None:
        return
    iri = _which(ctx, row, name, given)
    if iri is None:
        return
    ctx.out.count("organisations", iri)
    known = iri in ctx.known.directory
    source = sources[0].rsplit("/", 1)[-1]
    if kind:
        ctx.out.t(iri, "a", KINDS[kind])
        ctx.out.statement(f"{iri}#kind-{kind}-{source}", iri, ORG + "classification", f"{ID}kind/{kind}", sources)
    if not known:
        ctx.out.statement(f"{iri}#label-{source}", iri, LABEL, Literal(name), sources)
    elif name != ctx.known.directory.labels[iri]:
        ctx.out.statement(f"{iri}#altlabel-{slug(name)}-{source}", iri, ALT_LABEL, Literal(name), sources)
    ctx.out.add(fact_triples.derived(iri, sources))
    if kind in PARTNERSHIPS:
        ctx.known.networks.add(iri)
    names = row.listed("alternative_names")
    for alternative in names:
        ctx.out.statement(f"{iri}#altlabel-{slug(alternative)}-{source}", iri, ALT_LABEL, Literal(alternative), sources)
    ctx.known.directory.add(iri, ctx.known.directory.labels.get(iri, name), names)
    for column, scheme in identifiers.COLUMNS.items():
        if row.text(column):
            identifiers.record(ctx, row, iri, scheme, row.text(column), row.text("confidence"), sources, column)


def _which(ctx: Context, row: Cells, name: str, given: str) -> str | None:
    """The organisation's IRI: from its id, or the one its name or identifiers find, or a new one."""
    if given:
        return f"{ID}org/{given}"
    found = {ctx.known.directory.find(row.text(c)).iri for c in identifiers.COLUMNS if row.text(c)}
    by_name = ctx.known.directory.find(name)
    found |= {by_name.iri}
    found.discard(None)
    if len(found) > 1:
        labels = "; ".join(sorted(ctx.known.directory.labels[f] for f in found if f))
        row.problem("name", f"the name and identifiers point to different organisations: {labels}")
        return None
    if found:
        return found.pop()
    if "near misses" in by_name.why or "names" in by_name.why:
        row.problem("name", by_name.why)
        return None
    iri, n = f"{ID}org/{slug(name)}", 1
    while iri in ctx.known.subjects:
        n += 1
        iri = f"{ID}org/{slug(name)}-{n}"
    return iri


TEMPLATE = Template(
    name="organisations",
    description="an organisation: its id (optional), name as of now and kind (" + ", ".join(KINDS) + "), from a source",
    columns=("id", "name", "kind", "source"),
    required=frozenset({"name", "kind"}),
    read=read,
    notes=(("id", "a second row of one id: a former kind"),),
)
