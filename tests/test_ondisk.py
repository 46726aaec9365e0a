"""``--store``: built on disk by streaming (same triples as loading in memory), locked while built, clear errors."""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from collections import Counter
from pathlib import Path

import pytest

from answers import rows
from hspkg import catalogue, load
from hspkg.errors import InputError
from hspkg.generate import generate
from hspkg.ondisk import COMPACTED, MANIFEST, STORE


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    path = tmp_path_factory.mktemp("ondisk") / "small.ttl"
    generate(path, partnerships=6, organisations=60, members_per=5, seed=11)
    return path


@pytest.mark.parametrize("data", ["shipped", "synthetic"])
def test_a_store_built_on_disk_holds_the_same_triples_as_the_graph_loaded_in_memory(tmp_path, synthetic, data):
    """Both are filled by inference.fill; on disk, through a store that is opened, closed and opened read-only."""
    files = None if data == "shipped" else [synthetic]
    in_memory = sorted(map(str, load(files).store))
    on_disk = load(files, store=tmp_path / "kept")
    assert sorted(map(str, on_disk.store)) == in_memory
    assert len(on_disk) == len(in_memory)
    again = load(files, store=tmp_path / "kept")  # reused: opened, not rebuilt
    assert len(again) == len(in_memory)


def test_two_first_builds_into_one_folder_at_once_build_it_once_and_both_answer(executable, run, tmp_path):
    """The second process waits for the first's build and reuses it: at no moment are there two builds."""
    run("generate", "--partnerships", "300", "--organisations", "3000", "-o", "big.ttl")  # a build long enough to overlap
    command = [executable, "--quiet", "query", "ahsns", "--data", "big.ttl", "--store", "kept", "--format", "csv"]
    # answers go to files, not pipes: a pipe nobody reads while we watch fills up and stalls the child
    answers = [(tmp_path.parent / f"{tmp_path.name}-out{i}", tmp_path.parent / f"{tmp_path.name}-err{i}") for i in range(2)]
    both = []
    for out, err in answers:
        with out.open("w") as stdout, err.open("w") as stderr:
            both.append(subprocess.Popen(command, cwd=tmp_path, stdout=stdout, stderr=stderr))
    builds: set[str] = set()
    deadline = time.monotonic() + 120
    while any(p.poll() is None for p in both) and time.monotonic() < deadline:
        builds |= {p.name for p in tmp_path.glob(".kept.building-*")}
        time.sleep(0.005)
    for p in both:
        p.wait(timeout=120)
    outputs = [(out.read_text(), err.read_text()) for out, err in answers]
    assert [p.returncode for p in both] == [0, 0], [err for _, err in outputs]
    assert outputs[0][0] == outputs[1][0] and outputs[0][0].count("\n") > 1
    assert len(builds) == 1, builds
    assert (tmp_path / "kept" / MANIFEST).is_file()
    # nothing half-built left beside it, nor the lock
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.ttl", "kept"]


def test_a_store_under_a_missing_folder_is_exit_2_naming_it(run, tmp_path):
    result = run("query", "ahsns", "--store", "nowhere/kept")
    assert result.returncode == 2
    assert result.stderr.strip() == "hspkg: error: --store nowhere/kept: no such folder: nowhere"
    assert not (tmp_path / "nowhere").exists()


