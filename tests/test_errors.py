"""Bad input: one line on stderr naming what and where, exit 2, no traceback, nothing half-written."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from expected import write
from hspkg.atomic import atomic
from hspkg.errors import InputError

BROKEN_TTL = '@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:a ex:b "unterminated .\n'
BROKEN_RQ = "SELECT ?x\nWHERE {\n  ?x ?y ?z FILTER (?x = )\n}\n"

CASES = {
    "broken turtle": (["validate", "--data", "broken.ttl"], "broken.ttl:3"),
    "broken turtle in query": (["query", "members", "--data", "broken.ttl"], "broken.ttl:3"),
    "malformed query file": (["query", "--file", "broken.rq"], "broken.rq:3:"),
    "missing query file": (["query", "--file", "absent.rq"], "absent.rq: no such query file"),
    "unknown query": (["query", "membrs"], "no query named 'membrs'; the catalogue has: ahsns, areas"),
    "unknown parameter": (["query", "members", "--param", "yaer=2010"], "query members has no parameter 'yaer'"),
    "missing parameter": (["query", "networks-of"], "query networks-of needs parameter organisation"),
    "year not a year": (["query", "members", "--param", "year=twenty"], "parameter year of query members: 'twenty' is not a year"),
    "empty year": (["query", "members", "--param", "year="], "parameter year of query members: '' is not a year"),
    "injection": (["query", "members", "--param", 'year=2010" } UNION { ?s ?p ?o'], "is not a year"),
    "parameter without =": (["query", "members", "--param", "year"], "--param 'year': write it as NAME=VALUE"),
    "unknown organisation": (["query", "networks-of", "--param", "organisation=Atlantis"], "no organisation is called 'Atlantis'"),
    "output into a missing folder": (["query", "members", "-o", "missing/out.csv"], "missing/out.csv: cannot write it, the folder 'missing' does not exist"),
    "export into a missing folder": (["export", "-o", "missing/g.graphml"], "the folder 'missing' does not exist"),
    "missing data path": (["query", "members", "--data", "nowhere.ttl"], "nowhere.ttl: no such file or folder"),
    "not an rdf file": (["query", "members", "--data", "notes.txt"], "notes.txt: not an RDF file name"),
    "unknown format": (["query", "members", "--format", "yaml"], "'yaml' is not one of"),
    "bad as-of year": (["export", "-o", "g.graphml", "--as-of", "20x0"], "--as-of '20x0': not a year"),
    "as-of on the full view": (["export", "-o", "g.graphml", "--view", "full", "--as-of", "2010"], "hspkg: error: --as-of 2010: applies to"),
    "name and file": (["query", "members", "--file", "broken.rq"], "not both or neither"),
    "unknown command": (["frobnicate"], "No such command 'frobnicate'"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_is_one_line_and_exit_2(run, tmp_path, case):
    args, expected = CASES[case]
    write(tmp_path / "broken.ttl", BROKEN_TTL)
    write(tmp_path / "broken.rq", BROKEN_RQ)
    write(tmp_path / "notes.txt", "not rdf")
    result = run(*args)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("hspkg: error: ")
    assert expected in lines[0]
    assert result.stdout == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.rq", "broken.ttl", "notes.txt"]


def test_debug_shows_the_traceback(run):
    result = run("--debug", "query", "membrs")
    assert result.returncode == 2
    assert "Traceback" in result.stderr


def test_debug_is_the_option_not_a_word_anywhere_in_the_arguments(run):
    result = run("query", "members", "--param", "--debug")
    assert result.returncode == 2
    assert result.stderr == "hspkg: error: --param '--debug': write it as NAME=VALUE, such as --param year=2010\n"


def test_a_failed_write_leaves_the_old_file_whole(tmp_path):
    target = tmp_path / "answer.csv"
    target.write_text("old contents")
    with pytest.raises(RuntimeError):
        with atomic(target) as stream:
            stream.write(b"half of the new")
            raise RuntimeError("failure part-way")
    assert target.read_text() == "old contents"
    assert [p.name for p in tmp_path.iterdir()] == ["answer.csv"]


def test_an_output_path_that_is_a_folder_is_refused(tmp_path):
    with pytest.raises(InputError, match="is a folder"):
        with atomic(tmp_path):
            pass


def _whole_line(text: str, limit: int) -> str:
    """What ``one_line`` gives, read the plain way: every character of ``text`` looked at."""
    import unicodedata

    printable = "".join(c if c.isspace() or unicodedata.category(c)[0] != "C" else "" for c in text)
    folded = " ".join(printable.split())
    return folded if len(folded) <= limit else folded[: limit - 1] + "…"


@given(st.text(alphabet=st.sampled_from("ab é\t\n\r\x00\x1b\x07\u2028\u00a0\ufeff…"), max_size=60), st.integers(1, 20))
@settings(max_examples=400, deadline=None)
def test_one_line_gives_the_line_the_whole_text_gives(text, limit):
    from hspkg.errors import one_line

    assert one_line(text, limit) == _whole_line(text, limit)


def test_one_line_reads_only_as_far_as_the_line_shows():
    """An endpoint's answer of megabytes is made a message line by reading its first few hundred characters."""
    from hspkg.errors import one_line

    class Counted(str):
        read = 0

        def __iter__(self):
            for c in str.__iter__(self):
                Counted.read += 1
                yield c

    body = Counted("refused: " + "word " * 200_000)
    line = one_line(body)
    assert Counted.read < 1000
    assert line == _whole_line(str(body), 300) and len(line) == 300
