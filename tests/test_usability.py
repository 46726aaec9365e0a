"""What a new user meets first: adding their own data, output file names, the install hints, the README.

Some tests run a real non-editable install of this checkout (``pip install .``, the README's
first command, without extras): there the shipped data is inside the package, ``data/`` is
the user's own folder, and the serve and draw extras are missing, as for a researcher who
followed the README. The organisations and memberships are invented, with example.org sources.
"""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from expected import write

CHECKOUT = Path(__file__).resolve().parents[1]
README = (CHECKOUT / "README.md").read_text(encoding="utf-8")

ORGANISATIONS = """name,kind,source_url,source_title,source_publisher
Example Health Network,ahsn,https://example.org/ehn,Example network founding note,Example Publisher
Example Community Trust,nhs-trust,https://example.org/ehn,,
"""
MEMBERSHIPS = """member,network,from_year,to_year,source_url,source_title,source_publisher
"Queen Mary, University of London",Example Health Network,2015,,https://example.org/ehn,,
Example Community Trust,Example Health Network,2015,2018,https://example.org/ehn,,
"""


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture(scope="session")
def installed(made_once):
    """``hspkg`` from a plain ``pip install .`` of this checkout into a fresh virtual environment (no extras), made once per test run."""

    def make(folder: Path) -> None:
        venv = folder / "venv"
        # this Python's pip installs into the new environment (--python), which then needs no pip of its own; --no-compile: the
        # modules are compiled as they are imported (byte-compiling every installed module was half of the install's 8 CPU s)
        subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
        install = [sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "install", "-q", "--no-compile", "--disable-pip-version-check"]
        done = subprocess.run([*install, str(CHECKOUT)], capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stderr[-2000:]

    return str(made_once("base-install", make) / "venv" / "bin" / "hspkg")


@pytest.fixture
def run_installed(installed, tmp_path):
    def _run(*args: str) -> subprocess.CompletedProcess[str]:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}  # nothing of the checkout on the path
        return subprocess.run([installed, *args], cwd=tmp_path, capture_output=True, text=True, timeout=300, env=env)

    return _run


def one_error_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr, result.stderr
    return result.stderr


# 1. your own data beside the shipped data


def test_an_installed_copy_answers_from_the_shipped_data_and_what_you_ingested(run_installed, tmp_path):
    (tmp_path / "data").mkdir()
    write(tmp_path / "orgs.csv", ORGANISATIONS)
    write(tmp_path / "members.csv", MEMBERSHIPS)
    ingested = run_installed("ingest", "orgs.csv", "members.csv", "-o", "data/mine.ttl")
    assert ingested.returncode == 0, ingested.stderr
    shipped = rows(run_installed("query", "members", "--format", "csv").stdout)
    both = run_installed("query", "members", "--add", "data/mine.ttl", "--format", "csv")
    assert both.returncode == 0, both.stderr
    answered = rows(both.stdout)
    ours = sorted((r["memberLabel"], r["startYear"], r["endYear"]) for r in answered if r["networkLabel"] == "Example Health Network")
    assert ours == [("Example Community Trust", "2015", "2018"), ("Queen Mary University of London", "2015", "")]
    assert len(shipped) > 100 and len(answered) == len(shipped) + 2  # the shipped members are all still there
    assert run_installed("validate", "--add", "data/mine.ttl").returncode == 0


def test_add_works_for_export_and_ingest_and_not_with_an_endpoint(run, tmp_path):
    write(tmp_path / "orgs.csv", ORGANISATIONS)
    assert run("ingest", "orgs.csv", "-o", "orgs.ttl").returncode == 0
    # the second ingest knows the network and trust from orgs.ttl only through --add
    write(tmp_path / "members.csv", MEMBERSHIPS)
    alone = run("ingest", "--dry-run", "members.csv")
    assert alone.returncode == 2 and "Example Health Network" in alone.stderr
    added = run("ingest", "members.csv", "--add", "orgs.ttl", "-o", "members.ttl")
    assert added.returncode == 0, added.stderr
    exported = run("export", "--format", "json", "-o", "n.json", "--add", "orgs.ttl", "--add", "members.ttl")
    assert exported.returncode == 0, exported.stderr
    assert "Example Health Network" in (tmp_path / "n.json").read_text(encoding="utf-8")
    refused = run("query", "ahsns", "--endpoint", "http://127.0.0.1:9/sparql", "--add", "orgs.ttl")
    assert refused.returncode == 2 and "--add" in one_error_line(refused)


