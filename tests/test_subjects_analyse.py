"""The analyse stage as a whole: every article, deterministic, cached by content hash, parallel."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from fixtures.subjects.samples import CONTENT, article, content_copy, sample_articles
from hypothesis import given, settings
from hypothesis import strategies as st

from baoku.model import Article
from baoku.subjects import analyse, archive, extract, related
from baoku.subjects.cache import FILE, FactsCache
from baoku.subjects.lexicon import load_lexicon


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Titles of the articles actually cut by jieba (workers=1 runs in this process)."""
    cut: list[str] = []
    original = extract.Extractor.facts

    def facts(self: extract.Extractor, item):  # type: ignore[no-untyped-def]
        cut.append(item.title)
        return original(self, item)

    monkeypatch.setattr(extract.Extractor, "facts", facts)
    return cut


def test_every_article_is_analysed_and_the_taxonomy_comes_along() -> None:
    subjects, problems = analyse(sample_articles(), CONTENT, None, workers=1)
    assert problems == []
    assert list(subjects.by_article) == [a.id for a in sample_articles()]
    assert [s.name for s in subjects.sections][:4] == ["时政", "国际", "经济", "体育"]
    assert subjects.topic_descriptions["太忻一体化经济区"].startswith("太原、忻州")


def test_the_same_input_gives_the_same_output() -> None:
    first = analyse(sample_articles(), CONTENT, None, workers=1)
    second = analyse(sample_articles(), CONTENT, None, workers=1)
    assert first == second


def test_worker_processes_give_the_same_output_as_one(monkeypatch: pytest.MonkeyPatch) -> None:
    alone = analyse(sample_articles(), CONTENT, None, workers=1)
    monkeypatch.setattr(extract, "PARALLEL_MIN", 1)
    monkeypatch.setattr(related, "PARALLEL_MIN", 1)
    monkeypatch.setattr(archive, "PARALLEL_MIN", 1)
    assert analyse(sample_articles(), CONTENT, None, workers=2) == alone


def test_an_unchanged_article_is_never_analysed_twice(tmp_path: Path, counted: list[str]) -> None:
    cache = tmp_path / "cache"
    first = analyse(sample_articles(), CONTENT, cache, workers=1)
    assert len(counted) == 57
    counted.clear()
    assert analyse(sample_articles(), CONTENT, cache, workers=1) == first
    assert counted == []


def test_an_edited_article_alone_is_analysed_again(tmp_path: Path, counted: list[str]) -> None:
    cache = tmp_path / "cache"
    analyse(sample_articles(), CONTENT, cache, workers=1)
    counted.clear()
    edited = [dataclasses.replace(a, body=a.body + "\n\n液氩") if a.title == "通告" else a
              for a in sample_articles()]
    analyse(edited, CONTENT, cache, workers=1)
    assert counted == ["通告"]


def test_front_matter_choices_do_not_invalidate_the_cache(tmp_path: Path, counted: list[str]) -> None:
    cache = tmp_path / "cache"
    analyse(sample_articles(), CONTENT, cache, workers=1)
    counted.clear()
    edited = [dataclasses.replace(a, section="民生", topics=("社区食堂",), id=a.id + "x")
              for a in sample_articles()]
    subjects, _ = analyse(edited, CONTENT, cache, workers=1)
    assert counted == []
    assert {a.section for a in subjects.by_article.values()} == {"民生"}


def test_changing_a_word_list_analyses_everything_again(tmp_path: Path, counted: list[str]) -> None:
    content = content_copy(tmp_path / "content")
    cache = tmp_path / "cache"
    analyse(sample_articles(), content, cache, workers=1)
    counted.clear()
    with open(content / "subjects/stopwords.txt", "a", encoding="utf-8") as file:
        file.write("\n榛子\n")
    subjects, _ = analyse(sample_articles(), content, cache, workers=1)
    assert len(counted) == 57
    assert "榛子" not in subjects.by_article[article("古交市开启校地合作 促小小榛子“生”金银").id].topics


def test_identical_texts_are_cut_once(counted: list[str]) -> None:
    twin = dataclasses.replace(article("通告"), id="copy/1", path="articles/copy/1.md")
    subjects, _ = analyse([article("通告"), twin], CONTENT, None, workers=1)
    assert counted == ["通告"]
    assert subjects.by_article["copy/1"].related == (article("通告").id,)


def test_the_cache_keeps_only_the_articles_of_the_last_build(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    analyse(sample_articles(), CONTENT, cache, workers=1)
    assert len(FactsCache(cache)) == 57
    analyse(sample_articles()[:3], CONTENT, cache, workers=1)
    assert len(FactsCache(cache)) == 3


def test_an_unreadable_cache_is_ignored_and_rebuilt(tmp_path: Path, counted: list[str]) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / FILE).write_bytes(b"not a pickle")
    _, problems = analyse(sample_articles()[:2], CONTENT, cache, workers=1)
    assert problems == [] and len(counted) == 2
    assert len(FactsCache(cache)) == 2


