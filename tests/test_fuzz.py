"""Fuzzing: whatever an editor or a raw dump holds, baoku answers with a list of problems,
never a traceback."""

from __future__ import annotations

import datetime as dt
import string
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from baoku.content import FIELDS, load_articles
from baoku.errors import Problem
from baoku.importer.api import ImportFailed, import_files

_CHARS = st.sampled_from(
    list("本报讯记者太原市社区食堂——（）《》“”，。、；：？！·…\n\t ") + list(string.printable)
    + ["\x00", "\x0c", "\x1b", "\x85", "\u3000", "\ufeff", "\u2028", "\ud7ff", "𠀀", "#", "<", ">", "&"])
_TEXT = st.text(_CHARS, max_size=80)
_VALUE = st.one_of(_TEXT, st.integers(-5, 10**12), st.booleans(), st.none(),
                   st.lists(_TEXT, max_size=3), st.sampled_from(["2022-07-28", "2022-02-30", "20220728",
                                                                  "'2022-07-28'", "[a, b", "{x: 1}", "|", ">-"]))
_KEYS = st.sampled_from([*FIELDS, "titel", "autors", "", "date ", "-", "? x"])


def _front(pairs: list[tuple[str, object]]) -> str:
    return "".join(f"{key}: {value!r}\n" if not isinstance(value, str) else f"{key}: {value}\n"
                   for key, value in pairs)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pairs=st.lists(st.tuples(_KEYS, _VALUE), max_size=8), body=_TEXT,
       fence=st.sampled_from(["---\n", "---\r\n", "", "--- \n", "\ufeff---\n"]))
def test_any_article_file_gives_an_article_or_problems_never_a_traceback(pairs: list[tuple[str, object]],
                                                                         body: str, fence: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "articles" / "2022" / "07" / "28" / "01.md"
        path.parent.mkdir(parents=True)
        path.write_bytes(f"{fence}{_front(pairs)}---\n\n{body}".encode("utf-8", "surrogatepass"))
        loaded = load_articles(Path(folder), workers=1)
    assert len(loaded.articles) + bool(loaded.problems) >= 1
    assert all(isinstance(p, Problem) and p.path == "articles/2022/07/28/01.md" for p in loaded.problems)
    for article in loaded.articles:
        assert article.title and article.date == dt.date(2022, 7, 28)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines=st.lists(st.one_of(_TEXT, st.sampled_from([
    "本报讯（记者 弓凤飞）", "（上接第1版）", "（下转第2版）", "第01版", "要闻", "本报北京2月4日电  （记者 王某）",
    "问“细”于民见初心（今日谈）", "核心阅读", "——习近平", "第一章 总 则", "一、总体要求", "王韵菲 摄",
    "（作者为北京大学教授）", "版式设计：张某", ""])), max_size=40),
       encoding=st.sampled_from(["utf-8", "gb18030", "utf-16", "latin-1"]))
def test_any_raw_issue_imports_or_is_refused_with_problems_never_a_traceback(lines: list[str],
                                                                            encoding: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        raw = Path(folder) / "issue.txt"
        raw.write_bytes("\n".join(lines).encode(encoding, "replace"))
        content = Path(folder) / "content"
        try:
            import_files([raw], content=content, date=dt.date(2022, 7, 28))
        except ImportFailed as failed:
            assert failed.problems and all(isinstance(p, str) and p for p in failed.problems)
            assert not (content / "articles").exists()
            return
        if (content / "articles").exists():  # a dump with no story writes none
            assert load_articles(content, workers=1).problems == ()
