#!/usr/bin/env python3
"""baoku's command line from a checkout: `python build.py [COMMAND] ...` is `baoku [COMMAND] ...`.

    python build.py                      build content/ into site/
    python build.py check                validate content/ without writing
    python build.py serve [--port N]     build, preview on http://127.0.0.1:N/, rebuild on edits
    python build.py import FILE...       split raw issues into articles under content/
    python build.py init DIR --paper X   start a new archive

The commands live in baoku/cli.py; `python build.py --help` lists them with examples.
"""

from __future__ import annotations

from baoku.cli import run

if __name__ == "__main__":
    run(prog="build.py")
