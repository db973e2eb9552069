"""Layout profiles: detected from the text, or pinned in content/importer.toml."""

from __future__ import annotations

from pathlib import Path

import pytest

from baoku.importer.api import ImportFailed, import_files
from baoku.importer.issue import segment_issue
from baoku.importer.profile import DEFAULT, detect, load

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = next((ROOT / "content" / "sources").glob("*_000_*.txt"))
NATIONAL = ROOT / "tests" / "fixtures" / "import" / "huaxia-2023-02-05.txt"


def test_a_national_dailys_issue_is_detected_as_a_dateline_layout_and_the_samples_are_not():
    assert detect(NATIONAL.read_text(encoding="utf-8")).dateline_stories
    assert not detect(SAMPLE.read_text(encoding="utf-8")).dateline_stories


def test_detection_keeps_only_the_page_header_forms_the_issue_prints():
    found = detect("第01版：要闻\n\n一条新闻标题\n")
    assert len(found.page_header) == 1 and found.detected[0] == "page headers: 1 form(s)"


def test_a_pinned_profile_is_read_from_importer_toml(tmp_path):
    (tmp_path / "importer.toml").write_text(
        '[layout]\npage_header = ["^== (?P<page>\\\\d+) (?P<name>\\\\S+) ==$"]\ncolumn_tags = false\n', encoding="utf-8")
    profile, problems = load(tmp_path)
    assert problems == [] and profile is not None and not profile.column_tags
    seg = segment_issue("== 7 体育 ==\n\n冰雪运动热度持续攀升（体坛观澜）\n\n今年冬天，冰雪运动在南北各地持续升温。\n", profile)
    assert [(d.page, d.page_name, d.title, d.column) for d in seg.drafts] == [
        ("7", "体育", "冰雪运动热度持续攀升（体坛观澜）", "")]


def test_an_unknown_setting_is_an_error_with_its_line_and_a_hint(tmp_path):
    (tmp_path / "importer.toml").write_text('[layout]\ncolumn_tags = true\nstaf_words = ["编辑"]\n', encoding="utf-8")
    profile, problems = load(tmp_path)
    assert profile is None
    assert [str(p) for p in problems] == [
        ("importer.toml:3: staf_words: unknown setting; did you mean 'staff_words'? expected one of: "
        "box_openers, column_tag_max, column_tags, dateline_stories, datelines, page_header, staff_words")]


def test_wrong_types_bad_patterns_and_unknown_tables_are_all_reported_together(tmp_path):
    (tmp_path / "importer.toml").write_text(
        '[layout]\ncolumn_tags = "yes"\npage_header = ["第(\\\\d+版"]\ndatelines = [1]\n[paper]\nname = "x"\n',
        encoding="utf-8")
    _, problems = load(tmp_path)
    assert [(p.line, p.field) for p in problems] == [
        (5, "paper"), (2, "column_tags"), (3, "page_header"), (4, "datelines")]
    assert "must be a bool" in problems[1].message and "not a valid regular expression" in problems[2].message


def test_invalid_toml_names_the_line(tmp_path):
    (tmp_path / "importer.toml").write_text("[layout]\ncolumn_tags = \n", encoding="utf-8")
    _, problems = load(tmp_path)
    assert problems[0].line == 2 and "not valid TOML" in problems[0].message


def test_an_import_with_a_bad_importer_toml_writes_nothing(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    (content / "importer.toml").write_text("[layout]\nbox_opener = []\n", encoding="utf-8")
    with pytest.raises(ImportFailed) as failed:
        import_files([NATIONAL], content=content)
    assert "importer.toml:2: box_opener: unknown setting; did you mean 'box_openers'?" in str(failed.value)
    assert sorted(p.name for p in content.iterdir()) == ["importer.toml"]


def test_the_default_profile_reads_both_layouts_page_headers():
    compiled = DEFAULT.compiled()
    assert [bool(any(p.search(s) for p in compiled.page)) for s in
            ("第01版：要闻", "【第03版：国际】", "太原日报 2022年7月28日 星期四 第02版 要闻", "(上接第1版)")] == [
        True, True, True, False]


def test_check_reports_a_bad_importer_toml_with_the_contents_other_problems(tmp_path):
    from helpers import copy_fixture

    from baoku import pipeline
    from baoku.errors import BuildError
    content = copy_fixture(tmp_path)
    assert pipeline.check(content).warnings == []
    (content / "importer.toml").write_text("[layout]\ncolumn_tag = true\n", encoding="utf-8")
    with pytest.raises(BuildError) as failed:
        pipeline.check(content)
    assert [(p.path, p.line, p.field) for p in failed.value.problems] == [("importer.toml", 2, "column_tag")]
