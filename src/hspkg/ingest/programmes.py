"""Template ``programmes``: what one source says of a round of a research programme as a whole.

A programme (the NIHR's Biomedical Research Centres, Units, CLAHRCs and
Applied Research Collaborations) runs in rounds; a round is an
``hsp:DesignationRound`` (``round/nihr-brc-2022``) in its programme. Each
source's account stays its own, so that sources that disagree sit side by
side: the number it says were funded (``ROUND#count-SOURCE-N``), the money
(``ROUND#funding-SOURCE-N``, a ``schema:MonetaryAmount`` that keeps the bound
the source gives), the announcement (``ROUND#announced-SOURCE``), the term
(``ROUND#term-SOURCE``), the designating body as the source words it, and the
round that replaced it (``dcterms:replaces`` from the later round, a statement with its source).

>>> figure("450000000 (over)")
Figure(value=450000000, bound='over', per_year=False, scope='')
>>> figure("12000000 per year"), figure("11 (5 comprehensive + 6 specialist)").scope
(Figure(value=12000000, bound='exact', per_year=True, scope=''), '5 comprehensive + 6 specialist')
>>> figure("20000000 (almost; two units)")
Figure(value=20000000, bound='nearly', per_year=False, scope='two units')
"""

from __future__ import annotations

import re
from typing import NamedTuple
from weakref import WeakKeyDictionary

from pyoxigraph import NamedNode, Triple

from .. import fact_triples
from ..dates import parse_year
from .context import COMMENT, DCTERMS, HSP, ID, PROV, SCHEMA, TIME, Cells, Context, Literal, Template

PROGRAMMES = {
    "nihr-brc": "NIHR Biomedical Research Centres",
    "nihr-bru": "NIHR Biomedical Research Units",
    "nihr-clahrc": "NIHR Collaborations for Leadership in Applied Health Research and Care",
    "nihr-arc": "NIHR Applied Research Collaborations",
}
# words a source uses for a bound, as hsp:bound records it
BOUNDS = {"over": "over", "more than": "over", "nearly": "nearly", "almost": "nearly", "up to": "up-to"}
SAID = {"exact": "", "over": "over ", "nearly": "nearly ", "up-to": "up to "}
DURATION = NamedNode(fact_triples.XSD + "duration")
# the latest end a source gives each round, in one ingest: an award with no end of its own ends with its round
ROUND_ENDS: WeakKeyDictionary[Context, dict[str, tuple[int, tuple[str, ...]]]] = WeakKeyDictionary()


class Figure(NamedTuple):
    """A number as a source states it: its value, its bound, whether it is per year, and what it covers if not the whole."""

    value: int
    bound: str
    per_year: bool
    scope: str


def figure(text: str) -> Figure | None:
    """A count or amount cell (``450000000 (over)``, ``12000000 per year``), or None if it does not start with a number."""
    match = re.fullmatch(r"([0-9]+)\s*(.*)", text.strip())  # ASCII digits: \d takes every script's
    if not match:
        return None
    rest = match.group(2).strip()
    per_year = bool(re.search(r"\bper (year|annum)\b", rest))
    rest = re.sub(r"\bper (year|annum)\b", "", rest).strip().strip("()").strip()
    bound, parts = "exact", []
    for part in (p.strip() for p in rest.split(";")):
        if part in BOUNDS:
            bound = BOUNDS[part]
        elif part:
            parts.append(part)
    return Figure(int(match.group(1)), bound, per_year, "; ".join(parts))


def programme_iri(name: str) -> str:
    return f"{ID}programme/{name}"


def round_iri(ctx: Context, programme: str, year: int) -> str:
    """The round of a programme in a year (``round/nihr-brc-2022``), its type, programme, year and label added."""
    iri = f"{ID}round/{programme}-{year}"
    of: list[tuple[str, fact_triples.Object]] = [
        (HSP + "programme", programme_iri(programme)),
        (HSP + "status", f"{ID}status/{programme}"),
        (HSP + "roundYear", Literal(str(year), datatype=fact_triples.GYEAR)),
    ]
    ctx.out.add(fact_triples.fact(iri, HSP + "DesignationRound", f"{PROGRAMMES[programme]}, {year} round", of))
    return iri


