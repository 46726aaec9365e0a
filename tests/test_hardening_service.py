"""SERVICE is refused by the SPARQL grammar, not by a pattern over the text (issue 17, finding 1).

Hypothesis writes SERVICE clauses hidden as an attacker would hide them (codepoint
escapes, mixed case, comments, U+00A0 inside IRIs and strings, nested groups, the
two bypasses of the old pattern), each aimed at a loopback listener. Every one must be
refused by the library, by ``hspkg query --file`` with and without ``--endpoint``
(exit 2) and by ``hspkg serve`` (400), and the listener must see no connection.
"""

from __future__ import annotations

import io
import urllib.error
import urllib.parse
import urllib.request
from contextlib import redirect_stderr
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import hspkg
from hspkg import service_clauses
from hspkg.errors import InputError
from hspkg.exits import main
from servers import Listener

# The two bypasses of the pattern the grammar replaced (issue 17, finding 1), {port} to fill in.
BYPASSES = [
    "SELECT * WHERE { FILTER(1<2)SERVICE#>\n<http://127.0.0.1:{port}/x>{ ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p <http://example.org/a\u00a0'> . SERVICE <http://127.0.0.1:{port}/x> { ?s ?p ?o } . ?s ?p 'b' }",
]


@st.composite
def keyword(draw: st.DrawFn) -> str:
    """SERVICE in any case, each letter plain or as a \\u or \\U codepoint escape."""
    letters = []
    for c in "service":
        c = draw(st.sampled_from([c, c.upper(), "ſ" if c == "s" else c]))  # ſ folds to s
        letters.append(draw(st.sampled_from([c, c, f"\\u{ord(c):04X}", f"\\U{ord(c):08x}"])))
    return "".join(letters)


# What may stand between tokens: whitespace, and comments that look like the end of an IRI or a string.
GAP = st.sampled_from([" ", "\n", "\t", "\r\n", "  \n ", "#>\n", "# SERVICE '\n", "#\u00a0'>\n", " # }\n", "\u00a0", "\u2028", "\u3000"])
# What may come before the clause: the first bypass's comparison, IRIs and strings holding U+00A0, quotes and braces.
BEFORE = st.sampled_from(
    [
        "",
        "FILTER(1<2)",
        "?s ?p <http://example.org/a\u00a0'> .",
        "?s ?p '''it's\n\"SERVICE\"''' .",
        '?s ?p "} \\" #" .',
        "BIND (<http://example.org/\u00a0'#> AS ?x)",
        "?s <urn:SERVICE> ?service .",
    ]
)
# Where the clause may sit: nested groups, OPTIONAL, either side of a UNION, inside a subquery.
NESTING = st.sampled_from(
    [
        ("", ""),
        ("{ ", " }"),
        ("{ { { ", " } } }"),
        ("OPTIONAL { ", " }"),
        ("{ ?s ?p ?o } UNION { ", " }"),
        ("{ SELECT * WHERE { ", " } }"),
        ("MINUS { ?a ?b ?c } { ", " }"),
    ]
)


@st.composite
def service_queries(draw: st.DrawFn) -> str:
    """A query with a SERVICE clause aimed at 127.0.0.1:{port}, hidden in one of many ways."""
    form = draw(st.sampled_from(["SELECT * WHERE", "ASK", "SELECT ?s WHERE", "CONSTRUCT { ?s ?p ?o } WHERE"]))
    opening, closing = draw(NESTING)
    silent = draw(st.sampled_from(["", " SILENT", "\nsilent"]))
    path = draw(st.sampled_from(["x", "sparql", "\\u0078", "a\u00a0'b", "%41"]))
    clause = f"{draw(keyword())}{silent}{draw(GAP)}<http://127.0.0.1:{{port}}/{path}>{draw(GAP)}{{ ?s ?p ?o }}"
    return f"{form}{draw(GAP)}{{{draw(GAP)}{draw(BEFORE)}{draw(GAP)}{opening}{clause}{closing}{draw(GAP)}}}"


EXAMPLES = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A one-triple data file: the command line loads it in milliseconds."""
    path = tmp_path_factory.mktemp("data") / "tiny.ttl"
    path.write_text("<urn:x:a> <urn:x:b> <urn:x:c> .\n")
    return path


def cli(*args: str) -> tuple[int, str]:
    """The command line's exit code and standard error, run in this process (the same code as the script)."""
    err = io.StringIO()
    with redirect_stderr(err):
        code = main(list(args))
    return code, err.getvalue()


def post(base: str, query: str) -> tuple[int, bytes]:
    request = urllib.request.Request(f"{base}/sparql", data=query.encode("utf-8"), headers={"Content-Type": "application/sparql-query"})
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


