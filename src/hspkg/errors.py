"""The errors hspkg raises: one base class, and one subclass per exit code.

The command line maps each class to its exit code in one place (``cli.py``):
:class:`InputError` is the user's to fix (exit 2), :class:`WorkError` means the
work itself failed (exit 1). Every message is one line that says what is wrong
and where (``file:line``, an argument, a query name).

An error about one argument of a call names it as the Python API does, with the
value given; the command line says the same with its option instead:

>>> error = InputError("applies to the memberships and partners views, not to full", argument="as_of", value=2010)
>>> str(error)
'as_of=2010: applies to the memberships and partners views, not to full'
>>> error.argument, error.value, error.reason
('as_of', 2010, 'applies to the memberships and partners views, not to full')
"""

from __future__ import annotations

import os
import unicodedata


class HspkgError(Exception):
    """Base class of every error hspkg raises on purpose."""

    def __init__(self, reason: str, *, argument: str | None = None, value: object = None) -> None:
        self.reason = reason
        self.argument = argument
        self.value = value
        super().__init__(f"{argument}={_shown(value)}: {reason}" if argument else reason)


class InputError(HspkgError):
    """Bad input or bad usage: a broken file, an unknown query, a bad argument."""


class AmbiguousName(InputError):
    """A name that more than one organisation answers to as well as another: ``candidates`` holds each (IRI, name)."""

    def __init__(self, reason: str, candidates: tuple[tuple[str, str], ...], *, argument: str | None = None, value: object = None) -> None:
        super().__init__(reason, argument=argument, value=value)
        self.candidates = candidates


class WorkError(HspkgError):
    """The input was fine but the work failed: a query the engine rejected while running, a server that refused."""


class ValidationFailed(WorkError):
    """The data parsed but does not conform to the SHACL shapes."""


def _shown(value: object) -> str:
    return repr(os.fspath(value)) if isinstance(value, os.PathLike) else repr(value)


def one_line(text: str, limit: int = 300) -> str:
    """``text`` as one printable line: control characters (terminal escapes, NUL) dropped, whitespace folded.

    >>> one_line("bad\\x1b[31m red\\x00\\n  answer\\x07")
    'bad[31m red answer'
    """
    # read only as far as the line can show: ``text`` may be a whole answer's body, megabytes long
    kept: list[str] = []
    space = False  # whitespace seen since the last character kept (dropped at the start and the end)
    for c in text:
        if c.isspace():
            space = bool(kept)
        elif unicodedata.category(c)[0] != "C":
            if space:
                kept.append(" ")
                space = False
            kept.append(c)
            if len(kept) > limit:
                break
    folded = "".join(kept)
    return folded if len(folded) <= limit else folded[: limit - 1] + "…"