# 2. output file names


@pytest.mark.parametrize(
    "args, extension, known",
    [(("query", "ahsns", "-o", "q.xlsx"), ".xlsx", ".csv"), (("export", "-o", "n.pdf"), ".pdf", ".graphml")],
)
def test_an_unknown_output_extension_is_refused_naming_the_known_ones(run, tmp_path, args, extension, known):
    result = run(*args)
    assert result.returncode == 2
    line = one_error_line(result)
    assert f"unknown extension {extension}" in line and known in line and "--format" in line
    assert list(tmp_path.iterdir()) == []  # nothing written


def test_an_explicit_format_writes_whatever_the_extension(run, tmp_path):
    assert run("query", "ahsns", "--format", "csv", "-o", "q.xlsx").returncode == 0
    assert (tmp_path / "q.xlsx").read_text(encoding="utf-8").startswith("network,networkLabel,")
    assert run("export", "--format", "graphml", "-o", "n.pdf").returncode == 0
    assert b"<graphml" in (tmp_path / "n.pdf").read_bytes()


def test_a_file_without_an_extension_still_gets_the_default(run, tmp_path):
    assert run("query", "ahsns", "-o", "answer").returncode == 0
    assert (tmp_path / "answer").read_text(encoding="utf-8").startswith("network,networkLabel,")


def test_a_csv_export_says_which_files_it_wrote(run, tmp_path):
    result = run("export", "-o", "n.csv")
    assert result.returncode == 0, result.stderr
    assert result.stderr == "hspkg: wrote n-nodes.csv and n-edges.csv\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["n-edges.csv", "n-nodes.csv"]


# 3. the install hints work from a clone, and the README says what needs which extra


def test_missing_extras_name_an_install_that_works_from_the_checkout(run_installed):
    served = run_installed("serve", "--port", "1")
    assert served.returncode == 1
    assert "pip install '.[serve]' in the hspkg checkout" in one_error_line(served) and "hspkg[serve]" not in served.stderr
    drawn = run_installed("export", "--format", "png", "-o", "n.png")
    assert drawn.returncode == 1
    assert "pip install '.[draw]' in the hspkg checkout" in one_error_line(drawn) and "hspkg[draw]" not in drawn.stderr


def test_the_readme_workflow_uses_add_and_says_serve_needs_its_extra():
    assert "--data data/ --data data/mine.ttl" not in README
    assert "hspkg query members --add mine.ttl" in README
    serve_section = README[README.index("Or hand colleagues a read-only endpoint") :][:800]
    assert "pip install '.[serve]'" in serve_section
    first_command = README[README.index("```sh") :].splitlines()[2]
    assert "pip install -q . " in first_command  # the base install, which is why serve needs the extra


# 4. tsv is the W3C form for SPARQL tools; csv is the spreadsheet's


def test_tsv_is_w3c_sparql_tsv_and_the_readme_says_csv_is_for_spreadsheets(run):
    tsv = run("query", "ahsns", "--format", "tsv").stdout.splitlines()
    csv_ = run("query", "ahsns", "--format", "csv").stdout.splitlines()
    assert tsv[0].startswith("?network\t?networkLabel") and tsv[1].startswith("<https://w3id.org/hspkg/id/org/")
    assert csv_[0].startswith("network,networkLabel") and csv_[1].startswith("https://w3id.org/hspkg/id/org/")
    assert "`csv` for spreadsheets" in README and "TSV keeps each term in SPARQL's" in README
