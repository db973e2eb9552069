"""Reading sections.toml and content/subjects/*.txt: formats, and problems with file and line."""

from __future__ import annotations

from pathlib import Path

from fixtures.subjects.samples import CONTENT, content_copy

from baoku.errors import Problem
from baoku.subjects import general
from baoku.subjects.lexicon import UserWord, load_lexicon
from baoku.subjects.places import tokenizer_words


def _with(tmp_path: Path, name: str, text: str) -> Path:
    content = content_copy(tmp_path / "content")
    (content / name).write_text(text, encoding="utf-8")
    return content


def test_bundled_content_files_have_no_problems() -> None:
    lexicon, problems = load_lexicon(CONTENT)
    assert problems == []
    assert [s.name for s in lexicon.sections] == [
        "时政", "国际", "经济", "体育", "城建", "民生", "社会", "文教", "生态", "科技", "评论", "图片", "公告"]
    assert [s.slug for s in lexicon.sections] == [
        "politics", "world", "economy", "sports", "urban", "livelihood", "society", "culture", "environment",
        "science", "opinion", "photos", "notices"]
    assert lexicon.default_section == "社会"


def test_kinds_in_sections_toml_decide_commentary_photo_and_notice() -> None:
    lexicon, _ = load_lexicon(CONTENT)
    kinds = {rule.section.name: rule.kinds for rule in lexicon.rules if rule.kinds}
    assert kinds == {"评论": ("commentary",), "图片": ("photo",), "公告": ("notice",)}


def test_every_section_is_mapped_to_iptc() -> None:
    lexicon, _ = load_lexicon(CONTENT)
    assert all(section.iptc for section in lexicon.sections)
    assert lexicon.sections[2].iptc == "medtop:04000000 economy, business and finance"


def test_topic_line_gives_canonical_aliases_and_description() -> None:
    lexicon, _ = load_lexicon(CONTENT)
    assert lexicon.topics.canonical["太忻经济区"] == "太忻一体化经济区"
    assert lexicon.topics.canonical["太忻一体化"] == "太忻一体化经济区"
    assert lexicon.topics.canonical["太忻一体化经济区"] == "太忻一体化经济区"
    assert lexicon.topics.descriptions["太忻一体化经济区"].startswith("太原、忻州两市共建的省级经济区，2021年起建设")


def test_place_aliases_map_to_the_district() -> None:
    lexicon, _ = load_lexicon(CONTENT)
    assert lexicon.places.canonical["万柏林"] == "万柏林区"
    assert lexicon.places.canonical["古交"] == "古交市"
    assert "小店" not in lexicon.places.canonical  # 'a small shop', not an alias


def test_list_names_join_the_tokenizer_dictionary_with_their_tags() -> None:
    lexicon, _ = load_lexicon(CONTENT)
    words = {w.word: w for w in lexicon.words}
    assert words["太忻经济区"] == UserWord("太忻经济区", None, "nz")
    assert words["尖草坪区"] == UserWord("尖草坪区", None, "ns")
    assert words["液氩"] == UserWord("液氩", None, "n")


def test_a_bad_line_in_topics_txt_gives_a_problem_with_file_and_line(tmp_path: Path) -> None:
    content = _with(tmp_path, "subjects/topics.txt",
                    "# topics\n太忻一体化经济区 | 太忻经济区\n社区食堂 || 老年餐桌 : 食堂\n营商环境\n")
    lexicon, problems = load_lexicon(content)
    assert problems == [Problem("subjects/topics.txt", 3, "",
                                "a name is empty (check for '||' or a '|' at either end); write "
                                "'canonical | alias | alias : one-line description'")]
    assert set(lexicon.topics.canonical) == {"太忻一体化经济区", "太忻经济区", "营商环境"}


def test_a_name_listed_twice_names_the_first_line(tmp_path: Path) -> None:
    content = _with(tmp_path, "subjects/places.txt", "万柏林区 | 万柏林\n\n万柏林 : 又一次\n")
    _, problems = load_lexicon(content)
    assert problems == [Problem("subjects/places.txt", 3, "",
                                "'万柏林' is already listed on line 1; each name may appear once")]


def test_a_name_with_a_space_or_one_character_is_refused(tmp_path: Path) -> None:
    content = _with(tmp_path, "subjects/people.txt", "张 丽凤\n凤\n张丽凤\n")
    lexicon, problems = load_lexicon(content)
    assert [(p.line, p.message.split(";")[0]) for p in problems] == [
        (1, "'张 丽凤' contains a space"), (2, "'凤' is a single character")]
    assert lexicon.people.canonical == {"张丽凤": "张丽凤"}


