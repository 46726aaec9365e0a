"""SERVICE clauses: refused unless the user allows them, so that a query never makes us send HTTP requests.

A SERVICE clause asks the engine to fetch from any address the query names,
from the machine running it (a private network included). Oxigraph would
follow it, and pyoxigraph 0.5 offers no way to turn its SERVICE handler off,
so :func:`check` refuses the query before it runs.

The decision is the SPARQL grammar's, not a pattern's: the query is parsed by
rdflib's SPARQL 1.1 parser and refused if its parse tree holds a SERVICE
pattern anywhere. Lexing SPARQL needs the parser's context (in
``FILTER(1<2)SERVICE#>`` the ``<2)SERVICE#>`` looks like an IRI but is a
comparison, a keyword and a comment), which is how a scan of the text was
fooled. A query the parser cannot read is refused too: it fails closed.

Parsing costs tens of milliseconds, so it is skipped where it cannot matter:
SERVICE is a keyword, and a keyword is spelt in its letters (after the
``\\uXXXX`` escapes that the grammar decodes before parsing), so a query that
nowhere spells "service", in any case or compatibility form, cannot hold one.

>>> uses_service("SELECT * WHERE { SERVICE <http://10.0.0.1/sparql> { ?s ?p ?o } }")
True
>>> uses_service("SELECT * WHERE { \\\\u0053ervice <http://10.0.0.1/> { ?s ?p ?o } }")
True
>>> uses_service("SELECT * WHERE { FILTER(1<2)SERVICE#>\\n<http://127.0.0.1:9/x>{ ?s ?p ?o } }")
True
>>> uses_service('SELECT * WHERE { ?s ex:service "SERVICE" ; <urn:SERVICE> ?service } # SERVICE')
False
"""

from __future__ import annotations

import re
import sys
import threading
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

from .errors import InputError

REFUSAL = "SERVICE clauses are refused: they would make this machine send HTTP requests to the addresses they name (allow them with --allow-service)"
UNREADABLE = "a query that spells 'service' is read by a SPARQL 1.1 parser before it runs, to refuse SERVICE clauses, and this one could not be read"

# SPARQL 1.1 §19.2: \uXXXX and \UXXXXXXXX are replaced before the query is parsed.
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_PATTERN = "ServiceGraphPattern"  # rdflib's name for the grammar's rule [59]
# rdflib's parser recurses about ten frames for each triple pattern, so a plain query of a
# hundred patterns passes Python's default limit of 1000. The parse runs in a thread of its
# own with a large stack and a high limit; a query past them is refused as too deep to read.
_DEPTH = 200_000
_STACK = 512 << 20
# The parse is slow (about a second for 30 KB): a query that spells "service" is parsed only
# up to this size and nesting, and refused past them, so that no request can hold the check long.
LONGEST = 32 << 10
DEEPEST = 64
_ONE_AT_A_TIME = threading.Lock()  # the recursion limit is the whole interpreter's, and pyparsing's caches are shared


def _decode(match: re.Match[str]) -> str:
    code = int(match.group(1) or match.group(2), 16)
    return chr(code) if code <= 0x10FFFF else match.group(0)


def spells_service(text: str) -> bool:
    """Whether ``text`` holds the letters of "service" anywhere, escaped, in any case or compatibility form.

    False means no SERVICE keyword can be in it, whatever parser reads it: a
    cheap test that lets most queries skip the parse.

    >>> spells_service("SELECT * { ?s ?p 'ſervice' }"), spells_service("SELECT * { ?s ?p ?o }")
    (True, False)
    >>> spells_service("SELECT * { ?s ?p 'SE\u0301RVICE' }"), spells_service("ASK { \\\\u0053ervi\\\\u00E7e }"), spells_service("ASK { SERVIC }")
    (True, True, False)
    """
    forms = (text, _ESCAPE.sub(_decode, text)) if "\\" in text else (text,)  # no backslash, no escape
    for form in forms:
        # NFKD splits ligatures and full-width letters; casefold maps ſ to s; combining marks are dropped.
        # ASCII text is its own NFKD form, casefolds as it lowercases and has no combining mark: the
        # character-by-character pass (0.7 ms for a 4.6 KB catalogue query, on every request) is for the rest.
        folded = form.lower() if form.isascii() else unicodedata.normalize("NFKD", form).casefold()
        if not folded.isascii():
            folded = "".join(c for c in folded if not unicodedata.combining(c))
        if "service" in folded:
            return True
    return False


