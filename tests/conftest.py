"""Shared fixtures: the loaded graph, and the installed ``hspkg`` command run as a user runs it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import hspkg

@pytest.fixture(scope="session")
def kg() -> hspkg.KnowledgeGraph:
    return hspkg.load()


@pytest.fixture(scope="session")
def executable() -> str:
    """The ``hspkg`` console script installed beside this Python."""
    found = shutil.which("hspkg", path=str(Path(sys.executable).parent))
    assert found, "the hspkg command is not installed in this environment: pip install '.[test]'"
    return found


@pytest.fixture
def run(executable: str, tmp_path: Path):
    """Run ``hspkg ARGS...`` from an empty folder outside the checkout."""

    def _run(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        return subprocess.run([executable, *args], cwd=tmp_path, capture_output=True, text=True, timeout=timeout)

    return _run
