"""Render helpers: cards cached once and moved to each page's depth, exactly."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

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
