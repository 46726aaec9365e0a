"""`sources` of one organisation (answered from the organisation outward) gives that organisation's rows of the whole answer."""

from __future__ import annotations

from collections import Counter


def test_sources_of_each_organisation_are_its_rows_of_the_whole_answer(kg):
    everything = list(kg.query("sources"))
    organisations = sorted({row["organisation"].value for row in everything})
    assert len(organisations) > 20
    for organisation in organisations:
        mine = Counter(tuple(map(str, row.values())) for row in kg.query("sources", organisation=organisation))
        assert mine, organisation
        assert mine == Counter(tuple(map(str, row.values())) for row in everything if row["organisation"].value == organisation), organisation
