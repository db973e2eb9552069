"""Archive-wide steps updated after an edit give exactly what a build from scratch gives."""

from __future__ import annotations

import datetime as dt

import pytest
from fixtures.subjects.samples import CONTENT
from hypothesis import given, settings
from hypothesis import strategies as st

from baoku.model import Article
from baoku.subjects import archive, related
from baoku.subjects.extract import Facts
from baoku.subjects.lexicon import load_lexicon

WORDS = ["社区食堂", "太忻一体化经济区", "融资", "榛子", "首贷", "志愿者", "分级诊疗", "校地合作",
         "文明城市", "汾河", "信贷", "老人"]
"""Topic candidates from the sample issues; few, so that articles share many of them."""

Terms = dict[str, float]
terms = st.dictionaries(st.sampled_from(WORDS), st.sampled_from([1.0, 2.0, 3.0, 5.0]), min_size=1, max_size=6)
edits = st.lists(st.tuples(st.integers(0, 29), terms, st.booleans()), min_size=1, max_size=4)
rounds = st.lists(edits, min_size=1, max_size=3)


@pytest.fixture(autouse=True)
def small_lists(monkeypatch: pytest.MonkeyPatch) -> None:
    """Short vectors and champion lists, so that 30 articles exercise every path of the
    update (lists that fill up, candidates pushed off them, query terms not all used)."""
    for name, value in [("TOP_TERMS", 4), ("QUERY_TERMS", 2), ("SMALL_ARCHIVE", 0),
                        ("POSTING_CAP", 3), ("CANDIDATES", 3), ("MIN_SIMILARITY", 0.0)]:
        monkeypatch.setattr(related, name, value)


def compute(texts: list[Terms], editor: list[bool], previous: archive.ArchiveState | None) -> archive.ArchiveState:
    articles = [Article(id=f"2022/07/{i:02d}", path=f"articles/{i}.md", title="标题", date=dt.date(2022, 7, 28),
                        body="", topics=("社区食堂",) if mine else ()) for i, mine in enumerate(editor)]
    found = [Facts(tuple(sorted(t.items())), "", (), ()) for t in texts]
    keys = [repr(f) for f in found]
    return archive.compute(articles, keys, found, load_lexicon(CONTENT)[0], 1, previous)


@settings(max_examples=80, deadline=None)
@given(st.lists(terms, min_size=30, max_size=30), rounds)
def test_an_updated_archive_equals_one_computed_from_scratch(texts: list[Terms],
                                                             edit_rounds: list[list[tuple[int, Terms, bool]]]) -> None:
    editor = [False] * 30
    state = compute(texts, editor, None)
    for changes in edit_rounds:  # one build after another, each updating the last
        for index, text, topics in changes:
            texts[index], editor[index] = text, topics
        state = compute(texts, editor, state)
        fresh = compute(texts, editor, None)
        assert (state.topics, state.nearest) == (fresh.topics, fresh.nearest)
        assert state.df == fresh.df and state.idf == fresh.idf
        assert [set(s[0]) for s in state.shortlists] == [set(s[0]) for s in fresh.shortlists]


def test_an_unchanged_archive_updates_nothing() -> None:
    texts = [{"社区食堂": 2.0, "老人": 1.0}, {"社区食堂": 1.0, "志愿者": 3.0}, {"汾河": 1.0}]
    before = compute(texts, [False] * 3, None)
    after = compute(texts, [False] * 3, before)
    assert after.champions is before.champions and after.nearest is before.nearest
