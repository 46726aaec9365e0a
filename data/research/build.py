"""Build data/research/*.csv from the checked reference set (../shared/reference/research/).

Run from the project's root: ``python data/research/build.py ../shared/reference/research``.
Every fact row of the reference is kept, one CSV row each, without its quote
(the quote is evidence for the reference, not data). What changes, and why:

- source ids are lower-cased (``brc-S001`` -> ``brc-s001``): ids are IRI path
  segments of lower-case letters, digits and hyphens;
- a source's date keeps its leading ISO date; the note after it (``(url)``,
  ``(last updated)``) moves to ``date_note``; "September 2016" becomes 2016-09;
- a fact row carries ``confidence`` = ``low`` where its source is rated low;
- ``other`` (kind) is the graph's ``organisation`` ("other organisation");
- organisations get the source of the first row that names them with that kind;
- ``names.csv`` holds the spellings the graph's matcher would not find by
  itself (``names_seen`` and the mapping's input spellings), each with the
  source whose quote uses it;
- ``programmes.csv`` has ``replaced_by`` (the round that replaced the row's
  round) on the rows whose quote says so (``SUCCESSIONS``: the BRUs replaced by
  the BRCs of the 2017 round, brc-S068 and brc-S119);
- ``conflicts.csv`` lists where sources disagree on a round's count, total,
  announcement date or term (its start or end), or an award's amount or term
  (dates as precise as each source gives them: "2012" agrees with
  "2012-04-01"), with the preferred claim chosen by
  the rule in data/national/README.md.
"""

from __future__ import annotations

import csv
import re
import sys
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1] / "src"))

from hspkg import load  # noqa: E402
from hspkg.ingest.awards import award_iri  # noqa: E402
from hspkg.ingest.context import slug  # noqa: E402
from hspkg.ingest.programmes import figure  # noqa: E402
from hspkg.ingest.registry import TEMPLATES  # noqa: E402
from hspkg.name_matching import normalise  # noqa: E402

ID = "https://w3id.org/hspkg/id/"
MONTHS = {m: i for i, m in enumerate("january february march april may june july august september october november december".split(), 1)}
# the bodies whose own record decides a round or an award (the rule's first rank)
DECIDERS = {"nihr", "national institute for health research", "national institute for health and care research", "department of health", "dh"}


# Facts the reference's README ("Confidence") says to treat as low confidence, though their
# source may be strong: (file, column values a row must have, why)
LOW_FACTS = [
    ("awards", {"award": "Guy's and St Thomas' BRC (2007)"}, "inferred from a 2016 statement"),
    ("awards", {"award": "Guy's and St Thomas' BRC (2022)", "source": "brc-s005"}, "on one list only"),
    ("awards", {"award": "GOSH BRC (2012)"}, "indirect"),
    ("awards", {"award": "UCLH BRC (2012)"}, "indirect"),
    ("awards", {"award": "Leeds Musculoskeletal BRU (2012)"}, "indirect"),
    ("awards", {"award": "CLAHRC Greater Manchester (2014)"}, "indirect: no source shows it funded in 2014"),
    ("awards", {"award": "CLAHRC Cambridgeshire and Peterborough (2008)"}, "low sources"),
    ("awards", {"award": "ARC Oxford and Thames Valley (2019)"}, "one mirror"),
    ("awards", {"award": "ARC North East and North Cumbria (2019)", "amount_gbp": "150000000"}, "implausible against a £135m programme"),
    ("award-partners", {"award": "CLAHRC East of England (2014)", "role": "host"}, "a proposed host in an application"),
    ("ahsn-members", {"network": "Oxford", "role": "host"}, "a host proposed in 2012"),
    (
        "ahsn-members",
        {"network": "West of England", "organisation": "University Hospitals Bristol and Weston NHS Foundation Trust"},
        "inferred from a board seat",
    ),
    ("ahsn-members", {"network": "Imperial College Health Partners", "organisation": "Imperial College London", "role": "founding-member"}, "inferred"),
    ("ahsn-members", {"network": "UCLPartners", "organisation": "The Tavistock and Portman NHS Foundation Trust"}, "one mirror page"),
    ("ahsn-members", {"role": "board-member"}, "attendance at two board meetings"),
]


