from __future__ import annotations

from pathlib import Path

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
        ("site.toml: papr: unknown setting; expected one of: base_url, description, feed_size, language, "
         "paper, per_page, title"),
        "site.toml: per_page: must be a int, got 'many'",
        "site.toml: base_url: must be an absolute http(s) URL ending in '/', got 'example.org'",
    ]


def test_the_open_graph_locale_is_language_and_territory() -> None:
    assert [SiteConfig(language=tag).og_locale for tag in ("zh-CN", "zh-Hans-CN", "zh")] == ["zh_CN", "zh_CN", "zh"]


def test_a_subpath_base_url_gives_its_base_path(tmp_path: Path) -> None:
    (tmp_path / "site.toml").write_text('base_url = "https://example.org/archive/"\n', encoding="utf-8")
    config, problems = load_config(tmp_path)
    assert problems == []
    assert config.base_path == "/archive/"
