from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from helpers import copy_fixture, write_article

from baoku import cachefile, content
from baoku.content import load_articles, parse_article
from baoku.typeset import typeset


def test_the_fixture_archive_loads_every_article_sorted_by_id(tmp_path: Path) -> None:
    loaded = load_articles(copy_fixture(tmp_path))
    assert loaded.problems == ()
    assert [a.id for a in loaded.articles][:3] == ["2022/07/28/01", "2022/07/28/02", "2022/07/28/03"]


def test_front_matter_fields_become_article_fields(tmp_path: Path) -> None:
    article = next(a for a in load_articles(copy_fixture(tmp_path)).articles if a.id == "2022/07/28/01")
    assert article.title == "持续提升信贷便利"
    assert article.kicker == "市政府新闻办发布会"
    assert article.subtitle == "我市支持市场主体融资额34.48亿元"
    assert article.date == dt.date(2022, 7, 28)
    assert article.page == "1"
    assert article.body.startswith("7月27日,市政府新闻办举行")


def test_authors_are_a_tuple_without_duplicates() -> None:
    text = "---\ntitle: 通告\ndate: 2022-07-28\nauthors: [于健, 刘笑英, 于健]\n---\n\n正文\n"
    article, problems = parse_article(text, "articles/x.md", "x")
    assert problems == []
    assert article is not None and article.authors == ("于健", "刘笑英")


def test_broken_yaml_names_the_file_and_line(tmp_path: Path) -> None:
    content = copy_fixture(tmp_path)
    write_article(content, "2022/07/29/01.md", "title: 通告\ndate: 2022-07-29\nauthors: [于健, 刘笑英")
    problems = load_articles(content).problems
    assert len(problems) == 1
    assert problems[0].path == "articles/2022/07/29/01.md"
    assert problems[0].line == 4
    assert "not valid YAML" in problems[0].message


def test_every_problem_of_a_run_is_reported_together(tmp_path: Path) -> None:
    content = copy_fixture(tmp_path)
    write_article(content, "2022/07/29/01.md", "date: 2022-07-29")
    write_article(content, "2022/07/29/02.md", "title: 通告\ndate: 2022-13-45")
    write_article(content, "2022/07/29/03.md", "title: 通告\ndate: 2022-07-29\nkind: essay")
    write_article(content, "2022/07/29/04.md", "title: 通告\ndate: 2022-07-29\nauthor: [王勇]")
    (content / "articles/2022/07/29/05.md").write_bytes("---\ntitle: 通告\n---\n".encode("gbk"))
    messages = [str(p) for p in load_articles(content).problems]
    assert messages == [
        "articles/2022/07/29/01.md: title: is required (主题 (required))",
        "articles/2022/07/29/02.md:3: date: must be a date written YYYY-MM-DD, got '2022-13-45'",
        ("articles/2022/07/29/03.md:4: kind: must be one of news, feature, commentary, interview, photo, "
         "notice, got 'essay'"),
        "articles/2022/07/29/04.md:4: author: unknown field (did you mean 'authors'?)",
        "articles/2022/07/29/05.md:2: is not UTF-8 text (invalid start byte); save it as UTF-8",
    ]


def test_a_file_without_front_matter_says_how_to_start_one() -> None:
    article, problems = parse_article("持续提升信贷便利\n", "articles/x.md", "x")
    assert article is None
    assert str(problems[0]) == ("articles/x.md:1: has no front matter: start the file with a line '---', "
                                "the YAML fields, then another '---' line")


def test_a_chinese_file_name_is_refused_because_urls_come_from_paths() -> None:
    _, problems = parse_article("---\ntitle: 通告\ndate: 2022-07-28\n---\n", "articles/通告.md", "通告")
    assert "file name makes a bad URL" in problems[0].message


