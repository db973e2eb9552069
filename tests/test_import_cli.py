"""The `import` command's arguments and exit status, called as build.py will."""

from __future__ import annotations

import argparse
import io
from pathlib import Path

import pytest

from baoku.importer import cli


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser()
    cli.add_arguments(p)
    p.add_argument("--content", type=Path, default=Path("content"))  # build.py adds it globally
    return p


def test_every_import_option_has_help_text():
    assert all(action.help for action in parser()._actions if action.dest != "help" and action.dest != "content")


def test_a_good_import_exits_0_and_prints_the_review(tmp_path):
    raw = tmp_path / "2022-07-28.txt"
    raw.write_text("社保经办服务不停摆\n\n本报讯 全市各级社保经办机构积极构建线上服务流程。(李晓井)\n", encoding="utf-8")
    out = io.StringIO()
    status = cli.run(parser().parse_args([str(raw), "--content", str(tmp_path / "c")]), out)
    assert status == 0
    assert "# Import review: 2022-07-28" in out.getvalue()
    assert (tmp_path / "c" / "articles/2022/07/28/01.md").exists()


def test_an_undated_file_exits_1_with_the_reason_and_nothing_written(tmp_path):
    raw = tmp_path / "issue.txt"
    raw.write_text("通告\n\n2022年7月26日起停水,7月27日恢复。\n", encoding="utf-8")
    out = io.StringIO()
    status = cli.run(parser().parse_args([str(raw), "--content", str(tmp_path / "c")]), out)
    assert status == 1
    assert "cannot tell the issue date" in out.getvalue() and "nothing was imported." in out.getvalue()
    assert not (tmp_path / "c").exists()


def test_date_and_catalog_cannot_be_given_together(capsys):
    try:
        parser().parse_args(["a.txt", "--date", "2022-07-28", "--catalog", "c.csv"])
    except SystemExit as exc:
        assert exc.code == 2
    assert "not allowed with argument" in capsys.readouterr().err


def test_a_deleted_article_is_reported_on_the_terminal_and_restored_only_by_its_own_flag(tmp_path):
    raw = tmp_path / "2022-08-03.txt"
    raw.write_text("社区图书角开进工业园\n\n本报讯 8月2日，高新区工业园第一个社区图书角揭牌，首批配备图书两千余册。\n\n"
                   "龙舟邀请赛收官\n\n本报讯 8月1日，第三届邕江龙舟邀请赛落下帷幕，东兴队夺得冠军。\n", encoding="utf-8")
    content = tmp_path / "c"
    assert cli.run(parser().parse_args([str(raw), "--content", str(content)]), io.StringIO()) == 0
    deleted = content / "articles/2022/08/03/02.md"
    deleted.unlink()
    out = io.StringIO()
    assert cli.run(parser().parse_args([str(raw), "--content", str(content), "--force"]), out) == 0
    assert not deleted.exists()
    assert ("re-import: sources/2022-08-03.txt: line 5 (龙舟邀请赛收官): articles/2022/08/03/02 was deleted by an "
            "editor; not written again (--restore-deleted restores it)") in out.getvalue().splitlines()
    cli.run(parser().parse_args([str(raw), "--content", str(content), "--restore-deleted"]), io.StringIO())
    assert deleted.exists()


def test_the_help_names_one_flag_per_override():
    text = parser().format_help()
    assert "--overwrite-edited" in text and "--restore-deleted" in text and "never restores" in " ".join(text.split())


@pytest.mark.parametrize("value", ["20220729", "2022-W30-4", "2022-7-29"])
def test_an_import_date_must_be_written_year_month_day(value: str, capsys: pytest.CaptureFixture[str]) -> None:
    from baoku.cli import main
    with pytest.raises(SystemExit) as stop:
        main(["import", "x.txt", "--date", value])
    assert stop.value.code == 2
    assert "is not a date written YYYY-MM-DD" in capsys.readouterr().err
