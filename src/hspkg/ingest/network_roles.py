"""Template ``network-roles``: an organisation's role in a partnership (an AHSN), as one source states it.

Like a row of ``memberships``, with the role the source gives: ``member``,
``founding-member``, ``board-member``, ``partner``, ``project-partner`` or
``host``, as ``org:role`` on the ``org:Membership``. A project partner shares
a project with the network and is not a member: the role says so, and the
catalogue keeps them apart. A row without ``from_year`` is an observation on
the source's date (``time:inside``), never a start.
"""

from __future__ import annotations

from .. import fact_triples
from .award_partners import check, role
from .context import COMMENT, ID, ORG, Cells, Context, Literal, Template

ROLES = ("member", "founding-member", "board-member", "partner", "project-partner", "host")


def read(ctx: Context, row: Cells) -> None:
    sources = ctx.source(row)
    member = ctx.known.organisation(row, "organisation")
    network = ctx.known.organisation(row, "network", network=True)
    start, end = row.year("from_year"), row.year("to_year")
    check(row, ROLES)
    if start is not None and end is not None and end < start:
        row.problem("to_year", f"the role ends ({end}) before it starts ({start})")
    if row.problems or not (member and network and sources):
        return
    if member == network:
        _itself(ctx, network, row.text("role"), sources)
        return
    # the same source's claim, whatever start it gives (a row that only shows the member present names no start)
    known = next(
        (
            iri
            for (m, n, year, s), iri in sorted(ctx.known.claimed.items(), key=str)
            if (m, n) == (member, network) and s in sources and year in (start, year if start is None else start)
        ),
        None,
    )
    if known:
        # the claim the national data holds from the same source (a disagreement may set it aside): the role is added to it
        ctx.out.count("partnership roles", known)
        ctx.out.add(role(known, row))
        return
    local = "-".join(i.rsplit("/", 1)[-1] for i in (network, member, sources[0]))
    iri = f"{ID}membership/{local}-{row.text('role')}"
    ctx.out.count("partnership roles", iri)
    date = ctx.known.source_dates.get(sources[0])
    seen = ctx.out.instant(date) if start is None and date else None
    instants = [ctx.out.instant(str(y)) if y is not None else None for y in (start, end)]
    ctx.out.add(fact_triples.membership(iri, member, network, instants[0], instants[1], sources, seen))
    if end is not None:
        ctx.out.add(fact_triples.derived(f"{iri}#during", sources))  # the end its source states
    ctx.out.add(role(iri, row))


def _itself(ctx: Context, network: str, name: str, sources: list[str]) -> None:
    """A source that names the network itself in a role (a company that hosts its own network, or two names the graph holds as one).

    No membership can join an organisation to itself, so the row is kept as a
    statement only (reified, never asserted): the source says the network is its
    own host or founder.
    """
    iri = f"{network}#itself-{name}-{sources[0].rsplit('/', 1)[-1]}"
    ctx.out.count("partnership roles", iri)
    ctx.out.add(fact_triples.statement(iri, network, ORG + "role", f"{ID}role/{name}", sources))
    ctx.out.add([fact_triples.triple(iri, COMMENT, Literal(f"the source names the network itself as its {name.replace('-', ' ')}"))])


TEMPLATE = Template(
    name="network-roles",
    description="an organisation's role in a partnership (" + ", ".join(ROLES) + "), as one source states it; a project partner is not a member",
    columns=("network", "organisation", "organisation_kind", "role", "from_year", "to_year", "source", "confidence"),
    required=frozenset({"network", "organisation", "role"}),
    read=read,
)
