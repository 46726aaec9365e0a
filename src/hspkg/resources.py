"""Where the shipped ontology, data and queries are, installed or in a checkout."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

_FOLDERS = ("ontology", "data", "queries")


def shipped(folder: str) -> Path:
    """The path of a shipped folder: ``ontology``, ``data`` or ``queries``.

    An installed wheel carries them in ``hspkg/_shipped``; an editable install or
    a test run from the source tree finds them at the top of the checkout.

    >>> sorted(p.name for p in shipped("queries").glob("*.rq"))[:2]
    ['ahsns.rq', 'areas.rq']
    """
    if folder not in _FOLDERS:
        raise ValueError(f"no shipped folder {folder!r}; there are {', '.join(_FOLDERS)}")
    inside = Path(str(resources.files("hspkg"))) / "_shipped" / folder
    if inside.is_dir():
        return inside
    checkout = Path(__file__).resolve().parents[2] / folder
    if checkout.is_dir() and (checkout.parent / "pyproject.toml").is_file():
        return checkout
    raise FileNotFoundError(f"hspkg is installed without its {folder}/ folder")
