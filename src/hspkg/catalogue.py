"""The query catalogue: ``queries/*.rq``, their documented parameters, and binding.

Each ``.rq`` file starts with a header of comments::

    # title: Members of networks
    # description: Members of each network, as of a year, with kind and start year.
    # param: year (year, default: all time) only memberships begun by then and not ended

and marks each parameter's place with a standard, runnable ``VALUES ?year { UNDEF }``
inside its WHERE clause (in each branch of a UNION that needs it: a binding made
outside a UNION reaches its branches only after they have been evaluated). Binding replaces that ``UNDEF`` with the value as an RDF
term, written by the RDF library with its escaping: a value is never spliced
into the query text as a string, so it cannot change the query's shape, and the
same bound text runs on the embedded engine and on any SPARQL endpoint.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from pyoxigraph import Literal, NamedNode

from .dates import parse_year
from .errors import InputError, WorkError
from .resources import shipped
from .terms import PROLOGUE

if TYPE_CHECKING:
    from .results import Results

ParamValue = NamedNode | Literal  # what a parameter is bound to (terms.Term is any RDF term)

_HEADER = re.compile(r"^#\s*(title|description|param):\s*(.*?)\s*$")
_PARAM = re.compile(r"^(?P<name>[A-Za-z_]\w*)\s*\((?P<type>\w+)(?:,\s*default:\s*(?P<default>[^)]*))?\)\s*(?P<text>.*)$")


def _slot(name: str) -> re.Pattern[str]:
    return re.compile(r"VALUES\s+\?" + re.escape(name) + r"\s*\{\s*(UNDEF)\s*\}")


@dataclass(frozen=True)
class Param:
    """A documented query parameter: its name, type, default and meaning."""

    name: str
    type: str
    default: str | None
    description: str

    @property
    def required(self) -> bool:
        return self.default is None


@dataclass(frozen=True)
class Query:
    """One catalogue query: where it came from, what it asks, and its parameters."""

    name: str
    title: str
    description: str
    params: tuple[Param, ...]
    text: str
    path: Path | None = None

    @property
    def where(self) -> str:
        """How error messages name this query: its file, or its catalogue name."""
        return str(self.path) if self.path else f"query {self.name}"

    def bind(self, values: Mapping[str, object]) -> str:
        """The query text with each given parameter bound as an RDF term.

        An organisation is given as its IRI (a :class:`NamedNode`): the graph finds it by
        name before binding (:meth:`hspkg.graph.Graph.query`), so the query path runs one way.

        >>> q = get("members")
        >>> sorted({line.strip() for line in q.bind({"year": 2010}).splitlines() if "?year {" in line})
        ['VALUES ?year { "2010"^^<http://www.w3.org/2001/XMLSchema#integer> }']
        >>> q.bind({"year": '2010" } UNION { ?s ?p ?o'})
        Traceback (most recent call last):
        ...
        hspkg.errors.InputError: parameter year of query members: '2010" } UNION { ?s ?p ?o' is not a year (four digits from 1000, such as 2010)
        """
        known = {p.name: p for p in self.params}
        for name in values:
            if name not in known:
                listed = ", ".join(known) or "none"
                raise InputError(f"query {self.name} has no parameter {name!r} (its parameters: {listed})")
        text = self.text
        for param in self.params:
            value = values.get(param.name)
            if value is None:
                if param.required:
                    raise InputError(f"query {self.name} needs parameter {param.name} ({param.description})")
                # A VALUES block of one empty row joins as the identity, so leaving it out
                # changes nothing; Virtuoso 7 drops bindings a UNION makes when it stays.
                text = _slot(param.name).sub("", text)
                continue
            text = _fill(text, param.name, _convert(param, value, self.name))
        return text


def _fill(text: str, name: str, term: ParamValue) -> str:
    """``text`` with the parameter's ``UNDEF`` slots holding ``term``."""
    # The term's N-Triples form comes from pyoxigraph, escaped; SPARQL accepts it as is.
    written = str(term)
    return _slot(name).sub(lambda match: match.group(0).replace("UNDEF", written), text)


def _convert(param: Param, value: object, query: str) -> ParamValue:
    where = f"parameter {param.name} of query {query}"
    raw = str(value).strip()
    if param.type == "year":
        try:
            return Literal(parse_year(value if isinstance(value, int) else raw))
        except ValueError as e:
            raise InputError(f"{where}: {e}") from None
    if param.type == "integer":
        if isinstance(value, bool) or not re.fullmatch(r"[+-]?[0-9]+", raw):
            raise InputError(f"{where}: {raw!r} is not a whole number")
        return Literal(int(raw))
    if param.type == "iri":
        if isinstance(value, NamedNode):
            return value  # an IRI given as one, as an organisation is
        try:
            return NamedNode(raw)
        except ValueError as e:
            raise InputError(f"{where}: {raw!r} is not an IRI ({e})") from None
    if param.type == "organisation":
        if isinstance(value, NamedNode):
            return value
        raise InputError(f"{where}: {raw!r} is a name; give the organisation's IRI (Graph.query finds it by name)")
    if param.name == "programme" and raw not in PROGRAMMES:
        # an unknown programme would match nothing and look like an empty answer
        raise InputError(f"{where}: {raw!r} is not a programme ({', '.join(PROGRAMMES)})")
    return Literal(raw)


