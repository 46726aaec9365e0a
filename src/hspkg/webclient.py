"""HTTP as a careful client: URLs checked before anything is sent, no redirect to another origin, answers of bounded size.

Every call hspkg makes to an endpoint or a store goes through here:

- :func:`http_url` refuses a URL that is not plainly an http(s) address (a
  password in it, a broken host or port, characters a URL may not hold, a bad
  ``%`` escape), and never repeats the password in its message;
- :func:`client` follows a redirect only within the origin it was given
  (scheme, host and port; or http to https on the same host), so that
  credentials never reach another server; any other redirect is an error;
- :func:`read` stops reading an answer at a size limit.

>>> redacted("http://user:s3cret@example.org:8890/sparql")
'http://***@example.org:8890/sparql'
>>> http_url("http://user:s3cret@example.org/sparql", "the endpoint")
Traceback (most recent call last):
...
hspkg.errors.InputError: the endpoint 'http://***@example.org/sparql': holds a user name or password; give them in HSPKG_AUTH=USER:PASSWORD instead
"""

from __future__ import annotations

import ipaddress
import re
import threading
import urllib.parse
from typing import TYPE_CHECKING

from .errors import InputError, WorkError

if TYPE_CHECKING:
    import httpx

MAX_ANSWER = 256 << 20  # bytes read from an endpoint's answer at most: it is held in memory to be parsed
MAX_REDIRECTS = 5

# RFC 3986 never lets these stand unescaped in a URL; whitespace and control characters neither.
_FORBIDDEN = set('"<>{}|^`\\')
_BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")
_LABEL = re.compile(r"(?!-)[A-Za-z0-9_-]{1,63}(?<!-)")
_USERINFO = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*://)[^/?#]*@")


def redacted(url: str) -> str:
    """``url`` with any user name and password replaced by ``***``: the only form of a URL hspkg prints."""
    return _USERINFO.sub(r"\1***@", url)


def http_url(url: str, what: str) -> str:
    """``url`` if it is an http(s) URL with a valid host and port, else an :class:`InputError` saying ``what`` it is.

    >>> http_url("notaurl", "the store")
    Traceback (most recent call last):
    ...
    hspkg.errors.InputError: the store 'notaurl': not an http:// or https:// URL
    >>> http_url("http://127.0.0.1:99999/sparql", "the endpoint")
    Traceback (most recent call last):
    ...
    hspkg.errors.InputError: the endpoint 'http://127.0.0.1:99999/sparql': the port is not a number from 1 to 65535
    """
    shown = repr(redacted(url))

    def bad(reason: str) -> InputError:
        return InputError(f"{what} {shown}: {reason}")

    if any(c in _FORBIDDEN or c.isspace() or ord(c) < 32 or 127 <= ord(c) < 160 for c in url):
        raise bad('holds a space, a control character or one of " < > { } | ^ ` \\, which a URL may not (escape them as %XX)')
    if _BAD_ESCAPE.search(url):
        raise bad("a '%' not followed by two hexadecimal digits")
    try:
        parts = urllib.parse.urlsplit(url)
        host, port = parts.hostname, parts.port
    except ValueError as e:
        reason = "the port is not a number from 1 to 65535" if "port" in str(e).lower() else f"not a URL ({e})"
        raise bad(reason) from None
    if parts.scheme.lower() not in ("http", "https"):
        raise bad("not an http:// or https:// URL")
    if "@" in parts.netloc:
        raise bad("holds a user name or password; give them in HSPKG_AUTH=USER:PASSWORD instead")
    if not host:
        raise bad("not an http:// or https:// URL")
    if port == 0:
        raise bad("the port is not a number from 1 to 65535")
    if not _valid_host(host, bracketed="[" in parts.netloc):
        raise bad(f"{host!r} is not a host name or IP address")
    return url


def _valid_host(host: str, bracketed: bool) -> bool:
    """A DNS name (internationalised ones too), an IPv4 address, or an IPv6 address in brackets."""
    if bracketed:
        try:
            ipaddress.IPv6Address(host.split("%", 1)[0])
        except ValueError:
            return False
        return True
    if re.fullmatch(r"[0-9.]+", host):
        try:
            ipaddress.IPv4Address(host)
        except ValueError:
            return False
        return True
    try:
        ascii_host = host.encode("idna").decode("ascii")
    except UnicodeError:
        return False
    return all(_LABEL.fullmatch(label) for label in ascii_host.removesuffix(".").split("."))


def _origin(url: httpx.URL) -> tuple[str, str, int | None]:
    default = {"http": 80, "https": 443}.get(url.scheme)
    return url.scheme, url.host, url.port or default


def client(url: str, timeout: float, auth: httpx.Auth | None, follow: bool = True) -> httpx.Client:
    """An httpx client for calls to ``url``: redirects followed only within its origin (or not at all), never elsewhere."""
    import httpx

    scheme, host, port = origin = _origin(httpx.URL(url))

    def same_origin_only(response: httpx.Response) -> None:
        if not response.has_redirect_location:
            return
        target = response.request.url.join(response.headers["location"])
        upgrade = scheme == "http" and port == 80 and _origin(target) == ("https", host, 443)
        if not follow or (_origin(target) != origin and not upgrade):
            response.close()
            raise Redirected(response.status_code, str(target))

    return httpx.Client(timeout=timeout, auth=auth, follow_redirects=follow, max_redirects=MAX_REDIRECTS, event_hooks={"response": [same_origin_only]})


class Redirected(Exception):
    """A redirect that is not followed: to another origin, or any at all where none may be."""

    def __init__(self, status: int, target: str) -> None:
        super().__init__(f"HTTP {status} to {redacted(target)}")
        self.status, self.target = status, target


def refusal(where: str, redirect: Redirected) -> WorkError:
    """The one line for a redirect that was not followed."""
    return WorkError(
        f"{where}: answered with a redirect ({redirect}), which hspkg follows only within the address's origin and never with credentials elsewhere; "
        "give the new address if you trust it"
    )


def read(response: httpx.Response, limit: int, cancelled: threading.Event, where: str) -> bytes:
    """The body of ``response``, read until ``limit`` bytes (after decompression), or a :class:`WorkError` past it."""
    too_big = WorkError(f"{where}: the answer passed {limit:,} bytes, the most hspkg reads (connect(..., max_bytes=N) sets it)")
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise too_big
    chunks, size = [], 0
    for chunk in response.iter_bytes():
        if cancelled.is_set():
            raise TimeoutError("the answer was cut off at its deadline")
        size += len(chunk)
        if size > limit:
            raise too_big
        chunks.append(chunk)
    return b"".join(chunks)
