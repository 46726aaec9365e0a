"""``python -m hspkg``: the ``hspkg`` command, for where its script is not on PATH (a venv not activated)."""

from __future__ import annotations

if __name__ == "__main__":  # imported by the doctest sweep without running the command
    from .exits import main

    raise SystemExit(main())
