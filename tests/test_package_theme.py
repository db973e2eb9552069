"""The theme: packaged templates and static files, overridden file by file by an archive's templates/."""

from __future__ import annotations

from pathlib import Path

from helpers import ROOT, copy_fixture

from baoku import pipeline
from baoku.theme import Theme, packaged


def test_the_packaged_theme_is_the_checkouts_templates_folder() -> None:
    assert packaged() == ROOT / "templates"
    assert (packaged() / "404.html").is_file()


def test_an_archive_without_templates_uses_the_packaged_theme_alone(tmp_path: Path) -> None:
    content = copy_fixture(tmp_path)
    assert Theme.for_content(content).folders == (packaged(),)


def test_an_override_hides_the_packaged_file_of_the_same_name_only(tmp_path: Path) -> None:
    own = tmp_path / "templates"
    (own / "static").mkdir(parents=True)
    (own / "404.html").write_text("自己的404", encoding="utf-8")
    (own / "static" / "style.css").write_text("body{color:#333}", encoding="utf-8")
    theme = Theme.for_content(tmp_path / "content")
    assert theme.folders == (own, packaged())
    files = theme.files()
    assert files["404.html"] == own / "404.html"
    assert files["static/style.css"] == own / "static" / "style.css"
    assert files["article.html"] == packaged() / "article.html"
    assert theme.static_files()["search.js"] == packaged() / "static" / "search.js"


def test_the_themes_digest_follows_the_effective_files(tmp_path: Path) -> None:
    own = tmp_path / "templates"
    own.mkdir()
    theme = Theme.for_content(tmp_path / "content")
    before = theme.digest()
    (own / "notes.txt").write_text("x", encoding="utf-8")
    added = theme.digest()
    (own / "notes.txt").write_text("y", encoding="utf-8")
    assert len({before, added, theme.digest()}) == 3
    (own / "notes.txt").unlink()
    assert theme.digest() == before


def test_an_archives_404_page_and_stylesheet_override_the_packaged_ones(tmp_path: Path) -> None:
    content = copy_fixture(tmp_path)
    own = tmp_path / "templates"
    (own / "static").mkdir(parents=True)
    (own / "404.html").write_text("<!doctype html><title>找不到</title><p>本馆没有这一页：{{ site.paper }}</p>\n",
                                  encoding="utf-8")
    (own / "static" / "style.css").write_text("body { font-family: serif; }\n", encoding="utf-8")
    output = tmp_path / "site"
    pipeline.build(content, output, search=False, workers=1)
    assert (output / "404.html").read_text(encoding="utf-8") == \
        "<!doctype html><title>找不到</title><p>本馆没有这一页：太原日报</p>\n"
    assert (output / "static" / "style.css").read_text(encoding="utf-8") == "body { font-family: serif; }\n"
    assert (output / "static" / "search.js").read_bytes() == (packaged() / "static" / "search.js").read_bytes()
    article = (output / "2022" / "07" / "28" / "01.html").read_text(encoding="utf-8")
    assert "本馆没有这一页" not in article and "跳到正文" in article  # the packaged base.html


def test_changing_an_override_renders_the_pages_again(tmp_path: Path) -> None:
    content = copy_fixture(tmp_path)
    output = tmp_path / "site"
    pipeline.build(content, output, search=False, workers=1)
    own = tmp_path / "templates"
    own.mkdir()
    base = (packaged() / "base.html").read_text(encoding="utf-8")
    (own / "base.html").write_text(base.replace("跳到正文", "跳至正文"), encoding="utf-8")
    report = pipeline.build(content, output, search=False, workers=1)
    assert report.reused == 0
    assert "跳至正文" in (output / "2022" / "07" / "28" / "01.html").read_text(encoding="utf-8")
