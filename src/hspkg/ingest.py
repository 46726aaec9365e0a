"""Spreadsheets in: organisations and memberships from CSV, matched to the graph, as sourced triples.

Two templates (``templates/``), told apart by their header row:

- organisations: ``name, kind, source_url`` and optionally ``alternative_names``
  (separated by ``;``), ``ods``, ``ror``, ``ukprn``, ``wikidata``;
- memberships: ``member, network, from_year, source_url`` and optionally ``to_year``.

Both may add ``source_title`` and ``source_publisher`` to describe a source the
graph does not know yet. The edges file of ``hspkg export --format csv``
(``source, target, start, end, sources``) is read as memberships, so an exported
network can be edited and ingested again.

Every row names its source. Names are matched to the graph by identifier or IRI
first, then by name or alternative name with case, spaces and punctuation
ignored; a name that only nearly matches is reported, never merged. All
problems are reported together and nothing is written unless there are none.
"""

from __future__ import annotations

import csv
import difflib
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast
from urllib.parse import urlparse

from pyoxigraph import Literal, RdfFormat, Triple, serialize

from . import model
from .atomic import atomic
from .errors import InputError
from .graph import KnowledgeGraph, load, ontology_files
from .model import HSP, ID, LABEL, ORG, RDF_TYPE, SCHEMA
from .terms import PREFIXES, PROLOGUE
from .validate import Report, validate

KINDS = {
    "university": HSP + "University",
    "nhs-trust": HSP + "NHSTrust",
    "nhs-foundation-trust": HSP + "NHSTrust",
    "ahsn": HSP + "AcademicHealthScienceNetwork",
    "organisation": ORG + "FormalOrganization",
}
IDENTIFIERS = {  # column: (scheme as recorded, pattern, whether the value is an IRI for owl:sameAs)
    "ods": ("ODS", re.compile(r"^[A-Z0-9]{3,5}$"), False),
    "ror": ("ROR", re.compile(r"^https://ror\.org/0[a-z0-9]{8}$"), True),
    "ukprn": ("UKPRN", re.compile(r"^1\d{7}$"), False),
    "wikidata": ("Wikidata", re.compile(r"^http://www\.wikidata\.org/entity/Q\d+$"), True),
}
TEMPLATES = {
    "organisations": ({"name", "kind", "source_url"}, {"alternative_names", *IDENTIFIERS, "source_title", "source_publisher"}),
    "memberships": ({"member", "network", "from_year", "source_url"}, {"to_year", "source_title", "source_publisher"}),
}
# The edges file of `hspkg export --format csv`, read as memberships.
EXPORT_COLUMNS = {"source": "member", "target": "network", "start": "from_year", "end": "to_year", "sources": "source_url"}


def normalise(name: str) -> str:
    """A name for matching: lower case, letters and digits only.

    >>> normalise("UCL Partners") == normalise("UCLPartners")
    True
    """
    return re.sub(r"[\W_]+", "", name.casefold())


def slug(text: str) -> str:
    """An IRI path segment from a name.

    >>> slug("Queen Mary, University of London")
    'queen-mary-university-of-london'
    """
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")[:80] or "x"


@dataclass
class Outcome:
    """What an ingest produced: the triples, the problems, and counts for the summary line (``text.summary``)."""

    triples: list[Triple] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    rows: int = 0
    new: dict[str, int] = field(default_factory=lambda: {"organisations": 0, "memberships": 0, "sources": 0})
    matched: dict[str, int] = field(default_factory=lambda: {"organisations": 0, "memberships": 0, "sources": 0})


