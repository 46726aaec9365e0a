"""Files written whole or not at all: a temporary file beside the target, renamed into place.

The target is the file a path finally names: a symlink is written through, to
its target; an existing file keeps its permissions; a FIFO, device or socket is
refused rather than replaced by a plain file; and a read-only file is refused,
as ``cp`` would.
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from .errors import InputError, WorkError

# The temporary files (and folders: a store being built) being written now: removed by the
# command line's signal watcher (hspkg.exits) when a signal arrives while the program is inside native code.
_pending: set[str] = set()


# Errors of a disk that cannot take more: the work failed, the file is not written.
_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}

# A file that must not exist yet, not inherited by child processes, written as bytes (O_BINARY: Windows).
_NEW = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)


def discard_pending() -> None:
    """Remove every temporary file or folder still being written (the run is ending without finishing them)."""
    for temporary in list(_pending):
        if os.path.isdir(temporary) and not os.path.islink(temporary):
            shutil.rmtree(temporary, ignore_errors=True)
        else:
            Path(temporary).unlink(missing_ok=True)


@contextmanager
def removed_if_cut_short(path: Path) -> Iterator[None]:
    """Have ``path`` (a file or folder this block makes) removed if a signal ends the run while the block is inside native code.

    A signal between bytecodes raises, and the block's own cleanup runs; this is for the other case.
    """
    _pending.add(str(path))
    try:
        yield
    finally:
        _pending.discard(str(path))


def target_of(path: str | os.PathLike[str]) -> tuple[Path, int | None]:
    """The file ``path`` finally names (symlinks followed), and the permission bits it has now, if it exists.

    >>> target_of("/tmp")
    Traceback (most recent call last):
    ...
    hspkg.errors.InputError: /tmp: is a folder, not a file to write
    >>> target_of("/dev/null")
    Traceback (most recent call last):
    ...
    hspkg.errors.InputError: /dev/null: is a device, not a file to write
    """
    given = Path(path)
    try:
        target = Path(os.path.realpath(given)) if given.is_symlink() else given
        info = target.stat()
    except FileNotFoundError:
        info = None
    except OSError as e:
        raise InputError(f"{given}: cannot write it: {e.strerror}") from None
    if info is None:
        return target, None
    kind = info.st_mode
    if stat.S_ISDIR(kind):
        raise InputError(f"{given}: is a folder, not a file to write")
    if stat.S_ISFIFO(kind) or stat.S_ISSOCK(kind):
        raise InputError(f"{given}: is a pipe or socket, not a file to write")
    if stat.S_ISCHR(kind) or stat.S_ISBLK(kind):
        raise InputError(f"{given}: is a device, not a file to write")
    if not os.access(target, os.W_OK) or not kind & 0o222:  # the bits too: root may write anything
        raise InputError(f"{given}: the file is read-only")
    return target, stat.S_IMODE(kind)


def writable(path: str | os.PathLike[str]) -> tuple[Path, int | None]:
    """What :func:`atomic` checks before it writes: :func:`target_of`, and that the file's folder exists.

    A command that works long before it writes asks this first, so that bad input is refused at once.

    >>> writable("/no/such/folder/out.csv")
    Traceback (most recent call last):
    ...
    hspkg.errors.InputError: /no/such/folder/out.csv: cannot write it, the folder '/no/such/folder' does not exist
    """
    target, mode = target_of(path)
    if not target.parent.is_dir():
        raise InputError(f"{path}: cannot write it, the folder {str(target.parent)!r} does not exist")
    return target, mode


def _create(folder: Path, name: str, given: str | os.PathLike[str]) -> tuple[int, str]:
    """A new private file beside the target, named in ``_pending`` before it exists.

    Named first, so that a signal at any moment (SIGTERM is raised between two bytecodes,
    say just after the file is made) finds it listed, and ``exits`` removes it on the way out.
    """
    for _ in range(100):
        # the name cut short: with the prefix and suffix, a long target name would pass the 255 bytes a name may take
        temporary = str(folder / f".{name[:80]}.{os.urandom(6).hex()}.part")
        _pending.add(temporary)
        try:
            return os.open(temporary, _NEW, 0o600), temporary
        except FileExistsError:
            _pending.discard(temporary)  # another's file: never ours to remove
        except OSError as e:
            _pending.discard(temporary)
            raise InputError(f"{given}: cannot write it: {e.strerror}") from None
    raise WorkError(f"{given}: cannot write it: no free temporary name beside it")


@contextmanager
def atomic(path: str | os.PathLike[str]) -> Iterator[BinaryIO]:
    """Open ``path`` for binary writing; it appears only if the block completes.

    A failure part-way (SIGTERM included, which the command line raises as an
    exception) leaves the old file, or none, never half of one.
    """
    target, mode = writable(path)
    handle, temporary = _create(target.parent, target.name, path)
    try:
        with os.fdopen(handle, "wb") as stream:
            yield stream
        if mode is None:
            # the temporary file is created private; give it the permissions a plain open() would.
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException as e:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(e, OSError) and e.errno in _FULL:
            raise WorkError(f"{path}: cannot write it: {e.strerror}; nothing written") from None
        raise
    finally:
        _pending.discard(temporary)
