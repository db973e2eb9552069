from __future__ import annotations

from pathlib import Path

import pytest

from baoku.config import SiteConfig, load_config


def test_the_bundled_configuration_names_the_paper() -> None:
    config, problems = load_config(Path(__file__).resolve().parent.parent / "content")
    assert problems == []
    assert config.paper == "太原日报"
    assert config.language == "zh-CN"


def test_the_description_readers_see_is_typeset_like_article_text(tmp_path: Path) -> None:
    (tmp_path / "site.toml").write_text('description = "《太原日报》历史报纸全文数字档案,按日期浏览"\n',
                                        encoding="utf-8")
    config, _ = load_config(tmp_path)
    assert config.description == "《太原日报》历史报纸全文数字档案，按日期浏览"


def test_unknown_settings_and_bad_values_are_all_reported(tmp_path: Path) -> None:
    (tmp_path / "site.toml").write_text('papr = "太原日报"\nbase_url = "example.org"\nper_page = "many"\n',
                                        encoding="utf-8")
    _, problems = load_config(tmp_path)
    assert [str(p) for p in problems] == [
        ("site.toml:1: papr: unknown setting; did you mean 'paper'? expected one of: archive_per_page, base_url, "
         "description, feed_size, language, paper, per_page, title"),
        "site.toml:3: per_page: must be a whole number, got 'many'",
        ("site.toml:2: base_url: must be an absolute http(s) URL ending in '/', with no spaces, quotes or "
         "other characters a URL cannot hold (e.g. 'https://example.org/archive/'), got 'example.org'"),
    ]


def test_the_older_pages_of_a_subject_hold_200_articles_unless_the_keeper_says_otherwise(tmp_path: Path) -> None:
    assert SiteConfig().archive_per_page == 200
    (tmp_path / "site.toml").write_text('paper = "江城晚报"\nper_page = 20\narchive_per_page = 500\n',
                                        encoding="utf-8")
    config, problems = load_config(tmp_path)
    assert (problems, config.per_page, config.archive_per_page) == ([], 20, 500)


@pytest.mark.parametrize(("value", "message"), [
    ("0", "site.toml:3: archive_per_page: must be at least 1, got 0"),
    ("-30", "site.toml:3: archive_per_page: must be at least 1, got -30"),
    ("12.5", "site.toml:3: archive_per_page: must be a whole number, got 12.5"),
    ("true", "site.toml:3: archive_per_page: must be a whole number, got True"),
    ('"二百"', "site.toml:3: archive_per_page: must be a whole number, got '二百'")])
def test_archive_per_page_must_be_a_positive_whole_number(tmp_path: Path, value: str, message: str) -> None:
    (tmp_path / "site.toml").write_text(f'paper = "江城晚报"\nper_page = 0\narchive_per_page = {value}\n',
                                        encoding="utf-8")
    _, problems = load_config(tmp_path)
    assert sorted(str(p) for p in problems) == ["site.toml:2: per_page: must be at least 1, got 0", message]


def test_a_missing_site_toml_is_a_problem_not_a_local_address(tmp_path: Path) -> None:
    _config, problems = load_config(tmp_path)
    assert [(p.path, p.message.split(":")[0]) for p in problems] == [("site.toml", f"not found in {tmp_path}")]


@pytest.mark.parametrize("url", ["https://example.org/my archive/", 'https://example.org/"><script>/',
                                 "https://exa mple.org/", "javascript:alert(1)/", "https://example.org/a?b/",
                                 "https://user@example.org/", "ftp://example.org/"])
def test_a_malformed_base_url_is_refused_not_escaped(tmp_path: Path, url: str) -> None:
    (tmp_path / "site.toml").write_text(f"paper = '某某日报'\nbase_url = '{url}'\n", encoding="utf-8")
    _, problems = load_config(tmp_path)
    assert [(p.line, p.field) for p in problems] == [(2, "base_url")]


@pytest.mark.parametrize("url", ["https://example.org/", "http://127.0.0.1:8000/", "https://a-b.example.org/报库/"
                                 .replace("报库", "%E6%8A%A5"), "https://[::1]:8080/archive/"])
def test_plain_base_urls_are_accepted(tmp_path: Path, url: str) -> None:
    (tmp_path / "site.toml").write_text(f"base_url = '{url}'\n", encoding="utf-8")
    assert load_config(tmp_path)[1] == []


def test_the_open_graph_locale_is_language_and_territory() -> None:
    assert [SiteConfig(language=tag).og_locale for tag in ("zh-CN", "zh-Hans-CN", "zh")] == ["zh_CN", "zh_CN", "zh"]


def test_a_subpath_base_url_gives_its_base_path(tmp_path: Path) -> None:
    (tmp_path / "site.toml").write_text('base_url = "https://example.org/archive/"\n', encoding="utf-8")
    config, problems = load_config(tmp_path)
    assert problems == []
    assert config.base_path == "/archive/"
