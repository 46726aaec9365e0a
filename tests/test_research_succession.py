"""What succeeds what: the BRUs of 2012 replaced by the BRCs of 2017 (brc-s068, brc-s119), as the CLAHRCs by the ARCs."""

from __future__ import annotations

from pathlib import Path

from hspkg import load
from hspkg.ingest import ingest

ID = "https://w3id.org/hspkg/id/"
DATA = Path(__file__).parents[1] / "data"


def test_the_2017_brcs_replace_the_2012_brus_with_each_source_and_its_date(kg):
    rows = kg.sparql("""PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        SELECT ?source ?month WHERE {
          <https://w3id.org/hspkg/id/round/nihr-brc-2017> <http://purl.org/dc/terms/replaces> <https://w3id.org/hspkg/id/round/nihr-bru-2012> .
          ?s rdf:subject <https://w3id.org/hspkg/id/round/nihr-brc-2017> ; rdf:predicate <http://purl.org/dc/terms/replaces> ;
             rdf:object <https://w3id.org/hspkg/id/round/nihr-bru-2012> ; <http://www.w3.org/ns/prov#wasDerivedFrom> ?source ;
             <http://www.w3.org/2006/time#hasTime>/<http://www.w3.org/2006/time#inXSDgYearMonth> ?month }""")
    assert sorted((str(r["source"].value).rsplit("/", 1)[-1], str(r["month"].value)) for r in rows) == [("brc-s068", "2017-04"), ("brc-s119", "2017-04")]


def test_programmes_say_which_round_replaced_which(kg):
    rounds = {r["round"].rsplit("/", 1)[-1]: r for r in kg.query("programmes").values()}
    assert "NIHR Biomedical Research Units, 2012 round, from 2017-04 [brc-s068]" in rounds["nihr-brc-2017"]["replaces"]
    assert "NIHR Biomedical Research Centres, 2017 round, from 2017-04 [brc-s119]" in rounds["nihr-bru-2012"]["replacedBy"]
    # no source says the 2008 BRUs were replaced, nor that any other round was
    assert [k for k, r in rounds.items() if r.get("replaces") or r.get("replacedBy")] == ["nihr-brc-2017", "nihr-bru-2012"]


def test_a_replaced_by_that_is_not_a_round_is_refused_with_its_line(tmp_path):
    bad = tmp_path / "programmes.csv"
    bad.write_text("programme,round_year,end_date,source,replaced_by\nnihr-bru,2012,2017-04,brc-s068,the BRCs\n", encoding="utf-8")
    outcome = ingest(load([DATA]), [DATA / "research" / "sources.csv", bad])
    assert outcome.problems == [f"{bad}:2: replaced_by: 'the BRCs' is not a programme and a year (such as 'nihr-brc 2017')"]
