"""Related articles: TF-IDF cosine over pruned vectors, topics weighted, ties by id."""

from __future__ import annotations

import functools
import math

from fixtures.subjects.samples import CONTENT, article, sample_articles

from baoku.model import Subjects
from baoku.subjects import analyse
from baoku.subjects import related as related_
from baoku.subjects.related import RELATED, TOP_TERMS, numbered_vectors, related, vector


@functools.cache
def analysed() -> Subjects:
    return analyse(sample_articles(), CONTENT, None, workers=1)[0]


def related_titles(title: str) -> list[str]:
    titles = {a.id: a.title or a.body[:12] for a in sample_articles()}
    return [titles[i] for i in analysed().by_article[article(title).id].related]


def test_community_canteen_story_is_related_to_the_community_volunteers() -> None:
    assert related_titles("在社区食堂感受“家味道”") == ["凝聚“微力量” 引领新风尚"]


def test_the_taixin_zone_stories_are_related_to_each_other() -> None:
    assert related_titles("太忻一体化经济区蓝图逐步变为现实") == [
        "公共服务 便利共享", "生态优先 绿色发展", "支持太原建设开放高地",
        "大盂新城数字电网方案获评全省电力示范项目",
        "全面开启“二次创业” 在资源型地区绿色低碳转型发展上勇蹚新路"]


def test_weakly_similar_articles_are_not_related() -> None:
    assert related_titles("265个病种分级诊疗暂停执行") == []


def test_first_loan_story_is_related_to_the_other_credit_story_first() -> None:
    assert related_titles("我市助力企业融资 推出首贷续贷服务")[0] == "持续提升信贷便利"


def test_at_most_five_related_never_the_article_itself() -> None:
    for item in sample_articles():
        near = analysed().by_article[item.id].related
        assert len(near) <= RELATED and item.id not in near
        assert len(set(near)) == len(near)


def test_an_article_sharing_no_term_has_no_related_articles() -> None:
    vectors = [{"榛子": 1.0}, {"液氩": 1.0}, {"液氩": 0.6, "太钢": 0.8}, {"太钢": 0.03, "纸浆": 0.99}]
    assert related(["a", "b", "c", "d"], numbered_vectors(vectors)) == [(), ("c",), ("b",), ()]


def test_ties_are_broken_by_id() -> None:
    vectors = [{"社区食堂": 1.0}] * 8
    ids = ["h", "g", "f", "e", "d", "c", "b", "a"]
    assert related(ids, numbered_vectors(vectors))[0] == ("a", "b", "c", "d", "e")
    assert related(ids, numbered_vectors(vectors))[7] == ("b", "c", "d", "e", "f")


def test_vectors_keep_the_heaviest_terms_at_unit_length() -> None:
    terms = [(f"词{i:02d}", float(i + 1)) for i in range(60)]
    idf = {term: 2.0 for term, _ in terms}
    vec = vector(terms, idf, topics=["词10"])
    assert len(vec) == TOP_TERMS
    assert math.isclose(sum(w * w for w in vec.values()), 1.0)
    # 词10 (tf 11) is a topic: (1 + ln 11)·2·2 beats 词59's (1 + ln 60)·2.
    assert list(vec)[:3] == ["词10", "词59", "词58"]
    assert f"词{60 - TOP_TERMS + 1:02d}" in vec and f"词{60 - TOP_TERMS:02d}" not in vec


def test_topic_terms_weigh_twice() -> None:
    idf = {"社区食堂": 3.0, "早餐": 3.0}
    plain = vector([("社区食堂", 1.0), ("早餐", 1.0)], idf, topics=[])
    topical = vector([("社区食堂", 1.0), ("早餐", 1.0)], idf, topics=["社区食堂"])
    assert plain["社区食堂"] == plain["早餐"]
    assert math.isclose(topical["社区食堂"], 2 * topical["早餐"])


def test_a_packed_vector_gives_back_its_terms_and_weights_exactly_heaviest_first() -> None:
    pairs = [(70_001, 0.8), (3, 0.5), (2_000_000_000, 1 / 3), (12, 0.1)]
    vec = related_.pack(pairs)
    assert len(vec) == 12 * len(pairs)
    assert list(related_.pairs(vec)) == pairs and related_.terms(vec) == (70_001, 3, 2_000_000_000, 12)
    assert related_.head(vec, 2) == (70_001, 3) and related_.head(vec, 8) == related_.terms(vec)
    assert related_.weighed(vec) == dict(pairs) and related_.pack([]) == b"" and related_.terms(b"") == ()


def test_the_exact_score_is_the_cosine_over_shared_terms_whatever_their_order() -> None:
    one, other = [(1, 0.6), (2, 0.8)], [(2, 0.6), (3, 0.8)]
    assert related_.score(dict(one), related_.pack(other)) == 0.8 * 0.6
    assert related_.score(dict(other), related_.pack(one)) == related_.score(dict(one), related_.pack(other))


def test_a_packed_shortlist_gives_back_its_members_and_scores_exactly() -> None:
    shortlist = ((70_001, 3, 12), (0.9, 0.5, 1 / 3), 0.25, (0.31, 0.2, 0.1))
    packed = related_.pack_shortlist(shortlist)
    assert related_.unpack_shortlist(packed) == shortlist and related_.members(packed) == (70_001, 3, 12)
    assert related_.unpack_shortlist(related_.pack_shortlist(((), (), 0.0, ()))) == ((), (), 0.0, ())