def problem(text: str) -> str | None:
    """Why the SPARQL ``text`` is refused (a SERVICE clause, or a query the check cannot read), or None."""
    if not spells_service(text):
        return None
    if len(text) > LONGEST:
        return f"longer than {LONGEST >> 10} KB ({UNREADABLE})"
    if _nesting(text) > DEEPEST:
        return f"nested deeper than {DEEPEST} brackets ({UNREADABLE})"
    return _parsed_problem(text)


def _nesting(text: str) -> int:
    """How deep brackets nest in ``text`` (those in strings and IRIs counted too: an upper bound)."""
    depth = deepest = 0
    for c in text:
        if c in "{([":
            depth += 1
            deepest = max(deepest, depth)
        elif c in "})]":
            depth = max(0, depth - 1)
    return deepest


@lru_cache(maxsize=256)  # at most 32 KB each: a page of an organisation named "... Ambulance Service" is parsed once
def _parsed_problem(text: str) -> str | None:
    outcome: list[str | None] = []
    with _ONE_AT_A_TIME:
        stack = threading.stack_size()
        depth = sys.getrecursionlimit()
        try:
            threading.stack_size(_STACK)
            sys.setrecursionlimit(max(depth, _DEPTH))
            parser = threading.Thread(target=lambda: outcome.append(_parse(text)), name="hspkg-sparql-check")
            parser.start()
            parser.join()
        finally:
            threading.stack_size(stack)
            sys.setrecursionlimit(depth)
    return outcome[0] if outcome else f"the check stopped ({UNREADABLE})"


def _parse(text: str) -> str | None:
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        tree = parseQuery(text)
    except ParseBaseException as e:
        rest = e.line[e.col - 1 :].strip()[:40]
        return f"{e.lineno}:{e.col}: syntax error at {repr(rest) if rest else 'the end of the line'} ({UNREADABLE})"
    except RecursionError:
        return f"nested too deeply to read ({UNREADABLE})"
    except Exception as e:  # noqa: BLE001 - whatever stops the parser, the query is refused (fails closed)
        return f"{type(e).__name__}: {e} ({UNREADABLE})"
    try:
        found = any(name == _PATTERN for name in _rules(tree))
    except RecursionError:
        return f"nested too deeply to read ({UNREADABLE})"
    return REFUSAL if found else None


def _rules(node: object) -> Iterator[str]:
    """The name of every grammar rule in rdflib's parse tree (CompValues nested in lists and dicts)."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    if isinstance(node, CompValue):
        yield node.name
        for value in node.values():
            yield from _rules(value)
    elif isinstance(node, ParseResults | list | tuple):
        for value in node:
            yield from _rules(value)
    elif isinstance(node, dict):
        for value in node.values():
            yield from _rules(value)


def uses_service(text: str) -> bool:
    """Whether the SPARQL ``text`` has a SERVICE clause, or may have one: a query the check cannot read counts as one."""
    return problem(text) is not None


def check(text: str, where: str = "query", allow: bool = False) -> None:
    """Refuse a query with a SERVICE clause unless ``allow``: an :class:`InputError` naming ``where``.

    >>> check("ASK { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", "mine.rq")
    Traceback (most recent call last):
    ...
    hspkg.errors.InputError: mine.rq: SERVICE clauses are refused: ... (allow them with --allow-service)
    """
    if allow:
        return
    why = problem(text)
    if why is not None:
        raise InputError(f"{where}:{'' if why[:1].isdigit() else ' '}{why}")
