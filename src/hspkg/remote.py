"""The same graph interface over HTTP: SPARQL 1.1 Protocol queries, Graph Store Protocol publishing.

Queries go through SPARQLWrapper, publishing through httpx; both are bounded by
a deadline for the whole call (:mod:`hspkg.deadline`), and every error an
endpoint or store gives becomes one printable line.
"""

from __future__ import annotations

import http.client
import os
import tempfile
import threading
import urllib.error
import urllib.parse
from collections.abc import Iterator
from typing import IO, TYPE_CHECKING

from pyoxigraph import NamedNode, QueryResultsFormat, QuerySolutions, parse_query_results
from SPARQLWrapper import BASIC, DIGEST, JSON, POST, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed, SPARQLWrapperException

from . import service
from .deadline import within
from .errors import InputError, WorkError, one_line
from .graph import Graph, KnowledgeGraph
from .progress import bar
from .results import Results

if TYPE_CHECKING:
    import httpx

# Credentials come from the environment, never from the command line, where other
# users of the machine could read them; the scheme is basic unless it says digest.
AUTH_VARIABLE = "HSPKG_AUTH"
SCHEME_VARIABLE = "HSPKG_AUTH_SCHEME"
SCHEMES = ("basic", "digest")
PUBLISH_TIMEOUT = 300.0  # seconds for a whole publish, in the library and on the command line alike


def _credentials() -> tuple[str, str, str] | None:
    """(scheme, user, password) from the environment, or None."""
    value = os.environ.get(AUTH_VARIABLE)
    if not value:
        return None
    user, sep, password = value.partition(":")
    if not sep:
        raise InputError(f"{AUTH_VARIABLE} must be USER:PASSWORD")
    scheme = os.environ.get(SCHEME_VARIABLE, "basic").lower()
    if scheme not in SCHEMES:
        raise InputError(f"{SCHEME_VARIABLE}={scheme!r}: give one of {', '.join(SCHEMES)}")
    return scheme, user, password


def auth_from_environment() -> httpx.Auth | None:
    """The httpx authentication ``HSPKG_AUTH`` (and ``HSPKG_AUTH_SCHEME``) ask for, or None."""
    import httpx

    found = _credentials()
    if found is None:
        return None
    scheme, user, password = found
    return httpx.DigestAuth(user, password) if scheme == "digest" else httpx.BasicAuth(user, password)


def http_url(url: str, what: str) -> str:
    """``url`` if it is an http(s) URL with a host, else an :class:`InputError` saying ``what`` it is.

    >>> http_url("notaurl", "the store")
    Traceback (most recent call last):
    ...
    hspkg.errors.InputError: the store 'notaurl': not an http:// or https:// URL
    """
    parts = urllib.parse.urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname or any(c.isspace() or ord(c) < 32 for c in url):
        raise InputError(f"{what} {url!r}: not an http:// or https:// URL")
    return url


class RemoteGraph(Graph):
    """A graph behind a SPARQL 1.1 Protocol endpoint, queried with SPARQLWrapper.

    Catalogue queries, organisation look-up and views work as on the embedded
    graph; parameters travel inside the query as a VALUES block of RDF terms.
    """

    def __init__(self, endpoint: str, timeout: float = 30.0) -> None:
        self.endpoint = http_url(endpoint, "the endpoint")
        self.timeout = timeout

    def sparql(self, text: str, where: str = "query") -> Results:
        service.check(text, where, self.allow_service)
        client = SPARQLWrapper(self.endpoint)
        client.setQuery(text)
        client.setMethod(POST)
        client.setReturnFormat(JSON)
        client.setTimeout(int(max(1, self.timeout)))
        if credentials := _credentials():
            scheme, user, password = credentials
            client.setHTTPAuth(DIGEST if scheme == "digest" else BASIC)
            client.setCredentials(user, password)

        def call(cancelled: threading.Event) -> bytes:
            body: bytes = client.query().response.read()
            return body

        expired = WorkError(f"no answer from {self.endpoint} within {self.timeout:g} s", argument="timeout", value=self.timeout)
        try:
            raw = within(self.timeout, call, lambda: expired)
        except QueryBadFormed as e:
            raise InputError(f"{where}: the endpoint rejected the query: {one_line(str(e))}") from None
        except SPARQLWrapperException as e:
            raise WorkError(f"{self.endpoint}: the endpoint refused the query: {one_line(str(e))}") from None
        except TimeoutError:
            raise expired from None
        except urllib.error.URLError as e:
            raise WorkError(f"{self.endpoint}: cannot reach the endpoint: {one_line(str(e.reason))}") from None
        except (ValueError, OSError, http.client.HTTPException) as e:
            raise WorkError(f"{self.endpoint}: not an HTTP answer: {one_line(str(e)) or type(e).__name__}") from None
        try:
            # read it all once now: a truncated document otherwise fails half-way through the rows
            checked = parse_query_results(raw, format=QueryResultsFormat.JSON)
            if isinstance(checked, QuerySolutions):
                for _ in checked:
                    pass
        except (SyntaxError, ValueError, OSError):
            raise WorkError(f"{self.endpoint}: the answer is not SPARQL JSON results (is this a SPARQL endpoint?)") from None
        return Results(parse_query_results(raw, format=QueryResultsFormat.JSON), lambda: parse_query_results(raw, format=QueryResultsFormat.JSON))


