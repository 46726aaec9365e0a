"""What a SPARQL 1.1 Protocol request to the endpoint asks: its query as a worker job, or the status it is refused with.

Both ways a ``/sparql`` request comes in use it: Starlette's (:mod:`hspkg.serve`) and the
connection's own (:mod:`hspkg.fastpath`). :class:`Options`, the endpoint's settings, live here
with it, so that neither of those imports the other.
"""

from __future__ import annotations

import codecs
import os
import urllib.parse
from dataclasses import dataclass
from typing import Any

from .service_clauses import REFUSAL, uses_service


@dataclass(frozen=True)
class Options:
    """How the endpoint behaves: its time limit, workers, queue, size limits, connections and their headers' time, address, SERVICE and CORS."""

    timeout: float = 30.0
    workers: int = min(8, max(2, os.cpu_count() or 2))
    max_body: int = 1 << 20
    max_result: int = 100 << 20
    allow_service: bool = False
    cors: tuple[str, ...] = ()
    on_disk: bool = False  # workers open an on-disk store even for a graph small enough for memory
    queue: int = 64  # requests that may wait for a busy worker; more are answered 503 at once
    fair_after: float = 0.2  # seconds: waiting requests are served newest first, but one that has waited this long first (0: in order)
    max_connections: int = 1000  # open connections; more are answered 503 and closed
    header_seconds: float = 10.0  # a request's line and headers must arrive within this (408 past it)
    base_url: str | None = None  # the public address VoID gives (default: the address listened on)


class Refused(Exception):
    """A request answered with an error status before any query runs."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def body_too_large(limit: int) -> Refused:
    """The refusal of a request body past ``limit`` bytes, whichever way the request came in.

    >>> body_too_large(1 << 20).status, str(body_too_large(1 << 20))
    (413, "the request body is larger than this server's limit of 1,048,576 bytes")
    """
    return Refused(413, f"the request body is larger than this server's limit of {limit:,} bytes")


def body_too_slow(seconds: float) -> Refused:
    """The refusal of a request body that did not arrive in time."""
    return Refused(408, f"the request body did not arrive within {seconds:g} s")


def _form(body: bytes) -> dict[str, list[str]]:
    """The fields of an ``application/x-www-form-urlencoded`` body, as ``urllib.parse.parse_qs`` (blank values kept) reads them.

    parse_qs decodes percent escapes byte by byte in Python: 0.08-0.16 ms for the thousand escapes of a
    4.6 KB catalogue query, on every request. An ASCII body whose every ``%`` starts an escape is decoded
    by the codec machinery instead, in C; any other body goes to parse_qs itself.

    >>> body = "query=SELECT+%3Fs%20WHERE%20%7B%7D%20%23%20%C3%A9&default-graph-uri=&x&=y&&a%2Bb=c%3Dd"
    >>> _form(body.encode()) == urllib.parse.parse_qs(body, keep_blank_values=True)
    True
    >>> _form(b"query=ASK%7B%7D%zz") == urllib.parse.parse_qs("query=ASK%7B%7D%zz", keep_blank_values=True)
    True
    >>> _form(b"query=a\\x41%42\\\\n")["query"] == urllib.parse.parse_qs("query=a\\x41%42\\\\n")["query"] == ["a\\x41B\\\\n"]
    True
    """
    if not body.isascii():
        return urllib.parse.parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
    fields: dict[str, list[str]] = {}
    try:
        for pair in body.split(b"&"):
            if pair:
                name, _, value = pair.partition(b"=")
                fields.setdefault(_unquote(name), []).append(_unquote(value))
    except ValueError:  # an escape that is not one (%zz): parse_qs keeps it as it stands
        return urllib.parse.parse_qs(body.decode("ascii"), keep_blank_values=True)
    return fields


def _unquote(text: bytes) -> str:
    """``urllib.parse.unquote_plus`` of ``text``, in C: ``%XX`` becomes ``\\xXX`` (backslashes doubled first) for the escape codec."""
    return codecs.escape_decode(text.replace(b"+", b" ").replace(b"\\", b"\\\\").replace(b"%", b"\\x"))[0].decode("utf-8", "replace")


def sparql_job(method: str, query_string: bytes, content_type: str, accept: str, body: bytes, options: Options) -> dict[str, Any]:
    """The query of a SPARQL 1.1 Protocol request, with its dataset and Accept header, as a worker job; :class:`Refused` if it cannot be one.

    >>> sparql_job("GET", b"query=ASK%7B%7D&default-graph-uri=http%3A%2F%2Fa", "", "text/csv", b"", Options())["default_graph"]
    ['http://a']
    >>> sparql_job("POST", b"", "application/sparql-update", "", b"INSERT DATA {}", Options())
    Traceback (most recent call last):
    ...
    hspkg.sparql_requests.Refused: this endpoint is read-only: SPARQL updates are refused
    """
    fields = _form(query_string) if query_string else {}
    kind = content_type.split(";")[0].strip().lower()
    if method == "POST":
        if kind == "application/x-www-form-urlencoded":
            for key, values in _form(body).items():
                fields.setdefault(key, []).extend(values)
        elif kind == "application/sparql-query":
            fields["query"] = [body.decode("utf-8", "replace")]
        elif kind != "application/sparql-update":
            raise Refused(415, f"send the query as application/x-www-form-urlencoded or application/sparql-query, not {kind or 'no content type'}")
    if "update" in fields or kind == "application/sparql-update":
        raise Refused(403, "this endpoint is read-only: SPARQL updates are refused")
    queries = fields.get("query", [])
    if len(queries) != 1 or not queries[0].strip():
        raise Refused(400, "give exactly one query (the query parameter, or a body of type application/sparql-query)")
    if not options.allow_service and uses_service(queries[0]):
        raise Refused(400, REFUSAL.replace("with --allow-service", "with hspkg serve --allow-service"))
    return {
        "query": queries[0],
        "accept": accept,
        "default_graph": fields.get("default-graph-uri", []),
        "named_graphs": fields.get("named-graph-uri", []),
        "max_bytes": options.max_result,
    }
