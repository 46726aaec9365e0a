"""Template ``identifiers``: an organisation's code in a scheme (ODS, ROR, Wikidata, UKPRN...), with its source and confidence.

ROR and Wikidata identifiers are IRIs, so they are also stated as ``owl:sameAs``.
A predecessor's code stays with the predecessor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import model
from .context import HSP, SAME_AS, SCHEMA, Context, Literal, Row, Template, slug


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


def record(ctx: Context, iri: str, scheme_name: str, value: str, confidence: str, sources: list[str], where: str, column: str = "value") -> None:
    scheme = SCHEMES[scheme_name]
    if not scheme.pattern.match(value):
        ctx.problem(where, column, f"{value!r} is not {described(scheme_name)}")
        return
    holder = ctx.directory.find(value).iri
    if holder and holder != iri and ctx.directory.find(value).why == "":
        ctx.problem(where, column, f"{scheme_name} {value} already identifies {ctx.directory.labels[holder]}")
        return
    node = f"{iri}#{scheme.key}"
    ctx.count("identifiers", node)
    ctx.add(
        [
            model.triple(iri, SCHEMA + "identifier", node),
            model.triple(node, model.RDF_TYPE, SCHEMA + "PropertyValue"),
            model.triple(node, SCHEMA + "propertyID", Literal(scheme_name)),
            model.triple(node, SCHEMA + "value", Literal(value)),
            *model.derived(node, sources),
        ]
    )
    if confidence:
        ctx.add([model.triple(node, HSP + "confidence", Literal(confidence))])
    if scheme.same_as:
        ctx.statement(f"{iri}#sameas-{scheme.key}", iri, SAME_AS, value, sources, confidence)
    ctx.directory.add(iri, ctx.directory.labels[iri], [value])


def read(ctx: Context, row: Row, where: str) -> None:
    sources = ctx.source(row, where)
    iri = ctx.organisation(row, "organisation", where)
    scheme = row.get("scheme", "").strip()
    if scheme not in SCHEMES:
        ctx.problem(where, "scheme", f"unknown scheme {scheme!r} (schemes: {', '.join(SCHEMES)})")
        return
    if iri and sources:
        record(ctx, iri, scheme, row.get("value", "").strip(), row.get("confidence", "").strip(), sources, where)


TEMPLATE = Template(
    name="identifiers",
    order=3,
    description="an identifier of an organisation in a scheme (" + ", ".join(SCHEMES) + "), with how well it is checked",
    columns=("organisation", "scheme", "value", "confidence", "source"),
    required=frozenset({"organisation", "scheme", "value"}),
    read=read,
)

__all__ = ["COLUMNS", "SCHEMES", "TEMPLATE", "record", "slug"]
