"""Articles printed twice: marked by the importer, warned about by `check`."""

from __future__ import annotations

from baoku.importer.duplicates import same_text, unmarked_copies

TEXT = "本报北京9月19日电  （记者艾琳）　国铁集团19日公布国庆假期运输方案，预计发送旅客一亿七千万人次。铁路部门将加开旅客列车。"


def test_two_articles_of_one_issue_with_one_title_and_nearly_one_text_are_warned_about():
    warnings = unmarked_copies([
        ("2024/09/20/04", "2024-09-20", "全国铁路国庆假期运输方案公布", TEXT, ""),
        ("2024/09/20/17", "2024-09-20", "全国铁路国庆假期运输方案公布", TEXT.replace("。铁路", "。\n\n铁路"), ""),
    ])
    assert warnings == [
        ("articles/2024/09/20/17.md: same title '全国铁路国庆假期运输方案公布' and nearly the same text as "
        "articles/2024/09/20/04.md; if the paper printed it twice, set 'repeats: 2024/09/20/04' in the later copy")]


def test_a_copy_already_marked_other_days_and_other_texts_are_not_warned_about():
    assert unmarked_copies([
        ("2024/09/20/04", "2024-09-20", "全国铁路国庆假期运输方案公布", TEXT, ""),
        ("2024/09/20/17", "2024-09-20", "全国铁路国庆假期运输方案公布", TEXT, "2024/09/20/04"),
        ("2024/09/21/02", "2024-09-21", "全国铁路国庆假期运输方案公布", TEXT, ""),
        ("2024/09/20/09", "2024-09-20", "通告", "亲贤村城中村改造项目地块二项目，现决定更换物业公司。", ""),
        ("2024/09/20/10", "2024-09-20", "通告", "朝阳街同人购物中心六层西北角艺翎射箭馆正式闭店。", ""),
    ]) == []


def test_texts_of_very_different_length_are_not_the_same():
    assert same_text(TEXT, TEXT) and not same_text(TEXT, TEXT + TEXT)
