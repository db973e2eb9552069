"""The command line: `baoku`, `python -m baoku` and `python build.py` are this one parser.

    baoku [build]          build content/ into site/
    baoku check            validate content/ without writing anything
    baoku serve            build, then preview on http://127.0.0.1:8000/, rebuilding on edits
    baoku import FILE...   split raw issue dumps into articles under content/
    baoku init DIR         start a new archive
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path
from typing import NoReturn

from .errors import BuildError

DESCRIPTION = "baoku 报库: a static archive site for a Chinese newspaper."

EXAMPLES = {
    "": """\
examples:
  {prog} init my-archive --paper 测试日报     start an archive
  {prog} import raw/2024-05-01.txt           import an issue (date from the file name)
  {prog}                                     build content/ into site/
  {prog} serve                               preview on http://127.0.0.1:8000/
  {prog} COMMAND --help                      more about a command
""",
    "build": """\
examples:
  {prog} build                               content/ → site/, with the search index
  {prog} build --no-search                   faster, for a quick look (no search page index)
  {prog} build --content archive/content --output /var/www/archive

Every problem in the content is listed with its file and line, and nothing is written;
the previous site stays as it was. .cache/ beside content/ makes rebuilds faster.
""",
    "check": """\
examples:
  {prog} check                               validate content/
  {prog} check --content archive/content

Exit status 0 when the content would build, 1 with the list of problems otherwise.
""",
    "serve": """\
examples:
  {prog} serve                               build, serve on http://127.0.0.1:8000/, rebuild on edits
  {prog} serve --port 8001 --no-search       another port; rebuilds skip the search index
  {prog} serve --no-build                    serve site/ as it is, without building or watching

Edits to content/ and templates/ are rebuilt (bursts of edits once) and open pages
reload by themselves. A failed rebuild lists its problems here and as a banner in the
browser; the server keeps running. Only this machine can connect (127.0.0.1).
""",
    "import": """\
examples:
  {prog} import raw/2024-05-01.txt                     the date from the file name
  {prog} import raw/issue.txt --date 2024-05-01
  {prog} import raw/*.txt --catalog raw/catalog.csv    dates from a CSV (file,date)

Articles go to content/articles/YYYY/MM/DD/NN.md, the importer's report to
content/review/. An article an editor changed is kept unless --force is given.
""",
    "init": """\
examples:
  {prog} init my-archive --paper 测试日报
  {prog} init . --paper 晚报                 an empty or new folder only

Writes content/site.toml (with the paper's name), a general section taxonomy and word
lists, an empty content/articles/, .gitignore, requirements.txt (the baoku version),
a GitHub Actions workflow that publishes to GitHub Pages, and a README of next steps.
An existing archive is never overwritten.
""",
}


def _formatter(prog: str) -> argparse.HelpFormatter:
    return argparse.RawDescriptionHelpFormatter(prog, max_help_position=32)


def _common(parser: argparse.ArgumentParser, output: bool = True, top: bool = False) -> None:
    # Subcommands repeat the options with SUPPRESS defaults, so that
    # `baoku --content X build` and `baoku build --content X` mean the same.
    default = (lambda value: value) if top else (lambda value: argparse.SUPPRESS)
    parser.add_argument("--content", type=Path, default=default(Path("content")), metavar="DIR",
                        help="content folder (default: content)")
    if output:
        parser.add_argument("--output", type=Path, default=default(Path("site")), metavar="DIR",
                            help="output folder (default: site)")


def _command(commands: argparse._SubParsersAction, name: str, help: str, prog: str) -> argparse.ArgumentParser:
    return commands.add_parser(name, help=help, description=help[0].upper() + help[1:] + ".",
                               epilog=EXAMPLES[name].format(prog=prog), formatter_class=_formatter)


def parser(prog: str = "baoku") -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog=prog, description=DESCRIPTION, epilog=EXAMPLES[""].format(prog=prog),
                                   formatter_class=_formatter)
    main.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    _common(main, top=True)
    main.add_argument("--no-search", action="store_true", help="skip the search index")
    commands = main.add_subparsers(dest="command", metavar="COMMAND", title="commands")
    build = _command(commands, "build", "build the site (the default command)", prog)
    _common(build)
    build.add_argument("--no-search", action="store_true", default=argparse.SUPPRESS,
                       help="skip the search index")
    check = _command(commands, "check", "validate the content without writing anything", prog)
    _common(check, output=False)
    serve = _command(commands, "serve", "build, serve the site on 127.0.0.1 and rebuild it on edits", prog)
    _common(serve)
    serve.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    serve.add_argument("--no-search", action="store_true", default=argparse.SUPPRESS,
                       help="leave out the search index (faster rebuilds)")
    serve.add_argument("--no-build", action="store_true",
                       help="serve the existing site as it is: no build, no watching")
    importer = _command(commands, "import", "split raw newspaper issues into articles", prog)
    _common(importer, output=False)
    from .importer.cli import add_arguments
    add_arguments(importer)
    init = _command(commands, "init", "start a new archive in a new or empty folder", prog)
    init.add_argument("folder", metavar="DIR", type=Path, help="the archive's folder (created if missing)")
    init.add_argument("--paper", required=True, metavar="NAME",
                      help="the newspaper's name as cited, without 《》, e.g. 测试日报")
    return main


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version
    try:
        return version("baoku")
    except PackageNotFoundError:
        return "(not installed)"


def report_problems(error: BuildError, what: str = "nothing was written") -> int:
    print(f"Found {len(error.problems)} problem(s); {what}:", file=sys.stderr)
    for problem in error.problems:
        print(f"  {problem}", file=sys.stderr)
    return 1


def run(prog: str = "baoku") -> NoReturn:
    """The command line as a program: main(), then the process ends without freeing its
    objects one by one (os._exit, once output is flushed and logging shut down). A
    build holds every article until it ends, and at 100,000 articles the interpreter's
    own exit took 0.9 s more of a day's rebuild; the files are written, the old site's
    removal runs in its own process, and the worker pools are closed by then."""
    try:
        code = main(prog=prog)
    finally:
        logging.shutdown()
        sys.stdout.flush()
        sys.stderr.flush()
    os._exit(code)


def main(argv: list[str] | None = None, prog: str = "baoku") -> int:
    args = parser(prog).parse_args(argv)
    command = args.command or "build"
    if command == "import":
        from .importer.cli import run
        return run(args)
    if command == "init":
        from .skeleton import InitError, init
        try:
            made = init(args.folder, args.paper)
        except InitError as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
        print(made)
        return 0
    if command == "serve":
        from .serve import ServeError, preview
        try:
            return preview(args.content, args.output, args.port, build=not args.no_build,
                           search=not getattr(args, "no_search", False))
        except ServeError as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
    from . import pipeline
    try:
        if command == "check":
            report = pipeline.check(args.content)
            for warning in report.warnings:
                print(f"warning: {warning}", file=sys.stderr)
            print(f"ok: {report.articles} articles, {report.pages} pages would be written")
            return 0
        report = pipeline.build(args.content, args.output, search=not getattr(args, "no_search", False),
                                progress=pipeline.terminal_progress())
        print(report.summary())
    except BuildError as error:
        return report_problems(error)
    return 0
