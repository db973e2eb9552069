"""One section per article: kind first, then keyword rules; editors win. Accuracy on the sample.

The labels in fixtures/subjects/sections.yaml were set by hand. The rules were written
after reading the sample, so their in-sample score flatters them; the honest estimate
removes, for each article, every keyword that occurs in no other sample article (words
the rules could only have learned from that article). A multinomial naive Bayes model
over the same words, trained leave-one-out on the labels, was the alternative: it is
implemented here, in the test, because it lost and does not ship.
"""

from __future__ import annotations

import dataclasses
import functools
import math
from collections import Counter
from pathlib import Path

import pytest
from fixtures.subjects.samples import CONTENT, article, content_copy, sample_articles, section_labels

from baoku.errors import Problem
from baoku.model import Article, Subjects
from baoku.subjects import analyse
from baoku.subjects.extract import COLUMN_WEIGHT, TITLE_WEIGHT
from baoku.subjects.lexicon import Lexicon, SectionRule, load_lexicon
from baoku.subjects.sections import classify, section_for_kind, word_counts
from baoku.subjects.tokenize import Segmenter, prepare


@functools.cache
def lexicon() -> Lexicon:
    return load_lexicon(CONTENT)[0]


@functools.cache
def analysed() -> Subjects:
    return analyse(sample_articles(), CONTENT, None, workers=1)[0]


@functools.cache
def counts() -> dict[str, dict[str, float]]:
    """Each sample article's title-weighted word counts, as extract.py computes them."""
    segmenter = Segmenter(lexicon())
    found = {}
    for item in sample_articles():
        fields = [(f"{item.kicker}\n{item.title}\n{item.subtitle}", TITLE_WEIGHT),
                  (item.column, COLUMN_WEIGHT), (item.body, 1.0)]
        found[item.id] = word_counts([(segmenter.words(text), weight) for text, weight in fields])
    return found


def text_classified() -> list[Article]:
    return [a for a in sample_articles() if not section_for_kind(a.kind, lexicon().rules)]


def test_commentary_goes_to_the_commentary_section() -> None:
    assert analysed().by_article[article("舞起省会这个龙头").id].section == "评论"


def test_a_photo_goes_to_photos_whatever_its_caption_is_about() -> None:
    photo = next(a for a in sample_articles() if a.body.startswith("10月12日,龙城大街打通工程现场"))
    assert photo.kind == "photo"
    assert analysed().by_article[photo.id].section == "图片"


def test_a_notice_goes_to_notices() -> None:
    assert analysed().by_article[article("寻亲启事").id].section == "公告"


def test_the_sample_has_57_labelled_articles_45_of_them_classified_by_text() -> None:
    assert len(section_labels()) == 57
    assert len(text_classified()) == 45


KNOWN_MISSES = {
    "2022/10/13/04": "城建",
    # 鼓励制定保险政策 保障农村住房安全, labelled 民生 (housing security for low-income
    # rural families); reported from the 省住建厅 about rural house safety, so 城建's
    # 住建/住房 outweigh 民生's 保障. Both fit.
}
"""Sample articles the rules place differently from the label, and where."""


@pytest.mark.parametrize("item", sample_articles(), ids=lambda a: a.id)
def test_each_sample_article_gets_its_labelled_section(item: Article) -> None:
    expected = KNOWN_MISSES.get(item.id, section_labels()[item.id])
    assert analysed().by_article[item.id].section == expected


def test_rules_still_place_41_of_45_without_the_words_only_one_article_uses() -> None:
    misses = []
    for item in text_classified():
        others: set[str] = set()
        for other in text_classified():
            if other.id != item.id:
                others |= counts()[other.id].keys()
        rules = tuple(SectionRule(r.section, r.kinds, {w: s for w, s in r.keywords.items() if w in others})
                      for r in lexicon().rules)
        got = classify(item.kind, counts()[item.id], dataclasses.replace(lexicon(), rules=rules))
        if got != section_labels()[item.id]:
            misses.append((item.title, section_labels()[item.id], got))
    assert misses == [
        ("优化税务服务 提高清缴效率", "经济", "民生"),
        ("《山西省绿色建筑发展条例》规定 购买绿色建筑 可享贷款优惠", "城建", "经济"),
        ("太原动物园、太原植物园 入选首批全国科教基地", "科技", "文教"),
        ("清徐县启动无人机 巡航25万亩林区", "生态", "社会"),
    ]


