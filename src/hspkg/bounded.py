"""RDF files read once, in chunks, before Oxigraph parses them, for what its parsers do not bound.

Oxigraph's RDF/XML parser expands DTD entities without limit: a 1 KB "billion
laughs" file (ten entities of ten references each) becomes gigabytes of text,
and a smaller one a 300 MB literal past the 16 MB that its other parsers allow
for one token. :func:`check` allows what ontology editors write (Protégé
declares ``<!ENTITY owl "http://www.w3.org/2002/07/owl#">`` to shorten IRIs)
and nothing more: internal general entities of plain text, declared in the
document type, expanding to at most 16 MB in all. It refuses, naming the file
and line, an entity that refers to another (the laughs), a parameter or
external entity, a declaration outside the document type, expansion past the
budget, and a text or attribute longer than 16 MB. The other formats need no
scan: their parsers have no entities and stop at the buffer.

The scan streams: one chunk in memory at a time, whatever the file's size.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable
from pathlib import Path

from pyoxigraph import RdfFormat

from .errors import InputError

LIMIT = 16 << 20  # Oxigraph's parser buffer: its Turtle, N-Triples and JSON-LD parsers refuse a longer token
_CHUNK = 1 << 20
_ENTITY = "<!ENTITY"  # XML 1.0 [70]: every entity declaration, general or parameter, starts so
# The only declaration allowed: a general entity whose value is plain text (no reference, no markup).
_PLAIN = re.compile(r"""<!ENTITY\s+([A-Za-z_][\w.-]{0,63})\s+(?:"([^"&%<]{0,1024})"|'([^'&%<]{0,1024})')\s*>""")
_REFERENCE = re.compile(r"&([A-Za-z_][\w.-]{0,63});")
_CARRY = 80  # characters kept from one chunk to the next: the longest declaration opening or reference fits


def check(path: Path, format: RdfFormat) -> None:
    """Refuse ``path`` with an :class:`InputError` (``file:line: why``) if it is RDF/XML with an entity or an over-long text."""
    if format != RdfFormat.RDF_XML:
        return
    try:
        with path.open("rb") as stream:
            _scan(stream.read, path)
    except OSError as e:
        raise InputError(f"{path}: cannot read it: {e.strerror or e}") from None


def _decoder(start: bytes) -> codecs.IncrementalDecoder:
    """How to read the markup: UTF-16 and UTF-32 as such (by their mark or the zero bytes around '<'), any other encoding byte for byte.

    Every other encoding XML allows writes '<' and the ASCII letters as single
    bytes, so Latin-1, which never fails and keeps one character per byte,
    finds the markup in UTF-8 and ISO-8859 files alike.
    """
    wide = {"utf-32": (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, b"<\0\0\0", b"\0\0\0<"), "utf-16": (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)}
    for encoding, marks in wide.items():  # UTF-32 first: its little-endian mark starts like UTF-16's
        if start.startswith(marks):
            return codecs.getincrementaldecoder(encoding)(errors="replace")
    if start.startswith(b"<\0"):
        return codecs.getincrementaldecoder("utf-16-le")(errors="replace")
    if start.startswith(b"\0<"):
        return codecs.getincrementaldecoder("utf-16-be")(errors="replace")
    return codecs.getincrementaldecoder("latin-1")()


def _scan(read: Callable[[int], bytes], path: Path) -> None:
    """Read ``path`` chunk by chunk: a refused declaration, expansion past the budget or an over-long run between two '<' is an error."""
    raw = read(_CHUNK)
    decoder = _decoder(raw)
    line = 1  # the line the current chunk starts on
    run, run_line = 0, 1  # characters since the last '<' (the text or tag being read), and the line it began on
    carry = ""  # the end of the last chunk, so that what is split between two chunks is found
    entities: dict[str, int] = {}  # declared entity -> the length of its text
    expanded = 0
    first = True
    while raw:
        text = decoder.decode(raw)
        joined = carry + text

        def at(offset: int, line: int = line, carry: str = carry, joined: str = joined) -> int:
            """The line of ``joined[offset]``."""
            return line - carry.count("\n") + joined.count("\n", 0, offset)

        start = 0
        if first:
            entities, start = _declarations(joined, path, at)
            first = False
        found = joined.find(_ENTITY, start)
        if found >= 0:
            raise InputError(f"{path}:{at(found)}: an entity declared outside the document type or past its first MB; hspkg refuses it in RDF/XML")
        if entities:
            for match in _REFERENCE.finditer(joined, start):
                if match.end() > len(carry) and match.group(1) in entities:
                    expanded += entities[match.group(1)]
                    if expanded > LIMIT:
                        raise InputError(f"{path}:{at(match.start())}: entities expand past {LIMIT >> 20} MB, the most hspkg lets RDF/XML expand")
        head, *rest = text.split("<")
        run += len(head)
        if run > LIMIT:
            raise _too_long(path, run_line)
        if rest:
            if max(map(len, rest)) > LIMIT:
                offset = len(head) + 1
                for piece in rest:
                    if len(piece) > LIMIT:
                        raise _too_long(path, line + text.count("\n", 0, offset))
                    offset += len(piece) + 1
            run = len(rest[-1])
            run_line = line + text.count("\n") - rest[-1].count("\n")
        line += text.count("\n")
        carry = joined[-_CARRY:]
        raw = read(_CHUNK)


def _declarations(text: str, path: Path, at: Callable[[int], int]) -> tuple[dict[str, int], int]:
    """The entities the document type of ``text`` (the first chunk) declares, and where its declarations end.

    Each declaration must be a plain one (:data:`_PLAIN`); anything else that
    declares an entity is refused with its line.
    """
    entities: dict[str, int] = {}
    doctype = text.find("<!DOCTYPE")
    if doctype < 0:
        return entities, 0
    opening = text.find("[", doctype)
    closing = text.find(">", doctype)
    if opening < 0 or (0 <= closing < opening):
        return entities, closing + 1 if closing >= 0 else 0  # no internal subset
    end = text.find("]", opening)
    if end < 0:
        raise InputError(f"{path}:{at(doctype)}: a document type longer than {_CHUNK >> 20} MB; hspkg refuses it in RDF/XML")
    position = opening
    while (found := text.find(_ENTITY, position, end)) >= 0:
        match = _PLAIN.match(text, found)
        if not match:
            raise InputError(
                f"{path}:{at(found)}: an entity that is not plain text (one that refers to another, a parameter or external entity, "
                "or a value over 1 KB); hspkg refuses it in RDF/XML, as its expansion may have no bound ('billion laughs')"
            )
        entities[match.group(1)] = len(match.group(2) if match.group(2) is not None else match.group(3))
        position = match.end()
    return entities, end


def _too_long(path: Path, line: int) -> InputError:
    return InputError(f"{path}:{line}: a text or attribute longer than {LIMIT >> 20} MB, the most hspkg's RDF parsers take in one literal")
