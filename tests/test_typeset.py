from __future__ import annotations

import datetime as dt

from baoku.model import Article
from baoku.typeset import cjk_punctuation, typeset


def test_ascii_commas_inside_chinese_sentences_become_full_width() -> None:
    assert cjk_punctuation("7月27日,市政府新闻办举行创新提升营商环境") == "7月27日，市政府新闻办举行创新提升营商环境"
    assert cjk_punctuation("通过配变TTU,以及电源、负荷侧即插即用通信单元") == "通过配变TTU，以及电源、负荷侧即插即用通信单元"


def test_number_separators_keep_their_ascii_marks() -> None:
    assert cjk_punctuation("服务1,068户次,授信总额34.48亿元") == "服务1,068户次，授信总额34.48亿元"
    assert cjk_punctuation("时间:3:30") == "时间：3:30"


def test_parentheses_around_chinese_become_full_width_in_pairs() -> None:
    assert cjk_punctuation("五地返(抵)并人员") == "五地返（抵）并人员"
    assert cjk_punctuation("(于 健、刘笑英、赵冰清)") == "（于 健、刘笑英、赵冰清）"
    assert cjk_punctuation("PM2.5(细颗粒物)") == "PM2.5（细颗粒物）"


def test_latin_text_and_markdown_escapes_are_left_alone() -> None:
    assert cjk_punctuation("Hello, world (x)") == "Hello, world (x)"
    assert cjk_punctuation("1\\)第一") == "1\\)第一"
    assert cjk_punctuation("中&amp;中") == "中&amp;中"  # an HTML entity's semicolon


def test_typeset_changes_what_is_shown_not_the_article_id_or_date() -> None:
    article = Article(id="2022/07/28/05", path="articles/2022/07/28/05.md", date=dt.date(2022, 7, 28),
                      title="市疫情防控办提示 五地返(抵)并人员 要主动报备",
                      body="本报讯 7月26日0时至24时,31个省(自治区、直辖市)报告\n\n[链接](https://example.org/(a))\n")
    shown = typeset(article)
    assert shown.title == "市疫情防控办提示 五地返（抵）并人员 要主动报备"
    assert shown.body == ("本报讯 7月26日0时至24时，31个省（自治区、直辖市）报告\n\n"
                          "[链接](https://example.org/(a))\n")
    assert (shown.id, shown.date) == (article.id, article.date)
