"""`build.py import`: arguments and the command, a thin layer over api.import_files."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import TextIO

from . import dates
from .api import ImportFailed, import_files


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date written YYYY-MM-DD") from None


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the import command's arguments (--content is added by build.py)."""
    parser.add_argument("files", metavar="FILE", nargs="+", type=Path,
                        help="raw text dump of one printed issue (UTF-8 or GB18030)")
    when = parser.add_mutually_exclusive_group()
    when.add_argument("--date", type=_date, metavar="YYYY-MM-DD",
                      help="issue date of every FILE (else from --catalog or the file name)")
    when.add_argument("--catalog", type=Path, metavar="CSV",
                      help="CSV with columns file,date giving each FILE's issue date")
    parser.add_argument("--force", action="store_true",
                        help="overwrite articles an editor has changed since they were imported")


def run(args: argparse.Namespace, out: TextIO | None = None) -> int:
    """Import the files; print the review reports.  Exit status 0 ok, 1 errors."""
    out = out or sys.stdout
    content: Path = getattr(args, "content", None) or Path("content")
    try:
        catalog = dates.read_catalog(args.catalog) if args.catalog else None
        result = import_files(list(args.files), content=content, date=args.date,
                              catalog=catalog, force=args.force)
    except dates.DateError as exc:
        print(f"error: {exc}", file=out)
        return 1
    except ImportFailed as exc:
        for problem in exc.problems:
            print(f"error: {problem}", file=out)
        print("nothing was imported.", file=out)
        return 1
    for review in result.reviews.values():
        print(review, file=out)
    done = result.outcome
    print(f"imported {len(result.issues)} issue file(s) into {content}: {len(done.written)} written, "
          f"{len(done.unchanged)} unchanged, {len(done.removed)} removed", file=out)
    for rel in done.kept:
        print(f"kept: {rel} was changed by an editor since the last import; "
              "pass --force to replace it", file=out)
    for rel in done.overwritten:
        print(f"overwritten (--force): {rel} had been changed by an editor", file=out)
    return 0
