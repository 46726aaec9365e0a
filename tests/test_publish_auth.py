"""Publishing with credentials through httpx (issue 13): basic, and digest, where the store challenges
first and the whole body must be sent again; against a small real HTTP server on loopback."""

from __future__ import annotations

import hashlib
import http.server
from typing import ClassVar

import pytest

from servers import serving

REALM, NONCE = "hspkg-test", "5f1d2c"


def md5(text: str) -> str:
    return hashlib.md5(text.encode()).hexdigest()


class Store(http.server.BaseHTTPRequestHandler):
    """Accepts a PUT only with the right credentials (basic or digest, as ``scheme`` says); records what it got."""

    scheme = "basic"
    received: ClassVar[list[tuple[str, int]]] = []

    def do_PUT(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        header = self.headers.get("Authorization", "")
        if self.authorised(header):
            Store.received.append((header.split()[0], len(body)))
            self.send_response(204)
            self.end_headers()
            return
        self.send_response(401)
        challenge = f'Digest realm="{REALM}", nonce="{NONCE}", qop="auth"' if self.scheme == "digest" else f'Basic realm="{REALM}"'
        self.send_header("WWW-Authenticate", challenge)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def authorised(self, header: str) -> bool:
        if self.scheme == "basic":
            return header == "Basic dXNlcjpzM2NyZXQ="  # user:s3cret
        if not header.startswith("Digest "):
            return False
        fields = dict(part.strip().split("=", 1) for part in header[len("Digest ") :].split(","))
        fields = {k: v.strip('"') for k, v in fields.items()}
        ha1, ha2 = md5(f"user:{REALM}:s3cret"), md5(f"PUT:{fields['uri']}")
        expected = md5(f"{ha1}:{NONCE}:{fields['nc']}:{fields['cnonce']}:{fields['qop']}:{ha2}")
        return fields.get("username") == "user" and fields.get("response") == expected

    def log_message(self, *args: object) -> None:
        pass


@pytest.mark.parametrize("scheme", ["basic", "digest"])
def test_publish_authenticates_with_basic_or_digest(run, kg, scheme, monkeypatch):
    Store.scheme, Store.received = scheme, []
    monkeypatch.setenv("HSPKG_AUTH", "user:s3cret")
    monkeypatch.setenv("HSPKG_AUTH_SCHEME", scheme)
    with serving(Store) as base:
        result = run("publish", f"{base}/store")
        monkeypatch.setenv("HSPKG_AUTH", "user:wrong")
        refused = run("publish", f"{base}/store")
    assert result.returncode == 0, result.stderr
    assert [kind for kind, _ in Store.received] == [scheme.capitalize()]
    assert Store.received[0][1] > 100_000  # the whole graph, sent again after the challenge for digest
    assert refused.returncode == 1 and "HTTP 401" in refused.stderr and refused.stderr.count("\n") == 1
