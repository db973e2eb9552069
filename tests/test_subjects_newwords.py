"""New words found whole: pieces of unknown names joined over the archive (newwords.py)."""

from __future__ import annotations

import datetime as dt
import functools
from collections import Counter
from itertools import pairwise
from pathlib import Path

import pytest
from fixtures.subjects.samples import CONTENT, sample_articles
from hypothesis import given, settings
from hypothesis import strategies as st

from baoku.model import Article
from baoku.subjects import analyse, entities, newwords
from baoku.subjects.extract import _NAME_TAGS, BOND_SHARE, Extractor, Facts, _bondable
from baoku.subjects.lexicon import load_lexicon


@functools.cache
def extractor() -> Extractor:
    return Extractor(load_lexicon(CONTENT)[0])


def item(number: int, body: str, title: str = "会议召开", day: dt.date = dt.date(2023, 1, 5)) -> Article:
    return Article(id=f"t/{number}", path=f"articles/t/{number}.md", title=title, date=day, body=body)


def facts(body: str) -> Facts:
    return extractor().facts(item(0, body))


FILM = ["影片流浪地球热映。导演介绍,流浪地球的特效镜头很多。",
        "流浪地球带动科幻产业,游客参观流浪地球拍摄基地。",
        "影评人认为,流浪地球系列的成功说明流浪地球的工业化水平提高了。"]
CHAIRMAN = ["委员长栗战书出席开幕会。栗战书在讲话中指出,要做好立法工作。",
            "栗战书委员长主持闭幕会。会后,栗战书会见了代表。",
            "栗战书说,要加强监督工作。栗战书强调,要依法履职。"]


def test_a_word_named_twice_with_the_same_neighbour_records_the_longer_string() -> None:
    assert {("流浪", "流浪地球"), ("地球", "流浪地球")} <= set(facts(FILM[0]).bonds)


def test_a_word_named_once_records_nothing() -> None:
    assert facts("影片流浪地球热映。").bonds == ()


def test_a_piece_always_beside_the_same_word_across_articles_becomes_the_longer_string() -> None:
    found = [facts(body) for body in FILM]
    table = newwords.joins(found, [dt.date(2023, 1, 5)] * 3, None)
    assert (table["流浪"], table["地球"]) == (("", "地球"), ("流浪", ""))
    joined = dict(newwords.joined(found[0], table, frozenset(), frozenset())[0].terms)
    assert not {"流浪", "地球"} & set(joined)
    assert joined["流浪地球"] == 2.0  # both pieces count the same two occurrences


def test_an_unknown_name_with_a_title_is_a_person_and_leaves_no_piece() -> None:
    found = facts(CHAIRMAN[0])
    assert found.people == ("栗战书",)
    assert "战书" not in dict(found.terms)


def test_both_pieces_of_a_term_count_its_occurrences_once() -> None:
    bodies = ["共建一带一路合作走深走实。一带一路倡议得到响应。",
              "一带一路建设成果丰硕,一带一路朋友圈扩大。",
              "一带一路青年交流营开营。青年们表示,一带一路让世界更近。"]
    found = [facts(body) for body in bodies]
    table = newwords.joins(found, [dt.date(2023, 1, 5)] * 3, None)
    assert table["一带"] == ("", "一路")
    joined = dict(newwords.joined(found[1], table, frozenset(), frozenset())[0].terms)
    assert joined["一带一路"] == 2.0
    assert "一带" not in joined


def test_a_piece_named_often_with_other_neighbours_stays_itself() -> None:
    found = [facts(body) for body in FILM]
    table = newwords.joins(found, [dt.date(2023, 1, 5)] * 3, None)
    other = facts("保护地球家园。地球是我们共同的家园。")
    assert dict(newwords.joined(other, table, frozenset(), frozenset())[0].terms)["地球"] == 2.0


def test_a_joined_string_that_names_a_person_is_no_topic() -> None:
    subjects = analyse([item(n, body) for n, body in enumerate(CHAIRMAN)], CONTENT, None, workers=1)[0]
    for analysis in subjects.by_article.values():
        assert analysis.people == ("栗战书",)
        assert not {"战书", "栗战书"} & set(analysis.topics)


