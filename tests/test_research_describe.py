"""`describe` names each row's programme and keeps one programme's facts (and those of none) when asked."""

from __future__ import annotations

ID = "https://w3id.org/hspkg/id/"
UCL = ID + "org/ucl"
GOSH_BRC_2022 = ID + "membership/gosh-brc-2022-ucl-partner-brc-s057"


def rows(kg, **params):
    return kg.query("describe", resource=UCL, **params).values()


def test_each_row_names_the_programme_of_its_fact(kg):
    every = rows(kg)
    programme = {(r["s"], r["p"], r["o"]): r["programme"] for r in every}
    # its membership in a research centre's award, and that membership's interval: the centre's programme
    assert programme[(GOSH_BRC_2022, "http://www.w3.org/ns/org#member", UCL)] == "nihr-brc"
    assert {r["programme"] for r in every if r["s"] == GOSH_BRC_2022 + "#during"} == {"nihr-brc"}
    # UCLPartners is an AHSC and an AHSN; UCL's own name belongs to no programme
    assert {r["programme"] for r in every if r["p"] == "http://www.w3.org/ns/org#organization" and r["o"] == ID + "org/uclpartners"} == {"ahsc ahsn"}
    assert {r["programme"] for r in every if r["s"] == UCL and r["p"].endswith("#label")} == {""}
    assert {r["programme"] for r in every} >= {"nihr-brc", "nihr-bru", "nihr-arc", "ahsc ahsn", ""}


def test_a_programme_keeps_its_facts_and_those_of_none(kg):
    every, arc = rows(kg), rows(kg, programme="nihr-arc")
    assert {r["programme"] for r in arc} == {"nihr-arc", ""}
    assert len([r for r in arc if r["programme"] == ""]) == len([r for r in every if r["programme"] == ""])
    assert {(r["s"], r["p"], r["o"]) for r in arc} < {(r["s"], r["p"], r["o"]) for r in every}
    ahsn = rows(kg, programme="ahsn")
    assert any(r["programme"] == "ahsc ahsn" for r in ahsn) and not any(r["programme"].startswith("nihr") for r in ahsn)


def test_an_unknown_programme_is_a_one_line_error_not_an_empty_answer(kg, run):
    import pytest

    from hspkg import catalogue
    from hspkg.errors import InputError

    with pytest.raises(InputError, match=r"parameter programme of query awards: 'brc' is not a programme \(nihr-brc, "):
        kg.query("awards", programme="brc")
    result = run("query", "members", "--param", "programme=nihr-xyz")
    assert result.returncode == 2 and result.stdout == "" and len(result.stderr.splitlines()) == 1
    # the accepted values are the programmes' notations in the ontology
    programmes = "SELECT ?n WHERE { ?p a <https://w3id.org/hspkg/ontology#Programme> ; <http://www.w3.org/2004/02/skos/core#notation> ?n }"
    notations = {str(r["n"].value) for r in kg.sparql(programmes)}
    assert set(catalogue.PROGRAMMES) == notations


def test_coverage_never_counts_more_members_with_a_start_than_members(kg):
    # project partners (Health Innovation KSS has three with a stated start) are not members
    for row in kg.query("coverage").values():
        stated, _, members = row["basis"].partition(" of ")
        if stated.isdigit():
            assert int(stated) <= int(members.split(" ")[0]), row["networkLabel"]