class Ingester:
    """Turns template rows into triples, matching names against ``graph`` and against earlier rows."""

    def __init__(self, graph: KnowledgeGraph) -> None:
        self.graph = graph
        self.outcome = Outcome()
        self.names: dict[str, set[str]] = {}
        self.labels: dict[str, str] = {}
        self.networks: set[str] = set()
        self.iris: set[str] = set()
        self.sources: dict[str, str] = {}
        self.memberships: dict[tuple[str, str, int], str] = {}
        self._read_graph()

    def _select(self, query: str) -> list[dict[str, Any]]:
        return self.graph.sparql(PROLOGUE + query, "ingest").values()

    def _read_graph(self) -> None:
        for row in self._select("""SELECT ?o ?label ?known ?network WHERE {
                ?o a org:Organization ; rdfs:label ?label .
                { ?o rdfs:label|skos:altLabel|schema:identifier/schema:value ?known } UNION { ?o owl:sameAs ?same BIND (STR(?same) AS ?known) }
                BIND (EXISTS { ?o a org:OrganizationalCollaboration } AS ?network) }"""):
            self._remember(row["o"], row["label"], [row["known"]], row["network"])
        self.iris.update(r["s"] for r in self._select("SELECT DISTINCT ?s WHERE { ?s ?p ?o FILTER (isIRI(?s)) }"))
        self.sources.update((r["url"], r["s"]) for r in self._select("SELECT ?s ?url WHERE { ?s a hsp:Source ; schema:url ?u BIND (STR(?u) AS ?url) }"))
        for row in self._select("""SELECT ?m ?member ?network ?y WHERE {
                ?m org:member ?member ; org:organization ?network ; org:memberDuring/time:hasBeginning/time:inXSDgYear ?start
                BIND (xsd:integer(STR(?start)) AS ?y) }"""):
            self.memberships[(row["member"], row["network"], row["y"])] = row["m"]

    def _remember(self, iri: str, label: str, names: Iterable[str], network: bool) -> None:
        self.labels[iri] = label
        self.iris.add(iri)
        if network:
            self.networks.add(iri)
        for name in [iri, label, *names]:
            self.names.setdefault(normalise(name) if not name.startswith("http") else name, set()).add(iri)

    def find(self, name: str) -> tuple[str | None, str]:
        """The IRI of the organisation called ``name``, or None and why not (with near misses)."""
        key = name if name.startswith("http") else normalise(name)
        found = self.names.get(key, set())
        if len(found) == 1:
            return next(iter(found)), ""
        if found:
            return None, f"{name!r} names {len(found)} organisations: {'; '.join(sorted(self.labels[i] for i in found))}"
        close = difflib.get_close_matches(key, [k for k in self.names if not k.startswith("http")], n=3, cutoff=0.85)
        near = sorted({self.labels[i] for k in close for i in self.names[k]})
        hint = f"; near misses: {'; '.join(near)} (use the exact name to mean one of them)" if near else ""
        return None, f"no organisation is called {name!r}{hint}"

    def add(self, *triples: tuple[str, str, str | Literal]) -> None:
        self.outcome.triples.extend(model.triple(s, RDF_TYPE if p == "a" else p, o) for s, p, o in triples)

    def new_iri(self, base: str) -> str:
        iri, n = base, 1
        while iri in self.iris:
            n += 1
            iri = f"{base}-{n}"
        self.iris.add(iri)
        return iri

    def source(self, row: dict[str, str], where: str) -> list[str]:
        """The source IRIs a row names, describing the new ones; problems are recorded."""
        urls = row.get("source_url", "").split()
        if not urls:
            self.problem(where, "source_url", "every row needs a source: the URL of the document it comes from")
            return []
        found = []
        for url in urls:
            parsed = urlparse(url)
            if parsed.scheme not in ("http", "https") or not parsed.netloc:
                self.problem(where, "source_url", f"{url!r} is not an http(s) URL")
                continue
            if url in self.sources:
                self.outcome.matched["sources"] += 1
            else:
                title, publisher = row.get("source_title", "").strip(), row.get("source_publisher", "").strip()
                if not (title and publisher):
                    self.problem(where, "source_url", f"{url} is not a source the graph knows: give source_title and source_publisher to describe it")
                    continue
                iri = self.new_iri(ID + "source/" + slug(parsed.netloc + parsed.path))
                self.outcome.triples.extend(model.source(iri, title, publisher, url))
                self.sources[url] = iri
                self.outcome.new["sources"] += 1
            found.append(self.sources[url])
        return found

    def problem(self, where: str, column: str, message: str) -> None:
        self.outcome.problems.append(f"{where}: {column}: {message}")

    def organisation(self, row: dict[str, str], where: str) -> None:
        name, kind = row.get("name", "").strip(), row.get("kind", "").strip()
        sources = self.source(row, where)
        if kind not in KINDS:
            self.problem(where, "kind", f"unknown kind {kind!r} (kinds: {', '.join(KINDS)})")
        if not name:
            self.problem(where, "name", "the organisation has no name")
            return
        identifiers = {c: row.get(c, "").strip() for c in IDENTIFIERS if row.get(c, "").strip()}
        for column, value in identifiers.items():
            if not IDENTIFIERS[column][1].match(value):
                self.problem(where, column, f"{value!r} is not a {IDENTIFIERS[column][0]} identifier")
        matches = {m for m in [*(self.find(v)[0] for v in identifiers.values()), self.find(name)[0]] if m is not None}
        if len(matches) > 1:
            self.problem(where, "name", f"the name and identifiers point to different organisations: {'; '.join(sorted(self.labels[m] for m in matches))}")
            return
        iri = next(iter(matches), None)
        if iri is None:
            _, why = self.find(name)
            if "near misses" in why:
                self.problem(where, "name", why)
                return
            iri = self.new_iri(ID + "org/" + slug(name))
            self.add((iri, "a", KINDS.get(kind, ORG + "FormalOrganization")), (iri, LABEL, Literal(name)))
            if kind in KINDS and kind != "organisation":
                self.add((iri, ORG + "classification", ID + "kind/" + kind))
            self._remember(iri, name, [], kind == "ahsn")
            self.outcome.new["organisations"] += 1
        else:
            self.outcome.matched["organisations"] += 1
        alternatives = [a.strip() for a in row.get("alternative_names", "").split(";") if a.strip()]
        for alternative in alternatives:
            if normalise(alternative) != normalise(self.labels[iri]):
                self.add((iri, "http://www.w3.org/2004/02/skos/core#altLabel", Literal(alternative)))
        self._remember(iri, self.labels[iri], alternatives + list(identifiers.values()), iri in self.networks)
        for column, value in identifiers.items():
            scheme, _, same = IDENTIFIERS[column]
            node = f"{iri}#{column}"
            self.add(
                (iri, SCHEMA + "identifier", node),
                (node, "a", SCHEMA + "PropertyValue"),
                (node, SCHEMA + "propertyID", Literal(scheme)),
                (node, SCHEMA + "value", Literal(value)),
            )
            self.outcome.triples.extend(model.derived(node, sources))
            if same:
                self.add((iri, "http://www.w3.org/2002/07/owl#sameAs", value))
        self.outcome.triples.extend(model.derived(iri, sources))

    def membership(self, row: dict[str, str], where: str) -> None:
        before = len(self.outcome.problems)
        sources = self.source(row, where)
        ends = {}
        for column, required in (("from_year", True), ("to_year", False)):
            value = row.get(column, "").strip()
            if not value and not required:
                continue
            if not re.fullmatch(r"\d{4}", value):
                self.problem(where, column, f"{value!r} is not a year (four digits, such as 2010)")
            else:
                ends[column] = int(value)
        if "from_year" in ends and "to_year" in ends and ends["to_year"] < ends["from_year"]:
            self.problem(where, "to_year", f"the membership ends ({ends['to_year']}) before it starts ({ends['from_year']})")
        member, why = self.find(row.get("member", "").strip())
        if member is None:
            self.problem(where, "member", why)
        network, why = self.find(row.get("network", "").strip())
        if network is None:
            self.problem(where, "network", why.replace("no organisation", "no network"))
        elif network not in self.networks:
            self.problem(where, "network", f"{self.labels[network]!r} is not a network (an org:OrganizationalCollaboration)")
            network = None
        if len(self.outcome.problems) > before or not (member and network and sources):
            return
        start = ends["from_year"]
        iri = self.memberships.get((member, network, start))
        if iri:
            self.outcome.matched["memberships"] += 1
        else:
            iri = self.new_iri(f"{ID}membership/{network.rsplit('/', 1)[-1]}-{member.rsplit('/', 1)[-1]}")
            self.memberships[(member, network, start)] = iri
            self.outcome.new["memberships"] += 1
        instants = {column: f"{ID}time/{year}" for column, year in ends.items()}
        self.outcome.triples.extend(model.membership(iri, member, network, instants["from_year"], instants.get("to_year"), sources))
        for column, year in ends.items():
            self.outcome.triples.extend(model.instant(instants[column], year))

    def read(self, path: Path) -> None:
        """Ingest one CSV file; its template is recognised from its header row."""
        try:
            with path.open(newline="", encoding="utf-8-sig") as stream:
                reader = csv.DictReader(stream)
                header = [h.strip() for h in reader.fieldnames or []]
                template, rename = _template(header)
                if template is None or isinstance(rename, str):
                    self.outcome.problems.append(f"{path}:1: header: not a template header ({rename}); see templates/")
                    return
                for row in reader:
                    self.outcome.rows += 1
                    cells = {rename.get(k.strip(), k.strip()): (v or "").strip() for k, v in row.items() if k is not None}
                    where = f"{path}:{reader.line_num}"
                    (self.organisation if template == "organisations" else self.membership)(cells, where)
        except FileNotFoundError:
            self.outcome.problems.append(f"{path}: no such file")
        except (UnicodeDecodeError, csv.Error) as e:
            self.outcome.problems.append(f"{path}: not a readable CSV file: {e}")


