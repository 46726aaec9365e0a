"""The shipped data answers the questions researchers ask, with the facts its sources state."""

from __future__ import annotations

import pytest

from expected import FOUNDERS, ORG, TRUSTS, UNIVERSITIES

# Who were the members of UCLPartners in 2010, asked with W3C ORG, OWL-Time and rdfs:label only.
STANDARD_ONLY_MEMBERS_2010 = """
PREFIX org:  <http://www.w3.org/ns/org#>
PREFIX time: <http://www.w3.org/2006/time#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd:  <http://www.w3.org/2001/XMLSchema#>
SELECT ?member ?name WHERE {
  ?network rdfs:label "UCLPartners" .
  ?m org:organization ?network ; org:member ?member ; org:memberDuring ?during .
  ?during time:hasBeginning/time:inXSDgYear ?start .
  OPTIONAL { ?during time:hasEnd/time:inXSDgYear ?end }
  ?member rdfs:label ?name .
  FILTER (?start <= "2010"^^xsd:gYear && (!BOUND(?end) || ?end >= "2010"^^xsd:gYear))
}
"""


def iris(results, column: str) -> set[str]:
    return {row[column].value for row in results}


def test_universities_partner_with_trusts_fifteen_pairs(kg):
    rows = list(kg.query("universities-trusts"))
    pairs = {(r["university"].value, r["trust"].value) for r in rows}
    assert pairs == {(u, t) for u in UNIVERSITIES for t in TRUSTS}
    assert len(rows) == 15
    assert {r["networkLabel"].value for r in rows} == {"UCLPartners"}
    assert all("qmul.ac.uk" in r["universitySources"].value and "qmul.ac.uk" in r["trustSources"].value for r in rows)


def test_universities_trusts_in_a_year_only_counts_memberships_then_in_force(kg):
    pairs = {(r["university"].value, r["trust"].value) for r in kg.query("universities-trusts", year=2011)}
    assert pairs == {(u, t) for u in (ORG + "ucl", ORG + "qmul") for t in TRUSTS}


def test_members_in_2010_are_the_five_founders(kg):
    assert iris(kg.query("members", year=2010), "member") == FOUNDERS


def test_members_of_all_time_are_the_eight_of_may_2013(kg):
    assert iris(kg.query("members"), "member") == UNIVERSITIES | TRUSTS


def test_a_query_with_only_org_time_and_rdfs_terms_finds_the_2010_members(kg):
    assert iris(kg.sparql(STANDARD_ONLY_MEMBERS_2010), "member") == FOUNDERS


def test_organisations_are_found_with_standard_classes_after_inference(kg):
    ask = "ASK { <%s> a <%s> }"
    assert kg.sparql(ask % (ORG + "ucl", "http://www.w3.org/ns/org#Organization")).boolean
    assert kg.sparql(ask % (ORG + "ucl", "https://schema.org/CollegeOrUniversity")).boolean
    assert kg.sparql(ask % (ORG + "uclh", "http://www.w3.org/ns/org#FormalOrganization")).boolean
    assert kg.sparql(ask % (ORG + "uclpartners", "http://www.w3.org/ns/org#OrganizationalCollaboration")).boolean
    assert not kg.sparql(ask % (ORG + "uclh", "https://schema.org/CollegeOrUniversity")).boolean


def test_fifteen_ahsns_designated_by_nhs_england_on_23_may_2013(kg):
    rows = kg.query("ahsns").values()
    assert len(rows) == 15
    assert {r["date"] for r in rows} == {"2013-05-23"}
    assert {r["designatedByLabel"] for r in rows} == {"NHS England"}
    assert "UCLPartners" in {r["networkLabel"] for r in rows}


def test_uclpartners_was_an_academic_health_science_centre_from_2009(kg):
    answer = kg.sparql(
        f"""
        PREFIX hsp: <https://w3id.org/hspkg/ontology#>
        PREFIX time: <http://www.w3.org/2006/time#>
        SELECT ?month WHERE {{ ?d hsp:designee <{ORG}uclpartners> ; hsp:status <https://w3id.org/hspkg/id/status/ahsc> ;
                              time:hasTime/time:inXSDgYearMonth ?month }}"""
    )
    assert [r["month"].value for r in answer] == ["2009-03"]


def test_five_areas_and_a_population_kept_as_a_lower_bound(kg):
    rows = kg.query("areas", network="UCLPartners").values()
    assert {r["areaLabel"] for r in rows} == {
        "north east London",
        "north central London",
        "south and west Hertfordshire",
        "south Bedfordshire",
        "south west and mid Essex",
    }
    assert {(r["populationAtLeast"], r["populationAtMost"], r["population"]) for r in rows} == {(6000000, None, None)}