def money(iri: str, found: Figure, sources: list[str], confidence: str) -> list[Triple]:
    """A schema:MonetaryAmount in GBP: ``over`` a minValue, ``nearly`` or ``up to`` a maxValue, else a value; per year a period."""
    prop = {"over": "minValue", "nearly": "maxValue", "up-to": "maxValue"}.get(found.bound, "value")
    millions = f"{found.value / 1_000_000:,.2f}".rstrip("0").rstrip(".")
    label = f"{SAID[found.bound]}£{millions}m" + (" per year" if found.per_year else "") + (f" ({found.scope})" if found.scope else "")
    amount = [(SCHEMA + prop, Literal(found.value)), (SCHEMA + "currency", Literal("GBP")), (HSP + "bound", Literal(found.bound))]
    if found.per_year:
        amount.append((HSP + "perPeriod", Literal("P1Y", datatype=DURATION)))
    if found.scope:
        amount.append((HSP + "scope", Literal(found.scope)))
    return fact_triples.fact(iri, SCHEMA + "MonetaryAmount", label, amount, sources, confidence)


def number(row: Cells, column: str) -> Figure | None:
    """A count or amount cell, or None (a problem if it is not empty)."""
    value = row.text(column)
    found = figure(value) if value else None
    if value and found is None:
        row.problem(column, f"{value!r} does not start with a whole number")
    return found


def noted_date(row: Cells, column: str) -> tuple[str | None, str]:
    """A date cell that may carry a note (``2022-05 (planned)``): the date, and the note."""
    value = row.text(column)
    match = re.fullmatch(r"(\S+)\s*(?:\((.*)\))?", value)
    date, note = (match.group(1), match.group(2) or "") if match else (value, "")
    return row.given({column: date}).date(column), note


def term(ctx: Context, subject: str, prop: str, start: str | None, end: str | None, sources: list[str], confidence: str) -> str | None:
    """The term a source gives (``SUBJECT#term-SOURCE``), a time:Interval; None if the row gives no date."""
    if not (start or end):
        return None
    iri = f"{subject}#term-{sources[0].rsplit('/', 1)[-1]}"
    ctx.out.add(
        [fact_triples.triple(subject, prop, iri), fact_triples.triple(iri, fact_triples.RDF_TYPE, TIME + "Interval"), *fact_triples.derived(iri, sources)]
    )
    for date, edge in ((start, "hasBeginning"), (end, "hasEnd")):
        if date:
            ctx.out.add([fact_triples.triple(iri, TIME + edge, ctx.out.instant(date))])
    if confidence:
        ctx.out.add([fact_triples.triple(iri, HSP + "confidence", Literal(confidence))])
    return iri