def test_only_articles_before_the_newest_month_count_in_a_large_archive() -> None:
    found = [facts(body) for body in FILM]
    days = [dt.date(2023, 1, 5), dt.date(2023, 1, 6), dt.date(2023, 2, 1)]
    assert "流浪" in newwords.joins(found, days, None)
    assert "流浪" in newwords.joins(found, days, dt.date(2023, 2, 1))  # two articles before it
    assert newwords.joins(found, days, dt.date(2023, 1, 6)) == {}  # one article is no evidence


def test_a_joined_stop_word_is_dropped() -> None:
    found = [facts("工作常态化开展,监督常态化推进。"), facts("防控常态化,服务常态化。")]
    table = newwords.joins(found, [dt.date(2023, 1, 5)] * 2, None)
    assert table.get("常态") == ("", "化")
    joined = newwords.joined(found[0], table, frozenset(), frozenset({"常态化"}))[0]
    assert not {"常态", "常态化"} & set(dict(joined.terms))


def test_a_join_made_by_a_new_article_updates_the_older_ones_as_a_cold_build_would(tmp_path: Path) -> None:
    first = [item(0, FILM[0], "影片热映", dt.date(2023, 1, 5)),
             item(1, "冬季流感高发,专家提醒老年人接种流感疫苗。", "流感高发", dt.date(2023, 1, 6))]
    later = [*first, item(2, FILM[1], "科幻产业", dt.date(2023, 1, 7))]
    before = analyse(first, CONTENT, tmp_path, workers=1)[0]
    assert "流浪地球" not in before.by_article["t/0"].topics  # one article is no evidence
    updated = analyse(later, CONTENT, tmp_path, workers=1)[0]
    assert updated == analyse(later, CONTENT, None, workers=1)[0]
    assert "流浪地球" in updated.by_article["t/0"].topics


def test_the_join_key_changes_with_what_was_joined_and_only_then() -> None:
    found = [facts(body) for body in FILM]
    table = newwords.joins(found, [dt.date(2023, 1, 5)] * 3, None)
    untouched = facts("冬季流感高发,专家提醒老年人接种流感疫苗。")
    same, change = newwords.joined(untouched, table, frozenset(), frozenset())
    assert same is untouched and newwords.join_key("k", change) == "k"
    keys = {newwords.join_key("k", newwords.joined(f, table, frozenset(), frozenset())[1]) for f in found}
    assert all(key.startswith("k+") for key in keys)
    # The same facts joined by another table (流浪 no longer a piece) are another result, with another key.
    narrower = {word: sides for word, sides in table.items() if word != "流浪"}
    other, other_change = newwords.joined(found[0], narrower, frozenset(), frozenset())
    first, first_change = newwords.joined(found[0], table, frozenset(), frozenset())
    assert other.terms != first.terms
    assert newwords.join_key("k", other_change) != newwords.join_key("k", first_change)


def test_a_joined_string_also_named_whole_keeps_the_larger_weight() -> None:
    table = {"地球": ("流浪", "")}
    named = Facts.of(terms=(("地球", 1.0), ("流浪地球", 3.0)), section="", people=(), places=())
    assert newwords.joined(named, table, frozenset(), frozenset())[0].terms == (("流浪地球", 3.0),)
    heavier = Facts.of(terms=(("地球", 4.0), ("流浪地球", 1.0)), section="", people=(), places=(),
                    bonds=(("地球", "流浪地球"),))
    assert newwords.joined(heavier, table, frozenset(), frozenset())[0].terms == (("流浪地球", 4.0),)


