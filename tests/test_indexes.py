from __future__ import annotations

import datetime as dt

from baoku.indexes import build_indexes
from baoku.model import Analysis, Article, Section, Subjects

DAY = dt.date(2022, 7, 28)


def _article(id_: str, title: str, *, day: dt.date = DAY, order: int = 0, column: str = "",
             authors: tuple[str, ...] = ()) -> Article:
    return Article(id=id_, path=f"articles/{id_}.md", title=title, date=day, body="正文\n", order=order,
                   column=column, authors=authors)


def _subjects(articles: list[Article], topics: dict[str, tuple[str, ...]] | None = None) -> Subjects:
    topics = topics or {}
    return Subjects({a.id: Analysis(section="经济", topics=topics.get(a.id, ())) for a in articles},
                    (Section("时政", "politics"), Section("经济", "economy")))


def test_an_issue_lists_articles_in_print_order_with_unnumbered_ones_last() -> None:
    articles = [_article("2022/07/28/03", "通告"), _article("2022/07/28/02", "我市助力企业融资 推出首贷续贷服务", order=2),
                _article("2022/07/28/01", "持续提升信贷便利", order=1)]
    issue = build_indexes(tuple(articles), _subjects(articles)).issues[0]
    assert [a.title for a in issue.articles] == ["持续提升信贷便利", "我市助力企业融资 推出首贷续贷服务", "通告"]
    assert issue.lead.title == "持续提升信贷便利"


def test_an_issue_groups_the_stories_after_the_lead_under_their_column_labels() -> None:
    column = "太忻一体化经济区 强势起步进行时"
    articles = [_article("a/1", "持续提升信贷便利", order=1, column="政务之要"),
                _article("a/2", "古交市开启校地合作 促小小榛子“生”金银", order=2, column=column),
                _article("a/3", "年底前全市六成乡镇(街道)将建社工站", order=3),
                _article("a/4", "发展高端装备制造业 聚焦四大产业集群", order=4, column=column)]
    groups = build_indexes(tuple(articles), _subjects(articles)).issues[0].groups
    assert [(g.column, [a.id for a in g.articles]) for g in groups] == [
        (column, ["a/2", "a/4"]), ("", ["a/3"])]


def test_years_and_months_are_oldest_first() -> None:
    articles = [_article("b/1", "舞起省会这个龙头", day=dt.date(2023, 1, 5)), _article("a/1", "通告"),
                _article("c/1", "通知", day=dt.date(2022, 4, 8))]
    indexes = build_indexes(tuple(articles), _subjects(articles))
    assert [(y.year, [m.month for m in y.months]) for y in indexes.years] == [(2022, [4, 7]), (2023, [1])]


def test_term_pages_list_articles_newest_first() -> None:
    articles = [_article("a/1", "265个病种分级诊疗暂停执行", day=dt.date(2022, 4, 8), authors=("刘涛",)),
                _article("b/1", "市疫情防控办提示 五地返(抵)并人员 要主动报备", authors=("刘涛",))]
    term = build_indexes(tuple(articles), _subjects(articles)).term("author", "刘涛")
    assert term is not None
    assert [a.id for a in term.articles] == ["b/1", "a/1"]
    assert term.url() == "author/刘涛.html"
    assert term.url(2) == "author/刘涛/2.html"


def test_a_terms_articles_of_one_day_follow_print_order_then_id_whatever_order_they_come_in() -> None:
    day = dt.date(2022, 7, 29)
    articles = [_article("c/2", "乙", day=day, authors=("刘涛",)), _article("c/9", "丙", day=day, order=1, authors=("刘涛",)),
                _article("c/1", "甲", day=day, authors=("刘涛",)), _article("a/1", "旧", authors=("刘涛",)),
                _article("c/5", "丁", day=day, order=2, authors=("刘涛",))]
    for ordering in (articles, articles[::-1], sorted(articles, key=lambda a: a.title)):
        term = build_indexes(tuple(ordering), _subjects(ordering)).term("author", "刘涛")
        assert term is not None
        assert [a.id for a in term.articles] == ["c/9", "c/5", "c/1", "c/2", "a/1"]


def test_a_topic_needs_two_articles_to_get_a_page() -> None:
    articles = [_article("a/1", "滨河东路南延工程 潇河大桥主体完成"), _article("a/2", "我市助力企业融资"),
                _article("a/3", "通告")]
    subjects = _subjects(articles, {"a/1": ("潇河大桥", "营商环境"), "a/2": ("营商环境",)})
    indexes = build_indexes(tuple(articles), subjects)
    assert [t.name for t in indexes.terms["topic"]] == ["营商环境"]


def test_sections_use_their_slug_and_taxonomy_order() -> None:
    articles = [_article("a/1", "通告")]
    indexes = build_indexes(tuple(articles), _subjects(articles))
    assert [(t.name, t.url()) for t in indexes.terms["section"]] == [("经济", "section/economy.html")]
