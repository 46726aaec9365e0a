"""The errors hspkg raises: one base class, and one subclass per exit code.

The command line maps each class to its exit code in one place (``cli.py``):
:class:`InputError` is the user's to fix (exit 2), :class:`WorkError` means the
work itself failed (exit 1). Every message is one line that says what is wrong
and where (``file:line``, a parameter, a query name).
"""

from __future__ import annotations


class HspkgError(Exception):
    """Base class of every error hspkg raises on purpose."""


class InputError(HspkgError):
    """Bad input or bad usage: a broken file, an unknown query, a bad parameter."""


class WorkError(HspkgError):
    """The input was fine but the work failed: a query the engine rejected while running."""


class ValidationFailed(WorkError):
    """The data parsed but does not conform to the SHACL shapes."""
