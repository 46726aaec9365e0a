"""Template ``award-partners``: an organisation's role in one award (host, lead or partner), as one source states it.

The role is an ``org:Membership`` of the organisation in the award's centre,
with ``org:role`` a concept of the roles scheme and ``hsp:award`` the award, so
that a plain ORG query sees the membership and the role. It holds from the
award's round; it ends where a source of the award gives the award's end. The
kind the source gives the organisation (``nhs-trust`` in 2007, an NHS foundation
trust later) is ``hsp:memberKind`` on the membership: it is that source's word,
at that time.
"""

from __future__ import annotations

from weakref import WeakKeyDictionary

from pyoxigraph import Triple

from .. import fact_triples
from .awards import award_iri, find
from .context import HSP, ID, TIME, Cells, Context, Literal, Template, slug

ROLES = ("host", "lead", "partner")
# the award roles read in one ingest, by (member, centre): (round year, membership), for hsp:continues
HELD: WeakKeyDictionary[Context, dict[tuple[str, str], list[tuple[int, str]]]] = WeakKeyDictionary()
MEMBER_KINDS = ("university", "nhs-trust", "nhs-foundation-trust", "ahsn", "ccg", "icb", "local-authority", "charity", "company", "organisation")


def role(iri: str, row: Cells) -> list[Triple]:
    """The role, the kind the source gives and the confidence of a membership, as triples ([] and a problem if unknown)."""
    name, kind, confidence = (row.text(c) for c in ("role", "organisation_kind", "confidence"))
    triples = [fact_triples.triple(iri, fact_triples.ORG + "role", f"{ID}role/{name}")]
    if kind:
        triples.append(fact_triples.triple(iri, HSP + "memberKind", f"{ID}kind/{kind}"))
    if confidence:
        triples.append(fact_triples.triple(iri, HSP + "confidence", Literal(confidence)))
    return triples


def check(row: Cells, roles: tuple[str, ...]) -> None:
    """The role is one of ``roles``, and the kind the source gives (if any) a kind a member can have."""
    row.choice("role", roles, "role")
    row.choice("organisation_kind", MEMBER_KINDS, "kind", optional=True)


def read(ctx: Context, row: Cells) -> None:
    sources = ctx.source(row)
    member = ctx.known.organisation(row, "organisation")
    check(row, ROLES)
    name = row.text("award")
    award = find(ctx, award_iri(name)) if name else None
    if award is None:
        row.problem("award", f"no award is called {name!r} (awards come from the awards template)")
    if row.problems or not (member and sources and award):
        return
    iri = f"{ID}membership/{slug(name)}-{member.rsplit('/', 1)[-1]}-{row.text('role')}-{sources[0].rsplit('/', 1)[-1]}"
    ctx.out.count("award roles", iri)
    # an organisation that ceased during the award (a merger) holds its role until then, as a membership does; else
    # the end is the award's (or its round's), from the first source by IRI that states it (answers name one cause of an
    # end, the same on every store). The end rests on that change or source alone, never on the role's own source.
    ceased = ctx.known.ceased_between(member, award.year, award.end)
    end, cause = (ceased[0], [ceased[1]]) if ceased else (str(award.end), sorted(award.end_from)[:1]) if award.end is not None else (None, [])
    ctx.out.add(fact_triples.membership(iri, member, award.centre, ctx.out.instant(str(award.year)), None, sources))
    if end is not None:
        ctx.out.add([fact_triples.triple(f"{iri}#during", TIME + "hasEnd", ctx.out.instant(end)), *fact_triples.derived(f"{iri}#during", cause)])
    ctx.out.add([fact_triples.triple(iri, HSP + "award", award_iri(name)), *role(iri, row)])
    # a role in a later round's award of the same centre continues every role the member held in an earlier one
    # (both ways, whatever order the rows come in), so that answers span the awards without comparing rounds
    held = HELD.setdefault(ctx, {}).setdefault((member, award.centre), [])
    ctx.out.add([fact_triples.triple(*((iri, HSP + "continues", m) if y < award.year else (m, HSP + "continues", iri))) for y, m in held if y != award.year])
    held.append((award.year, iri))


TEMPLATE = Template(
    name="award-partners",
    description="an organisation's role in one award (" + ", ".join(ROLES) + "), as one source states it, with the kind the source gives it",
    columns=("award", "organisation", "organisation_kind", "role", "source", "confidence"),
    required=frozenset({"award", "organisation", "role"}),
    read=read,
)
