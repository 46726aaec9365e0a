"""One parser for years and dates (issue 20, item 5; issue 17, finding 8): ASCII digits only, years from 1000,
the calendar checked, and a bad cell a FILE:LINE problem with exit 2, never a SHACL failure or an internal error."""

from __future__ import annotations

import pytest

from hspkg import catalogue, dates, load
from hspkg.errors import InputError

SOURCE = "ahsc-imperial-2013"  # a source the shipped graph describes
MEMBER = "Imperial College London,Imperial College Academic Health Science Centre"


@pytest.mark.parametrize("text", ["٢٠١٥", "２０１５", "0000", "0999", "20x0", "2015-02-30", "2015-13", "2015-1", " ", "2015/03", "+2015"])
def test_what_is_not_a_date(text):
    assert not dates.is_date(text)


@pytest.mark.parametrize("text, year, precision", [("2015", 2015, "year"), ("2015-03", 2015, "month"), ("2016-02-29", 2016, "day"), (" 1123 ", 1123, "year")])
def test_a_date_keeps_the_precision_its_source_gives(text, year, precision):
    parsed = dates.parse_date(text)
    assert (parsed.year, parsed.precision, str(parsed)) == (year, precision, text.strip())


@pytest.mark.parametrize("year", ["٢٠١٥", "0000", "١٩٩٩"])
def test_a_memberships_row_with_a_year_not_in_ascii_digits_is_a_file_line_problem(year, run, tmp_path):
    (tmp_path / "m.csv").write_text(f"member,network,from_year,source\n{MEMBER},{year},{SOURCE}\n", encoding="utf-8")
    result = run("ingest", "m.csv", "-o", "m.ttl")
    assert result.returncode == 2, result.stderr
    assert f"m.csv:2: from_year: '{year}' is not a year" in result.stderr.splitlines()[0]
    assert "internal error" not in result.stderr and not (tmp_path / "m.ttl").exists()


@pytest.mark.parametrize("date", ["٢٠١٥", "2015-02-30", "0000-01"])
def test_an_agreements_date_not_in_ascii_digits_is_a_file_line_problem_not_a_shacl_failure(date, run, tmp_path):
    rows = f"id,organisation,network,date,source\n,{MEMBER},{date},{SOURCE}\n"
    (tmp_path / "a.csv").write_text(rows, encoding="utf-8")
    result = run("ingest", "a.csv", "-o", "a.ttl")
    assert result.returncode == 2, result.stdout + result.stderr
    assert f"a.csv:2: date: '{date}' is not a date" in result.stderr.splitlines()[0]
    assert "Violation" not in result.stdout and not (tmp_path / "a.ttl").exists()
    # one problem per cell (not also "an agreement needs the date"), counted in words, and no "1 row: nothing new" beside it
    assert result.stderr.splitlines()[1:] == ["hspkg: error: 1 problem in a.csv; nothing written"]


# str.isdigit and \d take every script's digits: a count or a population of "١٢" was read as 12
@pytest.mark.parametrize(
    "rows, problem",
    [
        (f"round,status,count,source\nahsc-2009,ahsc,١٢,{SOURCE}\n", "count: '١٢' is not a whole number"),
        (f"partnership,round,count,source\nUCLPartners,ahsc-2009,١٢,{SOURCE}\n", "count: '١٢' is not a whole number"),
        (f"network,fact,value,source\nUCLPartners,population,٦٠٠٠٠٠٠,{SOURCE}\n", "value: a population is a whole number ('٦٠٠٠٠٠٠')"),
        (f"programme,round_year,count,source\nnihr-brc,2022,١٢,{SOURCE}\n", "count: '١٢' does not start with a whole number"),
        (f"programme,round_year,total_amount_gbp,source\nnihr-brc,2022,٥٠٠ (over),{SOURCE}\n", "total_amount_gbp: '٥٠٠ (over)' does not start"),
        (f"programme,round_year,replaced_by,source\nnihr-bru,2012,nihr-brc ٢٠١٧,{SOURCE}\n", "replaced_by: 'nihr-brc ٢٠١٧' is not a programme and a year"),
    ],
    ids=["rounds", "designations", "areas", "programmes-count", "programmes-amount", "programmes-replaced-by"],
)
def test_a_whole_number_not_in_ascii_digits_is_a_file_line_problem(rows, problem, run, tmp_path):
    (tmp_path / "n.csv").write_text(rows, encoding="utf-8")
    result = run("ingest", "n.csv", "-o", "n.ttl")
    assert result.returncode == 2, result.stderr
    assert f"n.csv:2: {problem}" in result.stderr.splitlines()[0]
    assert not (tmp_path / "n.ttl").exists()


@pytest.mark.parametrize("value", ["٢٠١٠", "0000", True, 999])
def test_catalogue_year_parameters_take_the_same_rule(value):
    with pytest.raises(InputError, match="is not a year"):
        load().query(catalogue.get("members"), year=value)


def test_the_command_line_as_of_takes_the_same_rule(run):
    result = run("export", "-o", "x.graphml", "--as-of", "0000")
    assert result.returncode == 2 and "--as-of '0000': not a year (four digits from 1000" in result.stderr
