"""What hspkg writes (issue 17, finding 8): a disk that fills up or a name too long is one line naming the file
and nothing written; a table on the terminal shows the data's escape sequences as text, never runs them."""

from __future__ import annotations

import resource
import signal
import subprocess

import pytest

CONTROL = {chr(c) for c in [*range(9), *range(11, 32), *range(0x7F, 0xA0)]} | {"\u202e", "\u2066"}


def full_disk(executable: str, *args: str, cwd) -> subprocess.CompletedProcess[str]:
    """``hspkg ARGS`` where no file may pass 1,000 bytes: each write past it fails as on a full disk (EFBIG)."""

    def cap() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (1000, 1000))

    return subprocess.run([executable, *args], cwd=cwd, capture_output=True, text=True, timeout=120, preexec_fn=cap)


@pytest.mark.parametrize(
    "args, name",
    [
        (["query", "members", "-o", "m.csv"], "m.csv"),
        (["export", "--format", "turtle", "-o", "all.ttl"], "all.ttl"),
        (["export", "--format", "csv", "-o", "out/"], "out/nodes.csv"),
        (["generate", "--partnerships", "50", "--organisations", "100", "-o", "g.ttl"], "g.ttl"),
    ],
)
def test_a_disk_that_cannot_take_the_file_is_one_line_and_nothing_written(args, name, executable, tmp_path):
    (tmp_path / "out").mkdir()
    result = full_disk(executable, *args, cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert result.stderr == f"hspkg: error: {name}: cannot write it: File too large; nothing written\n"
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["out"]


@pytest.mark.parametrize("length", [252, 300])
def test_a_file_name_too_long_is_exit_2_naming_it(length, run, tmp_path):
    name = "a" * length + ".csv"
    result = run("query", "ahsns", "-o", name)
    assert result.returncode == 2 and result.stderr == f"hspkg: error: {name}: cannot write it: File name too long\n"
    assert list(tmp_path.iterdir()) == []


def test_a_long_name_that_fits_is_written(run, tmp_path):
    name = "a" * 240 + ".csv"  # with the temporary file's prefix and suffix it would not fit
    result = run("query", "ahsns", "-o", name)
    assert result.returncode == 0, result.stderr
    assert [p.name for p in tmp_path.iterdir()] == [name]


def test_the_table_shows_escape_sequences_from_the_data_as_text(run, tmp_path):
    label = "UCL\\u001B]0;owned\\u0007\\u001B[2J\\u009B31m Partners\\u202E\\u0000"
    (tmp_path / "evil.nt").write_text(f'<urn:x:a> <http://www.w3.org/2000/01/rdf-schema#label> "{label}" .\n')
    (tmp_path / "q.rq").write_text("SELECT ?label WHERE { <urn:x:a> <http://www.w3.org/2000/01/rdf-schema#label> ?label }")
    result = run("query", "--file", "q.rq", "--data", "evil.nt", "--format", "table")
    assert result.returncode == 0, result.stderr
    assert not CONTROL & set(result.stdout)
    assert "UCL]0;owned[2J31m Partners" in result.stdout