GOSH = "Great Ormond Street Hospital for Children NHS Foundation Trust"
CHANGE = {
    "id": "gosh-foundation-trust-2012",
    "change": "foundation-trust",
    "resulting": GOSH,
    "date": "2012-03-01",
    "original": GOSH,
    "ceased": "",
    "source": "brc-s134",
}


def read(folder: Path, name: str) -> list[dict[str, str]]:
    with (folder / name).open(newline="", encoding="utf-8") as stream:
        return list(csv.DictReader(stream))


def write(name: str, columns: Sequence[str], rows: list[dict[str, str]]) -> None:
    # a template's file is written with the template's own columns, in its order (one home for them)
    with (HERE / name).open("w", newline="", encoding="utf-8") as stream:
        out = csv.DictWriter(stream, columns, extrasaction="ignore", lineterminator="\n")
        out.writeheader()
        out.writerows(rows)


SHARED: dict[str, str] = {}  # a reference source id -> the national data's id for the same URL


def sid(source: str) -> str:
    return SHARED.get(source) or source.lower()


def source_date(text: str) -> tuple[str, str]:
    """The ISO date at the head of a source's date cell, and the rest of it as a note."""
    text = text.strip()
    match = re.match(r"^(\d{4}(?:-\d{2}(?:-\d{2})?)?)\s*(.*)$", text)
    if match:
        return match.group(1), match.group(2).strip()
    words = re.match(r"^(?:\w+day )?(\d{1,2} )?([A-Za-z]+) (\d{4})$", text)
    if words and words.group(2).lower() in MONTHS:
        return f"{words.group(3)}-{MONTHS[words.group(2).lower()]:02d}", text
    day = re.match(r"^\w+day (\d{1,2}) ([A-Za-z]+) \((\d{4}) per content\)$", text)
    if day:
        return f"{day.group(3)}-{MONTHS[day.group(2).lower()]:02d}-{int(day.group(1)):02d}", text
    season = re.match(r"^\w+ (\d{4})\b", text)
    if season:
        return season.group(1), text
    return "", text


def national_sources() -> dict[str, str]:
    """The national data's sources by URL: a reference source at one of these URLs is cited by the national id."""
    with (HERE.parent / "national" / "sources.csv").open(newline="", encoding="utf-8") as stream:
        return {row["url"]: row["source_id"] for row in csv.DictReader(stream)}


def main(reference: Path) -> None:
    sources = read(reference, "sources.csv")
    confidence = {s["id"]: s["confidence"] for s in sources}
    shared = national_sources()
    for s in sources:
        SHARED[s["id"]] = shared.get(s["url"], "")
        if SHARED[s["id"]]:
            confidence[SHARED[s["id"]]] = s["confidence"]
    print(f"{sum(map(bool, SHARED.values()))} reference sources are national sources (same URL), cited by the national id:", file=sys.stderr)
    print(", ".join(f"{k} -> {v}" for k, v in SHARED.items() if v), file=sys.stderr)
    rows = []
    for s in sources:
        if SHARED[s["id"]]:
            continue
        date, note = source_date(s["date"])
        rows.append({**s, "source_id": sid(s["id"]), "date": date, "date_note": note})
    write("sources.csv", ["source_id", "url", "title", "publisher", "date", "confidence", "date_note", "what_it_supports"], rows)
    dates = {r["source_id"]: r["date"] for r in rows}
    publishers = {sid(s["id"]): s["publisher"] for s in sources}

    facts = {name: read(reference, f"{name}.csv") for name in ("programmes", "awards", "award-partners", "ahsn-members")}
    for name, table in facts.items():
        for row in table:
            row["confidence"] = "low" if confidence[row["source_id"]] == "low" else ""
            row["source"] = sid(row["source_id"])
            for file, where, why in LOW_FACTS:
                if file == name and all(row.get(k) == v for k, v in where.items()):
                    row["confidence"] = f"low: {why} (reference README)"
            if row.get("organisation_kind") == "other":
                row["organisation_kind"] = "organisation"
    # a network by its name in the graph: the reference's label ("Oxford") is one of its names, and alone may name several
    ahsns = [o for o in read(reference, "organisations.csv") if o["kind"] == "ahsn"]
    networks = {n.strip(): o["name"] for o in ahsns for n in o["names_seen"].split(";") if n.strip()}
    for row in facts["ahsn-members"]:
        row["network"] = networks.get(row["network"], row["network"])
    for row in facts["programmes"]:
        row["replaced_by"] = replaced_by(row)
    write(
        "programmes.csv",
        TEMPLATES["programmes"].columns,
        facts["programmes"],
    )
    write(
        "awards.csv",
        TEMPLATES["awards"].columns,
        facts["awards"],
    )
    write("award-partners.csv", TEMPLATES["award-partners"].columns, facts["award-partners"])
    write("ahsn-members.csv", TEMPLATES["network-roles"].columns, facts["ahsn-members"])
    organisations(reference, facts)
    # the one trust-status change the reference dates (its README, disagreement 10: "1 March 2012 [S134]")
    write("changes.csv", ["id", "change", "resulting", "date", "original", "ceased", "source"], [CHANGE])
    conflicts(facts, dates, publishers, {sid(k): v for k, v in confidence.items()})


