"""The Linked Data pages of the research programmes (issue 19 item 6), from the real ``hspkg serve`` on loopback.

A centre's page lists its rounds and awards (programme, round, kind, term), who
hosts and partners each award with their roles, and its funding (amount,
currency, bound, funder), each with its sources; an organisation's page lists
the centres it hosts or partners, with role and programme. Pages are read with
the standard library's HTML parser into a small tree, as a browser would
structure them.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest
import rdflib

from browser import needs_chromium

ID = "https://w3id.org/hspkg/id/"
LEEDS_BRC = "/id/org/nihr-leeds-biomedical-research-centre"
SCHEMA = rdflib.Namespace("https://schema.org/")
HSP = rdflib.Namespace("https://w3id.org/hspkg/ontology#")
VOID = {"meta", "link", "br", "input", "img", "hr", "col", "source", "wbr"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    children: list[Element | str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return re.sub(r"\s+", " ", "".join(c if isinstance(c, str) else c.text for c in self.children)).strip()

    def all(self, tag: str, cls: str | None = None) -> list[Element]:
        found = []
        for child in self.children:
            if isinstance(child, Element):
                if child.tag == tag and (cls is None or cls in child.attrs.get("class", "").split()):
                    found.append(child)
                found += child.all(tag, cls)
        return found

    def by_id(self, name: str) -> Element:
        return next(e for e in self.all_elements() if e.attrs.get("id") == name)

    def all_elements(self) -> list[Element]:
        found = []
        for child in self.children:
            if isinstance(child, Element):
                found += [child, *child.all_elements()]
        return found

    def links(self) -> list[tuple[str, str]]:
        return [(a.text, a.attrs.get("href", "")) for a in self.all("a")]


class Tree(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.root = Element("document", {})
        self.open = [self.root]

    def handle_starttag(self, tag, attrs):
        element = Element(tag, {k: v or "" for k, v in attrs})
        self.open[-1].children.append(element)
        if tag not in VOID:
            self.open.append(element)

    def handle_endtag(self, tag):
        for depth in range(len(self.open) - 1, 0, -1):
            if self.open[depth].tag == tag:
                del self.open[depth:]
                return

    def handle_data(self, data):
        self.open[-1].children.append(data)


def fetch(url: str, accept: str = "text/html") -> tuple[int, str, bytes]:
    request = urllib.request.Request(url, headers={"Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.headers.get("content-type", ""), response.read()
    except urllib.error.HTTPError as e:
        return e.code, "", e.read()


def parsed(url: str) -> Element:
    status, kind, body = fetch(url)
    assert status == 200 and kind.startswith("text/html"), (status, body[:300])
    tree = Tree()
    tree.feed(body.decode("utf-8"))
    return tree.root


@pytest.fixture(scope="module")
def leeds_brc(served: str) -> Element:
    return parsed(served + LEEDS_BRC)


@pytest.fixture(scope="module")
def university_of_leeds(served: str) -> Element:
    return parsed(served + "/id/org/university-of-leeds")


def award(page: Element, slug: str) -> Element:
    return next(s for s in page.by_id("awards").all("section", "award") if s.attrs.get("id") == slug)


def facts(section: Element) -> dict[str, Element]:
    """The award's facts table, by row heading."""
    table = section.all("table", "award-facts")[0]
    return {row.all("th")[0].text: row.all("td")[0] for row in table.all("tr")}


def held(section: Element) -> list[tuple[str, str, list[str]]]:
    """(role, organisation, source links) per row of the award's hosts and partners."""
    rows = section.all("table", "held")[0].all("tr")[1:]
    return [(r.all("td")[0].text, r.all("td")[1].all("a")[0].text, [h for _, h in r.all("td")[4].links()]) for r in rows]


def test_a_centres_page_lists_each_rounds_award_with_programme_round_and_term(leeds_brc):
    sections = leeds_brc.by_id("awards").all("section", "award")
    assert [s.attrs["id"] for s in sections] == ["leeds-brc-2017", "leeds-brc-2022"]  # oldest round first
    for section, year in zip(sections, ("2017", "2022"), strict=True):
        heading = section.all("h3")[0]
        assert (f"NIHR Biomedical Research Centres, {year} round", f"/id/round/nihr-brc-{year}") in heading.links()
        said = facts(section)
        assert ("NIHR Biomedical Research Centres", "/id/programme/nihr-brc") in said["Programme"].links()
        assert all(h.startswith("/id/source/") for _, h in said["Sources"].links()) and said["Sources"].links()
    term = facts(sections[1])["Term"]
    assert term.text.startswith("2022–2027") and any(h.startswith("/id/source/") for _, h in term.links())


def test_a_centres_page_names_host_and_partners_with_their_roles_and_sources(leeds_brc):
    rows = held(award(leeds_brc, "leeds-brc-2022"))
    assert [(role, name) for role, name, _ in rows] == [
        ("host", "Leeds Teaching Hospitals NHS Trust"),
        ("partner", "University of Leeds"),
        ("partner", "University of York"),
    ]
    assert all(sources and all(s.startswith("/id/source/") for s in sources) for *_, sources in rows)
    # the members table too says each one's role and programme, the rounds' awards under it
    members = {r.all("td")[0].text: r for r in leeds_brc.by_id("members").all("tr", "membership")}
    host = members["Leeds Teaching Hospitals NHS Trust"]
    assert host.all("td", "role")[0].text == "host" and "NIHR Biomedical Research Centres" in host.text
    assert {"Leeds BRC (2017)", "Leeds BRC (2022)"} <= {text for text, _ in host.links()}
    assert [td.text for td in host.all("td")[3:5]] == ["2017", "2027"]  # the row spans both rounds


