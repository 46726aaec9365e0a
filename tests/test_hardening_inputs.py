"""Input files whose parsing has no bound (issue 17, finding 2): entity bombs, over-long literals, huge spreadsheets."""

from __future__ import annotations

import resource
import subprocess

import pytest

RDF = 'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#"'


def laughs(depth: int = 9) -> str:
    """The "billion laughs": each entity ten of the one before, ten to the ``depth`` copies of "lol" from under 1 KB."""
    entities = ['<!ENTITY lol "lol">'] + [f'<!ENTITY lol{i} "{("&lol" + ("" if i == 1 else str(i - 1)) + ";") * 10}">' for i in range(1, depth + 1)]
    body = f'<rdf:Description rdf:about="urn:x:a"><rdfs:label>&lol{depth};</rdfs:label></rdf:Description>'
    return '<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n' + "\n".join(entities) + f"\n]>\n<rdf:RDF {RDF}>\n  {body}\n</rdf:RDF>\n"


def one_line(stderr: str) -> bool:
    return stderr.count("\n") == 1 and "Traceback" not in stderr and "internal error" not in stderr


def limited(executable: str, *args: str, cwd, gigabytes: float = 1.5) -> subprocess.CompletedProcess:
    """``hspkg ARGS`` with its address space capped, so that a bomb ends the run instead of taking the machine."""

    def cap() -> None:
        size = int(gigabytes * (1 << 30))
        resource.setrlimit(resource.RLIMIT_AS, (size, size))

    return subprocess.run([executable, *args], cwd=cwd, capture_output=True, text=True, timeout=60, preexec_fn=cap)


def test_the_laughs_file_is_under_1_kb():
    assert len(laughs().encode()) < 1024


@pytest.mark.parametrize("command", [["query", "ahsns"], ["validate"], ["export", "--format", "ntriples", "-o", "all.nt"]])
def test_a_billion_laughs_is_exit_2_naming_the_file_and_line(command, executable, tmp_path):
    (tmp_path / "laughs.rdf").write_text(laughs())
    result = limited(executable, *command, "--data", "laughs.rdf", cwd=tmp_path)
    assert result.returncode == 2 and one_line(result.stderr), result.stderr[-500:]
    assert "laughs.rdf:4: an entity that is not plain text" in result.stderr
    assert not (tmp_path / "all.nt").exists()


def test_a_smaller_bomb_cannot_store_a_literal_past_16_mb(executable, tmp_path):
    (tmp_path / "laughs7.rdf").write_text(laughs(7))  # 30 MB of "lol": loaded and stored whole before
    result = limited(executable, "query", "ahsns", "--data", "laughs7.rdf", cwd=tmp_path)
    assert result.returncode == 2 and "laughs7.rdf:4:" in result.stderr


def test_an_rdf_xml_literal_past_16_mb_is_exit_2(run, tmp_path):
    body = f'<rdf:Description rdf:about="urn:x:a"><rdfs:label>{"x" * (17 << 20)}</rdfs:label></rdf:Description>'
    (tmp_path / "big.rdf").write_text(f'<?xml version="1.0"?>\n<rdf:RDF {RDF}>\n{body}\n</rdf:RDF>\n')
    result = run("query", "ahsns", "--data", "big.rdf")
    assert result.returncode == 2 and one_line(result.stderr) and "big.rdf:3: a text or attribute longer than 16 MB" in result.stderr


def test_a_declaration_across_two_chunks_and_in_utf_16_is_found(tmp_path):
    from pyoxigraph import RdfFormat

    from hspkg.bounded import _CHUNK, check
    from hspkg.errors import InputError

    head = '<?xml version="1.0"?>\n<!-- '
    split = head + "x" * (_CHUNK - len(head) - 4) + " -->\n<!DOCTYPE r [<!ENTITY a 'b'>]>\n<r/>\n"
    (tmp_path / "split.rdf").write_text(split)
    (tmp_path / "wide.rdf").write_text(laughs(), encoding="utf-16")
    for name, said in [("split.rdf", "split.rdf:3: an entity declared outside"), ("wide.rdf", "wide.rdf:4: an entity that is not plain text")]:
        with pytest.raises(InputError, match=said):
            check(tmp_path / name, RdfFormat.RDF_XML)


