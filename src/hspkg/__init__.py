"""hspkg: a knowledge graph of UK health-science partnerships.

>>> import hspkg
>>> kg = hspkg.load()
>>> len(kg.query("designations", year=2020))
8
"""

from importlib.metadata import PackageNotFoundError, version

from .catalogue import Query
from .errors import HspkgError, InputError, ValidationFailed, WorkError
from .graph import Graph, KnowledgeGraph, load
from .remote import RemoteGraph, connect
from .results import Results

try:
    __version__ = version("hspkg")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"

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
