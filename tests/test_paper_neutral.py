"""Nothing of one paper is built in: examples come from the archive, empty menus are hidden."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from fixtures.subjects.samples import CONTENT

from baoku.config import SiteConfig
from baoku.indexes import build_indexes
from baoku.model import Article
from baoku.subjects import analyse
from baoku.theme import Theme
from baoku.views import Site, search, search_examples, site_nav

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
SAMPLE_PAPER = ("太原", "潇河", "34.48", "山西", "晋祠", "龙城", "汾河")
"""Names of the sample paper's city and stories."""


def _site(columns: bool) -> Site:
    bodies = ["本报东京5月3日电 日本政府宣布,东京将举办博览会。局长张建国说,日本企业踊跃参展。",
              "本报东京5月4日电 东京股市上涨。局长张建国表示,博览会将吸引投资。",
              "本报讯 广州市举行博览会,局长王立新说,展会规模创新高。"]
    articles = tuple(Article(id=f"2023/05/0{n}/01", path=f"articles/2023/05/0{n}/01.md", title=f"博览会{n}",
                             date=dt.date(2023, 5, n), body=body, column="聚焦" if columns else "", order=1)
                     for n, body in enumerate(bodies, 1))
    subjects, problems = analyse(articles, CONTENT, None, workers=1)
    assert problems == []
    return Site(SiteConfig(), {a.id: a for a in articles}, subjects, build_indexes(articles, subjects))


def test_no_template_names_the_sample_paper_s_places_or_stories() -> None:
    for template in sorted(TEMPLATES.rglob("*.html")):
        text = template.read_text(encoding="utf-8")
        assert [name for name in SAMPLE_PAPER if name in text] == [], template.name


def test_search_examples_are_the_archive_s_most_named_person_place_and_topic() -> None:
    site = _site(columns=False)
    examples = search_examples(site)
    assert examples[:2] == ["张建国", "东京"]
    assert search(site, None)["examples"] == examples


def test_of_people_named_equally_often_the_search_example_is_the_first_by_name() -> None:
    site = _site(columns=False)
    assert search_examples(site)[0] == "张建国"  # in two articles, 王立新 in one
    leveled = {key: dataclasses.replace(analysis, people=("王立新", "李红"))
               for key, analysis in site.subjects.by_article.items()}
    shown = dataclasses.replace(site, subjects=dataclasses.replace(site.subjects, by_article=leveled))
    assert search_examples(shown)[0] == "李红"  # three articles each: 李 comes before 王


def test_the_column_menu_is_hidden_when_no_article_has_a_column() -> None:
    assert "column" not in [entry for entry, _, _ in site_nav(_site(columns=False))]
    assert "column" in [entry for entry, _, _ in site_nav(_site(columns=True))]


def test_when_a_menu_appears_or_goes_every_page_is_rendered_again() -> None:
    # The masthead is on every page, so the navigation is part of every page's key.
    from baoku.render import _version

    with_columns, without = _site(columns=True), _site(columns=False)
    theme = Theme.of(TEMPLATES)
    assert _version(with_columns, theme) != _version(without, theme)