@pytest.fixture
def searched(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many articles each build searched for related articles."""
    runs: list[int] = []
    original = related.search

    def counted(ids, vectors, champions, indexes, workers=1):  # type: ignore[no-untyped-def]
        runs.append(len(indexes))
        return original(ids, vectors, champions, indexes, workers)

    monkeypatch.setattr(related, "search", counted)
    return runs


def test_an_unchanged_archive_reuses_its_topics_and_related_articles(tmp_path: Path,
                                                                      searched: list[int]) -> None:
    cache = tmp_path / "cache"
    first = analyse(sample_articles(), CONTENT, cache, workers=1)
    assert analyse(sample_articles(), CONTENT, cache, workers=1) == first
    assert searched == [57]


def _edited(change: str) -> list[Article]:
    items = list(sample_articles())
    first, canteen = items[0], items.index(article("在社区食堂感受“家味道”"))
    if change == "body":
        items[0] = dataclasses.replace(first, body=first.body + "\n\n液氩")
    elif change == "title":
        items[canteen] = dataclasses.replace(items[canteen], title="社区食堂 老人助餐")
    elif change == "topics":
        items[0] = dataclasses.replace(first, topics=("液氩",))
    elif change == "two bodies":
        items[0] = dataclasses.replace(first, body=first.body + "\n\n社区食堂")
        items[canteen] = dataclasses.replace(items[canteen], body="社区食堂")
    elif change == "id":
        items[0] = dataclasses.replace(first, id="2099/01/01/01")
    elif change == "date":  # alone in the newest month: IDF no longer counts it
        items[0] = dataclasses.replace(first, date=dt.date(2099, 1, 1))
    elif change == "removed":
        del items[canteen]
    return items


@pytest.mark.parametrize("change", ["body", "title", "topics", "two bodies", "id", "date", "removed"])
def test_after_an_edit_the_archive_wide_steps_give_what_a_fresh_build_gives(tmp_path: Path, change: str) -> None:
    cache = tmp_path / "cache"
    analyse(sample_articles(), CONTENT, cache, workers=1)
    edited = _edited(change)
    assert analyse(edited, CONTENT, cache, workers=1) == analyse(edited, CONTENT, None, workers=1)
    back = analyse(sample_articles(), CONTENT, cache, workers=1)  # and back again
    assert back == analyse(sample_articles(), CONTENT, None, workers=1)


def test_an_edit_searches_again_only_the_articles_it_can_reach(tmp_path: Path, searched: list[int]) -> None:
    cache = tmp_path / "cache"
    analyse(sample_articles(), CONTENT, cache, workers=1)
    analyse(_edited("body"), CONTENT, cache, workers=1)
    assert searched[0] == 57 and searched[1] < 57


def test_a_new_article_recomputes_the_whole_archive(tmp_path: Path, searched: list[int]) -> None:
    cache = tmp_path / "cache"
    analyse(sample_articles()[1:], CONTENT, cache, workers=1)
    analyse(sample_articles(), CONTENT, cache, workers=1)
    assert searched == [56, 57]


def test_an_empty_archive_gives_empty_subjects() -> None:
    subjects, problems = analyse([], CONTENT, None)
    assert problems == [] and subjects.by_article == {}



@pytest.fixture(scope="module")
def shared_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One cache for all examples of the order test: only the first cuts the articles."""
    return tmp_path_factory.mktemp("cache")


@settings(max_examples=4, deadline=None)
@given(order=st.permutations(range(len(sample_articles()))))
def test_results_do_not_depend_on_the_order_of_the_articles(shared_cache: Path, order: list[int]) -> None:
    shuffled = [sample_articles()[i] for i in order]
    subjects, _ = analyse(shuffled, CONTENT, shared_cache, workers=1)
    in_order, _ = analyse(sample_articles(), CONTENT, shared_cache, workers=1)
    assert subjects.by_article == in_order.by_article


def test_articles_analysed_by_one_extractor_share_one_string_for_an_equal_word() -> None:
    extractor = extract.Extractor(load_lexicon(CONTENT)[0])
    first, second = sample_articles()[:2]
    one = extractor.facts(first)
    alone = extract.Extractor(load_lexicon(CONTENT)[0]).facts(second)
    two = extractor.facts(second)
    assert two == alone  # sharing changes no value
    assert list(two.words) == sorted(two.words)
    common = set(one.words) & set(two.words)
    assert common, "the first two sample articles share a word"
    by_word = {word: word for word in one.words}
    assert all(word is by_word[word] for word in two.words if word in common)
