"""Compacting an on-disk store: RocksDB's compaction through pyoxigraph, with the checks pyoxigraph leaves out.

``Store.optimize()`` returns normally when the compaction fails in RocksDB's
background threads (a full disk, say): the failure is written only to the store's
own log, ``LOG``. So the free space is checked before, and the log read after.

Why compact at all: the bulk loader writes one sorted file per index for every
million quads, and Oxigraph sets no bloom filters on its quad indexes, so a look-up
reads a block from every file; compacted, from one.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from pyoxigraph import Store

from .errors import WorkError
from .progress import bar

# Compaction writes its files before it removes the ones they replace, and writes them
# uncompressed (a 902 MB store at 10^7 triples became 1,621 MB): room for about twice the store.
ROOM = 2


def compact(store: Store, location: Path) -> None:
    """Compact ``store``, open read-write at ``location``; a :class:`WorkError` if there is no room or RocksDB logged a failure."""
    size = sum(p.stat().st_size for p in location.iterdir() if p.is_file())
    free = shutil.disk_usage(location).free
    if free < ROOM * size:
        raise WorkError(f"cannot compact it: that needs about {_mb(ROOM * size)} of free disk, and {_mb(free)} is free")
    log = location / "LOG"
    start = log.stat().st_size if log.is_file() else 0
    with bar(1, "compacting", unit="step") as progress:
        store.optimize()
        store.flush()
        progress.update(1)
    failure = logged_failure(log, start)
    if failure is not None:
        raise WorkError(f"compaction failed: {failure}")


def logged_failure(log: Path, start: int = 0) -> str | None:
    """The first error RocksDB wrote to ``log`` after byte ``start``, as its reason; None if it wrote none.

    >>> import tempfile
    >>> log = Path(tempfile.mkdtemp()) / "LOG"
    >>> _ = log.write_text("2026/11/29-11:02:13.612 7f [WARN] [db/db_impl/db_impl_compaction_flush.cc:3599] "
    ...                    "Compaction error: IO error: No space left on device: While appending to file: st/000123.sst\\n")
    >>> logged_failure(log)
    'IO error: No space left on device: While appending to file: st/000123.sst'
    """
    try:
        with log.open("rb") as stream:
            stream.seek(start)
            written = stream.read().decode("utf-8", "replace")
    except FileNotFoundError:
        return None
    for line in written.splitlines():
        for marker in ("Compaction error: ", "Background IO error: ", "[ERROR] "):
            if marker in line:
                return line.split(marker, 1)[1].strip()
    return None


def _mb(size: int) -> str:
    return f"{size / 2**20:,.0f} MB"
