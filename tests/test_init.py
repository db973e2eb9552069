"""`baoku init DIR --paper NAME`: a new archive that builds, and never over an existing one."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from baoku import cli, pipeline
from baoku.importer.api import import_files
from baoku.skeleton import FILES, version

# An invented issue in another paper's layout: page headers with letters (第A01版：要闻),
# bylines in brackets and on a line of their own, quotes from residents.
RAW_ISSUE = """第A01版：要闻

江城地铁三号线南延段今日试运行

本报讯（记者 周明远）5月1日上午，江城地铁三号线南延段开始空载试运行。南延段全长12.6公里，设车站8座，预计年底前开通载客运营。试运行期间，列车将按正式运营时刻表跑图，检验信号、供电和车辆等系统的稳定性。

第A02版：民生

老旧小区加装电梯 今年再启动200部

本报记者 林晓雯

记者从市住建局获悉，今年我市将在老旧小区再启动加装电梯200部，并简化审批流程，居民签字同意的比例由三分之二调整为过半数。

“以前爬六楼要歇三回，现在下楼买菜方便多了。”家住东湖街道的王桂兰说。
"""

SAMPLE_ONLY = ["太原", "太忻", "汾河", "晋祠", "晋剧", "潇河", "大盂", "迎泽", "Taiyuan"]
"""Names from the bundled sample paper that have no place in a new archive."""


def test_init_writes_a_new_archive_named_for_the_paper(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "江城晚报"
    assert cli.main(["init", str(folder), "--paper", "江城晚报"]) == 0
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()) == sorted(FILES)
    settings = tomllib.loads((folder / "content" / "site.toml").read_text(encoding="utf-8"))
    assert (settings["paper"], settings["title"]) == ("江城晚报", "江城晚报 · 报库")
    assert (folder / "requirements.txt").read_text(encoding="utf-8").splitlines()[-1] == f"baoku=={version()}"
    workflow = (folder / ".github" / "workflows" / "site.yml").read_text(encoding="utf-8")
    assert "pip install -r requirements.txt" in workflow and "run: baoku build" in workflow
    assert "/site/" in (folder / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert (folder / "README.md").read_text(encoding="utf-8").startswith("# 《江城晚报》报库\n")
    assert "Made a new archive of 《江城晚报》" in capsys.readouterr().out


def test_the_new_archives_taxonomy_and_word_lists_name_nothing_of_the_sample_paper(tmp_path: Path) -> None:
    cli.main(["init", str(tmp_path / "a"), "--paper", "江城晚报"])
    for path in (tmp_path / "a" / "content").rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            assert [word for word in SAMPLE_ONLY if word in text] == [], path.name


def test_init_refuses_a_folder_that_holds_an_archive_and_changes_nothing(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "a"
    (folder / "content").mkdir(parents=True)
    (folder / "content" / "site.toml").write_text('paper = "旧报"\n', encoding="utf-8")
    assert cli.main(["init", str(folder), "--paper", "新报"]) == 1
    assert capsys.readouterr().err == (f"error: {folder} already holds an archive ({folder / 'content'} exists); "
                                       "baoku init never overwrites one\n")
    assert [p.name for p in folder.rglob("*")] == ["content", "site.toml"]
    assert (folder / "content" / "site.toml").read_text(encoding="utf-8") == 'paper = "旧报"\n'


def test_init_refuses_a_folder_with_a_file_it_would_write_and_writes_nothing(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "README.md").write_text("我们的项目\n", encoding="utf-8")
    (tmp_path / "LICENSE").write_text("MIT\n", encoding="utf-8")
    assert cli.main(["init", str(tmp_path), "--paper", "新报"]) == 1
    assert "already has README.md; baoku init never overwrites a file" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["LICENSE", "README.md"]


def test_init_may_use_a_folder_with_other_files(tmp_path: Path) -> None:
    (tmp_path / "LICENSE").write_text("MIT\n", encoding="utf-8")
    assert cli.main(["init", str(tmp_path), "--paper", "新报"]) == 0
    assert (tmp_path / "LICENSE").read_text(encoding="utf-8") == "MIT\n"


@pytest.mark.parametrize(("paper", "message"), [
    ("《江城晚报》", "--paper takes the name without 《》: --paper 江城晚报"),
    ("  ", "--paper must name the newspaper"),
    ("江城\n晚报", "is not a newspaper's name"),
])
def test_a_paper_name_that_is_no_name_is_refused(tmp_path: Path, capsys, paper: str, message: str) -> None:  # type: ignore[no-untyped-def]
    assert cli.main(["init", str(tmp_path / "a"), "--paper", paper]) == 1
    assert message in capsys.readouterr().err
    assert not (tmp_path / "a").exists()


def test_quotes_in_the_papers_name_stay_in_the_settings(tmp_path: Path) -> None:
    cli.main(["init", str(tmp_path / "a"), "--paper", 'The "Daily" \\ 日报'])
    settings = tomllib.loads((tmp_path / "a" / "content" / "site.toml").read_text(encoding="utf-8"))
    assert settings["paper"] == 'The "Daily" \\ 日报'


def test_a_new_archive_imports_an_issue_and_builds_a_site_that_names_the_paper(tmp_path: Path) -> None:
    folder = tmp_path / "a"
    cli.main(["init", str(folder), "--paper", "江城晚报"])
    content = folder / "content"
    assert pipeline.check(content).articles == 0
    raw = tmp_path / "2024-05-01.txt"
    raw.write_text(RAW_ISSUE, encoding="utf-8")
    import_files([raw], content=content)
    pipeline.build(content, folder / "site", search=False, workers=1)
    home = (folder / "site" / "index.html").read_text(encoding="utf-8")
    assert "<title>江城晚报 · 报库</title>" in home
    assert "江城地铁三号线南延段今日试运行" in home
    article = (folder / "site" / "2024" / "05" / "01" / "01.html").read_text(encoding="utf-8")
    assert "《江城晚报》2024年5月1日" in article
