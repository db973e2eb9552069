"""The command line: one parser for `baoku`, `python -m baoku` and `python build.py`."""

from __future__ import annotations

import argparse
import subprocess
import sys

import pytest
from helpers import ROOT, copy_fixture, write_article

from baoku import cli

COMMANDS = ["build", "check", "serve", "import", "init"]


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def test_the_commands_are_build_check_serve_import_and_init() -> None:
    assert list(_subparsers(cli.parser())) == COMMANDS


@pytest.mark.parametrize("name", ["", *COMMANDS])
def test_every_command_has_a_description_examples_and_help_for_each_option(name: str) -> None:
    parser = cli.parser()
    command = _subparsers(parser)[name] if name else parser
    assert command.description, f"{name or 'baoku'} has no description"
    assert command.epilog and "examples:" in command.epilog, f"{name or 'baoku'} has no examples"
    missing = [a.dest for a in command._actions if not a.help and not isinstance(a, argparse._SubParsersAction)]
    assert missing == [], f"{name or 'baoku'}: options without help text: {missing}"
    if name:
        assert _subparsers(parser)[name].format_help().count(f"baoku {name}") >= 2  # usage and examples


def test_the_help_of_every_command_names_the_program_it_was_called_as() -> None:
    for prog in ("baoku", "build.py", "python -m baoku"):
        assert f"{prog} serve --port 8001" in _subparsers(cli.parser(prog))["serve"].format_help()


def test_python_m_baoku_and_build_py_answer_help_with_the_same_commands() -> None:
    outputs = []
    for command in ([sys.executable, "-m", "baoku", "--help"], [sys.executable, str(ROOT / "build.py"), "--help"]):
        done = subprocess.run(command, check=False, cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        outputs.append(done.stdout)
    for output, prog in zip(outputs, ("python -m baoku", "build.py"), strict=True):
        assert output.startswith(f"usage: {prog} ")
        assert all(f"\n    {name} " in output for name in COMMANDS)
        assert f"{prog} init my-archive --paper 测试日报" in output


def test_options_before_and_after_the_command_mean_the_same() -> None:
    before = cli.parser().parse_args(["--content", "a", "--output", "b", "build"])
    after = cli.parser().parse_args(["build", "--content", "a", "--output", "b"])
    assert (before.content, before.output) == (after.content, after.output)


def test_check_prints_the_counts_and_exits_0(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    content = copy_fixture(tmp_path)
    assert cli.main(["check", "--content", str(content)]) == 0
    assert capsys.readouterr().out.startswith("ok: 7 articles, ")


def test_a_bad_article_is_listed_and_check_exits_1(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    content = copy_fixture(tmp_path)
    article = content / "articles" / "2023" / "01" / "05" / "02.md"
    article.write_text(article.read_text(encoding="utf-8").replace("kind: news", "kind: essay"), encoding="utf-8")
    assert cli.main(["check", "--content", str(content)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Found 1 problem(s); nothing was written:\n")
    assert "articles/2023/01/05/02.md:4: kind: must be one of" in err


def test_build_py_ends_at_once_yet_keeps_its_exit_status_and_every_line_it_printed(tmp_path) -> None:
    """build.py ends with os._exit (cli.run), skipping the interpreter's teardown: what it
    printed (to a pipe, so buffered) still arrives, and a failed check still exits 1."""
    content = copy_fixture(tmp_path)
    command = [sys.executable, str(ROOT / "build.py"), "check", "--content", str(content)]
    done = subprocess.run(command, check=False, cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("ok: 7 articles, ") and done.stdout.endswith(" pages would be written\n")
    write_article(content, "2022/07/28/99.md", "title: 无日期的稿件")
    failed = subprocess.run(command, check=False, cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert (failed.returncode, failed.stdout) == (1, "")
    assert "articles/2022/07/28/99.md" in failed.stderr and "date" in failed.stderr