def test_a_days_import_inside_the_newest_month_reuses_the_table_of_pieces(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Enough months that IDF (and the table) count only the articles before the newest month.
    older = [item(n, FILM[n % 3], "影片热映", dt.date(2023, 1 + n % 4, 1 + n // 4)) for n in range(40)]
    newest = [item(50, FILM[0], "科幻产业", dt.date(2023, 5, 2))]
    day = [*older, *newest, item(51, CHAIRMAN[0], "闭幕会", dt.date(2023, 5, 3))]
    cold = analyse(day, CONTENT, None, workers=1)[0]
    analyse(older + newest, CONTENT, tmp_path, workers=1)
    counted = []
    original = newwords.joins
    monkeypatch.setattr(newwords, "joins", lambda *args: counted.append(1) or original(*args))
    assert analyse(day, CONTENT, tmp_path, workers=1)[0] == cold
    assert counted == []  # the day's import read the table the last build counted
    edited = [item(0, FILM[1], "影片热映", dt.date(2023, 1, 5)), *day[1:]]
    analyse(edited, CONTENT, tmp_path, workers=1)
    assert counted == [1]  # an article IDF counts changed: counted again


def _reference_join(facts: Facts, table: dict[str, tuple[str, str]], people: frozenset[str],
                    stopwords: frozenset[str], promoted: tuple[str, ...]) -> tuple[tuple[str, float], ...]:
    """The rule of newwords.joined written term by term, the way it was first written."""
    extra = [name for name in promoted if name not in facts.people]
    bonds = set(facts.bonds)
    pairs: dict[str, tuple[str, float]] = {}
    for pair in facts.terms:
        term, weight = pair
        sides = table.get(term)
        if sides is not None:
            left, right = sides
            if weight >= 2.0:
                if left and (term, left + term) not in bonds:
                    left = ""
                if right and (term, term + right) not in bonds:
                    right = ""
            if left or right:
                term = left + term + right
                if term in stopwords or term in people:
                    continue
                pair = (term, weight)
        if term in pairs:
            pair = max(pairs[term], pair, key=lambda p: p[1])
        pairs[term] = pair
    for name in extra:
        for piece in [t for t in pairs if t in name]:
            del pairs[piece]
    return tuple(sorted(pairs.values()))


_SYLLABLES = st.sampled_from(list("流浪地球一带路栗战书常态化"))


@settings(max_examples=300, deadline=None)
@given(terms=st.dictionaries(st.text(_SYLLABLES, min_size=1, max_size=3), st.sampled_from([1.0, 2.0, 3.0, 5.0]),
                             max_size=8),
       sides=st.dictionaries(st.text(_SYLLABLES, min_size=1, max_size=2),
                             st.tuples(st.text(_SYLLABLES, max_size=2), st.text(_SYLLABLES, max_size=2)), max_size=5),
       bonded=st.lists(st.tuples(st.text(_SYLLABLES, min_size=1, max_size=2), st.text(_SYLLABLES, min_size=1,
                                                                                      max_size=4)), max_size=5),
       named=st.lists(st.text(_SYLLABLES, min_size=2, max_size=4), max_size=2),
       stop=st.frozensets(st.text(_SYLLABLES, min_size=2, max_size=4), max_size=3))
def test_a_join_gives_what_the_rule_applied_term_by_term_gives(
        terms: dict[str, float], sides: dict[str, tuple[str, str]], bonded: list[tuple[str, str]],
        named: list[str], stop: frozenset[str]) -> None:
    facts = Facts.of(sorted(terms.items()), "", (), (), (), tuple(bonded))
    people = frozenset(named[:1])
    expected = _reference_join(facts, sides, people, stop, tuple(named))
    result, change = newwords.joined(facts, sides, people, stop, tuple(named))
    assert result.terms == expected
    assert (result is facts) == (change == "")


def _reference_bonds(extractor: Extractor, text: list[str], terms: dict[str, float]) -> tuple[tuple[str, str], ...]:
    """Extractor._bonds as first written: every neighbouring pair of the text counted."""
    times = Counter(text)
    named = {word for word, count in times.items() if count >= 2 and word in terms and word not in extractor._user
             and extractor._canonical.get(word, word) == word and not entities.is_title(word)}
    bonds = []
    for (left, right), together in Counter(pairwise(text)).items():
        if left not in named and right not in named:
            continue
        for word, other in ((left, right), (right, left)):
            if (word in named and together >= BOND_SHARE * times[word] and _bondable(other)
                    and extractor.segmenter.tags.get(other, "") not in _NAME_TAGS):
                bonds.append((word, left + right))
    return tuple(sorted(bonds))


def test_bonds_counted_from_the_named_words_alone_are_those_of_every_pair_counted() -> None:
    ex, found = extractor(), 0
    for article in [*sample_articles(), *(item(n, body) for n, body in enumerate(FILM + CHAIRMAN))]:
        cut = ex.segmenter.words
        text = [*cut(f"{article.kicker}\n{article.title}\n{article.subtitle}"), "\n", *cut(article.body)]
        terms = dict(ex.facts(article).terms)
        expected = _reference_bonds(ex, text, terms)
        assert ex._bonds(text, terms) == expected, article.id
        found += bool(expected)
    assert found >= 10