def _template(header: list[str]) -> tuple[str | None, dict[str, str] | str]:
    if {"source", "target", "start"} <= set(header):
        return "memberships", EXPORT_COLUMNS
    for name, (required, _) in TEMPLATES.items():
        if required <= set(header):
            return name, {}
    wanted = " or ".join(f"{name}: {', '.join(sorted(required))}" for name, (required, _) in TEMPLATES.items())
    return None, f"it needs the columns of {wanted}"


def ingest(graph: KnowledgeGraph, files: Iterable[str | Path]) -> Outcome:
    """Read template CSV files in order (organisations before the memberships that name them).

    >>> from hspkg import load
    >>> outcome = ingest(load(), [])
    >>> outcome.rows, outcome.new, outcome.problems
    (0, {'organisations': 0, 'memberships': 0, 'sources': 0}, [])
    """
    ingester = Ingester(graph)
    for path in files:
        ingester.read(Path(path))
    return ingester.outcome


def turtle(triples: Iterable[Triple]) -> bytes:
    """The triples as Turtle with our prefixes, each once, in a stable order."""
    unique = sorted(set(triples), key=str)
    prefixes = {**PREFIXES, "o": ID + "org/", "m": ID + "membership/", "src": ID + "source/", "t": ID + "time/"}
    return cast(bytes, serialize(unique, format=RdfFormat.TURTLE, prefixes=prefixes))  # bytes when given no output


def write(graph: KnowledgeGraph, outcome: Outcome, output: str | Path) -> Report:
    """Check the new triples with the graph against the shapes; write them only if all conforms."""
    if outcome.problems:
        raise InputError(f"{len(outcome.problems)} problems; nothing written")
    text = turtle(outcome.triples)
    with tempfile.TemporaryDirectory() as scratch:
        candidate = Path(scratch) / "ingested.ttl"
        candidate.write_bytes(text)
        data = [f for f in graph.files if f not in ontology_files()]
        report = validate(load([*data, candidate]))
    if report.conforms:
        with atomic(output) as stream:
            stream.write(text)
    return report
