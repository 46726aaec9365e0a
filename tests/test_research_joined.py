"""`joined` over the research programmes: one row per end, its cause a change or nothing, its sources the end's; a programme column and parameter."""

from __future__ import annotations

from collections import Counter

ORG = "https://w3id.org/hspkg/id/org/"
MEMBERSHIP = "https://w3id.org/hspkg/id/membership/"
BARTS_HOST = MEMBERSHIP + "barts-cardiovascular-bru-2012-barts-and-the-london-host-brc-s012"
QMUL_2011 = "qmul.ac.uk/media/news/2011"  # brc-s012, the role's own source: it states no end


def ended(kg, **params):
    return [r for r in kg.query("joined", **params).values() if r["event"] == "membership ended"]


def test_one_row_per_end_caused_by_a_change_or_by_nothing(kg):
    rows = ended(kg)
    assert rows and max(Counter(r["fact"] for r in rows).values()) == 1
    causes = {r["endedBy"] for r in rows if r.get("endedBy")}
    changes = {str(r["e"].value) for r in kg.sparql("SELECT ?e WHERE { ?e a <http://www.w3.org/ns/org#ChangeEvent> }")}
    assert causes and causes <= changes
    # an award's term ends without a change: no cause, the sources that state the end, and a basis that says so
    term = [r for r in rows if r.get("endedBy") is None]
    assert term and all(r["endSources"] and r["basis"].startswith("ended: ") for r in term)


def test_a_host_that_ceased_during_its_award_ends_at_the_change_with_the_changes_sources(kg):
    (barts,) = [r for r in ended(kg) if r["fact"] == BARTS_HOST]
    assert barts["endedBy"] == "https://w3id.org/hspkg/id/event/barts-health-merger-2012" and barts["year"] == 2012
    assert QMUL_2011 not in barts["endSources"] and QMUL_2011 not in barts["sources"]
    # in the graph: the end rests on the change alone
    causes = kg.sparql(f"SELECT ?c WHERE {{ <{BARTS_HOST}#during> <http://www.w3.org/ns/prov#wasDerivedFrom> ?c }}")
    assert [str(r["c"].value) for r in causes] == ["https://w3id.org/hspkg/id/event/barts-health-merger-2012"]


def test_a_role_a_later_award_continues_does_not_end(kg):
    leeds = [r for r in ended(kg, network="NIHR Leeds Biomedical Research Centre") if r["organisation"] == ORG + "university-of-leeds"]
    assert [(r["year"], r["fact"].rsplit("/", 1)[-1]) for r in leeds] == [(2027, "leeds-brc-2022-university-of-leeds-partner-brc-s091")]


def test_joined_names_and_keeps_a_programme(kg):
    rows = kg.query("joined").values()
    assert {r["programme"] for r in rows} >= {"nihr-brc", "nihr-bru", "nihr-clahrc", "nihr-arc", "ahsc", "ahsn", "ahsc ahsn"}
    arc = kg.query("joined", programme="nihr-arc").values()
    assert arc and {r["programme"] for r in arc} == {"nihr-arc"} and len(arc) < len(rows)
    ahsc = kg.query("joined", programme="ahsc").values()
    assert ahsc and {r["programme"] for r in ahsc} <= {"ahsc", "ahsc ahsn"} and any(r["event"] == "agreed to join" for r in ahsc)


def test_every_partnership_answer_names_a_change_as_what_ended_a_row_or_nothing(kg):
    changes = {str(r["e"].value) for r in kg.sparql("SELECT ?e WHERE { ?e a <http://www.w3.org/ns/org#ChangeEvent> }")}
    answers = {
        "members": kg.query("members").values(),
        "universities-trusts": kg.query("universities-trusts").values(),
        "networks-of": kg.query("networks-of", organisation="Barts and The London NHS Trust").values(),
        "partners-of": kg.query("partners-of", organisation="Queen Mary University of London").values(),
    }
    for name, rows in answers.items():
        causes = {r["endedBy"] for r in rows if r.get("endedBy")}
        assert causes and causes <= changes, name
    # the Barts BRU's host ended at the Barts Health merger; its award's term is no change
    bru = next(r for r in answers["networks-of"] if r["network"] == ORG + "barts-cardiovascular-biomedical-research-unit")
    assert bru["endedBy"] == "https://w3id.org/hspkg/id/event/barts-health-merger-2012"
    assert any(r.get("until") and not r.get("endedBy") for r in answers["universities-trusts"])


def test_a_project_partner_is_never_called_a_member(kg):
    rows = kg.query("joined", network="Oxford AHSN").values()
    bucks = [r for r in rows if r["organisationLabel"] == "Buckinghamshire Healthcare NHS Trust"]
    assert bucks and all("project partner" in r["event"] and "member" not in r["event"] for r in bucks)
    assert any(r["event"] == "seen as a member" for r in rows)