PROTEGE = """<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [
    <!ENTITY owl "http://www.w3.org/2002/07/owl#" >
    <!ENTITY ex "https://example.org/onto#" >
]>
<rdf:RDF {rdf}>
  <owl:Class rdf:about="&ex;Trust" xmlns:owl="&owl;"><rdfs:label>Trust</rdfs:label></owl:Class>
</rdf:RDF>
"""


def test_namespace_entities_as_ontology_editors_write_them_are_read(run, tmp_path):
    (tmp_path / "onto.owl").write_text(PROTEGE.format(rdf=RDF))
    (tmp_path / "q.rq").write_text("SELECT ?c WHERE { ?c a <http://www.w3.org/2002/07/owl#Class> ; <http://www.w3.org/2000/01/rdf-schema#label> 'Trust' }")
    result = run("query", "--file", "q.rq", "--data", "onto.owl", "--format", "csv")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["c", "https://example.org/onto#Trust"]


@pytest.mark.parametrize(
    "declaration, said",
    [
        ('<!ENTITY x SYSTEM "file:///etc/passwd">', "not plain text"),
        ('<!ENTITY % p "x">', "not plain text"),
        ('<!ENTITY x "&#38;lt;">', "not plain text"),
        ('<!ENTITY x "' + "y" * 2000 + '">', "not plain text"),
    ],
)
def test_entities_other_than_plain_text_are_refused(declaration, said, run, tmp_path):
    (tmp_path / "x.rdf").write_text(f'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n{declaration}\n]>\n<rdf:RDF {RDF}/>\n')
    result = run("query", "ahsns", "--data", "x.rdf")
    assert result.returncode == 2 and one_line(result.stderr) and f"x.rdf:3: an entity that is {said}" in result.stderr


def test_plain_entities_may_not_expand_past_16_mb(run, tmp_path):
    uses = "&k;" * ((17 << 20) // 1000 + 1)  # 17 MB from 54 KB of references
    body = f'<rdf:Description rdf:about="urn:x:a"><rdfs:label>{uses}</rdfs:label></rdf:Description>'
    (tmp_path / "flat.rdf").write_text(f'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [<!ENTITY k "{"k" * 1000}">]>\n<rdf:RDF {RDF}>\n{body}\n</rdf:RDF>\n')
    result = run("query", "ahsns", "--data", "flat.rdf")
    assert result.returncode == 2 and one_line(result.stderr) and "flat.rdf:4: entities expand past 16 MB" in result.stderr


def test_plain_rdf_xml_is_still_read(run, tmp_path):
    body = '<rdf:Description rdf:about="urn:x:a"><rdfs:label>a &amp; b &lt; c</rdfs:label></rdf:Description>'
    (tmp_path / "plain.rdf").write_text(f'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF>\n<rdf:RDF {RDF}>\n{body}\n</rdf:RDF>\n')
    (tmp_path / "q.rq").write_text("SELECT ?l WHERE { <urn:x:a> <http://www.w3.org/2000/01/rdf-schema#label> ?l }")
    result = run("query", "--file", "q.rq", "--data", "plain.rdf", "--format", "csv")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["l", "a & b < c"]


# finding 7: `ingest` of a 200 MB CSV passed 12 GB (every new fact is held for the shapes check)
def test_ingest_stops_at_its_row_limit_naming_the_line(run, tmp_path):
    from hspkg.ingest import MAX_ROWS

    rows = "".join(f"syn-{i},Synthetic {i},university,https://example.org/list,A list,Someone\n" for i in range(MAX_ROWS + 5))
    (tmp_path / "many.csv").write_text("id,name,kind,source,source_title,source_publisher\n" + rows)
    result = run("ingest", "many.csv", "-o", "out.ttl")
    assert result.returncode == 2 and f"many.csv:{MAX_ROWS + 2}: more than {MAX_ROWS} rows" in result.stderr.splitlines()[-1]
    assert not (tmp_path / "out.ttl").exists()


def test_ingest_refuses_files_past_its_size_limit_before_reading(run, tmp_path):
    from hspkg.ingest import MAX_BYTES

    with (tmp_path / "huge.csv").open("w") as f:
        f.write("id,name,kind,source\n")
        f.write(("x" * 1023 + "\n") * ((MAX_BYTES >> 10) + 1))
    result = run("ingest", "huge.csv", "--dry-run")
    assert result.returncode == 2 and one_line(result.stderr) and "huge.csv: the files given pass 16 MB" in result.stderr