# The rounds a later round replaced, where a source says so: (programme, round, source, end) -> the later round, and the
# reference's quote that says it (the reference states it on these rows only; a row whose quote differs is refused)
SUCCESSIONS = {
    ("nihr-bru", "2012", "brc-S068", "2017-04"): ("nihr-brc 2017", "BRUs will be replaced by Biomedical Research Centres (BRCs) by April 2017."),
    ("nihr-bru", "2012", "brc-S119", "2017-04"): (
        "nihr-brc 2017",
        "NIHR Biomedical Research Units were discontinued in April 2017 and the dementia research programme"
        " was renewed as a dementia theme within the Biomedical Research Centre.",
    ),
}


def replaced_by(row: dict[str, str]) -> str:
    """The round that replaced the row's round, as the row's source says (``nihr-brc 2017``), or ""."""
    found = SUCCESSIONS.get((row["programme"], row["round_year"], row["source_id"], row["end_date"]))
    if found is None:
        return ""
    if found[1] != row["quote"].strip():
        raise SystemExit(f"{row['source_id']}: the reference's quote is no longer the one that states the succession: {row['quote']!r}")
    return found[0]


def organisations(reference: Path, facts: dict[str, list[dict[str, str]]]) -> None:
    """organisations.csv (every reference organisation, with a source) and names.csv (spellings the matcher needs)."""
    sys.path.insert(0, str(reference))
    from mappings import ORG_MAP  # type: ignore[import-not-found]

    naming: dict[str, list[dict[str, str]]] = defaultdict(list)  # organisation -> rows that name it
    for table in ("award-partners", "ahsn-members"):
        for row in facts[table]:
            naming[row["organisation"]].append(row)
    for row in facts["ahsn-members"]:
        naming[row["network"]].append(row)
    for row in facts["programmes"]:
        for name in ("NIHR", "Department of Health"):
            if row["designated_by"].startswith(name):
                naming[name].append(row)
    quoted = [row for table in facts.values() for row in table]
    # the graph as ingest sees it: the national data and the Turtle written by hand, never an earlier research.ttl
    data = HERE.parent
    graph = load([data / "national.ttl", data / "uclpartners.ttl", data / "events.ttl", data / "time.ttl"])
    directory = graph.directory()
    out, names = [], []
    # an organisation that is a centre of the awards (an ARC named as an AHSN's partner) is of its programme's kind
    centres = {row["centre"]: row["programme"].removeprefix("nihr-") for row in facts["awards"]}
    for org in read(reference, "organisations.csv"):
        kind = centres.get(org["name"]) or ("organisation" if org["kind"] == "other" else org["kind"])
        seen = [n.strip() for n in org["names_seen"].split(";") if n.strip()]
        rows = naming.get(org["name"]) or [r for n in seen for r in naming.get(n, [])] or [r for r in quoted if org["name"] in r["quote"]]
        same = [r for r in rows if r.get("organisation_kind") in (kind, None, "")] or rows
        if not same:
            raise SystemExit(f"{org['name']}: no row names it")
        if org["existing_id"]:
            kind = ""  # the graph's kinds, which hold in time, stay the graph's
        out.append({"id": org["existing_id"] or slug(org["name"]), "name": org["name"], "kind": kind, "source": same[0]["source"]})
        known = directory.find(org["name"]).iri if org["existing_id"] else None
        spellings = seen + [k for k, v in ORG_MAP.items() if v == org["name"] and k != v]
        for spelling in dict.fromkeys(spellings):
            found = directory.find(spelling)
            # a spelling the matcher finds already, or that names several organisations (a place: "Oxford"), adds nothing
            if normalise(spelling) == normalise(org["name"]) or (known and found.iri == known) or " names " in found.why:
                continue
            using = [r for r in rows if spelling in r["quote"]] or [r for r in quoted if spelling in r["quote"]] or rows
            names.append({"organisation": org["name"], "alternative_name": spelling, "source": using[0]["source"]})
    write("organisations.csv", TEMPLATES["organisations"].columns, out)
    # the reference's mapped spellings, for the test that each resolves to its organisation
    with (HERE.parents[1] / "tests" / "research_spellings.csv").open("w", newline="", encoding="utf-8") as stream:
        spellings = csv.writer(stream, lineterminator="\n")
        spellings.writerow(["spelling", "formal_name"])
        spellings.writerows((k, v) for k, v in ORG_MAP.items() if k != v)
    write("names.csv", ["organisation", "alternative_name", "source"], names)


