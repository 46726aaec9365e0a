"""Template ``conflicts``: a place where sources disagree, its claims, and the one the catalogue uses by default.

A claim is a fact node or a statement node already in the graph or these files,
given by its path under ``https://w3id.org/hspkg/id/``. Claims not marked
``preferred`` are set aside in default answers; they stay in the graph.
"""

from __future__ import annotations

from .. import model
from .context import COMMENT, HSP, ID, LABEL, Context, Literal, Row, Template


def read(ctx: Context, row: Row, where: str) -> None:
    name, claim = ctx.ident(row, "conflict", where, required=True), row.get("claim", "").strip()
    preferred = row.get("preferred", "").strip().lower()
    if name is None:
        return
    if not claim or " " in claim:
        ctx.problem(where, "claim", f"{claim!r} is not the path of a fact under {ID}")
        return
    if preferred not in ("", "yes"):
        ctx.problem(where, "preferred", f"{preferred!r}: write yes, or leave it empty")
        return
    iri, claim_iri = f"{ID}disagreement/{name}", ID + claim
    ctx.count("disagreements", iri)
    ctx.claim(iri, claim_iri, bool(preferred), where)
    triples = [model.triple(iri, model.RDF_TYPE, HSP + "Disagreement"), model.triple(iri, HSP + "claim", claim_iri)]
    if preferred:
        triples.append(model.triple(iri, HSP + "preferredClaim", claim_iri))
    description = row.get("description", "").strip()
    if description:
        triples += [model.triple(iri, COMMENT, Literal(description)), model.triple(iri, LABEL, Literal(name.replace("-", " ")))]
    ctx.add(triples)


TEMPLATE = Template(
    name="conflicts",
    order=10,
    description="a disagreement between sources: each claim (a fact's path under id/), which is preferred, what is in dispute",
    columns=("conflict", "description", "claim", "preferred"),
    required=frozenset({"conflict", "claim"}),
    read=read,
)
