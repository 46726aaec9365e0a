"""Template ``organisations``: an organisation, its name as of now and its kind, each from a source.

Also reads the first template's columns (``alternative_names``, ``ods``, ``ror``,
``ukprn``, ``wikidata``, ``source_url``), so older spreadsheets still load.
"""

from __future__ import annotations

from .. import model
from . import identifiers
from .context import ALT_LABEL, HSP, ID, LABEL, ORG, Context, Literal, Row, Template, slug

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


def read(ctx: Context, row: Row, where: str) -> None:
    before = len(ctx.outcome.problems)
    name, kind, given = row.get("name", "").strip(), row.get("kind", "").strip(), ctx.ident(row, "id", where)
    sources = ctx.source(row, where)
    # an organisation the graph knows may be named without a kind (its kinds, in time, are the graph's)
    if kind not in KINDS and not (kind == "" and given and f"{ID}org/{given}" in ctx.directory):
        ctx.problem(where, "kind", f"unknown kind {kind!r} (kinds: {', '.join(KINDS)})")
    if not name:
        ctx.problem(where, "name", "the organisation has no name")
    for column, scheme in identifiers.COLUMNS.items():
        value = row.get(column, "").strip()
        if value and not identifiers.SCHEMES[scheme].pattern.match(value):
            ctx.problem(where, column, f"{value!r} is not {identifiers.described(scheme)}")
    if len(ctx.outcome.problems) > before or given is None:
        return
    iri = _which(ctx, row, name, given, where)
    if iri is None:
        return
    ctx.count("organisations", iri)
    known = iri in ctx.directory
    source = sources[0].rsplit("/", 1)[-1]
    if kind:
        ctx.t(iri, "a", KINDS[kind])
        ctx.statement(f"{iri}#kind-{kind}-{source}", iri, ORG + "classification", f"{ID}kind/{kind}", sources)
    if not known:
        ctx.statement(f"{iri}#label-{source}", iri, LABEL, Literal(name), sources)
    elif name != ctx.directory.labels[iri]:
        ctx.statement(f"{iri}#altlabel-{slug(name)}-{source}", iri, ALT_LABEL, Literal(name), sources)
    ctx.add(model.derived(iri, sources))
    if kind in PARTNERSHIPS:
        ctx.networks.add(iri)
    names = [a.strip() for a in row.get("alternative_names", "").split(";") if a.strip()]
    for alternative in names:
        ctx.statement(f"{iri}#altlabel-{slug(alternative)}-{source}", iri, ALT_LABEL, Literal(alternative), sources)
    ctx.directory.add(iri, ctx.directory.labels.get(iri, name), names)
    for column, scheme in identifiers.COLUMNS.items():
        if row.get(column, "").strip():
            identifiers.record(ctx, iri, scheme, row[column].strip(), row.get("confidence", ""), sources, where, column)


def _which(ctx: Context, row: Row, name: str, given: str, where: str) -> str | None:
    """The organisation's IRI: from its id, or the one its name or identifiers find, or a new one."""
    if given:
        return f"{ID}org/{given}"
    found = {ctx.directory.find(row[c].strip()).iri for c in identifiers.COLUMNS if row.get(c, "").strip()}
    by_name = ctx.directory.find(name)
    found |= {by_name.iri}
    found.discard(None)
    if len(found) > 1:
        labels = "; ".join(sorted(ctx.directory.labels[f] for f in found if f))
        ctx.problem(where, "name", f"the name and identifiers point to different organisations: {labels}")
        return None
    if found:
        return found.pop()
    if "near misses" in by_name.why or "names" in by_name.why:
        ctx.problem(where, "name", by_name.why)
        return None
    iri, n = f"{ID}org/{slug(name)}", 1
    while iri in ctx.subjects:
        n += 1
        iri = f"{ID}org/{slug(name)}-{n}"
    return iri


TEMPLATE = Template(
    name="organisations",
    order=1,
    description="an organisation: its id (optional), name as of now and kind (" + ", ".join(KINDS) + "), from a source",
    columns=("id", "name", "kind", "source"),
    required=frozenset({"name", "kind"}),
    read=read,
)
