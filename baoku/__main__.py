"""`python -m baoku`: the same commands as the `baoku` script (baoku/cli.py)."""

from __future__ import annotations

from .cli import run

if __name__ == "__main__":
    run(prog="python -m baoku")
