"""Only http(s) addresses become links (issue 17, finding 4): a ``javascript:`` or ``data:`` source URL from
``--data`` stays text in the HTML export, checked in the written file and in the page as Chromium builds it."""

from __future__ import annotations

import html.parser
import json

import pytest

import hspkg
from browser import needs_chromium
from hspkg.links import web_link
from hspkg.resources import shipped

EVIL = ["javascript:alert(document.domain)", "JavaScript:alert(1)", "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)"]


def evil_data(folder) -> str:
    """Sources whose URLs are scripts, given as sources of every shipped membership; the file's name."""
    memberships = [row["m"] for row in hspkg.load().sparql("SELECT ?m WHERE { ?m a <http://www.w3.org/ns/org#Membership> }").values()]
    assert memberships
    lines = [f"<{m}> <http://www.w3.org/ns/prov#wasDerivedFrom> <urn:x:evil-{i}> .\n" for m in memberships for i in range(len(EVIL))]
    lines += [f"<urn:x:evil-{i}> <https://schema.org/url> {json.dumps(url)} .\n" for i, url in enumerate(EVIL)]
    (folder / "evil.nt").write_text("".join(lines))
    return "evil.nt"


class Hrefs(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.hrefs += [value or "" for name, value in attrs if name in ("href", "src", "action", "formaction")]


def hrefs(page: str) -> list[str]:
    parser = Hrefs()
    parser.feed(page)
    return parser.hrefs


def scripted(href: str) -> bool:
    return href.strip().lower().startswith(("javascript:", "data:", "vbscript:"))


@pytest.mark.parametrize("url", [*EVIL, " javascript:x", "java\tscript:x", "https://x.org/a\nb", "//evil.org/", "/relative", "ftp://x.org/"])
def test_web_link_refuses_everything_but_http_and_https(url):
    assert web_link(url) is None


def test_web_link_keeps_web_addresses():
    assert web_link("https://www.gov.uk/government/news/x?y=1#z") and web_link("HTTP://example.org/")


@pytest.fixture(scope="module")
def evil_page(tmp_path_factory) -> str:
    """``hspkg export --format html`` of the shipped data and :func:`evil_data` (run in this process, as the ``run`` fixture
    runs it), written once for the tests of this file: the page."""
    from inprocess import run

    folder = tmp_path_factory.mktemp("evil")
    result = run(["export", "--format", "html", "-o", "view.html", "--data", str(shipped("data")), "--data", evil_data(folder)], folder)
    assert result.returncode == 0, result.stderr
    return (folder / "view.html").read_text()


def test_the_written_page_has_no_script_address_in_any_href(evil_page):
    page = evil_page
    assert "javascript:alert(document.domain)" in page  # the source is in the page's data, as text
    assert not [h for h in hrefs(page) if scripted(h)]


# every node and link shown in turn, and every href the page then holds written into the DOM for --dump-dom
COLLECT = """<script>
const seen = new Set();
hspkg.cy.elements().forEach((e) => { show(e); document.querySelectorAll("a[href]").forEach((a) => seen.add(a.getAttribute("href"))); });
show(hspkg.cy.getElementById(%s));
const out = document.createElement("pre"); out.id = "hrefs"; out.textContent = JSON.stringify([...seen]); document.body.append(out);
</script></body>"""


@needs_chromium
def test_in_chromium_no_node_or_link_shows_a_script_address_as_a_link(evil_page, tmp_path, browser):
    page = evil_page
    (tmp_path / "probe.html").write_text(page.replace("</body>", COLLECT % json.dumps("https://w3id.org/hspkg/id/org/uclh"), 1))
    dom = browser.render((tmp_path / "probe.html").as_uri(), "document.getElementById('hrefs') !== null")
    start = dom.index('<pre id="hrefs">') + len('<pre id="hrefs">')
    seen = json.loads(html.unescape(dom[start : dom.index("</pre>", start)]))
    assert any(h.startswith("https://") for h in seen), "the probe saw no links at all"
    assert not [h for h in seen if scripted(h)]
    assert not [h for h in hrefs(dom) if scripted(h)]
    assert "javascript:alert(document.domain)" in dom  # shown, as text, in the panel of UCLH
