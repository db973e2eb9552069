"""Import into a content folder: files, re-import safety, refusals, dates."""

from __future__ import annotations

import codecs
import datetime as dt
import json
from pathlib import Path

import pytest

from baoku.importer.api import ImportFailed, import_files
from baoku.importer.dates import DateError, issue_date, read_catalog

ISSUE = ("我市助力企业融资 推出首贷续贷服务\n\n本报讯 记者7月27日从市金融办获悉,我市推出挂牌首贷续贷服务中心。\n\n(孙耀星)\n\n"
         "通告\n\n亲贤村城中村改造太原广场项目地块二项目,现决定更换物业公司。\n\n特此通告\n\n太原绿城房地产开发有限公司\n\n2022年7月26日\n")

PAGE3 = ("南宁至崇左城际铁路开通运营\n\n本报讯 昨日上午,南宁至崇左城际铁路正式开通运营,两地最快52分钟可达。\n\n(记者 黄秋萍)\n\n"
         "停电通知\n\n因线路检修,7月29日8时至18时,青秀区民主路片区停电,请用户提前做好准备。\n\n南宁供电局\n")


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    path = tmp_path / "2022-07-28_p2.txt"
    path.write_text(ISSUE, encoding="utf-8")
    return path


def test_an_issue_becomes_numbered_articles_source_review_and_remainder(raw, tmp_path):
    content = tmp_path / "content"
    import_files([raw], content=content)
    assert sorted(snapshot(content)) == [
        ".import-manifest.json", "articles/2022/07/28/01.md", "articles/2022/07/28/02.md",
        "remainders/2022-07-28.md", "review/2022-07-28.md", "sources/2022-07-28_p2.txt"]
    assert (content / "articles/2022/07/28/01.md").read_text(encoding="utf-8") == (
        "---\ntitle: 我市助力企业融资 推出首贷续贷服务\ndate: '2022-07-28'\nkind: news\nauthors:\n- 孙耀星\n"
        "order: 1\nsource: sources/2022-07-28_p2.txt\n---\n\n"
        "本报讯 记者7月27日从市金融办获悉,我市推出挂牌首贷续贷服务中心。\n\n(孙耀星)\n")


def test_importing_the_same_file_again_changes_no_byte(raw, tmp_path):
    content = tmp_path / "content"
    import_files([raw], content=content)
    before = snapshot(content)
    result = import_files([raw], content=content)
    assert snapshot(content) == before and not result.outcome.written


def test_an_article_changed_by_an_editor_is_kept_and_reported(raw, tmp_path):
    content = tmp_path / "content"
    import_files([raw], content=content)
    article = content / "articles/2022/07/28/01.md"
    article.write_text(article.read_text(encoding="utf-8").replace("kind: news", "kind: feature"), encoding="utf-8")
    edited = article.read_bytes()
    result = import_files([raw], content=content)
    assert article.read_bytes() == edited and result.outcome.kept == ["articles/2022/07/28/01.md"]
    result = import_files([raw], content=content, force=True)
    assert b"kind: news" in article.read_bytes() and result.outcome.overwritten == ["articles/2022/07/28/01.md"]


def test_binary_input_is_refused_and_content_is_not_touched(raw, tmp_path):
    content = tmp_path / "content"
    import_files([raw], content=content)
    before = snapshot(content)
    png = tmp_path / "2022-07-29.txt"
    png.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with pytest.raises(ImportFailed) as failed:
        import_files([raw, png], content=content)
    assert "looks like binary data" in str(failed.value) or "NUL bytes" in str(failed.value)
    assert snapshot(content) == before


def test_a_file_that_is_neither_utf8_nor_gb18030_is_refused_with_advice(tmp_path):
    bad = tmp_path / "2022-07-29.txt"
    bad.write_bytes("通知".encode()[:-1] + b"\x80\x80 \xff")
    with pytest.raises(ImportFailed, match="2022-07-29.txt: not valid UTF-8, GB18030 or Big5 text"):
        import_files([bad], content=tmp_path / "content")
    assert not (tmp_path / "content").exists()


@pytest.mark.parametrize("encode", [
    lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
    lambda t: t.replace("\n", "\r\n").encode("gb18030"),
    lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"),
], ids=["utf-8 with BOM", "gb18030 with CRLF", "utf-16 with BOM"])
def test_every_supported_encoding_gives_the_same_articles(encode, raw, tmp_path):
    import_files([raw], content=tmp_path / "a")
    other = tmp_path / "x" / raw.name
    other.parent.mkdir()
    other.write_bytes(encode(ISSUE))
    import_files([other], content=tmp_path / "b")
    assert snapshot(tmp_path / "a" / "articles") == snapshot(tmp_path / "b" / "articles")


def test_without_a_date_the_import_stops_and_suggests_the_date_in_the_text(tmp_path):
    undated = tmp_path / "000_7c0b0d6854007560.txt"
    undated.write_text(ISSUE, encoding="utf-8")
    with pytest.raises(DateError, match=r"cannot tell the issue date.*the text suggests 2022-07-28"):
        issue_date(undated, ISSUE, given=None, catalog=None)
    with pytest.raises(ImportFailed):
        import_files([undated], content=tmp_path / "content")


def test_the_date_comes_from_the_option_then_the_catalogue_then_the_file_name(tmp_path):
    catalog = tmp_path / "catalog.csv"
    catalog.write_text("file,date,paper\n000_x.txt,2022-07-28,太原日报\n", encoding="utf-8")
    dates = read_catalog(catalog)
    assert issue_date(Path("000_x.txt"), "", given=dt.date(2022, 1, 2), catalog=dates) == dt.date(2022, 1, 2)
    assert issue_date(Path("000_x.txt"), "", given=None, catalog=dates) == dt.date(2022, 7, 28)
    assert issue_date(Path("tyrb20221013.txt"), "", given=None, catalog=dates) == dt.date(2022, 10, 13)


def test_two_files_of_one_day_are_numbered_one_after_the_other_and_keep_their_numbers(raw, tmp_path):
    content = tmp_path / "content"
    page3 = tmp_path / "2022-07-28_p3.txt"
    page3.write_text(PAGE3, encoding="utf-8")
    import_files([raw, page3], content=content)
    manifest = json.loads((content / ".import-manifest.json").read_text(encoding="utf-8"))
    assert manifest["sources"]["sources/2022-07-28_p3.txt"]["articles"] == ["03", "04"]
    before = snapshot(content)
    import_files([page3], content=content)
    assert snapshot(content) == before


def test_an_article_the_new_segmentation_no_longer_makes_is_removed(raw, tmp_path):
    content = tmp_path / "content"
    import_files([raw], content=content)
    raw.write_text(ISSUE.split("通告")[0], encoding="utf-8")
    result = import_files([raw], content=content)
    assert result.outcome.removed == ["articles/2022/07/28/02.md"]
    assert not (content / "articles/2022/07/28/02.md").exists()
