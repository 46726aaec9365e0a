"""Template ``names``: another name an organisation is or was known by, from the source that uses it.

A name with low ``confidence`` is only a claim (its statement with its
confidence), never a plain ``skos:altLabel``, and is not used to find the
organisation.
"""

from __future__ import annotations

from .context import ALT_LABEL, Context, Literal, Row, Template, slug


def read(ctx: Context, row: Row, where: str) -> None:
    sources = ctx.source(row, where)
    iri = ctx.organisation(row, "organisation", where)
    name = row.get("alternative_name", "").strip()
    if not name:
        ctx.problem(where, "alternative_name", "no name given")
    if not (iri and name and sources):
        return
    source = sources[0].rsplit("/", 1)[-1]
    confidence = row.get("confidence", "").strip()
    statement = f"{iri}#altlabel-{slug(name)}-{source}"
    ctx.count("names", statement)  # so that the summary says what a row of names added or matched
    ctx.statement(statement, iri, ALT_LABEL, Literal(name), sources, confidence)
    if not confidence.casefold().startswith("low"):
        ctx.directory.add(iri, ctx.directory.labels[iri], [name])


TEMPLATE = Template(
    name="names",
    order=2,
    description="another name of an organisation (a former name, a short name, a spelling a source uses)",
    columns=("organisation", "alternative_name", "source", "confidence"),
    required=frozenset({"organisation", "alternative_name"}),
    read=read,
)
