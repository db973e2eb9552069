"""The printed paper as data: page order and grouping, repeated copies, items without
text, and the citation styles — on invented articles of a national daily and real
lines of the sample."""

from __future__ import annotations

import datetime as dt

from natsort import natsorted

from baoku.cite import apa, gbt7714
from baoku.config import SiteConfig
from baoku.indexes import build_indexes
from baoku.issueviews import article_inputs, ways
from baoku.model import Analysis, Article, Section, Subjects
from baoku.printed import duplicates, group_pages, page_key, printed_as
from baoku.viewbase import Site

DAY = dt.date(2023, 3, 1)


def _a(number: int, page: str, title: str = "", body: str = "正文。\n", **extra: object) -> Article:
    return Article(id=f"2023/03/01/{number:02d}", path=f"articles/2023/03/01/{number:02d}.md",
                   title=title or f"第{number}篇", date=DAY, body=body, order=number, page=page, **extra)


def test_page_labels_compare_as_numbers_where_they_are_numbers() -> None:
    assert page_key("1") == page_key("01") == page_key(" 01")
    assert sorted(["10", "02", "1", "9"], key=page_key) == ["1", "02", "9", "10"]


def test_lettered_page_labels_come_in_natural_order_after_numbered_ones() -> None:
    labels = ["B1", "A10", "A2", "3", "a1", "B2"]
    assert sorted(labels, key=page_key) == ["3", "a1", "A2", "A10", "B1", "B2"]
    assert sorted(labels, key=page_key) == natsorted(labels, key=lambda s: s.lower())


def test_articles_without_a_page_label_follow_every_printed_page() -> None:
    assert page_key("") > page_key("Z99") > page_key("999")


def test_an_issue_is_grouped_page_by_page_with_the_longest_spelling_and_the_page_name() -> None:
    articles = [_a(1, "01", page_name="要闻"), _a(2, "1"), _a(3, "2", page_name="经济"), _a(4, "")]
    pages = group_pages(articles, {})
    assert [(p.label, p.heading, [a.order for a in p.articles]) for p in pages] == [
        ("01", "第01版 · 要闻", [1, 2]), ("2", "第2版 · 经济", [3]), ("", "其他", [4])]


def test_an_issue_without_page_labels_has_no_pages() -> None:
    assert group_pages([_a(1, ""), _a(2, "")], {}) == ()


def test_an_issue_is_listed_page_by_page_even_when_orders_restart_on_each_page() -> None:
    articles = (_a(1, "02", title="二版头条"), _a(2, "01", title="一版头条"), _a(3, "10", title="十版"))
    articles = tuple(Article(**{**{f: getattr(a, f) for f in a.__slots__}, "order": 1}) for a in articles)
    subjects = Subjects({a.id: Analysis("经济") for a in articles}, (Section("经济", "economy"),))
    issue = build_indexes(articles, subjects).issues[0]
    assert [a.title for a in issue.articles] == ["一版头条", "二版头条", "十版"]
    assert [p.label for p in issue.pages] == ["01", "02", "10"]


def test_a_copy_marked_with_repeats_is_listed_once_and_kept_on_its_page() -> None:
    original = _a(1, "01", "全国春季农业生产工作会议召开", "会议3月1日在京召开。\n")
    copy = _a(5, "02", "全国春季农业生产工作会议召开", "会议3月1日在京召开。会议要求……\n",
              repeats="2023/03/01/01")
    other = _a(6, "02", "2月末广义货币余额同比增长12.6%")
    copies = duplicates([original, copy, other])
    assert copies == {"2023/03/01/05": "2023/03/01/01"}
    page_two = group_pages([original, copy, other], copies)[1]
    assert [a.id for a in page_two.articles] == ["2023/03/01/06"]
    assert [a.id for a in page_two.copies] == ["2023/03/01/05"]


def test_the_same_title_with_nearly_the_same_text_in_one_issue_is_found_as_a_copy() -> None:
    text = "海关总署数据显示，前两个月我国货物贸易进出口总值6.18万亿元，同比增长0.8%。" * 3
    first = _a(5, "03", "前两个月货物贸易进出口增长0.8%", text)
    again = _a(6, "03", "前两个月货物贸易进出口增长 0.8%", text.replace("0.8%", "0.8 %", 1))
    assert duplicates([again, first]) == {"2023/03/01/06": "2023/03/01/05"}


def test_same_titles_with_different_texts_or_no_text_are_not_copies() -> None:
    assert duplicates([_a(1, "05", "通告", "关于临时交通管制的通告……\n"),
                       _a(2, "05", "通告", "关于停水的通告：因管网改造，3月2日全天停水。\n")]) == {}
    assert duplicates([_a(3, "08", "广告", ""), _a(4, "08", "广告", "")]) == {}


def test_a_mark_pointing_nowhere_or_at_itself_is_no_copy() -> None:
    assert duplicates([_a(1, "01", repeats="2023/03/01/01"), _a(2, "01", repeats="1999/01/01/01")]) == {}


