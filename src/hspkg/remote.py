"""The same graph interface over HTTP: SPARQL 1.1 Protocol queries, Graph Store Protocol publishing.

Both go through httpx as a careful client (:mod:`hspkg.webclient`): URLs checked
before anything is sent, no redirect to another origin (so credentials stay
with the host they were given for), answers of bounded size. Each call is
bounded by a deadline for the whole call (:mod:`hspkg.deadline`), and every
error an endpoint or store gives becomes one printable line.
"""

from __future__ import annotations

import os
import tempfile
import threading
from collections.abc import Iterator
from typing import IO, TYPE_CHECKING

from pyoxigraph import NamedNode, QueryResultsFormat, QuerySolutions, parse_query_results

from . import service_clauses
from .deadline import within
from .errors import InputError, WorkError, one_line
from .graph import Graph, KnowledgeGraph
from .progress import bar
from .results import Results
from .webclient import MAX_ANSWER, Redirected, client, read, redacted, refusal
from .webclient import http_url as http_url  # where the commands and ingest have always found it

if TYPE_CHECKING:
    import httpx

# Credentials come from the environment, never from the command line, where other
# users of the machine could read them; the scheme is basic unless it says digest.
AUTH_VARIABLE = "HSPKG_AUTH"
SCHEME_VARIABLE = "HSPKG_AUTH_SCHEME"
SCHEMES = ("basic", "digest")
PUBLISH_TIMEOUT = 300.0  # seconds for a whole publish, in the library and on the command line alike
_STORE_ANSWER = 1 << 20  # what is read of a store's answer to a PUT: only its status and a message matter
_MESSAGE = 1 << 16  # bytes of a refusal's body read for its one-line message


def _message(body: bytes) -> str:
    """A refusal's body as one line for the user, or "no message" where it says nothing."""
    return one_line(body.decode("utf-8", "replace")) or "no message"


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


class RemoteGraph(Graph):
    """A graph behind a SPARQL 1.1 Protocol endpoint, queried with SPARQLWrapper.

    Catalogue queries, organisation look-up and views work as on the embedded
    graph; parameters travel inside the query as a VALUES block of RDF terms.
    """

    def __init__(self, endpoint: str, timeout: float = 30.0, max_bytes: int = MAX_ANSWER) -> None:
        self.endpoint = http_url(endpoint, "the endpoint")
        self.timeout = timeout
        self.max_bytes = max_bytes

    def sparql(self, text: str, where: str = "query") -> Results:
        import httpx

        service_clauses.check(text, where, self.allow_service)
        auth = auth_from_environment()
        shown = redacted(self.endpoint)

        def call(cancelled: threading.Event) -> tuple[int, bytes]:
            with client(self.endpoint, self.timeout, auth) as http:
                headers = {"Accept": "application/sparql-results+json"}
                with http.stream("POST", self.endpoint, data={"query": text}, headers=headers) as response:
                    return response.status_code, read(response, self.max_bytes, cancelled, shown)

        expired = WorkError(f"no answer from {shown} within {self.timeout:g} s", argument="timeout", value=self.timeout)
        try:
            status, raw = within(self.timeout, call, lambda: expired)
        except (httpx.TimeoutException, TimeoutError):
            raise expired from None
        except Redirected as e:
            raise refusal(shown, e) from None
        except httpx.ConnectError as e:
            raise WorkError(f"{shown}: cannot reach the endpoint: {one_line(str(e))}") from None
        except (httpx.HTTPError, httpx.InvalidURL, httpx.StreamError, OSError, ValueError) as e:
            raise WorkError(f"{shown}: not an HTTP answer: {one_line(str(e)) or type(e).__name__}") from None
        if not 200 <= status < 300:  # (the body decoded only here, and only its start: an answer may be megabytes)
            message = _message(raw[:_MESSAGE])
            if status == 400:
                raise InputError(f"{where}: the endpoint rejected the query: {message}")
            raise WorkError(f"{shown}: the endpoint refused the query (HTTP {status}): {message}")
        try:
            # read it all once now: a truncated document otherwise fails half-way through the rows
            checked = parse_query_results(raw, format=QueryResultsFormat.JSON)
            if isinstance(checked, QuerySolutions):
                for _ in checked:
                    pass
        except MemoryError:
            # pyoxigraph's parser buffer: one value longer than 16 MB
            raise WorkError(f"{shown}: the answer holds a value longer than 16 MB, the most hspkg reads in one term") from None
        except (SyntaxError, ValueError, OSError):
            raise WorkError(f"{shown}: the answer is not SPARQL JSON results (is this a SPARQL endpoint?)") from None
        return Results(parse_query_results(raw, format=QueryResultsFormat.JSON), lambda: parse_query_results(raw, format=QueryResultsFormat.JSON))


def connect(endpoint: str, timeout: float = 30.0, max_bytes: int = MAX_ANSWER) -> RemoteGraph:
    """A graph behind a SPARQL endpoint, with the same ``query`` call as :func:`hspkg.load`'s.

    ``timeout`` bounds each whole call; ``max_bytes`` the size of each answer.

    >>> kg = connect("http://127.0.0.1:7878/sparql", timeout=10)
    >>> kg.endpoint
    'http://127.0.0.1:7878/sparql'
    """
    return RemoteGraph(endpoint, timeout, max_bytes)


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
    shown = redacted(store)
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

        def send(cancelled: threading.Event) -> tuple[int, str, bytes]:
            body = _Upload(spool, size, f"publishing to {shown}", cancelled)
            headers = {"Content-Type": "application/n-triples", "Content-Length": str(size)}
            # no redirect is followed: the store must confirm this PUT itself
            with client(store, timeout, auth, follow=False) as http, http.stream("PUT", store, params=params, content=body, headers=headers) as response:
                said = b""
                for chunk in response.iter_bytes():
                    said += chunk
                    if len(said) >= _STORE_ANSWER or cancelled.is_set():
                        break
                return response.status_code, response.headers.get("location", ""), said

        expired = WorkError(f"{shown}: no answer within {timeout:g} s", argument="timeout", value=timeout)
        try:
            status, location, said = within(timeout, send, lambda: expired)
        except (httpx.TimeoutException, TimeoutError):
            raise expired from None
        except Redirected as e:
            raise WorkError(f"{shown}: the store answered {e}, not a confirmation; nothing is known to be stored (publish follows no redirect)") from None
        except httpx.ConnectError as e:
            raise WorkError(f"{shown}: cannot reach the store: {one_line(str(e))}") from None
        except (httpx.HTTPError, httpx.InvalidURL, httpx.StreamError, OSError) as e:
            raise WorkError(f"{shown}: the transfer failed: {one_line(str(e)) or type(e).__name__}") from None
    if not 200 <= status < 300:
        why = f"HTTP {status}" + (f", a redirect to {redacted(location)}" if 300 <= status < 400 and location else "")
        raise WorkError(f"{shown}: the store did not confirm the graph ({why}): {_message(said)}; nothing is known to be stored")
    return len(graph)
