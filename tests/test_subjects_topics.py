"""Topics: candidates from jieba, aliases merged, archive IDF, 3–8 per article, editors win."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import math
import re

import pytest
from fixtures.subjects.samples import CONTENT, article, sample_articles

from baoku.model import Subjects
from baoku.subjects import analyse, general, topic_counts, topic_pages
from baoku.subjects.extract import Extractor
from baoku.subjects.lexicon import load_lexicon
from baoku.subjects.topics import MAX_TOPICS, MIN_TOPICS, PRIOR_DOCS, basis_cutoff, idf_table, pick


@functools.cache
def analysed() -> Subjects:
    return analyse(sample_articles(), CONTENT, None, workers=1)[0]


@functools.cache
def extractor() -> Extractor:
    return Extractor(load_lexicon(CONTENT)[0])


def topics_of(title: str) -> tuple[str, ...]:
    return analysed().by_article[article(title).id].topics


def test_alias_is_merged_into_canonical_topic() -> None:
    item = article("大盂新城数字电网方案获评全省电力示范项目")
    assert (item.body.count("太忻一体化经济区"), item.body.count("太忻经济区")) == (3, 1)
    terms = dict(extractor().facts(item).terms)
    assert terms["太忻一体化经济区"] == 4.0
    assert "太忻经济区" not in terms


def test_title_words_weigh_three_times() -> None:
    item = article("我市助力企业融资 推出首贷续贷服务")
    terms = dict(extractor().facts(item).terms)
    # 首贷续贷 once in the title (×3); in the body once whole, and as its aliases 首贷
    # and 续贷 twice each (首贷户 is a word of its own).
    assert terms["首贷续贷"] == 3.0 + 1 + 2 + 2


# Words common in general Chinese (贷款, 名单, 老人, 餐厅, 突破) rank below specific ones
# (topics.specificity) and fall under KEEP_RATIO.
@pytest.mark.parametrize(("title", "topics"), [
    ("我市助力企业融资 推出首贷续贷服务",
     ("首贷续贷", "市场主体", "无贷户", "占用费", "基准利率", "融资", "小微企业", "助力")),
    ("在社区食堂感受“家味道”", ("社区食堂", "菜品", "早餐", "饭菜", "味道")),
    ("继液氧液氮之后又生产出液氩 太化新材料“育新”产业获新突破",
     ("液氩", "太化新材料", "液氮", "液氧", "高负荷", "工况", "冷凝器", "液体")),
    ("265个病种分级诊疗暂停执行", ("分级诊疗", "病种", "医疗机构", "医保", "住院治疗", "收治", "患者")),
    ("清徐县启动无人机 巡航25万亩林区", ("森林防火", "无人机", "林区", "巡查")),
])
def test_topics_of_sample_articles(title: str, topics: tuple[str, ...]) -> None:
    assert topics_of(title) == topics


def test_every_article_with_enough_words_gets_3_to_8_topics() -> None:
    for item in sample_articles():
        count = len(analysed().by_article[item.id].topics)
        assert MIN_TOPICS <= count <= MAX_TOPICS, (item.id, count)


def test_no_topic_is_a_number_a_date_a_single_character_or_a_stop_word() -> None:
    stopwords = load_lexicon(CONTENT)[0].stopwords
    for analysis in analysed().by_article.values():
        for topic in analysis.topics:
            assert len(topic) >= 2 and not re.search(r"\d|[年月日]$", topic), topic
            assert topic not in stopwords


def test_places_and_people_are_not_repeated_as_topics() -> None:
    for item in sample_articles():
        analysis = analysed().by_article[item.id]
        assert not set(analysis.topics) & (set(analysis.places) | set(analysis.people)), item.id
    assert "江泽" not in topics_of("我市全力保障农交会顺利举办")  # a piece of 蔡江泽


def test_editor_topics_replace_computed_ones() -> None:
    item = dataclasses.replace(article("大盂新城数字电网方案获评全省电力示范项目"),
                               topics=("太忻经济区", " 电网 ", "太忻一体化经济区"))
    subjects, problems = analyse([item], CONTENT, None, workers=1)
    assert problems == []
    assert subjects.by_article[item.id].topics == ("太忻一体化经济区", "电网")


def test_a_term_inside_a_better_one_is_dropped() -> None:
    ranked = [("山西中部城市群", 9.0), ("城市群", 8.0), ("龙头", 7.0), ("中部", 6.0), ("省会", 5.0)]
    assert pick(ranked, frozenset(), frozenset()) == ("山西中部城市群", "龙头", "省会")


def test_topics_beyond_three_need_thirty_percent_of_the_best_score() -> None:
    ranked = [("甲乙", 10.0), ("丙丁", 2.0), ("戊己", 1.0), ("庚辛", 3.1), ("壬癸", 2.9)]
    assert pick(ranked, frozenset(), frozenset()) == ("甲乙", "丙丁", "戊己", "庚辛")


def test_idf_comes_from_the_archive_once_it_is_large() -> None:
    small = idf_table([["社区食堂"], ["社区食堂"], ["榛子"]])
    many = [["社区食堂"]] * 20_000 + [["榛子"]]
    large = idf_table(many)
    assert small["社区食堂"] > 4.0  # rare in Chinese at large: jieba's prior dominates
    assert large["社区食堂"] == pytest.approx(1.0 + math.log((20_001 + PRIOR_DOCS + 1) / (20_000 + 1
                                              + PRIOR_DOCS * math.exp(-general.parse_idf()[1]))))
    assert large["社区食堂"] < 1.1 < large["榛子"]


def test_a_common_word_has_a_lower_idf_than_a_rare_one_with_the_same_count() -> None:
    idf = idf_table([["工作", "榛子"], ["工作", "榛子"], ["融资"]])
    assert idf["工作"] < idf["榛子"]


def test_topic_pages_need_two_articles_and_are_ordered_by_count_then_name() -> None:
    counts = topic_counts(analysed())
    pages = topic_pages(analysed())
    assert pages[:2] == ["太忻一体化经济区", "山西中部城市群"]
    assert all(counts[t] >= 2 for t in pages)
    assert len(pages) == sum(1 for t, n in counts.items() if n >= 2 and t not in analysed().unpaged_topics)
    assert pages == sorted(pages, key=lambda t: (-counts[t], t))


def test_curated_descriptions_reach_the_subjects() -> None:
    assert analysed().topic_descriptions["潇河大桥"] == "滨河东路南延二期工程跨潇河的拱桥，全长982米。"  # typeset


def test_idf_leaves_out_the_newest_month_only_when_it_is_a_small_share_of_the_archive() -> None:
    july, august = [dt.date(2022, 7, 28)] * 19, [dt.date(2022, 8, 3)]
    assert basis_cutoff(july + august) == dt.date(2022, 8, 1)  # 19 of 20 articles before it: 95%
    assert basis_cutoff(july + august * 2) is None  # 19 of 21: every article counts
    sample_issues = [dt.date(2022, 4, 8), dt.date(2022, 7, 28), dt.date(2022, 10, 13), dt.date(2023, 1, 5),
                     dt.date(2023, 9, 21)]
    assert basis_cutoff(sample_issues) is None
    assert basis_cutoff([]) is None