def _naive_bayes(train: list[Article], item: Article) -> str:
    """Multinomial naive Bayes over the same words (no stop words, numbers or single
    characters), Laplace smoothing, class priors from the training labels."""
    def features(a: Article) -> Counter[str]:
        return Counter({w: n for w, n in counts()[a.id].items() if len(w) >= 2
                        and w not in lexicon().stopwords and not any(c.isdigit() for c in w)})
    vocabulary = set().union(*(features(a).keys() for a in train))
    best: tuple[float, str] | None = None
    for label in sorted({section_labels()[a.id] for a in train}):
        members = [a for a in train if section_labels()[a.id] == label]
        totals: Counter[str] = sum((features(a) for a in members), Counter())
        size = sum(totals.values())
        score = math.log(len(members) / len(train))
        for word, n in features(item).items():
            if word in vocabulary:
                score += n * math.log((totals[word] + 1.0) / (size + len(vocabulary)))
        if best is None or score > best[0]:
            best = (score, label)
    assert best is not None
    return best[1]


def test_rules_beat_naive_bayes_in_leave_one_out() -> None:
    items = text_classified()
    bayes = sum(_naive_bayes([a for a in items if a.id != item.id], item) == section_labels()[item.id]
                for item in items)
    rules = sum(analysed().by_article[item.id].section == section_labels()[item.id] for item in items)
    assert rules == 44
    # Measured 23 of 45 (51%; the majority class, 经济, alone is 16 of 45). The bound,
    # not the exact count, is asserted: editing stopwords.txt moves it by one or two.
    assert bayes <= 30


def test_editor_section_replaces_the_computed_one_by_name_or_slug() -> None:
    item = article("我市助力企业融资 推出首贷续贷服务")
    edited = [dataclasses.replace(item, section="民生"),
              dataclasses.replace(item, id="x/2", section="livelihood")]
    subjects, problems = analyse(edited, CONTENT, None, workers=1)
    assert problems == []
    assert [subjects.by_article[a.id].section for a in edited] == ["民生", "民生"]


def test_unknown_editor_section_is_a_problem_and_the_computed_one_is_kept() -> None:
    item = dataclasses.replace(article("我市助力企业融资 推出首贷续贷服务"), section="财经")
    subjects, problems = analyse([item], CONTENT, None, workers=1)
    assert problems == [Problem(item.path, 0, "section", "unknown section '财经'; use one of: 时政, 国际, 经济, "
                                "体育, 城建, 民生, 社会, 文教, 生态, 科技, 评论, 图片, 公告 (see sections.toml)")]
    assert subjects.by_article[item.id].section == "经济"


def test_an_article_matching_no_keyword_goes_to_the_default_section() -> None:
    assert classify("news", {"榛子": 3.0}, lexicon()) == "社会"


def test_a_tie_goes_to_the_section_listed_first(tmp_path: Path) -> None:
    content = content_copy(tmp_path / "content")
    (content / "sections.toml").write_text(
        'default = "乙"\n[[section]]\nname = "甲"\nslug = "a"\nwords = ["融资"]\n'
        '[[section]]\nname = "乙"\nslug = "b"\nwords = ["融资"]\n', encoding="utf-8")
    assert classify("news", {"融资": 1.0}, load_lexicon(content)[0]) == "甲"


def test_kind_beats_keywords() -> None:
    words = {w: 5.0 for w in ("融资", "贷款", "金融")}
    assert classify("commentary", words, lexicon()) == "评论"
    assert classify("news", words, lexicon()) == "经济"


def test_title_words_count_three_times() -> None:
    segmenter = Segmenter(lexicon())
    fields = [(segmenter.words(prepare("社区食堂")), TITLE_WEIGHT), (segmenter.words("融资"), 1.0)]
    assert word_counts(fields) == {"社区食堂": 3.0, "融资": 1.0}
