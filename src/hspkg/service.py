"""SERVICE clauses: refused unless the user allows them, so that a query never makes us send HTTP requests.

A SERVICE clause asks the engine to fetch from any address the query names,
from the machine running it (a private network included). Oxigraph would
follow it; :func:`check` refuses it first. The scan reads the query as the
SPARQL grammar does: codepoint escapes (``\\u0053ERVICE``) are decoded first,
and strings, IRIs and comments are skipped, so a literal or IRI that mentions
the word is not taken for the keyword, and an escaped keyword is not missed.

>>> uses_service("SELECT * WHERE { SERVICE <http://10.0.0.1/sparql> { ?s ?p ?o } }")
True
>>> uses_service("SELECT * WHERE { \\\\u0053ervice <http://10.0.0.1/> { ?s ?p ?o } }")
True
>>> uses_service('SELECT * WHERE { ?s ex:service "SERVICE" ; <urn:SERVICE> ?service } # SERVICE')
False
"""

from __future__ import annotations

import re

from .errors import InputError

# SPARQL 1.1 §19.2: \\uXXXX and \\UXXXXXXXX are replaced before the query is parsed.
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
# What the keyword can hide in: long and short strings, IRIs, comments.
_SKIPPED = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n\r]|\\.)*"'
    r"|'(?:[^'\\\n\r]|\\.)*'"
    r"|<[^<>\"{}|^`\\\s]*>"
    r"|#[^\n\r]*",
    re.DOTALL,
)
# The keyword itself: not part of a variable, prefixed name or longer word.
_KEYWORD = re.compile(r"(?<![\w:?$-])SERVICE(?![\w:.-])", re.IGNORECASE)


def _decode(match: re.Match[str]) -> str:
    code = int(match.group(1) or match.group(2), 16)
    return chr(code) if code <= 0x10FFFF else match.group(0)


def uses_service(text: str) -> bool:
    """Whether the SPARQL ``text`` has a SERVICE clause."""
    return bool(_KEYWORD.search(_SKIPPED.sub(" ", _ESCAPE.sub(_decode, text))))


def check(text: str, where: str = "query", allow: bool = False) -> None:
    """Refuse a query with a SERVICE clause unless ``allow``: an :class:`InputError` naming ``where``.

    >>> check("ASK { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", "mine.rq")
    Traceback (most recent call last):
    ...
    hspkg.errors.InputError: mine.rq: SERVICE clauses are refused: ... (allow them with --allow-service)
    """
    if not allow and uses_service(text):
        raise InputError(f"{where}: {REFUSAL}")


REFUSAL = "SERVICE clauses are refused: they would make this machine send HTTP requests to the addresses they name (allow them with --allow-service)"
