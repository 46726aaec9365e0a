"""The examples in the installed package's docstrings run and give what they show, in every module that has them."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import hspkg

MODULES = ["hspkg", *sorted(m.name for m in pkgutil.walk_packages(hspkg.__path__, "hspkg."))]

# Modules with no examples: the command line, the server and its workers, the on-disk store, the
# exporters' file writers (and their package, which holds no code) and the ingest templates do their work on files, processes and sockets, and
# are tested through them in tests/. Every other module must run at least one example, so that a module
# whose examples stop being found (a docstring moved, an import failing) is a failure, not a pass.
WITHOUT_EXAMPLES = frozenset(
    {
        "hspkg.bounded",
        "hspkg.cli",
        "hspkg.cli_data",
        "hspkg.connections",
        "hspkg.documents",
        "hspkg.exporters",
        "hspkg.exporters.gexf",
        "hspkg.exporters.graphml",
        "hspkg.exporters.html",
        "hspkg.exporters.nodelink",
        "hspkg.exporters.spreadsheet",
        "hspkg.guard",
        "hspkg.ingest.agreements",
        "hspkg.ingest.areas",
        "hspkg.ingest.award_partners",
        "hspkg.ingest.changes",
        "hspkg.ingest.conflicts",
        "hspkg.ingest.designations",
        "hspkg.ingest.identifiers",
        "hspkg.ingest.memberships",
        "hspkg.ingest.alternative_names",
        "hspkg.ingest.network_roles",
        "hspkg.ingest.organisations",
        "hspkg.ingest.rounds",
        "hspkg.ingest.sources",
        "hspkg.ondisk",
        "hspkg.options",
        "hspkg.supervise",
    }
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
    if name in WITHOUT_EXAMPLES:
        assert result.attempted == 0, f"{name} has examples now: take it out of WITHOUT_EXAMPLES"
    else:
        assert result.attempted > 0, f"{name} runs no example: give it one, or list it in WITHOUT_EXAMPLES with the others"


def test_the_modules_without_examples_exist():
    assert sorted(WITHOUT_EXAMPLES - set(MODULES)) == []
