"""Archive-wide steps updated after an edit give exactly what a build from scratch gives."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from fixtures.subjects.samples import CONTENT
from hypothesis import given, settings
from hypothesis import strategies as st

from baoku import cachefile
from baoku.model import Article
from baoku.subjects import archive, related, topics
from baoku.subjects.extract import Facts
from baoku.subjects.lexicon import load_lexicon

WORDS = ["社区食堂", "太忻一体化经济区", "融资", "榛子", "首贷", "志愿者", "分级诊疗", "校地合作",
         "文明城市", "汾河", "信贷", "老人"]
"""Topic candidates from the sample issues; few, so that articles share many of them."""

Terms = dict[str, float]
terms = st.dictionaries(st.sampled_from(WORDS), st.sampled_from([1.0, 2.0, 3.0, 5.0]), min_size=1, max_size=6)
edits = st.lists(st.tuples(st.integers(0, 29), terms, st.booleans()), min_size=1, max_size=4)
additions = st.lists(st.tuples(terms, st.sampled_from([7, 7, 8])), max_size=3)
"""New articles after the others: most in the newest month (July), some starting a new one."""
rounds = st.lists(st.tuples(edits, additions), min_size=1, max_size=3)


@pytest.fixture(autouse=True)
def small_lists(monkeypatch: pytest.MonkeyPatch) -> None:
    """Short vectors and champion lists, so that 30 articles exercise every path of the
    update (lists that fill up, candidates pushed off them, query terms not all used);
    IDF leaves out the newest month already when it holds 30% of the articles."""
    for name, value in [("TOP_TERMS", 4), ("QUERY_TERMS", 2), ("SMALL_ARCHIVE", 0),
                        ("POSTING_CAP", 3), ("CANDIDATES", 3), ("MIN_SIMILARITY", 0.0)]:
        monkeypatch.setattr(related, name, value)
    monkeypatch.setattr(topics, "BASIS_SHARE", 0.7)


def compute(texts: list[Terms], editor: list[bool], previous: archive.ArchiveState | None,
            months: list[int] | None = None) -> archive.ArchiveState:
    """The archive state of articles with these topic candidates (and editor topics),
    dated in these months of 2022 (default: the first 24 in June, the rest in July)."""
    months = months or [6 if i < 24 else 7 for i in range(len(texts))]
    articles = [Article(id=f"a{i:03d}", path=f"articles/{i}.md", title="标题", date=dt.date(2022, month, 28),
                        body="", topics=("社区食堂",) if mine else ())
                for i, (mine, month) in enumerate(zip(editor, months, strict=True))]
    found = [Facts.of(sorted(t.items()), "", (), ()) for t in texts]
    keys = [repr(f) for f in found]
    return archive.compute(articles, keys, found, load_lexicon(CONTENT)[0], 1, previous)


@settings(max_examples=80, deadline=None)
@given(st.lists(terms, min_size=30, max_size=30), rounds)
def test_an_updated_archive_equals_one_computed_from_scratch(
        texts: list[Terms], edit_rounds: list[tuple[list[tuple[int, Terms, bool]], list[tuple[Terms, int]]]]) -> None:
    editor = [False] * 30
    months = [6 if i < 24 else 7 for i in range(30)]
    state = compute(texts, editor, None, months)
    for changes, added in edit_rounds:  # one build after another, each updating the last
        for index, text, topics_ in changes:
            texts[index], editor[index] = text, topics_
        for text, month in added:
            texts.append(text)
            editor.append(False)
            months.append(max(months[-1], month))
        state = compute(texts, editor, state, months)
        fresh = compute(texts, editor, None, months)
        assert (state.topics, state.nearest) == (fresh.topics, fresh.nearest)
        assert state.df == fresh.df and state.idf == fresh.idf and state.documents == fresh.documents
        assert [set(related.members(s)) for s in state.shortlists] == [set(related.members(s)) for s in fresh.shortlists]
        assert by_term(state, state.champions) == by_term(fresh, fresh.champions)
        assert by_term(state, state.counts) == by_term(fresh, fresh.counts)


def by_term(state: archive.ArchiveState, values: dict[int, object]) -> dict[str, object]:
    """Values keyed by term number, keyed by the term (an update numbers new terms as they come)."""
    names = {number: term for term, number in state.numbers.items()}
    return {names[number]: value for number, value in values.items()}


def test_a_days_articles_in_the_newest_month_leave_the_idf_alone_and_are_added_by_an_update() -> None:
    texts = [{"社区食堂": 2.0, "老人": 1.0}, {"社区食堂": 1.0, "志愿者": 3.0}, {"汾河": 1.0}] * 10
    before = compute(texts, [False] * 30, None)
    day = [{"社区食堂": 1.0, "榛子": 2.0}, {"融资": 1.0, "信贷": 1.0}]
    after = compute(texts + day, [False] * 32, before)
    assert after.updates == before.updates + 1  # updated, not computed from scratch
    assert after.documents == before.documents == 24
    assert {t: after.idf[t] for t in before.idf} == before.idf
    fresh = compute(texts + day, [False] * 32, None)
    assert (after.topics, after.nearest, after.idf) == (fresh.topics, fresh.nearest, fresh.idf)


def test_a_new_month_moves_the_idf_and_is_computed_from_scratch() -> None:
    texts = [{"社区食堂": 2.0, "老人": 1.0}, {"汾河": 1.0}] * 15
    before = compute(texts, [False] * 30, None)
    after = compute(texts + [{"融资": 1.0}], [False] * 31, before, [6] * 24 + [7] * 6 + [8])
    assert after.updates == 0 and after.documents == 30


def test_an_unchanged_archive_updates_nothing() -> None:
    texts = [{"社区食堂": 2.0, "老人": 1.0}, {"社区食堂": 1.0, "志愿者": 3.0}, {"汾河": 1.0}]
    before = compute(texts, [False] * 3, None)
    after = compute(texts, [False] * 3, before)
    assert after.champions is before.champions and after.nearest is before.nearest



def test_vectors_chosen_in_worker_processes_are_those_chosen_in_one(monkeypatch: pytest.MonkeyPatch) -> None:
    # Numbers past the small ints Python shares anyway, as in any real archive.
    numbers = {word: 100_000 + i for i, word in enumerate(WORDS)}
    idf = dict.fromkeys(WORDS, 2.0)
    texts = [{WORDS[i % 12]: 1.0, WORDS[(i * 5 + 1) % 12]: 2.0, WORDS[(i * 7 + 3) % 12]: 3.0} for i in range(40)]
    articles = [Article(id=f"a{i:03d}", path=f"articles/{i}.md", title="标题", date=dt.date(2022, 6, 28), body="")
                for i in range(40)]
    found = [Facts.of(sorted(t.items()), "", (), ()) for t in texts]
    lexicon = load_lexicon(CONTENT)[0]
    alone = archive._choose(articles, found, idf, {}, numbers, lexicon, range(40), 1)
    monkeypatch.setattr(archive, "PARALLEL_MIN", 2)
    assert archive._choose(articles, found, idf, {}, numbers, lexicon, range(40), 2) == alone
    vectors = alone[1]
    assert {term for vec in vectors for term in related.terms(vec)} <= set(numbers.values())
    assert all(list(related.weighed(vec).values()) == sorted(related.weighed(vec).values(), reverse=True)
               for vec in vectors)  # heaviest first


def test_a_state_with_vectors_or_shortlists_of_another_shape_is_not_read() -> None:
    state = compute([{"社区食堂": 2.0, "老人": 1.0}, {"汾河": 1.0}] * 3, [False] * 6, None)
    fields = list(cachefile.decode_file(cachefile.encode("k", state.pack()), "k"))  # as the cache store gives it
    assert archive.ArchiveState.unpack(tuple(fields)) == state
    names = [f.name for f in dataclasses.fields(archive.ArchiveState)]
    for name, wrong in [("vectors", {1: 0.5}), ("vectors", state.vectors[0][:-1]),  # as kept before; cut
                        ("shortlists", ((1,), (0.5,), 0.0, (0.5,))), ("shortlists", state.shortlists[0][:-1])]:
        at = names.index(name)
        changed = list(fields)
        changed[at] = (wrong, *fields[at][1:])
        with pytest.raises(TypeError):
            archive.ArchiveState.unpack(tuple(changed))
