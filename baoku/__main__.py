"""`python -m baoku`: the same commands as the `baoku` script (baoku/cli.py)."""

from __future__ import annotations

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main(prog="python -m baoku"))
