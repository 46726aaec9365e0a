"""``--store DIR``: the graph kept on disk as an Oxigraph store, built in bounded memory and reused.

A store is built straight on disk: the files and their RDFS closure stream
through Oxigraph's bulk loader together (:mod:`hspkg.inference`), so neither
the data nor its closure is ever held in memory.

The store is built in a temporary folder beside DIR and swapped in whole, so an
interrupted build (Ctrl-C, kill -9) leaves DIR as it was, and the next run
removes what it left. Two processes asking for the same new store build it once:
the second waits for the first's lock (a file ``.DIR.lock`` beside DIR while it is built), then
opens what it built. A store is opened read-only, so any number of processes
can query it at once.

Compacting (``--compact``, :mod:`hspkg.compaction`) is asked for, not done by
default: it makes selective queries on a large store 1.7-3x faster, but costs about
8 CPU s at 10^7 triples (a fifth more build) and twice the disk. It is done as the
store is built or, for one built without it, in place; a store once compacted is
compacted again when its data changes and it is rebuilt.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import glob
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pyoxigraph import Store

from .atomic import removed_if_cut_short
from .catalogue import closure
from .compaction import compact
from .errors import InputError, WorkError
from .inference import fill
from .progress import bar
from .version import __version__

MANIFEST = "hspkg-store.json"
STORE = "oxigraph"
COMPACTED = "compacted"  # in the manifest, beside the fingerprint: how the store was kept, not what it holds


def fingerprint(files: list[Path]) -> dict[str, object]:
    """What a store was built from: hspkg's version, the inference and each file's path, size and time."""
    stats = [(str(p.resolve()), p.stat()) for p in files]
    return {
        "hspkg": __version__,
        "inference": list(closure()),
        "files": [[name, stat.st_size, stat.st_mtime_ns] for name, stat in stats],
    }


def persistent(folder: Path, ontology: list[Path], files: list[Path], compact: bool = False) -> Store:
    """The store in ``folder`` if it was built from the ``ontology`` and ``files`` as they are now; else build it anew.

    With ``compact``, the store is compacted once, as it is built or, if it was built without, in place.
    """
    if not folder.parent.is_dir():
        raise InputError(f"no such folder: {folder.parent}", argument="store", value=folder)
    if folder.exists() and not folder.is_dir():
        raise InputError("is a file, not a folder", argument="store", value=folder)
    # a store folder holds the manifest and oxigraph/ (alone, it is what a build before the swap-in left)
    if folder.is_dir() and not {p.name for p in folder.iterdir()} <= {MANIFEST, STORE}:
        raise InputError("the folder holds other files and no hspkg store; give a new or empty folder", argument="store", value=folder)
    wanted = fingerprint(ontology + files)
    try:
        with _locked(folder) as locked:
            built = _manifest(folder)
            current = built is not None and {k: v for k, v in built.items() if k != COMPACTED} == wanted
            if not locked and not (current and (_compacted(built) or not compact)):
                raise WorkError("cannot build or compact it: its parent folder is read-only", argument="store", value=folder)
            if not current:
                _clear_leftovers(folder)
                _build(folder, ontology, files, {**wanted, COMPACTED: compact or _compacted(built)})
            elif compact and not _compacted(built):
                _compact_in_place(folder, {**wanted, COMPACTED: True})
        return Store.read_only(str(folder / STORE))
    except (OSError, RuntimeError) as e:  # RocksDB's refusals of a damaged store come as RuntimeError
        raise WorkError(f"{e}", argument="store", value=folder) from None
    except WorkError as e:
        if e.argument is not None:
            raise
        raise WorkError(e.reason, argument="store", value=folder) from None


def _compacted(manifest: dict[str, object] | None) -> bool:
    return manifest is not None and manifest.get(COMPACTED) is True


def _compact_in_place(folder: Path, manifest: dict[str, object]) -> None:
    """Compact the built store in ``folder``: safe to interrupt (RocksDB replaces files whole), and readers keep the files they opened."""
    location = folder / STORE
    Store.read_only(str(location))  # raises if no store is there: Store() below would make an empty one
    if not os.access(location, os.W_OK):
        raise InputError("cannot compact it: the store is read-only", argument="store", value=folder)
    store = Store(str(location))
    compact(store, location)
    del store  # closed before it is opened read-only
    _write_manifest(folder, manifest)


def _manifest(folder: Path) -> dict[str, object] | None:
    """What the store in ``folder`` was built from, or None if there is none to reuse."""
    manifest = folder / MANIFEST
    try:
        found = json.loads(manifest.read_text()) if manifest.is_file() else None
    except ValueError:  # a manifest cut short: build again
        return None
    return found if isinstance(found, dict) else None


def _write_manifest(folder: Path, manifest: dict[str, object]) -> None:
    """Replace the manifest whole, so that a reader never finds it cut short (a crash leaves a file that the next build clears)."""
    descriptor, temporary = tempfile.mkstemp(dir=folder.parent, prefix=f".{folder.name}.manifest-{os.getpid()}-")
    try:
        with os.fdopen(descriptor, "w") as out:
            out.write(json.dumps(manifest))
        os.replace(temporary, folder / MANIFEST)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


@contextmanager
def _locked(folder: Path) -> Iterator[bool]:
    """Hold the build lock of ``folder``: a second process waits here until the first is done. False if it cannot be taken (a read-only parent).

    The lock is a file beside the folder, removed by its holder when done; a waiter that then
    finds the file gone or replaced takes the lock again on the new one (else two could hold it).
    A holder that dies releases it (the kernel closes its file), leaving the file for the next;
    one ended by a signal while inside native code has it removed by the signal watcher.
    """
    lock = folder.with_name(f".{folder.name}.lock")
    while True:
        try:
            descriptor = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as e:
            if e.errno not in (errno.EACCES, errno.EPERM, errno.EROFS):
                raise
            yield False  # nothing can be built here; a built store can still be read
            return
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            with bar(None, f"waiting for another hspkg building or compacting {folder.name}", unit=""):
                fcntl.flock(descriptor, fcntl.LOCK_EX)
        try:
            if os.stat(lock).st_ino == os.fstat(descriptor).st_ino:
                break
        except FileNotFoundError:
            pass
        os.close(descriptor)
    try:
        with removed_if_cut_short(lock):
            yield True
    finally:
        with contextlib.suppress(FileNotFoundError):
            lock.unlink()
        os.close(descriptor)


def _build(folder: Path, ontology: list[Path], files: list[Path], manifest: dict[str, object]) -> None:
    building = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{folder.name}.building-{os.getpid()}-"))

    def new_store() -> Store:
        shutil.rmtree(building / STORE, ignore_errors=True)  # what a first try left (inference.fill says when)
        return Store(str(building / STORE))

    failed: WorkError | None = None
    try:
        with removed_if_cut_short(building):
            store = fill(new_store, ontology, files)
            if manifest[COMPACTED]:
                try:
                    compact(store, building / STORE)
                except WorkError as e:  # no room, or RocksDB's failure: the store it left is whole, so it is kept
                    failed, manifest = e, {**manifest, COMPACTED: False}
            store.flush()
            del store
            (building / MANIFEST).write_text(json.dumps(manifest))
            _swap(building, folder)
    finally:
        shutil.rmtree(building, ignore_errors=True)
    if failed is not None:
        raise WorkError(f"built, but not compacted: {failed.reason}")


def _swap(built: Path, folder: Path) -> None:
    """Put the finished store ``built`` where ``folder`` is, moving the old one aside first."""
    old = folder.with_name(f".{folder.name}.old-{os.getpid()}")
    if folder.exists():
        folder.rename(old)
    built.rename(folder)
    shutil.rmtree(old, ignore_errors=True)


def _clear_leftovers(folder: Path) -> None:
    """Remove what interrupted builds of ``folder`` left beside it (their processes are gone)."""
    for leftover in folder.parent.glob(f".{glob.escape(folder.name)}.*-*"):
        kind, _, rest = leftover.name.removeprefix(f".{folder.name}.").partition("-")
        pid = rest.split("-")[0]
        if kind in ("building", "old", "manifest") and pid.isdigit() and not _running(int(pid)):
            if leftover.is_dir():
                shutil.rmtree(leftover, ignore_errors=True)
            else:
                leftover.unlink(missing_ok=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
