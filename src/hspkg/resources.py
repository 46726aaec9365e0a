"""Where the shipped ontology, data and queries are, installed or in a checkout."""

from __future__ import annotations

from pathlib import Path

from .errors import InputError, WorkError

_FOLDERS = ("ontology", "data", "queries")


def shipped(folder: str) -> Path:
    """The path of a shipped folder: ``ontology``, ``data`` or ``queries``.

    An installed wheel carries them in ``hspkg/_shipped``; an editable install or
    a test run from the source tree finds them at the top of the checkout.

    >>> sorted(p.name for p in shipped("queries").glob("*.rq"))[:2]
    ['ahsns.rq', 'areas.rq']
    """
    if folder not in _FOLDERS:
        raise InputError(f"no such shipped folder; there are {', '.join(_FOLDERS)}", argument="folder", value=folder)
    # beside this module, as importlib.resources.files("hspkg") finds it for an installed
    # package, without importing importlib.resources (a tenth of the start-up of a query)
    inside = Path(__file__).resolve().parent / "_shipped" / folder
    if inside.is_dir():
        return inside
    checkout = Path(__file__).resolve().parents[2] / folder
    if checkout.is_dir() and (checkout.parent / "pyproject.toml").is_file():
        return checkout
    raise WorkError(f"hspkg is installed without its {folder}/ folder: reinstall it (pip install --force-reinstall hspkg)")
