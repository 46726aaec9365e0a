"""What the shipped data's sources state, as the tests expect it; and a small file helper."""

from __future__ import annotations

from pathlib import Path

ORG = "https://w3id.org/hspkg/id/org/"
# Sources are cited by their IRI in data/sources.ttl (src: is https://w3id.org/hspkg/id/source/).
# src:qmul-2013: members "from 2009"
FOUNDERS = {ORG + s for s in ("ucl", "gosh", "moorfields", "royal-free", "uclh")}
# src:qmul-2013: the three universities and five trusts of May 2013
UNIVERSITIES = {ORG + s for s in ("ucl", "qmul", "lshtm")}
TRUSTS = {ORG + s for s in ("gosh", "moorfields", "royal-free", "uclh", "barts-health")}


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# (organisation slug, column in the organisations query, value): ODS codes from src:ods, ROR IRIs
# from src:ror, Wikidata and UKPRN from src:hspkg-reference (checked by hand, hsp:confidence "checked").
IDENTIFIERS = [
    ("gosh", "ods", "RP4"),
    ("moorfields", "ods", "RP6"),
    ("royal-free", "ods", "RAL"),
    ("uclh", "ods", "RRV"),
    ("barts-health", "ods", "R1H"),
    ("barts-and-the-london", "ods", "RNJ"),
    ("ucl", "ror", "https://ror.org/02jx3x895"),
    ("qmul", "ror", "https://ror.org/026zzn846"),
    ("lshtm", "ror", "https://ror.org/00a0jsq62"),
    ("ucl", "wikidata", "http://www.wikidata.org/entity/Q193196"),
    ("ucl", "ukprn", "10007784"),
    ("qmul", "ukprn", "10007775"),
]
