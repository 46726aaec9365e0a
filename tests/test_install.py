"""A plain, non-editable install carries the ontology, data and queries inside the package."""

from __future__ import annotations

from pathlib import Path

import pytest

import hspkg
from hspkg.resources import shipped

PACKAGE = Path(hspkg.__file__).resolve().parent
CHECKOUT = Path(__file__).resolve().parents[1]


@pytest.mark.skipif(
    PACKAGE.is_relative_to(CHECKOUT / "src"),
    reason="hspkg is imported from the source tree (editable install); the README's test command installs the wheel",
)
@pytest.mark.parametrize("folder, example", [("ontology", "shapes.ttl"), ("data", "uclpartners.ttl"), ("queries", "members.rq")])
def test_shipped_folders_are_inside_the_installed_package(folder, example):
    path = shipped(folder)
    assert path == PACKAGE / "_shipped" / folder
    assert (path / example).is_file()
    # the same files as the checkout's top-level folder
    assert sorted(p.name for p in path.iterdir()) == sorted(p.name for p in (CHECKOUT / folder).iterdir())
