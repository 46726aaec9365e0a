"""hspkg: a knowledge graph of UK health-science partnerships.

>>> import hspkg
>>> kg = hspkg.load()
>>> len(kg.query("designations", year=2020))
8

Importing the package imports nothing else of it: each name below is imported
the first time it is used, so that ``hspkg --version`` or a program that only
needs the errors does not load the graph, the client or anything beyond them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .catalogue import Query
    from .errors import HspkgError, InputError, ValidationFailed, WorkError
    from .graph import Graph, KnowledgeGraph, load
    from .remote import RemoteGraph, connect
    from .results import Results
    from .version import __version__

# each public name, and the module that defines it
_HOMES = {
    "Query": "catalogue",
    "HspkgError": "errors",
    "InputError": "errors",
    "ValidationFailed": "errors",
    "WorkError": "errors",
    "Graph": "graph",
    "KnowledgeGraph": "graph",
    "load": "graph",
    "RemoteGraph": "remote",
    "connect": "remote",
    "Results": "results",
    "__version__": "version",
}

__all__ = [
    "Graph",
    "HspkgError",
    "InputError",
    "KnowledgeGraph",
    "Query",
    "RemoteGraph",
    "Results",
    "ValidationFailed",
    "WorkError",
    "__version__",
    "connect",
    "load",
]


def __getattr__(name: str) -> Any:
    """``hspkg.load`` and the other public names, imported from their module when first asked for."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'hspkg' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{home}", __name__), name)
    globals()[name] = value  # asked once: later uses are a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_HOMES))
