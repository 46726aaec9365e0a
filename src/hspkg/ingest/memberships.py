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

from .. import fact_triples
from .context import ID, Cells, Context, Template


def read(ctx: Context, row: Cells) -> None:
    if row.text("interaction", "member of") != "member of":
        return  # an exported change edge: changes have a template of their own
    sources = ctx.source(row)
    start, end = row.year("from_year"), row.year("to_year")
    seen_in = start if row.text("basis") == "seen" else None  # an exported edge whose year is when it was seen, not a start
    if seen_in is not None:
        start = None
    if start is not None and end is not None and end < start:
        row.problem("to_year", f"the membership ends ({end}) before it starts ({start})")
    member = ctx.known.organisation(row, "member")
    network = ctx.known.organisation(row, "network", network=True)
    if member and member == network:
        row.problem("member", "an organisation cannot be a member of itself")
    given = row.ident("id")
    round_ = _round(ctx, row, start)
    if row.problems or not (member and network and sources) or given is None:
        return
    known = next((ctx.known.claimed[(member, network, start, s)] for s in sources if (member, network, start, s) in ctx.known.claimed), None)
    if known and not given:
        # a claim the graph (or an earlier row) holds already: only a new end is news
        ctx.out.count("memberships", known)
        # An exported edge joins a member's claims on one partnership: its end may be another of
        # those claims' (a later award's), already sourced there. Only an end none of them has is
        # news, and it goes on the claim only where that claim has none: an interval has one end,
        # and an end its source states is not overwritten.
        ends = {ctx.known.ends.get(c) for (m, n, _, s), c in ctx.known.claimed.items() if m == member and n == network and s in sources}
        if end is None or end in ends:
            return
        if known in ctx.known.ends:
            # said, not dropped unsaid: an edited end the claim cannot take is the user's to resolve
            ends_in = ctx.known.ends[known]
            row.warning(
                "to_year",
                f"{end} is not kept: <{known}> ends in {ends_in} as its source states, and a claim has one end (give the row an id for a claim of its own)",
            )
            return
        # a stated end rests on the source that states it (the shapes want a cause behind every end)
        ctx.out.add(
            [fact_triples.triple(f"{known}#during", fact_triples.TIME + "hasEnd", ctx.out.instant(str(end))), *fact_triples.derived(f"{known}#during", sources)]
        )
        ctx.known.ends[known] = end
        return
    iri = f"{ID}membership/{given}" if given else _iri(ctx, member, network, start, sources)
    ctx.out.count("memberships", iri)
    seen = None
    if start is None:
        date = str(seen_in) if seen_in is not None else ctx.known.source_dates.get(sources[0])
        if round_ and not date:
            date = ctx.out.dates[round_][0] if round_ in ctx.out.dates else round_.rsplit("-", 1)[-1]
        seen = ctx.out.instant(date) if date else None
    instants = [ctx.out.instant(str(y)) if y is not None else None for y in (start, end)]
    ctx.out.add(fact_triples.membership(iri, member, network, instants[0], instants[1], sources, seen, row.text("confidence")))
    if round_:
        ctx.out.add([fact_triples.triple(iri, fact_triples.HSP + "observedFor", round_)])
    ctx.known.claimed[(member, network, start, sources[0])] = iri


def _round(ctx: Context, row: Cells, start: int | None) -> str | None:
    """The round an undated source documents (``round``): a round of the rounds template, for an observation only."""
    name = row.text("round")
    if not name:
        return None
    iri = f"{ID}round/{name}"
    if iri not in ctx.known.subjects:
        row.problem("round", f"{name!r} is not a round of the graph or of the rounds template")
    elif start is not None:
        row.problem("round", "a row with from_year states a start; round dates only an observation")
    return iri


def _iri(ctx: Context, member: str, network: str, start: int | None, sources: list[str]) -> str:
    """``membership/NETWORK-MEMBER-SOURCE``: one claim per source, so that sources that disagree stay apart
    (and ``-YEAR`` after it where one source makes two claims)."""
    network, member, source = (iri.rsplit("/", 1)[-1] for iri in (network, member, sources[0]))
    iri = f"{ID}membership/{network}-{member}-{source}"
    return f"{iri}-{start}" if iri in ctx.known.subjects else iri


TEMPLATE = Template(
    name="memberships",
    description="a membership of a partnership: a start year where the source states one, else an observation on the source's date",
    columns=("id", "member", "network", "from_year", "to_year", "source", "confidence", "round"),
    required=frozenset({"member", "network"}),
    read=read,
    notes=(("round", "the round an undated listing documents"),),
    aliases=(("source", "member"), ("target", "network"), ("start", "from_year"), ("end", "to_year"), ("sources", "source")),
)
