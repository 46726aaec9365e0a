"""The views draw from their own queries (queries/views/*.rq), whose columns are declared and checked."""

from __future__ import annotations

import shutil

import pytest

from hspkg import load
from hspkg.errors import WorkError
from hspkg.resources import shipped
from hspkg.views import VIEWS, build, queries

VIEW_QUERIES = sorted(p.stem for p in (shipped("queries") / "views").glob("*.rq"))


@pytest.mark.parametrize("name", VIEW_QUERIES)
def test_each_view_query_declares_exactly_the_columns_it_answers_with(kg, name):
    query, declared = queries.view_query(name)
    assert kg.query(query).variables == declared
    assert len(kg.query(query)) > 0


@pytest.fixture
def own_queries(tmp_path, monkeypatch):
    """A copy of the shipped queries that the test may edit; the views read it instead."""
    folder = tmp_path / "queries"
    shutil.copytree(shipped("queries"), folder)
    monkeypatch.setattr(queries, "shipped", lambda name: tmp_path / name)
    queries.view_query.cache_clear()
    yield folder
    queries.view_query.cache_clear()


@pytest.mark.parametrize("view", sorted(VIEWS))
def test_the_views_do_not_read_the_public_catalogue_queries(kg, own_queries, view):
    for public in own_queries.glob("*.rq"):
        public.unlink()  # organisations.rq, members.rq, universities-trusts.rq... gone
    drawn = build(kg, view)
    assert drawn.number_of_nodes() > 20 and drawn.number_of_edges() > 20


def test_a_view_query_that_loses_a_declared_column_fails_naming_it(kg, own_queries):
    path = own_queries / "views" / "memberships.rq"
    path.write_text(
        path.read_text().replace("SELECT ?membership ?member ?network ?start ?seen ?end ?source", "SELECT ?membership ?member ?network ?start ?end ?source")
    )
    with pytest.raises(WorkError, match=r"memberships\.rq: the answer lacks the declared column\(s\) \?seen$"):
        build(kg, "memberships")


def test_a_view_query_without_its_columns_line_is_refused(kg, own_queries):
    path = own_queries / "views" / "changes.rq"
    path.write_text("\n".join(line for line in path.read_text().splitlines() if not line.startswith("# columns:")))
    with pytest.raises(WorkError, match=r"changes\.rq: no '# columns:' line"):
        build(kg, "memberships")


def test_a_claim_set_aside_by_a_disagreement_gives_no_start(kg):
    """The 2009 of the May 2013 release (a later recollection) is set aside for UCL's own announcement of August 2008:
    a contemporaneous record of an event outranks a later recollection of it."""
    edge = kg.to_networkx().edges["https://w3id.org/hspkg/id/org/ucl", "https://w3id.org/hspkg/id/org/uclpartners"]
    assert edge["start"] == 2008
    assert "qmul.ac.uk/media/news/2013/smd/uclpartners-gets-the-green-light" not in edge["sources"]


def test_as_of_follows_designations_formations_and_ends():
    graph = load()
    org = "https://w3id.org/hspkg/id/org/"
    assert org + "uclpartners" in build(graph, as_of=2009) and org + "ahsn-east-midlands" not in build(graph, as_of=2012)
    assert org + "ahsn-east-midlands" in build(graph, as_of=2013)
    assert org + "barts-health" in build(graph, as_of=2012, keep_unlinked=True) and org + "barts-health" not in build(graph, as_of=2011, keep_unlinked=True)
    ended = build(graph, as_of=2022)
    assert not ended.has_edge(org + "rbh", org + "imperial-ahsc")  # Royal Brompton & Harefield ceased in 2021
    assert build(graph, as_of=2021).has_edge(org + "rbh", org + "imperial-ahsc")


def test_an_export_as_of_a_year_uses_the_names_and_kinds_valid_then(kg):
    org = "https://w3id.org/hspkg/id/org/"
    g2016 = build(kg, as_of=2016)
    named = {iri: g2016.nodes[iri]["label"] for iri in g2016 if g2016.nodes[iri].get("kind") == "ahsn"}
    # only the South London network was called Health Innovation Network already (from 2013, its own review of 2014-15)
    assert [iri for iri, label in named.items() if "Health Innovation" in label] == [org + "ahsn-south-london"]
    assert named[org + "ahsn-wessex"] == "Wessex AHSN" and g2016.nodes[org + "ahsn-wessex"]["nameBasis"] == "name in 2016"
    g2010 = build(kg, as_of=2010)
    assert g2010.nodes[org + "nca"]["label"] == "Salford Royal NHS Foundation Trust"
    assert not any("Northern Care Alliance" in str(a.get("label")) for _, a in g2010.nodes(data=True))
    assert build(kg, as_of=2009).nodes[org + "gosh"]["kind"] == "nhs-trust"
    assert build(kg, as_of=2012).nodes[org + "gosh"]["kind"] == "nhs-foundation-trust"
    # without a year: the kinds now, a kind a change ended left out (queries/views/organisations.rq)
    assert build(kg).nodes[org + "gosh"]["kind"] == "nhs-foundation-trust"
    # without a year: the names now, every dated name listed with its years for the page's year slider
    assert "Salford Royal NHS Foundation Trust (–2021)" in build(kg).nodes[org + "nca"]["names"]
