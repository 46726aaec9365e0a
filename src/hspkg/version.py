"""hspkg's version, on its own: the build reads it from here (pyproject.toml), and the modules that
state it (``--version``, the on-disk store's manifest, the VoID description) import it from here rather
than from the package that imports them.

>>> len(__version__.split("."))
3
"""

# written once, here: knowing it costs no importlib.metadata look-up at start-up
__version__ = "0.1.0"