def test_crlf_and_a_bom_are_accepted(tmp_path: Path) -> None:
    content = tmp_path / "content"
    path = content / "articles/2022/07/28/01.md"
    path.parent.mkdir(parents=True)
    path.write_bytes("\ufeff---\r\ntitle: 通告\r\ndate: 2022-07-28\r\n---\r\n\r\n特此通告\r\n".encode())
    loaded = load_articles(content)
    assert loaded.problems == ()
    assert loaded.articles[0].body == "特此通告\n"


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Files actually parsed (workers=1 parses in this process)."""
    seen: list[str] = []
    original = content.parse_article

    def counting(text: str, rel: str, article_id: str):  # type: ignore[no-untyped-def]
        seen.append(rel)
        return original(text, rel, article_id)

    monkeypatch.setattr(content, "parse_article", counting)
    return seen


def test_an_unchanged_file_is_not_parsed_again(tmp_path: Path, parsed: list[str]) -> None:
    folder = copy_fixture(tmp_path)
    first = load_articles(folder, prepare=typeset, cache_dir=tmp_path / "cache")
    assert len(parsed) == len(first.articles) == 7
    parsed.clear()
    assert load_articles(folder, prepare=typeset, cache_dir=tmp_path / "cache") == first
    assert parsed == []


def test_an_edited_file_alone_is_parsed_again(tmp_path: Path, parsed: list[str]) -> None:
    folder = copy_fixture(tmp_path)
    load_articles(folder, prepare=typeset, cache_dir=tmp_path / "cache")
    parsed.clear()
    file = folder / "articles/2022/07/28/01.md"
    file.write_text(file.read_text(encoding="utf-8").replace("持续提升信贷便利", "持续提升信贷便利度"),
                    encoding="utf-8")
    loaded = load_articles(folder, prepare=typeset, cache_dir=tmp_path / "cache")
    assert parsed == ["articles/2022/07/28/01.md"]
    assert loaded.articles[0].title == "持续提升信贷便利度"


def test_a_file_the_up_to_date_check_hashed_is_taken_from_the_cache_without_being_read(
        tmp_path: Path, parsed: list[str]) -> None:
    folder = copy_fixture(tmp_path)
    rel = "articles/2022/07/28/01.md"
    file = folder / rel
    known = {rel: cachefile.file_digest(file.read_bytes())}
    first = load_articles(folder, prepare=typeset, cache_dir=tmp_path / "cache")
    file.write_text(file.read_text(encoding="utf-8").replace("持续提升信贷便利", "持续提升信贷便利度"),
                    encoding="utf-8")  # after the check: this build is of what it hashed
    parsed.clear()
    assert load_articles(folder, prepare=typeset, cache_dir=tmp_path / "cache", known=known) == first
    assert parsed == []
    changed = {rel: cachefile.file_digest(file.read_bytes())}  # a hash the cache does not know: read
    assert load_articles(folder, prepare=typeset, cache_dir=tmp_path / "cache",
                         known=changed).articles[0].title == "持续提升信贷便利度"
    assert parsed == [rel]


def test_a_file_with_control_characters_is_warned_of_also_when_it_comes_from_the_cache(tmp_path: Path) -> None:
    folder = copy_fixture(tmp_path)
    path = write_article(folder, "2022/07/28/30.md", "title: 分页符\ndate: 2022-07-28", body="第一段\n\x0c第二段\n")
    known = {"articles/2022/07/28/30.md": cachefile.file_digest(path.read_bytes())}
    builds = [load_articles(folder, cache_dir=tmp_path / "cache", known=known) for _ in range(3)]
    warning = ("articles/2022/07/28/30.md:7: holds control characters (the first is U+000C); they are left out "
               "of the site: remove them from the file")
    assert [[str(w) for w in b.warnings] for b in builds] == [[warning]] * 3


def test_a_different_preparation_never_reuses_the_cache(tmp_path: Path, parsed: list[str]) -> None:
    folder = copy_fixture(tmp_path)
    shown = load_articles(folder, prepare=typeset, cache_dir=tmp_path / "cache")
    parsed.clear()
    raw = load_articles(folder, cache_dir=tmp_path / "cache")
    assert len(parsed) == 7
    assert raw == load_articles(folder) and raw != shown


def test_an_unreadable_article_cache_is_ignored(tmp_path: Path) -> None:
    folder = copy_fixture(tmp_path)
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / "articles.store").write_bytes(b"not a cache file")
    assert load_articles(folder, cache_dir=tmp_path / "cache") == load_articles(folder)


def test_a_supplied_title_is_marked_true_or_false_and_nothing_else() -> None:
    text = "---\ntitle: 我市突降大雨\ntitle_supplied: true\ndate: 2022-07-28\nkind: photo\n---\n\n7月27日,我市突降大雨。\n"
    article, problems = parse_article(text, "articles/2022/07/28/06.md", "2022/07/28/06")
    assert problems == [] and article is not None and article.title_supplied
    bad, problems = parse_article(text.replace(": true", ": 是"), "articles/2022/07/28/06.md", "2022/07/28/06")
    assert bad is None
    assert [str(p) for p in problems] == ["articles/2022/07/28/06.md:3: title_supplied: must be true or false, got '是'"]
