"""The same graph interface over HTTP: SPARQL 1.1 Protocol queries, Graph Store Protocol publishing."""

from __future__ import annotations

import os
import tempfile
import urllib.error
import urllib.parse
from collections.abc import Iterator
from typing import IO

from pyoxigraph import QueryResultsFormat, parse_query_results
from SPARQLWrapper import JSON, POST, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed, SPARQLWrapperException

from .errors import InputError, WorkError
from .graph import Graph, KnowledgeGraph
from .progress import bar
from .results import Results

# Basic-auth credentials come from the environment, never from the command line,
# where other users of the machine could read them.
AUTH_VARIABLE = "HSPKG_AUTH"


def _credentials() -> tuple[str, str] | None:
    value = os.environ.get(AUTH_VARIABLE)
    if not value:
        return None
    user, sep, password = value.partition(":")
    if not sep:
        raise InputError(f"{AUTH_VARIABLE} must be USER:PASSWORD")
    return user, password


class RemoteGraph(Graph):
    """A graph behind a SPARQL 1.1 Protocol endpoint, queried with SPARQLWrapper.

    Catalogue queries, organisation look-up and views work as on the embedded
    graph; parameters travel inside the query as a VALUES block of RDF terms.
    """

    def __init__(self, endpoint: str, timeout: float = 30.0) -> None:
        self.endpoint = endpoint
        self.timeout = timeout

    def sparql(self, text: str, where: str = "query") -> Results:
        client = SPARQLWrapper(self.endpoint)
        client.setQuery(text)
        client.setMethod(POST)
        client.setReturnFormat(JSON)
        client.setTimeout(int(max(1, self.timeout)))
        if credentials := _credentials():
            client.setCredentials(*credentials)
        try:
            raw = client.query().response.read()
        except QueryBadFormed as e:
            raise InputError(f"{where}: the endpoint rejected the query: {_server_message(e)}") from None
        except SPARQLWrapperException as e:
            raise WorkError(f"{self.endpoint}: the endpoint refused the query: {_server_message(e)}") from None
        except TimeoutError:
            raise WorkError(f"no answer from {self.endpoint} within {self.timeout:g} s", argument="timeout", value=self.timeout) from None
        except urllib.error.URLError as e:
            raise WorkError(f"{self.endpoint}: cannot reach the endpoint: {e.reason}") from None
        except (ValueError, OSError) as e:
            raise WorkError(f"{self.endpoint}: {e}") from None
        try:
            answer = parse_query_results(raw, format=QueryResultsFormat.JSON)
        except (SyntaxError, ValueError):
            raise WorkError(f"{self.endpoint}: the answer is not SPARQL JSON results (is this a SPARQL endpoint?)") from None
        return Results(answer, lambda: parse_query_results(raw, format=QueryResultsFormat.JSON))


def connect(endpoint: str, timeout: float = 30.0) -> RemoteGraph:
    """A graph behind a SPARQL endpoint, with the same ``query`` call as :func:`hspkg.load`'s.

    >>> kg = connect("http://127.0.0.1:7878/sparql", timeout=10)
    >>> kg.endpoint
    'http://127.0.0.1:7878/sparql'
    """
    return RemoteGraph(endpoint, timeout)


def _server_message(error: Exception) -> str:
    return " ".join(str(error).split())[:300]


_CHUNK = 1 << 20
# the scheme HSPKG_AUTH's credentials are sent with: basic unless this says digest
SCHEME_VARIABLE = "HSPKG_AUTH_SCHEME"
SCHEMES = ("basic", "digest")


def publish(graph: KnowledgeGraph, store: str, graph_iri: str | None = None, timeout: float = 300.0) -> int:
    """Replace a graph in a triple store with ``graph`` (inferences included); return the triple count.

    Uses the SPARQL 1.1 Graph Store HTTP Protocol: an HTTP PUT of N-Triples to
    ``store?default`` or ``store?graph=IRI``, so publishing twice gives the same
    triples. The triples are spooled to disk and sent in chunks, so memory stays
    flat for large graphs; a store that refuses or a transfer that breaks leaves
    the graph as it was on a store that applies a PUT as one transaction (Oxigraph does).
    ``HSPKG_AUTH`` credentials go as HTTP basic authentication, or digest with
    ``HSPKG_AUTH_SCHEME=digest`` (Virtuoso's ``/sparql-graph-crud-auth`` asks for digest).
    """
    import httpx

    auth = os.environ.get(SCHEME_VARIABLE, "basic").lower()
    if auth not in SCHEMES:
        raise InputError(f"{SCHEME_VARIABLE}={auth!r}: give one of {', '.join(SCHEMES)}")
    target = f"{store}?{'graph=' + urllib.parse.quote(graph_iri, safe='') if graph_iri else 'default'}"
    credentials = _credentials()
    scheme: httpx.Auth | None = None
    if credentials:
        scheme = httpx.DigestAuth(*credentials) if auth == "digest" else httpx.BasicAuth(*credentials)
    with tempfile.SpooledTemporaryFile(max_size=64 * _CHUNK) as spool:
        graph.dump(spool)
        size = spool.tell()
        try:
            with httpx.Client(timeout=timeout, auth=scheme) as client:
                if isinstance(scheme, httpx.DigestAuth):
                    # take the digest challenge with a bodiless HEAD, so the graph travels once, signed
                    client.head(target)
                response = client.put(
                    target,
                    content=_Replayable(spool, size, f"publishing to {store}"),
                    headers={"Content-Type": "application/n-triples", "Content-Length": str(size)},
                )
        except httpx.TimeoutException:
            raise WorkError(f"no answer from {store} within {timeout:g} s", argument="timeout", value=timeout) from None
        except httpx.HTTPError as e:
            raise WorkError(f"{store}: cannot reach the store: {e}") from None
    if not response.is_success:
        message = " ".join(response.text.split())[:300]
        raise WorkError(f"{store}: the store refused the graph (HTTP {response.status_code}): {message}")
    return len(graph)


class _Replayable:
    """The spooled triples as chunks, from the start each time they are read.

    An authentication scheme may send the body a second time (digest, when the
    store asks again), so this is an iterable, not a one-shot generator.
    """

    def __init__(self, stream: IO[bytes], size: int, description: str) -> None:
        self.stream, self.size, self.description = stream, size, description

    def __iter__(self) -> Iterator[bytes]:
        self.stream.seek(0)
        with bar(self.size, self.description) as progress:
            while chunk := self.stream.read(_CHUNK):
                progress.update(len(chunk))
                yield chunk
