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


def test_an_unknown_shipped_folder_is_an_input_error():
    with pytest.raises(hspkg.InputError, match=r"^folder='templates': no such shipped folder; there are ontology, data, queries$"):
        shipped("templates")


def test_an_install_without_its_folders_is_a_work_error_not_a_crash(monkeypatch, tmp_path):
    from hspkg import resources

    # a package folder with no _shipped/ inside, and no checkout around it
    monkeypatch.setattr(resources, "__file__", str(tmp_path / "a" / "b" / "resources.py"))
    with pytest.raises(hspkg.WorkError, match=r"^hspkg is installed without its data/ folder"):
        shipped("data")
