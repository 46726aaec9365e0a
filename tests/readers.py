"""Our outputs read back by real parsers, for comparing answers across formats and servers."""

from __future__ import annotations

import csv
import io
import json

from pyoxigraph import QueryResultsFormat, parse_query_results
from SPARQLWrapper import JSON, SPARQLWrapper

import hspkg

# what the library answers; every other way of asking (the CLI's formats, servers) must read back the same
PAIRS = {(r["university"].value, r["trust"].value, r["network"].value) for r in hspkg.load().query("universities-trusts")}


def pairs_from_csv(text: str) -> set[tuple[str, str, str]]:
    return {(r["university"], r["trust"], r["network"]) for r in csv.DictReader(io.StringIO(text))}


def pairs_from_json(text: str) -> set[tuple[str, str, str]]:
    document = json.loads(text)
    assert document["head"]["vars"][:2] == ["university", "universityLabel"]
    return {(b["university"]["value"], b["trust"]["value"], b["network"]["value"]) for b in document["results"]["bindings"]}


def pairs_parsed_by(format: QueryResultsFormat):
    def read(text: str) -> set[tuple[str, str, str]]:
        return {(s["university"].value, s["trust"].value, s["network"].value) for s in parse_query_results(text.encode(), format=format)}

    return read


READERS = {
    "csv": pairs_from_csv,
    "json": pairs_from_json,
    "tsv": pairs_parsed_by(QueryResultsFormat.TSV),
    "xml": pairs_parsed_by(QueryResultsFormat.XML),
}


def founders_by_org_terms(endpoint: str) -> set[str]:
    """What a SPARQLWrapper client that is not hspkg finds with W3C ORG terms only."""
    client = SPARQLWrapper(endpoint)
    client.setQuery("""
        PREFIX org: <http://www.w3.org/ns/org#>
        PREFIX time: <http://www.w3.org/2006/time#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
        SELECT ?member WHERE {
          ?network rdfs:label "UCLPartners" .
          ?m org:organization ?network ; org:member ?member ; org:memberDuring/time:hasBeginning/time:inXSDgYear ?start .
          FILTER (?start <= "2010"^^xsd:gYear) }""")
    client.setReturnFormat(JSON)
    return {b["member"]["value"] for b in client.queryAndConvert()["results"]["bindings"]}


def rows(text: str) -> list[tuple[str, ...]]:
    """CSV rows with each multi-valued cell sorted, for comparing answers.

    A GROUP_CONCAT's order is the engine's (two Oxigraph stores differ): its parts, separated by
    spaces ('sources') or by "; " ('awards'), are compared as a sorted list of words.
    """
    table = list(csv.reader(io.StringIO(text)))
    return sorted(tuple(" ".join(sorted(cell.replace("; ", " ").split())) for cell in row) for row in table[1:])
