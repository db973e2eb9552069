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
        return dates.iso_date(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date written YYYY-MM-DD") from None


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the import command's arguments (--content is added by build.py)."""
    parser.add_argument("files", metavar="FILE", nargs="+", type=Path,
                        help="raw text dump of one printed issue (UTF-8, UTF-16, GB18030/GBK or Big5; detected)")
    when = parser.add_mutually_exclusive_group()
    when.add_argument("--date", type=_date, metavar="YYYY-MM-DD",
                      help="issue date of every FILE (else from --catalog or the file name)")
    when.add_argument("--catalog", type=Path, metavar="CSV",
                      help="CSV with columns file,date giving each FILE's issue date")
    parser.add_argument("--overwrite-edited", action="store_true",
                        help="replace articles (and review, remainder, source files) an editor has changed "
                             "since they were imported, and remove changed articles whose story left the raw file")
    parser.add_argument("--force", action="store_true",
                        help="the old name of --overwrite-edited (it never restores deleted articles)")
    parser.add_argument("--restore-deleted", action="store_true",
                        help="write again the articles an editor deleted (by default a deleted article "
                             "stays deleted, and its story is reported, not recreated)")


def run(args: argparse.Namespace, out: TextIO | None = None) -> int:
    """Import the files; print the review reports.  Exit status 0 ok, 1 errors."""
    out = out or sys.stdout
    content: Path = getattr(args, "content", None) or Path("content")
    try:
        catalog = dates.read_catalog(args.catalog) if args.catalog else None
        result = import_files(list(args.files), content=content, date=args.date,
                              catalog=catalog, overwrite_edited=args.force or args.overwrite_edited,
                              restore_deleted=args.restore_deleted)
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
    for line in result.skipped:
        print(f"skipped: {line}", file=out)
    for line in result.cleaned:
        print(f"cleaned: {line}", file=out)
    for line in result.cases:
        print(f"re-import: {line}", file=out)
    for rel in done.kept:
        print(f"kept: {rel} was changed by an editor since the last import; "
              "pass --overwrite-edited to replace it", file=out)
    for rel in done.overwritten:
        print(f"overwritten (--overwrite-edited): {rel} had been changed by an editor", file=out)
    return 0
