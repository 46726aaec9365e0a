"""Template ``names``: another name an organisation is or was known by, from the source that uses it.

A name with low ``confidence`` is only a claim (its statement with its
confidence), never a plain ``skos:altLabel``, and is not used to find the
organisation.
"""

from __future__ import annotations

from .context import ALT_LABEL, Cells, Context, Literal, Template, slug


def read(ctx: Context, row: Cells) -> None:
    sources = ctx.source(row)
    iri = ctx.known.organisation(row, "organisation")
    name = row.text("alternative_name")
    if not name:
        row.problem("alternative_name", "no name given")
    if not (iri and name and sources):
        return
    source = sources[0].rsplit("/", 1)[-1]
    confidence = row.text("confidence")
    statement = f"{iri}#altlabel-{slug(name)}-{source}"
    ctx.out.count("names", statement)  # so that the summary says what a row of names added or matched
    ctx.out.statement(statement, iri, ALT_LABEL, Literal(name), sources, confidence)
    if not confidence.casefold().startswith("low"):
        ctx.known.directory.add(iri, ctx.known.directory.labels[iri], [name])


TEMPLATE = Template(
    name="names",
    description="another name of an organisation (a former name, a short name, a spelling a source uses)",
    columns=("organisation", "alternative_name", "source", "confidence"),
    required=frozenset({"organisation", "alternative_name"}),
    read=read,
    notes=(("confidence", "a low one is only a claim"),),
)
