"""Linked Data from `hspkg serve`: every IRI of ours answers, for people (HTML) and programs (Turtle, JSON-LD)."""

from __future__ import annotations

import re
import urllib.error
import urllib.request

import pytest
import rdflib
from rdflib.compare import isomorphic
from rdflib.namespace import ORG, PROV, RDF, RDFS

from browser import needs_chromium
from expected import ORG as ID_ORG

HSP = rdflib.Namespace("https://w3id.org/hspkg/ontology#")
UCL = rdflib.URIRef(ID_ORG + "ucl")
UCLPARTNERS = rdflib.URIRef(ID_ORG + "uclpartners")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # urllib then answers with the 303 itself
        return None


def fetch(url: str, accept: str | None = None, follow: bool = True) -> tuple[int, dict[str, str], bytes]:
    opener = urllib.request.build_opener() if follow else urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(url, headers={"Accept": accept} if accept else {})
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


@pytest.fixture
def server(served: str) -> str:
    return served


def test_a_thing_answers_303_to_the_document_the_accept_header_asks_for(server):
    for accept, document in [("text/turtle", "/doc/org/ucl.ttl"), ("application/ld+json", "/doc/org/ucl.jsonld"), ("text/html", "/doc/org/ucl.html")]:
        status, headers, _ = fetch(f"{server}/id/org/ucl", accept, follow=False)
        assert (status, headers["location"], headers["vary"]) == (303, document, "Accept")
    status, headers, _ = fetch(f"{server}/id/org/ucl?format=ttl", "text/html", follow=False)
    assert (status, headers["location"]) == (303, "/doc/org/ucl.ttl")


def test_turtle_of_ucl_parses_and_holds_its_memberships_and_sources(server):
    status, headers, body = fetch(f"{server}/id/org/ucl", "text/turtle")
    assert status == 200 and headers["content-type"].startswith("text/turtle")
    described = rdflib.Graph().parse(data=body, format="turtle")
    memberships = set(described.subjects(ORG.member, UCL))
    # every membership says what it is a membership of: UCLPartners, and since issue 19 the NIHR centres too
    organisations = {m: set(described.objects(m, ORG.organization)) for m in memberships}
    assert memberships and all(len(found) == 1 for found in organisations.values()), organisations
    assert UCLPARTNERS in set().union(*organisations.values())
    assert all(set(described.objects(m, PROV.wasDerivedFrom)) for m in memberships)
    assert (UCL, RDFS.label, rdflib.Literal("University College London")) in described
    assert set(described.objects(UCL, PROV.wasDerivedFrom))


def test_json_ld_holds_the_same_triples_as_turtle(server):
    _, headers, body = fetch(f"{server}/id/org/ucl?format=jsonld")
    assert headers["content-type"].startswith("application/ld+json")
    as_jsonld = rdflib.Graph().parse(data=body, format="json-ld")
    as_turtle = rdflib.Graph().parse(data=fetch(f"{server}/doc/org/ucl.ttl")[2], format="turtle")
    assert len(as_turtle) > 20 and isomorphic(as_jsonld, as_turtle)


@pytest.mark.parametrize("path", ["/id/org/atlantis", "/doc/org/atlantis.html", "/id/not%20an%20iri", "/doc/org/ucl.exe"])
def test_an_unknown_resource_is_404(server, path):
    assert fetch(server + path)[0] == 404


def test_an_unoffered_format_is_406(server):
    status, _, body = fetch(f"{server}/id/org/ucl", "image/png", follow=False)
    assert status == 406 and b"text/turtle" in body


def test_the_ontology_is_its_own_document_in_html_and_turtle(server):
    status, headers, page = fetch(f"{server}/ontology", "text/html", follow=False)
    assert status == 200 and headers["vary"] == "Accept"
    status, _, body = fetch(f"{server}/ontology", "text/turtle", follow=False)
    ontology = rdflib.Graph().parse(data=body, format="turtle")
    assert status == 200 and (HSP.University, RDF.type, rdflib.OWL.Class) in ontology
    terms = {t for t in ontology.subjects(RDFS.label, None) if str(t).startswith(str(HSP))}
    assert len(terms) > 5
    for term in terms:
        # /ontology#Term lands on the term, which shows its label, comment and the standard terms it refines
        local = str(term)[len(str(HSP)) :]
        section = page.decode().split(f'id="{local}"', 1)[1].split('class="property entity"', 1)[0]
        assert str(ontology.value(term, RDFS.label)) in page.decode()
        comment = ontology.value(term, RDFS.comment)
        assert comment is None or str(comment)[:40] in section
        for broader in ontology.objects(term, RDFS.subClassOf):
            if isinstance(broader, rdflib.URIRef) and not str(broader).startswith(str(HSP)):
                assert str(broader) in section


