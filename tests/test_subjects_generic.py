"""Generic topics: no page for a common word of general Chinese or for one spread evenly
over the archive's months (unless an editor named it), and such words score lower.

The articles are invented, of a coastal city's evening paper: typhoons, a metro line,
residents — not the sample's provincial daily."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from fixtures.subjects.samples import CONTENT
from hypothesis import given, settings
from hypothesis import strategies as st

from baoku.indexes import build_indexes
from baoku.model import Analysis, Article, Section, Subjects
from baoku.subjects import archive, topic_pages, unpaged
from baoku.subjects import topics as topics_
from baoku.subjects.extract import Facts
from baoku.subjects.lexicon import Lexicon, load_lexicon


def lexicon(tmp_path: Path, listed: str = "") -> Lexicon:
    """The bundled sections with a topics.txt of `listed` and no other word lists."""
    (tmp_path / "subjects").mkdir()
    shutil.copy(CONTENT / "sections.toml", tmp_path / "sections.toml")
    (tmp_path / "subjects" / "topics.txt").write_text(listed, encoding="utf-8")
    found, problems = load_lexicon(tmp_path)
    assert problems == []
    return found


def evening(count: int, month_of: int = 0, front: dict[int, tuple[str, ...]] | None = None) -> list[Article]:
    """`count` articles of 滨海晚报, ten a month from January 2021 when `month_of` is 10
    (0: all on one day); `front` gives some of them front-matter topics."""
    front = front or {}
    found = []
    for i in range(count):
        month = i // month_of if month_of else 0
        day = dt.date(2021 + month // 12, month % 12 + 1, 1 + i % 10)
        found.append(Article(id=f"bh/{i:03d}", path=f"articles/bh/{i:03d}.md", title="台风“海燕”过境 全市停课一天",
                             date=day, body="本报讯 受台风影响，地铁十号线部分站点临时关闭。", topics=front.get(i, ())))
    return found


def test_a_common_word_of_general_chinese_gets_no_topic_page(tmp_path: Path) -> None:
    chosen = [("台风", "居民", "停课"), ("台风", "居民", "地铁十号线"), ("居民", "地铁十号线", "停课")]
    assert unpaged(evening(3), chosen, lexicon(tmp_path)) == {"居民"}  # jieba: 居民 6,948, 台风 340


def test_a_common_word_an_editor_lists_in_topics_txt_keeps_its_page(tmp_path: Path) -> None:
    chosen = [("台风", "居民"), ("台风", "居民")]
    assert unpaged(evening(2), chosen, lexicon(tmp_path, "居民 | 市民 : 本市常住居民。\n")) == frozenset()


def test_a_common_word_an_article_names_in_front_matter_keeps_its_page(tmp_path: Path) -> None:
    chosen = [("居民", "台风"), ("台风", "居民")]
    assert unpaged(evening(2, front={0: ("居民", "台风")}), chosen, lexicon(tmp_path)) == frozenset()


def test_a_proper_noun_keeps_its_page_however_common_it_is_in_general_chinese(tmp_path: Path) -> None:
    chosen = [("国务院", "台风"), ("国务院", "台风")]  # jieba: 国务院 15,768, tagged nt
    assert unpaged(evening(2), chosen, lexicon(tmp_path)) == frozenset()


def test_a_common_word_chosen_steadily_every_month_gets_no_page_but_a_story_in_bursts_does(
        tmp_path: Path) -> None:
    chosen: list[tuple[str, ...]] = [("天气",)] * 120
    for month in range(12):
        chosen[month * 10] = chosen[month * 10 + 5] = ("市民", "天气")  # 市民: jieba 3,506, below the common words
        chosen[month * 10 + 1] = ("地铁十号线", "天气")  # no dictionary word: a name, not prose
        chosen[month * 10 + 2] = ("渔船", "天气")  # jieba: 渔船 267, a beat rather than prose
    for i in range(70, 78):
        chosen[i] = ("台风", "天气")  # August only
    found = unpaged(evening(120, month_of=10), chosen, lexicon(tmp_path))
    assert "市民" in found and "天气" in found  # jieba: 天气 2,657
    assert "台风" not in found and "地铁十号线" not in found and "渔船" not in found


def test_a_word_used_in_every_month_at_the_rate_chance_gives_is_fully_even() -> None:
    assert topics_.evenness(12, 24, [10] * 12) == 1.0
    half = topics_.evenness(6, 24, [10] * 12)  # in half the months where chance would reach 10.7
    assert half == pytest.approx(0.5 * 6 / (12 * (1 - 0.8 ** 10)))


def test_a_word_in_a_burst_or_in_an_archive_of_few_months_is_not_even() -> None:
    assert topics_.evenness(3, 24, [10] * 12) == 0.0  # 3 of 12 months: a story that ran for a while
    assert topics_.evenness(5, 25, [10] * 5) == 0.0  # 5 months cannot tell a steady word from a story
    assert topics_.even_terms({"市民": 5}, {"市民": 25}, [10] * 5) == {}


def test_a_dictionary_word_spread_evenly_over_the_months_scores_half_as_much_as_in_a_burst() -> None:
    def state(months: list[int]) -> archive.ArchiveState:
        articles = [Article(id=f"bh/{i:03d}", path=f"articles/{i}.md", title="标题", date=dt.date(2021, month, 5),
                            body="") for i, month in enumerate(months)]
        found = [Facts.of(((("市民", 1.0),) if i % 10 == 0 else ()) + (("防汛", 1.0), (f"词{i}", 1.0)), "", (), ())
                 for i in range(len(articles))]
        return archive.compute(articles, [repr(f) for f in found], found, load_lexicon(CONTENT)[0], 1)

    steady = state([1 + i // 10 for i in range(120)])  # 市民 in the first article of every month
    burst = state([1 + i // 10 if i % 10 else 5 for i in range(120)])  # ... all of them in May
    assert steady.even["市民"] == 1.0 and "市民" not in burst.even
    assert steady.idf["市民"] == burst.idf["市民"]
    terms = (("市民", 1.0),)
    (_, even_score), = topics_.scores(terms, steady.idf, frozenset(), even=steady.even)
    (_, burst_score), = topics_.scores(terms, burst.idf, frozenset(), even=burst.even)
    assert even_score == pytest.approx(burst_score * (1 - topics_.EVEN_PENALTY))
    assert topics_.scores(terms, steady.idf, frozenset({"市民"}), even=steady.even) == \
        topics_.scores(terms, burst.idf, frozenset({"市民"}), even=burst.even)  # an editor's topic: no discount


def test_a_generic_topic_has_no_page_and_is_plain_text_on_its_articles() -> None:
    articles = evening(3)
    subjects = Subjects({a.id: Analysis("社会", topics=("台风", "居民")) for a in articles},
                        (Section("社会", "society"),), unpaged_topics=frozenset({"居民"}))
    indexes = build_indexes(tuple(articles), subjects)
    assert [t.name for t in indexes.terms["topic"]] == ["台风"]
    assert indexes.term("topic", "居民") is None  # issueviews links a topic only to its page
    assert topic_pages(subjects) == ["台风"]


WORDS = ["市民", "居民", "台风", "防汛", "地铁十号线", "停课", "老人", "志愿者"]
terms = st.dictionaries(st.sampled_from(WORDS), st.sampled_from([1.0, 2.0, 3.0]), min_size=1, max_size=5)


@settings(max_examples=25, deadline=None)
@given(st.lists(terms, min_size=40, max_size=40),
       st.lists(st.tuples(st.integers(0, 39), terms), min_size=1, max_size=4), st.lists(terms, max_size=2))
def test_an_update_that_moves_a_words_evenness_equals_a_build_from_scratch(
        texts: list[dict[str, float]], edits: list[tuple[int, dict[str, float]]],
        added: list[dict[str, float]]) -> None:
    def compute(previous: archive.ArchiveState | None) -> archive.ArchiveState:
        articles = [Article(id=f"bh/{i:03d}", path=f"articles/{i}.md", title="标题",
                            date=dt.date(2021, min(1 + i // 5, 8), 5), body="") for i in range(len(texts))]
        found = [Facts.of(sorted(t.items()), "", (), ()) for t in texts]
        return archive.compute(articles, [repr(f) for f in found], found, load_lexicon(CONTENT)[0], 1, previous)

    state = compute(None)  # eight months, five articles each
    for index, text in edits:
        texts[index] = text
    texts.extend(added)  # August, the newest month
    state, fresh = compute(state), compute(None)
    assert state.even == fresh.even and state.sizes == fresh.sizes
    assert state.topics == fresh.topics and state.nearest == fresh.nearest


def test_a_title_gets_no_topic_page_unless_an_editor_named_it() -> None:
    from baoku.subjects.entities import is_title

    assert all(is_title(word) for word in ("国家主席", "委员长", "总书记", "外长", "董事长"))
    assert not any(is_title(word) for word in ("增长", "一带一路", "乡村振兴", "主席台"))