def test_barts_health_keeps_the_stated_2011_and_the_correction_beside_it(kg):
    years = {r["member"]: r["startYear"] for r in kg.query("members").values()}
    assert years[ORG + "barts-health"] == 2011
    corrected = kg.sparql("""
        PREFIX hsp: <https://w3id.org/hspkg/ontology#>
        PREFIX prov: <http://www.w3.org/ns/prov#>
        SELECT ?source WHERE { ?c hsp:corrects <https://w3id.org/hspkg/id/membership/uclpartners-barts-health> ;
                                  prov:wasDerivedFrom ?source }""")
    assert iris(corrected, "source") == {"https://w3id.org/hspkg/id/source/barts-background", "https://w3id.org/hspkg/id/source/wiki-uclp"}
    merger = kg.sparql(
        f"""
        PREFIX org: <http://www.w3.org/ns/org#>
        PREFIX time: <http://www.w3.org/2006/time#>
        SELECT ?old ?day WHERE {{ ?e org:resultingOrganization <{ORG}barts-health> ; org:originalOrganization ?old ;
                                    time:hasTime/time:inXSDDate ?day }}"""
    )
    assert iris(merger, "old") == {ORG + "barts-and-the-london", ORG + "newham", ORG + "whipps-cross"}
    assert {r["day"].value for r in merger} == {"2012-04-01"}


def test_barking_havering_redbridge_agreed_to_join_but_is_not_a_listed_member(kg):
    timeline = kg.query("joined").values()
    bhr = [r for r in timeline if r["organisation"] == ORG + "bhr"]
    assert [(r["event"], r["when"]) for r in bhr] == [("agreed to join", "2012-04")]
    assert ORG + "bhr" not in iris(kg.query("members"), "member")


def test_timeline_runs_from_2009_and_each_entry_has_a_source(kg):
    timeline = kg.query("joined").values()
    assert timeline[0]["year"] == 2009
    assert [r["year"] for r in timeline] == sorted(r["year"] for r in timeline)
    assert all(r["sources"].startswith("https://") for r in timeline)


def test_people_hold_their_posts(kg):
    answer = kg.sparql("""
        PREFIX org: <http://www.w3.org/ns/org#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?person ?role ?organisation WHERE {
          ?post org:heldBy/rdfs:label ?person ; org:role/rdfs:label ?role ; org:postIn/rdfs:label ?organisation }""")
    assert {(r["person"].value, r["role"].value, r["organisation"].value) for r in answer} == {
        ("David Fish", "Managing Director", "UCLPartners"),
        ("David Nicholson", "Chief Executive", "NHS England"),
    }


def test_foundation_trusts_are_told_apart_by_classification(kg):
    kinds = {r["organisation"]: r["kind"] for r in kg.query("organisations").values()}
    assert kinds[ORG + "uclh"] == "nhs-foundation-trust"
    assert kinds[ORG + "barts-health"] == "nhs-trust"
    assert kinds[ORG + "ucl"] == "university"
    assert kinds[ORG + "uclpartners"] == "ahsn"


def test_every_fact_node_names_a_source_with_a_title(kg):
    unsourced = kg.sparql("""
        PREFIX org: <http://www.w3.org/ns/org#>
        PREFIX prov: <http://www.w3.org/ns/prov#>
        PREFIX hsp: <https://w3id.org/hspkg/ontology#>
        PREFIX dcterms: <http://purl.org/dc/terms/>
        SELECT ?fact WHERE {
          VALUES ?class { org:Membership org:Organization org:Post org:ChangeEvent hsp:Designation hsp:JoinAgreement hsp:Initiative hsp:Correction }
          ?fact a ?class .
          FILTER NOT EXISTS { ?fact prov:wasDerivedFrom/dcterms:title ?title }
        }""")
    assert list(unsourced) == []


def test_sources_query_traces_a_trust_to_its_documents(kg):
    rows = kg.query("sources", organisation="RRV").values()
    assert {r["url"] for r in rows} >= {
        "https://digital.nhs.uk/services/organisation-data-service",
        "https://www.qmul.ac.uk/media/news/2013/smd/uclpartners-gets-the-green-light-to-improve-healthcare-for-over-six-million-people.html",
    }


def test_name_variants_and_identifiers_find_the_same_organisation(kg):
    assert kg.resolve("UCL Partners") == kg.resolve("uclpartners") == kg.resolve(ORG + "uclpartners")
    assert kg.resolve("RRV").value == ORG + "uclh"
    assert kg.resolve("https://ror.org/02jx3x895").value == ORG + "ucl"
    assert kg.resolve("Royal Free Hampstead NHS Trust").value == ORG + "royal-free"


def test_every_reference_identifier_is_in_the_data_and_finds_its_organisation(kg):
    from expected import IDENTIFIERS

    rows = {r["organisation"]: r for r in kg.query("organisations").values()}
    for slug, column, value in IDENTIFIERS:
        assert rows[ORG + slug][column] == value
        assert kg.resolve(value).value == ORG + slug


@pytest.mark.parametrize("identifier, name", [("RRV", "UCLPartners"), ("RP4", "UCLPartners")])
def test_networks_of_an_identifier(kg, identifier, name):
    assert [r["networkLabel"] for r in kg.query("networks-of", organisation=identifier).values()] == [name]


def test_coverage_reports_all_fifteen_networks_and_their_gaps(kg):
    rows = kg.query("coverage").values()
    assert len(rows) == 15
    uclp = next(r for r in rows if r["networkLabel"] == "UCLPartners")
    assert (uclp["members"], uclp["areas"], uclp["population"]) == (8, 5, "over six million people")
    assert "members" not in uclp["unknown"] and "population" not in uclp["unknown"]
    others = [r for r in rows if r["networkLabel"] != "UCLPartners"]
    assert all(r["members"] == 0 and "members" in r["unknown"] for r in others)
    assert all(r["designated"] == "AHSN" for r in rows)