def test_full_width_colon_and_bar_separate_description_and_aliases(tmp_path: Path) -> None:
    content = _with(tmp_path, "subjects/topics.txt", "社区食堂｜老年餐桌：社区里的食堂: 平价\n")
    lexicon, problems = load_lexicon(content)
    assert problems == []
    assert lexicon.topics.canonical == {"社区食堂": "社区食堂", "老年餐桌": "社区食堂"}
    assert lexicon.topics.descriptions == {"社区食堂": "社区里的食堂： 平价"}  # typeset, as shown


def test_a_topic_that_is_also_a_stopword_is_reported(tmp_path: Path) -> None:
    content = _with(tmp_path, "subjects/topics.txt", "# t\n发展 : 太空泛\n")
    (content / "subjects/stopwords.txt").write_text("# s\n工作\n发展 推进\n", encoding="utf-8")
    _, problems = load_lexicon(content)
    assert problems == [Problem("subjects/topics.txt", 2, "",
                                "'发展' is also in subjects/stopwords.txt (line 3); "
                                "remove it from one of the two")]


def test_bad_dictionary_lines_are_reported_and_skipped(tmp_path: Path) -> None:
    content = _with(tmp_path, "subjects/dictionary.txt",
                    "液氩 n\n潇河 大桥 nz\n液氩\n太忻 0\n综改示范区 500 nz\n")
    lexicon, problems = load_lexicon(content)
    assert [(p.line, p.message.split(";")[0].split(" (")[0]) for p in problems] == [
        (2, "expected 'word [frequency] [tag]'"),
        (3, "'液氩' is already listed on line 1"),
        (4, "frequency of '太忻' must be at least 1")]
    words = {w.word: w for w in lexicon.words}
    assert words["综改示范区"] == UserWord("综改示范区", 500, "nz")


def test_sections_toml_problems_name_the_line_and_key(tmp_path: Path) -> None:
    content = _with(tmp_path, "sections.toml", """default = "民生"

[[section]]
name = "经济"
slug = "economy"
colour = "red"

[[section]]
name = "民生"
slug = "民生"

[[section]]
name = "图片"
slug = "photos"
kinds = ["photo", "video"]
""")
    lexicon, problems = load_lexicon(content)
    assert problems == [
        Problem("sections.toml", 1, "default", "must name one of the sections (经济, 图片), got '民生'"),
        Problem("sections.toml", 6, "colour",
                "unknown key; expected one of: name, slug, description, iptc, kinds, columns, strong, "
                "words, pages, abroad"),
        Problem("sections.toml", 10, "slug", "section '民生' needs an ASCII slug of lower-case letters, "
                "digits and '-' (e.g. 'economy'), got '民生'"),
        Problem("sections.toml", 15, "kinds", "unknown kind 'video'; expected one of: news, feature, "
                "commentary, interview, photo, notice"),
    ]
    assert [s.name for s in lexicon.sections] == ["经济", "图片"]
    assert lexicon.default_section == "经济"


def test_invalid_toml_names_its_line(tmp_path: Path) -> None:
    content = _with(tmp_path, "sections.toml", 'default = "经济"\n[[section]\nname = "经济"\n')
    lexicon, problems = load_lexicon(content)
    assert [(p.path, p.line) for p in problems] == [("sections.toml", 2)]
    assert problems[0].message.startswith("is not valid TOML")
    assert [s.name for s in lexicon.sections] == ["综合"]


def test_missing_sections_toml_is_a_problem_but_word_lists_are_optional(tmp_path: Path) -> None:
    lexicon, problems = load_lexicon(tmp_path)
    assert problems == [Problem("sections.toml", 0, "", "is missing: the build needs the section "
                                "taxonomy; restore content/sections.toml from the repository")]
    assert lexicon.stopwords == frozenset()
    # Only the gazetteer's names jieba's dictionary lacks (places.py), so they are kept whole.
    assert {w.word for w in lexicon.words} == set(tokenizer_words(general.parse_dictionary()[0]))
    assert {w.tag for w in lexicon.words} == {"ns"}


def test_the_digest_changes_when_a_word_list_changes(tmp_path: Path) -> None:
    before, _ = load_lexicon(CONTENT)
    content = content_copy(tmp_path / "content")
    with open(content / "subjects/stopwords.txt", "a", encoding="utf-8") as file:
        file.write("\n榛子\n")
    after, _ = load_lexicon(content)
    assert before.digest != after.digest
    assert load_lexicon(CONTENT)[0].digest == before.digest