@given(template=st.one_of(st.sampled_from(BYPASSES), service_queries()))
@EXAMPLES
def test_every_hidden_service_is_refused_everywhere_and_nothing_is_sent(template, tiny, served, tmp_path_factory):
    folder = tmp_path_factory.mktemp("q")
    with Listener() as listener:
        query = template.replace("{port}", str(listener.port))
        (folder / "q.rq").write_text(query, encoding="utf-8")
        assert service_clauses.uses_service(query), query
        with pytest.raises(InputError):
            hspkg.load([tiny]).sparql(query)
        with pytest.raises(InputError):
            hspkg.connect(f"{served}/sparql").sparql(query)
        embedded = cli("query", "--file", str(folder / "q.rq"), "--data", str(tiny))
        remote = cli("query", "--file", str(folder / "q.rq"), "--endpoint", f"{served}/sparql")
        status, body = post(served, query)
        assert listener.connections == 0, query
    assert embedded[0] == 2 and embedded[1].count("\n") == 1, embedded
    assert remote[0] == 2 and remote[1].count("\n") == 1, remote
    assert status == 400, (status, body)


@pytest.mark.parametrize("bypass", BYPASSES)
def test_the_two_bypasses_are_exit_2_from_the_installed_command(bypass, run, tmp_path):
    with Listener() as listener:
        (tmp_path / "q.rq").write_text(bypass.replace("{port}", str(listener.port)), encoding="utf-8")
        result = run("query", "--file", "q.rq")
        assert listener.connections == 0
    assert result.returncode == 2 and "SERVICE clauses are refused" in result.stderr and result.stderr.count("\n") == 1


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { ?s ?p 'North West Ambulance Service' }",
        "SELECT ?service WHERE { ?service <urn:x:SERVICE> <urn:SERVICE> } # SERVICE <http://127.0.0.1:9/> {}",
        'SELECT * WHERE { ?s ?p """SERVICE <http://127.0.0.1:9/> { ?s ?p ?o }""" }',
        "PREFIX service: <urn:x:> SELECT * WHERE { ?s service:SERVICE ?o }",
        # rdflib's parser recurses for each pattern: 150 of them passed Python's default recursion limit
        "SELECT * WHERE { " + " ".join(f'?s{i} <urn:p> "service {i}" .' for i in range(150)) + " }",
    ],
    ids=["literal", "comment", "long-string", "prefix", "many-patterns"],
)
def test_the_word_outside_the_keyword_is_answered(query, tiny):
    assert not service_clauses.uses_service(query)
    hspkg.load([tiny]).sparql(query).values()


@pytest.mark.parametrize(
    "query, said",
    [
        ("SELECT * WHERE { ?s ?p 'Ambulance Service' ", "1:"),
        ("SELECT * WHERE " + "{" * 400 + "SERVICE <http://127.0.0.1:9/> {}" + "}" * 400, "nested deeper than 64"),
        ("SELECT * WHERE { " + '?s <urn:p> "service" . ' * 2000 + "}", "longer than 32 KB"),
    ],
)
def test_a_query_the_check_cannot_read_is_refused_in_one_line(query, said, tiny):
    with pytest.raises(InputError) as refused:
        hspkg.load([tiny]).sparql(query, "mine.rq")
    assert str(refused.value).startswith("mine.rq:") and said in str(refused.value) and "\n" not in str(refused.value)


def test_the_allowed_service_does_reach_the_listener(tiny):
    """The other side of the tests above: with allow_service the same query is sent, so the listener can see it."""
    with Listener() as listener:
        graph = hspkg.load([tiny])
        graph.allow_service = True
        with pytest.raises((hspkg.errors.WorkError, OSError)):  # the listener answers nothing
            graph.sparql(BYPASSES[0].replace("{port}", str(listener.port))).values()
        assert listener.connections >= 1


@pytest.mark.parametrize("format", ["table", "csv", "json"])
def test_an_allowed_service_that_fails_is_one_line_exit_1(format, tiny, tmp_path):
    with Listener() as listener:  # accepts and closes: no HTTP answer
        (tmp_path / "q.rq").write_text(BYPASSES[0].replace("{port}", str(listener.port)))
        code, stderr = cli("query", "--file", str(tmp_path / "q.rq"), "--data", str(tiny), "--allow-service", "--format", format)
    assert code == 1 and stderr.startswith("hspkg: error: the query failed while running: ") and stderr.count("\n") == 1, stderr


def test_the_server_refuses_the_bypasses_from_a_form_post(served):
    with Listener() as listener:
        for bypass in BYPASSES:
            body = urllib.parse.urlencode({"query": bypass.replace("{port}", str(listener.port))}).encode()
            request = urllib.request.Request(f"{served}/sparql", data=body, headers={"Content-Type": "application/x-www-form-urlencoded"})
            with pytest.raises(urllib.error.HTTPError) as refused:
                urllib.request.urlopen(request, timeout=30)
            assert refused.value.code == 400
        assert listener.connections == 0