def test_a_store_can_be_read_by_two_processes_at_once(executable, tmp_path, synthetic):
    """A built store is opened read-only, so queries from several processes run side by side."""
    load([synthetic], store=tmp_path / "kept")
    command = [executable, "--quiet", "query", "ahsns", "--data", str(synthetic), "--store", "kept", "--format", "csv"]
    both = [subprocess.Popen(command, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [p.communicate(timeout=60) for p in both]
    assert [p.returncode for p in both] == [0, 0], [err for _, err in outputs]
    assert outputs[0][0] == outputs[1][0]


def adds_to_the_hierarchy(path: Path) -> Path:
    """Data whose store is filled in several bulk loads (inference.fill's second way), so it has files to merge."""
    path.write_text(
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n@prefix hsp: <https://w3id.org/hspkg/ontology#> .\n"
        "<urn:x#Clinic> rdfs:subClassOf hsp:University .\n<urn:x#a> a <urn:x#Clinic> .\n"
    )
    return path


def test_a_store_of_data_that_adds_to_the_hierarchy_is_built_again_in_the_same_folder(tmp_path):
    """The streamed closure would be short of it, so the store is started anew (inference.fill): the first one closed, then removed."""
    data = adds_to_the_hierarchy(tmp_path / "mine.ttl")
    in_memory = sorted(map(str, load([data]).store))
    on_disk = load([data], store=tmp_path / "kept")
    assert sorted(map(str, on_disk.store)) == in_memory
    assert on_disk.sparql("ASK { <urn:x#a> a <http://www.w3.org/ns/org#Organization> }").boolean
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kept", "mine.ttl"]


def files_of(store: Path) -> int:
    return len(list((store / STORE).glob("*.sst")))


def test_compact_merges_a_built_store_in_place_once_and_it_answers_the_same(tmp_path):
    data = adds_to_the_hierarchy(tmp_path / "mine.ttl")
    kept, manifest = tmp_path / "kept", tmp_path / "kept" / MANIFEST
    triples = sorted(map(str, load([data], store=kept).store))
    loose = files_of(kept)
    # a store built before compacting was an option has no such key in its manifest: it is reused as it is
    manifest.write_text(json.dumps({k: v for k, v in json.loads(manifest.read_text()).items() if k != COMPACTED}))
    folder = kept.stat().st_ino
    compacted = load([data], store=kept, compact=True)
    assert sorted(map(str, compacted.store)) == triples
    assert files_of(kept) < loose, (files_of(kept), loose)
    assert kept.stat().st_ino == folder  # compacted where it was, not built again
    assert json.loads(manifest.read_text())[COMPACTED] is True
    written = manifest.stat().st_mtime_ns
    assert len(load([data], store=kept, compact=True)) == len(triples)
    assert manifest.stat().st_mtime_ns == written  # once
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kept", "mine.ttl"]


def test_a_store_built_compacted_holds_the_same_triples_in_fewer_files(tmp_path):
    data = adds_to_the_hierarchy(tmp_path / "mine.ttl")
    loose, compacted = load([data], store=tmp_path / "loose"), load([data], store=tmp_path / "compacted", compact=True)
    assert sorted(map(str, compacted.store)) == sorted(map(str, loose.store))
    assert files_of(tmp_path / "compacted") < files_of(tmp_path / "loose")
    assert json.loads((tmp_path / "compacted" / MANIFEST).read_text())[COMPACTED] is True


@pytest.mark.parametrize("args", [["--compact"], ["--compact", "--data", "nowhere.ttl"]])
def test_compact_without_a_store_is_exit_2_naming_it(run, args):
    result = run("query", "ahsns", *args)
    assert result.returncode == 2
    assert result.stderr.strip() == "hspkg: error: --compact: needs a store to compact (--store DIR)"


def test_compact_from_the_command_line_answers_as_the_store_without(run, tmp_path, synthetic):
    asked = ["query", "members", "--param", "network=Synthetic Network 2", "--data", str(synthetic), "--format", "csv"]
    loose, compacted = run(*asked, "--store", "loose"), run(*asked, "--store", "kept", "--compact")
    assert compacted.returncode == 0, compacted.stderr
    assert compacted.stdout == loose.stdout and compacted.stdout.count("\n") > 1
    assert json.loads((tmp_path / "kept" / MANIFEST).read_text())[COMPACTED] is True
    assert json.loads((tmp_path / "loose" / MANIFEST).read_text())[COMPACTED] is False


def test_compact_on_a_store_whose_files_are_gone_is_exit_1_and_makes_no_empty_store(run, tmp_path, synthetic):
    asked = ["query", "ahsns", "--data", str(synthetic), "--format", "csv", "--store", "kept"]
    assert run(*asked).returncode == 0
    shutil.rmtree(tmp_path / "kept" / STORE)
    result = run(*asked, "--compact")
    assert result.returncode == 1
    assert result.stderr.startswith("hspkg: error: --store kept: ") and result.stderr.count("\n") == 1, result.stderr
    assert not (tmp_path / "kept" / STORE).exists()
    assert json.loads((tmp_path / "kept" / MANIFEST).read_text())[COMPACTED] is False


@pytest.mark.parametrize("recorded", ["yes", 1, None])
def test_a_manifest_that_does_not_say_true_is_not_compacted(tmp_path, recorded):
    data = adds_to_the_hierarchy(tmp_path / "mine.ttl")
    kept, manifest = tmp_path / "kept", tmp_path / "kept" / MANIFEST
    load([data], store=kept)
    loose = files_of(kept)
    manifest.write_text(json.dumps({**json.loads(manifest.read_text()), COMPACTED: recorded}))
    load([data], store=kept, compact=True)
    assert files_of(kept) < loose
    assert json.loads(manifest.read_text())[COMPACTED] is True


def test_a_compacted_store_is_compacted_again_when_its_data_changes(tmp_path):
    data = adds_to_the_hierarchy(tmp_path / "mine.ttl")
    kept = tmp_path / "kept"
    load([data], store=kept, compact=True)
    compacted = files_of(kept)
    data.write_text(data.read_text() + "<urn:x#b> a <urn:x#Clinic> .\n")
    again = load([data], store=kept)  # rebuilt: the data changed; --compact not given again
    assert again.sparql("ASK { <urn:x#b> a <http://www.w3.org/ns/org#Organization> }").boolean
    assert json.loads((kept / MANIFEST).read_text())[COMPACTED] is True
    assert files_of(kept) == compacted


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"compact": 1, "store": "kept"}, "compact=1: must be True or False"),
        ({"compact": True}, "compact=True: needs a store to compact (--store DIR)"),
        ({"store": ""}, "store='': an empty path; give the store's folder"),
    ],
)
def test_bad_store_arguments_from_python_name_the_argument(tmp_path, monkeypatch, kwargs, message):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(InputError) as raised:
        load(**kwargs)
    assert str(raised.value) == message
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("given", "said"),
    [("", "--store '': an empty path; give the store's folder"), (".", "--store .: give the store a folder of its own, by name (not '.', '..' or '/')")],
)
def test_a_store_path_without_a_name_on_the_command_line_is_exit_2(run, tmp_path, given, said):
    result = run("query", "ahsns", "--store", given)
    assert result.returncode == 2
    assert result.stderr.strip() == f"hspkg: error: {said}"
    assert list(tmp_path.iterdir()) == []


def test_every_catalogue_query_answers_alike_in_the_same_order_from_memory_and_from_a_store(tmp_path):
    """The two stores list a subject's triples in different orders: ORDER BY must leave no ties (a GROUP_CONCAT's parts may still come in another order)."""
    given = {"organisation": "UCL", "resource": "https://w3id.org/hspkg/id/org/ucl"}
    in_memory, on_disk = load(), load(store=tmp_path / "kept")
    for name in sorted(catalogue.queries()):
        params = {p.name: given[p.name] for p in catalogue.get(name).params if p.required}
        found, expected = rows(on_disk, name, params), rows(in_memory, name, params)
        if name == "describe":  # no ORDER BY: with any, Virtuoso 7 drops its long literals (tests/test_stores.py); compared as a multiset
            found, expected = Counter(found), Counter(expected)
        assert found == expected, name
