"""The research programmes in the catalogue: awards, programmes and funding answer what an analyst asks, from the shipped data."""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

DATA = Path(__file__).parents[1] / "data" / "research"


def reference(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(newline="", encoding="utf-8") as stream:
        return list(csv.DictReader(stream))


def test_the_2022_biomedical_research_centres_each_with_host_partners_and_sources(kg):
    rows = kg.query("awards", programme="nihr-brc", year=2022).values()
    assert {r["roundYear"] for r in rows} == {2022} and {r["programme"] for r in rows} == {"nihr-brc"}
    assert len(rows) >= 20 and all(str(r["sources"]).startswith("http") for r in rows)
    # the reference's gaps: no source found names Guy's and St Thomas' 2022 host or partners, nor Nottingham's
    assert sorted(r["centreLabel"] for r in rows if not (r.get("hosts") and r.get("partners"))) == [
        "NIHR Guy's and St Thomas' Biomedical Research Centre",
        "NIHR Nottingham Biomedical Research Centre",
    ]
    leeds = next(r for r in rows if r["centreLabel"] == "NIHR Leeds Biomedical Research Centre")
    assert leeds["hosts"] == "Leeds Teaching Hospitals NHS Trust" and "University of Leeds" in leeds["partners"]
    # Leeds 2022: £19.8m [brc-S091] vs £20.5m [brc-S093]; both stay, one is used
    assert "£19.8m [brc-s091]" in leeds["amounts"] and "£20.5m [brc-s093]" in leeds["amounts"]
    assert "disputed" in leeds["caveats"]


def test_the_2022_count_disagreement_is_in_conflicts(kg):
    claims = [r for r in kg.query("conflicts").values() if str(r["disagreement"]).endswith("/nihr-brc-2022-count")]
    says = {(r["says"], r["preferred"]) for r in claims}
    assert ("21 funded", "no") in says and ("20 funded", "yes") in says
    assert any("brc-s005" in str(r["claim"]) for r in claims if r["says"] == "21 funded")


def test_awards_of_an_organisation_and_a_programme(kg):
    rows = kg.query("awards", organisation="University of Leeds").values()
    assert {r["programme"] for r in rows} >= {"nihr-brc", "nihr-bru", "nihr-arc"}
    assert all(r["programme"] == "nihr-arc" for r in kg.query("awards", programme="nihr-arc").values())


def test_programmes_shows_every_round_with_every_stated_count(kg):
    rows = {(r["programme"], r["roundYear"]): r for r in kg.query("programmes").values()}
    stated = defaultdict(set)
    for row in reference("programmes.csv"):
        if row["count"]:
            stated[(row["programme"], int(row["round_year"]))].add(row["count"].split()[0])
    for row in reference("awards.csv"):
        assert (row["programme"], int(row["round_year"])) in rows
    for key, counts in stated.items():
        assert all(f"{c} funded" in rows[key]["counts"] or f"up to {c} funded" in rows[key]["counts"] for c in counts), (key, rows[key]["counts"])
    assert rows[("nihr-brc", 2022)]["counts"].count("funded") >= 2 and "disputed" in rows[("nihr-brc", 2022)]["caveats"]
    assert rows[("nihr-brc", 2017)]["count"] == "20 funded" and rows[("nihr-brc", 2017)]["awards"] == 20
    assert "£816m" in rows[("nihr-brc", 2017)]["totals"]
    # the AHSC and AHSN schemes are programmes of the same shape
    assert rows[("ahsc", 2009)]["awards"] == 5 and rows[("ahsn", 2013)]["awards"] == 15


def test_funding_never_shows_one_total_where_sources_differ_and_no_rule_decides(kg):
    rows = kg.query("funding").values()
    rounds = {(r["programme"], r["roundYear"]): r for r in rows if r["by"] == "round"}
    assert rounds[("nihr-brc", 2017)]["total"] == 816_000_000
    for row in rounds.values():
        if row.get("figures") and "set aside" in row["figures"]:
            assert "disputed" in row["caveats"]
        if row["withFigure"] < row["awards"]:
            assert "leaves out" in row["caveats"]
    hosts = [r for r in rows if r["by"] == "host" and r["organisationLabel"] == "Leeds Teaching Hospitals NHS Trust" and r["programme"] == "nihr-brc"]
    assert hosts and "Leeds BRC (2022)" in hosts[0]["awardFigures"]


def test_most_ahsns_have_a_member_or_partner_and_project_partners_say_so(kg):
    rows = kg.sparql("""
        PREFIX org: <http://www.w3.org/ns/org#>
        PREFIX hsp: <https://w3id.org/hspkg/ontology#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?network (GROUP_CONCAT(DISTINCT COALESCE(?role, "member"); separator=" ") AS ?roles) WHERE {
          ?network a hsp:AcademicHealthScienceNetwork . ?m a org:Membership ; org:organization ?network
          OPTIONAL { ?m org:role/skos:notation ?role } } GROUP BY ?network""").values()
    assert len(rows) >= 10
    assert any("project-partner" in r["roles"] for r in rows)


def test_universities_and_trusts_span_every_programme(kg):
    rows = kg.query("universities-trusts").values()
    assert len({(r["university"], r["trust"]) for r in rows}) >= 100
    assert len({r["university"] for r in rows}) >= 35
    assert {r["programme"] for r in rows} >= {"nihr-brc", "nihr-bru", "nihr-clahrc", "nihr-arc", "ahsc", "ahsn", "ahsc ahsn"}
    leeds = [r for r in kg.query("universities-trusts", year=2022).values() if r["universityLabel"] == "University of Leeds"]
    assert any(r["trustLabel"] == "Leeds Teaching Hospitals NHS Trust" and r["networkLabel"] == "NIHR Leeds Biomedical Research Centre" for r in leeds)
    assert {r["programme"] for r in kg.query("universities-trusts", programme="nihr-arc").values()} == {"nihr-arc"}


def test_networks_and_partners_of_an_organisation_name_their_programme(kg):
    leeds = {r["programme"]: r for r in kg.query("networks-of", organisation="University of Leeds").values()}
    assert {"nihr-brc", "nihr-bru", "nihr-arc"} <= set(leeds) and all(r.get("startYear") for r in leeds.values())
    gosh = [r for r in kg.query("partners-of", organisation="UCL").values() if r["partnerLabel"].startswith("Great Ormond Street")]
    assert any(r["networkLabel"] == "NIHR Great Ormond Street Hospital Biomedical Research Centre" and r["programme"] == "nihr-brc" for r in gosh)


def test_members_leave_out_project_partners_and_name_roles(kg):
    members = kg.query("members", programme="ahsn").values()
    assert len({r["network"] for r in members}) >= 10
    assert all("project-partner" not in r["roles"] for r in members)
    assert any("founding-member" in r["roles"] for r in members)


def test_the_network_view_carries_programme_and_role(kg):
    g = kg.to_networkx()
    memberships = [a for _, _, a in g.edges(data=True) if a["interaction"] in ("member of", "project partner of")]
    assert {a["programme"] for a in memberships} >= {"nihr-brc", "nihr-bru", "nihr-clahrc", "nihr-arc", "ahsc", "ahsn"}
    assert all(a.get("programme") for a in memberships)
    assert any(a["interaction"] == "project partner of" and a["role"] == "project-partner" for a in memberships)
    assert any("host" in a.get("role", "") for a in memberships)
    assert all(d.get("label") for _, d in g.nodes(data=True))
    assert g.nodes["https://w3id.org/hspkg/id/org/nihr-leeds-biomedical-research-centre"]["programme"] == "nihr-brc"


UCLH_BRC = "https://w3id.org/hspkg/id/org/nihr-university-college-london-hospitals-biomedical-research-centre"
MANCHESTER_BRC_2008 = "https://w3id.org/hspkg/id/org/manchester-biomedical-research-centre"


def test_a_centre_renewed_in_every_round_spans_its_awards_to_the_latest(kg):
    # UCLH BRC: awards of 2007 (to 2012), 2012, 2017 and 2022 (to 2027); the first award's end is not the membership's
    rows = {r["memberLabel"]: r for r in kg.query("members", network=UCLH_BRC).values()}
    for name in ("University College London", "University College London Hospitals NHS Foundation Trust"):
        assert rows[name]["startYear"] == 2007 and rows[name]["endYear"] == 2027, rows[name]
        assert "across its awards, to the 2022 round's" in rows[name]["basis"]
        # no change ended it: its last award's term, which brc-s100 states (endedBy names a change only)
        assert rows[name].get("endedBy") is None and "nihr-awards-our-brc" in rows[name]["endSources"]
        assert set(rows[name]["awards"].split("; ")) == {f"UCLH BRC ({y})" for y in (2007, 2012, 2017, 2022)}
    in_2020 = {r["memberLabel"] for r in kg.query("members", network=UCLH_BRC, year=2020).values()}
    assert "University College London" in in_2020


def test_a_centre_not_renewed_in_the_next_round_is_marked_not_given_an_end(kg):
    # the 2008 Manchester BRC: no award in the 2012 round, and no source states when its 2008 award ended:
    # no end is invented, the rows say so, and a year after the programme's next round does not count them
    rows = [r for r in kg.query("members", network=MANCHESTER_BRC_2008).values()]
    assert rows
    for r in rows:
        assert r.get("endYear") is None or r.get("endedBy"), r  # an end only where a change (a merger) ended the member
        assert "not continued in the 2012 round, and no source states when its 2008 award ended (not counted after 2012)" in r["caveats"]
    assert kg.query("members", network=MANCHESTER_BRC_2008, year=2012).values()
    assert kg.query("members", network=MANCHESTER_BRC_2008, year=2013).values() == []


MANCHESTER_BRC = "https://w3id.org/hspkg/id/org/nihr-manchester-biomedical-research-centre"


def test_a_member_a_merger_ended_before_the_next_round_is_not_called_not_continued(kg):
    # Central Manchester's 2017 host role ended with the 2017 merger that made Manchester University NHS FT:
    # its end is the change's, so the 2022 round not continuing it is no caveat of its own
    [cmft] = [r for r in kg.query("members", network=MANCHESTER_BRC).values() if r["member"] == "https://w3id.org/hspkg/id/org/cmft"]
    assert cmft.get("endedBy") and cmft.get("endYear") == 2017
    assert "not continued" not in (cmft.get("caveats") or ""), cmft