class Runs(Protocol):
    """Whatever runs catalogue queries, as every :class:`hspkg.graph.Graph` does: all the views ask of a graph.

    Named here, beside :class:`Query`, so that the views depend on the query layer and the
    graph (whose ``to_networkx`` draws them) depends on both: the imports run one way.
    """

    def query(self, query: str | Query, /, **params: object) -> Results: ...


TYPES = ("year", "integer", "iri", "organisation", "string")
# the values a `programme` parameter takes: the skos:notation of each programme (ontology/programmes.ttl, ahsc and ahsn schemes)
PROGRAMMES = ("nihr-brc", "nihr-bru", "nihr-clahrc", "nihr-arc", "ahsc", "ahsn")


def parse(text: str, name: str, path: Path | None = None) -> Query:
    """A query from its text: header comments, parameters, and their slots.

    >>> q = parse("# title: T\\n# param: y (year) a year\\nSELECT * { VALUES ?y { UNDEF } }", "t")
    >>> q.params[0].name, q.params[0].type, q.params[0].required
    ('y', 'year', True)
    """
    where = str(path) if path else f"query {name}"
    fields: dict[str, str] = {}
    params: list[Param] = []
    for number, line in enumerate(text.splitlines(), start=1):
        match = _HEADER.match(line.strip())
        if not match:
            continue
        key, value = match.groups()
        if key != "param":
            fields.setdefault(key, value)
            continue
        spec = _PARAM.match(value)
        if not spec:
            raise InputError(f"{where}:{number}: bad parameter line; write '# param: NAME (TYPE, default: ...) meaning'")
        if spec["type"] not in TYPES:
            raise InputError(f"{where}:{number}: parameter {spec['name']} has unknown type {spec['type']!r} (types: {', '.join(TYPES)})")
        if not _slot(spec["name"]).search(text):
            raise InputError(f"{where}:{number}: parameter {spec['name']} needs a 'VALUES ?{spec['name']} {{ UNDEF }}' in the query")
        params.append(Param(spec["name"], spec["type"], spec["default"], spec["text"]))
    return Query(
        name=name,
        title=fields.get("title", name),
        description=fields.get("description", ""),
        params=tuple(params),
        text=text,
        path=path,
    )


def from_file(path: str | Path) -> Query:
    """A user's own query file, with the same optional header as the catalogue's."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"{path}: no such query file") from None
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(f"{path}: cannot read the query: {e}") from None
    return parse(text, path.stem, path)


@cache
def queries() -> dict[str, Query]:
    """Every shipped query, by name (the file name without ``.rq``).

    >>> sorted(queries())[:3]
    ['ahsns', 'areas', 'awards']
    """
    folder = shipped("queries")
    return {p.stem: parse(p.read_text(encoding="utf-8"), p.stem, p) for p in sorted(folder.glob("*.rq"))}


def get(name: str) -> Query:
    """A shipped query by name; an unknown name lists the known ones."""
    known = queries()
    if name not in known:
        raise InputError(f"no query named {name!r}; the catalogue has: {', '.join(known)}")
    return known[name]


@cache
def internal(name: str) -> Query:
    """One of hspkg's own queries (``queries/internal/NAME.rq``, or ``.ru`` for an update).

    They are not the catalogue (``queries()`` never lists them). Each gets the
    prefixes of :data:`hspkg.terms.PREFIXES` in front, so that a namespace is
    written once, and binds its parameters as the catalogue's queries do.

    >>> internal("organisation-by-name").bind({"name": "UCLPartners"}).count('"UCLPartners"')
    1
    """
    folder = shipped("queries") / "internal"
    for path in (folder / f"{name}.rq", folder / f"{name}.ru"):
        if path.is_file():
            return parse(PROLOGUE + path.read_text(encoding="utf-8"), name, path)
    raise WorkError(f"hspkg is installed without its internal query {name!r} ({folder}): reinstall it")


@cache
def closure() -> tuple[str, ...]:
    """The RDFS closure's updates (``queries/internal/closure-*.ru``), in the order they run.

    >>> len(closure())
    4
    """
    folder = shipped("queries") / "internal"
    return tuple(internal(p.stem).text for p in sorted(folder.glob("closure-*.ru")))


_INSERT = re.compile(r"^INSERT(?=\s*\{)", re.MULTILINE)


def as_construct(update: str) -> str:
    """The CONSTRUCT query whose triples are those an ``INSERT { ... } WHERE { ... }`` update adds.

    The on-disk store streams them back in bulk rather than gather them in one transaction.

    >>> as_construct("PREFIX a: <urn:a#>\\nINSERT { ?s a ?d } WHERE { ?s a ?c }")
    'PREFIX a: <urn:a#>\\nCONSTRUCT { ?s a ?d } WHERE { ?s a ?c }'
    """
    construct, replaced = _INSERT.subn("CONSTRUCT", update, count=1)
    if not replaced:
        raise WorkError("not an INSERT { ... } WHERE { ... } update")
    return construct
