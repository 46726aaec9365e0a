"""The examples in the installed package's docstrings run and give what they show."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import hspkg

MODULES = ["hspkg", *sorted(m.name for m in pkgutil.walk_packages(hspkg.__path__, "hspkg."))]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