def test_the_dataset_description_is_at_well_known_void(server, kg):
    status, _, body = fetch(f"{server}/.well-known/void")
    described = rdflib.Graph().parse(data=body, format="turtle")
    dataset = rdflib.URIRef("https://w3id.org/hspkg/dataset")
    void = rdflib.Namespace("http://rdfs.org/ns/void#")
    assert status == 200 and described.value(dataset, void.triples).toPython() == len(kg)
    assert described.value(dataset, void.sparqlEndpoint) == rdflib.URIRef(f"{server}/sparql")
    dump = described.value(dataset, void.dataDump)
    assert dump == rdflib.URIRef(f"{server}/dump.nt")
    status, headers, body = fetch(str(dump))
    assert status == 200 and headers["content-type"].startswith("application/n-triples")
    assert len(rdflib.Graph().parse(data=body, format="nt")) == len(kg)


def test_the_published_context_is_served(server):
    status, headers, body = fetch(f"{server}/context.jsonld")
    assert status == 200 and headers["content-type"].startswith("application/ld+json") and b'"@context"' in body


def test_the_html_page_shows_memberships_partners_identifiers_and_sources(server):
    page = fetch(f"{server}/id/org/ucl")[2].decode()
    memberships = page[page.index('id="memberships"') : page.index("</table>", page.index('id="memberships"'))]
    assert "UCLPartners" in memberships and "2009" in memberships and "/id/source/qmul-2013" in memberships
    assert 'href="https://ror.org/02jx3x895"' in page and "Queen Mary University of London" in page


def test_ontology_docs_export_to_a_folder(run, tmp_path):
    (tmp_path / "site").mkdir()
    done = run("export", "--format", "ontology-docs", "-o", "site")
    assert done.returncode == 0, done.stderr
    page = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "Academic Health Science Network" in page and "http://www.w3.org/ns/org#OrganizationalCollaboration" in page


def same_server_links(dom: str) -> set[str]:
    """The links a page makes to its own server (our IRIs and pages), fragments cut."""
    return {h.split("#")[0] for h in re.findall(r'href="([^"]+)"', dom) if h.startswith("/") and not h.startswith("//")}


@needs_chromium
def test_pages_in_chromium_show_memberships_and_every_link_resolves(server, browser):
    """Three pages rendered by headless Chromium; every link they make to this server answers."""
    followed: dict[str, int] = {}
    for path, shown in [
        ("/id/org/ucl", ["UCLPartners", "Queen Mary University of London", "02jx3x895"]),
        ("/id/org/uclpartners", ["University College London", "Great Ormond Street Hospital for Children NHS Foundation Trust"]),
        ("/id/membership/uclpartners-ucl", ["University College London", "UCLPartners"]),
    ]:
        dom = browser.render(server + path)
        assert "<table" in dom and all(text in dom for text in shown), dom[-500:]
        for link in same_server_links(dom) - followed.keys():
            followed[link] = fetch(server + link)[0]
    assert len(followed) > 20
    assert {link: status for link, status in followed.items() if status != 200} == {}


def test_only_web_addresses_become_links_and_pages_run_no_script(tmp_path, server):
    from hspkg import linkeddata, load

    data = tmp_path / "odd.ttl"
    data.write_text(
        "<https://w3id.org/hspkg/id/org/odd> <http://www.w3.org/2000/01/rdf-schema#label> '<script>alert(1)</script>' ;\n"
        "  <http://www.w3.org/2002/07/owl#sameAs> <javascript:alert(1)> , <https://example.org/odd> .\n",
        encoding="utf-8",
    )
    page = linkeddata.html(linkeddata.describe(load([data]), "https://w3id.org/hspkg/id/org/odd")).decode()
    assert 'href="javascript:' not in page and "javascript:alert(1)" in page
    assert 'href="https://example.org/odd"' in page
    assert "<script>alert" not in page and "&lt;script&gt;" in page
    _, headers, _ = fetch(f"{server}/doc/org/ucl.html")
    assert "default-src 'none'" in headers["content-security-policy"]
