"""Template ``conflicts``: a place where sources disagree, its claims, and the one the catalogue uses by default.

A claim is a fact node or a statement node already in the graph or these files,
given by its path under ``https://w3id.org/hspkg/id/``. Claims not marked
``preferred`` are set aside in default answers; they stay in the graph.
"""

from __future__ import annotations

from .. import fact_triples
from .context import COMMENT, HSP, ID, LABEL, Cells, Context, Literal, Template


def read(ctx: Context, row: Cells) -> None:
    name, claim = row.ident("conflict", required=True), row.text("claim")
    preferred = row.text("preferred").lower()
    if name is None:
        return
    if not claim or " " in claim:
        row.problem("claim", f"{claim!r} is not the path of a fact under {ID}")
        return
    if preferred not in ("", "yes"):
        row.problem("preferred", f"{preferred!r}: write yes, or leave it empty")
        return
    iri, claim_iri = f"{ID}disagreement/{name}", ID + claim
    ctx.out.count("disagreements", iri)
    ctx.out.claim(iri, claim_iri, bool(preferred), row.where)
    triples = [fact_triples.triple(iri, fact_triples.RDF_TYPE, HSP + "Disagreement"), fact_triples.triple(iri, HSP + "claim", claim_iri)]
    if preferred:
        triples.append(fact_triples.triple(iri, HSP + "preferredClaim", claim_iri))
    description = row.text("description")
    if description:
        triples += [fact_triples.triple(iri, COMMENT, Literal(description)), fact_triples.triple(iri, LABEL, Literal(name.replace("-", " ")))]
    ctx.out.add(triples)


TEMPLATE = Template(
    name="conflicts",
    description="a disagreement between sources: each claim (a fact's path under id/), which is preferred, what is in dispute",
    columns=("conflict", "description", "claim", "preferred"),
    required=frozenset({"conflict", "claim"}),
    read=read,
)