def rank(source: str, confidence: str, publishers: dict[str, str]) -> int:
    """The rule's rank of a source: the deciding body's record, then own records (high), news (medium), mirrors (low)."""
    publisher = publishers[source].strip().casefold()
    # the body's own release, also where a reproduction of it is all that survives (the 2007 DH release)
    if publisher in DECIDERS or publisher.startswith(("department of health", "nihr journals library")) or re.search(r"reproduc\w* (dh|nihr)\b", publisher):
        return 0
    return {"high": 1, "medium": 2}.get(confidence, 3)


def dated(values: dict[str, list[str]]) -> dict[str, list[str]]:
    """Dates as precise as each source gives them, grouped: a year or month agrees with the one date in it that others give.

    Two days of one month, or two years, conflict; "2012" joins "2012-04-01", unless it holds several dates that differ.

    >>> dated({"2012": ["a"], "2012-04-01": ["b"], "2011": ["c"]})
    {'2012-04-01': ['b', 'a'], '2011': ['c']}
    >>> sorted(dated({"2019-07": ["a"], "2019-07-11": ["b"], "2019-07-12": ["c"]}))
    ['2019-07-11', '2019-07-12']
    """
    finest = [v for v in values if not any(w != v and w.startswith(v) for w in values)]
    groups = {v: list(values[v]) for v in finest}
    for value, claims in values.items():
        holders = [f for f in finest if f != value and f.startswith(value)]
        if len(holders) == 1:
            groups[holders[0]] += claims
    return groups


def terms(
    claims: dict[tuple[str, str], dict[str, list[str]]], labels: dict[tuple[str, str], str], thing: str, label: str, row: dict[str, str], source: str
) -> None:
    """The start and end dates of a round's or award's term as one source gives them (its term node, ``THING#term-SOURCE``)."""
    for column, what in (("start_date", "start"), ("end_date", "end")):
        date = row[column].split(" ")[0]
        if date and re.fullmatch(r"\d{4}(-\d{2}){0,2}", date):
            claims[(thing, what)][date].append(f"{thing}#term-{row['source']}|{source}")
            labels[(thing, what)] = f"{label}: term {what}"


