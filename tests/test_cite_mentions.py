"""People and places an article names are machine-readable: NewsArticle `mentions`."""

from __future__ import annotations

import datetime as dt
import json

from baoku import cite
from baoku.config import SiteConfig
from baoku.model import Article


def _article() -> Article:
    return Article(id="2023/03/03/01", path="articles/2023/03/03/01.md", title="会见",
                   date=dt.date(2023, 3, 3), body="正文")


def test_people_and_places_are_person_and_place_mentions_in_order() -> None:
    data = json.loads(cite.json_ld(SiteConfig(), _article(), "时政", (), "https://example.org/a",
                                   ("张三", "李四"), ("北京市朝阳区", "美国")))
    assert data["mentions"] == [
        {"@type": "Person", "name": "张三"}, {"@type": "Person", "name": "李四"},
        {"@type": "Place", "name": "北京市朝阳区"}, {"@type": "Place", "name": "美国"}]


def test_an_article_that_names_nobody_and_no_place_has_no_mentions() -> None:
    data = json.loads(cite.json_ld(SiteConfig(), _article(), "时政", (), "https://example.org/a"))
    assert "mentions" not in data


def test_a_mention_cannot_close_the_script_element() -> None:
    raw = cite.json_ld(SiteConfig(), _article(), "", (), "https://example.org/a", ("</script>",), ())
    assert "</script>" not in raw and json.loads(raw)["mentions"][0]["name"] == "</script>"
