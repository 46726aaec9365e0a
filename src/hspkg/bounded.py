"""RDF files read once, in chunks, before Oxigraph parses them, for what its parsers do not bound.

Oxigraph's RDF/XML parser expands DTD entities without limit: a 1 KB "billion
laughs" file (ten entities of ten references each) becomes gigabytes of text,
and a smaller one a 300 MB literal past the 16 MB that its other parsers allow
for one token. :func:`check` refuses an RDF/XML file that declares an entity
(no RDF/XML needs one: RDF has IRIs and literals for what entities abbreviate)
or holds text or an attribute longer than that 16 MB, naming the file and line.
The other formats need no scan: their parsers have no entities and stop at the buffer.

The scan streams: one chunk in memory at a time, whatever the file's size.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable
from pathlib import Path

from pyoxigraph import RdfFormat

from .errors import InputError

LIMIT = 16 << 20  # Oxigraph's parser buffer: its Turtle, N-Triples and JSON-LD parsers refuse a longer token
_CHUNK = 1 << 20
_ENTITY = "<!ENTITY"  # XML 1.0 [70]: every entity declaration, general or parameter, starts so


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
    """Read ``path`` chunk by chunk: the first entity declaration or over-long run between two '<' is an error."""
    raw = read(_CHUNK)
    decoder = _decoder(raw)
    line = 1  # the line the current chunk starts on
    run, run_line = 0, 1  # characters since the last '<' (the text or tag being read), and the line it began on
    carry = ""  # the end of the last chunk, so that a declaration split between two chunks is found
    while raw:
        text = decoder.decode(raw)
        joined = carry + text
        found = joined.find(_ENTITY)
        if found >= 0:
            at = line - carry.count("\n") + joined.count("\n", 0, found)
            raise InputError(f"{path}:{at}: a DTD entity declaration; hspkg refuses them in RDF/XML, as their expansion has no bound ('billion laughs')")
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
        carry = joined[-(len(_ENTITY) - 1) :]
        raw = read(_CHUNK)


def _too_long(path: Path, line: int) -> InputError:
    return InputError(f"{path}:{line}: a text or attribute longer than {LIMIT >> 20} MB, the most hspkg's RDF parsers take in one literal")