def conflicts(facts: dict[str, list[dict[str, str]]], dates: dict[str, str], publishers: dict[str, str], levels: dict[str, str]) -> None:
    """Where sources give different figures or dates for one thing: every claim, the preferred ones by the rule.

    A claim the reference marks low confidence ranks with the mirrors, whatever its source.
    """
    weak = {(row["source"], row.get("award", "")) for table in facts.values() for row in table if row["confidence"].startswith("low:")}
    claims: dict[tuple[str, str], dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))  # (thing, what) -> value -> [(claim, source)]
    labels: dict[tuple[str, str], str] = {}
    for row in facts["programmes"]:
        round_ = f"round/{row['programme']}-{row['round_year']}"
        for column, what, node in (("count", "count", "count"), ("total_amount_gbp", "total", "funding")):
            found = figure(row[column]) if row[column] else None
            if found and not found.scope and not found.per_year:
                claims[(round_, what)][str(found.value)].append(f"{round_}#{node}-{row['source']}-{found.value}|{row['source']}")
                labels[(round_, what)] = f"{row['programme']} {row['round_year']}: {what}"
        announced = row["announced_date"].split(" ")[0]
        if announced and "(" not in row["announced_date"]:
            claims[(round_, "announced")][announced].append(f"{round_}#announced-{row['source']}|{row['source']}")
            labels[(round_, "announced")] = f"{row['programme']} {row['round_year']}: announcement date"
        terms(claims, labels, round_, f"{row['programme']} {row['round_year']}", row, row["source"])
    for row in facts["awards"]:
        found = figure(row["amount_gbp"]) if row["amount_gbp"] else None
        if found and not found.scope and not found.per_year:
            award = award_iri(row["award"]).removeprefix(ID)
            source = row["source"] + ("|weak" if (row["source"], row["award"]) in weak else "")
            claims[(award, "amount")][str(found.value)].append(f"{award}#amount-{row['source']}-{found.value}|{source}")
            labels[(award, "amount")] = f"{row['award']}: amount"
        weakness = "|weak" if (row["source"], row["award"]) in weak else ""
        terms(claims, labels, award_iri(row["award"]).removeprefix(ID), row["award"], row, row["source"] + weakness)
    out = []
    for key, values in sorted(claims.items()):
        if key[1] in ("announced", "start", "end"):
            values = dated(values)
        if len(values) < 2:
            continue
        every = [(v, *c.split("|", 1)) for v, cs in values.items() for c in dict.fromkeys(cs)]

        def order(e: tuple[str, str, str], dated: bool = key[1] in ("start", "end", "announced")) -> tuple[int, int, int]:
            source = e[2].split("|")[0]
            level = 3 if e[2].endswith("|weak") else rank(source, levels[source], publishers)
            # among equals, a record of a date made at the time (that year or the next) over a later recollection
            written = (dates.get(source) or "")[:4]
            later = 1 if dated and not (written and 0 <= int(written) - int(e[0][:4]) <= 1) else 0
            return level, later, -int(re.sub(r"\D", "", dates.get(source) or "0")[:8].ljust(8, "0"))

        best = min(every, key=order)
        # where the best are equal (same rank, same date) but say different things, the rule cannot decide
        ties = [e for e in every if order(e) == order(best) and e[0] != best[0]]
        name = slug(f"{key[0].rsplit('/', 1)[-1].replace('#', '-')}-{key[1]}")
        description = f"{labels[key]} differs between sources ({', '.join(sorted(values, key=lambda v: (len(v), v)))})"
        for n, (value, claim, _) in enumerate(sorted(every, key=lambda e: e[1])):
            preferred = "yes" if value == best[0] and not ties else ""
            out.append({"conflict": name, "description": description if n == 0 else "", "claim": claim, "preferred": preferred})
    out.extend(AGAINST_NATIONAL)
    write("conflicts.csv", TEMPLATES["conflicts"].columns, out)


# Where a research row contradicts a claim the national data already holds, both stay and the
# rule picks (data/national/README.md): news over encyclopaedias and mirrors, and one source's
# sentence is read once (the national reading, checked against the source's words).
AGAINST_NATIONAL = [
    {
        "conflict": "bhr-uclpartners",
        "description": "Barking, Havering and Redbridge and UCLPartners: a news report says it joined (ahsn-s007), "
        "a mirror that it joined in April 2012 (ahsn-s008), the encyclopaedia that it agreed to join then (wiki-uclp); "
        "QMUL's May 2013 list of eight members does not name it",
        "claim": "membership/uclpartners-bhr-ahsn-s007-member",
        "preferred": "yes",
    },
    {"conflict": "bhr-uclpartners", "description": "", "claim": "membership/uclpartners-bhr-ahsn-s008-member", "preferred": ""},
    {"conflict": "bhr-uclpartners", "description": "", "claim": "agreement/bhr-uclpartners-2012", "preferred": ""},
    {
        "conflict": "barts-and-the-london-uclpartners",
        "description": "Barts and The London and UCLPartners in 2011: one encyclopaedia sentence (wiki-uclp), read as a membership "
        "by the research set and as an agreement to join by the national set; the national reading, checked against its words, is kept",
        "claim": "agreement/barts-and-the-london-uclpartners-2011",
        "preferred": "yes",
    },
    {
        "conflict": "barts-and-the-london-uclpartners",
        "description": "",
        "claim": "membership/uclpartners-barts-and-the-london-wiki-uclp-member",
        "preferred": "",
    },
]


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python data/research/build.py REFERENCE_FOLDER (the checked reference set, e.g. ../shared/reference/research)")
    main(Path(sys.argv[1]))
