"""RDF files: which ones a path names, the ontology shipped with hspkg, and reading them into a store.

Both stores read files alike: the in-memory one (:mod:`hspkg.graph`) and the
on-disk one (:mod:`hspkg.ondisk`), which therefore need not import each other.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from os import PathLike
from pathlib import Path

from pyoxigraph import RdfFormat, Store

from . import bounded
from .errors import InputError
from .progress import bar
from .resources import shipped

# Files read from a folder given as data; a file named explicitly may have any
# of these suffixes too, and anything else is an error rather than a guess.
RDF_SUFFIXES: dict[str, RdfFormat] = {
    ".ttl": RdfFormat.TURTLE,
    ".nt": RdfFormat.N_TRIPLES,
    ".nq": RdfFormat.N_QUADS,
    ".trig": RdfFormat.TRIG,
    ".n3": RdfFormat.N3,
    ".rdf": RdfFormat.RDF_XML,
    ".owl": RdfFormat.RDF_XML,
    ".jsonld": RdfFormat.JSON_LD,
}

SHAPES = "shapes.ttl"


def rdf_files(paths: Iterable[str | PathLike[str]]) -> list[Path]:
    """The RDF files named by ``paths``: files as given, folders searched recursively."""
    files: list[Path] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix.lower() in RDF_SUFFIXES and p.is_file())
            if not found:
                raise InputError(f"{path}: no RDF files in this folder ({', '.join(RDF_SUFFIXES)})")
            files.extend(found)
        elif path.is_file():
            if path.suffix.lower() not in RDF_SUFFIXES:
                raise InputError(f"{path}: not an RDF file name; hspkg reads {', '.join(RDF_SUFFIXES)}")
            files.append(path)
        else:
            raise InputError(f"{path}: no such file or folder")
    return files


def ontology_files() -> list[Path]:
    """The ontology loaded with every graph: everything in ``ontology/`` but the SHACL shapes.

    >>> [p.name for p in ontology_files()][:1]
    ['hspkg.ttl']
    """
    return [p for p in rdf_files([shipped("ontology")]) if p.name != SHAPES]


def read_files(store: Store, files: list[Path]) -> None:
    """Bulk-load ``files`` into ``store`` with progress; a syntax error is an :class:`InputError` naming file and line."""
    with bar(sum(p.stat().st_size for p in files), "loading") as progress:
        for path in files:
            with reading(path) as format:
                store.bulk_load(path=str(path), format=format, base_iri=path.resolve().as_uri())
            progress.update(path.stat().st_size)


@contextmanager
def reading(path: Path) -> Iterator[RdfFormat]:
    """Read ``path`` in the ``with`` block, in the format its name gives: what goes wrong is an :class:`InputError` naming file and line.

    >>> with reading(Path("ontology.ttl")) as format:
    ...     raise SyntaxError("Parser error at line 3 column 11: expected '.'")
    Traceback (most recent call last):
    ...
    hspkg.errors.InputError: ontology.ttl: expected '.'
    """
    format = RDF_SUFFIXES[path.suffix.lower()]
    bounded.check(path, format)  # what Oxigraph's parsers do not bound (DTD entities)
    try:
        yield format
    except SyntaxError as e:
        line = f":{e.lineno}" if e.lineno else ""
        raise InputError(f"{path}{line}: {_reason(e.msg)}") from None
    except (OSError, ValueError, MemoryError) as e:
        # MemoryError: a token past Oxigraph's parser buffer (16 MB), such as a huge literal
        raise InputError(f"{path}: cannot read it: {e}") from None


def _reason(message: str) -> str:
    """pyoxigraph's 'Parser error at line 3 column 11: X' without the position we already give."""
    head, sep, rest = message.partition(": ")
    return rest if sep and head.startswith("Parser error") else message
