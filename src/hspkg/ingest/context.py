"""One ingest's parts, as a template sees them: what is known (:class:`Known`), what is written (:class:`Writer`), the sources a row cites.

A template's ``read(ctx, row)`` reads the row's cells by kind
(:class:`~hspkg.ingest.cells.Cells`), checks its names with ``ctx.known``, and,
if the row has no problem, writes its facts with ``ctx.out``. Every problem
goes to the row it was found in; :meth:`Context.finish` returns the ones only
every row together can show.

>>> from hspkg import load
>>> from hspkg.ingest.registry import TEMPLATES
>>> ctx = Context(load())
>>> ctx.read(TEMPLATES["memberships"], Cells({"member": "UCL", "network": "UCLPartners", "from_year": "twenty", "source": "qmul-2013"}, "m.csv:2"))
>>> ctx.outcome.problems, ctx.outcome.triples
(["m.csv:2: from_year: 'twenty' is not a year (four digits from 1000, such as 2010)"], [])
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlparse

from pyoxigraph import Literal

from .. import fact_triples
from ..fact_triples import COMMENT, DCTERMS, HSP, ID, LABEL, ORG, PROV, RDF_TYPE, SCHEMA, TIME
from ..graph import KnowledgeGraph
from .cells import Cells, slug
from .known import ALT_LABEL, Known, is_url
from .writer import Outcome, Writer


@dataclass(frozen=True)
class Template:
    """A kind of spreadsheet: its columns (the first ``required`` of them needed), what it means, and how a row is read.

    The order templates are read in is stated once, in :data:`hspkg.ingest.registry.ORDER`
    (:func:`~hspkg.ingest.registry.stage` gives a template's place in it).
    """

    name: str
    description: str
    columns: tuple[str, ...]
    required: frozenset[str]
    read: Callable[[Context, Cells], None]
    aliases: tuple[tuple[str, str], ...] = ()  # (column in a file, column it stands for)
    notes: tuple[tuple[str, str], ...] = ()  # (column, what to write in it), for the listing in the README


class Context:
    """One ingest: what is known so far, what is written, and the sources a row cites (which may describe new ones)."""

    def __init__(self, graph: KnowledgeGraph) -> None:
        self.graph = graph
        self.known = Known(graph)
        self.out = Writer(self.known)

    @property
    def outcome(self) -> Outcome:
        return self.out.outcome

    def read(self, template: Template, row: Cells) -> None:
        """Read one row with its template; its problems and warnings join the outcome's."""
        template.read(self, row)
        self.outcome.problems.extend(row.problems)
        self.outcome.warnings.extend(row.warnings)

    def source(self, row: Cells) -> list[str]:
        """The sources a row names (ids or URLs), describing new ones from ``source_title``/``source_publisher``."""
        given = (row.text("source") or row.text("source_url")).split()
        if not given:
            row.problem("source", "every row needs a source: the id of a described source, or the URL of the document")
            return []
        found = []
        for ref in given:
            if ref in self.known.sources:
                found.append(self.known.sources[ref])
                continue
            if not is_url(ref):
                row.problem("source", f"{ref!r} is neither a source the graph describes nor an http(s) URL")
                continue
            title, publisher = row.text("source_title"), row.text("source_publisher")
            if not (title and publisher):
                row.problem("source", f"{ref} is not a source the graph knows: give source_title and source_publisher to describe it")
                continue
            parsed = urlparse(ref)
            found.append(self.out.source(slug(parsed.netloc + parsed.path), ref, title, publisher, ""))
        return found

    def dated(self, row: Cells, iri: str, date: str, event: bool = False, sources: list[str] | None = None) -> None:
        """Date a fact (:meth:`Writer.dated`); a date that differs from one another row gave is the row's problem."""
        problem = self.out.dated(iri, date, row.where, event, sources)
        if problem:
            row.problem("date", problem)

    def finish(self) -> None:
        """Write what needs every row first; a claim that is no fact is a problem of the row that named it."""
        self.outcome.problems.extend(self.out.finish())


# Terms the templates use, named once.
SAME_AS = fact_triples.OWL + "sameAs"
__all__ = [
    "ALT_LABEL",
    "COMMENT",
    "DCTERMS",
    "HSP",
    "ID",
    "LABEL",
    "ORG",
    "PROV",
    "RDF_TYPE",
    "SAME_AS",
    "SCHEMA",
    "TIME",
    "Cells",
    "Context",
    "Literal",
    "Outcome",
    "Template",
    "is_url",
    "slug",
]
