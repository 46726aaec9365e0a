"""Template ``identifiers``: an organisation's code in a scheme (ODS, ROR, Wikidata, UKPRN...), with its source and confidence.

ROR and Wikidata identifiers are IRIs, so they are also stated as ``owl:sameAs``.
A predecessor's code stays with the predecessor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import fact_triples
from .context import HSP, SAME_AS, SCHEMA, Cells, Context, Literal, Template, slug


@dataclass(frozen=True)
class Scheme:
    key: str  # the identifier node's fragment: IRI#key
    pattern: re.Pattern[str]
    example: str
    same_as: bool = False


SCHEMES = {
    "ODS": Scheme("ods", re.compile(r"^[A-Z0-9]{3,5}$"), "RRV"),
    "ROR": Scheme("ror", re.compile(r"^https://ror\.org/0[a-z0-9]{6}[0-9]{2}$"), "https://ror.org/02jx3x895", True),
    "Wikidata": Scheme("wikidata", re.compile(r"^http://www\.wikidata\.org/entity/Q[1-9][0-9]*$"), "http://www.wikidata.org/entity/Q193196", True),
    "UKPRN": Scheme("ukprn", re.compile(r"^1[0-9]{7}$"), "10007784"),
    "ISNI": Scheme("isni", re.compile(r"^[0-9]{4} [0-9]{4} [0-9]{4} [0-9]{3}[0-9X]$"), "0000 0004 7239 8310"),
    "GRID": Scheme("grid", re.compile(r"^grid\.[0-9]+\.[0-9a-f]+$"), "grid.7445.2"),
    "Crossref Funder ID": Scheme("crossref-funder", re.compile(r"^[0-9]{9,12}$"), "501100000761"),
    "UK company number": Scheme("company", re.compile(r"^[0-9A-Z]{2}[0-9]{6}$"), "08530726"),
}
# the columns of the first organisations template
COLUMNS = {"ods": "ODS", "ror": "ROR", "ukprn": "UKPRN", "wikidata": "Wikidata"}


def described(scheme_name: str) -> str:
    """'an ODS code (such as RRV)': how a bad value is told what it should be."""
    return f"a {scheme_name} identifier (such as {SCHEMES[scheme_name].example})"


def record(ctx: Context, row: Cells, iri: str, scheme_name: str, value: str, confidence: str, sources: list[str], column: str = "value") -> None:
    scheme = SCHEMES[scheme_name]
    if not scheme.pattern.match(value):
        row.problem(column, f"{value!r} is not {described(scheme_name)}")
        return
    holder = ctx.known.directory.find(value).iri
    if holder and holder != iri and ctx.known.directory.find(value).why == "":
        row.problem(column, f"{scheme_name} {value} already identifies {ctx.known.directory.labels[holder]}")
        return
    node = f"{iri}#{scheme.key}"
    ctx.out.count("identifiers", node)
    ctx.out.add(
        [
            fact_triples.triple(iri, SCHEMA + "identifier", node),
            fact_triples.triple(node, fact_triples.RDF_TYPE, SCHEMA + "PropertyValue"),
            fact_triples.triple(node, SCHEMA + "propertyID", Literal(scheme_name)),
            fact_triples.triple(node, SCHEMA + "value", Literal(value)),
            *fact_triples.derived(node, sources),
        ]
    )
    if confidence:
        ctx.out.add([fact_triples.triple(node, HSP + "confidence", Literal(confidence))])
    if scheme.same_as:
        ctx.out.statement(f"{iri}#sameas-{scheme.key}", iri, SAME_AS, value, sources, confidence)
    ctx.known.directory.add(iri, ctx.known.directory.labels[iri], [value])


def read(ctx: Context, row: Cells) -> None:
    sources = ctx.source(row)
    iri = ctx.known.organisation(row, "organisation")
    scheme = row.text("scheme")
    if scheme not in SCHEMES:
        row.problem("scheme", f"unknown scheme {scheme!r} (schemes: {', '.join(SCHEMES)})")
        return
    if iri and sources:
        record(ctx, row, iri, scheme, row.text("value"), row.text("confidence"), sources)


TEMPLATE = Template(
    name="identifiers",
    description="an identifier of an organisation in a scheme (" + ", ".join(SCHEMES) + "), with how well it is checked",
    columns=("organisation", "scheme", "value", "confidence", "source"),
    required=frozenset({"organisation", "scheme", "value"}),
    read=read,
)

__all__ = ["COLUMNS", "SCHEMES", "TEMPLATE", "record", "slug"]
