"""Render helpers: cards cached once and moved to each page's depth, exactly."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import jinja2
from jinja2.bccache import bc_magic

from baoku import cachefile
from baoku.render import environment

CARD = ('{% macro card(c, show_date=true) %}<a href="{{ c.url | link }}">{{ c.article.title }}</a>'
        '{% if c.home %}<a href="{{ "" | link }}">首页</a>{% endif %}'
        '{% if c.outside %}<a href="https://example.org/">外链</a>{% endif %}{% endmacro %}')


def _cards(tmp_path: Path):  # type: ignore[no-untyped-def]
    (tmp_path / "_macros.html").write_text(CARD, encoding="utf-8")
    env = environment(tmp_path)
    return env.globals["_linker"], env.filters["card"]


def _card(**extra: bool) -> SimpleNamespace:
    article = SimpleNamespace(id="2022/07/28/03", title="大盂新城数字电网方案获评全省电力示范项目")
    return SimpleNamespace(**{"article": article, "url": "2022/07/28/03.html", "home": False, "outside": False,
                              **extra})


def test_a_card_links_from_the_depth_of_every_page_that_shows_it(tmp_path: Path) -> None:
    linker, card = _cards(tmp_path)
    for root, href in [("", "2022/07/28/03.html"), ("../../", "../../2022/07/28/03.html"),
                       ("/archive/", "/archive/2022/07/28/03.html")]:
        linker.root = root
        assert card(_card()) == f'<a href="{href}">大盂新城数字电网方案获评全省电力示范项目</a>'


def test_links_home_and_outside_the_site_are_never_moved(tmp_path: Path) -> None:
    linker, card = _cards(tmp_path)
    linker.root = "../../"
    assert card(_card(home=True, outside=True)).endswith(
        '<a href="../../">首页</a><a href="https://example.org/">外链</a>')
    linker.root = ""
    assert '<a href="./">首页</a>' in card(_card(home=True, outside=True))


def _theme(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "theme"
    folder.mkdir(exist_ok=True)
    (folder / "page.html").write_text(text, encoding="utf-8")
    return folder


def _refuse_compiling(env: Any) -> None:
    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("compiled again")
    env.compile = refuse


def test_a_template_compiled_by_one_build_is_loaded_by_the_next(tmp_path: Path) -> None:
    folder, cache = _theme(tmp_path, "<h1>{{ title }}</h1>"), tmp_path / ".cache"
    first = environment(folder, cache).get_template("page.html").render(title="太原日报")
    again = environment(folder, cache)
    _refuse_compiling(again)
    assert again.get_template("page.html").render(title="太原日报") == first == "<h1>太原日报</h1>"


def test_a_changed_template_is_compiled_again_not_loaded(tmp_path: Path) -> None:
    cache = tmp_path / ".cache"
    environment(_theme(tmp_path, "<h1>{{ title }}</h1>"), cache).get_template("page.html")
    changed = environment(_theme(tmp_path, "<h2>{{ title }}</h2>"), cache)
    assert changed.get_template("page.html").render(title="本报讯") == "<h2>本报讯</h2>"


def test_a_damaged_compiled_template_is_compiled_again(tmp_path: Path) -> None:
    folder, cache = _theme(tmp_path, "<p>{{ title }}</p>"), tmp_path / ".cache"
    env = environment(folder, cache)
    env.get_template("page.html")
    kept = env.bytecode_cache
    assert isinstance(kept, jinja2.BytecodeCache)
    entries = cachefile.read(kept.path, kept.key)  # type: ignore[attr-defined]
    assert entries
    # Jinja's own header, then not its checksum: Jinja's cache itself raises on this
    cachefile.write(kept.path, kept.key, {name: bc_magic + b"\x80\x04garbage"  # type: ignore[attr-defined]
                                          for name in entries})
    assert environment(folder, cache).get_template("page.html").render(title="通讯员") == "<p>通讯员</p>"


def test_a_cache_folder_that_cannot_be_written_only_means_compiling(tmp_path: Path) -> None:
    folder, cache = _theme(tmp_path, "<p>{{ title }}</p>"), tmp_path / ".cache"
    cache.write_text("a file where the folder belongs", encoding="utf-8")
    assert environment(folder, cache).get_template("page.html").render(title="记者") == "<p>记者</p>"
