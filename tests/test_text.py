from __future__ import annotations

import datetime as dt

from baoku.text import cn_date, markdown_html, plain_text, quick_text, summary


def test_an_issue_date_reads_as_a_chinese_date_with_the_weekday() -> None:
    assert cn_date(dt.date(2022, 7, 28)) == "2022年7月28日 星期四"
    assert cn_date(dt.date(2023, 1, 1)) == "2023年1月1日 星期日"


def test_raw_html_in_an_article_is_shown_as_text() -> None:
    assert markdown_html("<b>市政府新闻办</b>发布会\n") == "<p>&lt;b&gt;市政府新闻办&lt;/b&gt;发布会</p>\n"


def test_a_javascript_link_is_not_made_a_link() -> None:
    assert "href" not in markdown_html("[点我](javascript:alert(1))\n")


def test_plain_text_keeps_subheads_and_paragraphs_one_per_line() -> None:
    body = "7月27日,市政府新闻办举行发布会。\n\n## 金融服务平台发力\n\n为了持续助力企业融资。\n"
    assert plain_text(body) == "7月27日,市政府新闻办举行发布会。\n金融服务平台发力\n为了持续助力企业融资。"


def test_quick_text_strips_markdown_markers_without_parsing() -> None:
    assert quick_text("## 咱家食堂\n\n“走,吃饭去!”上午7时许。\n") == "咱家食堂\n“走,吃饭去!”上午7时许。"


def test_a_summary_ends_at_a_sentence_when_one_is_near() -> None:
    text = "一碗红豆浆、两个肉包、一颗鸡蛋、一份小菜,坐在新南二社区食堂,丰富的早餐将刘桦的胃慢慢“唤醒”。每天早上,他都会来这里吃饭。"
    assert summary(text, 50) == "一碗红豆浆、两个肉包、一颗鸡蛋、一份小菜,坐在新南二社区食堂,丰富的早餐将刘桦的胃慢慢“唤醒”。"
    assert summary("通告", 50) == "通告"


from hypothesis import given, settings
from hypothesis import strategies as st

from baoku.text import _MD, _fast_html, _parsed_html, _parsed_text

_PIECES = st.sampled_from(["7月27日", ",", "。", "“星级”享受", "\\\\(", "1\\\\.", "# ", "## ", "### ", " ", "  ",
                           "\n", "\n\n", "*", "_", "-", "+ ", "> ", "<b>", "&amp;", "[", "]", "(", ")", "`",
                           "!", "|", "~", "=", "\t", "\\\\", "1.", "2)", "#", "34.48亿元", "PM2.5", "\"", "'",
                           "\u3000", "\u3000\u3000本报讯", "\xa0", "\x00", "\x0b"])


@settings(max_examples=3000, deadline=None)
@given(st.lists(_PIECES, max_size=30).map("".join))
def test_the_fast_renderer_agrees_with_markdown_it_whenever_it_answers(body: str) -> None:
    fast = _fast_html(body)
    if fast is not None:
        assert fast == _parsed_html(body)


@settings(max_examples=3000, deadline=None)
@given(st.lists(_PIECES, max_size=30).map("".join))
def test_plain_text_is_the_text_markdown_it_parses_whatever_path_it_takes(body: str) -> None:
    assert plain_text(body) == _parsed_text(body)


def test_a_paragraph_indented_with_ideographic_spaces_loses_them_as_in_markdown_it() -> None:
    body = "\u3000\u3000本报讯 7月27日,市政府新闻办举行发布会。\n"
    assert _fast_html(body) is None
    assert _MD.render(body) == "<p>本报讯 7月27日,市政府新闻办举行发布会。</p>\n"
    assert plain_text(body) == "本报讯 7月27日,市政府新闻办举行发布会。"


def test_plain_paragraphs_and_subheads_take_the_fast_path() -> None:
    body = "7月27日,市政府新闻办举行发布会。\n\n### 金融服务平台发力\n\n截至目前,已成功撮合1209笔贷款业务。\n"
    assert _fast_html(body) == ("<p>7月27日,市政府新闻办举行发布会。</p>\n<h2>金融服务平台发力</h2>\n"
                                "<p>截至目前,已成功撮合1209笔贷款业务。</p>\n")


def test_a_bodys_top_subheads_become_h2_under_the_title_whatever_level_they_were_typed_at() -> None:
    fast = "### 咱家食堂\n\n社区食堂开业了。\n\n#### 赢得点赞\n"
    parsed = "# 咱家食堂\n\n- 社区食堂开业了。\n\n## 赢得点赞\n"  # a list: markdown-it's path
    assert markdown_html(fast) == "<h2>咱家食堂</h2>\n<p>社区食堂开业了。</p>\n<h3>赢得点赞</h3>\n"
    assert markdown_html(parsed) == "<h2>咱家食堂</h2>\n<ul>\n<li>社区食堂开业了。</li>\n</ul>\n<h3>赢得点赞</h3>\n"


def test_a_summary_leaves_out_the_printed_continuation_markers() -> None:
    lead = "（上接第1版）疫情防控方面加强区域监测预警信息通报。\n会议审议通过联席会议制度。(下转第2版)"
    assert summary(lead) == "疫情防控方面加强区域监测预警信息通报。会议审议通过联席会议制度。"
    assert summary("（上接1版）本报讯 市民。") == "本报讯 市民。"