def read(ctx: Context, row: Cells) -> None:
    sources = ctx.source(row)
    programme, year = row.text("programme"), row.year("round_year", required=True)
    confidence = row.text("confidence")
    if programme not in PROGRAMMES:
        row.problem("programme", f"unknown programme {programme!r} (programmes: {', '.join(PROGRAMMES)})")
    count, total = number(row, "count"), number(row, "total_amount_gbp")
    announced, note = noted_date(row, "announced_date")
    start, end = row.date("start_date"), row.date("end_date")
    replaced_by = successor(row)
    if row.problems or not sources or year is None:
        return
    iri = round_iri(ctx, programme, year)
    ctx.out.count("rounds", iri)
    ctx.out.add(fact_triples.derived(iri, sources))
    source = sources[0].rsplit("/", 1)[-1]
    if count:
        node = f"{iri}#count-{source}-{count.value}"
        label = f"{SAID[count.bound]}{count.value} funded" + (f" ({count.scope})" if count.scope else "")
        ctx.out.add(
            [fact_triples.triple(iri, HSP + "numberDesignated", node), *fact_triples.quantity(node, count.value, count.bound, label, sources, "", confidence)]
        )
        if count.scope:
            ctx.out.add([fact_triples.triple(node, HSP + "scope", Literal(count.scope))])
    if total:
        node = f"{iri}#funding-{source}-{total.value}"
        ctx.out.add([fact_triples.triple(iri, HSP + "totalFunding", node), *money(node, total, sources, confidence)])
    if announced:
        node = f"{iri}#announced-{source}"
        label = "announced" + (f" ({note})" if note else "")
        ctx.out.add(
            [
                fact_triples.triple(iri, HSP + "announcement", node),
                *fact_triples.fact(node, HSP + "Announcement", label, [(TIME + "hasTime", ctx.out.instant(announced))], sources, confidence),
            ]
        )
    term(ctx, iri, HSP + "term", start, end, sources, confidence)
    if end:
        ends = ROUND_ENDS.setdefault(ctx, {})
        year, given = ends.get(iri, (0, ()))
        if int(end[:4]) > year:
            ends[iri] = (int(end[:4]), tuple(sources))
        elif int(end[:4]) == year:
            ends[iri] = (year, tuple(dict.fromkeys(given + tuple(sources))))
    bodies(ctx, iri, row.text("designated_by"), sources)
    if replaced_by:
        # dcterms:replaces from the later round, a statement with its source, dated by the end the row gives this round
        later = round_iri(ctx, *replaced_by)
        statement = f"{later}#replaces-{iri.rsplit('/', 1)[-1]}-{source}"
        ctx.out.statement(statement, later, DCTERMS + "replaces", iri, sources, confidence)
        ctx.out.add([fact_triples.triple(statement, TIME + "hasTime", ctx.out.instant(end))] if end else [])


def successor(row: Cells) -> tuple[str, int] | None:
    """The round that replaced this one, where the source says so (``replaced_by``: a programme and a year, ``nihr-brc 2017``).

    The year is read as every year is (:func:`hspkg.dates.parse_year`: ASCII digits); a cell that is no round is the row's problem.
    """
    text = row.text("replaced_by")
    if not text:
        return None
    programme, _, year = text.partition(" ")
    try:
        if programme in PROGRAMMES:
            return programme, parse_year(year)
    except ValueError:
        pass
    row.problem("replaced_by", f"{text!r} is not a programme and a year (such as 'nihr-brc 2017')")
    return None


def bodies(ctx: Context, subject: str, text: str, sources: list[str]) -> None:
    """The designating bodies as the source words them: a statement naming the organisation where the graph knows it, else the wording."""
    source = sources[0].rsplit("/", 1)[-1]
    for part in (p.strip() for p in text.split(";") if p.strip()):
        name = re.sub(r"\s*\(.*\)$", "", part)
        found = ctx.known.directory.find(name).iri
        local = found.rsplit("/", 1)[-1] if found else re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-")
        statement = f"{subject}#designated-by-{local}-{source}"
        if found:
            ctx.out.statement(statement, subject, PROV + "wasAssociatedWith", found, sources)
            if part != name:
                ctx.out.add([fact_triples.triple(statement, COMMENT, Literal(part))])
        else:
            ctx.out.statement(statement, subject, HSP + "designatedByName", Literal(part), sources)


__all__ = ["DCTERMS", "PROGRAMMES", "Figure", "figure", "money", "programme_iri", "round_iri", "term"]

TEMPLATE = Template(
    name="programmes",
    description="what one source says of a research programme's round: announcement, term, number funded, total money (with its bound), "
    "designating body, the round that replaced it",
    columns=(
        "programme",
        "round_year",
        "announced_date",
        "start_date",
        "end_date",
        "count",
        "total_amount_gbp",
        "designated_by",
        "source",
        "confidence",
        "replaced_by",
    ),
    required=frozenset({"programme", "round_year"}),
    read=read,
    notes=(
        ("programme", ", ".join(f"`{p}`" for p in PROGRAMMES)),
        ("total_amount_gbp", "a number, then a bound: `(over)`, `(nearly)`, `per year`, or what it covers"),
        ("replaced_by", "the round that replaced this one, where the source says so: a programme and a year, `nihr-brc 2017`"),
    ),
)
