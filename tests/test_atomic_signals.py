"""A signal at the worst moment of writing a file leaves no temporary file behind.

SIGTERM is raised by Python between two bytecodes, so it can land just after the
temporary file is made, before the code that would remove it is in place. The moment
cannot be hit by timing a signal from outside; here the real signal is raised, with the
command line's real handler installed, right as the file comes into being.
"""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from hspkg import exits


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_signal_just_after_the_temporary_file_is_made_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], signum: int, code: int
) -> None:
    real_open = os.open
    made: list[str] = []

    def open_then_signal(path: str | os.PathLike[str], flags: int, mode: int = 0o777, **kwargs: object) -> int:
        handle = real_open(path, flags, mode, **kwargs)  # type: ignore[arg-type]
        if os.fspath(path).endswith(".part"):
            made.append(os.fspath(path))
            signal.raise_signal(signum)  # its handler runs before the next bytecode of this frame's caller
        return handle

    monkeypatch.setattr(os, "open", open_then_signal)
    # as in a fresh process: a test runner's worker may ignore Ctrl-C (pytest-xdist's do), which hspkg never sets
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        code_given = exits.main(["query", "universities-trusts", "--format", "csv", "-o", str(tmp_path / "pairs.csv")])
    finally:
        signal.signal(signal.SIGINT, previous)
    assert code_given == code
    assert made, "the command wrote no temporary file: the test did not reach the moment it is about"
    assert sorted(p.name for p in tmp_path.iterdir()) == []
    assert capsys.readouterr().err.strip() in ("hspkg: terminated", "hspkg: interrupted")
