"""Nothing lost: every printed character ends up in exactly one article or the remainder.

See baoku/importer/lossless.py for the exact definition.  Checked on the
sample issues, on issues shuffled together from their lines, on generated
text full of Markdown and YAML pitfalls, and on garbage.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from baoku.importer.api import ImportFailed, import_files
from baoku.importer.decode import UnreadableInput, decode
from baoku.importer.issue import segment_issue
from baoku.importer.lossless import check_content, difference, raw_characters, segmentation_characters

ROOT = Path(__file__).resolve().parents[1]
# The sample issues: shared/ beside the clone, else the copies kept in content/.
SAMPLES = sorted((ROOT / "content" / "sources").glob("*.txt"))
SAMPLE_LINES = [line for path in SAMPLES for line in decode(path.read_bytes(), path.name).text.split("\n")]
TRICKY = ["1. 主要领导接访", "# 标题", "- 列表", "---", "> 引用", "<b>粗</b>", "a*b*c", "PM_{2.5}",
          "&amp;", "\\", "`code`", "[链接](x)", "  缩进", "\t制表", "key: value", "{a: 1}", "'引号'",
          "\"双引号\"", "——访某某", "(上接第1版)", "(下转第2版)", "本报讯 ", "特此通知", "(王 涛)",
          "记者 王勇", "王韵菲 摄", "迎 泽 区", "通知", "2022年7月26日", "\u3000", "\ufeff", "①", "\u2028"]

_issue_line = st.one_of(st.sampled_from(SAMPLE_LINES or ["正文。"]), st.sampled_from(TRICKY),
                        st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=40))
issues = st.lists(_issue_line, max_size=60).map("\n".join)


def assert_nothing_lost(text: str) -> None:
    lost, extra = difference(raw_characters(text), segmentation_characters(segment_issue(text)))
    assert not lost and not extra, (lost, extra)


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name[:3])
def test_every_character_of_a_sample_issue_is_written_exactly_once(path):
    assert_nothing_lost(decode(path.read_bytes(), path.name).text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(issues)
def test_every_character_of_a_generated_issue_is_written_exactly_once(text):
    assert_nothing_lost(text)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=400))
def test_garbage_bytes_are_either_refused_or_imported_without_loss(data):
    try:
        text = decode(data, "garbage.txt").text
    except UnreadableInput as exc:
        assert "garbage.txt" in str(exc)
        return
    assert_nothing_lost(text)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(issues.filter(lambda t: t.strip()))
def test_the_files_written_to_disk_hold_every_character_exactly_once(tmp_path_factory, text):
    content = tmp_path_factory.mktemp("content")
    raw = content.parent / "2022-07-28.txt"
    raw.write_text(text, encoding="utf-8")
    try:
        import_files([raw], content=content)
    except ImportFailed:
        return  # refused as unreadable: nothing to check
    lost, extra = check_content(content, "sources/2022-07-28.txt", decode(raw.read_bytes(), "x").text)
    assert not lost and not extra, (lost, extra)
