"""An award its programme's next round did not continue, and whose end no source states, in `universities-trusts`.

The rule `members` has: such an award is not counted for a year after that round, and its
rows say so (`caveats`); no end is invented. The Liverpool Pancreas BRU (2009 round; the BRUs'
next round was 2012) and the Nottingham Respiratory BRU (2008 round; next round 2009) are two
such awards; the NIHR Leeds BRC, renewed in 2022, is not.
"""

from __future__ import annotations

ORG = "https://w3id.org/hspkg/id/org/"
LIVERPOOL_PANCREAS = (ORG + "university-of-liverpool", ORG + "royal-liverpool-and-broadgreen-university-hospitals-nhs-trust")
NOTTINGHAM_RESPIRATORY = (ORG + "university-of-nottingham", ORG + "nottingham-university-hospitals-nhs-trust")
LEEDS = (ORG + "university-of-leeds", ORG + "leeds-teaching-hospitals-nhs-trust", ORG + "nihr-leeds-biomedical-research-centre")


def pairs(kg, **params):
    """The answer's rows, keyed by (university, trust, network label)."""
    return {(r["university"], r["trust"], r["networkLabel"]): r for r in kg.query("universities-trusts", **params).values()}


def bru(rows, pair, unit):
    return [r for (u, t, n), r in rows.items() if (u, t) == pair and n == unit]


def test_a_year_after_the_next_round_leaves_out_an_award_not_continued(kg):
    rows = pairs(kg, year=2022)
    assert not bru(rows, LIVERPOOL_PANCREAS, "Liverpool Pancreas Biomedical Research Unit")
    assert not bru(rows, NOTTINGHAM_RESPIRATORY, "Nottingham Respiratory Biomedical Research Unit")
    # a centre its next round renewed stays, to its last award's end
    leeds = [r for (u, t, _), r in rows.items() if (u, t, r["network"]) == LEEDS]
    assert [(r["since"], r["until"]) for r in leeds] == [(2017, 2027)]


def test_the_award_counts_up_to_its_programmes_next_round(kg):
    # the BRUs' rounds: 2008, 2009, 2012; counted in the next round's year, not after it
    for pair, unit, last_counted in (
        (LIVERPOOL_PANCREAS, "Liverpool Pancreas Biomedical Research Unit", 2012),
        (NOTTINGHAM_RESPIRATORY, "Nottingham Respiratory Biomedical Research Unit", 2009),
    ):
        assert bru(pairs(kg, year=last_counted), pair, unit), (unit, last_counted)
        assert not bru(pairs(kg, year=last_counted + 1), pair, unit), (unit, last_counted + 1)
        assert not bru(pairs(kg, year=last_counted + 1, programme="nihr-bru"), pair, unit), (unit, last_counted + 1)


def test_the_rows_say_so_and_no_end_is_invented(kg):
    rows = pairs(kg)
    (pancreas,) = bru(rows, LIVERPOOL_PANCREAS, "Liverpool Pancreas Biomedical Research Unit")
    assert pancreas.get("until") is None and pancreas.get("endedBy") is None
    said = "an award not continued in its programme's next round (2012), and no source states when it ended (not counted after that round)"
    assert said in pancreas["caveats"]
    (respiratory,) = bru(rows, NOTTINGHAM_RESPIRATORY, "Nottingham Respiratory Biomedical Research Unit")
    assert "next round (2009)" in respiratory["caveats"] and respiratory.get("until") is None
    # renewed in 2022: no such caveat
    leeds = [r for r in rows.values() if (r["university"], r["trust"], r["network"]) == LEEDS]
    assert leeds and all("not continued" not in (r.get("caveats") or "") for r in leeds)


def test_a_member_a_merger_ended_before_the_next_round_is_not_called_not_continued(kg):
    # Central Manchester's role in the 2017 Manchester BRC ended with the 2017 merger, before the 2022 round:
    # the change ended it (endedBy), not the round
    rows = [r for r in pairs(kg).values() if r["trust"] == ORG + "cmft" and r["network"] == ORG + "nihr-manchester-biomedical-research-centre"]
    assert rows and all(r.get("endedBy") and "not continued" not in (r.get("caveats") or "") for r in rows), rows
