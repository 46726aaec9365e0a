"""The RDFS closure made while the files stream in is the closure the updates make when run over the loaded graph."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyoxigraph import DefaultGraph, RdfFormat, Store
from rdflib import Graph
from rdflib.compare import isomorphic

from hspkg import catalogue, load
from hspkg.errors import InputError
from hspkg.generate import generate
from hspkg.inference import Entailed, fill
from hspkg.rdffiles import ontology_files, rdf_files, read_files
from hspkg.resources import shipped

PREFIXES = """@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix hsp: <https://w3id.org/hspkg/ontology#> .
@prefix x: <urn:x#> .
"""


def by_updates(ontology: list[Path], data: list[Path]) -> Store:
    """The closure as defined: the files bulk-loaded, then each update of the closure run over them in turn."""
    store = Store()
    read_files(store, ontology + data)
    for update in catalogue.closure():
        store.update(update)
    return store


def same_graph(a: Store, b: Store) -> None:
    """The same quads: the named graphs' as text, the default graph's up to blank node names."""
    named = [sorted(str(q) for q in s if not isinstance(q.graph_name, DefaultGraph)) for s in (a, b)]
    assert named[0] == named[1]
    default = [Graph().parse(data=s.dump(format=RdfFormat.N_TRIPLES, from_graph=DefaultGraph()).decode(), format="nt") for s in (a, b)]
    assert len(default[0]) == len(default[1])
    assert isomorphic(default[0], default[1]), sorted(set(map(str, default[0])) ^ set(map(str, default[1])))[:10]


class Stores:
    """``new_store`` for :func:`fill`: a new store each call, on disk under ``folder`` if given; counted."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder, self.made = folder, 0

    def __call__(self) -> Store:
        self.made += 1
        return Store(str(self.folder / f"store{self.made}")) if self.folder else Store()


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(PREFIXES + text if path.suffix == ".ttl" else text)
    return path


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    path = tmp_path_factory.mktemp("inference") / "small.ttl"
    generate(path, partnerships=8, organisations=80, members_per=5, seed=5)
    return path


@pytest.mark.parametrize("data", ["shipped", "synthetic"])
def test_the_streamed_closure_is_the_closure_the_updates_make(synthetic, data, tmp_path):
    files = rdf_files([shipped("data") if data == "shipped" else synthetic])
    expected = by_updates(ontology_files(), files)
    streamed = fill(Store, ontology_files(), files)
    assert sorted(map(str, streamed)) == sorted(map(str, expected))
    assert len(streamed) > len(Store()) and len(streamed) == len(expected)
    stores = Stores(tmp_path)
    on_disk = fill(stores, ontology_files(), files)
    assert sorted(map(str, on_disk)) == sorted(map(str, expected))
    assert stores.made == 1


def test_what_follows_from_types_and_superproperties_of_any_file_is_inferred_and_named_graphs_are_left_alone(tmp_path):
    """Types through subproperties of rdf:type and their superclasses; a blank node class; statements in named graphs."""
    extra = write(
        tmp_path,
        "extra.ttl",
        """x:kindOf rdfs:subPropertyOf rdf:type .
        x:Clinic rdfs:subClassOf hsp:University .
        hsp:University rdfs:subClassOf [ x:note "a class with no name" ] .
        x:partOf rdfs:subPropertyOf org:memberOf .""",
    )
    data = [
        write(tmp_path, "a.ttl", "x:a x:kindOf x:Clinic ; x:partOf x:n .\nx:b a hsp:University .\nx:Clinic rdfs:subClassOf org:Organization ."),
        write(tmp_path, "b.trig", f"{PREFIXES}x:g {{ x:d a hsp:University . x:e x:partOf x:n }}\nx:f a x:Clinic ."),
        write(tmp_path, "c.nt", "<urn:x#h> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <urn:x#Clinic> .\n"),
    ]
    ontology = [*ontology_files(), extra]
    stores = Stores()
    streamed = fill(stores, ontology, data)
    assert stores.made == 1  # streamed: what the hierarchy triple in the data says, the ontology implies
    same_graph(streamed, by_updates(ontology, data))
    asked = catalogue.PROLOGUE + "ASK { x:a a hsp:University, org:Organization ; org:memberOf x:n . x:f a org:Organization FILTER NOT EXISTS { x:d ?p ?o } }"
    assert streamed.query(asked.replace("PREFIX", "PREFIX x: <urn:x#>\nPREFIX", 1))


def test_a_superproperty_of_rdf_type_gets_the_types_and_their_superclasses(tmp_path):
    extra = write(tmp_path, "extra.ttl", "rdf:type rdfs:subPropertyOf x:classifiedAs .")
    data = [write(tmp_path, "a.ttl", "x:a a hsp:University .")]
    ontology = [*ontology_files(), extra]
    stores = Stores()
    streamed = fill(stores, ontology, data)
    assert stores.made == 1
    same_graph(streamed, by_updates(ontology, data))
    assert streamed.query(catalogue.PROLOGUE + "ASK { <urn:x#a> a org:Organization ; <urn:x#classifiedAs> hsp:University }")


@pytest.mark.parametrize(
    "added",
    [
        "x:Clinic rdfs:subClassOf hsp:University .\nx:a a x:Clinic .",  # a class the ontology does not have
        "hsp:University rdfs:subClassOf x:Teaching .\nx:a a hsp:University .",  # a superclass of one it has
        "x:partOf rdfs:subPropertyOf org:memberOf .\nx:a x:partOf x:n .",  # a property
    ],
)
def test_data_that_adds_to_the_hierarchy_gets_the_whole_closure_on_disk_too(tmp_path, added):
    data = [write(tmp_path, "a.ttl", "x:b a hsp:University ; x:partOf x:m ."), write(tmp_path, "b.ttl", added)]
    expected = by_updates(ontology_files(), data)
    assert len(fill(Store, ontology_files(), data)) == len(expected)
    stores = Stores(tmp_path)
    same_graph(fill(stores, ontology_files(), data), expected)
    assert stores.made == 2  # loaded again, the general way


def test_a_subproperty_of_subclass_of_gets_the_closure_the_updates_make(tmp_path):
    """Step 3 then adds to the hierarchy step 4 reads: no streaming, the updates run as written."""
    extra = write(tmp_path, "extra.ttl", "x:narrower rdfs:subPropertyOf rdfs:subClassOf .")
    data = [write(tmp_path, "a.ttl", "x:Clinic x:narrower hsp:University .\nx:a a x:Clinic .")]
    ontology = [*ontology_files(), extra]
    assert Entailed.of(ontology) is None
    streamed = fill(Store, ontology, data)
    same_graph(streamed, by_updates(ontology, data))
    assert streamed.query(catalogue.PROLOGUE + "ASK { <urn:x#a> a hsp:University }")  # one step: the updates close no further


def test_a_file_that_breaks_off_is_an_input_error_naming_file_and_line(tmp_path):
    data = [write(tmp_path, "a.ttl", "x:a a hsp:University .\n"), write(tmp_path, "b.ttl", 'x:a a hsp:University .\nx:a x:p "open .\n')]
    with pytest.raises(InputError) as caught:
        load(data)
    assert str(caught.value).startswith(f"{data[1]}:{len(PREFIXES.splitlines()) + 2}: ")
