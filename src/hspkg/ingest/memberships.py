"""Template ``memberships``: an organisation's membership of a partnership, as one source states it.

A row with ``from_year`` is a membership that began then. A row without is an
observation: the source shows the member present on the source's date, which
is recorded inside the membership's interval (``time:inside``), never as a start.
An undated source that documents a round (a list of the 2020 members) names the
round (``round``): the observation is dated at that round (``hsp:observedFor``).
Also reads the edges file of ``hspkg export --format csv`` (``source, target,
start, end, sources``), so an exported network can be edited and read back.
"""

from __future__ import annotations

from .. import model
from .context import ID, Context, Row, Template


def read(ctx: Context, row: Row, where: str) -> None:
    if row.get("interaction", "member of") != "member of":
        return  # an exported change edge: changes have a template of their own
    before = len(ctx.outcome.problems)
    sources = ctx.source(row, where)
    start, end = ctx.year(row, "from_year", where), ctx.year(row, "to_year", where)
    seen_in = start if row.get("basis") == "seen" else None  # an exported edge whose year is when it was seen, not a start
    if seen_in is not None:
        start = None
    if start is not None and end is not None and end < start:
        ctx.problem(where, "to_year", f"the membership ends ({end}) before it starts ({start})")
    member = ctx.organisation(row, "member", where)
    network = ctx.organisation(row, "network", where, network=True)
    if member and member == network:
        ctx.problem(where, "member", "an organisation cannot be a member of itself")
    given = ctx.ident(row, "id", where)
    round_ = _round(ctx, row, start, where)
    if len(ctx.outcome.problems) > before or not (member and network and sources) or given is None:
        return
    known = next((ctx.claimed[(member, network, start, s)] for s in sources if (member, network, start, s) in ctx.claimed), None)
    if known and not given:
        # a claim the graph (or an earlier row) holds already: only a new end is news
        ctx.count("memberships", known)
        if end is not None and ctx.ends.get(known) != end:
            # a stated end rests on the source that states it (the shapes want a cause behind every end)
            ctx.add([model.triple(f"{known}#during", model.TIME + "hasEnd", ctx.instant(str(end))), *model.derived(f"{known}#during", sources)])
        return
    iri = f"{ID}membership/{given}" if given else _iri(ctx, member, network, start, sources)
    ctx.count("memberships", iri)
    seen = None
    if start is None:
        date = str(seen_in) if seen_in is not None else ctx.source_dates.get(sources[0])
        if round_ and not date:
            date = ctx.dates[round_][0] if round_ in ctx.dates else round_.rsplit("-", 1)[-1]
        seen = ctx.instant(date) if date else None
    instants = [ctx.instant(str(y)) if y is not None else None for y in (start, end)]
    ctx.add(model.membership(iri, member, network, instants[0], instants[1], sources, seen, row.get("confidence", "").strip()))
    if round_:
        ctx.add([model.triple(iri, model.HSP + "observedFor", round_)])
    ctx.claimed[(member, network, start, sources[0])] = iri


def _round(ctx: Context, row: Row, start: int | None, where: str) -> str | None:
    """The round an undated source documents (``round``): a round of the rounds template, for an observation only."""
    name = row.get("round", "").strip()
    if not name:
        return None
    iri = f"{ID}round/{name}"
    if iri not in ctx.subjects:
        ctx.problem(where, "round", f"{name!r} is not a round of the graph or of the rounds template")
    elif start is not None:
        ctx.problem(where, "round", "a row with from_year states a start; round dates only an observation")
    return iri


def _iri(ctx: Context, member: str, network: str, start: int | None, sources: list[str]) -> str:
    """``membership/NETWORK-MEMBER-SOURCE``: one claim per source, so that sources that disagree stay apart
    (and ``-YEAR`` after it where one source makes two claims)."""
    network, member, source = (iri.rsplit("/", 1)[-1] for iri in (network, member, sources[0]))
    iri = f"{ID}membership/{network}-{member}-{source}"
    return f"{iri}-{start}" if iri in ctx.subjects else iri


TEMPLATE = Template(
    name="memberships",
    order=6,
    description="a membership of a partnership: a start year where the source states one, else an observation on the source's date",
    columns=("id", "member", "network", "from_year", "to_year", "source", "confidence", "round"),
    required=frozenset({"member", "network"}),
    read=read,
    aliases=(("source", "member"), ("target", "network"), ("start", "from_year"), ("end", "to_year"), ("sources", "source")),
)
