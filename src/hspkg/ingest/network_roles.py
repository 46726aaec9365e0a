"""Template ``network-roles``: an organisation's role in a partnership (an AHSN), as one source states it.

Like a row of ``memberships``, with the role the source gives: ``member``,
``founding-member``, ``board-member``, ``partner``, ``project-partner`` or
``host``, as ``org:role`` on the ``org:Membership``. A project partner shares
a project with the network and is not a member: the role says so, and the
catalogue keeps them apart. A row without ``from_year`` is an observation on
the source's date (``time:inside``), never a start.
"""

from __future__ import annotations

from .. import model
from .award_partners import check, role
from .context import COMMENT, ID, ORG, Context, Literal, Row, Template

ROLES = ("member", "founding-member", "board-member", "partner", "project-partner", "host")


def read(ctx: Context, row: Row, where: str) -> None:
    before = len(ctx.outcome.problems)
    sources = ctx.source(row, where)
    member = ctx.organisation(row, "organisation", where)
    network = ctx.organisation(row, "network", where, network=True)
    start, end = ctx.year(row, "from_year", where), ctx.year(row, "to_year", where)
    check(ctx, row, ROLES, where)
    if start is not None and end is not None and end < start:
        ctx.problem(where, "to_year", f"the role ends ({end}) before it starts ({start})")
    if len(ctx.outcome.problems) > before or not (member and network and sources):
        return
    if member == network:
        _itself(ctx, network, row["role"].strip(), sources)
        return
    # the same source's claim, whatever start it gives (a row that only shows the member present names no start)
    known = next(
        (
            iri
            for (m, n, year, s), iri in sorted(ctx.claimed.items(), key=str)
            if (m, n) == (member, network) and s in sources and year in (start, year if start is None else start)
        ),
        None,
    )
    if known:
        # the claim the national data holds from the same source (a disagreement may set it aside): the role is added to it
        ctx.count("partnership roles", known)
        ctx.add(role(known, row))
        return
    local = "-".join(i.rsplit("/", 1)[-1] for i in (network, member, sources[0]))
    iri = f"{ID}membership/{local}-{row['role'].strip()}"
    ctx.count("partnership roles", iri)
    date = ctx.source_dates.get(sources[0])
    seen = ctx.instant(date) if start is None and date else None
    instants = [ctx.instant(str(y)) if y is not None else None for y in (start, end)]
    ctx.add(model.membership(iri, member, network, instants[0], instants[1], sources, seen))
    if end is not None:
        ctx.add(model.derived(f"{iri}#during", sources))  # the end its source states
    ctx.add(role(iri, row))


def _itself(ctx: Context, network: str, name: str, sources: list[str]) -> None:
    """A source that names the network itself in a role (a company that hosts its own network, or two names the graph holds as one).

    No membership can join an organisation to itself, so the row is kept as a
    statement only (reified, never asserted): the source says the network is its
    own host or founder.
    """
    iri = f"{network}#itself-{name}-{sources[0].rsplit('/', 1)[-1]}"
    ctx.count("partnership roles", iri)
    ctx.add(model.statement(iri, network, ORG + "role", f"{ID}role/{name}", sources))
    ctx.add([model.triple(iri, COMMENT, Literal(f"the source names the network itself as its {name.replace('-', ' ')}"))])


TEMPLATE = Template(
    name="network-roles",
    order=6,
    description="an organisation's role in a partnership (" + ", ".join(ROLES) + "), as one source states it; a project partner is not a member",
    columns=("network", "organisation", "organisation_kind", "role", "from_year", "to_year", "source", "confidence"),
    required=frozenset({"network", "organisation", "role"}),
    read=read,
)
