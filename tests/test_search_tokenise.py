"""The words the search index holds (baoku/search/tokenise.py)."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from baoku.search.tokenise import (
    _IGNORABLE,
    BOUNDARY,
    bigrams,
    field_words,
    normalise,
    record_words,
    unit,
    units,
)


def test_normalising_folds_width_and_case_and_drops_whitespace_and_invisible_characters() -> None:
    assert normalise("ＰＭ２．５ 浓度\u200b\n Ｈ-OTN\u3000设备") == "pm2.5浓度h-otn设备"


def test_the_ignorable_characters_are_exactly_whitespace_and_unicode_cc_and_cf() -> None:
    mismatches = [cp for cp in range(0x110000)
                  if bool(_IGNORABLE.fullmatch(chr(cp)))
                  != (chr(cp).isspace() or unicodedata.category(chr(cp)) in ("Cc", "Cf"))]
    assert mismatches == []


@pytest.mark.parametrize("ch", ["潇", "a", "7", "\U00020000", "\ufa0e"])
def test_han_ideographs_latin_letters_and_digits_stand_for_themselves(ch: str) -> None:
    assert unit(ch) == ch


@pytest.mark.parametrize("ch", [".", "-", "_", "，", "“", "%", "é", "ꀀ", "ꒌ", "\U0010ffff", "。"])
def test_every_other_character_becomes_two_yi_syllables_no_query_can_confuse(ch: str) -> None:
    escaped = unit(ch)
    assert len(escaped) == 2 and all("\ua000" <= c <= "\ua48c" for c in escaped)
    assert escaped[0] <= "\ua3bc" and BOUNDARY not in escaped[0]


def test_escapes_are_distinct_for_distinct_characters() -> None:
    sample = [chr(cp) for cp in range(0x20, 0x3100)] + ["\U0010fffd", "\U0001f600"]
    assert len({unit(ch) for ch in sample}) == len(sample)


def test_a_decimal_point_is_kept_so_that_34_48_and_3448_are_different_words() -> None:
    assert bigrams(units("34.48")) != bigrams(units("3448"))
    assert "34" in bigrams(units("34.48")) and "44" not in bigrams(units("34.48"))


def test_a_field_is_its_bigrams_then_its_last_character_then_a_boundary() -> None:
    assert field_words("潇河大桥") == ["潇河", "河大", "大桥", "桥", BOUNDARY]
    assert field_words("桥") == ["桥", BOUNDARY]
    assert field_words(" \n") == []


def test_every_character_of_a_field_starts_exactly_one_word() -> None:
    text = "PM2.5浓度为34.48微克/立方米。"
    words = field_words(text)
    assert [w[:len(u)] for w, u in zip(words, units(normalise(text)), strict=False)] == units(normalise(text))
    assert len(words) == len(units(normalise(text))) + 1


def test_an_article_puts_its_title_first_and_counts_the_title_words() -> None:
    words, title_count = record_words("潇河大桥", ["", "副题", "正文。"])
    assert words[:title_count] == ["潇河", "河大", "大桥", "桥", BOUNDARY]
    assert words[title_count:] == ["副题", "题", BOUNDARY, "正文", "文" + unit("。"), unit("。"), BOUNDARY]


_ESCAPED = re.compile(r"[^a-z0-9\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
_SPLIT = re.compile(r"[\ua000-\ua48c]{2}|.", re.DOTALL)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("潇河大桥pm2.5，。“”（）ꀀꒌ𠀀䶮é\u3000")) | st.characters(), max_size=40))
def test_units_are_the_text_escaped_character_by_character_then_split_into_units(text: str) -> None:
    """As the units were first made (and as search.js makes them): every character that
    does not stand for itself escaped, then the escaped text split into units."""
    normalised = normalise(text)
    expected = _SPLIT.findall(_ESCAPED.sub(lambda m: unit(m.group()), normalised))
    assert units(normalised) == expected