def test_an_item_without_text_is_told_as_what_it_was_in_print() -> None:
    assert printed_as(_a(1, "08", "广告", "")) == "广告"
    assert printed_as(_a(2, "08", "早春图", "", kind="photo")) == "图片"
    assert printed_as(_a(3, "08", "国画《春江水暖》", "")) == "图片"
    assert printed_as(_a(4, "08", "鸣谢", "")) == "无文字稿件"


def test_copies_and_items_without_text_stay_out_of_subject_pages() -> None:
    articles = (_a(1, "01", "全国春季农业生产工作会议召开"), _a(2, "02", "全国春季农业生产工作会议召开",
                                                         repeats="2023/03/01/01"), _a(3, "08", "广告", ""))
    subjects = Subjects({a.id: Analysis("经济", topics=("春耕",)) for a in articles}, (Section("经济", "economy"),))
    indexes = build_indexes(articles, subjects)
    assert [a.id for a in indexes.terms["section"][0].articles] == ["2023/03/01/01"]
    assert indexes.copies == {"2023/03/01/02": "2023/03/01/01"}
    assert [a.id for a in indexes.issues[0].listed] == ["2023/03/01/01", "2023/03/01/03"]
    assert len(indexes.issues[0].articles) == 3


def test_a_newspaper_article_is_cited_in_gb_t_7714_as_type_n() -> None:
    item = Article(id="2022/07/28/01", path="", title="持续提升信贷便利", date=dt.date(2022, 7, 28), body="",
                   authors=("于健",), page="01")
    assert gbt7714("太原日报", item) == "于健. 持续提升信贷便利[N]. 太原日报, 2022-07-28(1)."
    many = Article(id="x", path="", title="加快关键领域攻关", subtitle="——访工信部负责人", date=DAY, body="",
                   authors=("李明远", "王晓燕", "赵新华", "陈静"), page="A3")
    assert gbt7714("华夏日报", many) == "李明远, 王晓燕, 赵新华, 等. 加快关键领域攻关: 访工信部负责人[N]. 华夏日报, 2023-03-01(A3)."


def test_an_article_is_cited_in_apa_with_its_permalink() -> None:
    item = Article(id="x", path="", title="持续提升信贷便利", date=dt.date(2022, 7, 28), body="",
                   authors=("于健", "刘涛"), page="1")
    assert apa("太原日报", item, "https://e.org/2022/07/28/01.html") == (
        "于健, & 刘涛. (2022, July 28). 持续提升信贷便利. 太原日报, 1. https://e.org/2022/07/28/01.html")
    unsigned = Article(id="x", path="", title="通告", date=dt.date(2022, 7, 28), body="")
    assert apa("太原日报", unsigned, "U") == "通告. (2022, July 28). 太原日报. U"


def _walk(site: Site, position: int, index: int, step: int) -> tuple[str, str] | None:
    """The listed article before (-1) or after (1) one, found by walking every article of
    the archive in print order: (its title, the note before it)."""
    issues = site.indexes.issues
    flat = [(p, i) for p, issue in enumerate(issues) for i in range(len(issue.articles))]
    at = flat.index((position, index)) + step
    while 0 <= at < len(flat):
        p, i = flat[at]
        found = issues[p].articles[i]
        if found.id not in site.indexes.copies:
            day = f"{found.date.year}年{found.date.month}月{found.date.day}日"
            note = "" if p == position else ("上一期 · " if step < 0 else "下一期 · ") + day
            return found.title, note
        at += step
    return None


def test_each_article_leads_on_to_the_nearest_listed_articles_across_issues_made_only_of_copies() -> None:
    def day(n: int, number: int, page: str, title: str, **extra: object) -> Article:
        return Article(id=f"2023/03/0{n}/{number:02d}", path=f"articles/2023/03/0{n}/{number:02d}.md", title=title,
                       date=dt.date(2023, 3, n), body=title + "。\n", order=number, page=page, **extra)

    articles = (day(1, 1, "01", "春耕"), day(1, 2, "01", "春耕", repeats="2023/03/01/01"), day(1, 3, "02", "水利"),
                day(1, 4, "02", "水利再刊", repeats="2023/03/01/03"),
                day(2, 1, "01", "春耕转载", repeats="2023/03/01/01"),  # an issue of copies only
                day(3, 1, "01", "复制品", repeats="2023/03/01/03"), day(3, 2, "01", "灌溉"), day(3, 3, "04", "广告"))
    subjects = Subjects({a.id: Analysis("经济") for a in articles}, (Section("经济", "economy"),))
    site = Site(SiteConfig(), {a.id: a for a in articles}, subjects, build_indexes(articles, subjects))
    seen = 0
    for position, issue in enumerate(site.indexes.issues):
        for index in range(len(issue.articles)):
            before, after = article_inputs(site, (position, index)).reading
            assert [(w[1], w[0]) if w else None for w in (before, after)] == [
                _walk(site, position, index, -1), _walk(site, position, index, 1)]
            seen += 1
        assert ways(site, position) is ways(site, position)  # made once per issue
    assert seen == 8 and site.indexes.issues[1].listed == ()
    assert article_inputs(site, (2, 1)).reading[0] == ("上一期 · 2023年3月1日", "水利", "2023/03/01/03.html")
