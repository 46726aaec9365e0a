"""A research centre renewed across rounds: one membership per award, one span in every answer, each award named.

The NIHR Leeds BRC was funded in 2017 (to 2022) and again in 2022 (to 2027); the
GOSH BRC in each of the four rounds since 2007. Every answer about a pair of its
members gives one row from the first award's start to the last award's end.
"""

from __future__ import annotations

from pathlib import Path

from hspkg import load
from hspkg.ingest import ingest

DATA = Path(__file__).parents[1] / "data"
ORG = "https://w3id.org/hspkg/id/org/"
LEEDS_BRC = ORG + "nihr-leeds-biomedical-research-centre"
LTHT = ORG + "leeds-teaching-hospitals-nhs-trust"
GOSH_BRC = ORG + "nihr-great-ormond-street-hospital-biomedical-research-centre"
HSP = "https://w3id.org/hspkg/ontology#"
MEMBERSHIP = "https://w3id.org/hspkg/id/membership/"


def test_universities_and_trusts_hold_through_the_latest_award(kg):
    for year in (2017, 2022, 2025):
        rows = [r for r in kg.query("universities-trusts", year=year).values() if r["network"] == LEEDS_BRC and r["trust"] == LTHT]
        leeds = next(r for r in rows if r["university"] == ORG + "university-of-leeds")
        assert (leeds["since"], leeds["until"]) == (2017, 2027), year
        assert set(leeds["awards"].split("; ")) == {"Leeds BRC (2017)", "Leeds BRC (2022)"}
        assert "across its awards" in leeds["basis"]
    # a partner of the 2022 award only: its own award, from 2022
    york = next(r for r in kg.query("universities-trusts").values() if r["network"] == LEEDS_BRC and r["universityLabel"] == "University of York")
    assert (york["since"], york["until"], york["awards"]) == (2022, 2027, "Leeds BRC (2022)")
    assert "across its awards" not in york["basis"]


def test_partners_of_span_every_round_of_the_centre(kg):
    gosh = next(r for r in kg.query("partners-of", organisation="UCL").values() if r["network"] == GOSH_BRC and r["partner"] == ORG + "gosh")
    assert (gosh["since"], gosh["until"]) == (2007, 2027)
    assert set(gosh["awards"].split("; ")) == {f"GOSH BRC ({y})" for y in (2007, 2012, 2017, 2022)}
    # an AHSC or AHSN has no awards: the column is empty there
    assert all(not r.get("awards") for r in kg.query("partners-of", organisation="UCL", programme="ahsn").values())


def test_networks_of_give_the_centre_once_to_its_last_awards_end(kg):
    rows = [r for r in kg.query("networks-of", organisation="University of Leeds").values() if r["network"] == LEEDS_BRC]
    assert len(rows) == 1
    (leeds,) = rows
    assert (leeds["startYear"], leeds["endYear"]) == (2017, 2027)
    assert set(leeds["awards"].split("; ")) == {"Leeds BRC (2017)", "Leeds BRC (2022)"}
    assert "to the end of its last award's term (2027)" in leeds["basis"]
    # the end's sources are the last award's, not the first one's (brc-s023 states the 2017 award's end)
    assert "leedsbrc.nihr.ac.uk" in leeds["endSources"] and "pharmatimes" not in leeds["endSources"]


def test_ingest_records_that_a_later_award_continues_a_membership_whatever_the_rows_order(kg, tmp_path):
    later = MEMBERSHIP + "leeds-brc-2022-university-of-leeds-partner-brc-s091"
    earlier = MEMBERSHIP + "leeds-brc-2017-university-of-leeds-partner-brc-s107"
    assert kg.sparql(f"ASK {{ <{later}> <{HSP}continues> <{earlier}> }}").boolean
    assert not kg.sparql(f"ASK {{ <{earlier}> <{HSP}continues> ?x }}").boolean
    # the rows of award-partners.csv reversed: the same links
    lines = (DATA / "research" / "award-partners.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    (tmp_path / "award-partners.csv").write_text(lines[0] + "".join(reversed(lines[1:])), encoding="utf-8")
    files = [DATA / "research" / f"{n}.csv" for n in ("sources", "organisations", "names", "programmes", "awards")] + [tmp_path / "award-partners.csv"]
    base = load([DATA / f"{n}.ttl" for n in ("national", "uclpartners", "events", "time")])
    outcome = ingest(base, files)
    assert not outcome.problems, outcome.problems[:3]
    links = {(str(t.subject.value), str(t.object.value)) for t in outcome.triples if str(t.predicate.value) == HSP + "continues"}
    shipped = {(str(r["a"].value), str(r["b"].value)) for r in kg.sparql(f"SELECT ?a ?b WHERE {{ ?a <{HSP}continues> ?b }}")}
    assert links == shipped and (later, earlier) in links
