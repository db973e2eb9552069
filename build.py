#!/usr/bin/env python3
"""baoku's command line: build, check, serve and import a newspaper archive.

    python build.py                      build content/ into site/
    python build.py check                validate content/ without writing
    python build.py serve [--port N]     build, then preview on http://127.0.0.1:N/
    python build.py import FILE...       split raw issues into articles under content/
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from baoku.errors import BuildError


def _common(parser: argparse.ArgumentParser, output: bool = True, top: bool = False) -> None:
    # Subcommands repeat the options with SUPPRESS defaults, so that
    # `build.py --content X build` and `build.py build --content X` mean the same.
    default = (lambda value: value) if top else (lambda value: argparse.SUPPRESS)
    parser.add_argument("--content", type=Path, default=default(Path("content")),
                        help="content folder (default: content)")
    if output:
        parser.add_argument("--output", type=Path, default=default(Path("site")),
                            help="output folder (default: site)")


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="build.py", description=__doc__,
                                   formatter_class=argparse.RawDescriptionHelpFormatter)
    _common(main, top=True)
    main.add_argument("--no-search", action="store_true", help="skip the search index")
    commands = main.add_subparsers(dest="command", metavar="COMMAND")
    build = commands.add_parser("build", help="build the site (the default)")
    _common(build)
    build.add_argument("--no-search", action="store_true", default=argparse.SUPPRESS,
                       help="skip the search index")
    check = commands.add_parser("check", help="validate the content without writing anything")
    _common(check, output=False)
    serve = commands.add_parser("serve", help="build, then serve the site on 127.0.0.1")
    _common(serve)
    serve.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    serve.add_argument("--no-build", action="store_true", help="serve the existing site as it is")
    importer = commands.add_parser("import", help="split raw newspaper issues into articles")
    _common(importer, output=False)
    from baoku.importer.cli import add_arguments
    add_arguments(importer)
    return main


def _report_problems(error: BuildError) -> int:
    print(f"Found {len(error.problems)} problem(s); nothing was written:", file=sys.stderr)
    for problem in error.problems:
        print(f"  {problem}", file=sys.stderr)
    return 1


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    command = args.command or "build"
    if command == "import":
        from baoku.importer.cli import run
        return run(args)
    from baoku import pipeline
    try:
        if command == "check":
            report = pipeline.check(args.content)
            for warning in report.warnings:
                print(f"warning: {warning}", file=sys.stderr)
            print(f"ok: {report.articles} articles, {report.pages} pages would be written")
            return 0
        if command == "serve" and args.no_build:
            report = None
        else:
            report = pipeline.build(args.content, args.output, search=not getattr(args, "no_search", False),
                                    progress=pipeline.terminal_progress())
            print(report.summary())
    except BuildError as error:
        return _report_problems(error)
    if command == "serve":
        from baoku.serve import serve
        serve(args.output, args.port)
    return 0


if __name__ == "__main__":
    sys.exit(main())
