"""Disagreements on years and dates (a round's or an award's term, an announcement) are in `conflicts`, with the rule's choice."""

from __future__ import annotations

import importlib.util
from collections import Counter
from pathlib import Path

ID = "https://w3id.org/hspkg/id/"
BUILD = Path(__file__).parents[1] / "data" / "research" / "build.py"


def disagreements(kg):
    rows = kg.query("conflicts").values()
    found: dict[str, dict[str, dict]] = {}
    for r in rows:
        found.setdefault(r["disagreement"].rsplit("/", 1)[-1], {})[r["claim"].rsplit("#", 1)[-1]] = r
    return rows, found


def test_term_years_and_announcement_days_that_differ_are_disagreements(kg):
    rows, found = disagreements(kg)
    # the BRUs of 2012: "established in 2011" [brc-s089, brc-s116] against April 2012 (2012 agrees with 2012-04-01)
    brus = found["nihr-bru-2012-start"]
    assert {c: r["preferred"] for c, r in brus.items()} == {
        "term-brc-s058": "yes",
        "term-brc-s064": "yes",
        "term-brc-s119": "yes",
        "term-brc-s089": "no",
        "term-brc-s116": "no",
    }
    assert brus["term-brc-s058"]["says"] == "term from 2012-04" and brus["term-brc-s089"]["says"] == "term from 2011"
    # the 2019 ARCs announced on 11 July [NIHR] or 12 July [White Rose]: the deciding body's record is preferred
    arcs = found["nihr-arc-2019-announced"]
    assert arcs["announced-nihr-arcs-2019"]["preferred"] == "yes" and arcs["announced-whiterose-arc-yh-2019"]["preferred"] == "no"
    # an award's term: CLAHRC East Midlands from 2013 or from 2014
    assert set(found["clahrc-east-midlands-2014-start"]) == {"term-ldc-clahrc-em", "term-leicester-arc-em-2019"}
    # a term claim is one row per disagreement, whatever its term gives (a start and an end: brc-s119 gives both)
    terms = Counter((r["disagreement"], r["claim"]) for r in rows if "#term-" in r["claim"])
    assert len(terms) > 20 and max(terms.values()) == 1


def test_a_record_made_at_the_time_outranks_a_later_recollection(kg):
    # the first BRCs: April 2007 [KCL, 2008] against "created in 2005" [KCL, 2011], two sources of one rank
    brcs = found = disagreements(kg)[1]["nihr-brc-2007-start"]
    assert found["term-brc-s045"]["preferred"] == "yes" and brcs["term-brc-s090"]["preferred"] == "no"


def test_programmes_flag_a_disputed_term_or_announcement(kg):
    rounds = {r["round"].rsplit("/", 1)[-1]: r for r in kg.query("programmes").values()}
    assert "disputed term (hspkg query conflicts)" in rounds["nihr-bru-2012"]["caveats"]
    assert "disputed announcement date (hspkg query conflicts)" in rounds["nihr-arc-2019"]["caveats"]
    assert rounds["nihr-arc-2026"]["caveats"] == ""


def test_dates_as_precise_as_each_source_gives_them_group_before_they_conflict():
    spec = importlib.util.spec_from_file_location("research_build", BUILD)
    assert spec and spec.loader
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    assert build.dated({"2012": ["a"], "2012-04-01": ["b"], "2011": ["c"]}) == {"2012-04-01": ["b", "a"], "2011": ["c"]}
    # a month holding two different days agrees with neither: the days conflict
    assert sorted(build.dated({"2019-07": ["a"], "2019-07-11": ["b"], "2019-07-12": ["c"]})) == ["2019-07-11", "2019-07-12"]
