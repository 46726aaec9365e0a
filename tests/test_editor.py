"""The query page at `/`: YASGUI served from the package, the catalogue as examples, offline."""

from __future__ import annotations

import http.server
import re
import urllib.request
from typing import ClassVar

import pytest

from browser import chromium, needs_chromium
from hspkg import catalogue
from servers import serving


@pytest.fixture
def server(served: str) -> str:
    return served


def test_the_page_loads_only_scripts_and_styles_of_its_own(server):
    page = urllib.request.urlopen(server + "/", timeout=10).read().decode()
    assets = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', page)
    assert assets and all(a.startswith("/static/") for a in assets)
    for asset in assets:
        assert urllib.request.urlopen(server + asset, timeout=10).status == 200
    assert urllib.request.urlopen(server + "/static/yasgui/LICENSE", timeout=10).read().startswith(b"MIT License")


def test_every_catalogue_query_is_an_example_with_its_title_and_parameters(server):
    page = urllib.request.urlopen(server + "/", timeout=10).read().decode()
    for query in catalogue.queries().values():
        assert f'data-example="{query.name}"' in page
        assert query.title in page
        assert all(f"?{p.name}</code>" in page for p in query.params)


class Recorder(http.server.BaseHTTPRequestHandler):
    """A proxy that forwards nothing: it records every request a browser sends it and refuses it."""

    seen: ClassVar[list[str]] = []

    def _refuse(self) -> None:
        self.seen.append(f"{self.command} {self.path}")
        self.send_error(502, "no requests beyond loopback")

    do_GET = do_POST = do_HEAD = do_CONNECT = do_OPTIONS = _refuse

    def log_message(self, *args: object) -> None:
        pass


# What Chromium asks of its own accord, whatever the page (the same with about:blank):
# component updates and the account service. Nothing else may reach the proxy.
CHROMIUMS_OWN = {"update.googleapis.com", "accounts.google.com", "clients2.google.com", "content-autofill.googleapis.com"}


def host(request_line: str) -> str:
    target = request_line.split(" ", 1)[1]
    return target.split("://", 1)[-1].split("/", 1)[0].rsplit(":", 1)[0]


def test_the_page_forbids_requests_beyond_its_server(server):
    response = urllib.request.urlopen(server + "/", timeout=10)
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "connect-src 'self'" in policy and "script-src 'self'" in policy


@needs_chromium
def test_the_universities_trusts_example_runs_in_chromium_without_leaving_loopback(server, tmp_path):
    """Every request the page makes that is not to this server goes to a recording proxy: there must be none."""
    Recorder.seen = []
    with serving(Recorder) as proxy:
        rendered = chromium(
            f"--proxy-server={proxy}",
            "--virtual-time-budget=20000",
            "--enable-logging=stderr",
            "--v=0",
            "--dump-dom",
            f"{server}/?example=universities-trusts",
            profile=tmp_path / "profile",
        )
    dom = rendered.stdout
    assert 'data-ready="yes"' in dom and 'data-answered="1"' in dom, rendered.stderr[-1000:]
    rows = re.findall(r"<tr[ >].*?</tr>", dom, re.S)
    # the table's first page, in the query's order (by partnership: since issue 19 the NIHR centres come before UCLPartners)
    pairs = [r for r in rows if "University" in r and "NHS" in r]
    assert len(pairs) >= 5 and any("Queen Mary University of London" in r for r in pairs)
    assert {host(line) for line in Recorder.seen} - CHROMIUMS_OWN == set(), Recorder.seen
    # the page's own console: no request refused by the page's policy, no script error
    console = [line for line in rendered.stderr.splitlines() if "CONSOLE" in line]
    assert not [line for line in console if "Refused to" in line or "Uncaught" in line], console


@needs_chromium
def test_the_table_shows_values_as_values_and_the_examples_as_markdown(server, browser):
    """Years as numbers, names whole, an IRI as its row's label with the IRI on hover; `code` drawn as code; a favicon."""
    dom = browser.render(f"{server}/?example=universities-trusts", "document.body.dataset.answered && document.querySelector('tbody td') !== null")
    assert 'data-answered="1"' in dom, dom[-1000:]
    table = dom[dom.index("<tbody") : dom.index("</tbody>")]
    assert "^^" not in table and "xsd:integer" not in table and "&lt;http" not in table
    assert re.search(r"<td[^>]*>(?:<[^>]+>)*20[0-2][0-9](?:<[^>]+>)*</td>", table)  # a year as a plain number
    links = re.findall(r'<a class="iri iri-label" href="([^"]+)" title="([^"]+)">([^<]+)</a>', table)
    assert ("https://w3id.org/hspkg/id/org/qmul", "https://w3id.org/hspkg/id/org/qmul", "Queen Mary University of London") in links
    assert "Cambridge University Hospitals NHS Foundation Trust" in table and "ellipseTable" not in dom  # whole names
    sidebar = dom[dom.index('<ul id="examples"') : dom.index("</ul>", dom.index('<ul id="examples"'))]
    assert "<code>year</code>" in sidebar and "`" not in sidebar
    page = urllib.request.urlopen(server + "/", timeout=10).read().decode()
    icon = re.search(r'<link rel="icon"[^>]+href="([^"]+)"', page)
    assert icon and urllib.request.urlopen(server + icon.group(1), timeout=10).read().startswith(b"<svg")
