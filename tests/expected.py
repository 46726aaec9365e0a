"""What the shipped data's sources state, as the tests expect it; and a small file helper.

Sources are cited by their ids in data/national/sources.csv (src: is
https://w3id.org/hspkg/id/source/); the facts below are what those sources say.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hspkg.validate import Report

ORG = "https://w3id.org/hspkg/id/org/"
# qmul-2013: UCLPartners' members "from 2009" (ucl-2008-08 says 2008: the disagreement uclpartners-start prefers
# ucl-2008-08, a contemporaneous record over a later recollection)
FOUNDERS = {ORG + s for s in ("ucl", "gosh", "moorfields", "royal-free", "uclh")}
# qmul-2013: the three universities and five trusts of May 2013
UNIVERSITIES = {ORG + s for s in ("ucl", "qmul", "lshtm")}
TRUSTS = {ORG + s for s in ("gosh", "moorfields", "royal-free", "uclh", "barts-health")}
# bmj-2009, khp-strategy-2030: King's Health Partners' four founding members, from 2009
KHP_FOUNDERS = {ORG + s for s in ("kcl", "gstt", "kch", "slam")}
# dh-2009-03-09 and the partnership pages; pharmatimes-2014; oahp-2020
AHSCS_2009 = {ORG + s for s in ("cuhp", "imperial-ahsc", "khp", "mahsc", "uclpartners")}
AHSCS_2014 = AHSCS_2009 | {ORG + "oahp"}
AHSCS_2020 = AHSCS_2014 | {ORG + "bhp", ORG + "nhip"}


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def report_for(tmp_path: Path, text: str) -> Report:
    """The SHACL report on ``text`` (Turtle) loaded beside the ontology: the shape tests' one harness."""
    from hspkg import load
    from hspkg.validate import validate  # pySHACL loads only for the tests that validate

    return validate(load([write(tmp_path / "case.ttl", text)]))


# (organisation slug, column in the organisations query, value): ODS codes from src:ods and
# src:rcpch-trust-py, ROR IRIs from src:ror, Wikidata from src:wikidata-q193196, UKPRN from src:ukrlp.
IDENTIFIERS = [
    ("gosh", "ods", "RP4"),
    ("moorfields", "ods", "RP6"),
    ("royal-free", "ods", "RAL"),
    ("uclh", "ods", "RRV"),
    ("barts-health", "ods", "R1H"),
    ("barts-and-the-london", "ods", "RNJ"),
    ("rbh", "ods", "RT3"),
    ("cmft", "ods", "RW3"),
    ("uhsm", "ods", "RM2"),
    ("ucl", "ror", "https://ror.org/02jx3x895"),
    ("qmul", "ror", "https://ror.org/026zzn846"),
    ("lshtm", "ror", "https://ror.org/00a0jsq62"),
    ("oxford", "ror", "https://ror.org/052gg0110"),
    ("ucl", "wikidata", "http://www.wikidata.org/entity/Q193196"),
    ("imperial", "wikidata", "http://www.wikidata.org/entity/Q189022"),
    ("ucl", "ukprn", "10007784"),
    ("qmul", "ukprn", "10007775"),
]