def connect(endpoint: str, timeout: float = 30.0) -> RemoteGraph:
    """A graph behind a SPARQL endpoint, with the same ``query`` call as :func:`hspkg.load`'s.

    >>> kg = connect("http://127.0.0.1:7878/sparql", timeout=10)
    >>> kg.endpoint
    'http://127.0.0.1:7878/sparql'
    """
    return RemoteGraph(endpoint, timeout)


_CHUNK = 1 << 20


class _Upload:
    """The spooled triples as a request body httpx can send again (digest auth sends it after a challenge)."""

    def __init__(self, stream: IO[bytes], size: int, description: str, cancelled: threading.Event) -> None:
        self.stream, self.size, self.description, self.cancelled = stream, size, description, cancelled

    def __iter__(self) -> Iterator[bytes]:
        self.stream.seek(0)
        with bar(self.size, self.description) as progress:
            while chunk := self.stream.read(_CHUNK):
                if self.cancelled.is_set():
                    raise TimeoutError("publishing was stopped at its deadline")
                progress.update(len(chunk))
                yield chunk


def publish(graph: KnowledgeGraph, store: str, graph_iri: str | None = None, timeout: float = PUBLISH_TIMEOUT, auth: httpx.Auth | None = None) -> int:
    """Replace a graph in a triple store with ``graph`` (inferences included); return the triple count.

    Uses the SPARQL 1.1 Graph Store HTTP Protocol: an HTTP PUT of N-Triples to
    ``store?default`` or ``store?graph=IRI``, so publishing twice gives the same
    triples. The triples are spooled to disk and sent in chunks, so memory stays
    flat for large graphs; a store that refuses or a transfer that breaks leaves
    the graph as it was on a store that applies a PUT as one transaction (Oxigraph does).
    ``timeout`` bounds the whole call; ``auth`` is any httpx authentication
    (``httpx.BasicAuth``, ``httpx.DigestAuth``), by default the one ``HSPKG_AUTH`` gives.
    """
    import httpx

    http_url(store, "the store")
    if graph_iri is not None:
        try:
            NamedNode(graph_iri)
        except ValueError:
            raise InputError("not an absolute IRI", argument="graph_iri", value=graph_iri) from None
    auth = auth if auth is not None else auth_from_environment()
    params = {"graph": graph_iri} if graph_iri else {"default": ""}
    with tempfile.SpooledTemporaryFile(max_size=64 * _CHUNK) as spool:
        graph.dump(spool)
        size = spool.tell()

        def send(cancelled: threading.Event) -> httpx.Response:
            body = _Upload(spool, size, f"publishing to {store}", cancelled)
            with httpx.Client(timeout=timeout, auth=auth) as client:
                return client.put(store, params=params, content=body, headers={"Content-Type": "application/n-triples", "Content-Length": str(size)})

        expired = WorkError(f"{store}: no answer within {timeout:g} s", argument="timeout", value=timeout)
        try:
            response = within(timeout, send, lambda: expired)
        except (httpx.TimeoutException, TimeoutError):
            raise expired from None
        except httpx.ConnectError as e:
            raise WorkError(f"{store}: cannot reach the store: {one_line(str(e))}") from None
        except (httpx.HTTPError, httpx.InvalidURL, httpx.StreamError, OSError) as e:
            raise WorkError(f"{store}: the transfer failed: {one_line(str(e)) or type(e).__name__}") from None
    if response.status_code >= 400:
        raise WorkError(f"{store}: the store refused the graph (HTTP {response.status_code}): {one_line(response.text)}")
    return len(graph)