def test_a_centres_funding_says_amount_currency_bound_funder_and_which_figure_is_preferred(leeds_brc, served):
    said = facts(award(leeds_brc, "leeds-brc-2022"))
    amounts = said["Funding"].all("li", "amount")
    # the two sources differ (£19.8m, £20.5m): both stay, the preferred first, each with its source
    assert [a.all("strong")[0].text for a in amounts] == ["£19.8m", "£20.5m"]
    assert "preferred" in amounts[0].attrs["class"] and "set-aside" in amounts[1].attrs["class"]
    assert "GBP 19,800,000" in amounts[0].text and all(any(h.startswith("/id/source/") for _, h in a.links()) for a in amounts)
    assert ("National Institute for Health and Care Research", "/id/org/nihr") in said["Funder"].links()
    # a bound a source gives is said: "over £6.5m" is never shown as exact
    barts = parsed(served + "/id/org/barts-cardiovascular-biomedical-research-unit")
    bounded = [a.text for s in barts.by_id("awards").all("section", "award") for a in facts(s)["Funding"].all("li", "amount")]
    assert any("over £6.5m" in text and "over GBP 6,500,000" in text for text in bounded), bounded


def test_an_organisations_page_lists_the_centres_it_partners_with_role_and_programme(university_of_leeds):
    rows = {r.all("td")[0].text: r for r in university_of_leeds.by_id("memberships").all("tr", "membership")}
    brc = rows["NIHR Leeds Biomedical Research Centre"]
    assert brc.all("td", "role")[0].text == "partner"
    assert ("NIHR Biomedical Research Centres", "/id/programme/nihr-brc") in brc.all("td")[1].links()
    assert {"Leeds BRC (2017)", "Leeds BRC (2022)"} <= {text for text, _ in brc.links()}
    programmes = {r.all("td")[1].text for r in rows.values()}
    assert {"NIHR Biomedical Research Centres", "NIHR Biomedical Research Units", "NIHR Applied Research Collaborations"} <= programmes


def test_an_ahsns_page_tells_project_partners_from_members(served):
    page = parsed(served + "/id/org/ahsn-east-midlands")
    roles = {(r.all("td")[0].text, r.all("td", "role")[0].text) for r in page.by_id("members").all("tr", "membership")}
    assert ("De Montfort University", "project partner") in roles and ("De Montfort University", "member") not in roles


def test_an_awards_own_page_shows_its_centre_round_funding_and_roles(served):
    page = parsed(served + "/id/award/leeds-brc-2022")
    section = award(page, "leeds-brc-2022")
    said = facts(section)
    assert ("NIHR Leeds Biomedical Research Centre", LEEDS_BRC) in said["Centre"].links()
    assert ("National Institute for Health and Care Research", "/id/org/nihr") in said["Funder"].links()
    assert [a.all("strong")[0].text for a in said["Funding"].all("li", "amount")] == ["£19.8m", "£20.5m"]
    assert next((role, name) for role, name, _ in held(section)) == ("host", "Leeds Teaching Hospitals NHS Trust")


def test_a_rounds_page_lists_the_awards_it_made_with_centre_host_and_funding(served):
    page = parsed(served + "/id/round/nihr-brc-2022")
    sections = page.by_id("awards").all("section", "award")
    assert len(sections) >= 20 and f"Awards of this round ({len(sections)})" in [h.text for h in page.all("h2")]
    leeds = award(page, "leeds-brc-2022")
    assert ("NIHR Leeds Biomedical Research Centre", LEEDS_BRC) in facts(leeds)["Centre"].links()
    assert next((role, name) for role, name, _ in held(leeds)) == ("host", "Leeds Teaching Hospitals NHS Trust")
    # each award names its host first, or says the data records none (two 2022 awards have no partner rows yet)
    named = [s for s in sections if "no host or partner recorded" not in s.text]
    assert len(named) >= 18 and all(held(s)[0][0] == "host" for s in named)


def test_a_programmes_page_names_its_rounds_and_centres(served):
    links = parsed(served + "/id/programme/nihr-brc").by_id("facts").links()
    assert ("NIHR Biomedical Research Centres, 2022 round", "/id/round/nihr-brc-2022") in links
    assert ("NIHR Leeds Biomedical Research Centre", LEEDS_BRC) in links


def test_the_turtle_of_a_centres_page_holds_what_its_html_shows(served):
    status, kind, body = fetch(served + LEEDS_BRC, "text/turtle")
    assert status == 200 and kind.startswith("text/turtle")
    described = rdflib.Graph().parse(data=body, format="turtle")
    award_2022 = rdflib.URIRef(ID + "award/leeds-brc-2022")
    assert (award_2022, rdflib.DCTERMS.isPartOf, rdflib.URIRef(ID + "round/nihr-brc-2022")) in described
    currencies = {str(described.value(a, SCHEMA.currency)) for a in described.objects(award_2022, SCHEMA.amount)}
    assert currencies == {"GBP"}


@needs_chromium
def test_every_link_of_a_centres_page_rendered_in_chromium_resolves(served, browser):
    dom = browser.render(served + LEEDS_BRC)
    assert 'id="awards"' in dom and "University of York" in dom, dom[-500:]
    links = {h.split("#")[0] for h in re.findall(r'href="([^"]+)"', dom) if h.startswith("/") and not h.startswith("//")}
    assert {"/id/award/leeds-brc-2022", "/id/round/nihr-brc-2022", "/id/programme/nihr-brc", "/id/org/nihr"} <= links
    assert {link: status for link in sorted(links) if (status := fetch(served + link)[0]) != 200} == {}
