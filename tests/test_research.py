"""The research programmes' data (issue 19): built from data/research/*.csv by ingest, every row in the graph, names matched once.

The row test ingests the CSVs afresh (not the shipped Turtle) and looks for
each row's own facts in what ingest built, by the row's values: a row that
ingest drops, or a fact of it that ingest loses, fails it.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

import hspkg
from hspkg.ingest import ingest, turtle
from hspkg.ingest.awards import award_iri

HERE = Path(__file__).parent
DATA = HERE.parents[0] / "data"
CSVS = sorted((DATA / "research").glob("*.csv"))
# what ingest reads the research CSVs against: the national data and the Turtle written by hand
AGAINST = [DATA / "national.ttl", DATA / "uclpartners.ttl", DATA / "events.ttl", DATA / "time.ttl"]
ID = "https://w3id.org/hspkg/id/"
PREFIXES = """PREFIX hsp: <https://w3id.org/hspkg/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX schema: <https://schema.org/>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX time: <http://www.w3.org/2006/time#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""


def rows(name: str) -> list[dict[str, str]]:
    with (DATA / "research" / name).open(newline="", encoding="utf-8") as stream:
        return list(csv.DictReader(stream))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The research CSVs ingested now, and a graph of the national data with what they gave."""
    outcome = ingest(hspkg.load(AGAINST), CSVS)
    assert outcome.problems == []
    path = tmp_path_factory.mktemp("research") / "research.ttl"
    path.write_bytes(turtle(outcome.triples))
    return outcome, hspkg.load([*AGAINST, path])


def test_the_shipped_turtle_is_exactly_what_ingest_builds_from_the_csvs(built):
    outcome, _ = built
    assert turtle(outcome.triples) == (DATA / "research.ttl").read_bytes(), (
        "data/research.ttl differs from what the CSVs give: rebuild it with the command in data/research/README.md"
    )


def test_ingest_reads_every_row_of_every_csv(built):
    outcome, _ = built
    assert outcome.rows == sum(len(rows(p.name)) for p in CSVS) > 1500


def ask(graph: hspkg.KnowledgeGraph, where: str) -> bool:
    return bool(graph.sparql(PREFIXES + f"ASK {{ {where} }}", "test").boolean)


def lit(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def source(row: dict[str, str]) -> str:
    return f"<{ID}source/{row['source']}>"


DIRECTORIES: dict[int, tuple[hspkg.KnowledgeGraph, object]] = {}  # each graph's directory, made once (the graph held: its id stays its own)


def org(graph: hspkg.KnowledgeGraph, name: str) -> str:
    """The organisation a name finds, by the one matcher (name_matching.py)."""
    held = DIRECTORIES.get(id(graph))
    if held is None or held[0] is not graph:
        held = DIRECTORIES[id(graph)] = (graph, graph.directory())
    found = held[1].find(name).iri  # type: ignore[attr-defined]
    assert found, name
    return f"<{found}>"


VALUE = "schema:value|schema:minValue|schema:maxValue"


def year(date: str) -> str:
    return lit(date[:4])


def number(cell: str) -> str:
    return cell.split()[0]


def row_facts(graph: hspkg.KnowledgeGraph, name: str, row: dict[str, str]) -> list[str]:
    """The graph patterns a row's facts must match, by the row's own values."""
    if name == "sources.csv":
        return [f"<{ID}source/{row['source_id']}> schema:url <{row['url']}> ; dcterms:title {lit(row['title'])}"]
    if name == "organisations.csv":
        iri = f"<{ID}org/{row['id']}>"
        # an organisation the graph knew keeps the graph's kinds (they hold in time): the row gives none
        kind = f"; org:classification <{ID}kind/{row['kind']}>" if row["kind"] else ""
        return [f"{iri} rdfs:label|skos:altLabel {lit(row['name'])} {kind} ; prov:wasDerivedFrom {source(row)}"]
    if name == "names.csv":
        return [f"{org(graph, row['organisation'])} skos:altLabel {lit(row['alternative_name'])}"]
    if name == "conflicts.csv":
        preferred = f"; hsp:preferredClaim <{ID}{row['claim']}>" if row["preferred"] else ""
        return [f"<{ID}disagreement/{row['conflict']}> hsp:claim <{ID}{row['claim']}> {preferred}"]
    if name == "changes.csv":
        return [
            f"<{ID}event/{row['id']}> a org:ChangeEvent ; org:resultingOrganization {org(graph, row['resulting'])} ;"
            f" time:hasTime/time:inXSDDate {lit(row['date'])}^^xsd:date ;"
            f" dcterms:type/skos:notation {lit(row['change'])} ; prov:wasDerivedFrom {source(row)}"
        ]
    if name == "programmes.csv":
        round_ = f"<{ID}round/{row['programme']}-{row['round_year']}>"
        facts = [f"{round_} hsp:programme/skos:notation {lit(row['programme'])} ; prov:wasDerivedFrom {source(row)}"]
        if row["count"]:
            facts.append(f"{round_} hsp:numberDesignated [ {VALUE} {number(row['count'])} ; prov:wasDerivedFrom {source(row)} ]")
        if row["total_amount_gbp"]:
            value = number(row["total_amount_gbp"])
            facts.append(f"{round_} hsp:totalFunding [ {VALUE} {value} ; schema:currency 'GBP' ; prov:wasDerivedFrom {source(row)} ]")
        if row["announced_date"]:
            facts.append(
                f"{round_} hsp:announcement [ time:hasTime/time:inXSDgYear ?y ; prov:wasDerivedFrom {source(row)} ]"
                f" FILTER (STR(?y) = {year(row['announced_date'])})"
            )
        for column, edge in (("start_date", "hasBeginning"), ("end_date", "hasEnd")):
            if row[column]:
                facts.append(
                    f"{round_} hsp:term [ time:{edge}/time:inXSDgYear ?{edge} ; prov:wasDerivedFrom {source(row)} ] FILTER (STR(?{edge}) = {year(row[column])})"
                )
        if row["designated_by"]:
            facts.append(
                f"?st rdf:subject {round_} ; prov:wasDerivedFrom {source(row)} ; rdf:predicate ?p FILTER (?p IN (prov:wasAssociatedWith, hsp:designatedByName))"
            )
        return facts
    if name == "awards.csv":
        award = f"<{award_iri(row['award'])}>"
        facts = [
            f"{award} rdfs:label {lit(row['award'])} ; hsp:programme/skos:notation {lit(row['programme'])} ; prov:wasDerivedFrom {source(row)} ;"
            f" dcterms:isPartOf/hsp:roundYear {lit(row['round_year'])}^^xsd:gYear ; hsp:designee/rdfs:label {lit(row['centre'])}"
        ]
        if row["kind"]:
            # a statement with its source (a low-confidence one is only that, never a plain triple)
            facts.append(
                f"?k rdf:subject {award} ; rdf:predicate hsp:awardKind ; rdf:object <{ID}award-kind/{row['kind']}> ; prov:wasDerivedFrom {source(row)}"
            )
        if row["theme"]:
            facts.append(f"?t rdf:subject {award} ; rdf:predicate hsp:theme ; rdf:object {lit(row['theme'])} ; prov:wasDerivedFrom {source(row)}")
        if row["amount_gbp"]:
            facts.append(f"{award} schema:amount [ {VALUE} {number(row['amount_gbp'])} ; prov:wasDerivedFrom {source(row)} ]")
        for column, edge in (("start_date", "hasBeginning"), ("end_date", "hasEnd")):
            if row[column]:
                facts.append(
                    f"{award} hsp:awardTerm [ time:{edge}/time:inXSDgYear ?{edge} ; prov:wasDerivedFrom {source(row)} ]"
                    f" FILTER (STR(?{edge}) = {year(row[column])})"
                )
        for earlier in filter(None, (e.strip() for e in row["succeeds"].split(";"))):
            facts.append(f"?r rdf:subject {award} ; rdf:predicate dcterms:replaces ; rdf:object <{award_iri(earlier)}> ; prov:wasDerivedFrom {source(row)}")
        return facts
    if name == "award-partners.csv":
        return [
            f"?m hsp:award <{award_iri(row['award'])}> ; org:member {org(graph, row['organisation'])} ; org:role/skos:notation {lit(row['role'])} ;"
            f" org:organization ?centre ; prov:wasDerivedFrom {source(row)} . <{award_iri(row['award'])}> hsp:designee ?centre"
        ]
    if name == "ahsn-members.csv":
        member, network = org(graph, row["organisation"]), org(graph, row["network"])
        if member == network:
            return [f"?s rdf:subject {network} ; rdf:predicate org:role ; rdf:object <{ID}role/{row['role']}> ; prov:wasDerivedFrom {source(row)}"]
        return [f"?m org:member {member} ; org:organization {network} ; org:role/skos:notation {lit(row['role'])} ; prov:wasDerivedFrom {source(row)}"]
    raise AssertionError(f"no check for {name}")


@pytest.mark.parametrize("path", CSVS, ids=lambda p: p.name)
def test_every_row_of_each_csv_is_in_the_graph_ingest_builds(built, path):
    _, graph = built
    missing = [
        f"{path.name}:{n}: {fact}" for n, row in enumerate(rows(path.name), start=2) for fact in row_facts(graph, path.name, row) if not ask(graph, fact)
    ]
    assert missing == []


def test_the_reference_spellings_each_find_their_organisation(kg):
    directory = kg.directory()
    with (HERE / "research_spellings.csv").open(newline="", encoding="utf-8") as stream:
        mapped = list(csv.DictReader(stream))
    assert len(mapped) == 94
    wrong = [(m["spelling"], directory.find(m["spelling"]).why) for m in mapped if directory.find(m["spelling"]).iri != directory.find(m["formal_name"]).iri]
    assert wrong == []
    assert all(directory.find(m["formal_name"]).iri for m in mapped)


def test_organisations_the_graph_knew_stay_one_node_each(kg):
    with (DATA / "national" / "organisations.csv").open(newline="", encoding="utf-8") as stream:
        national = {r["id"] for r in csv.DictReader(stream)}
    known = [r for r in rows("organisations.csv") if r["id"] in national]
    assert len(known) == 64
    directory = kg.directory()
    for row in known:
        assert directory.find(row["name"]).iri == f"{ID}org/{row['id']}", row["name"]
        same = kg.sparql(PREFIXES + f"SELECT ?o WHERE {{ ?o a org:Organization ; rdfs:label|skos:altLabel {lit(row['name'])} }}").values()
        assert {str(r["o"]) for r in same} == {f"{ID}org/{row['id']}"}, row["name"]
    new = [r for r in rows("organisations.csv") if r["id"] not in national]
    assert len(new) == 124
    assert all(directory.find(r["name"]).iri == f"{ID}org/{r['id']}" for r in new)
