"""Re-import matches stories to articles by content: paths never move, nothing is written twice or lost."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from baoku.importer.api import import_files
from baoku.importer.markdown import split_file

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "content"
SAMPLE = BUNDLED / "sources" / "2022-07-28_000_7c0b0d6854007560.txt"
DAY = "articles/2022/07/28"

# An invented page of another paper, set with no blank lines between paragraphs.
STORIES = [
    ("沿江大道夜间施工 部分路段临时封闭\n本报讯（记者 覃海燕）为加快沿江大道改造，8月3日至8月20日每晚22时至次日6时，"
    "沿江大道民生路至解放路段将封闭施工，过往车辆请绕行新华路。\n市交警支队提醒，施工期间公交线路同步调整。"),
    ("社区图书角开进工业园\n本报讯 8月2日，高新区工业园第一个社区图书角揭牌，首批配备图书两千余册，"
    "周一至周六向园区职工免费开放。\n园区工会表示，今后将每季度更新一次书目。（通讯员 莫小丽）"),
    ("第三届龙舟邀请赛收官\n本报讯 8月1日，第三届邕江龙舟邀请赛在邕江南岸落下帷幕，来自区内外的二十四支队伍同场竞技，"
    "最终东兴队夺得五百米直道赛冠军。（记者 韦国庆）"),
]
NEW_STORY = ("老旧小区加装电梯提速\n本报讯 截至7月底，全市今年已有一百三十六部加装电梯投入使用，"
             "比去年同期增加四成，另有八十部正在施工。（记者 陆明辉）")


def issue(stories: list[str]) -> str:
    return "\n\n".join(stories) + "\n"


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def articles(content: Path, day: str = "articles/2022/08/03") -> dict[str, dict]:
    folder = content / day
    return {p.stem: split_file(p.read_text(encoding="utf-8"))[0] for p in sorted(folder.glob("*.md"))}


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    path = tmp_path / "export" / "2022-08-03_a4.txt"
    path.parent.mkdir()
    path.write_text(issue(STORIES), encoding="utf-8")
    return path


def test_the_bundled_archive_imported_again_changes_no_byte(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(BUNDLED, content)
    before = snapshot(content)
    result = import_files(sorted((content / "sources").glob("*.txt")), content=content)
    assert snapshot(content) == before
    assert not result.outcome.written and not result.cases and not result.skipped


def test_a_reexport_missing_one_story_keeps_every_article_at_its_path_and_the_edit(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(BUNDLED, content)
    edited = content / DAY / "05.md"
    edited.write_text(edited.read_text(encoding="utf-8").replace("本报讯 7月26日", "本报讯 7月26日(据市卫健委)"),
                      encoding="utf-8")
    edit = edited.read_bytes()
    lines = SAMPLE.read_text(encoding="utf-8").split("\n")
    reexport = tmp_path / "export" / SAMPLE.name
    reexport.parent.mkdir()
    reexport.write_text("\n".join(lines[:18] + lines[30:]), encoding="utf-8")  # story 3 (lines 19-30) gone
    before = {n: (content / DAY / f"{n}.md").read_bytes() for n in ("04", "06", "07", "11")}

    result = import_files([reexport], content=content)

    assert edited.read_bytes() == edit
    assert {n: (content / DAY / f"{n}.md").read_bytes() for n in before} == before
    assert not (content / DAY / "03.md").exists()
    assert sorted(p.stem for p in (content / DAY).glob("*.md")) == [
        "01", "02", "04", "05", "06", "07", "08", "09", "10", "11"]
    titles = [m["title"] for m in articles(content, DAY).values()]
    assert len(titles) == len(set(titles))
    review = (content / "review/2022-07-28.md").read_text(encoding="utf-8")
    assert "| articles/2022/07/28/06 | 39 | photo | 我市突降大雨 *(guessed)* |" in review
    assert ("articles/2022/07/28/05 was changed by an editor; kept as edited (--overwrite-edited replaces it)"
            in review)
    assert "articles/2022/07/28/03 (大盂新城数字电网方案获评全省电力示范项目): its story is no longer in the raw file; removed" in review
    assert result.outcome.removed == [f"{DAY}/03.md"] and result.outcome.kept == [f"{DAY}/05.md"]
    assert any("05 was changed by an editor" in line for line in result.cases)


def test_an_article_an_editor_deleted_is_not_written_again_but_reported(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(BUNDLED, content)
    (content / DAY / "05.md").unlink()
    result = import_files([SAMPLE], content=content)
    assert not (content / DAY / "05.md").exists()
    assert not any(p.stem > "11" for p in (content / DAY).glob("*.md"))
    note = "articles/2022/07/28/05 was deleted by an editor; not written again (--restore-deleted restores it)"
    review = (content / "review/2022-07-28.md").read_text(encoding="utf-8")
    assert note in review and "| — | 43 | news | 市疫情防控办提示 五地返(抵)并人员 要主动报备 |" in review
    assert any(note in line for line in result.cases)
    result = import_files([SAMPLE], content=content, restore_deleted=True)
    assert (content / DAY / "05.md").read_bytes() == (BUNDLED / DAY / "05.md").read_bytes()


def test_a_deletion_is_recognised_in_an_archive_imported_before_sketches_were_kept(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(BUNDLED, content)
    manifest_path = content / ".import-manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    for entry in manifest["files"].values():
        entry.pop("sketch", None)
    manifest_path.write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    (content / DAY / "06.md").unlink()
    import_files([SAMPLE], content=content)
    assert not (content / DAY / "06.md").exists()
    assert not any(p.stem > "11" for p in (content / DAY).glob("*.md"))


def test_a_new_story_gets_the_next_free_number_and_order_keeps_the_print_order(raw, tmp_path):
    content = tmp_path / "content"
    import_files([raw], content=content)
    raw.write_text(issue([STORIES[0], NEW_STORY, *STORIES[1:]]), encoding="utf-8")
    result = import_files([raw], content=content)
    found = articles(content)
    assert {n: (m["title"], m["order"]) for n, m in found.items()} == {
        "01": ("沿江大道夜间施工 部分路段临时封闭", 1),
        "02": ("社区图书角开进工业园", 3),
        "03": ("第三届龙舟邀请赛收官", 4),
        "04": ("老旧小区加装电梯提速", 2),
    }
    assert any("a story new in this file; written as articles/2022/08/03/04" in line for line in result.cases)


def test_force_overwrites_an_edit_but_never_restores_a_deletion(raw, tmp_path):
    content = tmp_path / "content"
    import_files([raw], content=content)
    first, second = content / "articles/2022/08/03/01.md", content / "articles/2022/08/03/02.md"
    original = first.read_bytes()
    first.write_text(first.read_text(encoding="utf-8").replace("过往车辆", "过往机动车辆"), encoding="utf-8")
    second.unlink()
    result = import_files([raw], content=content, force=True)
    assert first.read_bytes() == original and not second.exists()
    assert result.outcome.overwritten == ["articles/2022/08/03/01.md"]


def test_the_same_issue_under_another_file_name_is_not_imported_again(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(BUNDLED, content)
    copy = tmp_path / "2022-07-28 copy.txt"
    shutil.copy(SAMPLE, copy)
    before = snapshot(content / "articles")
    result = import_files([copy], content=content)
    assert snapshot(content / "articles") == before
    assert not (content / "sources/2022-07-28 copy.txt").exists()
    assert result.skipped == [f"{copy}: not imported: the same bytes as sources/{SAMPLE.name}, imported before"]
    review = (content / "review/2022-07-28.md").read_text(encoding="utf-8")
    assert "## sources/2022-07-28 copy.txt\n\n- not imported: the same bytes as" in review


def test_a_reexport_of_an_issue_under_a_new_name_is_recognised_by_its_stories(raw, tmp_path):
    content = tmp_path / "content"
    import_files([raw], content=content)
    again = tmp_path / "2022-08-03 重新导出.txt"
    again.write_text(issue(STORIES).replace("二十四支", "24支").replace("\n", "\r\n"), encoding="utf-8")
    before = snapshot(content / "articles")
    result = import_files([again], content=content)
    assert snapshot(content / "articles") == before
    assert result.skipped == [(f"{again}: not imported: the same issue as sources/2022-08-03_a4.txt "
                              "(3 of 3 stories are its articles); to import this file in its place, "
                              "give it that file's name")]


def test_a_hand_added_article_keeps_its_number_and_the_review_names_only_files_written(raw, tmp_path):
    content = tmp_path / "content"
    import_files([raw], content=content)
    hand = content / "articles/2022/08/03/04.md"
    hand.write_text("---\ntitle: 读者来信\ndate: '2022-08-03'\n---\n\n编辑部手工补录的读者来信。\n", encoding="utf-8")
    typed = hand.read_bytes()
    other = tmp_path / "2022-08-03_a5.txt"
    other.write_text(issue([NEW_STORY]), encoding="utf-8")
    result = import_files([other], content=content)
    assert hand.read_bytes() == typed
    assert articles(content)["05"]["title"] == "老旧小区加装电梯提速"
    review = (content / "review/2022-08-03.md").read_text(encoding="utf-8")
    assert "| articles/2022/08/03/05 | 1 | news | 老旧小区加装电梯提速 |" in review
    assert "articles/2022/08/03/04 |" not in review
    assert not result.outcome.kept


def test_a_story_an_editor_already_typed_in_by_hand_is_not_written_twice(raw, tmp_path):
    content = tmp_path / "content"
    import_files([raw], content=content)
    hand = content / "articles/2022/08/03/04.md"
    title, body = NEW_STORY.split("\n")
    hand.write_text(f"---\ntitle: {title}\ndate: '2022-08-03'\n---\n\n{body}\n", encoding="utf-8")
    other = tmp_path / "2022-08-03_a5.txt"
    other.write_text(issue([NEW_STORY]), encoding="utf-8")
    result = import_files([other], content=content)
    assert sorted(articles(content)) == ["01", "02", "03", "04"]
    assert any("already in the archive as articles/2022/08/03/04, added by hand; not written twice" in line
               for line in result.cases)


def test_two_exports_of_one_issue_given_in_one_run_are_imported_once(raw, tmp_path):
    content = tmp_path / "content"
    again = tmp_path / "2022-08-03_a4 (1).txt"
    again.write_text(issue(STORIES).replace("二十四支", "24支"), encoding="utf-8")
    same = tmp_path / "2022-08-03_a4 (2).txt"
    shutil.copy(raw, same)
    result = import_files([raw, again, same], content=content)
    assert sorted(articles(content)) == ["01", "02", "03"]
    assert [line.split(": ", 1)[1] for line in result.skipped] == [
        ("not imported: the same issue as sources/2022-08-03_a4.txt (3 of 3 stories are its articles); "
        "to import this file in its place, give it that file's name"),
        "not imported: the same bytes as sources/2022-08-03_a4.txt, imported before"]


def test_every_bundled_article_reads_back_as_exactly_the_text_of_its_story():
    from baoku.importer.decode import decode
    from baoku.importer.issue import segment_issue
    from baoku.importer.match import file_text
    from baoku.importer.reimport import story_text

    manifest = json.loads((BUNDLED / ".import-manifest.json").read_text(encoding="utf-8"))
    checked = 0
    for source, record in manifest["sources"].items():
        raw = BUNDLED / source
        drafts = segment_issue(decode(raw.read_bytes(), raw.name).text).drafts
        day = record["date"].replace("-", "/")
        for draft, slot in zip(drafts, record["articles"]):
            article = (BUNDLED / f"articles/{day}/{slot}.md").read_text(encoding="utf-8")
            assert file_text(article) == story_text(draft), slot
            checked += 1
    assert checked == 58
