"""docs/tour.ipynb runs from top to bottom in a fresh kernel (nbclient), so it cannot go stale."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

import hspkg

TOUR = Path(__file__).resolve().parents[1] / "docs" / "tour.ipynb"


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    notebook = nbformat.read(TOUR, as_version=4)
    folder = tmp_path_factory.mktemp("tour")
    # the kernel runs this environment's Python (ipykernel's python3), from an empty folder
    NotebookClient(notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(folder)}}).execute()
    return notebook


def test_the_tour_runs_without_errors_and_shows_tables_and_a_plot(executed):
    outputs = [o for cell in executed.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    tables = [o for o in outputs if "text/html" in o.get("data", {}) and "<table" in o["data"]["text/html"]]
    assert len(tables) >= 4  # three answers as DataFrames and the bridges
    assert any("image/png" in o.get("data", {}) for o in outputs)


def test_the_tour_is_committed_without_outputs():
    notebook = nbformat.read(TOUR, as_version=4)
    nbformat.validate(notebook)
    assert all(not cell.get("outputs") and cell.get("execution_count") is None for cell in notebook.cells if cell.cell_type == "code")


def test_the_tour_uses_only_the_public_api():
    """Names exported by ``hspkg`` (its ``__all__``) and its public modules, nothing private."""
    code = "\n".join(cell.source for cell in nbformat.read(TOUR, as_version=4).cells if cell.cell_type == "code")
    used = set(re.findall(r"\bhspkg\.(\w+)(?:\.(\w+))?", code))
    assert used
    for name, attribute in used:
        assert name in hspkg.__all__ or (not name.startswith("_") and importlib.util.find_spec(f"hspkg.{name}")), name
        assert not attribute.startswith("_"), f"hspkg.{name}.{attribute}"


def test_the_bridges_are_organisations_and_the_plot_says_what_it_leaves_out(executed, kg):
    outputs = [o for cell in executed.cells if cell.cell_type == "code" for o in cell.outputs]
    bridges = next(o["data"]["text/plain"] for o in outputs if "betweenness" in o.get("data", {}).get("text/plain", ""))
    assert "university" in bridges or "nhs-" in bridges
    assert not re.search(r"\bahs[cn]\b", bridges)  # no partnership in the table
    caption = next(o["text"] for o in outputs if o.output_type == "stream" and o["text"].startswith("Left out:"))
    network = kg.to_networkx()
    members_of = {v for u, v, d in network.edges(data=True) if d["label"] == "member of"}
    without = [d["label"] for n, d in network.nodes(data=True) if d["kind"] in ("ahsc", "ahsn", "ahsc+ahsn") and n not in members_of]
    assert without and all(name in caption for name in without)
